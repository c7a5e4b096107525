//! Hallucination filters: Whisper's annotations for non-speech, repetition loops, and text on
//! silence or stock phrases on quiet audio.

use super::words::PackedWord;

/// Drops bracketed and parenthesised annotations (`[BLANK_AUDIO]`, `(music)`, `*laughs*`) and
/// music symbols: Whisper writes them for non-speech, and they are never words someone said.
pub fn drop_annotations(words: Vec<PackedWord>) -> Vec<PackedWord> {
    let mut depth: i32 = 0;
    let mut starred = false;
    let mut out = Vec::with_capacity(words.len());
    for w in words {
        let opens = w.text.chars().filter(|c| matches!(c, '[' | '(')).count() as i32;
        let closes = w.text.chars().filter(|c| matches!(c, ']' | ')')).count() as i32;
        let stars = w.text.chars().filter(|c| *c == '*').count();
        let was_inside = depth > 0 || starred;
        depth = (depth + opens - closes).max(0);
        if stars % 2 == 1 {
            starred = !starred;
        }
        let annotation = was_inside || opens > 0 || closes > 0 || stars > 0;
        let music = w
            .text
            .chars()
            .all(|c| matches!(c, '♪' | '♫' | '♬' | '-' | '.'));
        if !annotation && !music {
            out.push(w);
        }
    }
    out
}

/// Lower-case letters and digits of a word, for comparing words regardless of punctuation.
pub fn word_key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric() || *c == '\'')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Collapses repetition loops: an n-gram (n ≤ 8) repeated back to back keeps its first occurrence.
/// A single word must repeat 4 times ("no, no, no" is speech), a longer n-gram 3 times.
pub fn collapse_repeats(words: Vec<PackedWord>) -> Vec<PackedWord> {
    let mut words = words;
    // Shortest period first: a loop of "a b c" six times is also "a b c a b c" three times.
    for n in 1..=8 {
        let min_repeats = if n == 1 { 4 } else { 3 };
        let keys: Vec<String> = words.iter().map(|w| word_key(&w.text)).collect();
        let mut keep = vec![true; words.len()];
        let mut i = 0;
        while i + n <= keys.len() {
            let gram = &keys[i..i + n];
            if gram.iter().any(String::is_empty) {
                i += 1;
                continue;
            }
            let mut repeats = 1;
            while i + (repeats + 1) * n <= keys.len()
                && keys[i + repeats * n..i + (repeats + 1) * n] == *gram
            {
                repeats += 1;
            }
            if repeats >= min_repeats {
                for k in keep.iter_mut().skip(i + n).take((repeats - 1) * n) {
                    *k = false;
                }
                i += repeats * n;
            } else {
                i += 1;
            }
        }
        let mut it = keep.into_iter();
        words.retain(|_| it.next().unwrap_or(true));
    }
    words
}

/// Phrases Whisper emits on silence or noise (learnt from subtitles). Kept only when the audio under
/// them is loud enough and the decoder was confident.
const STOCK_PHRASES: &[&str] = &[
    "thank you",
    "thank you very much",
    "thanks",
    "thanks for watching",
    "thank you for watching",
    "please subscribe",
    "okay",
    "ok",
    "you",
    "bye",
    "bye bye",
    "so",
    "oh",
    "uh",
    "um",
    "hmm",
    "mm",
    "the end",
];

/// Below this RMS level (dBFS) the audio under a segment is silence.
const SILENCE_DBFS: f32 = -55.0;
/// Below this level a stock phrase is taken for a hallucination.
const QUIET_DBFS: f32 = -40.0;
/// Mean word probability below which a stock phrase is taken for a hallucination.
const STOCK_MIN_P: f32 = 0.6;
/// No-speech probability above which a stock phrase is taken for a hallucination.
const STOCK_MAX_NO_SPEECH: f32 = 0.5;

/// Whether a cleaned segment is a hallucination: text on silence, or a stock phrase on quiet audio
/// or with low confidence.
pub fn is_hallucination(words: &[PackedWord], no_speech: f32, level_dbfs: f32) -> bool {
    if words.is_empty() {
        return true;
    }
    if level_dbfs < SILENCE_DBFS {
        return true;
    }
    let text: Vec<String> = words.iter().map(|w| word_key(&w.text)).collect();
    let text = text.join(" ");
    if STOCK_PHRASES.contains(&text.as_str()) {
        let mean_p = words.iter().map(|w| w.p).sum::<f32>() / words.len() as f32;
        return level_dbfs < QUIET_DBFS || mean_p < STOCK_MIN_P || no_speech > STOCK_MAX_NO_SPEECH;
    }
    false
}

