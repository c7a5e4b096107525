//! whisper.cpp JSON output: `whisper-cli -oj` (segments) and `-ojf` (segments with tokens).
//!
//! Read: `transcription[]` with `offsets.from` / `offsets.to` (milliseconds) and `text`; with
//! `-ojf`, `tokens[]` with `text`, `offsets` and `p` become the segment's words (special tokens
//! dropped, see [`tokens`](super::tokens)). Speakers: `--diarize` writes `"speaker": "0"` or `"1"`
//! (read as `Speaker 0` / `Speaker 1`; `"?"` means unknown); `--tinydiarize` writes
//! `"speaker_turn_next": true` after a segment where the speaker changes, read as two alternating
//! speakers `Speaker A` and `Speaker B` (an interview has two people; tinydiarize names nobody).
//! Everything else (`systeminfo`, `model`, `params`, the `timestamps` strings, `id`, `t_dtw`) is
//! ignored.
//!
//! A missing or mistyped field is an error naming its path, e.g. `transcription[3].offsets.from`.

use std::path::Path;

use serde_json::Value;

use crate::transcript::finish::finish;
use crate::transcript::payload::collapse_spaces;
use crate::transcript::timestamp::MAX_TIME_MS;
use crate::transcript::tokens::{words_from_tokens, Token};
use crate::transcript::{Segment, Timing, Transcript, Word};
use crate::{Error, Result};

pub fn parse(text: &str, path: &Path) -> Result<Transcript> {
    let root: Value = serde_json::from_str(text).map_err(|e| json_syntax_error(&e, path))?;
    let field_error =
        |field: &str, what: &str| Error::input(path, format!("whisper.cpp JSON: {field} {what}"));

    let segments_json = match root.get("transcription") {
        Some(Value::Array(a)) => a,
        Some(_) => return Err(field_error("transcription", "is not an array")),
        None => return Err(field_error("transcription", "is missing")),
    };

    let mut segments = Vec::with_capacity(segments_json.len());
    let mut tdrz_turn = false;
    for (i, seg) in segments_json.iter().enumerate() {
        let at = format!("transcription[{i}]");
        let (start_ms, end_ms) = offsets(seg, &at).map_err(|(f, w)| field_error(&f, &w))?;
        let text = match seg.get("text") {
            Some(Value::String(s)) => collapse_spaces(&s.replace('\u{FFFD}', "")),
            Some(_) => return Err(field_error(&format!("{at}.text"), "is not a string")),
            None => return Err(field_error(&format!("{at}.text"), "is missing")),
        };
        let words = match seg.get("tokens") {
            None => Vec::new(),
            Some(Value::Array(tokens)) => {
                let pieces = tokens
                    .iter()
                    .enumerate()
                    .map(|(j, t)| token(t, &format!("{at}.tokens[{j}]"), (start_ms, end_ms)))
                    .collect::<std::result::Result<Vec<_>, _>>()
                    .map_err(|(f, w)| field_error(&f, &w))?;
                let mut words = words_from_tokens(&pieces);
                if pieces.iter().any(|t| t.text.contains('\u{FFFD}')) {
                    restore_split_characters(&mut words, &text);
                }
                words
            }
            Some(_) => return Err(field_error(&format!("{at}.tokens"), "is not an array")),
        };
        let speaker = match (seg.get("speaker"), seg.get("speaker_turn_next")) {
            (Some(Value::String(s)), _) => diarize_speaker(s),
            (Some(_), _) => return Err(field_error(&format!("{at}.speaker"), "is not a string")),
            (None, Some(Value::Bool(turn_next))) => {
                let name = if tdrz_turn { "Speaker B" } else { "Speaker A" };
                if *turn_next {
                    tdrz_turn = !tdrz_turn;
                }
                Some(name.to_string())
            }
            (None, Some(_)) => {
                return Err(field_error(
                    &format!("{at}.speaker_turn_next"),
                    "is not true or false",
                ))
            }
            (None, None) => None,
        };
        segments.push(Segment {
            start_ms,
            end_ms,
            speaker,
            text,
            words,
        });
    }
    finish(segments, Timing::Measured, path)
}

/// A character split across tokens lost its bytes in every token; the segment text still has it.
/// When the words line up one to one with the text's words, the text's spelling is taken.
fn restore_split_characters(words: &mut [Word], segment_text: &str) {
    let spelled: Vec<&str> = segment_text.split_whitespace().collect();
    if spelled.len() == words.len() {
        for (word, spelling) in words.iter_mut().zip(spelled) {
            word.text = spelling.to_string();
        }
    }
}

type FieldError = (String, String);

