//! SubViewer captions (`.sbv`), the format YouTube Studio downloads captions in.
//!
//! ```text
//! 0:00:00.940,0:00:05.050
//! This is a test of the SBV file converter.
//!
//! 0:00:05.050,0:00:08.240
//! >> Priya Shah: Let's design a rate limiter.
//! ```
//!
//! Each caption is a timing line (`start,end`, hours optional) and one or more text lines, captions
//! separated by blank lines. The text is plain (no markup); `Name:` speaker prefixes are read as in
//! the other caption formats (see [`payload`](super::payload)) and YouTube's speaker-change mark
//! `>>` is dropped. A caption that starts with anything but a timing line is an error naming its line.

use std::path::Path;

use crate::transcript::cue::{self, Cue};
use crate::transcript::finish::finish;
use crate::transcript::payload::{utterances, Markup, SpeakerPrefixes};
use crate::transcript::timestamp;
use crate::transcript::vtt::excerpt;
use crate::transcript::{Timing, Transcript};
use crate::{Error, Result};

/// Whether a line is shaped like an SBV timing line: two times joined by a comma.
pub(crate) fn is_timing_line(line: &str) -> bool {
    let shaped = |t: &str| {
        let t = t.trim();
        t.contains(':')
            && t.contains('.')
            && t.bytes()
                .all(|b| b.is_ascii_digit() || b == b':' || b == b'.')
    };
    line.split_once(',')
        .is_some_and(|(a, b)| shaped(a) && shaped(b))
}

fn parse_timing(line: &str) -> std::result::Result<(u64, u64), String> {
    let (a, b) = line.split_once(',').unwrap_or((line, ""));
    let start = timestamp::parse(a.trim())?;
    let end = timestamp::parse(b.trim())?;
    if end < start {
        return Err(format!(
            "end time {} is before start time {}",
            b.trim(),
            a.trim()
        ));
    }
    Ok((start, end))
}

pub fn parse(text: &str, path: &Path) -> Result<Transcript> {
    let lines: Vec<&str> = text
        .strip_prefix('\u{FEFF}')
        .unwrap_or(text)
        .lines()
        .map(|l| {
            let t = l.trim_start();
            t.strip_prefix(">>").unwrap_or(l)
        })
        .collect();
    let prefixes = SpeakerPrefixes::learn(lines.iter().copied().filter(|l| !is_timing_line(l)));
    let mut cues = Vec::new();
    let mut i = 0;
    loop {
        while lines.get(i).is_some_and(|l| l.trim().is_empty()) {
            i += 1;
        }
        let Some(&line) = lines.get(i) else { break };
        if !is_timing_line(line) {
            return Err(Error::at_line(
                path,
                i + 1,
                format!(
                    "expected an SBV timing line like `0:00:01.000,0:00:04.000`, found `{}`",
                    excerpt(line)
                ),
            ));
        }
        let (start_ms, end_ms) =
            parse_timing(line).map_err(|message| Error::at_line(path, i + 1, message))?;
        let mut end = i + 1;
        while lines
            .get(end)
            .is_some_and(|l| !l.trim().is_empty() && !is_timing_line(l))
        {
            end += 1;
        }
        cues.push(Cue {
            start_ms,
            end_ms,
            utterances: utterances(
                lines.get(i + 1..end).unwrap_or_default(),
                Markup::None,
                &prefixes,
            ),
        });
        i = end;
    }
    finish(cue::segments(cues), Timing::Measured, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Transcript> {
        parse(text, Path::new("c.sbv"))
    }

    #[test]
    fn captions_with_multi_line_text() {
        let t = read(
            "0:00:00.940,0:00:05.050\nThis is a test.\n\n0:00:08.240,0:00:14.079\nThen, after the video\nhad captions,\n",
        )
        .unwrap();
        let got: Vec<_> = t
            .segments
            .iter()
            .map(|s| (s.start_ms, s.end_ms, s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (940, 5_050, "This is a test."),
                (8_240, 14_079, "Then, after the video had captions,")
            ]
        );
        assert_eq!(t.timing, Timing::Measured);
    }

    #[test]
    fn speaker_marks_and_prefixes() {
        let t = read(
            "0:00:01.000,0:00:02.000\n>> Ana: Design it.\n\n0:00:02.000,0:00:03.000\n>> Bo: Why?\n\n0:00:03.000,0:00:04.000\nBecause.\n\n0:00:04.000,0:00:05.000\n[Music]\n",
        )
        .unwrap();
        let got: Vec<_> = t
            .segments
            .iter()
            .map(|s| (s.speaker.as_deref(), s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (Some("Ana"), "Design it."),
                (Some("Bo"), "Why?"),
                (Some("Bo"), "Because.")
            ]
        );
    }

    #[test]
    fn damage_is_named_by_line() {
        let e = read("0:00:01.000,0:00:02.000\nHi\n\nnot a caption\n").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("c.sbv: line 4: expected an SBV timing line"),
            "{e}"
        );
        let e = read("0:00:05.000,0:00:02.000\nHi\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "c.sbv: line 1: end time 0:00:02.000 is before start time 0:00:05.000"
        );
        let e = read("0:00:05.000,0:99:02.000\nHi\n").unwrap_err();
        assert!(e.to_string().starts_with("c.sbv: line 1: "), "{e}");
    }

    #[test]
    fn a_sentence_with_a_comma_and_dots_is_not_a_timing_line() {
        assert!(!is_timing_line("At 1.5, we stop."));
        assert!(is_timing_line("0:00:00.940,0:00:05.050"));
        assert!(is_timing_line("00:00.940,00:05.050"));
    }
}
