//! One decoded window → clean segments on the recording's own timeline: words clamped to their
//! segment, split where VAD removed a long pause, filtered, and their times mapped back through
//! the window's time map.

use super::filters::{collapse_repeats, drop_annotations, is_hallucination, level_dbfs, word_key};
use super::words::{words_from_tokens, PackedWord, RawSegment};
use crate::audio::Window;
use crate::transcript::{Segment, Word};

/// A pause this long, removed by VAD between two words, starts a new segment there.
const SPLIT_AT_REMOVED_MS: u64 = 1_000;

/// Turns one window's raw segments into clean segments on the recording's timeline.
pub fn clean_window(raw: Vec<RawSegment>, window: &Window) -> Vec<Segment> {
    let map = &window.map;
    let mut out: Vec<Segment> = Vec::new();
    let mut last_keys: Vec<String> = Vec::new();
    let mut run = 0;
    for seg in raw {
        let words = words_from_tokens(&seg.tokens);
        let words = collapse_repeats(drop_annotations(words));
        // Token times can stray outside their segment; the segment's own times are firmer.
        let words: Vec<PackedWord> = words
            .into_iter()
            .map(|w| {
                let start_ms = w.start_ms.clamp(seg.start_ms, seg.end_ms.max(seg.start_ms));
                let end_ms = w.end_ms.clamp(start_ms, seg.end_ms.max(start_ms));
                PackedWord {
                    start_ms,
                    end_ms,
                    ..w
                }
            })
            .collect();
        for part in split_at_removed_silence(words, map) {
            let (Some(first), Some(last)) = (part.first(), part.last()) else {
                continue;
            };
            let level = level_dbfs(
                &window.samples,
                first.start_ms,
                last.end_ms.max(first.start_ms + 10),
            );
            if is_hallucination(&part, seg.no_speech, level) {
                continue;
            }
            // A loop can also span segments: the same sentence again and again.
            let keys: Vec<String> = part.iter().map(|w| word_key(&w.text)).collect();
            if keys == last_keys {
                run += 1;
                if run >= 2 || keys.len() >= 4 {
                    continue;
                }
            } else {
                run = 0;
                last_keys = keys;
            }
            out.push(to_segment(&part, map));
        }
    }
    out
}

/// Splits a segment's words wherever VAD removed a long pause between two of them: speech on both
/// sides of a minute of silence is two segments, not one that spans the silence.
pub fn split_at_removed_silence(
    words: Vec<PackedWord>,
    map: &crate::audio::TimeMap,
) -> Vec<Vec<PackedWord>> {
    let mut parts: Vec<Vec<PackedWord>> = Vec::new();
    let mut current: Vec<PackedWord> = Vec::new();
    for w in words {
        if let Some(prev) = current.last() {
            if map.removed_ms_between(prev.end_ms, w.start_ms) >= SPLIT_AT_REMOVED_MS {
                parts.push(std::mem::take(&mut current));
            }
        }
        current.push(w);
    }
    if !current.is_empty() {
        parts.push(current);
    }
    parts
}

