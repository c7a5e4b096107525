//! Turns, not cues: consecutive segments of one speaker become one turn, so a sentence that an
//! export cut over several cues (Zoom cuts a turn every few seconds, often mid-sentence) or that
//! whisper cut at a window edge is one sentence again, and a phrase split over two cues matches.
//!
//! Segments without word timings get one word per whitespace-separated token, timed by its share
//! of the segment's characters, before they are joined: a match inside the joined turn keeps the
//! time of the cue it came from.

use super::{Segment, Transcript, Word};

/// Segments of one speaker further apart than this stay separate turns (a long pause while
/// drawing is where a coach hears a new start, and where the pause metrics look).
pub const TURN_JOIN_GAP_MS: u64 = 2_000;

/// The transcript with consecutive segments of one speaker joined into turns. A transcript
/// without timestamps (plain text) is returned as it is: its lines are already the writer's
/// paragraphs, and its times are only an estimate to join by.
pub fn join(transcript: &Transcript) -> Transcript {
    if transcript.timing == super::Timing::Estimated {
        return transcript.clone();
    }
    let mut out: Vec<Segment> = Vec::with_capacity(transcript.segments.len());
    for seg in &transcript.segments {
        if seg.text.trim().is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(turn)
                if turn.speaker == seg.speaker
                    && seg.start_ms >= turn.start_ms
                    && seg.start_ms <= turn.end_ms + TURN_JOIN_GAP_MS =>
            {
                if turn.words.is_empty() {
                    turn.words = timed_words(turn);
                }
                turn.words.extend(timed_words(seg));
                turn.text.push(' ');
                turn.text.push_str(seg.text.trim());
                turn.end_ms = turn.end_ms.max(seg.end_ms);
            }
            _ => {
                let mut first = seg.clone();
                first.text = seg.text.trim().to_string();
                out.push(first);
            }
        }
    }
    Transcript {
        segments: out,
        timing: transcript.timing,
        duration_ms: transcript.duration_ms,
    }
}

/// The segment's words: its own when it has them, otherwise its tokens timed by character share.
fn timed_words(seg: &Segment) -> Vec<Word> {
    if !seg.words.is_empty() {
        return seg.words.clone();
    }
    let text = seg.text.trim();
    let total = text.chars().count().max(1) as u64;
    let span = seg.end_ms.saturating_sub(seg.start_ms);
    let mut out = Vec::new();
    let mut chars_before = 0u64;
    for token in text.split_whitespace() {
        let len = token.chars().count() as u64;
        let start = seg.start_ms + span * chars_before / total;
        let end = seg.start_ms + span * (chars_before + len).min(total) / total;
        out.push(Word {
            start_ms: start,
            end_ms: end.max(start),
            text: token.to_string(),
            p: 1.0,
        });
        chars_before += len + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Timing;

    fn seg(start_ms: u64, end_ms: u64, speaker: &str, text: &str) -> Segment {
        Segment {
            start_ms,
            end_ms,
            speaker: Some(speaker.into()),
            text: text.into(),
            words: vec![],
        }
    }

    #[test]
    fn zoom_cues_of_one_turn_become_one_segment_with_the_sentence_whole() {
        let t = Transcript::new(
            vec![
                seg(0, 3_000, "Ana", "So I think we should"),
                seg(3_000, 6_000, "Ana", "shard by user id. Right?"),
                seg(6_500, 7_000, "Ben", "Mm-hm."),
                seg(7_200, 9_000, "Ana", "Okay."),
            ],
            Timing::Measured,
        );
        let j = join(&t);
        assert_eq!(j.segments.len(), 3);
        assert_eq!(
            j.segments[0].text,
            "So I think we should shard by user id. Right?"
        );
        assert_eq!((j.segments[0].start_ms, j.segments[0].end_ms), (0, 6_000));
        // "shard" keeps the time of the cue it was said in.
        let shard = j.segments[0]
            .words
            .iter()
            .find(|w| w.text == "shard")
            .unwrap();
        assert_eq!(shard.start_ms, 3_000);
    }

    #[test]
    fn a_long_pause_or_another_speaker_starts_a_new_turn() {
        let t = Transcript::new(
            vec![
                seg(0, 3_000, "Ana", "First part."),
                seg(20_000, 23_000, "Ana", "After drawing."),
            ],
            Timing::Measured,
        );
        assert_eq!(join(&t).segments.len(), 2);
    }
}
