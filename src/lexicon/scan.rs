//! Matching compiled once per lexicon set, then run over a whole transcript in one pass per matcher.
//!
//! All segments are normalised into one buffer separated by `\n` (nothing matches across it), and
//! four kinds of candidate are collected per lexicon:
//! 1. exact: every term and `sounds_like` variant, one Aho-Corasick automaton, overlapping search,
//!    kept only on word boundaries;
//! 2. joined: the same entries with their spaces removed, against the words with their spaces
//!    removed, so "idem potency" or "dynamo db" find `idempotency` / `dynamodb` and "loadbalancer"
//!    finds `load balancer`. A joined match must start and end on word edges, and either be at
//!    least [`JOIN_MIN`] letters or lie inside one word (so "red is" is never `redis`);
//! 3. regex patterns;
//! 4. fuzzy: a word or two adjacent words joined, against entries of at least [`FUZZY_MIN`]
//!    letters with the same first letter, edit distance ≤ 1 (≤ 2 from [`FUZZY_WIDE`] letters).
//!    Candidates come from a (first letter, length) index and a letter-set filter, so only near
//!    misses ever reach the edit-distance computation.
//!
//! Per lexicon, exact/joined/regex candidates are chosen leftmost-longest without overlap; fuzzy
//! ones fill only the gaps they leave.

use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::Regex;

use super::normalize::{Normalized, Normalizer};
use super::schema::Lexicon;

/// Joined matches spanning several words need at least this many letters.
pub const JOIN_MIN: usize = 7;
/// Shortest entry that may match with one edit.
pub const FUZZY_MIN: usize = 7;
/// Shortest entry that may match with two edits.
pub const FUZZY_WIDE: usize = 11;
/// Longest window compared by the fuzzy matcher.
const FUZZY_MAX: usize = 40;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Owner {
    lex: u32,
    canon: u32,
}

/// How a candidate was found; also its priority in selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    /// A lexicon's `exceptions` entry: blocks the lexicon's hits that overlap it, never reported.
    Exception,
    /// Exact, joined or regex.
    Exact,
    Fuzzy,
}

/// A match before selection, in normalised-buffer bytes.
#[derive(Debug, Clone, Copy)]
struct Cand {
    owner: Owner,
    start: usize,
    end: usize,
    class: Class,
}

/// Owner canon of an exception entry.
const EXCEPTION: u32 = u32::MAX;

/// A selected match mapped back to its segment's original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub lex: usize,
    pub canon: usize,
    pub segment: usize,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone)]
struct FuzzyEntry {
    key: Vec<u8>,
    mask: u32,
    owners: Vec<Owner>,
}

#[derive(Debug, Clone)]
pub struct Matcher {
    canon: Vec<String>,
    exact: AhoCorasick,
    exact_owners: Vec<Vec<Owner>>,
    joined: AhoCorasick,
    /// Per joined key: its owners and whether it may span several words.
    joined_keys: Vec<(Vec<Owner>, bool)>,
    fuzzy: Vec<FuzzyEntry>,
    /// Entry indices by (first-letter slot, length).
    fuzzy_buckets: Vec<Vec<u32>>,
    /// Per lexicon: fuzzy matching allowed.
    fuzzy_on: Vec<bool>,
    patterns: Vec<(Owner, Regex)>,
}

fn slot(b: u8) -> Option<usize> {
    match b {
        b'a'..=b'z' => Some((b - b'a') as usize),
        b'0'..=b'9' => Some(26 + (b - b'0') as usize),
        _ => None,
    }
}
const SLOTS: usize = 36;

fn bucket(first: u8, len: usize) -> Option<usize> {
    (len <= FUZZY_MAX).then_some(())?;
    Some(slot(first)? * (FUZZY_MAX + 1) + len)
}

fn letter_mask(s: &[u8]) -> u32 {
    s.iter().fold(0u32, |m, &b| match b {
        b'a'..=b'z' => m | 1 << (b - b'a'),
        b'0'..=b'9' => m | 1 << 26,
        _ => m | 1 << 27,
    })
}

fn allowed_edits(len: usize) -> usize {
    if len >= FUZZY_WIDE {
        2
    } else if len >= FUZZY_MIN {
        1
    } else {
        0
    }
}

