//! Transcripts laid out as turns under a speaker-and-time heading: Otter.ai's text export, and the
//! same layout in Microsoft Teams and Word `.docx` transcripts (read through [`docx`](super::docx)).
//!
//! ```text
//! Emma  0:00
//! It's more important than ever to build secure web applications, …
//!
//! Unknown Speaker  0:35
//! I'm Kelly. I'm Allie.
//!
//! **Kelly**  1:29                (Otter exports pasted into Markdown, names in bold)
//! Priya Shah   0:03              (Teams .docx)
//! 00:00:05 Speaker 1             (Word's Transcribe, time first)
//! ```
//!
//! A heading is a line holding only a name and a time (`m:ss` or `h:mm:ss`), in either order; the
//! name may be in Markdown bold. The lines below it, up to the next heading, are the turn's text.
//! Lines before the first heading are the export's title and date; Otter's footer
//! `Transcribed by https://otter.ai` and Teams' `… started transcription` notices are not speech.
//! `Unknown Speaker`, Otter's label for any voice it could not tell, is nobody (see
//! [`speaker`](super::speaker)). The files give start times only: a turn ends at the next turn's
//! start, or after its words at 100 words per minute when that comes first (see
//! [`plain`](super::plain)).

use std::path::Path;

use crate::transcript::finish::finish;
use crate::transcript::payload::{collapse_spaces, looks_like_name};
use crate::transcript::plain::{add_line, headed_segments, Turn};
use crate::transcript::{speaker, timestamp, Timing, Transcript};
use crate::{Error, Result};

/// A name has at most this many words.
const MAX_NAME_WORDS: usize = 5;

/// `(label, start)` when the line is a turn heading.
pub(crate) fn heading(line: &str) -> Option<(String, u64)> {
    let t = line.trim();
    let name_ok = |name: &str| -> Option<String> {
        let name = name.trim();
        let name = name
            .strip_prefix("**")
            .and_then(|n| n.strip_suffix("**"))
            .unwrap_or(name)
            .trim();
        let words = name.split_whitespace().count();
        ((1..=MAX_NAME_WORDS).contains(&words)
            && (looks_like_name(name) || speaker::is_unknown(name)))
        .then(|| collapse_spaces(name))
    };
    if let Some((name, clock)) = t.rsplit_once([' ', '\t']) {
        if let (Some(ms), Some(name)) = (clock_ms(clock), name_ok(name)) {
            return Some((name, ms));
        }
    }
    if let Some((clock, name)) = t.split_once([' ', '\t']) {
        if let (Some(ms), Some(name)) = (clock_ms(clock), name_ok(name)) {
            return Some((name, ms));
        }
    }
    None
}

/// `0:35`, `55:21`, `1:02:10`, `00:00:05` (whole seconds only).
fn clock_ms(s: &str) -> Option<u64> {
    let colons = s.bytes().filter(|&b| b == b':').count();
    let shaped = (1..=2).contains(&colons)
        && s.bytes().all(|b| b.is_ascii_digit() || b == b':')
        && !s.starts_with(':')
        && !s.ends_with(':');
    shaped.then(|| timestamp::parse(s).ok()).flatten()
}

/// Whether the text is laid out this way: its first non-blank line is a heading, and so is at
/// least one more.
pub(crate) fn looks_like(text: &str) -> bool {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    lines.next().is_some_and(|l| heading(l).is_some())
        && lines.take(200).any(|l| heading(l).is_some())
}

fn is_notice(line: &str) -> bool {
    let t = line.trim();
    t.starts_with("Transcribed by https://otter.ai")
        || t.ends_with(" started transcription")
        || t.ends_with(" stopped transcription")
}

