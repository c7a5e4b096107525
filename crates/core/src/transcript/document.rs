//! mockreview's own transcript JSON (`schema: "mockreview.transcript/1"`), the lossless format:
//! segments, speakers, words with probabilities, and the metadata of the transcription run.
//!
//! The schema string is checked first, so a file from another tool or a future major version gets
//! "unsupported schema" rather than a confusing field error; unknown fields are refused (the types
//! deny them), as are times that run backwards or past 24 hours.

use std::path::Path;

use serde_json::Value;

use crate::transcript::finish::finish;
use crate::transcript::timestamp::MAX_TIME_MS;
use crate::transcript::whisper_json::json_syntax_error;
use crate::transcript::{Timing, Transcript, TranscriptDocument, TRANSCRIPT_SCHEMA};
use crate::{Error, Result};

/// Reads a mockreview transcript file into the analysis type.
pub fn parse(text: &str, path: &Path) -> Result<Transcript> {
    let doc = parse_document(text, path)?;
    let audio_duration_ms = doc.metadata.audio_duration_ms;
    let mut transcript = finish(doc.segments, Timing::Measured, path)?;
    transcript.duration_ms = transcript.duration_ms.max(audio_duration_ms);
    Ok(transcript)
}

/// Reads and checks a mockreview transcript file, keeping everything in it.
pub fn parse_document(text: &str, path: &Path) -> Result<TranscriptDocument> {
    let value: Value = serde_json::from_str(text).map_err(|e| json_syntax_error(&e, path))?;
    match value.get("schema") {
        Some(Value::String(s)) if s == TRANSCRIPT_SCHEMA => {}
        Some(Value::String(s)) => {
            return Err(Error::input(
                path,
                format!("unsupported transcript schema `{s}` (this mockreview reads `{TRANSCRIPT_SCHEMA}`)"),
            ))
        }
        Some(_) => return Err(Error::input(path, "`schema` is not a string")),
        None if value.get("transcription").is_some() => {
            // Reached only through `document::parse` directly; `transcript::load` routes these
            // to the whisper.cpp reader.
            return Err(Error::input(path, "this is whisper.cpp JSON, not a mockreview transcript"));
        }
        None => {
            return Err(Error::input(
                path,
                format!(
                    "JSON is not a transcript: expected a mockreview transcript \
                     (\"schema\": \"{TRANSCRIPT_SCHEMA}\"), whisper.cpp output (\"transcription\"), \
                     openai-whisper / whisper-timestamped / WhisperX (\"segments\"), AssemblyAI \
                     (\"utterances\" or \"words\"), Deepgram (\"results\": {{\"channels\"}}), AWS \
                     Transcribe (\"results\": {{\"items\"}}, or Call Analytics \"Transcript\") or \
                     Vosk (\"result\")"
                ),
            ))
        }
    }
    // Parsed again from the text (not the value) so field errors keep their line numbers.
    let doc: TranscriptDocument =
        serde_json::from_str(text).map_err(|e| json_syntax_error(&e, path))?;
    check_times(&doc, path)?;
    Ok(doc)
}

fn check_times(doc: &TranscriptDocument, path: &Path) -> Result<()> {
    let check = |field: String, start_ms: u64, end_ms: u64| {
        if end_ms < start_ms {
            Err(Error::input(
                path,
                format!("{field}: end_ms {end_ms} is before start_ms {start_ms}"),
            ))
        } else if end_ms > MAX_TIME_MS {
            Err(Error::input(
                path,
                format!("{field}: end_ms {end_ms} is beyond 24 hours"),
            ))
        } else {
            Ok(())
        }
    };
    for (i, s) in doc.segments.iter().enumerate() {
        check(format!("segments[{i}]"), s.start_ms, s.end_ms)?;
        for (j, w) in s.words.iter().enumerate() {
            check(format!("segments[{i}].words[{j}]"), w.start_ms, w.end_ms)?;
            if !(0.0..=1.0).contains(&w.p) {
                return Err(Error::input(
                    path,
                    format!("segments[{i}].words[{j}]: p {} is not between 0 and 1", w.p),
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"{
  "schema": "mockreview.transcript/1",
  "metadata": {
    "tool": "mockreview",
    "tool_version": "0.1.0",
    "source": "mock.flac",
    "audio_duration_ms": 60000,
    "model": { "name": "ggml-tiny.en-q8_0.bin", "sha256": "00" },
    "options": { "language": "en", "decoding": "greedy", "threads": 2, "vad": true }
  },
  "segments": [
    { "start_ms": 5000, "end_ms": 7000, "speaker": "candidate", "text": "Who are the clients?",
      "words": [ { "start_ms": 5000, "end_ms": 5400, "text": "Who", "p": 0.9 } ] },
    { "start_ms": 1000, "end_ms": 4000, "speaker": "interviewer", "text": "Design a rate limiter." }
  ]
}"#;

    fn read(text: &str) -> Result<Transcript> {
        parse(text, Path::new("m.json"))
    }

    #[test]
    fn reads_segments_words_and_duration() {
        let t = read(DOC).unwrap();
        assert_eq!(t.segments[0].speaker.as_deref(), Some("interviewer"));
        assert_eq!(t.segments[1].words.len(), 1);
        assert_eq!(t.duration_ms, 60_000);
        assert_eq!(t.timing, Timing::Measured);
    }

    #[test]
    fn other_schema_is_refused_clearly() {
        let e =
            read(&DOC.replace("mockreview.transcript/1", "mockreview.transcript/2")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "m.json: unsupported transcript schema `mockreview.transcript/2` (this mockreview reads `mockreview.transcript/1`)"
        );
    }

    #[test]
    fn json_without_schema_or_transcription_is_refused() {
        let e = read(r#"{"segments": []}"#).unwrap_err();
        assert!(e.to_string().contains("JSON is not a transcript"), "{e}");
    }

    #[test]
    fn unknown_field_is_refused_with_its_line() {
        let e = read(&DOC.replace(
            "\"tool\": \"mockreview\",",
            "\"tool\": \"mockreview\", \"colour\": 1,",
        ))
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("m.json: line 4: invalid JSON: unknown field `colour`"),
            "{e}"
        );
    }

    #[test]
    fn missing_field_is_refused() {
        let e = read(&DOC.replace("\"source\": \"mock.flac\",", "")).unwrap_err();
        assert!(e.to_string().contains("missing field `source`"), "{e}");
    }

    #[test]
    fn backwards_segment_is_refused_naming_it() {
        let e = read(&DOC.replace(
            "\"start_ms\": 1000, \"end_ms\": 4000",
            "\"start_ms\": 4000, \"end_ms\": 1000",
        ))
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "m.json: segments[1]: end_ms 1000 is before start_ms 4000"
        );
    }

    #[test]
    fn out_of_range_probability_is_refused() {
        let e = read(&DOC.replace("\"p\": 0.9", "\"p\": 1.5")).unwrap_err();
        assert!(e.to_string().contains("segments[0].words[0]: p 1.5"), "{e}");
    }

    #[test]
    fn document_without_segments_has_no_speech() {
        let head = &DOC[..DOC.find("\"segments\"").unwrap()];
        let e = read(&format!("{head}\"segments\": []}}")).unwrap_err();
        assert_eq!(e.to_string(), "m.json: no speech segments in m.json");
    }
}
