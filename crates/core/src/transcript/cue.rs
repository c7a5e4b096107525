//! Timed cues (VTT, SRT) → segments.
//!
//! A cue with several speakers (two voice spans, or `Ana: …` and `Bo: …` on separate lines) becomes
//! one segment per speaker, its time shared out in proportion to each one's text length. A cue with
//! no speaker continues the previous segment's speaker: caption exports such as Meet's name the
//! speaker only when it changes. A label that means "unknown" (`Unknown Speaker`, see
//! [`speaker`](super::speaker)) gives no speaker, and the unnamed cues after it stay unnamed.
//!
//! A cue of punctuation only (whisper.cpp's `-ml 1` output puts a `,` in a cue of its own) joins the
//! segment before it when that one has the same speaker and ends at most a second before: it is
//! not a word.

use crate::transcript::payload::Utterance;
use crate::transcript::{speaker, Segment};

pub(crate) struct Cue {
    pub start_ms: u64,
    pub end_ms: u64,
    pub utterances: Vec<Utterance>,
}

/// A punctuation cue this close after the segment before belongs to it.
const ADJACENT_MS: u64 = 1_000;

/// Sentence punctuation and closing quotes, as a decoder emits them as tokens of their own.
fn is_punctuation(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| ".,;:!?…\"'”’)]»".contains(c) || c.is_whitespace())
}

pub(crate) fn segments(cues: Vec<Cue>) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::with_capacity(cues.len());
    let mut last_speaker: Option<String> = None;
    for cue in cues {
        let lengths: Vec<u64> = cue
            .utterances
            .iter()
            .map(|u| u.text.chars().count().max(1) as u64)
            .collect();
        let total: u64 = lengths.iter().sum();
        let span = cue.end_ms.saturating_sub(cue.start_ms);
        let mut before = 0;
        for (utterance, len) in cue.utterances.into_iter().zip(lengths) {
            let start_ms = cue.start_ms + span * before / total;
            before += len;
            let end_ms = cue.start_ms + span * before / total;
            let speaker = match utterance.speaker {
                Some(label) => speaker::label(&label),
                None => last_speaker.clone(),
            };
            last_speaker.clone_from(&speaker);
            if is_punctuation(&utterance.text) {
                if let Some(prev) = out
                    .last_mut()
                    .filter(|p| p.speaker == speaker && start_ms <= p.end_ms + ADJACENT_MS)
                {
                    prev.text.push_str(&utterance.text);
                    prev.end_ms = prev.end_ms.max(end_ms);
                    continue;
                }
            }
            out.push(Segment {
                start_ms,
                end_ms,
                speaker,
                text: utterance.text,
                words: Vec::new(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(speaker: Option<&str>, text: &str) -> Utterance {
        Utterance {
            speaker: speaker.map(String::from),
            text: text.into(),
        }
    }

    #[test]
    fn two_speakers_share_the_cue_by_text_length() {
        let segs = segments(vec![Cue {
            start_ms: 1_000,
            end_ms: 5_000,
            utterances: vec![u(Some("Ana"), "abc"), u(Some("Bo"), "d")],
        }]);
        assert_eq!((segs[0].start_ms, segs[0].end_ms), (1_000, 4_000));
        assert_eq!((segs[1].start_ms, segs[1].end_ms), (4_000, 5_000));
    }

    #[test]
    fn unnamed_cue_continues_the_previous_speaker() {
        let segs = segments(vec![
            Cue {
                start_ms: 0,
                end_ms: 1,
                utterances: vec![u(Some("Ana"), "Hi")],
            },
            Cue {
                start_ms: 1,
                end_ms: 2,
                utterances: vec![u(None, "there")],
            },
        ]);
        assert_eq!(segs[1].speaker.as_deref(), Some("Ana"));
    }

    #[test]
    fn unknown_speaker_is_nobody_and_is_not_carried_on() {
        let segs = segments(vec![
            Cue {
                start_ms: 0,
                end_ms: 1,
                utterances: vec![u(Some("Ana"), "Hi")],
            },
            Cue {
                start_ms: 1,
                end_ms: 2,
                utterances: vec![u(Some("Unknown Speaker"), "who")],
            },
            Cue {
                start_ms: 2,
                end_ms: 3,
                utterances: vec![u(None, "said that")],
            },
        ]);
        let who: Vec<_> = segs.iter().map(|s| s.speaker.as_deref()).collect();
        assert_eq!(who, [Some("Ana"), None, None]);
    }

    #[test]
    fn punctuation_cue_joins_the_segment_before() {
        let segs = segments(vec![
            Cue {
                start_ms: 1_590,
                end_ms: 2_850,
                utterances: vec![u(None, "Americans")],
            },
            Cue {
                start_ms: 2_850,
                end_ms: 3_300,
                utterances: vec![u(None, ",")],
            },
            Cue {
                start_ms: 3_300,
                end_ms: 4_140,
                utterances: vec![u(None, "ask")],
            },
        ]);
        let got: Vec<_> = segs
            .iter()
            .map(|s| (s.start_ms, s.end_ms, s.text.as_str()))
            .collect();
        assert_eq!(got, [(1_590, 3_300, "Americans,"), (3_300, 4_140, "ask")]);
    }

    #[test]
    fn unnamed_transcript_stays_unnamed() {
        let segs = segments(vec![Cue {
            start_ms: 0,
            end_ms: 1,
            utterances: vec![u(None, "Hi")],
        }]);
        assert_eq!(segs[0].speaker, None);
    }
}
