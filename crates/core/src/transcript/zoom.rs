//! Zoom's saved live transcript, and its in-meeting chat (recognised to be refused).
//!
//! **Live transcript** (`meeting_saved_closed_caption.txt`, from "Save transcript" in the
//! captions panel):
//!
//! ```text
//! [Experimenter] 19:00:25
//! Hello! Um, so…
//!
//! [G3P1] 19:00:28
//! We're supposed to have one more participant here.
//! ```
//!
//! A `[Name] hh:mm:ss` heading, then the caption text. The times are the wall clock of the meeting,
//! so the timeline starts at the first heading (a caption after midnight counts on from the day
//! before). Only start times are given: a caption ends at the next one's start, or after its
//! words at 100 words per minute when that comes first (see [`plain`](super::plain)). A line
//! before the first heading is an error naming it.
//!
//! **Chat** (`meeting_saved_chat.txt`): `12:45:05\t From  Nora Jones : I can see it` (older
//! clients) or `12:45:05 From Nora Jones to Everyone:` (newer). It is what people typed, not what
//! they said, so it is refused with a message saying what it is and what to give instead.

use std::path::Path;

use crate::transcript::finish::finish;
use crate::transcript::plain::{add_line, headed_segments, Turn};
use crate::transcript::vtt::excerpt;
use crate::transcript::{speaker, timestamp, Timing, Transcript};
use crate::{Error, Result};

const DAY_MS: u64 = 24 * 3_600_000;

/// `[Name] hh:mm:ss` → the name and the clock time.
fn heading(line: &str) -> Option<(&str, u64)> {
    let t = line.trim();
    let rest = t.strip_prefix('[')?;
    let (name, clock) = rest.rsplit_once("] ")?;
    let clock = clock.trim();
    let shaped = clock.len() == 8
        && clock.bytes().enumerate().all(|(i, b)| {
            if i == 2 || i == 5 {
                b == b':'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shaped || name.trim().is_empty() {
        return None;
    }
    timestamp::parse(clock).ok().map(|ms| (name.trim(), ms))
}

/// Whether the text is a Zoom live transcript: its first non-blank line is a heading.
pub(crate) fn looks_like_transcript(text: &str) -> bool {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| heading(l).is_some())
}

/// A chat line: a clock time, then `From`.
fn is_chat_line(line: &str) -> bool {
    let t = line.trim_start();
    let (clock, rest) = match t.split_once(char::is_whitespace) {
        Some(x) => x,
        None => return false,
    };
    let clock = clock.trim_start_matches('[').trim_end_matches(']');
    clock.len() >= 7
        && clock.bytes().all(|b| b.is_ascii_digit() || b == b':')
        && clock.contains(':')
        && rest.trim_start().starts_with("From ")
}

/// Whether the text is a Zoom chat log: most of its first lines are chat lines.
pub(crate) fn looks_like_chat(text: &str) -> bool {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let chat = lines.iter().filter(|l| is_chat_line(l)).count();
    !lines.is_empty() && is_chat_line(lines[0]) && chat * 2 >= lines.len()
}

/// The refusal for a chat log.
pub(crate) fn chat_error(path: &Path) -> Error {
    Error::input(
        path,
        "this is a Zoom chat log (`hh:mm:ss From Name : message` lines): what people typed in the \
         meeting chat, not a transcript of what they said. Give the meeting's transcript instead \
         (Zoom's audio transcript .vtt, or the live transcript saved as \
         meeting_saved_closed_caption.txt)",
    )
}

pub fn parse(text: &str, path: &Path) -> Result<Transcript> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut turns: Vec<Turn> = Vec::new();
    let mut first: Option<u64> = None;
    let mut day = 0u64;
    let mut last_clock = 0u64;
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if let Some((name, clock)) = heading(line) {
            // A clock that jumps back by more than half a day has passed midnight.
            if clock + DAY_MS / 2 < last_clock {
                day += DAY_MS;
            }
            last_clock = clock;
            let at = clock + day;
            let start = *first.get_or_insert(at);
            turns.push((Some(at - start), speaker::label(name), String::new()));
            continue;
        }
        let Some(turn) = turns.last_mut() else {
            return Err(Error::at_line(
                path,
                n + 1,
                format!(
                    "expected a Zoom transcript heading like `[Name] 19:00:25`, found `{}`",
                    excerpt(line)
                ),
            ));
        };
        add_line(turn, line);
    }
    finish(headed_segments(turns), Timing::Measured, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Transcript> {
        parse(text, Path::new("z.txt"))
    }

    use crate::test_support::triples as rows;

    #[test]
    fn headings_name_the_speaker_and_times_start_at_the_first() {
        let text = "[Experimenter] 19:00:25\r\nHello! Um, so…\r\n\r\n[G3P1] 19:00:28\r\nWe're here.\r\n\r\n[Unknown Speaker] 19:00:40\r\nOk.\r\n";
        assert!(looks_like_transcript(text));
        let t = read(&text.replace('\r', "")).unwrap();
        assert_eq!(
            rows(&t),
            [
                (0, 1_800, Some("Experimenter"), "Hello! Um, so…"),
                (3_000, 4_200, Some("G3P1"), "We're here."),
                (15_000, 15_400, None, "Ok."),
            ]
        );
    }

    #[test]
    fn midnight_is_passed_forward() {
        let t = read("[Ana] 23:59:50\nLate.\n\n[Bo] 00:00:10\nEarly.\n").unwrap();
        assert_eq!(t.segments[1].start_ms, 20_000);
    }

    #[test]
    fn text_before_the_first_heading_is_an_error() {
        let e = read("hello\n[Ana] 10:00:00\nHi\n").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("z.txt: line 1: expected a Zoom transcript heading"),
            "{e}"
        );
    }

    #[test]
    fn chat_logs_old_and_new_are_recognised() {
        assert!(looks_like_chat(
            "12:45:05\t From  Carolina Chocolate Drops : I can see the whole thing\r\n12:45:15\t From  Nora Jones : me too\r\n"
        ));
        assert!(looks_like_chat(
            "00:12:01 From Priya Shah to Everyone:\n\tHi all\n00:12:09 From Dev Patel to Everyone:\n\thello\n"
        ));
        assert!(!looks_like_chat("[Ana] 10:00:00\nFrom here on\n"));
        assert!(!looks_like_chat("Ana: From 10:00 we start\n"));
        assert!(chat_error(Path::new("c.txt"))
            .to_string()
            .starts_with("c.txt: this is a Zoom chat log"));
    }
}
