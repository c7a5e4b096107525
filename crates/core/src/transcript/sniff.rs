//! Which reader a file needs, decided from its content first and its extension only when the
//! content does not tell: a `.txt` that holds WebVTT, an Otter export saved as `.md` or a `.docx`
//! renamed `.doc` is still read right.
//!
//! From the bytes:
//! - a zip archive (`PK\x03\x04`) → Word `.docx`;
//! - a first line `[00:00:00.000 --> 00:00:03.170]   …` → whisper.cpp console output (read from
//!   bytes: with `-ml 1` it may split a character over two lines).
//!
//! From the text:
//! - starts with `WEBVTT` → WebVTT (rolling YouTube captions included);
//! - starts with `{`, or is a JSON array → JSON, told apart by its keys: `schema` → mockreview,
//!   `transcription` → whisper.cpp, `Transcript` / `results.items` / `jobName` → AWS Transcribe,
//!   `results.channels` → Deepgram, `utterances` or `words` with AssemblyAI's fields → AssemblyAI,
//!   `segments` → openai-whisper / whisper-timestamped / WhisperX, `result` → Vosk (also one result
//!   a line); anything else → mockreview's reader, which says which JSON formats it expected;
//! - first non-blank line is a timing line, or a cue number followed by one → SubRip;
//! - first non-blank line is `0:00:00.940,0:00:05.050` → SBV;
//! - `hh:mm:ss From Name : …` lines → a Zoom chat log (refused: it is not speech);
//! - first non-blank line is `[Name] hh:mm:ss` → Zoom's saved live transcript;
//! - a `… - Transcript` title and `hh:mm:ss` marks → Google Meet's transcript;
//! - first non-blank line is a `Name  m:ss` (or `hh:mm:ss Name`) heading → Otter / Teams / Word turns;
//! - otherwise by extension: `.vtt` → WebVTT (which reports the missing header), `.srt` → SRT
//!   (which reports the first line that is not a cue), `.sbv` → SBV, `.json` → JSON as above,
//!   `.docx` → Word (which reports a damaged archive), anything else → plain text.

use std::io::Read;
use std::path::Path;

use serde_json::Value;

use crate::transcript::timestamp::is_timing_line;
use crate::transcript::{console, docx, meet, otter, sbv, zoom};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    Vtt,
    Srt,
    Sbv,
    /// whisper.cpp `-oj` / `-ojf`.
    WhisperJson,
    /// whisper.cpp's console output saved to a file.
    WhisperConsole,
    /// openai-whisper, whisper-timestamped, faster-whisper, WhisperX.
    OpenAiWhisperJson,
    AssemblyAiJson,
    DeepgramJson,
    /// AWS Transcribe, batch or Call Analytics.
    AwsTranscribeJson,
    VoskJson,
    /// mockreview's own transcript JSON.
    Document,
    /// Zoom's saved live transcript (`[Name] hh:mm:ss`).
    ZoomTranscript,
    /// Zoom's in-meeting chat: not a transcript, refused.
    ZoomChat,
    /// Turns under `Name  m:ss` headings: Otter.ai, and Teams / Word documents' text.
    Otter,
    /// Google Meet's transcript document as text.
    MeetText,
    /// A Word `.docx` document.
    Docx,
    Text,
}

/// The transcript formats, for messages that say what mockreview reads.
pub const TRANSCRIPT_FORMATS: &str = "WebVTT (Zoom, Teams, Meet, YouTube), SubRip, SBV, Zoom saved \
    transcript, Otter.ai text, Google Meet transcript, Word .docx (Teams, Word), whisper.cpp JSON or \
    console output, openai-whisper / whisper-timestamped / WhisperX JSON, AssemblyAI, Deepgram, AWS \
    Transcribe and Vosk JSON, mockreview JSON, plain text";

/// The format of content that [`sniff`] cannot tell from text: a `.docx` archive or whisper.cpp's
/// console output (both read from bytes).
pub(crate) fn sniff_bytes(bytes: &[u8]) -> Option<InputFormat> {
    if docx::looks_like(bytes) {
        Some(InputFormat::Docx)
    } else if console::looks_like(bytes) {
        Some(InputFormat::WhisperConsole)
    } else {
        None
    }
}

