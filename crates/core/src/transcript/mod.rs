//! Transcript files in and out.
//!
//! Every reader is a pure function from file content (plus the path, for error messages) to a
//! [`Transcript`]; [`load`] reads a file, detects its format and dispatches. Every writer turns a
//! [`TranscriptDocument`] into bytes, deterministically.
//!
//! | format | module | read | write |
//! |---|---|---|---|
//! | WebVTT (Zoom, Teams, Meet) | [`vtt`] | yes | yes |
//! | SubRip | [`srt`] | yes | yes |
//! | whisper.cpp JSON (`-oj`, `-ojf`) | [`whisper_json`] | yes | no |
//! | mockreview JSON (`mockreview.transcript/1`) | [`document`] | yes | yes |
//! | plain text | [`plain`] | yes | yes |

use std::io::Write;
use std::path::Path;

use crate::{Error, Result};

pub mod decode;
pub mod document;
pub mod model;
pub mod payload;
pub mod plain;
pub mod srt;
pub mod timestamp;
pub mod tokens;
pub mod turns;
pub mod vtt;
pub mod whisper_json;
pub mod write;

mod cue;
mod finish;
#[cfg(test)]
mod proptests;
mod sniff;

pub use model::{
    Metadata, ModelMeta, Segment, Timing, TranscribeMeta, Transcript, TranscriptDocument, Word,
    TRANSCRIPT_SCHEMA,
};
pub use sniff::InputFormat;

/// Transcript files larger than this are refused before reading: a 3-hour interview as VTT is
/// about 1 MB, so anything this big is not a transcript.
pub const MAX_TRANSCRIPT_BYTES: u64 = 64 * 1024 * 1024;

/// File extensions that mark a transcript (anything else is treated as a recording).
const TRANSCRIPT_EXTENSIONS: &[&str] = &["vtt", "webvtt", "srt", "json", "txt", "text"];

/// Whether `analyze` should read this path as a transcript rather than transcribe it as audio.
/// Decided by extension alone, so a missing file still gets the right kind of error.
pub fn is_transcript_path(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        TRANSCRIPT_EXTENSIONS
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
    let text = decode_for_sniffing(bytes, path)?;
    match sniff::sniff(&text, path) {
        InputFormat::Vtt => vtt::parse(&text, path),
        InputFormat::Srt => srt::parse(&text, path),
        InputFormat::WhisperJson => whisper_json::parse(&text, path),
        InputFormat::Document => document::parse(&text, path),
        InputFormat::Text => plain::parse(&text, path),
    }
}

/// The format [`parse`] would use for this content.
pub fn detect(bytes: &[u8], path: &Path) -> Result<InputFormat> {
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
