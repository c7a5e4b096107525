//! AssemblyAI transcript JSON (`GET /v2/transcript/{id}`, as its SDKs save it).
//!
//! ```json
//! {"id": "…", "status": "completed", "text": "…", "audio_duration": 1843,
//!  "words": [{"text": "Design", "start": 250, "end": 650, "confidence": 0.97, "speaker": "A"}],
//!  "utterances": [{"speaker": "A", "text": "Design a rate limiter.", "start": 250, "end": 1900,
//!                  "confidence": 0.95, "words": […]}]}
//! ```
//!
//! Times are milliseconds. With speaker labels on, `utterances[]` are the segments, each with its
//! speaker as AssemblyAI names it (`A`, `B`, …) and its words. Without them, the top-level `words[]`
//! are grouped into segments (see [`grouping`](super::grouping)). `audio_duration` (seconds) is
//! the recording's length. A transcript whose `status` is not `completed` has no text yet, or
//! failed; it is refused with its status (and AssemblyAI's `error` message).

use std::path::Path;

use serde_json::Value;

use crate::transcript::finish::finish;
use crate::transcript::grouping::{segments_from_words, TimedWord};
use crate::transcript::json::{at, parse_value, Fields, Unit};
use crate::transcript::payload::collapse_spaces;
use crate::transcript::{speaker, Segment, Timing, Transcript, Word};
use crate::Result;

const FORMAT: &str = "AssemblyAI JSON";

pub fn parse(text: &str, path: &Path) -> Result<Transcript> {
    let root = parse_value(text, path)?;
    let f = Fields {
        path,
        format: FORMAT,
    };
    if let Some(status) = f.opt_str(&root, "status", "")? {
        if status != "completed" {
            let why = f
                .opt_str(&root, "error", "")?
                .map(|e| format!(": {e}"))
                .unwrap_or_default();
            return Err(f.error(
                "status",
                format!("is `{status}`: the transcript is not complete{why}"),
            ));
        }
    }
    let segments = match f.opt_array(&root, "utterances", "")? {
        Some(utterances) if !utterances.is_empty() => {
            let mut segments = Vec::with_capacity(utterances.len());
            for (i, u) in utterances.iter().enumerate() {
                let here = format!("utterances[{i}]");
                let (start_ms, end_ms) = f.span(u, ("start", "end"), &here, Unit::Millis)?;
                let words = match f.opt_array(u, "words", &here)? {
                    Some(ws) => read_words(&f, ws, &at(&here, "words"))?
                        .into_iter()
                        .map(|w| w.word)
                        .collect(),
                    None => Vec::new(),
                };
                segments.push(Segment {
                    start_ms,
                    end_ms,
                    speaker: speaker_of(&f, u, &here)?,
                    text: collapse_spaces(f.str(u, "text", &here)?),
                    words,
                });
            }
            segments
        }
        _ => segments_from_words(read_words(&f, f.array(&root, "words", "")?, "words")?),
    };
    let duration = f.opt_time(&root, "audio_duration", "", Unit::Seconds)?;
    let mut transcript = finish(segments, Timing::Measured, path)?;
    transcript.duration_ms = transcript.duration_ms.max(duration.unwrap_or(0));
    Ok(transcript)
}

fn speaker_of(f: &Fields<'_>, v: &Value, here: &str) -> Result<Option<String>> {
    Ok(f.opt_str(v, "speaker", here)?.and_then(speaker::label))
}

fn read_words(f: &Fields<'_>, words: &[Value], parent: &str) -> Result<Vec<TimedWord>> {
    let mut out = Vec::with_capacity(words.len());
    for (j, w) in words.iter().enumerate() {
        let here = format!("{parent}[{j}]");
        let (start_ms, end_ms) = f.span(w, ("start", "end"), &here, Unit::Millis)?;
        let text = f.str(w, "text", &here)?.trim();
        if text.is_empty() {
            continue;
        }
        out.push(TimedWord {
            word: Word {
                start_ms,
                end_ms,
                text: text.to_string(),
                p: f.probability(w, &["confidence"]),
            },
            speaker: speaker_of(f, w, &here)?,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Transcript> {
        parse(text, Path::new("a.json"))
    }

    // Shaped after AssemblyAI's API reference (`TranscriptUtterance`, `TranscriptWord`).
    const DIARIZED: &str = r#"{
        "id": "5551722-f677-48a6-9287-39c0aafd9ac1", "status": "completed", "language_code": "en_us",
        "text": "Let's design a rate limiter. Who are the clients?", "audio_duration": 12,
        "speaker_labels": true,
        "words": [
            {"text": "Let's", "start": 250, "end": 500, "confidence": 0.98, "speaker": "A"},
            {"text": "design", "start": 500, "end": 900, "confidence": 0.97, "speaker": "A"},
            {"text": "a", "start": 900, "end": 950, "confidence": 0.99, "speaker": "A"},
            {"text": "rate", "start": 950, "end": 1200, "confidence": 0.95, "speaker": "A"},
            {"text": "limiter.", "start": 1200, "end": 1800, "confidence": 0.93, "speaker": "A"},
            {"text": "Who", "start": 2400, "end": 2600, "confidence": 0.9, "speaker": "B"},
            {"text": "are", "start": 2600, "end": 2700, "confidence": 0.9, "speaker": "B"},
            {"text": "the", "start": 2700, "end": 2800, "confidence": 0.9, "speaker": "B"},
            {"text": "clients?", "start": 2800, "end": 3300, "confidence": 0.9, "speaker": "B"}
        ],
        "utterances": [
            {"speaker": "A", "text": "Let's design a rate limiter.", "start": 250, "end": 1800, "confidence": 0.96,
             "words": [{"text": "Let's", "start": 250, "end": 500, "confidence": 0.98, "speaker": "A"}]},
            {"speaker": "B", "text": "Who are the clients?", "start": 2400, "end": 3300, "confidence": 0.9,
             "words": []}
        ]
    }"#;

    #[test]
    fn utterances_are_segments_with_their_speakers() {
        let t = read(DIARIZED).unwrap();
        let got: Vec<_> = t
            .segments
            .iter()
            .map(|s| (s.start_ms, s.end_ms, s.speaker.as_deref(), s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (250, 1_800, Some("A"), "Let's design a rate limiter."),
                (2_400, 3_300, Some("B"), "Who are the clients?"),
            ]
        );
        assert_eq!(t.segments[0].words.len(), 1);
        assert_eq!(t.duration_ms, 12_000);
    }

    #[test]
    fn without_utterances_the_words_are_grouped() {
        let json = DIARIZED.replace("\"utterances\"", "\"utterances_off\"");
        let t = read(&json).unwrap();
        assert_eq!(t.segments.len(), 2);
        assert_eq!(t.segments[1].text, "Who are the clients?");
        assert_eq!(t.segments[1].speaker.as_deref(), Some("B"));
        let json = json.replace("\"speaker\": \"B\"", "\"speaker\": null");
        let t = read(&json).unwrap();
        assert_eq!(t.segments[1].speaker, None);
    }

    #[test]
    fn unfinished_transcript_is_refused_with_its_status() {
        let e = read(r#"{"id": "x", "status": "error", "error": "Download error", "text": null, "words": null}"#)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "a.json: AssemblyAI JSON: status is `error`: the transcript is not complete: Download error"
        );
    }

    #[test]
    fn missing_words_are_named() {
        let e = read(r#"{"status": "completed", "text": "hi"}"#).unwrap_err();
        assert_eq!(e.to_string(), "a.json: AssemblyAI JSON: words is missing");
    }
}
