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
//! 4. fuzzy: a word, or two adjacent words joined (neither a function word), against entries of at
//!    least [`FUZZY_MIN`] letters with the same first two letters, edit distance ≤ 1 (≤ 2 from
//!    [`FUZZY_WIDE`] letters). Candidates come from an index by first two letters sorted by
//!    length, then a letter-set filter, so only near misses reach the (banded) edit distance.
//!
//! 5. sound-alike: a run of 1–4 words with the Double Metaphone key of an entry, with the guards
//!    of [`super::phonetic`] ("summer I is" is `summarize`, "cough ka" `kafka`).
//!
//! Per lexicon, exact/joined/regex candidates are chosen leftmost-longest without overlap; fuzzy
//! ones fill only the gaps they leave, and sound-alike ones the gaps left after those.

use std::collections::{BTreeMap, HashMap};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::Regex;

use super::distance::{bounded_edit_distance, FUZZY_MAX};
use super::normalize::{Normalized, Normalizer};
use super::phonetic::SoundIndex;
use super::schema::Lexicon;

/// Joined matches spanning several words need at least this many letters.
pub const JOIN_MIN: usize = 7;
/// Shortest entry that may match with one edit.
pub const FUZZY_MIN: usize = 7;
/// Shortest entry that may match with two edits.
pub const FUZZY_WIDE: usize = 11;

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
    /// Sounds like an entry (`super::phonetic`).
    Sound,
}

/// Which stage found a match, for measuring what each stage adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// The entry's spelling: exact, joined or a pattern.
    Spelling,
    /// Within one or two edits of the spelling.
    Fuzzy,
    /// Sounds like the entry.
    Sound,
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
    pub stage: Stage,
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
    /// Sorted by (first-two-letter slot, length, key).
    fuzzy: Vec<FuzzyEntry>,
    /// Per first-two-letter slot: the range of `fuzzy` holding its entries.
    fuzzy_ranges: Vec<(u32, u32)>,
    patterns: Vec<PatternGroup>,
    sound: SoundIndex,
    /// Owner lists of the sound-alike entries (indexed by `SoundMatch::owners`).
    sound_owners: Vec<Vec<Owner>>,
}

fn slot(b: u8) -> Option<usize> {
    match b {
        b'a'..=b'z' => Some((b - b'a') as usize),
        b'0'..=b'9' => Some(26 + (b - b'0') as usize),
        _ => None,
    }
}
const SLOTS: usize = 36;

