//! Google Meet's transcript document (the Google Doc Meet saves to Drive, downloaded as text or
//! `.docx`).
//!
//! ```text
//! Rate limiter mock (2024-05-06 15:00 GMT+1) - Transcript
//! Attendees
//! Dev Patel, Priya Shah
//! Transcript
//! This editable transcript was computer generated and might contain errors. …
//! 00:00:00
//!
//! Priya Shah: Thanks for joining. The prompt today is a rate limiter.
//! Dev Patel: Before I design anything, who are the clients?
//! 00:05:00
//!
//! Dev Patel: For scale, I'd assume ten million keys.
//! Meeting ended after 00:45:12 👋
//! ```
//!
//! Everything before the first time mark is the heading (title, attendees, notice) and is skipped.
//! Then `Name: text` lines, with a time mark (`hh:mm:ss`) every few minutes; the turns under a mark
//! start there, one after another at 150 words per minute (the document gives no other times; see
//! [`plain`](super::plain)). The closing `Meeting ended after hh:mm:ss` gives the meeting's length.

use std::path::Path;

use crate::transcript::plain;
use crate::transcript::{timestamp, Transcript};
use crate::Result;

const ENDED: &str = "Meeting ended after ";

fn time_mark(line: &str) -> Option<u64> {
    let t = line.trim();
    let shaped =
        t.len() >= 7 && t.bytes().all(|b| b.is_ascii_digit() || b == b':') && t.contains(':');
    shaped.then(|| timestamp::parse(t).ok()).flatten()
}

/// Whether the text is a Meet transcript: a `… - Transcript` title or a `Transcript` heading line,
/// and at least one `hh:mm:ss` time mark.
pub(crate) fn looks_like(text: &str) -> bool {
    let mut head = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(12);
    let titled = head.any(|l| {
        l.ends_with(" - Transcript") || l == "Transcript" || l.starts_with("Transcript (")
    });
    titled && text.lines().any(|l| time_mark(l).is_some())
}

pub fn parse(text: &str, path: &Path) -> Result<Transcript> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut ended: Option<u64> = None;
    let body: Vec<&str> = text
        .lines()
        .skip_while(|l| time_mark(l).is_none())
        .filter(|l| match l.trim().strip_prefix(ENDED) {
            Some(rest) => {
                let clock = rest.split_whitespace().next().unwrap_or("");
                ended = timestamp::parse(clock).ok().or(ended);
                false
            }
            None => true,
        })
        .collect();
    let mut transcript = plain::parse(&body.join("\n"), path)?;
    transcript.duration_ms = transcript.duration_ms.max(ended.unwrap_or(0));
    Ok(transcript)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Timing;

    const DOC: &str = "Rate limiter mock (2024-05-06 15:00 GMT+1) - Transcript\nAttendees\nDev Patel, Priya Shah\nTranscript\nThis editable transcript was computer generated and might contain errors. People can also change the text after it was created.\n00:00:00\n\nPriya Shah: Thanks for joining. The prompt is a rate limiter.\nDev Patel: Who are the clients?\n00:05:00\n\nDev Patel: Ten million keys.\nMeeting ended after 00:45:12 👋\n";

    #[test]
    fn heading_is_skipped_and_the_end_gives_the_length() {
        assert!(looks_like(DOC));
        let t = parse(DOC, Path::new("m.txt")).unwrap();
        assert_eq!(t.timing, Timing::Measured);
        assert_eq!(t.speakers(), ["Priya Shah", "Dev Patel"]);
        let starts: Vec<u64> = t.segments.iter().map(|s| s.start_ms).collect();
        assert_eq!(starts, [0, 3_600, 300_000]);
        assert_eq!(t.segments[2].text, "Ten million keys.");
        assert_eq!(t.duration_ms, 2_712_000);
    }

    #[test]
    fn other_text_with_times_is_not_meet() {
        assert!(!looks_like("00:00:00\nAna: hi\n"));
        assert!(!looks_like("Transcript of my talk\nhello\n"));
    }
}
