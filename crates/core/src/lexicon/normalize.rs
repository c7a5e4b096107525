//! Text normalisation for matching: speech-to-text output spells the same thing many ways ("Ten X",
//! "10x", "ten-x"; "P ninety nine", "p99"; "one hundred thousand", "100,000"), so both the lexicon
//! entries and the transcript go through this one function before anything is compared.
//!
//! The output is lower-case tokens separated by single spaces:
//! - words: runs of letters and digits, keeping an inner `.` or apostrophe (`node.js`, `i'm`) and
//!   dropping the thousands commas of a number (`100,000` → `100000`);
//! - punctuation that carries meaning (`, . ? ! ; : / % $ + & = < > @ #`) as one-character tokens, so
//!   a phrase never matches across a sentence break;
//! - everything else (hyphens, quotes, brackets, dashes, whitespace) only separates tokens;
//! - number words become digits: `four twenty nine` → `429`, `one hundred thousand` → `100000`,
//!   `two point five` → `2.5`, `five oh three` → `503`, `a million` → `1000000`;
//! - a number followed by `x` becomes one token (`ten x` → `10x`) and `p` followed by a number too
//!   (`p ninety nine` → `p99`).
//!
//! Every output byte remembers the byte range of the original text it came from, so a match in the
//! normalised text maps back to a span of the original (always on char boundaries).

use std::ops::Range;

/// Normalised text plus the map back to the original: one run per token or separator.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    pub text: String,
    /// Contiguous runs covering `text`, in order.
    runs: Vec<Run>,
}

/// A stretch of normalised text and the source bytes it came from. An identity run is an ASCII
/// word copied byte for byte (only lower-cased), so each of its bytes maps to one source byte;
/// any other run (a number made of words, `10x`, a word with non-ASCII letters or a dropped
/// thousands comma, a separator) maps as a whole to its source range.
#[derive(Debug, Clone, Copy)]
struct Run {
    at: u32,
    src_start: u32,
    src_end: u32,
    identity: bool,
}

impl Normalized {
    /// Byte span of the original text covered by normalised bytes `start..end` (`start < end`).
    /// Spans of a multi-segment buffer are relative to the segment the bytes came from.
    pub fn source_span(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        if start >= end || end > self.text.len() {
            return None;
        }
        let run_of = |p: usize| {
            let i = self
                .runs
                .partition_point(|r| r.at as usize <= p)
                .checked_sub(1)?;
            self.runs.get(i)
        };
        let (a, b) = (run_of(start)?, run_of(end - 1)?);
        let s = if a.identity {
            a.src_start as usize + (start - a.at as usize)
        } else {
            a.src_start as usize
        };
        let e = if b.identity {
            b.src_start as usize + (end - b.at as usize)
        } else {
            b.src_end as usize
        };
        (s <= e).then_some((s, e))
    }

    fn push_run(&mut self, s: &str, src: Range<usize>, identity: bool) {
        self.runs.push(Run {
            at: to_u32(self.text.len()),
            src_start: to_u32(src.start),
            src_end: to_u32(src.end),
            identity,
        });
        self.text.push_str(s);
    }

    /// An empty buffer with room for `bytes` bytes of normalised text.
    pub fn with_capacity(bytes: usize) -> Normalized {
        Normalized {
            text: String::with_capacity(bytes),
            runs: Vec::with_capacity(bytes / 3),
        }
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

fn to_u32(v: usize) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// Normalises one piece of text.
pub fn normalize(text: &str) -> Normalized {
    let mut out = Normalized::default();
    Normalizer::default().push(text, &mut out);
    out
}

/// Reusable scratch space, so normalising a whole transcript segment by segment allocates once.
#[derive(Debug, Default)]
pub struct Normalizer {
    lower: String,
    raw: Vec<RawTok>,
    toks: Vec<Tok>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Punct,
}

/// A token of the original text; `lo` indexes the lower-cased buffer.
#[derive(Debug, Clone)]
struct RawTok {
    lo: Range<usize>,
    src: Range<usize>,
    kind: Kind,
    /// ASCII, and lower-casing kept every byte in place.
    identity: bool,
}

#[derive(Debug, Clone)]
enum TokText {
    /// Bytes of the lower-cased buffer.
    Copy(Range<usize>),
    /// Made from several words (a number, `10x`, `p99`): every byte maps to the whole source range.
    Owned(String),
}

#[derive(Debug, Clone)]
struct Tok {
    text: TokText,
    src: Range<usize>,
    kind: Kind,
    number: bool,
    identity: bool,
}

const PUNCT: &[char] = &[
    ',', '.', '?', '!', ';', ':', '/', '%', '$', '+', '&', '=', '<', '>', '@', '#',
];

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}')
}