/// Index of a key's first two letters; `None` for keys that start otherwise.
fn prefix_slot(key: &[u8]) -> Option<usize> {
    Some(slot(*key.first()?)? * SLOTS + slot(*key.get(1)?)?)
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

/// Function words: a word pair holding one is never a split technical term, so the fuzzy matcher
/// skips it (most pairs in speech have one, which keeps the fuzzy pass cheap). Sorted.
const STOPWORDS: &[&str] = &[
    "a", "about", "all", "an", "and", "are", "as", "at", "be", "but", "by", "can", "could", "do",
    "for", "from", "have", "i", "if", "in", "is", "it", "its", "just", "like", "not", "of", "on",
    "one", "or", "our", "so", "that", "the", "them", "then", "there", "they", "this", "to", "we",
    "what", "when", "which", "will", "with", "would", "you",
];

/// One lexicon's patterns as a single alternation (one pass over the text), plus each pattern
/// anchored, to tell which one matched and how far it reaches.
#[derive(Debug, Clone)]
struct PatternGroup {
    lex: u32,
    combined: Regex,
    members: Vec<(u32, Regex)>,
}

fn build_group(lex: u32, members: Vec<(u32, &Regex)>) -> Result<PatternGroup, String> {
    let build = |src: String| {
        regex::RegexBuilder::new(&src)
            .case_insensitive(true)
            .size_limit(1 << 24)
            .build()
            .map_err(|e| format!("cannot build the pattern matcher: {e}"))
    };
    let alternation: Vec<String> = members
        .iter()
        .map(|(_, r)| format!("(?:{})", r.as_str()))
        .collect();
    let combined = build(alternation.join("|"))?;
    let members = members
        .into_iter()
        .map(|(canon, r)| Ok((canon, build(format!("^(?:{})", r.as_str()))?)))
        .collect::<Result<Vec<_>, String>>()?;
    Ok(PatternGroup {
        lex,
        combined,
        members,
    })
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
        // Normalised entry → owners the sound-alike stage may report for it.
        let mut sound_keys: BTreeMap<String, Vec<Owner>> = BTreeMap::new();
        for (li, lx) in lexicons.iter().enumerate() {
            let lex = li as u32;
            for t in &lx.terms {
                let owner = Owner {
                    lex,
                    canon: intern(t),
                };
                let by_sound = lx.phonetic && !lx.phonetic_except.contains(t);
                let entries = std::iter::once(t).chain(lx.sounds_like.get(t).into_iter().flatten());
                for entry in entries {
                    let key = super::normalize::normalize(entry).text;
                    if by_sound {
                        sound_keys.entry(key.clone()).or_default().push(owner);
                    }
                    keys.entry(key).or_default().push(owner);
                }
            }
            if !lx.patterns.is_empty() {
                let members = lx
                    .patterns
                    .iter()
                    .map(|p| (intern(&p.name), &p.regex))
                    .collect();
                patterns.push(build_group(lex, members)?);
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

        let mut fuzzy: Vec<(usize, FuzzyEntry)> = Vec::new();
        for (spaceless, (owners, _)) in &joined_map {
            let bytes = spaceless.as_bytes();
            let owners: Vec<Owner> = owners
                .iter()
                .copied()
                .filter(|o| fuzzy_on.get(o.lex as usize) == Some(&true))
                .collect();
            if owners.is_empty()
                || bytes.len() < FUZZY_MIN
                || bytes.len() > FUZZY_MAX
                || !bytes.iter().all(u8::is_ascii_alphanumeric)
            {
                continue;
            }
            let Some(p) = prefix_slot(bytes) else {
                continue;
            };
            fuzzy.push((
                p,
                FuzzyEntry {
                    key: bytes.to_vec(),
                    mask: letter_mask(bytes),
                    owners,
                },
            ));
        }
        fuzzy.sort_by(|(pa, a), (pb, b)| (pa, a.key.len(), &a.key).cmp(&(pb, b.key.len(), &b.key)));
        let mut fuzzy_ranges = vec![(0u32, 0u32); SLOTS * SLOTS];
        for (i, (p, _)) in fuzzy.iter().enumerate() {
            if let Some(r) = fuzzy_ranges.get_mut(*p) {
                if r.1 == 0 {
                    r.0 = i as u32;
                }
                r.1 = i as u32 + 1;
            }
        }
        let fuzzy: Vec<FuzzyEntry> = fuzzy.into_iter().map(|(_, e)| e).collect();

        let mut sound_owners: Vec<Vec<Owner>> = Vec::with_capacity(sound_keys.len());
        let mut sound_entries: Vec<(&str, usize)> = Vec::with_capacity(sound_keys.len());
        for (entry, owners) in &mut sound_keys {
            owners.sort();
            owners.dedup();
            sound_entries.push((entry.as_str(), sound_owners.len()));
            sound_owners.push(std::mem::take(owners));
        }
        let sound = SoundIndex::new(sound_entries);

        // Entries are searched as ` entry`: every word of the buffer follows a space, so the
        // automaton only ever reports matches that start on a word.
        let spaced: Vec<String> = keys.keys().map(|k| format!(" {k}")).collect();
        let key_list: Vec<&str> = spaced.iter().map(String::as_str).collect();
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
            fuzzy_ranges,
            patterns,
            sound,
            sound_owners,
        })
    }

    pub fn canon(&self, i: usize) -> &str {
        self.canon.get(i).map_or("", String::as_str)
    }

    /// All selected matches in `segments`, in no particular order.
    pub fn find<'a>(&self, segments: impl Iterator<Item = &'a str> + Clone) -> Vec<Found> {
        let (bytes, count) = segments
            .clone()
            .fold((0, 0), |(b, n), s| (b + s.len(), n + 1));
        let mut doc = Normalized::with_capacity(bytes + bytes / 8 + 2 * count + 16);
        let mut nz = Normalizer::default();
        let mut seg_starts = Vec::new();
        for (i, text) in segments.enumerate() {
            if i > 0 {
                nz.push_break(&mut doc);
            }
            nz.push_space(&mut doc);
            seg_starts.push(doc.len());
            nz.push(text, &mut doc);
        }
        let text = doc.text.as_str();
        let mut cands: Vec<Cand> = Vec::new();

        for m in self.exact.find_overlapping_iter(text) {
            let start = m.start() + 1;
            if alnum_after(text, m.end()) {
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
                    start,
                    end: m.end(),
                    class,
                });
            }
        }

        for group in &self.patterns {
            for m in group.combined.find_iter(text) {
                let Some(rest) = text.get(m.start()..) else {
                    continue;
                };
                // The longest member match at this start that lies on word edges.
                let mut best: Option<(usize, usize, u32)> = None;
                for (canon, anchored) in &group.members {
                    let Some(a) = anchored.find(rest) else {
                        continue;
                    };
                    let (s, e) = trim_spaces(text, m.start() + a.start(), m.start() + a.end());
                    let fits = s < e && on_word_edges(text, s, e) && !text[s..e].contains('\n');
                    if fits && best.is_none_or(|(_, be, _)| e > be) {
                        best = Some((s, e, *canon));
                    }
                }
                if let Some((start, end, canon)) = best {
                    cands.push(Cand {
                        owner: Owner {
                            lex: group.lex,
                            canon,
                        },
                        start,
                        end,
                        class: Class::Exact,
                    });
                }
            }
        }

        let words = word_tokens(text);
        self.joined_pass(text, &words, &mut cands);
        self.fuzzy_pass(text, &words, &mut cands);
        self.sound_pass(text, &words, &mut cands);

        let chosen = select(cands);
        let mut out = Vec::with_capacity(chosen.len());
        for c in chosen {
            let seg = seg_starts
                .partition_point(|&s| s <= c.start)
                .saturating_sub(1);
            if text.get(c.start..c.end).is_none_or(|m| m.contains('\n')) {
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
                stage: match c.class {
                    Class::Exception | Class::Exact => Stage::Spelling,
                    Class::Fuzzy => Stage::Fuzzy,
                    Class::Sound => Stage::Sound,
                },
            });
        }
        out
    }

    fn joined_pass(&self, text: &str, words: &[WordTok], cands: &mut Vec<Cand>) {
        // Words with the spaces between them removed; a break byte where words do not join.
        let mut jtext = String::with_capacity(text.len());
        // Offset in `jtext` of each word.
        let mut jstart: Vec<usize> = Vec::with_capacity(words.len());
        for w in words {
            jstart.push(jtext.len());
            jtext.push_str(text.get(w.start..w.end).unwrap_or(""));
            if !w.joins_next {
                jtext.push('\n');
            }
        }
        for m in self.joined.find_overlapping_iter(&jtext) {
            let (a, b) = (m.start(), m.end());
            let Ok(wa) = jstart.binary_search(&a) else {
                continue;
            };
            let wb = jstart.partition_point(|&s| s < b).saturating_sub(1);
            let (Some(first), Some(last), Some(&last_at)) =
                (words.get(wa), words.get(wb), jstart.get(wb))
            else {
                continue;
            };
            if last_at + (last.end - last.start) != b {
                continue;
            }
            let Some((owners, long)) = self.joined_keys.get(m.pattern().as_usize()) else {
                continue;
            };
            if !long && wa != wb {
                continue;
            }
            for &owner in owners {
                cands.push(Cand {
                    owner,
                    start: first.start,
                    end: last.end,
                    class: Class::Exact,
                });
            }
        }
    }

    fn fuzzy_pass(&self, text: &str, words: &[WordTok], cands: &mut Vec<Cand>) {
        if self.fuzzy.is_empty() {
            return;
        }
        let bytes = text.as_bytes();
        let word = |w: &WordTok| bytes.get(w.start..w.end).unwrap_or_default();
        // Per word: usable in a window (ASCII letters and digits) and not a function word.
        let usable: Vec<(bool, bool)> = words
            .iter()
            .map(|w| {
                let t = word(w);
                let alnum = t.iter().all(u8::is_ascii_alphanumeric);
                let stop = t.len() <= 5
                    && std::str::from_utf8(t).is_ok_and(|t| STOPWORDS.binary_search(&t).is_ok());
                (alnum, stop)
            })
            .collect();
        let mut buf: Vec<u8> = Vec::with_capacity(2 * FUZZY_MAX);
        // Speech repeats its words: each distinct window is compared once per scan.
        let mut singles: HashMap<&[u8], Vec<Owner>> = HashMap::new();
        let mut pairs: HashMap<(&[u8], &[u8]), Vec<Owner>> = HashMap::new();
        for (i, w) in words.iter().enumerate() {
            let (Some(&(alnum, stop)), first) = (usable.get(i), word(w)) else {
                continue;
            };
            if !alnum {
                continue;
            }
            if (FUZZY_MIN..=FUZZY_MAX).contains(&first.len()) {
                let owners = singles
                    .entry(first)
                    .or_insert_with(|| self.fuzzy_window(first));
                push_fuzzy(cands, owners, w.start, w.end);
            }
            let Some(n) = words.get(i + 1) else {
                continue;
            };
            let second = word(n);
            let next_ok = usable.get(i + 1).is_some_and(|&(a, s)| a && !s);
            let len = first.len() + second.len();
            if !w.joins_next || stop || !next_ok || !(FUZZY_MIN..=FUZZY_MAX).contains(&len) {
                continue;
            }
            // Cheap rejection before copying: no entry starts with these two letters.
            let two = [first.first(), first.get(1).or(second.first())];
            let slot = match two {
                [Some(&a), Some(&b)] => slot(a).zip(slot(b)).map(|(a, b)| a * SLOTS + b),
                _ => None,
            };
            if slot
                .and_then(|p| self.fuzzy_ranges.get(p))
                .is_none_or(|&(a, b)| a == b)
            {
                continue;
            }
            let owners = pairs.entry((first, second)).or_insert_with(|| {
                buf.clear();
                buf.extend_from_slice(first);
                buf.extend_from_slice(second);
                self.fuzzy_window(&buf)
            });
            push_fuzzy(cands, owners, w.start, n.end);
        }
    }

    fn sound_pass(&self, text: &str, words: &[WordTok], cands: &mut Vec<Cand>) {
        if self.sound.is_empty() {
            return;
        }
        let texts: Vec<&str> = words
            .iter()
            .map(|w| text.get(w.start..w.end).unwrap_or(""))
            .collect();
        let joins: Vec<bool> = words.iter().map(|w| w.joins_next).collect();
        for m in self.sound.find(&texts, &joins) {
            let (Some(first), Some(last)) = (words.get(m.first), words.get(m.last)) else {
                continue;
            };
            for &owner in self.sound_owners.get(m.owners).into_iter().flatten() {
                cands.push(Cand {
                    owner,
                    start: first.start,
                    end: last.end,
                    class: Class::Sound,
                });
            }
        }
    }

    /// The owners a window fuzzy-matches: per lexicon, those of its closest entry.
    fn fuzzy_window(&self, window: &[u8]) -> Vec<Owner> {
        let Some(&(a, b)) = prefix_slot(window).and_then(|p| self.fuzzy_ranges.get(p)) else {
            return Vec::new();
        };
        let entries = self.fuzzy.get(a as usize..b as usize).unwrap_or_default();
        let len = window.len();
        let from = entries.partition_point(|e| e.key.len() < len.saturating_sub(2));
        let to = entries.partition_point(|e| e.key.len() <= len + 2);
        let near = entries.get(from..to).unwrap_or_default();
        let mask = letter_mask(window);
        // Best entry per lexicon: (lexicon, distance, entry index).
        let mut best: Vec<(u32, usize, usize)> = Vec::new();
        for (i, e) in near.iter().enumerate() {
            let k = allowed_edits(e.key.len());
            if len.abs_diff(e.key.len()) > k || (mask ^ e.mask).count_ones() as usize > 2 * k {
                continue;
            }
            if e.mask == mask && e.key == window {
                // The window is an entry itself (matched exactly): no typo of another one.
                return Vec::new();
            }
            let Some(d) = bounded_edit_distance(window, &e.key, k) else {
                continue;
            };
            let ei = a as usize + from + i;
            for o in &e.owners {
                match best.iter_mut().find(|(lex, _, _)| *lex == o.lex) {
                    Some(slot) if (d, ei) < (slot.1, slot.2) => *slot = (o.lex, d, ei),
                    Some(_) => {}
                    None => best.push((o.lex, d, ei)),
                }
            }
        }
        let mut owners = Vec::new();
        for (lex, _, ei) in best {
            if let Some(e) = self.fuzzy.get(ei) {
                owners.extend(e.owners.iter().filter(|o| o.lex == lex));
            }
        }
        owners
    }
}

