//! Timed cues (VTT, SRT) → segments.
//!
//! A cue with several speakers (two voice spans, or `Ana: …` and `Bo: …` on separate lines) becomes
//! one segment per speaker, its time shared out in proportion to each one's text length. A cue with
//! no speaker continues the previous segment's speaker: caption exports such as Meet's name the
//! speaker only when it changes.

use crate::transcript::payload::Utterance;
use crate::transcript::Segment;

pub(crate) struct Cue {
    pub start_ms: u64,
    pub end_ms: u64,
    pub utterances: Vec<Utterance>,
}

pub(crate) fn segments(cues: Vec<Cue>) -> Vec<Segment> {
    let mut out = Vec::with_capacity(cues.len());
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
            let speaker = utterance.speaker.or_else(|| last_speaker.clone());
            last_speaker.clone_from(&speaker);
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
    fn unnamed_transcript_stays_unnamed() {
        let segs = segments(vec![Cue {
            start_ms: 0,
            end_ms: 1,
            utterances: vec![u(None, "Hi")],
        }]);
        assert_eq!(segs[0].speaker, None);
    }
}