/// RMS level in dBFS of `samples[from..to]` (16 kHz indexes, clamped); -inf for digital silence.
pub fn level_dbfs(samples: &[f32], from_ms: u64, to_ms: u64) -> f32 {
    let from = usize::try_from(from_ms * 16)
        .unwrap_or(usize::MAX)
        .min(samples.len());
    let to = usize::try_from(to_ms * 16)
        .unwrap_or(usize::MAX)
        .min(samples.len())
        .max(from);
    let span = &samples[from..to];
    if span.is_empty() {
        return f32::NEG_INFINITY;
    }
    let mean_sq = span.iter().map(|s| s * s).sum::<f32>() / span.len() as f32;
    10.0 * mean_sq.log10()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcribe::testkit::{texts, word};

    #[test]
    fn annotations_are_dropped_and_speech_kept() {
        let words = vec![
            word("[BLANK_AUDIO]", 0, 10),
            word("(upbeat", 10, 20),
            word("music)", 20, 30),
            word("*laughs*", 30, 40),
            word("♪", 40, 50),
            word("Hello", 50, 60),
            word("there.", 60, 70),
        ];
        assert_eq!(texts(&drop_annotations(words)), ["Hello", "there."]);
    }
    #[test]
    fn repetition_loop_collapses_to_one_occurrence() {
        let mut words = vec![word("So", 0, 1)];
        for i in 0..6 {
            words.push(word("we", 10 * i, 10 * i + 5));
            words.push(word("shard", 10 * i + 5, 10 * i + 9));
            words.push(word("it.", 10 * i + 9, 10 * i + 10));
        }
        assert_eq!(
            texts(&collapse_repeats(words)),
            ["So", "we", "shard", "it."]
        );
    }
    #[test]
    fn natural_repetition_is_kept() {
        let words = vec![word("no,", 0, 1), word("no,", 1, 2), word("no.", 2, 3)];
        assert_eq!(collapse_repeats(words).len(), 3);
        let words = vec![
            word("very", 0, 1),
            word("very", 1, 2),
            word("big", 2, 3),
            word("very", 3, 4),
        ];
        assert_eq!(collapse_repeats(words).len(), 4);
    }
    #[test]
    fn stock_phrase_on_quiet_audio_is_a_hallucination() {
        let thanks = vec![word("Thank", 0, 100), word("you.", 100, 200)];
        assert!(is_hallucination(&thanks, 0.1, -45.0));
        assert!(!is_hallucination(&thanks, 0.1, -20.0));
    }
    #[test]
    fn stock_phrase_with_low_confidence_is_a_hallucination() {
        let mut okay = vec![word("Okay.", 0, 100)];
        okay[0].p = 0.3;
        assert!(is_hallucination(&okay, 0.1, -20.0));
        okay[0].p = 0.9;
        assert!(!is_hallucination(&okay, 0.1, -20.0));
        assert!(is_hallucination(&okay, 0.8, -20.0));
    }
    #[test]
    fn any_text_on_silence_is_a_hallucination_but_speech_is_not() {
        let words = vec![
            word("We", 0, 100),
            word("shard", 100, 200),
            word("it.", 200, 300),
        ];
        assert!(is_hallucination(&words, 0.0, f32::NEG_INFINITY));
        assert!(!is_hallucination(&words, 0.0, -25.0));
        assert!(is_hallucination(&[], 0.0, -25.0));
    }
    #[test]
    fn level_of_zeros_is_silence_and_of_a_tone_is_loud() {
        let mut samples = vec![0.0f32; 16_000];
        samples.extend(std::iter::repeat_n(0.5f32, 16_000));
        assert!(level_dbfs(&samples, 0, 1_000) < SILENCE_DBFS);
        assert!((level_dbfs(&samples, 1_000, 2_000) + 6.02).abs() < 0.1);
        assert_eq!(level_dbfs(&samples, 5_000, 6_000), f32::NEG_INFINITY);
    }
}