impl Normalizer {
    /// Appends the normalised form of `text` to `out`; source spans are relative to `text`.
    /// A space separates it from what `out` already holds.
    pub fn push(&mut self, text: &str, out: &mut Normalized) {
        self.tokenize(text);
        self.numbers();
        self.glue();
        let mut prev_end: Option<usize> = None;
        for tok in &self.toks {
            if let Some(pe) = prev_end {
                out.push_run(" ", pe..tok.src.start.max(pe), false);
            } else if !out.text.is_empty() && !out.text.ends_with(['\n', ' ']) {
                out.push_run(" ", tok.src.start..tok.src.start, false);
            }
            match &tok.text {
                TokText::Copy(r) => {
                    let Some(s) = self.lower.get(r.clone()) else {
                        continue;
                    };
                    out.push_run(s, tok.src.clone(), tok.identity);
                }
                TokText::Owned(s) => out.push_run(s, tok.src.clone(), false),
            }
            prev_end = Some(tok.src.end);
        }
    }

    /// Appends a segment break (`\n`): nothing matches across it.
    pub fn push_break(&mut self, out: &mut Normalized) {
        let at = out.runs.last().map_or(0, |r| r.src_end as usize);
        out.push_run("\n", at..at, false);
    }

    /// Appends one space (mapped to an empty span at the start of the next text), so that every
    /// word of a buffer is preceded by a space and a matcher can anchor entries on ` word`.
    pub fn push_space(&mut self, out: &mut Normalized) {
        out.push_run(" ", 0..0, false);
    }

    fn tokenize(&mut self, text: &str) {
        self.lower.clear();
        self.raw.clear();
        let mut open: Option<(usize, usize)> = None;
        let mut prev_digit = false;
        for (i, c) in text.char_indices() {
            let end = i + c.len_utf8();
            if c.is_ascii_alphanumeric() {
                if open.is_none() {
                    open = Some((self.lower.len(), i));
                }
                self.lower.push(c.to_ascii_lowercase());
                prev_digit = c.is_ascii_digit();
                continue;
            }
            if c.is_alphanumeric() {
                if open.is_none() {
                    open = Some((self.lower.len(), i));
                }
                self.lower.extend(c.to_lowercase());
                prev_digit = c.is_ascii_digit();
                continue;
            }
            let rest = text.get(end..).unwrap_or("");
            if open.is_some() && rest.chars().next().is_some_and(char::is_alphanumeric) {
                if c == '.' || is_apostrophe(c) {
                    let keep = if c == '.' { '.' } else { '\'' };
                    self.lower.push(keep);
                    prev_digit = false;
                    continue;
                }
                if c == ',' && prev_digit && three_digits_follow(rest) {
                    continue;
                }
            }
            if let Some((lo, src)) = open.take() {
                self.close_word(text, lo, src..i);
            }
            prev_digit = false;
            if PUNCT.contains(&c) {
                let lo = self.lower.len();
                self.lower.push(c);
                self.raw.push(RawTok {
                    lo: lo..self.lower.len(),
                    src: i..end,
                    kind: Kind::Punct,
                    identity: c.is_ascii(),
                });
            }
        }
        if let Some((lo, src)) = open {
            self.close_word(text, lo, src..text.len());
        }
    }

    fn close_word(&mut self, text: &str, lo: usize, src: Range<usize>) {
        let lo = lo..self.lower.len();
        let identity = lo.len() == src.len() && text.get(src.clone()).is_some_and(|s| s.is_ascii());
        self.raw.push(RawTok {
            lo,
            src,
            kind: Kind::Word,
            identity,
        });
    }

    fn word(&self, i: usize) -> Option<&str> {
        let t = self.raw.get(i)?;
        if t.kind != Kind::Word {
            return None;
        }
        self.lower.get(t.lo.clone())
    }

