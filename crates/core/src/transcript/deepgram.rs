//! Deepgram pre-recorded (`/v1/listen`) response JSON, as its SDKs save it.
//!
//! ```json
//! {"metadata": {"duration": 19.1, "channels": 1, …},
//!  "results": {"channels": [{"alternatives": [{"transcript": "…", "confidence": 0.99,
//!      "words": [{"word": "we", "start": 0.32, "end": 0.64, "confidence": 0.95,
//!                 "punctuated_word": "We,", "speaker": 0}]}]}],
//!   "utterances": [{"start": 0.32, "end": 5.4, "channel": 0, "transcript": "…", "speaker": 0,
//!                   "words": […]}]}}
//! ```
//!
//! Times are seconds. With `utterances=true`, `results.utterances[]` are the segments. Otherwise
//! each channel's first alternative's `words[]` are grouped into segments (see
//! [`grouping`](super::grouping)); a word is spelled as `punctuated_word` when there is one.
//! Speakers: with diarization a word's or utterance's `speaker` number `n` is `Speaker n`; with
//! several channels (`multichannel=true`) each channel is a speaker, `Channel c` (`Channel c
//! Speaker n` with diarization too). `metadata.duration` is the recording's length.

use std::path::Path;

use serde_json::Value;

use crate::transcript::finish::finish;
use crate::transcript::grouping::{segments_from_words, TimedWord};
use crate::transcript::json::{at, kind, parse_value, Fields, Unit};
use crate::transcript::payload::collapse_spaces;
use crate::transcript::{Segment, Timing, Transcript, Word};
use crate::Result;

const FORMAT: &str = "Deepgram JSON";

pub fn parse(text: &str, path: &Path) -> Result<Transcript> {
    let root = parse_value(text, path)?;
    let f = Fields {
        path,
        format: FORMAT,
    };
    let results = match root.get("results") {
        Some(r @ Value::Object(_)) => r,
        Some(other) => return Err(f.error("results", format!("is {}, not an object", kind(other)))),
        None => return Err(f.error("results", "is missing")),
    };
    let channels = f.array(results, "channels", "results")?;
    let multichannel = channels.len() > 1;
    let name = |channel: u64, speaker: Option<u64>| -> Option<String> {
        match (multichannel, speaker) {
            (false, None) => None,
            (false, Some(n)) => Some(format!("Speaker {n}")),
            (true, None) => Some(format!("Channel {channel}")),
            (true, Some(n)) => Some(format!("Channel {channel} Speaker {n}")),
        }
    };

    let segments = match f.opt_array(results, "utterances", "results")? {
        Some(utterances) if !utterances.is_empty() => {
            let mut segments = Vec::with_capacity(utterances.len());
            for (i, u) in utterances.iter().enumerate() {
                let here = format!("results.utterances[{i}]");
                let (start_ms, end_ms) = f.span(u, ("start", "end"), &here, Unit::Seconds)?;
                let channel = whole(&f, u, "channel", &here)?.unwrap_or(0);
                let words = match f.opt_array(u, "words", &here)? {
                    Some(ws) => read_words(&f, ws, &at(&here, "words"), &|_, _| None)?
                        .into_iter()
                        .map(|w| w.word)
                        .collect(),
                    None => Vec::new(),
                };
                segments.push(Segment {
                    start_ms,
                    end_ms,
                    speaker: name(channel, whole(&f, u, "speaker", &here)?),
                    text: collapse_spaces(f.str(u, "transcript", &here)?),
                    words,
                });
            }
            segments
        }
        _ => {
            let mut segments = Vec::new();
            for (c, channel) in channels.iter().enumerate() {
                let here = format!("results.channels[{c}]");
                let alternatives = f.array(channel, "alternatives", &here)?;
                let Some(best) = alternatives.first() else {
                    continue;
                };
                let here = format!("{here}.alternatives[0]");
                let words = f.array(best, "words", &here)?;
                let named = |_: usize, speaker: Option<u64>| name(c as u64, speaker);
                segments.extend(segments_from_words(read_words(
                    &f,
                    words,
                    &at(&here, "words"),
                    &named,
                )?));
            }
            segments
        }
    };
    let duration = match root.get("metadata") {
        Some(m) => f.opt_time(m, "duration", "metadata", Unit::Seconds)?,
        None => None,
    };
    let mut transcript = finish(segments, Timing::Measured, path)?;
    transcript.duration_ms = transcript.duration_ms.max(duration.unwrap_or(0));
    Ok(transcript)
}

/// A whole number ≥ 0 (a channel or speaker index); missing or `null` is `None`.
fn whole(f: &Fields<'_>, v: &Value, key: &str, parent: &str) -> Result<Option<u64>> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_u64()
            .map(Some)
            .ok_or_else(|| f.error(&at(parent, key), format!("is {n}, not a whole number ≥ 0"))),
        Some(other) => Err(f.error(
            &at(parent, key),
            format!("is {}, not a number", kind(other)),
        )),
    }
}

