//! Cue text → who said what: markup tags, character references and `Name:` speaker prefixes.
//!
//! Caption payloads carry speakers in two ways. Teams and other WebVTT writers use voice spans
//! (`<v Priya Shah>text</v>`); Zoom, SRT files and plain text put the name in front
//! (`Priya Shah: text`). Other tags (`<c.yellow>`, `<i>`, `<b>`, `<font …>`, karaoke timestamps
//! `<00:01.000>`) and SSA overrides (`{\an8}`) are dropped, keeping their text.
//!
//! A `Name:` prefix is ambiguous (`Step one: clarify`), so a prefix counts as a speaker only when
//! it looks like a name (capitalised words, `Speaker 2`, `SPEAKER_00`, particles such as `van`) or
//! when the same prefix starts at least two lines of the file ([`SpeakerPrefixes::learn`]); the
//! second rule admits lower-case labels such as `candidate:` that `--channels` produces.

use std::collections::{BTreeMap, BTreeSet};

use crate::transcript::timestamp::is_timing_line;

/// One speaker's stretch of text inside a cue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Utterance {
    pub speaker: Option<String>,
    pub text: String,
}

/// Which markup a payload may contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    /// WebVTT: tags and character references.
    Vtt,
    /// SRT: HTML-like tags, SSA `{\…}` overrides; `&` is literal text.
    Srt,
    /// Plain text: nothing is markup.
    None,
}

/// The speaker prefixes a file uses, learned from all its lines before any cue is read.
#[derive(Debug, Clone, Default)]
pub struct SpeakerPrefixes {
    repeated: BTreeSet<String>,
    /// Whether the file labels speakers with prefixes at all (see [`SpeakerPrefixes::learn`]).
    enabled: bool,
}

/// A file labels speakers with `Name:` prefixes when at least this share of its text lines
/// (one in ten) start with an accepted name…
const MIN_NAMED_SHARE: usize = 10;
/// …or when at least this many different names each start two lines or more.
const MIN_RECURRING_NAMES: usize = 2;

/// Names are short: a prefix longer than this is a sentence with a colon, not a speaker.
const MAX_NAME_CHARS: usize = 40;
const MAX_NAME_WORDS: usize = 4;
/// Lower-case words that appear inside personal names.
const NAME_PARTICLES: &[&str] = &[
    "al", "bin", "da", "de", "del", "della", "der", "di", "du", "la", "le", "van", "von", "y",
];

impl SpeakerPrefixes {
    /// Counts candidate prefixes over every line; those seen twice or more are accepted later
    /// whatever their spelling.
    ///
    /// A file uses prefixes for speakers only when they are common enough: one text line in
    /// [`MIN_NAMED_SHARE`] starts with an accepted name, or [`MIN_RECURRING_NAMES`] names recur.
    /// Otherwise a lone `Digo: "…"` in a film's subtitles is dialogue, not a speaker label (and
    /// would name every later unlabelled cue, which continues the previous speaker). Blank lines,
    /// timing lines and cue numbers are not text lines.
    pub fn learn<'a>(lines: impl IntoIterator<Item = &'a str>) -> Self {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        let mut text_lines = 0usize;
        for line in lines {
            let t = line.trim();
            if t.is_empty() || is_timing_line(t) || t.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            text_lines += 1;
            let t = t.strip_prefix("- ").unwrap_or(t).trim_start();
            if let Some((name, _)) = candidate_prefix(t) {
                *counts.entry(name.to_string()).or_default() += 1;
            }
        }
        let accepted: Vec<(&String, usize)> = counts
            .iter()
            .filter(|&(name, &n)| n >= 2 || looks_like_name(name))
            .map(|(name, &n)| (name, n))
            .collect();
        let named_lines: usize = accepted.iter().map(|&(_, n)| n).sum();
        let recurring = accepted.iter().filter(|&&(_, n)| n >= 2).count();
        SpeakerPrefixes {
            enabled: named_lines > 0
                && (named_lines * MIN_NAMED_SHARE >= text_lines
                    || recurring >= MIN_RECURRING_NAMES),
            repeated: counts
                .into_iter()
                .filter(|&(_, n)| n >= 2)
                .map(|(name, _)| name)
                .collect(),
        }
    }

    /// Splits `Name: text` into the speaker and the rest when the prefix is accepted as a name.
    pub fn split<'a>(&self, line: &'a str) -> Option<(String, &'a str)> {
        if !self.enabled {
            return None;
        }
        let (name, rest) = candidate_prefix(line.trim_start())?;
        let accepted = looks_like_name(name) || self.repeated.contains(name);
        accepted.then(|| (collapse_spaces(name), rest))
    }
}

