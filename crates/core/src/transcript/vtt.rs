//! WebVTT: Zoom (`Name: text` payloads), Microsoft Teams (`<v Name>text</v>`, GUID-like cue
//! identifiers), Google Meet and YouTube-style exports (header metadata such as `Kind:`), and any
//! other file that follows the W3C format.
//!
//! Read: the `WEBVTT` header line and its metadata lines; `NOTE`, `STYLE` and `REGION` blocks
//! (skipped); cues with an optional identifier line, a timing line (hours optional, cue settings
//! ignored) and one or more payload lines (tags, character references and speakers handled by
//! [`payload`](super::payload)). A cue ends at an empty line; a line holding only spaces is payload.
//! Rolling captions (YouTube's automatic captions, where each cue repeats the line before) are
//! de-duplicated by [`youtube`](super::youtube).
//!
//! Strictness: a block that is neither a cue nor one of those blocks is an error naming its line,
//! as is a timing line that does not parse or ends before it starts. Overlapping cues are
//! accepted and ordered by start time.

use std::path::Path;

use crate::transcript::cue::{self, Cue};
use crate::transcript::finish::finish;
use crate::transcript::payload::{utterances, Markup, SpeakerPrefixes};
use crate::transcript::timestamp::{is_timing_line, parse_timing_line};
use crate::transcript::youtube::{self, RawCue};
use crate::transcript::{Timing, Transcript};
use crate::{Error, Result};

pub fn parse(text: &str, path: &Path) -> Result<Transcript> {
    let lines: Vec<&str> = text
        .strip_prefix('\u{FEFF}')
        .unwrap_or(text)
        .lines()
        .collect();
    check_header(lines.first().copied(), path)?;

    let mut cues: Vec<RawCue<'_>> = Vec::new();
    // The header block runs to the first blank line; its metadata lines are skipped. A timing
    // line also ends it, for files that omit the blank line after `WEBVTT`.
    let mut i = 1;
    while lines
        .get(i)
        .is_some_and(|l| !l.trim().is_empty() && !is_timing_line(l))
    {
        i += 1;
    }
    loop {
        i = skip_blank(&lines, i);
        let Some(&first) = lines.get(i) else { break };
        let keyword = first.split([' ', '\t']).next().unwrap_or("");
        if matches!(keyword, "NOTE" | "STYLE" | "REGION") && !is_timing_line(first) {
            i = block_end(&lines, i);
            continue;
        }
        let timing_at = if is_timing_line(first) {
            i
        } else {
            match lines.get(i + 1) {
                Some(next) if is_timing_line(next) => i + 1,
                _ => {
                    return Err(Error::at_line(
                        path,
                        i + 1,
                        format!(
                            "expected a cue (optional identifier, then a timing line like \
                             `00:00:01.000 --> 00:00:04.000`), found `{}`",
                            excerpt(first)
                        ),
                    ))
                }
            }
        };
        let timing = parse_timing_line(lines.get(timing_at).copied().unwrap_or_default())
            .map_err(|message| Error::at_line(path, timing_at + 1, message))?;
        let payload_start = timing_at + 1;
        let end = payload_end(&lines, payload_start);
        cues.push(RawCue {
            start_ms: timing.start_ms,
            end_ms: timing.end_ms,
            lines: lines.get(payload_start..end).unwrap_or_default().to_vec(),
        });
        i = end;
    }
    let segments = if youtube::is_rolling(&cues) {
        youtube::segments(&cues)
    } else {
        let payload_lines = cues.iter().flat_map(|c| c.lines.iter().copied());
        let prefixes = SpeakerPrefixes::learn(payload_lines);
        cue::segments(
            cues.iter()
                .map(|c| Cue {
                    start_ms: c.start_ms,
                    end_ms: c.end_ms,
                    utterances: utterances(&c.lines, Markup::Vtt, &prefixes),
                })
                .collect(),
        )
    };
    finish(segments, Timing::Measured, path)
}

/// Where a cue's payload starting at `start` ends. WebVTT ends a cue at an empty line only: a line
/// of spaces is payload (YouTube writes one into every cue). Writers that do end cues with a line of
/// spaces are still read: such a line ends the payload when a cue (a timing line, or an identifier
/// and a timing line) or the end of the file follows it. A line with `-->`, which WebVTT never
/// allows inside cue text, also ends it: a missing blank line between cues is tolerated that way.
fn payload_end(lines: &[&str], start: usize) -> usize {
    let mut end = start;
    while let Some(line) = lines.get(end) {
        if line.is_empty() || is_timing_line(line) {
            break;
        }
        if line.trim().is_empty() {
            let next = lines.get(end + 1);
            let cue_follows = next.is_none_or(|n| n.trim().is_empty() || is_timing_line(n))
                || lines.get(end + 2).is_some_and(|n| is_timing_line(n));
            if cue_follows {
                break;
            }
        }
        end += 1;
    }
    end
}