/// Levenshtein distance if it is ≤ `k`, computed row by row with an early exit.
fn bounded_edit_distance(a: &[u8], b: &[u8], k: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > k || b.len() > FUZZY_MAX || a.len() > FUZZY_MAX {
        return None;
    }
    let mut prev = [0usize; FUZZY_MAX + 1];
    let mut cur = [0usize; FUZZY_MAX + 1];
    for (j, p) in prev.iter_mut().enumerate().take(b.len() + 1) {
        *p = j;
    }
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, &cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            let v = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
            cur[j + 1] = v;
            row_min = row_min.min(v);
        }
        if row_min > k {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= k).then_some(d)
}

fn is_word_key(key: &str) -> bool {
    key.split(' ').all(|w| {
        w.chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '\'')
    })
}

fn alnum_before(text: &str, at: usize) -> bool {
    text.get(..at)
        .and_then(|s| s.chars().next_back())
        .is_some_and(char::is_alphanumeric)
}

fn alnum_after(text: &str, at: usize) -> bool {
    text.get(at..)
        .and_then(|s| s.chars().next())
        .is_some_and(char::is_alphanumeric)
}

fn on_word_edges(text: &str, start: usize, end: usize) -> bool {
    let first = text.get(start..).and_then(|s| s.chars().next());
    let last = text.get(..end).and_then(|s| s.chars().next_back());
    (!first.is_some_and(char::is_alphanumeric) || !alnum_before(text, start))
        && (!last.is_some_and(char::is_alphanumeric) || !alnum_after(text, end))
}

fn build_ac(keys: &[&str]) -> Result<AhoCorasick, String> {
    AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::DFA))
        .build(keys)
        .or_else(|_| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(keys)
        })
        .map_err(|e| format!("cannot build the term automaton: {e}"))
}

/// A word of the normalised buffer.
#[derive(Debug, Clone, Copy)]
struct WordTok {
    start: usize,
    end: usize,
    /// The next word follows directly (no punctuation or segment break between).
    joins_next: bool,
}

impl Matcher {
    pub fn compile(lexicons: &[Lexicon]) -> Result<Matcher, String> {
        let mut canon: Vec<String> = Vec::new();
        let mut canon_ix: BTreeMap<String, u32> = BTreeMap::new();
        let mut intern = |s: &str| -> u32 {
            if let Some(&i) = canon_ix.get(s) {
                return i;
            }
            let i = canon.len() as u32;
            canon.push(s.to_string());
            canon_ix.insert(s.to_string(), i);
            i
        };
        let mut keys: BTreeMap<String, Vec<Owner>> = BTreeMap::new();
        let mut patterns = Vec::new();
        let mut fuzzy_on = Vec::new();
        for (li, lx) in lexicons.iter().enumerate() {
            let lex = li as u32;
            for t in &lx.terms {
                let owner = Owner {
                    lex,
                    canon: intern(t),
                };
                keys.entry(super::normalize::normalize(t).text)
                    .or_default()
                    .push(owner);
                for v in lx.sounds_like.get(t).into_iter().flatten() {
                    keys.entry(super::normalize::normalize(v).text)
                        .or_default()
                        .push(owner);
                }
            }
            for p in &lx.patterns {
                patterns.push((
                    Owner {
                        lex,
                        canon: intern(&p.name),
                    },
                    p.regex.clone(),
                ));
            }
            for e in &lx.exceptions {
                keys.entry(e.clone()).or_default().push(Owner {
                    lex,
                    canon: EXCEPTION,
                });
            }
            fuzzy_on.push(lx.fuzzy);
        }
        for owners in keys.values_mut() {
            owners.sort();
            owners.dedup();
        }

        let mut joined_map: BTreeMap<String, (Vec<Owner>, bool)> = BTreeMap::new();
        for (key, owners) in &keys {
            if !is_word_key(key) {
                continue;
            }
            let spaceless = key.replace(' ', "");
            let long = spaceless.chars().count() >= JOIN_MIN;
            if !long && !key.contains(' ') {
                continue;
            }
            let owners: Vec<Owner> = owners
                .iter()
                .copied()
                .filter(|o| o.canon != EXCEPTION)
                .collect();
            if owners.is_empty() {
                continue;
            }
            let e = joined_map
                .entry(spaceless)
                .or_insert_with(|| (Vec::new(), long));
            e.0.extend(owners);
        }
        for (owners, _) in joined_map.values_mut() {
            owners.sort();
            owners.dedup();
        }

        let mut fuzzy = Vec::new();
        let mut fuzzy_buckets = vec![Vec::new(); SLOTS * (FUZZY_MAX + 1)];
        for (spaceless, (owners, _)) in &joined_map {
            let bytes = spaceless.as_bytes();
            let owners: Vec<Owner> = owners
                .iter()
                .copied()
                .filter(|o| fuzzy_on.get(o.lex as usize) == Some(&true))
                .collect();
            if owners.is_empty()
                || bytes.len() < FUZZY_MIN
                || !bytes.iter().all(u8::is_ascii_alphanumeric)
            {
                continue;
            }
            let Some(b) = bytes.first().and_then(|&f| bucket(f, bytes.len())) else {
                continue;
            };
            fuzzy_buckets[b].push(fuzzy.len() as u32);
            fuzzy.push(FuzzyEntry {
                key: bytes.to_vec(),
                mask: letter_mask(bytes),
                owners,
            });
        }

        let key_list: Vec<&str> = keys.keys().map(String::as_str).collect();
        let exact = build_ac(&key_list)?;
        let joined_list: Vec<&str> = joined_map.keys().map(String::as_str).collect();
        let joined = build_ac(&joined_list)?;
        Ok(Matcher {
            canon,
            exact,
            exact_owners: keys.into_values().collect(),
            joined,
            joined_keys: joined_map.into_values().collect(),
            fuzzy,
            fuzzy_buckets,
            fuzzy_on,
            patterns,
        })
    }

