//! The openai-whisper family of JSON results: openai-whisper's `--output_format json`,
//! whisper-timestamped, faster-whisper dumps, the OpenAI API's `verbose_json`, and WhisperX (the same
//! layout with speakers).
//!
//! ```json
//! {"text": " Apollo 11, Houston. …", "language": "en",
//!  "segments": [{"id": 0, "start": 0.36, "end": 6.96, "text": " Apollo 11, Houston. …",
//!                "speaker": "SPEAKER_00",
//!                "words": [{"text": "Apollo", "start": 0.36, "end": 0.92, "confidence": 0.791}]}]}
//! ```
//!
//! Read: `segments[]` with `start` / `end` in seconds and `text`; a segment's `words[]` become its
//! words, the word in `word` (openai-whisper, WhisperX, faster-whisper) or `text`
//! (whisper-timestamped), its probability in `probability`, `confidence` or `score`. WhisperX's
//! `speaker` per segment is the segment's speaker, as labelled (`SPEAKER_00`); an unknown label gives
//! none (see [`speaker`](super::speaker)). WhisperX leaves words it could not align (numbers) without
//! times: they take the end of the word before. The API's top-level `words[]` (with
//! `timestamp_granularities=word`) go to the segment they start in. A top-level `duration`
//! (seconds) is the recording's length. Everything else (`tokens`, `avg_logprob`, `seek`, …) is
//! ignored.

use std::path::Path;

use serde_json::Value;

use crate::transcript::finish::finish;
use crate::transcript::json::{at, parse_value, Fields, Unit};
use crate::transcript::payload::collapse_spaces;
use crate::transcript::{speaker, Segment, Timing, Transcript, Word};
use crate::Result;

const FORMAT: &str = "openai-whisper JSON";

pub fn parse(text: &str, path: &Path) -> Result<Transcript> {
    let root = parse_value(text, path)?;
    let f = Fields {
        path,
        format: FORMAT,
    };
    let mut segments = Vec::new();
    for (i, seg) in f.array(&root, "segments", "")?.iter().enumerate() {
        let here = format!("segments[{i}]");
        let (start_ms, end_ms) = f.span(seg, ("start", "end"), &here, Unit::Seconds)?;
        let text = collapse_spaces(f.str(seg, "text", &here)?);
        let speaker = f.opt_str(seg, "speaker", &here)?.and_then(speaker::label);
        let words = match f.opt_array(seg, "words", &here)? {
            Some(words) => read_words(&f, words, &at(&here, "words"), start_ms, end_ms)?,
            None => Vec::new(),
        };
        segments.push(Segment {
            start_ms,
            end_ms,
            speaker,
            text,
            words,
        });
    }
    if let Some(words) = f.opt_array(&root, "words", "")? {
        if segments.iter().all(|s| s.words.is_empty()) {
            let start = segments.first().map_or(0, |s| s.start_ms);
            let end = segments.iter().map(|s| s.end_ms).max().unwrap_or(0);
            for word in read_words(&f, words, "words", start, end)? {
                let home = segments
                    .iter()
                    .rposition(|s| s.start_ms <= word.start_ms)
                    .unwrap_or(0);
                if let Some(seg) = segments.get_mut(home) {
                    seg.words.push(word);
                }
            }
        }
    }
    let duration = f.opt_time(&root, "duration", "", Unit::Seconds)?;
    let mut transcript = finish(segments, Timing::Measured, path)?;
    transcript.duration_ms = transcript.duration_ms.max(duration.unwrap_or(0));
    Ok(transcript)
}

