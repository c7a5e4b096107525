//! Plain text: one utterance per line, with an optional `Name:` speaker prefix and an optional
//! `[mm:ss]` / `[h:mm:ss]` start time in front (the layout [`write::txt`](super::write::txt)
//! produces).
//!
//! Untimed text: each non-blank line is a segment, times are invented at 150 words per minute
//! (400 ms a word, one after another) and the transcript is marked [`Timing::Estimated`], so the
//! content rules run while the report can say phase timing is an estimate.
//!
//! Timed text: each `[mm:ss]` line starts a segment at that time; untimed lines after it continue
//! its text (wrapped paragraphs) when the speaker stays the same, and otherwise start where the
//! previous turn ends at 150 words per minute. A line holding only a time (`00:05:00`, as Google
//! Meet's text export writes every few minutes) or a name and a time (`Priya Shah  0:12`, as
//! Otter writes above each turn) sets the time, and the speaker, of the text below it. Lines
//! with no speaker before the first time are the export's title or header and are skipped. A segment
//! ends at the next segment's start or after its words at 100 words per minute, whichever is
//! first (the file has no end times; the cap keeps long silences from counting as speech). Such
//! a transcript is [`Timing::Measured`], to the second.
//!
//! A line without a prefix continues the previous line's speaker.

use std::path::Path;

use crate::transcript::finish::finish;
use crate::transcript::payload::{
    collapse_spaces, looks_like_name, utterances, Markup, SpeakerPrefixes,
};
use crate::transcript::timestamp;
use crate::transcript::{speaker, Segment, Timing, Transcript};
use crate::Result;

/// 150 words per minute: the estimated speaking rate for untimed text.
pub const ESTIMATED_MS_PER_WORD: u64 = 400;
/// 100 words per minute: the slowest rate assumed when only start times are known.
const SLOW_MS_PER_WORD: u64 = 600;

pub fn parse(text: &str, path: &Path) -> Result<Transcript> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let lines: Vec<Line<'_>> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(classify)
        .collect();
    let prefixes = SpeakerPrefixes::learn(lines.iter().filter_map(|l| match l {
        Line::Text { text, .. } => Some(*text),
        Line::Marker { .. } => None,
    }));
    let timed = lines.iter().any(|l| match l {
        Line::Text { time, .. } => time.is_some(),
        Line::Marker { .. } => true,
    });

    let mut turns: Vec<Turn> = Vec::new();
    let mut last_speaker: Option<String> = None;
    // A time (and speaker) from a marker line, for the next line of text.
    let mut pending: Option<u64> = None;
    for line in lines {
        let (time, text) = match line {
            Line::Marker { time, speaker } => {
                pending = Some(time);
                if let Some(label) = speaker {
                    last_speaker = speaker::label(&label);
                }
                continue;
            }
            Line::Text { time, text } => (time.or_else(|| pending.take()), text),
        };
        let continues = timed && time.is_none() && !turns.is_empty();
        let before_first_time = timed && time.is_none() && turns.is_empty();
        for u in utterances(&[text], Markup::None, &prefixes) {
            if before_first_time && u.speaker.is_none() && last_speaker.is_none() {
                // A title or header line ("Rate limiter mock - Transcript", "Attendees").
                continue;
            }
            // A label that means "unknown" is nobody (see `speaker`).
            let speaker = match u.speaker {
                Some(label) => speaker::label(&label),
                None => last_speaker.clone(),
            };
            last_speaker.clone_from(&speaker);
            match turns.last_mut() {
                Some(last) if continues && last.1 == speaker => {
                    last.2.push(' ');
                    last.2.push_str(&u.text);
                }
                _ => turns.push((time, speaker, u.text)),
            }
        }
    }

    let segments = if timed {
        timed_segments(turns)
    } else {
        estimated_segments(turns)
    };
    let timing = if timed {
        Timing::Measured
    } else {
        Timing::Estimated
    };
    finish(segments, timing, path)
}

enum Line<'a> {
    /// A line that only sets the time (and maybe the speaker) of the text that follows:
    /// `00:05:00` (Google Meet's text export) or `Priya Shah  0:12` (Otter's).
    Marker { time: u64, speaker: Option<String> },
    /// Text, with its own `[mm:ss]` time if it has one.
    Text { time: Option<u64>, text: &'a str },
}

fn classify(line: &str) -> Line<'_> {
    let trimmed = line.trim();
    let bare = trimmed
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(trimmed);
    if let Ok(time) = timestamp::parse(bare) {
        return Line::Marker {
            time,
            speaker: None,
        };
    }
    if let Some((name, clock)) = trimmed.rsplit_once([' ', '\t']) {
        let name = name.trim();
        if looks_like_name(name) && name.split_whitespace().count() <= 4 {
            if let Ok(time) = timestamp::parse(clock) {
                return Line::Marker {
                    time,
                    speaker: Some(collapse_spaces(name)),
                };
            }
        }
    }
    let (time, text) = split_time(line);
    Line::Text { time, text }
}