/// `Name: rest` where Name is short, has no sentence punctuation and the colon is followed by a
/// space (so `10:30` or `https://` never match).
fn candidate_prefix(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let name = line[..colon].trim_end();
    let after = &line[colon + 1..];
    if !after.starts_with([' ', '\t']) || after.trim().is_empty() {
        return None;
    }
    if name.is_empty()
        || name.chars().count() > MAX_NAME_CHARS
        || name.split_whitespace().count() > MAX_NAME_WORDS
        || name.contains(['"', ',', ';', '!', '?', '<', '>', '[', ']', '{', '}', '='])
        || !name.chars().next().is_some_and(|c| c.is_alphabetic())
    {
        return None;
    }
    Some((name, after.trim_start()))
}

/// Capitalised words (`Priya Shah`, `Dr. Lee`, `Anne-Marie O'Neil`), numbered labels
/// (`Speaker 2`), tool labels (`SPEAKER_00`), particles, and a parenthesised note (`(Guest)`).
pub(crate) fn looks_like_name(name: &str) -> bool {
    let mut words = name.split_whitespace();
    let Some(first) = words.next() else {
        return false;
    };
    let capitalised = |w: &str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '\'' | '’' | '-' | '.' | '_'))
    };
    capitalised(first)
        && words.all(|w| {
            capitalised(w)
                || NAME_PARTICLES.contains(&w)
                || w.chars().all(|c| c.is_ascii_digit())
                || (w.starts_with('(') && w.ends_with(')'))
        })
}

/// Reads a cue's payload lines into utterances. Voice spans and accepted `Name:` prefixes start a
/// new utterance; other text continues the current one. Whitespace is collapsed and lines are
/// joined with spaces. Utterances that end up empty are dropped.
pub fn utterances(lines: &[&str], markup: Markup, prefixes: &SpeakerPrefixes) -> Vec<Utterance> {
    let mut out: Vec<Utterance> = Vec::new();
    let mut voice: Option<String> = None;
    let mut current = Utterance {
        speaker: None,
        text: String::new(),
    };
    for line in lines {
        let mut first_text_on_line = true;
        for piece in lex(line, markup) {
            match piece {
                Piece::Text(text) => {
                    let mut text = text.as_str();
                    if first_text_on_line && voice.is_none() && !text.trim().is_empty() {
                        first_text_on_line = false;
                        // Subtitle dialogue dashes ("- Yes.") mark a change of speaker.
                        if let Some(rest) = text.trim_start().strip_prefix("- ") {
                            text = rest;
                        }
                        if let Some((name, rest)) = prefixes.split(text) {
                            flush(&mut out, &mut current, Some(name));
                            text = rest;
                        }
                    }
                    push_text(&mut current.text, text);
                }
                Piece::VoiceStart(name) => {
                    first_text_on_line = false;
                    flush(&mut out, &mut current, name.clone());
                    voice = name;
                }
                Piece::VoiceEnd => {
                    flush(&mut out, &mut current, None);
                    voice = None;
                }
            }
        }
        push_text(&mut current.text, " ");
    }
    flush(&mut out, &mut current, None);
    out
}

/// A line's text with every tag dropped and character references decoded, spaces collapsed (no
/// speaker handling): what a caption line shows on screen.
pub fn plain_text(line: &str, markup: Markup) -> String {
    let text: String = lex(line, markup)
        .into_iter()
        .filter_map(|p| match p {
            Piece::Text(t) => Some(t),
            Piece::VoiceStart(_) | Piece::VoiceEnd => None,
        })
        .collect();
    collapse_spaces(&text)
}

/// Ends the current utterance (keeping it if it has text) and starts one for `speaker`.
fn flush(out: &mut Vec<Utterance>, current: &mut Utterance, speaker: Option<String>) {
    let text = collapse_spaces(&current.text);
    if !text.is_empty() {
        out.push(Utterance {
            speaker: current.speaker.take(),
            text,
        });
    }
    *current = Utterance {
        speaker,
        text: String::new(),
    };
}

fn push_text(buf: &mut String, text: &str) {
    buf.push_str(text);
}