fn to_segment(words: &[PackedWord], map: &crate::audio::TimeMap) -> Segment {
    let words: Vec<Word> = words
        .iter()
        .map(|w| {
            let (start_ms, end_ms) = map.original_span_ms(w.start_ms, w.end_ms);
            Word {
                start_ms,
                end_ms,
                text: w.text.clone(),
                p: w.p,
            }
        })
        .collect();
    let text = words
        .iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    Segment {
        start_ms: words.first().map_or(0, |w| w.start_ms),
        end_ms: words.iter().map(|w| w.end_ms).max().unwrap_or(0),
        speaker: None,
        text,
        words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::timeline::tests::two_pieces as two_piece_map;
    use crate::audio::{Piece, TimeMap};
    use crate::transcribe::engine::cs_to_ms;
    use crate::transcribe::testkit::{texts, tok, word};

    #[test]
    fn segment_spanning_removed_silence_is_split_there() {
        let words = vec![
            word("first", 1_000, 1_500),
            word("answer.", 1_500, 1_990),
            word("Second", 2_300, 2_700),
            word("one.", 2_700, 3_100),
        ];
        let parts = split_at_removed_silence(words, &two_piece_map());
        assert_eq!(parts.len(), 2);
        assert_eq!(texts(&parts[0]), ["first", "answer."]);
        assert_eq!(texts(&parts[1]), ["Second", "one."]);
    }
    #[test]
    fn words_within_one_piece_stay_together() {
        let words = vec![word("a", 0, 500), word("b", 1_500, 1_900)];
        assert_eq!(split_at_removed_silence(words, &two_piece_map()).len(), 1);
    }
    #[test]
    fn clean_window_maps_times_to_the_recording_and_drops_blank_audio() {
        let mut samples = vec![0.2f32; 32_000];
        samples.extend(std::iter::repeat_n(0.0, 4_000));
        samples.extend(std::iter::repeat_n(0.2f32, 16_000));
        let window = Window {
            samples,
            map: two_piece_map(),
        };
        let raw = vec![
            RawSegment {
                start_ms: 0,
                end_ms: 1_900,
                no_speech: 0.0,
                tokens: vec![tok(" Hello", 10, 60, 0.9), tok(" world.", 60, 190, 0.9)],
            },
            RawSegment {
                start_ms: 2_000,
                end_ms: 2_240,
                no_speech: 0.0,
                tokens: vec![tok(" [BLANK_AUDIO]", 200, 224, 0.9)],
            },
            RawSegment {
                start_ms: 2_250,
                end_ms: 3_250,
                no_speech: 0.0,
                tokens: vec![tok(" Later.", 230, 320, 0.9)],
            },
        ];
        let segs = clean_window(raw, &window);
        assert_eq!(segs.len(), 2);
        assert_eq!(segs[0].text, "Hello world.");
        assert_eq!((segs[0].start_ms, segs[0].end_ms), (10_100, 11_900));
        assert_eq!(segs[1].text, "Later.");
        assert_eq!(segs[1].start_ms, 70_050);
        assert_eq!(segs[1].words[0].end_ms, 70_950);
    }
    #[test]
    fn a_last_word_overshooting_into_the_next_piece_ends_at_its_own_piece() {
        let window = Window {
            samples: vec![0.2f32; 52_000],
            map: two_piece_map(),
        };
        let raw = vec![RawSegment {
            start_ms: 1_000,
            end_ms: 2_600,
            no_speech: 0.0,
            tokens: vec![tok(" short", 100, 150, 0.9), tok(" bursts.", 150, 260, 0.9)],
        }];
        let segs = clean_window(raw, &window);
        assert_eq!(segs.len(), 1);
        assert_eq!((segs[0].start_ms, segs[0].end_ms), (11_000, 12_000));
    }
    #[test]
    fn the_same_sentence_looping_across_segments_is_kept_once() {
        let window = Window {
            samples: vec![0.2f32; 160_000],
            map: {
                let mut m = TimeMap::new();
                m.push(Piece {
                    packed_start: 0,
                    original_start: 0,
                    len: 160_000,
                });
                m
            },
        };
        let seg = |i: i64| RawSegment {
            start_ms: cs_to_ms(i * 100),
            end_ms: cs_to_ms(i * 100 + 90),
            no_speech: 0.0,
            tokens: vec![
                tok(" We", i * 100, i * 100 + 20, 0.9),
                tok(" use", i * 100 + 20, i * 100 + 40, 0.9),
                tok(" a", i * 100 + 40, i * 100 + 50, 0.9),
                tok(" queue.", i * 100 + 50, i * 100 + 90, 0.9),
            ],
        };
        let segs = clean_window((0..5).map(seg).collect(), &window);
        assert_eq!(segs.len(), 1);
    }
}
