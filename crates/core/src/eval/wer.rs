//! Word error rate: both sides normalised the same way (see [`normalize`]), and the error count is
//! the word-level edit distance (substitutions + deletions + insertions). `mockreview eval wer`
//! transcribes the clips and prints [`table`].

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// The reference transcript of an audio clip: `NAME.ref.txt` or `NAME.txt` beside it.
pub fn reference_path(input: &Path) -> Result<PathBuf> {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = input.parent().unwrap_or(Path::new(""));
    for candidate in [format!("{stem}.ref.txt"), format!("{stem}.txt")] {
        let path = dir.join(candidate);
        if path.is_file() {
            return Ok(path);
        }
    }
    Err(Error::input(
        input,
        format!("no reference transcript beside it ({stem}.ref.txt or {stem}.txt)"),
    ))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClipScore {
    pub name: String,
    pub words: usize,
    /// Words in the transcript: far more than `words` means inserted (hallucinated or looping) text.
    pub heard: usize,
    pub errors: usize,
}

impl ClipScore {
    /// The score of one clip: `reference` and `hypothesis` are [`normalize`]d words.
    pub fn new(name: String, reference: &[String], hypothesis: &[String]) -> ClipScore {
        ClipScore {
            name,
            words: reference.len(),
            heard: hypothesis.len(),
            errors: word_errors(reference, hypothesis),
        }
    }
}

/// `errors` as a percentage of `words` (0 when there are none).
pub(crate) fn percent(errors: usize, words: usize) -> f64 {
    if words == 0 {
        0.0
    } else {
        100.0 * errors as f64 / words as f64
    }
}

/// One line per clip and an overall line (errors over all reference words, not a mean of rates).
pub fn table(scores: &[ClipScore]) -> String {
    let width = scores
        .iter()
        .map(|s| s.name.len())
        .max()
        .unwrap_or(0)
        .max(7);
    let mut out = format!(
        "{:<width$}  {:>6}  {:>6}  {:>6}  {:>6}\n",
        "clip", "words", "heard", "errors", "WER"
    );
    for s in scores {
        let _ = writeln!(
            out,
            "{:<width$}  {:>6}  {:>6}  {:>6}  {:>5.1}%",
            s.name,
            s.words,
            s.heard,
            s.errors,
            percent(s.errors, s.words)
        );
    }
    let words: usize = scores.iter().map(|s| s.words).sum();
    let heard: usize = scores.iter().map(|s| s.heard).sum();
    let errors: usize = scores.iter().map(|s| s.errors).sum();
    let _ = writeln!(
        out,
        "{:<width$}  {:>6}  {:>6}  {:>6}  {:>5.1}%",
        "overall",
        words,
        heard,
        errors,
        percent(errors, words)
    );
    out
}

/// Lower case, punctuation and apostrophes removed, hyphens split, and written-out titles:
/// "Mr." and "mister" are one word said the same way, so a spelling choice is not counted as a
/// recognition error. Numbers are left alone (the references here contain none).
pub fn normalize(text: &str) -> Vec<String> {
    let cleaned: String = text
        .chars()
        .map(|c| match c {
            '-' | '–' | '—' | '/' => ' ',
            c => c,
        })
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    cleaned
        .split_whitespace()
        .map(|w| {
            match w {
                "mr" => "mister",
                "mrs" => "missus",
                "dr" => "doctor",
                other => other,
            }
            .to_string()
        })
        .collect()
}

/// Word-level edit distance.
pub fn word_errors(reference: &[String], hypothesis: &[String]) -> usize {
    let mut prev: Vec<usize> = (0..=hypothesis.len()).collect();
    let mut cur = vec![0; hypothesis.len() + 1];
    for (i, r) in reference.iter().enumerate() {
        cur[0] = i + 1;
        for (j, h) in hypothesis.iter().enumerate() {
            let substitution = prev[j] + usize::from(r != h);
            cur[j + 1] = substitution.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[hypothesis.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        normalize(s)
    }

    #[test]
    fn normalize_drops_case_punctuation_and_apostrophes() {
        assert_eq!(
            words("And so, my fellow Americans: ask not—what you'd do."),
            [
                "and",
                "so",
                "my",
                "fellow",
                "americans",
                "ask",
                "not",
                "what",
                "youd",
                "do"
            ]
        );
    }

    #[test]
    fn titles_are_written_out() {
        assert_eq!(words("Mr. John Dashwood"), words("mister john dashwood"));
        assert_ne!(words("Mr. John"), words("John"));
    }

    #[test]
    fn identical_text_has_no_errors() {
        assert_eq!(word_errors(&words("a b c"), &words("A, b. C!")), 0);
    }

    #[test]
    fn substitution_deletion_and_insertion_each_count_one() {
        let r = words("the cat sat on the mat");
        assert_eq!(word_errors(&r, &words("the cat sit on the mat")), 1);
        assert_eq!(word_errors(&r, &words("the cat on the mat")), 1);
        assert_eq!(word_errors(&r, &words("the big cat sat on the mat")), 1);
        assert_eq!(word_errors(&r, &words("")), 6);
        assert_eq!(word_errors(&[], &words("extra words")), 2);
    }

    #[test]
    fn overall_rate_weights_clips_by_their_words() {
        let t = table(&[
            ClipScore {
                name: "a.wav".into(),
                words: 90,
                heard: 90,
                errors: 0,
            },
            ClipScore {
                name: "b.wav".into(),
                words: 10,
                heard: 12,
                errors: 5,
            },
        ]);
        let overall = t.lines().last().unwrap();
        assert!(overall.starts_with("overall"), "{t}");
        let cols: Vec<&str> = overall.split_whitespace().collect();
        assert_eq!(cols, ["overall", "100", "102", "5", "5.0%"], "{t}");
    }

    #[test]
    fn a_clip_score_counts_words_heard_and_errors() {
        let s = ClipScore::new("c.wav".into(), &words("a b c d"), &words("a x c d e"));
        assert_eq!((s.words, s.heard, s.errors), (4, 5, 2));
    }

    #[test]
    fn missing_reference_names_the_audio_file() {
        let e = reference_path(Path::new("/nonexistent/clip.wav")).unwrap_err();
        assert!(e.to_string().contains("clip.wav"), "{e}");
        assert!(e.to_string().contains("clip.ref.txt"), "{e}");
    }
}
