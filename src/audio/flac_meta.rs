//! A sanity walk over a FLAC file's metadata blocks before symphonia reads them.
//!
//! symphonia sizes its buffers from the lengths written inside a Vorbis comment or picture block
//! and allocates before it checks them against the file, so four corrupt bytes can ask for 4 GiB
//! (found by the audio fuzz target). Every length is checked here against the block that holds
//! it and the block against the file; a lie is reported with the byte where it sits.

use std::io::{self, Read};

/// What is wrong and at which byte of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corrupt {
    pub byte: u64,
    pub message: String,
}

const STREAMINFO: u8 = 0;
const VORBIS_COMMENT: u8 = 4;
const PICTURE: u8 = 6;
const INVALID: u8 = 127;

/// Walks the metadata blocks of a FLAC stream that starts with `fLaC` in `reader`, whose whole
/// length is `file_len`. Reads only the metadata, never the audio frames.
pub fn check(reader: &mut impl Read, file_len: u64) -> io::Result<Result<(), Corrupt>> {
    let mut magic = [0u8; 4];
    reader.read_exact(&mut magic)?;
    if &magic != b"fLaC" {
        return Ok(Err(Corrupt {
            byte: 0,
            message: "not a FLAC stream (no fLaC marker)".into(),
        }));
    }
    let mut at = 4u64;
    let mut first = true;
    loop {
        let mut header = [0u8; 4];
        if let Err(e) = reader.read_exact(&mut header) {
            return short(e, at, "the file ends inside the metadata, before any audio");
        }
        let last = header[0] & 0x80 != 0;
        let kind = header[0] & 0x7f;
        let len = u64::from(u32::from_be_bytes([0, header[1], header[2], header[3]]));
        if kind == INVALID {
            return Ok(Err(corrupt(at, "metadata block of the reserved type 127")));
        }
        if first && kind != STREAMINFO {
            return Ok(Err(corrupt(
                at,
                "the first metadata block is not STREAMINFO, as FLAC requires",
            )));
        }
        let body_at = at + 4;
        if body_at + len > file_len {
            return Ok(Err(corrupt(
                at,
                format!(
                    "metadata block claims {len} bytes, past the end of the file ({file_len} bytes)"
                ),
            )));
        }
        // At most 16 MiB (a 24-bit length) and, checked above, no more than the file holds.
        let mut body = vec![0u8; len as usize];
        if let Err(e) = reader.read_exact(&mut body) {
            return short(e, body_at, "the file ends inside a metadata block");
        }
        let inner = match kind {
            VORBIS_COMMENT => check_vorbis_comment(&body),
            PICTURE => check_picture(&body),
            _ => Ok(()),
        };
        if let Err((offset, message)) = inner {
            return Ok(Err(corrupt(body_at + offset, message)));
        }
        at = body_at + len;
        first = false;
        if last {
            return Ok(Ok(()));
        }
    }
}

fn corrupt(byte: u64, message: impl Into<String>) -> Corrupt {
    Corrupt {
        byte,
        message: message.into(),
    }
}

fn short(e: io::Error, byte: u64, message: &str) -> io::Result<Result<(), Corrupt>> {
    if e.kind() == io::ErrorKind::UnexpectedEof {
        Ok(Err(corrupt(byte, message)))
    } else {
        Err(e)
    }
}

/// A cursor over one block's body that refuses any length running past the block.
struct Fields<'a> {
    body: &'a [u8],
    at: usize,
}

type Inner = Result<(), (u64, String)>;

impl Fields<'_> {
    fn u32(&mut self, little_endian: bool, what: &str) -> Result<u32, (u64, String)> {
        let bytes: [u8; 4] = self
            .body
            .get(self.at..self.at + 4)
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| (self.at as u64, format!("block ends before its {what}")))?;
        self.at += 4;
        Ok(if little_endian {
            u32::from_le_bytes(bytes)
        } else {
            u32::from_be_bytes(bytes)
        })
    }

    fn skip(&mut self, len: u32, what: &str) -> Inner {
        let remaining = self.body.len() - self.at;
        if len as usize > remaining {
            return Err((
                self.at as u64 - 4,
                format!("{what} claims {len} bytes but only {remaining} remain in its block"),
            ));
        }
        self.at += len as usize;
        Ok(())
    }
}

fn check_vorbis_comment(body: &[u8]) -> Inner {
    let mut f = Fields { body, at: 0 };
    let vendor = f.u32(true, "vendor length")?;
    f.skip(vendor, "the vendor string")?;
    let count = f.u32(true, "comment count")?;
    for _ in 0..count {
        let len = f.u32(true, "comment length")?;
        f.skip(len, "a comment")?;
    }
    Ok(())
}