    pub fn canon(&self, i: usize) -> &str {
        self.canon.get(i).map_or("", String::as_str)
    }

    /// All selected matches in `segments`, in no particular order.
    pub fn find<'a>(&self, segments: impl Iterator<Item = &'a str>) -> Vec<Found> {
        let mut doc = Normalized::default();
        let mut nz = Normalizer::default();
        let mut seg_starts = Vec::new();
        for (i, text) in segments.enumerate() {
            if i > 0 {
                nz.push_break(&mut doc);
            }
            seg_starts.push(doc.len());
            nz.push(text, &mut doc);
        }
        let text = doc.text.as_str();
        let mut cands: Vec<Cand> = Vec::new();

        for m in self.exact.find_overlapping_iter(text) {
            if !on_word_edges(text, m.start(), m.end()) {
                continue;
            }
            for &owner in self
                .exact_owners
                .get(m.pattern().as_usize())
                .into_iter()
                .flatten()
            {
                let class = if owner.canon == EXCEPTION {
                    Class::Exception
                } else {
                    Class::Exact
                };
                cands.push(Cand {
                    owner,
                    start: m.start(),
                    end: m.end(),
                    class,
                });
            }
        }

        for (owner, re) in &self.patterns {
            for m in re.find_iter(text) {
                let (s, e) = trim_spaces(text, m.start(), m.end());
                if s < e && on_word_edges(text, s, e) && !text[s..e].contains('\n') {
                    cands.push(Cand {
                        owner: *owner,
                        start: s,
                        end: e,
                        class: Class::Exact,
                    });
                }
            }
        }

        let words = word_tokens(text);
        self.joined_pass(text, &words, &mut cands);
        self.fuzzy_pass(text, &words, &mut cands);

        let chosen = select(cands);
        let mut out = Vec::with_capacity(chosen.len());
        for c in chosen {
            let seg = seg_starts
                .partition_point(|&s| s <= c.start)
                .saturating_sub(1);
            let seg_end = seg_starts
                .get(seg + 1)
                .map_or(text.len(), |&n| n.saturating_sub(1));
            if c.end > seg_end {
                continue;
            }
            let Some((start, end)) = doc.source_span(c.start, c.end) else {
                continue;
            };
            out.push(Found {
                lex: c.owner.lex as usize,
                canon: c.owner.canon as usize,
                segment: seg,
                start,
                end,
            });
        }
        out
    }

    fn joined_pass(&self, text: &str, words: &[WordTok], cands: &mut Vec<Cand>) {
        // Words with the spaces between them removed; a break byte where words do not join.
        let mut jtext = String::with_capacity(text.len());
        let mut jmap: Vec<usize> = Vec::with_capacity(text.len());
        let mut word_of: Vec<u32> = Vec::with_capacity(text.len());
        let mut starts: Vec<bool> = Vec::with_capacity(text.len() + 1);
        for (wi, w) in words.iter().enumerate() {
            let Some(s) = text.get(w.start..w.end) else {
                continue;
            };
            jtext.push_str(s);
            for (k, _) in s.bytes().enumerate() {
                jmap.push(w.start + k);
                word_of.push(wi as u32);
                starts.push(k == 0);
            }
            if !w.joins_next {
                jtext.push('\n');
                jmap.push(w.end);
                word_of.push(u32::MAX);
                starts.push(false);
            }
        }
        starts.push(false);
        let word_end = |at: usize| -> bool {
            at == jtext.len()
                || jtext.as_bytes().get(at) == Some(&b'\n')
                || starts.get(at) == Some(&true)
        };
        for m in self.joined.find_overlapping_iter(&jtext) {
            let (a, b) = (m.start(), m.end());
            if !starts.get(a).copied().unwrap_or(false) || !word_end(b) {
                continue;
            }
            let Some((owners, long)) = self.joined_keys.get(m.pattern().as_usize()) else {
                continue;
            };
            let (Some(&wa), Some(&wb)) = (word_of.get(a), word_of.get(b - 1)) else {
                continue;
            };
            if wa == u32::MAX || wb == u32::MAX || (!long && wa != wb) {
                continue;
            }
            let (Some(&ns), Some(&ne)) = (jmap.get(a), jmap.get(b - 1)) else {
                continue;
            };
            for &owner in owners {
                cands.push(Cand {
                    owner,
                    start: ns,
                    end: ne + 1,
                    class: Class::Exact,
                });
            }
        }
    }

    fn fuzzy_pass(&self, text: &str, words: &[WordTok], cands: &mut Vec<Cand>) {
        if self.fuzzy.is_empty() {
            return;
        }
        let mut buf: Vec<u8> = Vec::with_capacity(FUZZY_MAX);
        for (i, w) in words.iter().enumerate() {
            let pair = words.get(i + 1).filter(|_| w.joins_next);
            for second in [None, pair] {
                buf.clear();
                let Some(first) = text.as_bytes().get(w.start..w.end) else {
                    continue;
                };
                buf.extend_from_slice(first);
                let end = match second {
                    Some(n) => {
                        let Some(more) = text.as_bytes().get(n.start..n.end) else {
                            continue;
                        };
                        buf.extend_from_slice(more);
                        n.end
                    }
                    None => w.end,
                };
                if buf.len() < FUZZY_MIN
                    || buf.len() > FUZZY_MAX + 2
                    || !buf.iter().all(u8::is_ascii_alphanumeric)
                {
                    continue;
                }
                self.fuzzy_window(&buf, w.start, end, cands);
            }
        }
    }

    fn fuzzy_window(&self, window: &[u8], start: usize, end: usize, cands: &mut Vec<Cand>) {
        let Some(&first) = window.first() else {
            return;
        };
        let mask = letter_mask(window);
        // Best entry per lexicon: (distance, entry index).
        let mut best: Vec<(u32, usize, usize)> = Vec::new();
        let lo = window.len().saturating_sub(2).max(FUZZY_MIN);
        for len in lo..=window.len() + 2 {
            let k = allowed_edits(len);
            if window.len().abs_diff(len) > k {
                continue;
            }
            let Some(b) = bucket(first, len) else {
                continue;
            };
            for &ei in self.fuzzy_buckets.get(b).into_iter().flatten() {
                let Some(e) = self.fuzzy.get(ei as usize) else {
                    continue;
                };
                if (mask ^ e.mask).count_ones() as usize > 2 * k || e.key == window {
                    continue;
                }
                let Some(d) = bounded_edit_distance(window, &e.key, k) else {
                    continue;
                };
                for o in &e.owners {
                    match best.iter_mut().find(|(lex, _, _)| *lex == o.lex) {
                        Some(slot) if (d, ei as usize) < (slot.1, slot.2) => {
                            *slot = (o.lex, d, ei as usize)
                        }
                        Some(_) => {}
                        None => best.push((o.lex, d, ei as usize)),
                    }
                }
            }
        }
        if best.is_empty() {
            return;
        }
        for (lex, _, ei) in best {
            if self.fuzzy_on.get(lex as usize) != Some(&true) {
                continue;
            }
            let Some(e) = self.fuzzy.get(ei) else {
                continue;
            };
            for &owner in e.owners.iter().filter(|o| o.lex == lex) {
                cands.push(Cand {
                    owner,
                    start,
                    end,
                    class: Class::Fuzzy,
                });
            }
        }
    }
}