pub fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Debug, PartialEq)]
enum Piece {
    Text(String),
    /// `<v Name>`; `None` for a voice tag without a name.
    VoiceStart(Option<String>),
    VoiceEnd,
}

/// Splits one payload line into text and voice tags, dropping every other tag. A `<` with no
/// closing `>` on the line is text.
fn lex(line: &str, markup: Markup) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut rest = line;
    while !rest.is_empty() {
        let next_special = match markup {
            Markup::None => None,
            Markup::Vtt => rest.find(['<', '&']),
            Markup::Srt => rest.find(['<', '{']),
        };
        let Some(at) = next_special else {
            text.push_str(rest);
            break;
        };
        text.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('&') {
            let (decoded, used) = entity(rest);
            text.push_str(&decoded);
            rest = &rest[used..];
        } else if rest.starts_with('{') {
            match closing(rest, '{', '}') {
                Some(end) if rest.starts_with("{\\") => rest = &rest[end + 1..],
                _ => {
                    text.push('{');
                    rest = &rest[1..];
                }
            }
        } else {
            match closing(rest, '<', '>') {
                Some(end) => {
                    let tag = &rest[1..end];
                    if markup == Markup::Srt && !is_srt_tag(tag) {
                        // Not SRT markup (`<3`, `a<b` … `>`): the `<` is text.
                        text.push('<');
                        rest = &rest[1..];
                    } else {
                        rest = &rest[end + 1..];
                        if let Some(piece) = voice_tag(tag) {
                            pieces.push(Piece::Text(std::mem::take(&mut text)));
                            pieces.push(piece);
                        } else if tag.trim().is_empty() {
                            text.push_str("<>");
                        }
                    }
                }
                None => {
                    text.push('<');
                    rest = &rest[1..];
                }
            }
        }
    }
    pieces.push(Piece::Text(text));
    pieces.retain(|p| !matches!(p, Piece::Text(t) if t.is_empty()));
    pieces
}

/// Where the tag opened at the start of `rest` closes: the first `close` before any other
/// `open`. Stopping at the next `open` keeps a line of many unclosed `<` linear to read.
fn closing(rest: &str, open: char, close: char) -> Option<usize> {
    let after = rest.get(open.len_utf8()..)?;
    let at = after.find([open, close])?;
    after[at..]
        .starts_with(close)
        .then_some(at + open.len_utf8())
}

/// The formatting tags SRT players know: `<i>`, `<b>`, `<u>`, `<s>`, `<font …>` and their ends.
fn is_srt_tag(tag: &str) -> bool {
    let name = tag
        .trim()
        .trim_start_matches('/')
        .split([' ', '\t', '='])
        .next()
        .unwrap_or("");
    ["i", "b", "u", "s", "font"]
        .iter()
        .any(|known| name.eq_ignore_ascii_case(known))
}

/// `v Name`, `v.loud Name` → start of a voice span; `/v` → its end.
fn voice_tag(tag: &str) -> Option<Piece> {
    if tag.trim() == "/v" {
        return Some(Piece::VoiceEnd);
    }
    let after_v = tag.strip_prefix('v')?;
    if !(after_v.is_empty() || after_v.starts_with(['.', ' ', '\t'])) {
        return None;
    }
    let annotation = after_v
        .split_once([' ', '\t'])
        .map(|(_, name)| collapse_spaces(&decode_entities(name)))
        .unwrap_or_default();
    Some(Piece::VoiceStart(
        (!annotation.is_empty()).then_some(annotation),
    ))
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let (decoded, used) = entity(&rest[at..]);
        out.push_str(&decoded);
        rest = &rest[at + used..];
    }
    out.push_str(rest);
    out
}