    /// Replaces runs of number words by one digits token.
    fn numbers(&mut self) {
        self.toks.clear();
        let mut i = 0;
        while let Some(raw) = self.raw.get(i) {
            let raw = raw.clone();
            let parsed = parse_number(&|j| self.word(j), i);
            if let Some((digits, next)) = parsed {
                let end = self
                    .raw
                    .get(next.saturating_sub(1))
                    .map_or(raw.src.end, |t| t.src.end);
                self.toks.push(Tok {
                    text: TokText::Owned(digits),
                    src: raw.src.start..end,
                    kind: Kind::Word,
                    number: true,
                    identity: false,
                });
                i = next.max(i + 1);
                continue;
            }
            let number =
                raw.kind == Kind::Word && self.lower.get(raw.lo.clone()).is_some_and(is_digits);
            self.toks.push(Tok {
                text: TokText::Copy(raw.lo.clone()),
                src: raw.src.clone(),
                kind: raw.kind,
                number,
                identity: raw.identity,
            });
            i += 1;
        }
    }

    fn tok_text<'a>(&'a self, t: &'a Tok) -> &'a str {
        match &t.text {
            TokText::Copy(r) => self.lower.get(r.clone()).unwrap_or(""),
            TokText::Owned(s) => s,
        }
    }

    /// `p` + number → `p99`; number + `x` → `10x`.
    fn glue(&mut self) {
        let gluable = |t: &Tok| match &t.text {
            TokText::Copy(r) => matches!(self.lower.get(r.clone()), Some("p" | "x")),
            TokText::Owned(_) => false,
        };
        if !self.toks.iter().any(gluable) {
            return;
        }
        let mut out: Vec<Tok> = Vec::with_capacity(self.toks.len());
        let mut i = 0;
        while let Some(t) = self.toks.get(i) {
            let next = self.toks.get(i + 1);
            let text = self.tok_text(t);
            if let Some(n) = next {
                let ntext = self.tok_text(n);
                let glued = if t.kind == Kind::Word && text == "p" && n.number {
                    Some(format!("p{ntext}"))
                } else if t.number && n.kind == Kind::Word && ntext == "x" {
                    Some(format!("{text}x"))
                } else {
                    None
                };
                if let Some(g) = glued {
                    out.push(Tok {
                        text: TokText::Owned(g),
                        src: t.src.start..n.src.end,
                        kind: Kind::Word,
                        number: false,
                        identity: false,
                    });
                    i += 2;
                    continue;
                }
            }
            out.push(t.clone());
            i += 1;
        }
        self.toks = out;
    }
}

fn three_digits_follow(rest: &str) -> bool {
    let b = rest.as_bytes();
    b.len() >= 3
        && b.iter().take(3).all(u8::is_ascii_digit)
        && !b.get(3).is_some_and(u8::is_ascii_digit)
}

/// ASCII digits with at most one inner dot: `429`, `2.5`.
fn is_digits(s: &str) -> bool {
    let mut dots = 0;
    let ok = s.bytes().all(|b| {
        if b == b'.' {
            dots += 1;
            true
        } else {
            b.is_ascii_digit()
        }
    });
    ok && dots <= 1
        && s.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && s.as_bytes().last().is_some_and(u8::is_ascii_digit)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumWord {
    Unit(u64),
    Teen(u64),
    Tens(u64),
    Hundred,
    Scale(u64),
}

fn num_word(w: &str) -> Option<NumWord> {
    use NumWord::*;
    Some(match w {
        "zero" => Unit(0),
        "one" => Unit(1),
        "two" => Unit(2),
        "three" => Unit(3),
        "four" => Unit(4),
        "five" => Unit(5),
        "six" => Unit(6),
        "seven" => Unit(7),
        "eight" => Unit(8),
        "nine" => Unit(9),
        "ten" => Teen(10),
        "eleven" => Teen(11),
        "twelve" => Teen(12),
        "thirteen" => Teen(13),
        "fourteen" => Teen(14),
        "fifteen" => Teen(15),
        "sixteen" => Teen(16),
        "seventeen" => Teen(17),
        "eighteen" => Teen(18),
        "nineteen" => Teen(19),
        "twenty" => Tens(20),
        "thirty" => Tens(30),
        "forty" => Tens(40),
        "fifty" => Tens(50),
        "sixty" => Tens(60),
        "seventy" => Tens(70),
        "eighty" => Tens(80),
        "ninety" => Tens(90),
        "hundred" => Hundred,
        "thousand" => Scale(1_000),
        "million" => Scale(1_000_000),
        "billion" => Scale(1_000_000_000),
        "trillion" => Scale(1_000_000_000_000),
        _ => return None,
    })
}

/// A number below 100 said as words: `twenty nine`, `twelve`, `seven`, `forty`.
/// Returns (value, digits when written, next index).
fn read_small<'a>(w: &impl Fn(usize) -> Option<&'a str>, i: usize) -> Option<(u64, usize, usize)> {
    match num_word(w(i)?)? {
        NumWord::Tens(t) => match w(i + 1).and_then(num_word) {
            Some(NumWord::Unit(u)) if u > 0 => Some((t + u, 2, i + 2)),
            _ => Some((t, 2, i + 1)),
        },
        NumWord::Teen(t) => Some((t, 2, i + 1)),
        NumWord::Unit(u) => Some((u, 1, i + 1)),
        NumWord::Hundred | NumWord::Scale(_) => None,
    }
}

