//! Timed words → segments, for sources that give words but no segments of their own (AWS Transcribe
//! batch output, Deepgram without `utterances`, AssemblyAI without `utterances`).
//!
//! A new segment starts when the speaker changes, after a pause of [`PAUSE_MS`] or more between
//! two words, and at the end of a sentence (`.`, `?`, `!`) once the segment has run
//! [`SENTENCE_SPLIT_MS`]: segments stay turn-sized, long monologues are cut where a sentence ends.

use crate::transcript::{Segment, Word};

/// A silence this long between two words ends a segment.
pub(crate) const PAUSE_MS: u64 = 1_500;
/// A segment this long ends at its next sentence end.
pub(crate) const SENTENCE_SPLIT_MS: u64 = 15_000;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TimedWord {
    pub word: Word,
    pub speaker: Option<String>,
}

pub(crate) fn segments_from_words(words: Vec<TimedWord>) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut open = false;
    for TimedWord { word, speaker } in words {
        if open {
            if let Some(seg) = out.last_mut() {
                let last = seg.words.last();
                let pause = word
                    .start_ms
                    .saturating_sub(last.map_or(seg.end_ms, |w| w.end_ms));
                let sentence_end = last.is_some_and(|w| w.text.ends_with(['.', '?', '!']));
                let long = seg.end_ms.saturating_sub(seg.start_ms) >= SENTENCE_SPLIT_MS;
                if seg.speaker == speaker && pause < PAUSE_MS && !(sentence_end && long) {
                    seg.text.push(' ');
                    seg.text.push_str(&word.text);
                    seg.end_ms = seg.end_ms.max(word.end_ms);
                    seg.words.push(word);
                    continue;
                }
            }
        }
        open = true;
        out.push(Segment {
            start_ms: word.start_ms,
            end_ms: word.end_ms,
            speaker,
            text: word.text.clone(),
            words: vec![word],
        });
    }
    out
}

/// Appends punctuation that a source lists as an item of its own (`,` after `Americans`) to the
/// word before it; with no word before, it is dropped.
pub(crate) fn attach_punctuation(words: &mut [TimedWord], punctuation: &str) {
    if let Some(last) = words.last_mut() {
        last.word.text.push_str(punctuation.trim());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str, start_ms: u64, end_ms: u64, speaker: &str) -> TimedWord {
        TimedWord {
            word: Word {
                start_ms,
                end_ms,
                text: text.into(),
                p: 1.0,
            },
            speaker: (!speaker.is_empty()).then(|| speaker.to_string()),
        }
    }

    fn texts(segs: &[Segment]) -> Vec<(&str, Option<&str>, u64, u64)> {
        segs.iter()
            .map(|s| (s.text.as_str(), s.speaker.as_deref(), s.start_ms, s.end_ms))
            .collect()
    }

    #[test]
    fn speaker_changes_and_pauses_start_segments() {
        let segs = segments_from_words(vec![
            w("Hello", 0, 400, "spk_0"),
            w("there.", 400, 800, "spk_0"),
            w("Hi.", 900, 1_200, "spk_1"),
            w("So", 3_000, 3_200, "spk_1"),
        ]);
        assert_eq!(
            texts(&segs),
            [
                ("Hello there.", Some("spk_0"), 0, 800),
                ("Hi.", Some("spk_1"), 900, 1_200),
                ("So", Some("spk_1"), 3_000, 3_200),
            ]
        );
        assert_eq!(segs[0].words.len(), 2);
    }

    #[test]
    fn long_monologue_is_cut_at_a_sentence_end() {
        let mut words = Vec::new();
        for i in 0..40u64 {
            let text = if i % 10 == 9 { "end." } else { "word" };
            words.push(w(text, i * 1_000, i * 1_000 + 900, ""));
        }
        let segs = segments_from_words(words);
        // 0–19.9 s (the first sentence end after 15 s is word 19), then 20–39.9 s.
        assert_eq!(segs.len(), 2);
        assert_eq!(segs[0].end_ms, 19_900);
        assert_eq!(segs[1].start_ms, 20_000);
    }

    #[test]
    fn punctuation_items_join_the_word_before() {
        let mut words = vec![w("Americans", 0, 10, "")];
        attach_punctuation(&mut words, ",");
        assert_eq!(words[0].word.text, "Americans,");
        let mut none: Vec<TimedWord> = Vec::new();
        attach_punctuation(&mut none, ".");
        assert!(none.is_empty());
    }
}
