//! Transcript files in and out.
//!
//! Every reader is a pure function from file content (plus the path, for error messages) to a
//! [`Transcript`]; [`load`] reads a file, detects its format from its content ([`sniff`]) and
//! dispatches. Every writer turns a [`TranscriptDocument`] into bytes, deterministically.
//!
//! | format | module | read | write |
//! |---|---|---|---|
//! | WebVTT (Zoom, Teams, Meet) | [`vtt`] | yes | yes |
//! | YouTube / yt-dlp automatic captions (rolling WebVTT) | [`youtube`] | yes | no |
//! | SubRip | [`srt`] | yes | yes |
//! | SBV (YouTube Studio) | [`sbv`] | yes | no |
//! | whisper.cpp JSON (`-oj`, `-ojf`) | [`whisper_json`] | yes | no |
//! | whisper.cpp console output | [`console`] | yes | no |
//! | openai-whisper, whisper-timestamped, WhisperX JSON | [`openai_json`] | yes | no |
//! | AssemblyAI JSON | [`assemblyai`] | yes | no |
//! | Deepgram JSON | [`deepgram`] | yes | no |
//! | AWS Transcribe JSON (batch, Call Analytics) | [`aws`] | yes | no |
//! | Vosk JSON | [`vosk`] | yes | no |
//! | Zoom saved live transcript (and its chat, refused) | [`zoom`] | yes | no |
//! | Otter.ai text (and Teams / Word turn headings) | [`otter`] | yes | no |
//! | Google Meet transcript text | [`meet`] | yes | no |
//! | Word `.docx` (Teams, Word, tables of turns) | [`docx`] | yes | no |
//! | mockreview JSON (`mockreview.transcript/1`) | [`document`] | yes | yes |
//! | plain text | [`plain`] | yes | yes |
//!
//! Speaker labels are carried through as written; a label that means "unknown" is no speaker
//! (see [`speaker`]).

use std::io::Write;
use std::path::Path;

use crate::{Error, Result};

pub mod assemblyai;
pub mod aws;
pub mod console;
pub mod decode;
pub mod deepgram;
pub mod document;
pub mod docx;
pub mod meet;
pub mod model;
pub mod openai_json;
pub mod otter;
pub mod payload;
pub mod plain;
pub mod sbv;
pub mod speaker;
pub mod srt;
pub mod timestamp;
pub mod tokens;
pub mod turns;
pub mod vosk;
pub mod vtt;
pub mod whisper_json;
pub mod write;
pub mod youtube;
pub mod zoom;

mod cue;
mod finish;
mod grouping;
mod json;
#[cfg(test)]
mod proptests;
mod sniff;

pub use model::{
    Metadata, ModelMeta, Segment, Timing, TranscribeMeta, Transcript, TranscriptDocument, Word,
    TRANSCRIPT_SCHEMA,
};
pub use sniff::{input_kind, InputFormat, InputKind, TRANSCRIPT_FORMATS};

/// Transcript files larger than this are refused before reading: a 3-hour interview as VTT is
/// about 1 MB, so anything this big is not a transcript.
pub const MAX_TRANSCRIPT_BYTES: u64 = 64 * 1024 * 1024;

/// Whether the extension marks a transcript (for a file whose content cannot be looked at; see
/// [`input_kind`] for files that exist).
pub fn is_transcript_path(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        sniff::TRANSCRIPT_EXTENSIONS
            .iter()
            .any(|t| e.eq_ignore_ascii_case(t))
    })
}

/// Reads a transcript file in any supported format (detected from content, then extension).
pub fn load(path: &Path) -> Result<Transcript> {
    let bytes = read_limited(path)?;
    parse(&bytes, path)
}