fn is_multiplier<'a>(w: &impl Fn(usize) -> Option<&'a str>, i: usize) -> bool {
    matches!(
        w(i).and_then(num_word),
        Some(NumWord::Hundred | NumWord::Scale(_))
    )
}

/// `five hundred and twenty`, `a hundred`, `one hundred thousand`, `two million`:
/// only when a hundred or a scale word is present (otherwise it is a digit string).
fn parse_cardinal<'a>(w: &impl Fn(usize) -> Option<&'a str>, i: usize) -> Option<(u64, usize)> {
    let mut total: u64 = 0;
    let mut j = i;
    let mut structured = false;
    loop {
        // One chunk below 1000.
        let (mut chunk, mut k) = if w(j) == Some("a") && is_multiplier(w, j + 1) {
            (1, j + 1)
        } else if let Some((v, _, k)) = read_small(w, j) {
            (v, k)
        } else if j == i {
            return None;
        } else {
            break;
        };
        if w(k).and_then(num_word) == Some(NumWord::Hundred) {
            chunk = chunk.checked_mul(100)?;
            k += 1;
            structured = true;
            let after_and = if w(k) == Some("and") { k + 1 } else { k };
            if let Some((v, _, k2)) = read_small(w, after_and) {
                if w(k2).and_then(num_word) != Some(NumWord::Hundred) {
                    chunk = chunk.checked_add(v)?;
                    k = k2;
                }
            }
        }
        if let Some(NumWord::Scale(s)) = w(k).and_then(num_word) {
            total = total.checked_add(chunk.checked_mul(s)?)?;
            structured = true;
            j = k + 1;
            continue;
        }
        total = total.checked_add(chunk)?;
        j = k;
        break;
    }
    structured.then_some((total, j))
}

/// `four twenty nine` → `429`, `five oh three` → `503`, `nineteen ninety` → `1990`, `seven` → `7`.
fn parse_digit_string<'a>(
    w: &impl Fn(usize) -> Option<&'a str>,
    i: usize,
) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut j = i;
    loop {
        if !out.is_empty() && w(j) == Some("oh") {
            if let Some((_, 1, _)) = read_small(w, j + 1) {
                out.push('0');
                j += 1;
                continue;
            }
        }
        let Some((v, nd, k)) = read_small(w, j) else {
            break;
        };
        if !out.is_empty() && is_multiplier(w, k) {
            break;
        }
        if nd == 2 {
            out.push_str(&format!("{v:02}"));
        } else {
            out.push_str(&v.to_string());
        }
        j = k;
    }
    (!out.is_empty()).then_some((out, j))
}

/// Digits after `point`: `point five` → `5`, `point nine nine` → `99`.
fn parse_decimals<'a>(w: &impl Fn(usize) -> Option<&'a str>, i: usize) -> Option<(String, usize)> {
    if w(i) != Some("point") {
        return None;
    }
    let mut out = String::new();
    let mut j = i + 1;
    loop {
        match w(j) {
            Some("oh") => out.push('0'),
            Some(x) => match num_word(x) {
                Some(NumWord::Unit(u)) => out.push_str(&u.to_string()),
                _ => break,
            },
            None => break,
        }
        j += 1;
    }
    (!out.is_empty()).then_some((out, j))
}