fn push_fuzzy(cands: &mut Vec<Cand>, owners: &[Owner], start: usize, end: usize) {
    cands.extend(owners.iter().map(|&owner| Cand {
        owner,
        start,
        end,
        class: Class::Fuzzy,
    }));
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
/// fuzzy candidates only where nothing exact matched, sound-alike ones only where neither did.
fn select(cands: Vec<Cand>) -> Vec<Cand> {
    // One integer key: (lexicon, class, start, longest first, canon).
    let key = |c: &Cand| {
        let class = match c.class {
            Class::Exception => 0u128,
            Class::Exact => 1,
            Class::Fuzzy => 2,
            Class::Sound => 3,
        };
        (u128::from(c.owner.lex) << 112)
            | (class << 104)
            | ((c.start as u128 & 0xFFFF_FFFF) << 72)
            | ((u128::from(u32::MAX) - (c.end as u128 & 0xFFFF_FFFF)) << 40)
            | u128::from(c.owner.canon)
    };
    let mut keyed: Vec<(u128, Cand)> = cands.into_iter().map(|c| (key(&c), c)).collect();
    keyed.sort_unstable_by_key(|(k, _)| *k);
    let mut out: Vec<Cand> = Vec::with_capacity(keyed.len());
    // Per lexicon: exception spans, kept exact hits, kept fuzzy hits; each sorted by start and
    // without overlaps among themselves, so one binary search answers "does c overlap one?".
    let mut blocked: Vec<(usize, usize)> = Vec::new();
    let mut exact: Vec<(usize, usize)> = Vec::new();
    let mut fuzzy: Vec<(usize, usize)> = Vec::new();
    let mut sound_last_end = 0;
    let mut lex: Option<u32> = None;
    for (_, c) in keyed {
        if lex != Some(c.owner.lex) {
            lex = Some(c.owner.lex);
            blocked.clear();
            exact.clear();
            fuzzy.clear();
            sound_last_end = 0;
        }
        let hits_any = |spans: &[(usize, usize)]| {
            let i = spans.partition_point(|&(_, e)| e <= c.start);
            spans.get(i).is_some_and(|&(s, _)| s < c.end)
        };
        match c.class {
            Class::Exception => {
                if blocked.last().is_some_and(|&(_, e)| c.start < e) {
                    // Overlapping exceptions: merge so the list stays disjoint.
                    if let Some(last) = blocked.last_mut() {
                        last.1 = last.1.max(c.end);
                    }
                } else {
                    blocked.push((c.start, c.end));
                }
            }
            Class::Exact => {
                if !hits_any(&blocked) && exact.last().is_none_or(|&(_, e)| e <= c.start) {
                    exact.push((c.start, c.end));
                    out.push(c);
                }
            }
            Class::Fuzzy => {
                let after_last = fuzzy.last().is_none_or(|&(_, e)| e <= c.start);
                if !hits_any(&blocked) && !hits_any(&exact) && after_last {
                    fuzzy.push((c.start, c.end));
                    out.push(c);
                }
            }
            Class::Sound => {
                let free = !hits_any(&blocked) && !hits_any(&exact) && !hits_any(&fuzzy);
                if free && c.start >= sound_last_end {
                    sound_last_end = c.end;
                    out.push(c);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_are_sorted_for_binary_search() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
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
