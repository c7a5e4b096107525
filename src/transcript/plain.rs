//! Plain text: one utterance per line, with an optional `Name:` speaker prefix and an optional
//! `[mm:ss]` / `[h:mm:ss]` start time in front (the layout [`write::txt`](super::write::txt)
//! produces).
//!
//! Untimed text: each non-blank line is a segment, times are invented at 150 words per minute
//! (400 ms a word, one after another) and the transcript is marked [`Timing::Estimated`], so the
//! content rules run while the report can say phase timing is an estimate.
//!
//! Timed text: each `[mm:ss]` line starts a segment at that time; untimed lines after it continue
//! its text (wrapped paragraphs), untimed lines before the first time form a segment at 0. A
//! segment ends at the next segment's start or after its words at 100 words per minute, whichever
//! is first (the file has no end times; the cap keeps long silences from counting as speech).
//! Such a transcript is [`Timing::Measured`], to the second.
//!
//! A line without a prefix continues the previous line's speaker.

use std::path::Path;

use crate::transcript::finish::finish;
use crate::transcript::payload::{utterances, Markup, SpeakerPrefixes};
use crate::transcript::timestamp;
use crate::transcript::{Segment, Timing, Transcript};
use crate::Result;

/// 150 words per minute: the estimated speaking rate for untimed text.
pub const ESTIMATED_MS_PER_WORD: u64 = 400;
/// 100 words per minute: the slowest rate assumed when only start times are known.
const SLOW_MS_PER_WORD: u64 = 600;

pub fn parse(text: &str, path: &Path) -> Result<Transcript> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let lines: Vec<(Option<u64>, &str)> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(split_time)
        .collect();
    let prefixes = SpeakerPrefixes::learn(lines.iter().map(|&(_, l)| l));
    let timed = lines.iter().any(|(t, _)| t.is_some());

    // (start if stated, speaker, text)
    let mut turns: Vec<(Option<u64>, Option<String>, String)> = Vec::new();
    let mut last_speaker: Option<String> = None;
    for (time, line) in lines {
        let continues = timed && time.is_none() && !turns.is_empty();
        for u in utterances(&[line], Markup::None, &prefixes) {
            let speaker = u.speaker.or_else(|| last_speaker.clone());
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

fn estimated_segments(turns: Vec<(Option<u64>, Option<String>, String)>) -> Vec<Segment> {
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

fn timed_segments(turns: Vec<(Option<u64>, Option<String>, String)>) -> Vec<Segment> {
    // Starts: the stated time, or the previous start for lines before the first time (that is 0).
    let mut previous = 0;
    let mut turns: Vec<(u64, Option<String>, String)> = turns
        .into_iter()
        .map(|(time, speaker, text)| {
            previous = time.unwrap_or(previous);
            (previous, speaker, text)
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

    fn read(text: &str) -> Result<Transcript> {
        parse(text, Path::new("t.txt"))
    }

    fn triples(t: &Transcript) -> Vec<(u64, u64, Option<&str>, &str)> {
        t.segments
            .iter()
            .map(|s| (s.start_ms, s.end_ms, s.speaker.as_deref(), s.text.as_str()))
            .collect()
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
        let t = read("Rate limiter mock\n[00:10] Ana: Start\nwith clients.\n").unwrap();
        assert_eq!(
            triples(&t),
            [
                (0, 1_800, None, "Rate limiter mock"),
                (10_000, 11_200, Some("Ana"), "Start with clients.")
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