/// Decodes one character reference at the start of `s` (`&amp;`, `&#39;`, `&#x2019;`); returns the
/// text and the bytes used. An unknown or unterminated reference is a literal `&`.
fn entity(s: &str) -> (String, usize) {
    let literal = ("&".to_string(), 1);
    // Looked for in bytes: the 12-byte window may end inside a multi-byte character.
    let Some(end) = s.bytes().take(12).position(|b| b == b';') else {
        return literal;
    };
    let name = &s[1..end];
    let decoded = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        "mdash" => Some('—'),
        "ndash" => Some('–'),
        "hellip" => Some('…'),
        "lsquo" => Some('‘'),
        "rsquo" => Some('’'),
        "ldquo" => Some('“'),
        "rdquo" => Some('”'),
        "lrm" | "rlm" => None,
        _ => {
            let code =
                if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = name.strip_prefix('#') {
                    dec.parse().ok()
                } else {
                    return literal;
                };
            match code.and_then(char::from_u32) {
                Some(c) if !c.is_control() => Some(c),
                _ => return literal,
            }
        }
    };
    (decoded.map(String::from).unwrap_or_default(), end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(lines: &[&str], markup: Markup) -> Vec<Utterance> {
        let prefixes = SpeakerPrefixes::learn(lines.iter().copied());
        utterances(lines, markup, &prefixes)
    }

    fn u(speaker: Option<&str>, text: &str) -> Utterance {
        Utterance {
            speaker: speaker.map(String::from),
            text: text.into(),
        }
    }

    #[test]
    fn voice_span_gives_the_speaker() {
        assert_eq!(
            read(&["<v Priya Shah>So, a rate limiter.</v>"], Markup::Vtt),
            [u(Some("Priya Shah"), "So, a rate limiter.")]
        );
    }

    #[test]
    fn voice_annotation_may_contain_character_references() {
        assert_eq!(
            read(&["<v Tom &amp; Jerry>Hi"], Markup::Vtt),
            [u(Some("Tom & Jerry"), "Hi")]
        );
    }

    #[test]
    fn voice_span_with_class_and_no_closing_tag() {
        assert_eq!(
            read(&["<v.loud Dev Patel>Which limits?"], Markup::Vtt),
            [u(Some("Dev Patel"), "Which limits?")]
        );
    }

    #[test]
    fn two_voices_in_one_cue_become_two_utterances() {
        assert_eq!(
            read(&["<v Ana>Hi.</v>", "<v Bo>Hello.</v>"], Markup::Vtt),
            [u(Some("Ana"), "Hi."), u(Some("Bo"), "Hello.")]
        );
    }

    #[test]
    fn other_tags_are_dropped_and_their_text_kept() {
        assert_eq!(
            read(
                &["<c.yellow>token</c> <i>bucket</i> <00:00:01.000><b>now</b>"],
                Markup::Vtt
            ),
            [u(None, "token bucket now")]
        );
    }

    #[test]
    fn multi_line_payload_is_joined_with_spaces() {
        assert_eq!(
            read(&["We need  per-user", "limits."], Markup::Vtt),
            [u(None, "We need per-user limits.")]
        );
    }

    #[test]
    fn entities_are_decoded_in_vtt() {
        assert_eq!(
            read(
                &["p99 &lt; 10ms &amp; 429s &#39;ok&#x27; &nbsp;x&lrm;"],
                Markup::Vtt
            ),
            [u(None, "p99 < 10ms & 429s 'ok' x")]
        );
    }

    #[test]
    fn unknown_or_broken_entities_stay_literal() {
        assert_eq!(
            read(&["R&D &bogus; &#xFFFFFFFF; & done"], Markup::Vtt),
            [u(None, "R&D &bogus; &#xFFFFFFFF; & done")]
        );
    }

    #[test]
    fn unclosed_angle_bracket_is_text() {
        assert_eq!(read(&["a < b"], Markup::Vtt), [u(None, "a < b")]);
    }

    #[test]
    fn srt_drops_font_tags_and_ssa_overrides_but_keeps_ampersands() {
        assert_eq!(
            read(
                &["{\\an8}<font color=\"#fff\">R&D</font> {ok}"],
                Markup::Srt
            ),
            [u(None, "R&D {ok}")]
        );
    }

    #[test]
    fn srt_keeps_angle_brackets_that_are_not_its_tags() {
        assert_eq!(
            read(&["p99 <5ms and <v Ana> <B>x</B>"], Markup::Srt),
            [u(None, "p99 <5ms and <v Ana> x")]
        );
    }

    #[test]
    fn tag_is_closed_only_before_the_next_opening_bracket() {
        assert_eq!(read(&["a <b <i>c</i>"], Markup::Vtt), [u(None, "a <b c")]);
        assert_eq!(read(&["{\\an8 {x}"], Markup::Srt), [u(None, "{\\an8 {x}")]);
    }

    #[test]
    fn a_quarter_megabyte_of_unclosed_brackets_is_read() {
        // Quadratic scanning would scan tens of gigabytes here; the reader stays linear.
        let line = "<".repeat(1 << 18);
        assert_eq!(read(&[&line], Markup::Vtt)[0].text.len(), 1 << 18);
        let line = "{\\".repeat(1 << 17);
        assert_eq!(read(&[&line], Markup::Srt)[0].text.len(), 1 << 18);
        let line = "<x".repeat(1 << 17);
        assert_eq!(read(&[&line], Markup::Srt)[0].text.len(), 1 << 18);
    }

    #[test]
    fn entity_before_multi_byte_text_is_decoded() {
        assert_eq!(read(&["&lt; naïve"], Markup::Vtt), [u(None, "< naïve")]);
    }

    #[test]
    fn plain_markup_keeps_angle_brackets() {
        assert_eq!(read(&["<b>x</b>"], Markup::None), [u(None, "<b>x</b>")]);
    }

    #[test]
    fn zoom_style_prefix_gives_the_speaker() {
        assert_eq!(
            read(&["Priya Shah: Let's design a rate limiter."], Markup::Vtt),
            [u(Some("Priya Shah"), "Let's design a rate limiter.")]
        );
    }

    #[test]
    fn numbered_and_tool_labels_are_names() {
        for name in [
            "Speaker 2",
            "SPEAKER_00",
            "Ludwig van Beethoven",
            "Dr. Lee",
            "Sam (Guest)",
            "Anne-Marie O'Neil",
        ] {
            assert!(looks_like_name(name), "{name}");
        }
    }

    #[test]
    fn sentence_with_a_colon_is_not_a_speaker() {
        for line in [
            "Step one: clarify the scope",
            "so the plan: use a token bucket",
            "At 10:30 we start",
            "see https://example.com now",
            "The key, though: it scales",
        ] {
            assert_eq!(read(&[line], Markup::Vtt), [u(None, line)], "{line}");
        }
    }

    #[test]
    fn lower_case_label_counts_when_it_repeats() {
        let lines = [
            "candidate: I would ask about limits.",
            "interviewer: Go on.",
            "candidate: Per user.",
        ];
        let prefixes = SpeakerPrefixes::learn(lines);
        assert_eq!(
            utterances(&lines[..1], Markup::Vtt, &prefixes),
            [u(Some("candidate"), "I would ask about limits.")]
        );
        // Seen once only and not capitalised: left as text.
        assert_eq!(
            utterances(&lines[1..2], Markup::Vtt, &prefixes),
            [u(None, "interviewer: Go on.")]
        );
    }

    #[test]
    fn prefix_on_a_second_line_starts_a_new_utterance() {
        assert_eq!(
            read(&["Ana: Hi.", "Bo: Hello there."], Markup::Srt),
            [u(Some("Ana"), "Hi."), u(Some("Bo"), "Hello there.")]
        );
    }

    #[test]
    fn dialogue_dashes_are_removed() {
        assert_eq!(
            read(&["- Ana: Yes.", "- Bo: No."], Markup::Srt),
            [u(Some("Ana"), "Yes."), u(Some("Bo"), "No.")]
        );
    }

    #[test]
    fn a_lone_name_in_a_long_unlabelled_file_is_dialogue() {
        // The Netflix case: one `Digo:` line among many unlabelled ones.
        let mut lines = vec!["Digo: \"Le doy un abrazo.\""];
        lines.extend(std::iter::repeat_n(
            "<i>Es cierto que la vida no era fácil</i>",
            40,
        ));
        let prefixes = SpeakerPrefixes::learn(lines.iter().copied());
        assert_eq!(
            utterances(&lines[..1], Markup::Vtt, &prefixes),
            [u(None, "Digo: \"Le doy un abrazo.\"")]
        );
    }

    #[test]
    fn names_given_only_at_each_change_still_count_when_they_recur() {
        let mut lines = vec!["Ana: Hi.", "Bo: Hello.", "Ana: So.", "Bo: Yes."];
        lines.extend(std::iter::repeat_n("and more words", 100));
        let prefixes = SpeakerPrefixes::learn(lines.iter().copied());
        assert_eq!(
            utterances(&lines[..1], Markup::Vtt, &prefixes),
            [u(Some("Ana"), "Hi.")]
        );
    }

    #[test]
    fn empty_payload_gives_no_utterance() {
        assert!(read(&["<i></i>", "  "], Markup::Vtt).is_empty());
    }
}
