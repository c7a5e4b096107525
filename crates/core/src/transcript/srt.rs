//! SubRip (`.srt`): numbered cues, `00:00:01,000 --> 00:00:04,000` timing lines (a `.` before the
//! milliseconds is accepted too), text lines with optional `Name:` prefixes and HTML-like tags.
//!
//! Tolerated quirks: extra blank lines anywhere between cues, a missing cue number, a missing blank
//! line before the next cue (a number followed by a timing line, or a bare timing line, starts a
//! new cue), a blank line between the number and its timing line, and position coordinates after
//! the end time. Anything else where a cue should start is an error naming its line: SRT has no
//! comments, so such a line is damage, not content to skip.

use std::path::Path;

use crate::transcript::cue::{self, Cue};
use crate::transcript::finish::finish;
use crate::transcript::payload::{utterances, Markup, SpeakerPrefixes};
use crate::transcript::timestamp::{is_timing_line, parse_timing_line};
use crate::transcript::vtt::excerpt;
use crate::transcript::{Timing, Transcript};
use crate::{Error, Result};

pub fn parse(text: &str, path: &Path) -> Result<Transcript> {
    let lines: Vec<&str> = text
        .strip_prefix('\u{FEFF}')
        .unwrap_or(text)
        .lines()
        .collect();
    let prefixes = SpeakerPrefixes::learn(lines.iter().copied());
    let mut cues = Vec::new();
    let mut i = skip_blank(&lines, 0);
    while let Some(&line) = lines.get(i) {
        let timing_at = if is_timing_line(line) {
            i
        } else if is_cue_number(line) {
            let next = skip_blank(&lines, i + 1);
            match lines.get(next) {
                Some(l) if is_timing_line(l) => next,
                _ => {
                    return Err(Error::at_line(
                        path,
                        i + 1,
                        format!(
                            "cue number {} is not followed by a timing line",
                            line.trim()
                        ),
                    ))
                }
            }
        } else {
            return Err(Error::at_line(
                path,
                i + 1,
                format!(
                    "expected a cue number or a timing line like \
                     `00:00:01,000 --> 00:00:04,000`, found `{}`",
                    excerpt(line)
                ),
            ));
        };
        let timing = parse_timing_line(lines.get(timing_at).copied().unwrap_or_default())
            .map_err(|message| Error::at_line(path, timing_at + 1, message))?;
        let payload_start = timing_at + 1;
        let mut end = payload_start;
        while let Some(l) = lines.get(end) {
            if l.trim().is_empty() || is_timing_line(l) || starts_next_cue(&lines, end) {
                break;
            }
            end += 1;
        }
        cues.push(Cue {
            start_ms: timing.start_ms,
            end_ms: timing.end_ms,
            utterances: utterances(
                lines.get(payload_start..end).unwrap_or_default(),
                Markup::Srt,
                &prefixes,
            ),
        });
        i = skip_blank(&lines, end);
    }
    finish(cue::segments(cues), Timing::Measured, path)
}

fn is_cue_number(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.len() <= 9 && t.bytes().all(|b| b.is_ascii_digit())
}

/// A number line directly followed by a timing line: the next cue, even without a blank line.
fn starts_next_cue(lines: &[&str], i: usize) -> bool {
    lines.get(i).is_some_and(|l| is_cue_number(l))
        && lines.get(i + 1).is_some_and(|l| is_timing_line(l))
}

fn skip_blank(lines: &[&str], mut i: usize) -> usize {
    while lines.get(i).is_some_and(|l| l.trim().is_empty()) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::triples;

    fn read(text: &str) -> Result<Transcript> {
        parse(text, Path::new("t.srt"))
    }

    #[test]
    fn numbered_cues_with_speaker_prefixes() {
        let t = read(
            "1\n00:00:01,000 --> 00:00:04,500\nPriya Shah: Design a rate limiter.\n\n\
             2\n00:00:05,000 --> 00:00:07,000\nDev Patel: For which clients?\n",
        )
        .unwrap();
        assert_eq!(
            triples(&t),
            [
                (1_000, 4_500, Some("Priya Shah"), "Design a rate limiter."),
                (5_000, 7_000, Some("Dev Patel"), "For which clients?"),
            ]
        );
    }

    #[test]
    fn cues_without_names_have_no_speaker() {
        let t =
            read("1\n00:00:01,000 --> 00:00:02,000\n<i>Hello</i> there\nsecond line\n").unwrap();
        assert_eq!(
            triples(&t),
            [(1_000, 2_000, None, "Hello there second line")]
        );
    }

    #[test]
    fn extra_blank_lines_and_missing_numbers_are_tolerated() {
        let t = read(
            "\n\n1\n\n00:00:01,000 --> 00:00:02,000\nOne.\n\n\n\n00:00:03,000 --> 00:00:04,000\nTwo.\n\n\n",
        )
        .unwrap();
        assert_eq!(t.segments.len(), 2);
    }

    #[test]
    fn missing_blank_line_before_the_next_cue_is_tolerated() {
        let t = read(
            "1\n00:00:01,000 --> 00:00:02,000\nOne.\n2\n00:00:03,000 --> 00:00:04,000\nTwo.\n",
        )
        .unwrap();
        assert_eq!(
            triples(&t),
            [(1_000, 2_000, None, "One."), (3_000, 4_000, None, "Two.")]
        );
    }

    #[test]
    fn a_number_inside_cue_text_stays_text() {
        let t = read("1\n00:00:01,000 --> 00:00:02,000\nThe limit is\n100\nper minute.\n").unwrap();
        assert_eq!(t.segments[0].text, "The limit is 100 per minute.");
    }

    #[test]
    fn dot_milliseconds_and_coordinates_are_accepted() {
        let t = read("1\n00:00:01.000 --> 00:00:02.000 X1:10 X2:20 Y1:5 Y2:9\nHi\n").unwrap();
        assert_eq!(triples(&t), [(1_000, 2_000, None, "Hi")]);
    }

    #[test]
    fn overlapping_cues_are_ordered_by_start() {
        let t =
            read("1\n00:00:05,000 --> 00:00:09,000\nB\n\n2\n00:00:01,000 --> 00:00:06,000\nA\n")
                .unwrap();
        assert_eq!(t.segments[0].text, "A");
    }

    #[test]
    fn backwards_cue_is_an_error_naming_its_line() {
        let e =
            read("1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n00:00:09,000 --> 00:00:03,000\nB\n")
                .unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.srt: line 6: end time 00:00:03,000 is before start time 00:00:09,000"
        );
    }

    #[test]
    fn garbage_where_a_cue_should_start_is_an_error_naming_its_line() {
        let e = read("1\n00:00:01,000 --> 00:00:02,000\nA\n\nlorem ipsum\n").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("t.srt: line 5: expected a cue number"),
            "{e}"
        );
    }

    #[test]
    fn number_without_timing_is_an_error() {
        let e = read("1\nhello\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.srt: line 1: cue number 1 is not followed by a timing line"
        );
    }

    #[test]
    fn absurd_hours_are_an_error() {
        let e = read("1\n99999:00:00,000 --> 99999:00:01,000\nA\n").unwrap_err();
        assert!(e.to_string().starts_with("t.srt: line 2: "), "{e}");
    }

    #[test]
    fn empty_file_has_no_speech() {
        let e = read("\n\n").unwrap_err();
        assert_eq!(e.to_string(), "t.srt: no speech segments in t.srt");
    }
}