type Namer<'a> = dyn Fn(usize, Option<u64>) -> Option<String> + 'a;

fn read_words(
    f: &Fields<'_>,
    words: &[Value],
    parent: &str,
    name: &Namer<'_>,
) -> Result<Vec<TimedWord>> {
    let mut out = Vec::with_capacity(words.len());
    for (j, w) in words.iter().enumerate() {
        let here = format!("{parent}[{j}]");
        let (start_ms, end_ms) = f.span(w, ("start", "end"), &here, Unit::Seconds)?;
        let text = match f.opt_str(w, "punctuated_word", &here)? {
            Some(t) => t,
            None => f.str(w, "word", &here)?,
        }
        .trim();
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
            speaker: name(j, whole(f, w, "speaker", &here)?),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Transcript> {
        parse(text, Path::new("d.json"))
    }

    fn word(w: &str, start: f64, end: f64, speaker: Option<u64>) -> String {
        let speaker = speaker
            .map(|s| format!(", \"speaker\": {s}"))
            .unwrap_or_default();
        format!(
            r#"{{"word": "{}", "start": {start}, "end": {end}, "confidence": 0.9, "punctuated_word": "{w}"{speaker}}}"#,
            w.to_lowercase().trim_end_matches(['.', '?', ','])
        )
    }

    fn response(channels: &[Vec<String>], utterances: &str) -> String {
        let channels: Vec<String> = channels
            .iter()
            .map(|ws| {
                format!(
                    r#"{{"alternatives": [{{"transcript": "", "confidence": 0.9, "words": [{}]}}]}}"#,
                    ws.join(",")
                )
            })
            .collect();
        format!(
            r#"{{"metadata": {{"request_id": "x", "duration": 30.5, "channels": {}}},
                "results": {{"channels": [{}]{utterances}}}}}"#,
            channels.len(),
            channels.join(",")
        )
    }

    #[test]
    fn diarized_words_become_speaker_turns() {
        let t = read(&response(
            &[vec![
                word("Design", 0.5, 0.9, Some(0)),
                word("it.", 0.9, 1.2, Some(0)),
                word("Why?", 1.4, 1.8, Some(1)),
            ]],
            "",
        ))
        .unwrap();
        let got: Vec<_> = t
            .segments
            .iter()
            .map(|s| (s.speaker.as_deref(), s.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (Some("Speaker 0"), "Design it."),
                (Some("Speaker 1"), "Why?")
            ]
        );
        assert_eq!(t.duration_ms, 30_500);
    }

    #[test]
    fn channels_are_speakers_when_there_are_several() {
        let t = read(&response(
            &[
                vec![word("Hi.", 0.0, 0.5, None)],
                vec![word("Hello.", 0.6, 1.0, None)],
            ],
            "",
        ))
        .unwrap();
        let got: Vec<_> = t.segments.iter().map(|s| s.speaker.as_deref()).collect();
        assert_eq!(got, [Some("Channel 0"), Some("Channel 1")]);
    }

    #[test]
    fn utterances_are_used_when_present() {
        let utterances = format!(
            r#", "utterances": [{{"start": 0.5, "end": 1.2, "confidence": 0.9, "channel": 0,
                "transcript": "Design it.", "speaker": 0, "id": "u1", "words": [{}]}}]"#,
            word("Design", 0.5, 0.9, Some(0))
        );
        let t = read(&response(
            &[vec![word("Design", 0.5, 0.9, Some(0))]],
            &utterances,
        ))
        .unwrap();
        assert_eq!(t.segments.len(), 1);
        assert_eq!(t.segments[0].text, "Design it.");
        assert_eq!(t.segments[0].speaker.as_deref(), Some("Speaker 0"));
        assert_eq!(t.segments[0].words[0].text, "Design");
    }

    #[test]
    fn broken_fields_are_named() {
        for (json, expected) in [
            (r#"{"metadata": {}}"#, "results is missing"),
            (r#"{"results": {}}"#, "results.channels is missing"),
            (
                r#"{"results": {"channels": [{"alternatives": [{"words": [{"word": "a", "start": 1}]}]}]}}"#,
                "results.channels[0].alternatives[0].words[0].end is missing",
            ),
            (
                r#"{"results": {"channels": [{"alternatives": [{"words": [{"word": "a", "start": 0, "end": 1, "speaker": -1}]}]}]}}"#,
                "results.channels[0].alternatives[0].words[0].speaker is -1, not a whole number ≥ 0",
            ),
        ] {
            let e = read(json).unwrap_err().to_string();
            assert_eq!(e, format!("d.json: Deepgram JSON: {expected}"), "{json}");
        }
    }
}