/// `offsets.from` / `offsets.to` of a segment or token, checked.
fn offsets(v: &Value, at: &str) -> std::result::Result<(u64, u64), FieldError> {
    let offsets = match v.get("offsets") {
        Some(o @ Value::Object(_)) => o,
        Some(_) => return Err((format!("{at}.offsets"), "is not an object".into())),
        None => return Err((format!("{at}.offsets"), "is missing".into())),
    };
    let from = millis(offsets.get("from"), &format!("{at}.offsets.from"))?;
    let to = millis(offsets.get("to"), &format!("{at}.offsets.to"))?;
    if to < from {
        return Err((
            format!("{at}.offsets"),
            format!("end {to} ms is before start {from} ms"),
        ));
    }
    Ok((from, to))
}

fn millis(v: Option<&Value>, field: &str) -> std::result::Result<u64, FieldError> {
    let n = match v {
        None => return Err((field.into(), "is missing".into())),
        Some(Value::Number(n)) => n,
        Some(_) => return Err((field.into(), "is not a number".into())),
    };
    match n.as_u64() {
        Some(ms) if ms <= MAX_TIME_MS => Ok(ms),
        Some(ms) => Err((field.into(), format!("is {ms} ms, beyond 24 hours"))),
        None => Err((
            field.into(),
            format!("is {n}, not a whole number of milliseconds ≥ 0"),
        )),
    }
}

fn token<'a>(
    t: &'a Value,
    at: &str,
    segment: (u64, u64),
) -> std::result::Result<Token<'a>, FieldError> {
    let text = match t.get("text") {
        Some(Value::String(s)) => s.as_str(),
        Some(_) => return Err((format!("{at}.text"), "is not a string".into())),
        None => return Err((format!("{at}.text"), "is missing".into())),
    };
    // whisper.cpp leaves out token times when it has none; the segment's span stands in.
    let (start_ms, end_ms) = if t.get("offsets").is_some() {
        offsets(t, at)?
    } else {
        segment
    };
    let p = match t.get("p") {
        None => 1.0,
        Some(Value::Number(n)) => n.as_f64().unwrap_or(1.0) as f32,
        Some(_) => return Err((format!("{at}.p"), "is not a number".into())),
    };
    Ok(Token {
        text,
        start_ms,
        end_ms,
        p,
    })
}

fn diarize_speaker(id: &str) -> Option<String> {
    let id = id.trim();
    (!id.is_empty() && id != "?").then(|| format!("Speaker {id}"))
}