fn check_picture(body: &[u8]) -> Inner {
    let mut f = Fields { body, at: 0 };
    f.u32(false, "picture type")?;
    let mime = f.u32(false, "MIME type length")?;
    f.skip(mime, "the picture's MIME type")?;
    let description = f.u32(false, "description length")?;
    f.skip(description, "the picture's description")?;
    for what in ["width", "height", "colour depth", "palette size"] {
        f.u32(false, what)?;
    }
    let data = f.u32(false, "picture data length")?;
    f.skip(data, "the picture data")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(kind: u8, last: bool, body: &[u8]) -> Vec<u8> {
        let len = body.len() as u32;
        let mut out = vec![kind | if last { 0x80 } else { 0 }];
        out.extend_from_slice(&len.to_be_bytes()[1..]);
        out.extend_from_slice(body);
        out
    }

    fn flac(blocks: &[Vec<u8>]) -> Vec<u8> {
        let mut out = b"fLaC".to_vec();
        for b in blocks {
            out.extend_from_slice(b);
        }
        out.extend_from_slice(&[0xff, 0xf8, 0, 0]); // the first audio frame's sync code
        out
    }

    fn comments(vendor: &[u8], entries: &[&[u8]]) -> Vec<u8> {
        let mut out = (vendor.len() as u32).to_le_bytes().to_vec();
        out.extend_from_slice(vendor);
        out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
        for e in entries {
            out.extend_from_slice(&(e.len() as u32).to_le_bytes());
            out.extend_from_slice(e);
        }
        out
    }

    fn run(bytes: &[u8]) -> Result<(), Corrupt> {
        check(&mut &bytes[..], bytes.len() as u64).unwrap()
    }

    #[test]
    fn well_formed_metadata_passes() {
        let file = flac(&[
            block(STREAMINFO, false, &[0; 34]),
            block(VORBIS_COMMENT, false, &comments(b"enc", &[b"TITLE=mock"])),
            block(1, true, &[0; 8]), // padding
        ]);
        assert_eq!(run(&file), Ok(()));
    }

    #[test]
    fn a_comment_longer_than_its_block_is_reported_where_its_length_sits() {
        let mut body = comments(b"enc", &[b"TITLE=mock"]);
        // The comment's length field follows vendor length (4), vendor (3) and count (4).
        body[11..15].copy_from_slice(&0xffff_ffecu32.to_le_bytes());
        let file = flac(&[
            block(STREAMINFO, false, &[0; 34]),
            block(VORBIS_COMMENT, true, &body),
        ]);
        let e = run(&file).unwrap_err();
        assert_eq!(e.byte, 4 + 38 + 4 + 11, "{e:?}");
        assert!(e.message.contains("4294967276 bytes"), "{e:?}");
    }

    #[test]
    fn a_picture_claiming_more_data_than_its_block_is_refused() {
        let mut body = Vec::new();
        for v in [3u32, 9] {
            body.extend_from_slice(&v.to_be_bytes());
        }
        body.extend_from_slice(b"image/png");
        body.extend_from_slice(&[0; 4 * 5]);
        body.extend_from_slice(&1_000_000u32.to_be_bytes());
        body.extend_from_slice(&[0; 10]);
        let file = flac(&[
            block(STREAMINFO, false, &[0; 34]),
            block(PICTURE, true, &body),
        ]);
        let e = run(&file).unwrap_err();
        assert!(e.message.contains("picture data"), "{e:?}");
    }

    #[test]
    fn a_block_running_past_the_end_of_the_file_is_refused() {
        let mut file = flac(&[block(STREAMINFO, true, &[0; 34])]);
        file[5..8].copy_from_slice(&[0x7f, 0xff, 0xff]);
        let e = run(&file).unwrap_err();
        assert_eq!(e.byte, 4);
        assert!(e.message.contains("past the end of the file"), "{e:?}");
    }

    #[test]
    fn metadata_must_start_with_streaminfo_and_end_before_the_file_does() {
        let e = run(&flac(&[block(VORBIS_COMMENT, true, &comments(b"", &[]))])).unwrap_err();
        assert!(e.message.contains("STREAMINFO"), "{e:?}");
        let e = run(b"fLaC\x00\x00\x00\x22").unwrap_err();
        assert!(e.message.contains("past the end"), "{e:?}");
        let e = run(b"fLaC\x00\x00").unwrap_err();
        assert!(e.message.contains("ends inside the metadata"), "{e:?}");
    }
}