/// `[01:02] rest`, `[1:02:03] rest`, `(01:02) rest` → the time and the rest of the line.
fn split_time(line: &str) -> (Option<u64>, &str) {
    let t = line.trim_start();
    let close = match t.chars().next() {
        Some('[') => ']',
        Some('(') => ')',
        _ => return (None, line),
    };
    let Some(end) = t.find(close) else {
        return (None, line);
    };
    match timestamp::parse(&t[1..end]) {
        Ok(ms) => (Some(ms), &t[end + 1..]),
        Err(_) => (None, line),
    }
}

fn word_count(text: &str) -> u64 {
    text.split_whitespace().count().max(1) as u64
}

fn estimated_segments(turns: Vec<Turn>) -> Vec<Segment> {
    let mut cursor = 0u64;
    turns
        .into_iter()
        .map(|(_, speaker, text)| {
            let start_ms = cursor;
            cursor = cursor.saturating_add(word_count(&text).saturating_mul(ESTIMATED_MS_PER_WORD));
            Segment {
                start_ms,
                end_ms: cursor,
                speaker,
                text,
                words: Vec::new(),
            }
        })
        .collect()
}

/// A turn of a transcript that states start times only: its start if stated, speaker and text.
pub(crate) type Turn = (Option<u64>, Option<String>, String);

/// Adds a line of text to the turn under the last heading (Otter, Zoom): lines are joined with
/// spaces.
pub(crate) fn add_line(turn: &mut Turn, line: &str) {
    if !turn.2.is_empty() {
        turn.2.push(' ');
    }
    turn.2.push_str(line.trim());
}

/// Segments for turns gathered under headings: text with its spaces collapsed, turns left with no
/// text dropped, then timed as [`timed_segments`].
pub(crate) fn headed_segments(mut turns: Vec<Turn>) -> Vec<Segment> {
    for turn in &mut turns {
        turn.2 = collapse_spaces(&turn.2);
    }
    turns.retain(|t| !t.2.is_empty());
    timed_segments(turns)
}