/// A number said in words starting at token `i`: its digits and the index after it.
fn parse_number<'a>(w: &impl Fn(usize) -> Option<&'a str>, i: usize) -> Option<(String, usize)> {
    let first = w(i)?;
    if num_word(first).is_none() && first != "a" {
        return None;
    }
    let (mut digits, mut j) = match parse_cardinal(w, i) {
        Some((v, j)) => (v.to_string(), j),
        None => parse_digit_string(w, i)?,
    };
    if let Some((dec, k)) = parse_decimals(w, j) {
        digits.push('.');
        digits.push_str(&dec);
        j = k;
    }
    Some((digits, j))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> String {
        normalize(s).text
    }

    #[test]
    fn lowercases_and_splits_punctuation_and_hyphens() {
        assert_eq!(n("Trade-off: Redis, Kafka!"), "trade off : redis , kafka !");
        assert_eq!(n("  exactly-once   delivery "), "exactly once delivery");
    }

    #[test]
    fn keeps_inner_dots_and_apostrophes() {
        assert_eq!(n("I\u{2019}m using Node.js."), "i'm using node.js .");
        assert_eq!(n("the users' data"), "the users data");
    }

    #[test]
    fn thousands_commas_join_but_list_commas_do_not() {
        assert_eq!(n("100,000 users"), "100000 users");
        assert_eq!(n("1,000,000"), "1000000");
        assert_eq!(n("2,3 and 10,50"), "2 , 3 and 10 , 50");
    }

    #[test]
    fn number_words_become_digits() {
        assert_eq!(n("four twenty nine"), "429");
        assert_eq!(n("one hundred thousand users"), "100000 users");
        assert_eq!(n("two point five"), "2.5");
        assert_eq!(n("five hundred and twenty"), "520");
        assert_eq!(n("a million requests"), "1000000 requests");
        assert_eq!(n("five oh three"), "503");
        assert_eq!(n("ninety nine point nine percent"), "99.9 percent");
        assert_eq!(n("twenty"), "20");
        assert_eq!(n("ten thousand"), "10000");
        assert_eq!(n("two hundred million"), "200000000");
    }

    #[test]
    fn multiplier_and_percentile_glue() {
        assert_eq!(n("at ten x scale"), "at 10x scale");
        assert_eq!(n("3 x peak"), "3x peak");
        assert_eq!(n("p ninety nine latency"), "p99 latency");
        assert_eq!(n("P-99"), "p99");
        assert_eq!(n("p nine nine"), "p99");
    }

    #[test]
    fn words_that_are_not_numbers_stay() {
        assert_eq!(n("a cache and a point"), "a cache and a point");
        assert_eq!(n("someone"), "someone");
        assert_eq!(n("x marks"), "x marks");
    }

    #[test]
    fn spans_map_back_to_original_words() {
        let text = "Ten X scale";
        let nz = normalize(text);
        assert_eq!(nz.text, "10x scale");
        let (s, e) = nz.source_span(0, 3).unwrap();
        assert_eq!(&text[s..e], "Ten X");
        let (s, e) = nz.source_span(4, 9).unwrap();
        assert_eq!(&text[s..e], "scale");
    }

    #[test]
    fn unicode_lowercasing_keeps_char_boundaries() {
        let text = "İstanbul Straße";
        let nz = normalize(text);
        for i in 0..nz.len() {
            let (s, e) = nz.source_span(i, i + 1).unwrap();
            assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
        }
    }

    #[test]
    fn segment_break_separates_pushes() {
        let mut out = Normalized::default();
        let mut nz = Normalizer::default();
        nz.push("should", &mut out);
        nz.push_break(&mut out);
        nz.push("We", &mut out);
        assert_eq!(out.text, "should\nwe");
        nz.push_break(&mut out);
        nz.push_space(&mut out);
        nz.push("Go", &mut out);
        assert_eq!(out.text, "should\nwe\n go");
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn never_panics_and_spans_are_char_boundaries(text in "\\PC{0,60}") {
                let nz = normalize(&text);
                for i in 0..nz.len() {
                    for j in (i + 1)..=nz.len().min(i + 8) {
                        let (s, e) = nz.source_span(i, j).unwrap();
                        prop_assert!(s <= e && e <= text.len());
                        prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
                    }
                }
            }

            #[test]
            fn number_words_never_panic(words in proptest::collection::vec(
                prop_oneof![Just("one"), Just("twenty"), Just("hundred"), Just("thousand"),
                    Just("point"), Just("oh"), Just("a"), Just("and"), Just("x"), Just("p"),
                    Just("nine"), Just("trillion"), Just("million"), Just("-"), Just(",")], 0..20)) {
                let text = words.join(" ");
                let nz = normalize(&text);
                for i in 0..nz.len() {
                    let (s, e) = nz.source_span(i, i + 1).unwrap();
                    prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
                }
            }
        }
    }
}