pub(crate) fn sniff(text: &str, path: &Path) -> InputFormat {
    let body = text.trim_start_matches(['\u{FEFF}', ' ', '\t', '\n', '\r']);
    if body.starts_with("WEBVTT") {
        return InputFormat::Vtt;
    }
    if body.starts_with('{') {
        return json_kind(body);
    }
    if body.starts_with('[') {
        if let Ok(value) = serde_json::from_str::<Value>(body) {
            return value_kind(&value);
        }
    }
    let mut lines = body.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next().unwrap_or_default();
    let second = lines.next().unwrap_or_default();
    let is_number = !first.trim().is_empty() && first.trim().bytes().all(|b| b.is_ascii_digit());
    if is_timing_line(first) || (is_number && is_timing_line(second)) {
        return InputFormat::Srt;
    }
    if sbv::is_timing_line(first) {
        return InputFormat::Sbv;
    }
    if zoom::looks_like_chat(body) {
        return InputFormat::ZoomChat;
    }
    if zoom::looks_like_transcript(body) {
        return InputFormat::ZoomTranscript;
    }
    if meet::looks_like(body) {
        return InputFormat::MeetText;
    }
    if otter::looks_like(body) {
        return InputFormat::Otter;
    }
    match extension(path).as_str() {
        "vtt" | "webvtt" => InputFormat::Vtt,
        "srt" => InputFormat::Srt,
        "sbv" => InputFormat::Sbv,
        "json" => json_kind(body),
        "docx" => InputFormat::Docx,
        _ => InputFormat::Text,
    }
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default()
}

fn json_kind(body: &str) -> InputFormat {
    match serde_json::from_str::<Value>(body) {
        Ok(value) => value_kind(&value),
        Err(_) => {
            // Not one document: JSON Lines of Vosk results, or broken JSON (whose reader reports
            // the syntax error with its line).
            let first_line = body.lines().next().unwrap_or_default();
            match serde_json::from_str::<Value>(first_line) {
                Ok(v @ Value::Object(_)) if is_vosk(&v) => InputFormat::VoskJson,
                _ if !body
                    .trim_start_matches('{')
                    .trim_start()
                    .starts_with("\"schema\"")
                    && body.contains("\"transcription\"") =>
                {
                    InputFormat::WhisperJson
                }
                _ => InputFormat::Document,
            }
        }
    }
}

fn is_vosk(v: &Value) -> bool {
    v.get("result").is_some_and(Value::is_array)
        || v.get("partial").is_some()
        || v.get("alternatives").is_some_and(Value::is_array)
        || (v.as_object().is_some_and(|o| o.len() == 1)
            && v.get("text").is_some_and(Value::is_string))
}

fn value_kind(value: &Value) -> InputFormat {
    let has = |k: &str| value.get(k).is_some();
    match value {
        Value::Object(_) => {
            if has("schema") {
                InputFormat::Document
            } else if has("transcription") {
                InputFormat::WhisperJson
            } else if value.get("Transcript").is_some_and(Value::is_array)
                || has("jobName")
                || has("JobName")
            {
                InputFormat::AwsTranscribeJson
            } else if let Some(results) = value.get("results").filter(|r| r.is_object()) {
                if results.get("channels").is_some() {
                    InputFormat::DeepgramJson
                } else {
                    InputFormat::AwsTranscribeJson
                }
            } else if has("utterances")
                || (has("words")
                    && (has("audio_duration") || has("acoustic_model") || has("audio_url")))
            {
                InputFormat::AssemblyAiJson
            } else if has("segments") {
                InputFormat::OpenAiWhisperJson
            } else if is_vosk(value) {
                InputFormat::VoskJson
            } else {
                InputFormat::Document
            }
        }
        Value::Array(items) => match items.first() {
            Some(first) if is_vosk(first) || first.get("words").is_some_and(Value::is_array) => {
                InputFormat::VoskJson
            }
            _ => InputFormat::Document,
        },
        _ => InputFormat::Document,
    }
}

/// What `analyze` should do with an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A transcript file: read it.
    Transcript,
    /// A recording: transcribe it.
    Recording,
    /// Neither: content that is no transcript or recording mockreview knows.
    Unknown,
}

/// File extensions that mark a transcript when the content cannot be looked at (a missing file).
pub(crate) const TRANSCRIPT_EXTENSIONS: &[&str] =
    &["vtt", "webvtt", "srt", "sbv", "json", "txt", "text", "docx"];

/// File extensions of recordings.
const RECORDING_EXTENSIONS: &[&str] = &[
    "wav", "wave", "flac", "mp3", "m4a", "mp4", "aac", "ogg", "oga", "opus", "webm", "mkv", "mov",
    "aiff", "aif", "caf",
];

fn has_extension(path: &Path, list: &[&str]) -> bool {
    let ext = extension(path);
    list.contains(&ext.as_str())
}