/// Parses transcript file content in any supported format; `path` names the file in errors and
/// breaks ties in format detection (by extension).
pub fn parse(bytes: &[u8], path: &Path) -> Result<Transcript> {
    match sniff::sniff_bytes(bytes) {
        Some(InputFormat::Docx) => return docx::parse_bytes(bytes, path),
        Some(InputFormat::WhisperConsole) => return console::parse_bytes(bytes, path),
        _ => {}
    }
    let text = decode_for_sniffing(bytes, path)?;
    match sniff::sniff(&text, path) {
        InputFormat::Vtt => vtt::parse(&text, path),
        InputFormat::Srt => srt::parse(&text, path),
        InputFormat::Sbv => sbv::parse(&text, path),
        InputFormat::WhisperJson => whisper_json::parse(&text, path),
        InputFormat::WhisperConsole => console::parse_bytes(text.as_bytes(), path),
        InputFormat::OpenAiWhisperJson => openai_json::parse(&text, path),
        InputFormat::AssemblyAiJson => assemblyai::parse(&text, path),
        InputFormat::DeepgramJson => deepgram::parse(&text, path),
        InputFormat::AwsTranscribeJson => aws::parse(&text, path),
        InputFormat::VoskJson => vosk::parse(&text, path),
        InputFormat::Document => document::parse(&text, path),
        InputFormat::ZoomTranscript => zoom::parse(&text, path),
        InputFormat::ZoomChat => Err(zoom::chat_error(path)),
        InputFormat::Otter => otter::parse(&text, path),
        InputFormat::MeetText => meet::parse(&text, path),
        InputFormat::Docx => docx::parse_bytes(bytes, path),
        InputFormat::Text => plain::parse(&text, path),
    }
}

/// The format [`parse`] would use for this content.
pub fn detect(bytes: &[u8], path: &Path) -> Result<InputFormat> {
    if let Some(format) = sniff::sniff_bytes(bytes) {
        return Ok(format);
    }
    let text = decode_for_sniffing(bytes, path)?;
    Ok(sniff::sniff(&text, path))
}

/// Strict decoding, except for whisper.cpp JSON, whose token strings may hold halves of a
/// character (see [`decode::decode_lossy_json`]).
fn decode_for_sniffing(bytes: &[u8], path: &Path) -> Result<String> {
    match decode::decode(bytes, path) {
        Ok(text) => Ok(text),
        Err(strict) => {
            let trimmed = bytes
                .strip_prefix(b"\xEF\xBB\xBF")
                .unwrap_or(bytes)
                .trim_ascii_start();
            let whisper_json = trimmed.starts_with(b"{")
                && trimmed
                    .windows(b"\"transcription\"".len())
                    .any(|w| w == b"\"transcription\"");
            if whisper_json && std::str::from_utf8(bytes).is_err() {
                decode::decode_lossy_json(bytes, path)
            } else {
                Err(strict)
            }
        }
    }
}

/// Writes `doc` in `format`. JSON is the lossless format (words, metadata); VTT, SRT and text
/// keep segments and speakers only. See [`write`](mod@write) for each layout.
pub fn write(
    doc: &TranscriptDocument,
    format: TranscriptFormat,
    out: &mut impl Write,
) -> std::io::Result<()> {
    out.write_all(render(doc, format).as_bytes())
}

/// The bytes [`write`](fn@write) would produce, as a string (for writing a file all at once).
/// The transcript formats `mockreview transcribe --format` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum TranscriptFormat {
    Json,
    Vtt,
    Srt,
    Txt,
}

pub fn render(doc: &TranscriptDocument, format: TranscriptFormat) -> String {
    match format {
        TranscriptFormat::Json => write::json(doc),
        TranscriptFormat::Vtt => write::vtt(&doc.segments),
        TranscriptFormat::Srt => write::srt(&doc.segments),
        TranscriptFormat::Txt => write::txt(&doc.segments),
    }
}

fn read_limited(path: &Path) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        return Err(Error::input(path, "is a directory, not a transcript file"));
    }
    if meta.len() > MAX_TRANSCRIPT_BYTES {
        return Err(Error::input(
            path,
            format!(
                "file is {} bytes, larger than any transcript ({} MiB limit)",
                meta.len(),
                MAX_TRANSCRIPT_BYTES / (1024 * 1024)
            ),
        ));
    }
    std::fs::read(path).map_err(|e| Error::io(path, e))
}
