//! `mockreview eval wer FILES…`: word error rate of the transcriber against reference transcripts.
//!
//! Each audio file needs its reference beside it: `NAME.ref.txt` or `NAME.txt`. Both sides are
//! normalised the same way before comparing (see [`normalize`]), and the error count is the
//! word-level edit distance (substitutions + deletions + insertions).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::EvalWerArgs;
use crate::transcribe::{self, Settings, Transcriber};
use crate::{output, Error, Result};

pub fn run(args: EvalWerArgs) -> Result<ExitCode> {
    let settings = Settings::from_options(&args.whisper)?;
    // Check every reference before spending minutes on audio.
    let mut clips = Vec::with_capacity(args.inputs.len());
    for input in &args.inputs {
        crate::audio::probe(input)?;
        let reference = reference_path(input)?;
        let text = std::fs::read_to_string(&reference).map_err(|e| Error::io(&reference, e))?;
        clips.push((input.clone(), normalize(&text)));
    }
    transcribe::install_interrupt_handler();
    let transcriber = Transcriber::new(settings)?;
    let mut scores = Vec::with_capacity(clips.len());
    for (input, reference) in clips {
        let doc = transcriber.transcribe(&input)?;
        let hypothesis: Vec<&str> = doc.segments.iter().map(|s| s.text.as_str()).collect();
        let hypothesis = normalize(&hypothesis.join(" "));
        scores.push(ClipScore {
            name: input
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            words: reference.len(),
            heard: hypothesis.len(),
            errors: word_errors(&reference, &hypothesis),
        });
    }
    let model = transcriber.model();
    let mut text = format!(
        "model {} ({}), {} decoding, VAD {}\n",
        model.name,
        model.description(),
        transcriber
            .settings()
            .beam
            .map_or("greedy".to_string(), |b| format!("beam {b}")),
        if transcriber.settings().vad {
            "on"
        } else {
            "off"
        }
    );
    text.push_str(&table(&scores));
    output::emit(None, text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn reference_path(input: &Path) -> Result<PathBuf> {
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

fn percent(errors: usize, words: usize) -> f64 {
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
    fn missing_reference_names_the_audio_file() {
        let e = reference_path(Path::new("/nonexistent/clip.wav")).unwrap_err();
        assert!(e.to_string().contains("clip.wav"), "{e}");
        assert!(e.to_string().contains("clip.ref.txt"), "{e}");
    }
}