/// Decides from the first bytes of the file (and its extension when they do not tell): audio
/// containers (RIFF/WAVE, FLAC, Ogg, MP3, MP4/M4A, WebM, AIFF, CAF) are recordings; a zip archive
/// (`.docx`) or text is a transcript. A file that cannot be read is judged by its extension, so
/// the reader it goes to reports the error.
pub fn input_kind(path: &Path) -> InputKind {
    let mut head = Vec::with_capacity(4096);
    let read = std::fs::File::open(path)
        .and_then(|f| f.take(4096).read_to_end(&mut head))
        .is_ok();
    let by_extension = || {
        if has_extension(path, TRANSCRIPT_EXTENSIONS) {
            InputKind::Transcript
        } else {
            InputKind::Recording
        }
    };
    if !read || head.is_empty() {
        return by_extension();
    }
    if is_audio(&head) {
        return InputKind::Recording;
    }
    if docx::looks_like(&head) || is_text(&head) {
        return InputKind::Transcript;
    }
    if has_extension(path, TRANSCRIPT_EXTENSIONS) {
        InputKind::Transcript
    } else if has_extension(path, RECORDING_EXTENSIONS) {
        InputKind::Recording
    } else {
        InputKind::Unknown
    }
}

/// Audio container signatures.
pub(crate) fn is_audio(head: &[u8]) -> bool {
    let at = |offset: usize, magic: &[u8]| head.get(offset..offset + magic.len()) == Some(magic);
    let riff = (at(0, b"RIFF") || at(0, b"RF64") || at(0, b"BW64")) && at(8, b"WAVE");
    let mpeg_sync = head.len() >= 2
        && head[0] == 0xFF
        && head[1] & 0xE0 == 0xE0
        // UTF-16 little-endian text starts FF FE: not a frame header.
        && head[1] != 0xFE
        && head[1] != 0xFF;
    riff || at(0, b"fLaC")
        || at(0, b"OggS")
        || at(0, b"ID3")
        || mpeg_sync
        || at(4, b"ftyp")
        || at(0, b"\x1A\x45\xDF\xA3")
        || (at(0, b"FORM") && (at(8, b"AIFF") || at(8, b"AIFC")))
        || at(0, b"caff")
}

