//! File bytes → text that the line-based readers can trust.
//!
//! UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark (some Windows
//! caption tools write it) are read. Line endings become `\n` (CRLF and lone CR alike), so line
//! numbers in errors match what an editor shows. Anything that is not text (a NUL byte, invalid
//! UTF-8, control characters) is refused with the byte offset of the first bad byte, counted from
//! the start of the file.

use std::path::Path;

use crate::{Error, Result};

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

pub fn decode(bytes: &[u8], path: &Path) -> Result<String> {
    let text = match bytes {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, 2, path, u16::from_le_bytes)?,
        [0xFE, 0xFF, rest @ ..] => utf16(rest, 2, path, u16::from_be_bytes)?,
        _ => {
            let offset = if bytes.starts_with(UTF8_BOM) {
                UTF8_BOM.len()
            } else {
                0
            };
            let body = bytes.get(offset..).unwrap_or_default();
            if let Some(nul) = body.iter().position(|&b| b == 0) {
                return Err(binary(path, (offset + nul) as u64));
            }
            match std::str::from_utf8(body) {
                Ok(s) => s.to_string(),
                Err(e) => {
                    return Err(Error::at_byte(
                        path,
                        (offset + e.valid_up_to()) as u64,
                        "invalid UTF-8: save the transcript as UTF-8 text",
                    ))
                }
            }
        }
    };
    check_controls(&text, bytes, path)?;
    Ok(normalize_newlines(&text))
}

/// whisper.cpp writes each token's raw bytes, so a character split across two tokens leaves
/// invalid UTF-8 inside token strings of `-ojf` output while the segment text stays whole. For
/// JSON we therefore accept replacement characters where the bytes are broken; the whisper reader
/// drops them from token text.
pub fn decode_lossy_json(bytes: &[u8], path: &Path) -> Result<String> {
    let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    if let Some(nul) = body.iter().position(|&b| b == 0) {
        return Err(binary(path, nul as u64));
    }
    let text = String::from_utf8_lossy(body).into_owned();
    check_controls(&text, bytes, path)?;
    Ok(normalize_newlines(&text))
}

fn utf16(body: &[u8], bom_len: usize, path: &Path, unit: fn([u8; 2]) -> u16) -> Result<String> {
    if body.len() % 2 != 0 {
        return Err(Error::at_byte(
            path,
            (bom_len + body.len() - 1) as u64,
            "UTF-16 text with an odd number of bytes: the file is truncated",
        ));
    }
    let units = body.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let mut out = String::with_capacity(body.len() / 2);
    let mut offset = bom_len;
    for ch in char::decode_utf16(units) {
        match ch {
            Ok('\0') => return Err(binary(path, offset as u64)),
            Ok(c) => {
                offset += c.len_utf16() * 2;
                out.push(c);
            }
            Err(_) => {
                return Err(Error::at_byte(
                    path,
                    offset as u64,
                    "invalid UTF-16 (unpaired surrogate)",
                ))
            }
        }
    }
    Ok(out)
}

fn binary(path: &Path, byte: u64) -> Error {
    Error::at_byte(path, byte, "binary data (NUL byte): not a text transcript")
}

/// Control characters other than tab, newline, carriage return and form feed do not occur in
/// transcripts; they mean binary junk. The reported offset is into the original bytes for UTF-8
/// and approximate (the character's position) for UTF-16.
fn check_controls(text: &str, bytes: &[u8], path: &Path) -> Result<()> {
    let Some((index, c)) = text.char_indices().find(|&(_, c)| {
        c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c') && (c as u32) < 0x80
    }) else {
        return Ok(());
    };
    let bom = if bytes.starts_with(UTF8_BOM) {
        UTF8_BOM.len()
    } else {
        0
    };
    Err(Error::at_byte(
        path,
        (bom + index) as u64,
        format!(
            "control character U+{:04X}: not a text transcript",
            c as u32
        ),
    ))
}

fn normalize_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path() -> &'static Path {
        Path::new("t.vtt")
    }

    #[test]
    fn plain_utf8_passes_through() {
        assert_eq!(decode("héllo\n".as_bytes(), path()).unwrap(), "héllo\n");
    }

    #[test]
    fn utf8_bom_is_dropped() {
        assert_eq!(decode(b"\xEF\xBB\xBFWEBVTT\n", path()).unwrap(), "WEBVTT\n");
    }

    #[test]
    fn crlf_and_lone_cr_become_newlines() {
        assert_eq!(decode(b"a\r\nb\rc\n", path()).unwrap(), "a\nb\nc\n");
    }

    #[test]
    fn utf16_with_bom_is_read() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("Hi é".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&le, path()).unwrap(), "Hi é");
        let mut be = vec![0xFE, 0xFF];
        be.extend("Hi é".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be, path()).unwrap(), "Hi é");
    }

    #[test]
    fn invalid_utf8_names_the_byte_offset() {
        let e = decode(b"WEBVTT\n\nab\xFFcd", path()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "t.vtt: byte 10: invalid UTF-8: save the transcript as UTF-8 text"
        );
    }

    #[test]
    fn invalid_utf8_offset_counts_the_bom() {
        let e = decode(b"\xEF\xBB\xBFa\xC3", path()).unwrap_err();
        assert!(e.to_string().starts_with("t.vtt: byte 4:"), "{e}");
    }

    #[test]
    fn nul_byte_is_binary_junk() {
        let e = decode(b"WEBVTT\x00\x01\x02", path()).unwrap_err();
        assert!(e.to_string().contains("byte 6: binary data"), "{e}");
    }

    #[test]
    fn control_character_is_binary_junk() {
        let e = decode(b"hello\x07world", path()).unwrap_err();
        assert!(
            e.to_string().contains("byte 5: control character U+0007"),
            "{e}"
        );
    }

    #[test]
    fn odd_length_utf16_is_truncated() {
        let e = decode(&[0xFF, 0xFE, b'a', 0, b'b'], path()).unwrap_err();
        assert!(e.to_string().contains("truncated"), "{e}");
    }

    #[test]
    fn unpaired_surrogate_is_refused() {
        let e = decode(&[0xFF, 0xFE, 0x00, 0xD8, b'a', 0], path()).unwrap_err();
        assert!(e.to_string().contains("byte 2: invalid UTF-16"), "{e}");
    }

    #[test]
    fn lossy_json_replaces_broken_bytes() {
        let s = decode_lossy_json(b"{\"text\": \"\xE2\x80\"}", path()).unwrap();
        assert!(s.contains('\u{FFFD}'));
    }
}
