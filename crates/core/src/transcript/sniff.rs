//! Which reader a file needs: decided from its content first, its extension second, so a `.txt`
//! that holds WebVTT or an SRT saved as `.vtt` is still read right.
//!
//! - starts with `WEBVTT` → WebVTT;
//! - starts with `{` → JSON: mockreview's when its first key is `schema`, whisper.cpp's when it has
//!   a `transcription` key, otherwise mockreview's (whose reader then explains what was expected);
//! - first non-blank line is a timing line, or a cue number followed by one → SRT;
//! - otherwise by extension: `.vtt` → WebVTT (which reports the missing header), `.srt` → SRT
//!   (which reports the first line that is not a cue), `.json` → JSON as above, anything else →
//!   plain text.

use std::path::Path;

use crate::transcript::timestamp::is_timing_line;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    Vtt,
    Srt,
    WhisperJson,
    /// mockreview's own transcript JSON.
    Document,
    Text,
}

pub(crate) fn sniff(text: &str, path: &Path) -> InputFormat {
    let body = text.trim_start_matches(['\u{FEFF}', ' ', '\t', '\n', '\r']);
    if body.starts_with("WEBVTT") {
        return InputFormat::Vtt;
    }
    if body.starts_with('{') {
        return json_kind(body);
    }
    let mut lines = body.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next().unwrap_or_default();
    let second = lines.next().unwrap_or_default();
    let is_number = !first.trim().is_empty() && first.trim().bytes().all(|b| b.is_ascii_digit());
    if is_timing_line(first) || (is_number && is_timing_line(second)) {
        return InputFormat::Srt;
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "vtt" | "webvtt" => InputFormat::Vtt,
        "srt" => InputFormat::Srt,
        "json" => json_kind(body),
        _ => InputFormat::Text,
    }
}

fn json_kind(body: &str) -> InputFormat {
    let first_key_is_schema = body
        .trim_start_matches('{')
        .trim_start()
        .starts_with("\"schema\"");
    if !first_key_is_schema && body.contains("\"transcription\"") {
        InputFormat::WhisperJson
    } else {
        InputFormat::Document
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniff_as(text: &str, name: &str) -> InputFormat {
        sniff(text, Path::new(name))
    }

    #[test]
    fn webvtt_header_wins_over_extension() {
        assert_eq!(sniff_as("WEBVTT\n\n", "a.txt"), InputFormat::Vtt);
        assert_eq!(sniff_as("\u{FEFF}WEBVTT\n", "a.srt"), InputFormat::Vtt);
    }

    #[test]
    fn srt_content_is_found_under_any_extension() {
        assert_eq!(
            sniff_as("1\n00:00:01,000 --> 00:00:02,000\nHi\n", "a.vtt"),
            InputFormat::Srt
        );
        assert_eq!(
            sniff_as("\n00:00:01,000 --> 00:00:02,000\nHi\n", "a.txt"),
            InputFormat::Srt
        );
    }

    #[test]
    fn json_kind_is_told_by_its_keys() {
        assert_eq!(
            sniff_as("{\n  \"schema\": \"x\", \"transcription\": 1}", "a.json"),
            InputFormat::Document
        );
        assert_eq!(
            sniff_as(
                "{\n\t\"systeminfo\": \"\",\n\t\"transcription\": []}",
                "a.json"
            ),
            InputFormat::WhisperJson
        );
        assert_eq!(sniff_as("{\"other\": 1}", "a.json"), InputFormat::Document);
    }

    #[test]
    fn extension_decides_when_content_does_not() {
        assert_eq!(sniff_as("hello", "a.vtt"), InputFormat::Vtt);
        assert_eq!(sniff_as("hello", "a.SRT"), InputFormat::Srt);
        assert_eq!(sniff_as("[1, 2]", "a.json"), InputFormat::Document);
        assert_eq!(sniff_as("Ana: hello", "a.txt"), InputFormat::Text);
        assert_eq!(sniff_as("Ana: hello", "notes"), InputFormat::Text);
        assert_eq!(sniff_as("Ana: then A --> B\n", "a.txt"), InputFormat::Text);
    }
}