/// Text: UTF-16 with a byte-order mark, or UTF-8 (the head may end inside a character) without NUL
/// bytes or control characters other than tab, line feed, carriage return and form feed.
pub(crate) fn is_text(head: &[u8]) -> bool {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let valid = match std::str::from_utf8(head) {
        Ok(s) => s,
        Err(e) if e.error_len().is_none() => {
            // Cut inside a character at the end of the head.
            std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default()
        }
        Err(_) => return false,
    };
    !valid.is_empty()
        && valid
            .chars()
            .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t' | '\x0c'))
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
        let cases = [
            (
                "{\n  \"schema\": \"x\", \"transcription\": 1}",
                InputFormat::Document,
            ),
            (
                "{\n\t\"systeminfo\": \"\",\n\t\"transcription\": []}",
                InputFormat::WhisperJson,
            ),
            ("{\"other\": 1}", InputFormat::Document),
            (
                "{\"text\": \" hi\", \"segments\": [], \"language\": \"en\"}",
                InputFormat::OpenAiWhisperJson,
            ),
            (
                "{\"id\": \"x\", \"status\": \"completed\", \"utterances\": []}",
                InputFormat::AssemblyAiJson,
            ),
            (
                "{\"id\": \"x\", \"words\": [], \"audio_duration\": 3}",
                InputFormat::AssemblyAiJson,
            ),
            (
                "{\"metadata\": {}, \"results\": {\"channels\": []}}",
                InputFormat::DeepgramJson,
            ),
            (
                "{\"jobName\": \"j\", \"results\": {\"items\": []}}",
                InputFormat::AwsTranscribeJson,
            ),
            (
                "{\"results\": {\"transcripts\": [], \"items\": []}}",
                InputFormat::AwsTranscribeJson,
            ),
            (
                "{\"JobStatus\": \"COMPLETED\", \"Transcript\": []}",
                InputFormat::AwsTranscribeJson,
            ),
            ("{\"result\": [], \"text\": \"\"}", InputFormat::VoskJson),
            (
                "{\"result\": {\"language\": \"en\"}}",
                InputFormat::Document,
            ),
            (
                "{\"result\": [], \"text\": \"a\"}\n{\"text\": \"\"}\n",
                InputFormat::VoskJson,
            ),
        ];
        for (json, format) in cases {
            assert_eq!(sniff_as(json, "a.json"), format, "{json}");
        }
        assert_eq!(
            sniff_as("[{\"content\": \"a\", \"words\": []}]", "a.json"),
            InputFormat::VoskJson
        );
        assert_eq!(sniff_as("[1, 2]", "a.txt"), InputFormat::Document);
    }

    #[test]
    fn text_layouts_are_told_by_their_first_lines() {
        assert_eq!(
            sniff_as("0:00:00.940,0:00:05.050\nHi\n", "a.txt"),
            InputFormat::Sbv
        );
        assert_eq!(
            sniff_as("[Ana] 19:00:25\nHello\n\n[Bo] 19:00:28\nHi\n", "a.txt"),
            InputFormat::ZoomTranscript
        );
        assert_eq!(
            sniff_as(
                "12:45:05\t From  Nora Jones : hi\n12:45:15\t From  Neil Young : yo\n",
                "a.txt"
            ),
            InputFormat::ZoomChat
        );
        assert_eq!(
            sniff_as("Emma  0:00  \nHello\n\nKelly  0:34  \nHi\n", "a.md"),
            InputFormat::Otter
        );
        assert_eq!(
            sniff_as("Mock - Transcript\n00:00:00\n\nAna: Hi\n", "a.txt"),
            InputFormat::MeetText
        );
        assert_eq!(
            sniff_as("[00:05] Ana: hi\n[00:09] Bo: yo\n", "a.txt"),
            InputFormat::Text
        );
    }

    #[test]
    fn extension_decides_when_content_does_not() {
        assert_eq!(sniff_as("hello", "a.vtt"), InputFormat::Vtt);
        assert_eq!(sniff_as("hello", "a.SRT"), InputFormat::Srt);
        assert_eq!(sniff_as("hello", "a.sbv"), InputFormat::Sbv);
        assert_eq!(sniff_as("hello", "a.docx"), InputFormat::Docx);
        assert_eq!(sniff_as("[1, 2]", "a.json"), InputFormat::Document);
        assert_eq!(sniff_as("Ana: hello", "a.txt"), InputFormat::Text);
        assert_eq!(sniff_as("Ana: hello", "notes"), InputFormat::Text);
        assert_eq!(sniff_as("Ana: then A --> B\n", "a.txt"), InputFormat::Text);
    }

    #[test]
    fn bytes_tell_docx_and_console_output() {
        assert_eq!(sniff_bytes(b"PK\x03\x04rest"), Some(InputFormat::Docx));
        assert_eq!(
            sniff_bytes(b"[00:00:00.000 --> 00:00:01.000]   Hi\n"),
            Some(InputFormat::WhisperConsole)
        );
        assert_eq!(sniff_bytes(b"WEBVTT\n"), None);
    }

    #[test]
    fn audio_signatures_and_text() {
        assert!(is_audio(b"RIFF\x24\x00\x00\x00WAVEfmt "));
        assert!(is_audio(b"fLaC\x00"));
        assert!(is_audio(b"ID3\x04"));
        assert!(is_audio(&[0xFF, 0xFB, 0x90, 0x00]));
        assert!(is_audio(b"\x00\x00\x00\x20ftypM4A "));
        assert!(!is_audio(&[0xFF, 0xFE, b'W', 0]));
        assert!(!is_audio(b"WEBVTT"));
        assert!(is_text("Emma  0:00\nHi".as_bytes()));
        assert!(is_text(&"naïve".as_bytes()[..3]), "cut inside a character");
        assert!(is_text(&[0xFF, 0xFE, b'W', 0]));
        assert!(!is_text(b"ab\x00cd"));
        assert!(!is_text(b"\xC3\x28"));
    }

    #[test]
    fn input_kind_looks_at_the_content() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, bytes: &[u8]| {
            let p = dir.path().join(name);
            std::fs::write(&p, bytes).unwrap();
            p
        };
        assert_eq!(
            input_kind(&write("a.md", b"Emma  0:00\nHi\n")),
            InputKind::Transcript
        );
        assert_eq!(
            input_kind(&write("a.sbv", b"0:00:00.940,0:00:05.050\nHi\n")),
            InputKind::Transcript
        );
        assert_eq!(
            input_kind(&write("a.docx", b"PK\x03\x04....")),
            InputKind::Transcript
        );
        assert_eq!(
            input_kind(&write("a.vtt", b"RIFF\x24\x00\x00\x00WAVEfmt ")),
            InputKind::Recording
        );
        assert_eq!(input_kind(&write("a.wav", b"")), InputKind::Recording);
        assert_eq!(
            input_kind(&write("a.srt", b"\x00\x01\x02\x03")),
            InputKind::Transcript
        );
        assert_eq!(
            input_kind(&write("a.mp3", b"\x00\x01\x02\x03")),
            InputKind::Recording
        );
        assert_eq!(
            input_kind(&write("a.bin", b"\x00\x01\x02\x03")),
            InputKind::Unknown
        );
        assert_eq!(
            input_kind(&dir.path().join("missing.vtt")),
            InputKind::Transcript
        );
        assert_eq!(
            input_kind(&dir.path().join("missing.flac")),
            InputKind::Recording
        );
    }
}