fn trim_spaces(text: &str, mut s: usize, mut e: usize) -> (usize, usize) {
    let b = text.as_bytes();
    while s < e && b.get(s) == Some(&b' ') {
        s += 1;
    }
    while e > s && b.get(e - 1) == Some(&b' ') {
        e -= 1;
    }
    (s, e)
}

/// Words of the normalised buffer (tokens holding a letter or digit), noting which follow directly.
fn word_tokens(text: &str) -> Vec<WordTok> {
    let mut out: Vec<WordTok> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut prev_joinable = false;
    while i < bytes.len() {
        match bytes.get(i) {
            Some(b' ') => {
                i += 1;
                continue;
            }
            Some(b'\n') => {
                prev_joinable = false;
                i += 1;
                continue;
            }
            _ => {}
        }
        let start = i;
        while i < bytes.len() && bytes.get(i) != Some(&b' ') && bytes.get(i) != Some(&b'\n') {
            i += 1;
        }
        let tok = text.get(start..i).unwrap_or("");
        if tok.chars().any(char::is_alphanumeric) {
            if let Some(last) = out.last_mut() {
                last.joins_next = prev_joinable;
            }
            out.push(WordTok {
                start,
                end: i,
                joins_next: false,
            });
            prev_joinable = true;
        } else {
            prev_joinable = false;
        }
    }
    out
}