fn read_words(
    f: &Fields<'_>,
    words: &[Value],
    parent: &str,
    seg_start: u64,
    seg_end: u64,
) -> Result<Vec<Word>> {
    let mut out: Vec<Word> = Vec::with_capacity(words.len());
    for (j, w) in words.iter().enumerate() {
        let here = format!("{parent}[{j}]");
        let text = match f.opt_str(w, "word", &here)? {
            Some(t) => t,
            None => f.str(w, "text", &here)?,
        };
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let before = out.last().map_or(seg_start, |p| p.end_ms);
        let start_ms = f
            .opt_time(w, "start", &here, Unit::Seconds)?
            .unwrap_or(before);
        let end_ms = f
            .opt_time(w, "end", &here, Unit::Seconds)?
            .unwrap_or(start_ms)
            .max(start_ms)
            .min(seg_end.max(start_ms));
        out.push(Word {
            start_ms,
            end_ms,
            text: text.to_string(),
            p: f.probability(w, &["probability", "confidence", "score"]),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Transcript> {
        parse(text, Path::new("w.json"))
    }

    #[test]
    fn openai_whisper_segments_and_words() {
        let t = read(
            r#"{"text": " Hello there. Bye.", "language": "en", "segments": [
                {"id": 0, "seek": 0, "start": 0.0, "end": 1.5, "text": " Hello there.", "tokens": [1, 2],
                 "temperature": 0.0, "avg_logprob": -0.2, "compression_ratio": 1.1, "no_speech_prob": 0.01,
                 "words": [{"word": " Hello", "start": 0.0, "end": 0.6, "probability": 0.9},
                           {"word": " there.", "start": 0.6, "end": 1.5, "probability": 0.8}]},
                {"id": 1, "seek": 0, "start": 2.0, "end": 2.5, "text": " Bye."}]}"#,
        )
        .unwrap();
        assert_eq!(t.segments.len(), 2);
        assert_eq!(t.segments[0].text, "Hello there.");
        assert_eq!(t.segments[0].speaker, None);
        let w = &t.segments[0].words[1];
        assert_eq!(
            (w.text.as_str(), w.start_ms, w.end_ms),
            ("there.", 600, 1_500)
        );
        assert!((w.p - 0.8).abs() < 1e-6);
        assert_eq!(t.duration_ms, 2_500);
    }

    #[test]
    fn whisperx_speakers_and_unaligned_words() {
        // As written by WhisperX after `assign_word_speakers` (its README's layout): a number it
        // could not align has no times.
        let t = read(
            r#"{"segments": [
                {"start": 0.5, "end": 3.0, "text": " Design a rate limiter for 10 services.", "speaker": "SPEAKER_00",
                 "words": [{"word": "Design", "start": 0.5, "end": 0.9, "score": 0.91, "speaker": "SPEAKER_00"},
                           {"word": "for", "start": 1.9, "end": 2.1, "score": 0.8, "speaker": "SPEAKER_00"},
                           {"word": "10"},
                           {"word": "services.", "start": 2.3, "end": 3.0, "score": 0.7, "speaker": "SPEAKER_00"}]},
                {"start": 3.2, "end": 4.0, "text": " Who calls it?", "speaker": "SPEAKER_01"},
                {"start": 4.1, "end": 4.5, "text": " Hmm.", "speaker": "UNKNOWN"}],
              "word_segments": []}"#,
        )
        .unwrap();
        let speakers: Vec<_> = t.segments.iter().map(|s| s.speaker.as_deref()).collect();
        assert_eq!(speakers, [Some("SPEAKER_00"), Some("SPEAKER_01"), None]);
        let ten = &t.segments[0].words[2];
        assert_eq!(
            (ten.text.as_str(), ten.start_ms, ten.end_ms),
            ("10", 2_100, 2_100)
        );
    }

    #[test]
    fn api_verbose_json_words_go_to_their_segments() {
        let t = read(
            r#"{"task": "transcribe", "duration": 9.25, "text": "a b", "segments": [
                {"start": 0.0, "end": 1.0, "text": "a"}, {"start": 2.0, "end": 3.0, "text": "b"}],
               "words": [{"word": "a", "start": 0.1, "end": 0.5}, {"word": "b", "start": 2.1, "end": 2.5}]}"#,
        )
        .unwrap();
        assert_eq!(t.segments[1].words[0].text, "b");
        assert_eq!(t.segments[0].words.len(), 1);
        assert_eq!(t.duration_ms, 9_250);
    }

    #[test]
    fn broken_fields_are_named() {
        for (json, expected) in [
            (r#"{"text": ""}"#, "segments is missing"),
            (
                r#"{"segments": [{"start": 1, "text": "a"}]}"#,
                "segments[0].end is missing",
            ),
            (
                r#"{"segments": [{"start": 2, "end": 1, "text": "a"}]}"#,
                "segments[0] ends at 1000 ms, before it starts at 2000 ms",
            ),
            (
                r#"{"segments": [{"start": 0, "end": 1, "text": "a", "words": [{"start": 0}]}]}"#,
                "segments[0].words[0].text is missing",
            ),
        ] {
            let e = read(json).unwrap_err().to_string();
            assert_eq!(
                e,
                format!("w.json: openai-whisper JSON: {expected}"),
                "{json}"
            );
        }
    }
}
