//! Speaker labels per word → transcript segments: a segment whose words change speaker is cut
//! between those words, and every piece is named `Speaker N` (N in order of first appearance).

use crate::transcript::{Segment, Word};

/// The name diarization gives its `index`-th voice (0-based).
pub fn speaker_name(index: usize) -> String {
    format!("Speaker {}", index + 1)
}

/// `labels[s][w]` is the voice of word `w` of segment `s`; a segment without words has one label
/// for all of it. Labels must be numbered by first appearance.
pub fn split_by_speaker(segments: &[Segment], labels: &[Vec<usize>]) -> Vec<Segment> {
    let mut out = Vec::new();
    for (segment, labels) in segments.iter().zip(labels) {
        if segment.words.is_empty() {
            out.push(Segment {
                speaker: labels.first().map(|&l| speaker_name(l)),
                ..segment.clone()
            });
            continue;
        }
        let mut start = 0;
        for end in 1..=segment.words.len() {
            if end < segment.words.len() && labels[end] == labels[start] {
                continue;
            }
            let words: Vec<Word> = segment.words[start..end].to_vec();
            out.push(Segment {
                // The first piece keeps the segment's start, the last its end; inner cuts fall on
                // word edges.
                start_ms: if start == 0 {
                    segment.start_ms
                } else {
                    words[0].start_ms
                },
                end_ms: if end == segment.words.len() {
                    segment.end_ms
                } else {
                    words
                        .iter()
                        .map(|w| w.end_ms)
                        .max()
                        .unwrap_or(segment.end_ms)
                },
                speaker: Some(speaker_name(labels[start])),
                text: words
                    .iter()
                    .map(|w| w.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                words,
            });
            start = end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, start_ms: u64, end_ms: u64) -> Word {
        Word {
            start_ms,
            end_ms,
            text: text.into(),
            p: 0.9,
        }
    }

    fn segment(words: Vec<Word>) -> Segment {
        Segment {
            start_ms: words.first().map_or(0, |w| w.start_ms),
            end_ms: words.last().map_or(0, |w| w.end_ms),
            speaker: None,
            text: words
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            words,
        }
    }

    #[test]
    fn a_segment_is_cut_where_the_speaker_changes_between_words() {
        let s = segment(vec![
            word("Sounds", 0, 400),
            word("good.", 400, 800),
            word("So,", 1200, 1500),
            word("first", 1500, 1900),
        ]);
        let out = split_by_speaker(&[s], &[vec![0, 0, 1, 1]]);
        assert_eq!(out.len(), 2);
        assert_eq!((out[0].start_ms, out[0].end_ms), (0, 800));
        assert_eq!(out[0].text, "Sounds good.");
        assert_eq!(out[0].speaker.as_deref(), Some("Speaker 1"));
        assert_eq!((out[1].start_ms, out[1].end_ms), (1200, 1900));
        assert_eq!(out[1].text, "So, first");
        assert_eq!(out[1].speaker.as_deref(), Some("Speaker 2"));
    }

    #[test]
    fn one_speaker_keeps_the_segment_whole_and_wordless_segments_take_their_label() {
        let s = segment(vec![word("Hi", 100, 300), word("there", 300, 600)]);
        let bare = Segment {
            words: Vec::new(),
            ..segment(vec![word("Okay", 700, 900)])
        };
        let out = split_by_speaker(&[s.clone(), bare], &[vec![1, 1], vec![0]]);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].text, s.text);
        assert_eq!(out[0].speaker.as_deref(), Some("Speaker 2"));
        assert_eq!(out[1].speaker.as_deref(), Some("Speaker 1"));
    }
}