pub fn parse(text: &str, path: &Path) -> Result<Transcript> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut turns: Vec<Turn> = Vec::new();
    let mut seen_heading = false;
    for line in text.lines() {
        if line.trim().is_empty() || is_notice(line) {
            continue;
        }
        if let Some((label, ms)) = heading(line) {
            seen_heading = true;
            turns.push((Some(ms), speaker::label(&label), String::new()));
            continue;
        }
        // Before the first heading: the title, date and length of the export.
        if let Some(turn) = turns.last_mut() {
            add_line(turn, line);
        }
    }
    if !seen_heading {
        return Err(Error::at_line(
            path,
            1,
            "no turn heading (a line with a name and a time, like `Priya Shah  0:12`)",
        ));
    }
    finish(headed_segments(turns), Timing::Measured, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Transcript> {
        parse(text, Path::new("o.txt"))
    }

    use crate::test_support::triples as rows;

    #[test]
    fn headings_in_every_layout() {
        assert_eq!(heading("Emma  0:00  "), Some(("Emma".into(), 0)));
        assert_eq!(heading("**Kelly**  1:29  "), Some(("Kelly".into(), 89_000)));
        assert_eq!(
            heading("Priya Shah   1:02:10"),
            Some(("Priya Shah".into(), 3_730_000))
        );
        assert_eq!(
            heading("00:00:05 Speaker 1"),
            Some(("Speaker 1".into(), 5_000))
        );
        assert_eq!(
            heading("Unknown Speaker  0:35"),
            Some(("Unknown Speaker".into(), 35_000))
        );
        for text in [
            "We start at 10:30",
            "10:30 we start",
            "Chapter 3: 12:30",
            "Emma 0:0:0:0",
            "Emma 1.5",
        ] {
            assert_eq!(heading(text), None, "{text}");
        }
    }

    #[test]
    fn otter_export_with_unknown_speakers_and_footer() {
        let t = read(
            "Emma  0:00  \nWelcome to the show.\n\nUnknown Speaker  0:35  \nI'm Kelly. I'm Allie.\n\nEmma  0:37  \nAnd I'm Emma.\n\nTranscribed by https://otter.ai\n",
        )
        .unwrap();
        assert_eq!(
            rows(&t),
            [
                (0, 2_400, Some("Emma"), "Welcome to the show."),
                (35_000, 37_000, None, "I'm Kelly. I'm Allie."),
                (37_000, 38_200, Some("Emma"), "And I'm Emma."),
            ]
        );
        assert_eq!(t.timing, Timing::Measured);
    }

    #[test]
    fn bold_names_keep_their_speakers_and_the_first_minute() {
        let t =
            read("**Emma**  0:00  \nSystems design.\n\n**Kelly**  0:24  \n\nWelcome.\n").unwrap();
        assert_eq!(
            rows(&t),
            [
                (0, 1_200, Some("Emma"), "Systems design."),
                (24_000, 24_400, Some("Kelly"), "Welcome.")
            ]
        );
    }

    #[test]
    fn teams_and_word_documents_skip_their_title_lines() {
        let t = read(
            "Rate limiter mock\nMay 5, 2023, 3:00PM\n32m 24s\n\nPriya Shah   0:03\nLet's design it.\n\nDev Patel started transcription\n\nDev Patel   0:09\nWho calls it?\n",
        )
        .unwrap();
        assert_eq!(t.speakers(), ["Priya Shah", "Dev Patel"]);
        assert_eq!(t.segments[0].start_ms, 3_000);
        let t = read("00:00:01 Speaker 1\nHello.\n00:00:04 Speaker 2\nHi.\n").unwrap();
        assert_eq!(t.speakers(), ["Speaker 1", "Speaker 2"]);
        assert!(looks_like(
            "00:00:01 Speaker 1\nHello.\n00:00:04 Speaker 2\nHi.\n"
        ));
    }

    #[test]
    fn text_without_headings_is_refused() {
        let e = read("just words\n").unwrap_err();
        assert!(
            e.to_string().starts_with("o.txt: line 1: no turn heading"),
            "{e}"
        );
        assert!(!looks_like("just words\nEmma  0:00\n"));
    }
}
