//! whisper.cpp's console output saved to a file (`whisper-cli -f talk.wav > talk.txt`).
//!
//! ```text
//! [00:00:00.000 --> 00:00:03.170]   And so my fellow Americans, ask not
//! [00:00:03.170 --> 00:00:08.260]   what your country can do for you,
//! ```
//!
//! Each line is a segment: its times, two spaces, its text. With `--diarize` the text starts with
//! `(speaker 0)` (`(speaker ?)` when unsure: no speaker); with `--tinydiarize` a line ending in
//! `[SPEAKER_TURN]` is followed by the other speaker, read as `Speaker A` / `Speaker B` alternating
//! (as the whisper.cpp JSON reader does). Colour codes (`--print-colors`) are removed. Log lines
//! before the first segment and after the last (whisper.cpp's, when stderr went to the file too)
//! are skipped; anything else between segments is an error naming its line.
//!
//! With `-ml N` (at most N characters a line; `-ml 1` gives one token a line) a word can be cut
//! between lines: a line whose text does not start with a space and that starts where the line
//! before ends continues it (`I` + `'d` is one word). whisper.cpp can even cut a character of two
//! or more bytes, leaving each line alone invalid UTF-8; the file is therefore read as bytes, the
//! pieces joined, and only then decoded. Bytes that are still not UTF-8 are an error naming their
//! byte offset.

use std::path::Path;

use crate::transcript::finish::finish;
use crate::transcript::payload::collapse_spaces;
use crate::transcript::timestamp::parse_timing_line;
use crate::transcript::{speaker, Segment, Timing, Transcript};
use crate::{Error, Result};

const TURN: &str = "[SPEAKER_TURN]";
/// A continuation line starts at most this long after the line before ends.
const ADJACENT_MS: u64 = 10;

/// The `[start --> end]` stamp at the start of a line and where the text after it begins.
fn stamp(line: &[u8]) -> Option<(&str, usize)> {
    let rest = line.strip_prefix(b"[")?;
    let close = rest.iter().position(|&b| b == b']')?;
    let inner = std::str::from_utf8(&rest[..close]).ok()?;
    let shaped = inner.contains("-->")
        && inner
            .bytes()
            .all(|b| b.is_ascii_digit() || b" :.,->".contains(&b));
    shaped.then_some((inner, close + 2))
}

/// Whether the content is whisper.cpp console output: its first non-blank line is a stamped one.
pub(crate) fn looks_like(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes
        .split(|&b| b == b'\n')
        .map(strip_cr)
        .find(|l| !l.trim_ascii().is_empty())
        .is_some_and(|l| stamp(&strip_colors(l)).is_some())
}

fn strip_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Removes ANSI colour sequences (`ESC [ … m`).
fn strip_colors(line: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(line.len());
    let mut i = 0;
    while i < line.len() {
        if line[i] == 0x1B && line.get(i + 1) == Some(&b'[') {
            let mut j = i + 2;
            while j < line.len() && !line[j].is_ascii_alphabetic() {
                j += 1;
            }
            i = j + 1;
        } else {
            out.push(line[i]);
            i += 1;
        }
    }
    out
}

struct Line {
    number: usize,
    /// Byte offset of the text in the file, for errors (approximate after colour codes).
    offset: usize,
    start_ms: u64,
    end_ms: u64,
    text: Vec<u8>,
}