/// Leftmost-longest per lexicon, no overlaps, nothing overlapping one of the lexicon's exceptions;
/// fuzzy candidates only where nothing else matched.
fn select(mut cands: Vec<Cand>) -> Vec<Cand> {
    cands.sort_by(|a, b| {
        (
            a.owner.lex,
            a.class,
            a.start,
            std::cmp::Reverse(a.end),
            a.owner.canon,
        )
            .cmp(&(
                b.owner.lex,
                b.class,
                b.start,
                std::cmp::Reverse(b.end),
                b.owner.canon,
            ))
    });
    let mut out: Vec<Cand> = Vec::with_capacity(cands.len());
    let mut blocked: Vec<(usize, usize)> = Vec::new();
    let mut lex_first = 0; // index in `out` where the current lexicon begins
    let mut lex: Option<u32> = None;
    for c in cands {
        if lex != Some(c.owner.lex) {
            lex = Some(c.owner.lex);
            lex_first = out.len();
            blocked.clear();
        }
        let overlaps = |s: usize, e: usize| s < c.end && c.start < e;
        if blocked.iter().any(|&(s, e)| overlaps(s, e)) {
            continue;
        }
        let mine = out.get(lex_first..).unwrap_or_default();
        let clash = match c.class {
            Class::Exception => {
                blocked.push((c.start, c.end));
                continue;
            }
            Class::Exact => mine.last().is_some_and(|k| c.start < k.end),
            Class::Fuzzy => mine.iter().any(|k| overlaps(k.start, k.end)),
        };
        if !clash {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_bounds() {
        assert_eq!(
            bounded_edit_distance(b"kubernetis", b"kubernetes", 1),
            Some(1)
        );
        assert_eq!(bounded_edit_distance(b"kubernetis", b"kubernetes", 0), None);
        assert_eq!(
            bounded_edit_distance(b"idempotensy", b"idempotency", 2),
            Some(1)
        );
        assert_eq!(bounded_edit_distance(b"abcdefg", b"gfedcba", 2), None);
        assert_eq!(bounded_edit_distance(b"casandra", b"cassandra", 1), Some(1));
    }

    #[test]
    fn letter_mask_filter_is_a_lower_bound() {
        // One substitution changes the letter set by at most two letters.
        let a = letter_mask(b"replication");
        let b = letter_mask(b"replicasion");
        assert!((a ^ b).count_ones() <= 2);
    }

    #[test]
    fn word_tokens_stop_joining_at_punctuation_and_breaks() {
        let w = word_tokens("idem potency , dynamo\ndb");
        assert_eq!(w.len(), 4);
        assert!(w[0].joins_next);
        assert!(!w[1].joins_next);
        assert!(!w[2].joins_next);
    }

    #[test]
    fn selection_is_leftmost_longest_per_lexicon() {
        let o = |lex, canon| Owner { lex, canon };
        let c = |owner, start, end, class| Cand {
            owner,
            start,
            end,
            class,
        };
        let got = select(vec![
            c(o(0, 1), 0, 5, Class::Exact),
            c(o(0, 2), 0, 12, Class::Exact),
            c(o(0, 3), 6, 12, Class::Exact),
            c(o(1, 1), 0, 5, Class::Exact),
            c(o(0, 4), 10, 20, Class::Fuzzy),
            c(o(0, 5), 13, 20, Class::Fuzzy),
            c(o(1, EXCEPTION), 30, 40, Class::Exception),
            c(o(1, 2), 35, 38, Class::Exact),
            c(o(1, 3), 41, 45, Class::Exact),
        ]);
        let spans: Vec<(u32, usize, usize)> =
            got.iter().map(|c| (c.owner.lex, c.start, c.end)).collect();
        assert_eq!(spans, vec![(0, 0, 12), (0, 13, 20), (1, 0, 5), (1, 41, 45)]);
    }
}