/// Segments for turns with start times only (see the module documentation): a turn without a
/// time starts where the one before ends at 150 words per minute; each ends at the next later
/// start or after its words at 100 words per minute, whichever is first; the last after its words
/// at 150 words per minute.
pub(crate) fn timed_segments(turns: Vec<Turn>) -> Vec<Segment> {
    // Starts: the stated time, or where the turn before ends at 150 words per minute.
    let mut cursor = 0u64;
    let mut turns: Vec<(u64, Option<String>, String)> = turns
        .into_iter()
        .map(|(time, speaker, text)| {
            let start = time.unwrap_or(cursor);
            cursor = start.saturating_add(word_count(&text).saturating_mul(ESTIMATED_MS_PER_WORD));
            (start, speaker, text)
        })
        .collect();
    turns.sort_by_key(|t| t.0);
    let starts: Vec<u64> = turns.iter().map(|t| t.0).collect();
    // The next start later than this one bounds the end (equal starts skip ahead).
    let mut next_later: Vec<Option<u64>> = vec![None; starts.len()];
    for i in (0..starts.len()).rev() {
        next_later[i] = starts.get(i + 1).and_then(|&n| {
            if n > starts[i] {
                Some(n)
            } else {
                next_later[i + 1]
            }
        });
    }
    turns
        .into_iter()
        .zip(next_later)
        .map(|((start_ms, speaker, text), next)| {
            let words = word_count(&text);
            let end_ms = match next {
                Some(n) => n.min(start_ms + words * SLOW_MS_PER_WORD),
                None => start_ms + words * ESTIMATED_MS_PER_WORD,
            };
            Segment {
                start_ms,
                end_ms,
                speaker,
                text,
                words: Vec::new(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::triples;

    fn read(text: &str) -> Result<Transcript> {
        parse(text, Path::new("t.txt"))
    }

    #[test]
    fn untimed_lines_get_estimated_times_at_150_wpm() {
        let t = read("Interviewer: Design a rate limiter.\nCandidate: Who calls it?\n").unwrap();
        assert_eq!(t.timing, Timing::Estimated);
        assert_eq!(
            triples(&t),
            [
                (0, 1_600, Some("Interviewer"), "Design a rate limiter."),
                (1_600, 2_800, Some("Candidate"), "Who calls it?"),
            ]
        );
    }

    #[test]
    fn line_without_prefix_continues_the_speaker() {
        let t = read("Candidate: First.\n\nSecond point.\n").unwrap();
        assert_eq!(t.segments[1].speaker.as_deref(), Some("Candidate"));
    }

    #[test]
    fn text_without_names_has_no_speakers() {
        let t = read("We need a rate limiter.\nIt must be fast.\n").unwrap();
        assert!(t.speakers().is_empty());
        assert_eq!(t.segments.len(), 2);
    }

    #[test]
    fn timed_lines_are_measured_and_end_at_the_next_start() {
        let t = read("[00:05] Ana: One two.\n[00:06] Bo: Three.\n").unwrap();
        assert_eq!(t.timing, Timing::Measured);
        assert_eq!(
            triples(&t),
            [
                (5_000, 6_000, Some("Ana"), "One two."),
                (6_000, 6_400, Some("Bo"), "Three.")
            ]
        );
    }

    #[test]
    fn long_gap_after_a_timed_line_is_not_counted_as_speech() {
        let t = read("[00:00] Ana: Hi.\n[05:00] Bo: Back.\n").unwrap();
        assert_eq!(t.segments[0].end_ms, 600);
    }

    #[test]
    fn hour_stamps_and_parentheses_are_read() {
        let t = read("[1:00:02] Ana: Late.\n(0:03) Bo: Early.\n").unwrap();
        let starts: Vec<u64> = t.segments.iter().map(|s| s.start_ms).collect();
        assert_eq!(starts, [3_000, 3_602_000]);
    }

    #[test]
    fn untimed_lines_in_a_timed_file_continue_the_previous_turn() {
        let t = read("[00:10] Ana: Start\nwith clients.\n").unwrap();
        assert_eq!(
            triples(&t),
            [(10_000, 11_200, Some("Ana"), "Start with clients.")]
        );
    }

    #[test]
    fn unnamed_lines_before_the_first_time_are_a_title() {
        let t = read("Rate limiter mock - Transcript\nAttendees\n[00:10] Ana: Start.\n").unwrap();
        assert_eq!(triples(&t), [(10_000, 10_400, Some("Ana"), "Start.")]);
    }

    #[test]
    fn named_lines_before_the_first_time_are_kept() {
        let t = read("Bo: Hello.\n[00:10] Ana: Start.\n").unwrap();
        assert_eq!(
            triples(&t),
            [
                (0, 600, Some("Bo"), "Hello."),
                (10_000, 10_400, Some("Ana"), "Start.")
            ]
        );
    }

    #[test]
    fn out_of_order_times_end_at_the_next_later_start() {
        let t = read("[00:11] Ana: Late line here.\n[00:01] Bo: Early.\n[00:05] Ana: Middle.\n")
            .unwrap();
        assert_eq!(
            triples(&t),
            [
                (1_000, 1_600, Some("Bo"), "Early."),
                (5_000, 5_600, Some("Ana"), "Middle."),
                (11_000, 12_200, Some("Ana"), "Late line here."),
            ]
        );
    }

    #[test]
    fn meet_time_markers_set_the_start_of_the_next_turns() {
        let t = read("00:00:00\nAna: Design a rate limiter.\nBo: Who calls it?\n00:05:00\nBo: Then a token bucket.\n").unwrap();
        assert_eq!(t.timing, Timing::Measured);
        assert_eq!(
            triples(&t),
            [
                (0, 1_600, Some("Ana"), "Design a rate limiter."),
                (1_600, 3_400, Some("Bo"), "Who calls it?"),
                (300_000, 301_600, Some("Bo"), "Then a token bucket."),
            ]
        );
    }

    #[test]
    fn otter_name_and_time_lines_head_each_turn() {
        let t = read("Priya Shah  0:02\nDesign a rate limiter.\nFor a public API.\n\nDev Patel  0:09\nWho are the clients?\n").unwrap();
        assert_eq!(
            triples(&t),
            [
                (
                    2_000,
                    6_800,
                    Some("Priya Shah"),
                    "Design a rate limiter. For a public API."
                ),
                (9_000, 10_600, Some("Dev Patel"), "Who are the clients?"),
            ]
        );
    }

    #[test]
    fn a_sentence_ending_in_a_time_is_text() {
        let t = read("We start at 10:30\n").unwrap();
        assert_eq!(t.segments[0].text, "We start at 10:30");
        assert_eq!(t.timing, Timing::Estimated);
    }

    #[test]
    fn bracketed_text_that_is_not_a_time_stays_text() {
        let t = read("[laughs] ok then\n").unwrap();
        assert_eq!(t.segments[0].text, "[laughs] ok then");
        assert_eq!(t.timing, Timing::Estimated);
    }

    #[test]
    fn blank_text_has_no_speech() {
        let e = read("\n   \n").unwrap_err();
        assert_eq!(e.to_string(), "t.txt: no speech segments in t.txt");
    }
}