pub fn parse_bytes(bytes: &[u8], path: &Path) -> Result<Transcript> {
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let body = &bytes[bom..];
    let mut lines: Vec<Line> = Vec::new();
    let mut pending_log: Option<(usize, String)> = None;
    let mut offset = bom;
    for (n, raw) in body.split(|&b| b == b'\n').enumerate() {
        let line_offset = offset;
        offset += raw.len() + 1;
        let clean = strip_colors(strip_cr(raw));
        if clean.trim_ascii().is_empty() {
            continue;
        }
        let Some((inner, text_at)) = stamp(&clean) else {
            if !lines.is_empty() && pending_log.is_none() {
                pending_log = Some((n + 1, String::from_utf8_lossy(&clean).into_owned()));
            }
            continue;
        };
        if let Some((number, text)) = pending_log.take() {
            return Err(Error::at_line(
                path,
                number,
                format!(
                    "expected a whisper.cpp segment line like `[00:00:01.000 --> 00:00:04.000]  text`, found `{}`",
                    crate::transcript::vtt::excerpt(&text)
                ),
            ));
        }
        let timing = parse_timing_line(inner).map_err(|m| Error::at_line(path, n + 1, m))?;
        let text = &clean[text_at.min(clean.len())..];
        // The two spaces whisper.cpp puts after the stamp; the text itself usually starts with one.
        let text = text.strip_prefix(b"  ").unwrap_or(text);
        let text_offset = line_offset + (clean.len() - text.len());
        // With `-ml N` a word can be cut between lines: a line whose text does not start with a
        // space, right where the line before ends, continues that line (a token such as `'d` or
        // `.`, or the rest of a character whose first bytes ended the line before).
        if let Some(prev) = lines.last_mut() {
            let joins = !text.first().is_some_and(|b| b.is_ascii_whitespace())
                && !text.starts_with(b"(speaker ")
                && timing.start_ms <= prev.end_ms + ADJACENT_MS
                && timing.start_ms >= prev.start_ms;
            if joins {
                prev.text.extend_from_slice(text);
                prev.end_ms = prev.end_ms.max(timing.end_ms);
                continue;
            }
        }
        lines.push(Line {
            number: n + 1,
            offset: text_offset,
            start_ms: timing.start_ms,
            end_ms: timing.end_ms,
            text: text.to_vec(),
        });
    }
    if lines.is_empty() {
        return Err(Error::at_line(
            path,
            1,
            "no whisper.cpp segment line like `[00:00:01.000 --> 00:00:04.000]  text`",
        ));
    }

    let mut segments = Vec::with_capacity(lines.len());
    let mut tdrz = false;
    let mut tdrz_seen = false;
    for line in lines {
        let text = std::str::from_utf8(&line.text).map_err(|e| {
            Error::at_byte(
                path,
                (line.offset + e.valid_up_to()) as u64,
                format!(
                    "invalid UTF-8 in the text of line {}: save the output as UTF-8",
                    line.number
                ),
            )
        })?;
        let mut text = text.trim();
        let mut who: Option<String> = None;
        if let Some(rest) = text.strip_prefix("(speaker ") {
            if let Some(close) = rest.find(')') {
                who = speaker::label(&rest[..close]).map(|id| format!("Speaker {id}"));
                text = rest[close + 1..].trim_start();
            }
        }
        let turn = text.ends_with(TURN);
        if turn {
            text = text[..text.len() - TURN.len()].trim_end();
            tdrz_seen = true;
        }
        segments.push((
            Segment {
                start_ms: line.start_ms,
                end_ms: line.end_ms,
                speaker: who,
                text: collapse_spaces(text),
                words: Vec::new(),
            },
            turn,
        ));
    }
    let segments = segments
        .into_iter()
        .map(|(mut s, turn)| {
            if tdrz_seen && s.speaker.is_none() {
                s.speaker = Some(if tdrz { "Speaker B" } else { "Speaker A" }.to_string());
                if turn {
                    tdrz = !tdrz;
                }
            }
            s
        })
        .collect();
    finish(segments, Timing::Measured, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Result<Transcript> {
        parse_bytes(bytes, Path::new("w.txt"))
    }

    use crate::test_support::triples as rows;

    // whisper.cpp's README, samples/jfk.wav with the base.en model.
    const JFK: &str = "[00:00:00.000 --> 00:00:11.000]   And so my fellow Americans, ask not what your country can do for you, ask what you can do for your country.\n";

    #[test]
    fn console_lines_are_segments() {
        assert!(looks_like(JFK.as_bytes()));
        let t = read(JFK.as_bytes()).unwrap();
        assert_eq!(t.segments.len(), 1);
        assert_eq!(t.segments[0].end_ms, 11_000);
        assert!(t.segments[0].text.starts_with("And so my fellow"));
        assert_eq!(t.timing, Timing::Measured);
    }

    #[test]
    fn a_character_split_over_two_lines_is_put_back_together() {
        // `-ml 1`: "café" as the tokens " caf\xC3" and "\xA9".
        let bytes = b"[00:00:00.000 --> 00:00:00.400]   Un\n[00:00:00.400 --> 00:00:00.800]   caf\xC3\n[00:00:00.800 --> 00:00:00.900]  \xA9\n[00:00:00.900 --> 00:00:01.300]   noir\n";
        let t = read(bytes).unwrap();
        assert_eq!(
            rows(&t),
            [
                (0, 400, None, "Un"),
                (400, 900, None, "café"),
                (900, 1_300, None, "noir")
            ]
        );
    }

    #[test]
    fn tokens_cut_from_their_word_join_it() {
        let t = read(b"[00:00:00.000 --> 00:00:00.300]   I\n[00:00:00.300 --> 00:00:00.600]  'd\n[00:00:00.600 --> 00:00:00.900]   say\n[00:00:00.900 --> 00:00:01.200]  .\n[00:00:05.000 --> 00:00:05.300]  Later\n").unwrap();
        assert_eq!(
            rows(&t),
            [
                (0, 600, None, "I'd"),
                (600, 1_200, None, "say."),
                (5_000, 5_300, None, "Later")
            ]
        );
    }

    #[test]
    fn broken_utf8_that_cannot_be_mended_names_its_byte() {
        let e = read(b"[00:00:00.000 --> 00:00:00.400]   ab\xFFcd\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "w.txt: byte 36: invalid UTF-8 in the text of line 1: save the output as UTF-8"
        );
    }

    #[test]
    fn diarize_and_tinydiarize_speakers() {
        let t = read(
            b"[00:00:00.000 --> 00:00:02.000]  (speaker 0) Design a cache.\n[00:00:02.000 --> 00:00:03.000]  (speaker ?) Hmm.\n[00:00:03.000 --> 00:00:04.000]  (speaker 1) Why?\n",
        )
        .unwrap();
        let who: Vec<_> = t.segments.iter().map(|s| s.speaker.as_deref()).collect();
        assert_eq!(who, [Some("Speaker 0"), None, Some("Speaker 1")]);
        let t = read(
            b"[00:00:00.000 --> 00:00:02.000]   Design a cache. [SPEAKER_TURN]\n[00:00:02.000 --> 00:00:03.000]   Why? [SPEAKER_TURN]\n[00:00:03.000 --> 00:00:04.000]   Latency.\n",
        )
        .unwrap();
        assert_eq!(
            rows(&t),
            [
                (0, 2_000, Some("Speaker A"), "Design a cache."),
                (2_000, 3_000, Some("Speaker B"), "Why?"),
                (3_000, 4_000, Some("Speaker A"), "Latency.")
            ]
        );
    }

    #[test]
    fn logs_around_the_segments_are_skipped_and_garbage_between_is_not() {
        let t = read(
            b"whisper_init_from_file: loading model\n\n\x1b[38;5;160m[00:00:00.000 --> 00:00:01.000]   Hi.\x1b[0m\n\nwhisper_print_timings: total time = 1 ms\n",
        )
        .unwrap();
        assert_eq!(rows(&t), [(0, 1_000, None, "Hi.")]);
        let e = read(b"[00:00:00.000 --> 00:00:01.000]   Hi.\noops\n[00:00:01.000 --> 00:00:02.000]   Bye.\n")
            .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("w.txt: line 2: expected a whisper.cpp segment line"),
            "{e}"
        );
        let e = read(b"[00:00:05.000 --> 00:00:01.000]   Hi.\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "w.txt: line 1: end time 00:00:01.000 is before start time 00:00:05.000"
        );
    }

    #[test]
    fn plain_text_with_brackets_is_not_console_output() {
        assert!(!looks_like(b"[00:05] Ana: hello\n"));
        assert!(!looks_like(b"[laughs] ok\n"));
    }
}
