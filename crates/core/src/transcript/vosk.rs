//! Vosk recognizer results with word times (`SetWords(True)`), saved as JSON.
//!
//! ```json
//! {"result": [{"conf": 1.0, "start": 0.3, "end": 0.6, "word": "and"}, …], "text": "and so my fellow americans"}
//! ```
//!
//! Read: one such result (what `Result()` / `FinalResult()` return), an array of them, or one per
//! line (JSON Lines, as a loop over `Result()` writes them); with `SetMaxAlternatives`, the first of
//! `alternatives[]`; and the layout some tools save, an array of utterances
//! `{"content": "…", "start": 0.3, "end": 5.61, "words": [{"word": "and", "start": 0.3, "end": 0.6,
//! "conf": 1}]}`. Each utterance is a segment from its first word's start to its last word's end,
//! its text `text` or `content` (the words joined when neither is there). Times are seconds. Vosk
//! names no speakers, so the transcript has none. `{"partial": …}` results and results without
//! words are skipped.

use std::path::Path;

use serde_json::Value;

use crate::transcript::finish::finish;
use crate::transcript::json::{at, kind, Fields, Unit};
use crate::transcript::payload::collapse_spaces;
use crate::transcript::whisper_json::json_syntax_error;
use crate::transcript::{Segment, Timing, Transcript, Word};
use crate::Result;

const FORMAT: &str = "Vosk JSON";

pub fn parse(text: &str, path: &Path) -> Result<Transcript> {
    let f = Fields {
        path,
        format: FORMAT,
    };
    let utterances: Vec<(String, Value)> = match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(items)) => items
            .into_iter()
            .enumerate()
            .map(|(i, v)| (format!("[{i}]"), v))
            .collect(),
        Ok(v) => vec![(String::new(), v)],
        Err(whole_error) => {
            // JSON Lines: one result a line. A file that is not that either reports the first
            // error of reading it as one document.
            let mut out = Vec::new();
            for (n, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                match serde_json::from_str::<Value>(line) {
                    Ok(v) => out.push((format!("line {}", n + 1), v)),
                    Err(_) => return Err(json_syntax_error(&whole_error, path)),
                }
            }
            out
        }
    };
    let mut segments = Vec::new();
    for (here, utterance) in &utterances {
        if !utterance.is_object() {
            return Err(f.error(
                if here.is_empty() {
                    "the document"
                } else {
                    here
                },
                format!("is {}, not a result object", kind(utterance)),
            ));
        }
        if let Some(segment) = read_utterance(&f, utterance, here)? {
            segments.push(segment);
        }
    }
    finish(segments, Timing::Measured, path)
}

fn read_utterance(f: &Fields<'_>, u: &Value, here: &str) -> Result<Option<Segment>> {
    // With alternatives, the first (most likely) one.
    let (u, here) = match f.opt_array(u, "alternatives", here)? {
        Some([first, ..]) => (first, at(here, "alternatives[0]")),
        _ => (u, here.to_string()),
    };
    let (key, words) = if let Some(w) = f.opt_array(u, "result", &here)? {
        ("result", w)
    } else if let Some(w) = f.opt_array(u, "words", &here)? {
        ("words", w)
    } else {
        return Ok(None);
    };
    let mut out: Vec<Word> = Vec::with_capacity(words.len());
    for (j, w) in words.iter().enumerate() {
        let word_at = format!("{}[{j}]", at(&here, key));
        let (start_ms, end_ms) = f.span(w, ("start", "end"), &word_at, Unit::Seconds)?;
        let text = f.str(w, "word", &word_at)?.trim();
        if text.is_empty() {
            continue;
        }
        out.push(Word {
            start_ms,
            end_ms,
            text: text.to_string(),
            p: f.probability(w, &["conf"]),
        });
    }
    let (Some(first), Some(last)) = (out.first(), out.last()) else {
        return Ok(None);
    };
    let start_ms = first.start_ms;
    let end_ms = out.iter().map(|w| w.end_ms).max().unwrap_or(last.end_ms);
    let text = match f.opt_str(u, "text", &here)? {
        Some(t) if !t.trim().is_empty() => collapse_spaces(t),
        _ => match f.opt_str(u, "content", &here)? {
            Some(t) if !t.trim().is_empty() => collapse_spaces(t),
            _ => out
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        },
    };
    Ok(Some(Segment {
        start_ms,
        end_ms,
        speaker: None,
        text,
        words: out,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Transcript> {
        parse(text, Path::new("v.json"))
    }

    const ONE: &str = r#"{"result": [{"conf": 1.0, "end": 0.6, "start": 0.3, "word": "and"},
        {"conf": 0.8, "end": 0.99, "start": 0.6, "word": "so"}], "text": "and so"}"#;

    #[test]
    fn one_result_is_one_segment_with_words() {
        let t = read(ONE).unwrap();
        let s = &t.segments[0];
        assert_eq!(
            (s.start_ms, s.end_ms, s.text.as_str()),
            (300, 990, "and so")
        );
        assert_eq!(s.words.len(), 2);
        assert!((s.words[1].p - 0.8).abs() < 1e-6);
        assert_eq!(s.speaker, None);
    }

    #[test]
    fn arrays_json_lines_alternatives_and_content_utterances_are_read() {
        let later = ONE
            .replace("0.3", "5.3")
            .replace("0.6", "5.6")
            .replace("0.99", "5.99");
        let array = format!("[{ONE}, {{\"partial\": \"x\"}}, {later}]");
        assert_eq!(read(&array).unwrap().segments.len(), 2);
        let lines = format!(
            "{}\n{{\"text\": \"\"}}\n{}\n",
            ONE.replace('\n', " "),
            later.replace('\n', " ")
        );
        assert_eq!(read(&lines).unwrap().segments.len(), 2);
        let alt = r#"{"alternatives": [{"confidence": 200.1, "result": [{"end": 1.0, "start": 0.5, "word": "hi"}], "text": "hi"}]}"#;
        assert_eq!(read(alt).unwrap().segments[0].text, "hi");
        let content = r#"[{"content": "ask not", "start": 0.3, "end": 5.61,
            "words": [{"conf": 1, "end": 0.6, "start": 0.3, "word": "ask"}, {"conf": 1, "end": 5.61, "start": 5.0, "word": "not"}]}]"#;
        let t = read(content).unwrap();
        assert_eq!(
            (t.segments[0].text.as_str(), t.segments[0].end_ms),
            ("ask not", 5_610)
        );
    }

    #[test]
    fn broken_input_is_named() {
        let e = read(r#"{"result": [{"start": 1, "end": 2}]}"#).unwrap_err();
        assert_eq!(
            e.to_string(),
            "v.json: Vosk JSON: result[0].word is missing"
        );
        let e = read("[1]").unwrap_err();
        assert_eq!(
            e.to_string(),
            "v.json: Vosk JSON: [0] is a number, not a result object"
        );
        let e = read("{\"result\": [}\n").unwrap_err();
        assert!(
            e.to_string().starts_with("v.json: line 1: invalid JSON"),
            "{e}"
        );
    }
}