fn check_header(first: Option<&str>, path: &Path) -> Result<()> {
    let ok = first.is_some_and(|line| {
        line.strip_prefix("WEBVTT")
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
    });
    if ok {
        Ok(())
    } else {
        Err(Error::at_line(
            path,
            1,
            "missing `WEBVTT` header: not a WebVTT file",
        ))
    }
}

/// Index of the first blank line at or after `i` (or the end).
fn block_end(lines: &[&str], mut i: usize) -> usize {
    while lines.get(i).is_some_and(|l| !l.trim().is_empty()) {
        i += 1;
    }
    i
}

fn skip_blank(lines: &[&str], mut i: usize) -> usize {
    while lines.get(i).is_some_and(|l| l.trim().is_empty()) {
        i += 1;
    }
    i
}

/// A line as it may appear in an error message: at most 60 characters.
pub(crate) fn excerpt(line: &str) -> String {
    let trimmed = line.trim();
    match trimmed.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &trimmed[..at]),
        None => trimmed.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::triples;

    fn read(text: &str) -> Result<Transcript> {
        parse(text, Path::new("t.vtt"))
    }

    #[test]
    fn zoom_cues_with_numeric_ids_and_name_prefixes() {
        let t = read(
            "WEBVTT\n\n1\n00:00:02.340 --> 00:00:05.120\nPriya Shah: Let's design a rate limiter.\n\n\
             2\n00:00:05.900 --> 00:00:09.000\nDev Patel: Who are the clients?\n",
        )
        .unwrap();
        assert_eq!(
            triples(&t),
            [
                (
                    2_340,
                    5_120,
                    Some("Priya Shah"),
                    "Let's design a rate limiter."
                ),
                (5_900, 9_000, Some("Dev Patel"), "Who are the clients?"),
            ]
        );
        assert_eq!(t.timing, Timing::Measured);
    }

    #[test]
    fn teams_cues_with_guid_ids_and_voice_spans() {
        let t = read(
            "WEBVTT\n\n3f1c2a9e-6d4b-4a8e-9c1d-2b7f0e5a8c31/12-0\n00:00:03.120 --> 00:00:06.480\n\
             <v Priya Shah>So today, a rate limiter.</v>\n",
        )
        .unwrap();
        assert_eq!(
            triples(&t),
            [(
                3_120,
                6_480,
                Some("Priya Shah"),
                "So today, a rate limiter."
            )]
        );
    }

    #[test]
    fn header_metadata_notes_styles_and_regions_are_skipped() {
        let t = read(
            "WEBVTT - exported\nKind: captions\nLanguage: en\n\nNOTE recorded in Meet\nsecond note line\n\n\
             STYLE\n::cue { color: yellow }\n\nREGION\nid:left width:40%\n\n\
             00:01.000 --> 00:02.500 align:start position:10%\nHello.\n",
        )
        .unwrap();
        assert_eq!(triples(&t), [(1_000, 2_500, None, "Hello.")]);
    }

    #[test]
    fn multi_line_cue_and_crlf_free_text_join() {
        let t =
            read("WEBVTT\n\n00:00.000 --> 00:03.000\n<i>Token</i> bucket\nper user &amp; per IP\n")
                .unwrap();
        assert_eq!(t.segments[0].text, "Token bucket per user & per IP");
    }

    #[test]
    fn missing_blank_line_between_cues_is_tolerated() {
        let t = read("WEBVTT\n\n00:00.000 --> 00:01.000\nOne.\n00:01.000 --> 00:02.000\nTwo.\n")
            .unwrap();
        assert_eq!(t.segments.len(), 2);
    }

    #[test]
    fn overlapping_cues_are_kept_in_start_order() {
        let t = read(
            "WEBVTT\n\n00:05.000 --> 00:08.000\nLater.\n\n00:01.000 --> 00:06.000\nEarlier, overlapping.\n",
        )
        .unwrap();
        let starts: Vec<u64> = t.segments.iter().map(|s| s.start_ms).collect();
        assert_eq!(starts, [1_000, 5_000]);
    }

    #[test]
    fn missing_header_is_an_error_on_line_1() {
        let e = read("00:00.000 --> 00:01.000\nHi\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.vtt: line 1: missing `WEBVTT` header: not a WebVTT file"
        );
    }

    #[test]
    fn cue_right_after_the_header_line_is_read() {
        let t = read("WEBVTT\n00:00.000 --> 00:01.000\nHi\n").unwrap();
        assert_eq!(triples(&t), [(0, 1_000, None, "Hi")]);
    }

    #[test]
    fn header_must_be_the_word_webvtt() {
        assert!(read("WEBVTTX\n\n00:00.000 --> 00:01.000\nHi\n").is_err());
    }

    #[test]
    fn backwards_cue_is_an_error_naming_its_line() {
        let e = read("WEBVTT\n\n1\n00:10:00.000 --> 00:01:00.000\nHi\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.vtt: line 4: end time 00:01:00.000 is before start time 00:10:00.000"
        );
    }

    #[test]
    fn absurd_time_is_an_error_naming_its_line() {
        let e = read("WEBVTT\n\n99999:00:00.000 --> 99999:00:01.000\nHi\n").unwrap_err();
        assert!(e.to_string().starts_with("t.vtt: line 3: "), "{e}");
        assert!(e.to_string().contains("24 hours"), "{e}");
    }

    #[test]
    fn garbage_block_is_an_error_naming_its_line() {
        let e = read("WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n\nthis is not a cue\nnor is this\n")
            .unwrap_err();
        assert!(
            e.to_string().starts_with("t.vtt: line 6: expected a cue"),
            "{e}"
        );
        assert!(e.to_string().contains("`this is not a cue`"), "{e}");
    }

    #[test]
    fn malformed_timing_line_is_an_error() {
        let e = read("WEBVTT\n\n00:00.000 --> soon\nHi\n").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("t.vtt: line 3: `soon` is not a timestamp"),
            "{e}"
        );
    }

    #[test]
    fn header_only_file_has_no_speech() {
        let e = read("WEBVTT\n\nNOTE nothing here\n").unwrap_err();
        assert_eq!(e.to_string(), "t.vtt: no speech segments in t.vtt");
    }

    #[test]
    fn cue_without_payload_is_dropped() {
        let t =
            read("WEBVTT\n\n00:00.000 --> 00:01.000\n\n00:01.000 --> 00:02.000\nYes.\n").unwrap();
        assert_eq!(triples(&t), [(1_000, 2_000, None, "Yes.")]);
    }

    #[test]
    fn a_line_of_spaces_inside_a_cue_is_payload() {
        let t = read(
            "WEBVTT\n\n00:00.000 --> 00:02.000\n \nHello there\n\n00:02.000 --> 00:03.000\nBye\n",
        )
        .unwrap();
        assert_eq!(
            triples(&t),
            [(0, 2_000, None, "Hello there"), (2_000, 3_000, None, "Bye")]
        );
    }

    #[test]
    fn a_line_of_spaces_before_the_next_cue_ends_the_cue() {
        let t = read("WEBVTT\n\n1\n00:00.000 --> 00:02.000\nHello\n   \n2\n00:02.000 --> 00:03.000\nBye\n   \n00:03.000 --> 00:04.000\nAgain\n   ")
            .unwrap();
        assert_eq!(
            triples(&t),
            [
                (0, 2_000, None, "Hello"),
                (2_000, 3_000, None, "Bye"),
                (3_000, 4_000, None, "Again")
            ]
        );
    }

    #[test]
    fn a_lone_name_prefix_does_not_take_over_the_file() {
        let mut text = String::from("WEBVTT\n\n");
        for i in 0..30 {
            let line = if i == 3 {
                "Digo: Le doy un abrazo.".to_string()
            } else {
                format!("Es cierto, {i}.")
            };
            text.push_str(&format!("00:{i:02}.000 --> 00:{i:02}.500\n{line}\n\n"));
        }
        let t = read(&text).unwrap();
        assert!(t.speakers().is_empty(), "{:?}", t.speakers());
        assert_eq!(t.segments[3].text, "Digo: Le doy un abrazo.");
    }

    #[test]
    fn long_garbage_is_shortened_in_the_message() {
        let junk = "x".repeat(500);
        let e = read(&format!("WEBVTT\n\n{junk}\n")).unwrap_err();
        assert!(e.to_string().len() < 250, "{e}");
    }
}