/// A JSON syntax error with its line (serde_json's message without its own location suffix).
pub(crate) fn json_syntax_error(e: &serde_json::Error, path: &Path) -> Error {
    let message = e.to_string();
    let message = match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message,
    };
    if e.line() == 0 {
        Error::input(path, format!("invalid JSON: {message}"))
    } else {
        Error::at_line(path, e.line(), format!("invalid JSON: {message}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Transcript> {
        parse(text, Path::new("w.json"))
    }

    const OJF: &str = r#"{
	"systeminfo": "AVX = 1 | NEON = 0",
	"model": {"type": "tiny", "multilingual": false, "vocab": 51864},
	"params": {"model": "models/ggml-tiny.en.bin", "language": "en", "translate": false},
	"result": {"language": "en"},
	"transcription": [
		{
			"timestamps": {"from": "00:00:00,000", "to": "00:00:02,500"},
			"offsets": {"from": 0, "to": 2500},
			"text": " Use idempotency keys.",
			"tokens": [
				{"text": "[_BEG_]", "timestamps": {"from": "00:00:00,000", "to": "00:00:00,000"}, "offsets": {"from": 0, "to": 0}, "id": 50363, "p": 0.98, "t_dtw": -1},
				{"text": " Use", "offsets": {"from": 0, "to": 400}, "id": 5765, "p": 0.9, "t_dtw": -1},
				{"text": " idem", "offsets": {"from": 400, "to": 900}, "id": 1, "p": 0.5, "t_dtw": -1},
				{"text": "potency", "offsets": {"from": 900, "to": 1500}, "id": 2, "p": 0.7, "t_dtw": -1},
				{"text": " keys", "offsets": {"from": 1500, "to": 2100}, "id": 3, "p": 0.8, "t_dtw": -1},
				{"text": ".", "offsets": {"from": 2100, "to": 2200}, "id": 13, "p": 0.8, "t_dtw": -1},
				{"text": "[_TT_125]", "offsets": {"from": 2500, "to": 2500}, "id": 50488, "p": 0.4, "t_dtw": -1}
			]
		}
	]
}
"#;

    #[test]
    fn full_output_gives_segments_with_words() {
        let t = read(OJF).unwrap();
        let s = &t.segments[0];
        assert_eq!(
            (s.start_ms, s.end_ms, s.text.as_str()),
            (0, 2_500, "Use idempotency keys.")
        );
        let words: Vec<_> = s
            .words
            .iter()
            .map(|w| (w.text.as_str(), w.start_ms, w.end_ms))
            .collect();
        assert_eq!(
            words,
            [
                ("Use", 0, 400),
                ("idempotency", 400, 1_500),
                ("keys.", 1_500, 2_200)
            ]
        );
        assert!((s.words[1].p - 0.6).abs() < 1e-6);
    }

    #[test]
    fn plain_output_gives_segments_without_words() {
        let t = read(
            r#"{"transcription": [{"timestamps": {"from": "00:00:01,000", "to": "00:00:02,000"},
                "offsets": {"from": 1000, "to": 2000}, "text": " Hello."}]}"#,
        )
        .unwrap();
        assert_eq!(t.segments[0].text, "Hello.");
        assert!(t.segments[0].words.is_empty());
        assert_eq!(t.segments[0].speaker, None);
    }

    #[test]
    fn diarize_speaker_ids_become_names() {
        let t = read(
            r#"{"transcription": [
                {"offsets": {"from": 0, "to": 1}, "text": "a", "speaker": "0"},
                {"offsets": {"from": 1, "to": 2}, "text": "b", "speaker": "1"},
                {"offsets": {"from": 2, "to": 3}, "text": "c", "speaker": "?"}]}"#,
        )
        .unwrap();
        let speakers: Vec<_> = t.segments.iter().map(|s| s.speaker.as_deref()).collect();
        assert_eq!(speakers, [Some("Speaker 0"), Some("Speaker 1"), None]);
    }

    #[test]
    fn tinydiarize_turns_alternate_two_speakers() {
        let t = read(
            r#"{"transcription": [
                {"offsets": {"from": 0, "to": 1}, "text": "a", "speaker_turn_next": false},
                {"offsets": {"from": 1, "to": 2}, "text": "b", "speaker_turn_next": true},
                {"offsets": {"from": 2, "to": 3}, "text": "c", "speaker_turn_next": true},
                {"offsets": {"from": 3, "to": 4}, "text": "d", "speaker_turn_next": false}]}"#,
        )
        .unwrap();
        let speakers: Vec<_> = t
            .segments
            .iter()
            .map(|s| s.speaker.as_deref().unwrap_or("-"))
            .collect();
        assert_eq!(
            speakers,
            ["Speaker A", "Speaker A", "Speaker B", "Speaker A"]
        );
    }

    #[test]
    fn blank_audio_segments_are_dropped() {
        let t = read(
            r#"{"transcription": [
                {"offsets": {"from": 0, "to": 1000}, "text": " [BLANK_AUDIO]"},
                {"offsets": {"from": 1000, "to": 2000}, "text": " Yes."}]}"#,
        )
        .unwrap();
        assert_eq!(t.segments.len(), 1);
    }

    #[test]
    fn missing_fields_are_named_by_path() {
        let cases = [
            (r#"{"result": {}}"#, "transcription is missing"),
            (r#"{"transcription": {}}"#, "transcription is not an array"),
            (
                r#"{"transcription": [{"text": "a"}]}"#,
                "transcription[0].offsets is missing",
            ),
            (
                r#"{"transcription": [{"offsets": {"to": 1}, "text": "a"}]}"#,
                "transcription[0].offsets.from is missing",
            ),
            (
                r#"{"transcription": [{"offsets": {"from": 0, "to": 1}}]}"#,
                "transcription[0].text is missing",
            ),
            (
                r#"{"transcription": [{"offsets": {"from": 0, "to": 1}, "text": "a", "tokens": [{"p": 1}]}]}"#,
                "transcription[0].tokens[0].text is missing",
            ),
            (
                r#"{"transcription": [{"offsets": {"from": 0, "to": 1}, "text": "a", "tokens": [{"text": "a", "offsets": {"from": "x", "to": 1}}]}]}"#,
                "transcription[0].tokens[0].offsets.from is not a number",
            ),
        ];
        for (json, expected) in cases {
            let e = read(json).unwrap_err().to_string();
            assert_eq!(e, format!("w.json: whisper.cpp JSON: {expected}"), "{json}");
        }
    }

    #[test]
    fn backwards_negative_and_absurd_offsets_are_refused() {
        for (json, expected) in [
            (
                r#"{"transcription": [{"offsets": {"from": 5, "to": 1}, "text": "a"}]}"#,
                "end 1 ms is before start 5 ms",
            ),
            (
                r#"{"transcription": [{"offsets": {"from": -10, "to": 1}, "text": "a"}]}"#,
                "not a whole number",
            ),
            (
                r#"{"transcription": [{"offsets": {"from": 0, "to": 99999999999}, "text": "a"}]}"#,
                "beyond 24 hours",
            ),
        ] {
            let e = read(json).unwrap_err().to_string();
            assert!(e.contains(expected), "{e}");
        }
    }

    #[test]
    fn syntax_error_names_the_line() {
        let e = read("{\n\"transcription\": [\n,]}").unwrap_err();
        assert!(
            e.to_string().starts_with("w.json: line 3: invalid JSON: "),
            "{e}"
        );
    }

    #[test]
    fn no_segments_is_no_speech() {
        let e = read(r#"{"transcription": []}"#).unwrap_err();
        assert_eq!(e.to_string(), "w.json: no speech segments in w.json");
    }
}
