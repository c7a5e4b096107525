//! Sanity walks over a container's metadata before symphonia reads it.
//!
//! symphonia sizes buffers from lengths written in the file (a FLAC Vorbis comment or picture
//! block, an MP4 sample size) and allocates before it checks them against the file, so four
//! corrupt bytes can ask for 4 GiB (found by the audio fuzz target). On a machine that does not
//! overcommit memory that is an abort, not an error. Every such length is checked here against
//! what holds it and against the file; a lie is reported with the byte where it sits.

use std::io::{self, Read, Seek, SeekFrom};

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
pub fn check_flac(reader: &mut impl Read, file_len: u64) -> io::Result<Result<(), Corrupt>> {
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

/// Boxes that hold the sample table, from the top of the file down.
const MP4_PATH: [&[u8; 4]; 5] = [b"moov", b"trak", b"mdia", b"minf", b"stbl"];

/// Walks an ISO-MP4 (M4A) file's box tree down to each track's sample tables (`stbl`) and refuses
/// a table whose entry count its box cannot hold, or a sample larger than the whole file. Skips
/// over everything else, `mdat` included.
/// A top-level box that runs past the end of the file ends the walk (symphonia reports that as
/// truncation); one inside `moov` that runs past its parent is corrupt.
pub fn check_mp4(
    reader: &mut (impl Read + Seek),
    file_len: u64,
) -> io::Result<Result<(), Corrupt>> {
    walk_mp4(reader, 0, file_len, 0, file_len)
}

fn walk_mp4(
    reader: &mut (impl Read + Seek),
    start: u64,
    end: u64,
    depth: usize,
    file_len: u64,
) -> io::Result<Result<(), Corrupt>> {
    let mut at = start;
    while at + 8 <= end {
        reader.seek(SeekFrom::Start(at))?;
        let mut header = [0u8; 8];
        reader.read_exact(&mut header)?;
        let kind = [header[4], header[5], header[6], header[7]];
        let (size, header_len) =
            match u32::from_be_bytes([header[0], header[1], header[2], header[3]]) {
                0 => (end - at, 8),
                1 => {
                    let mut large = [0u8; 8];
                    if at + 16 > end {
                        return Ok(Ok(()));
                    }
                    reader.read_exact(&mut large)?;
                    (u64::from_be_bytes(large), 16)
                }
                n => (u64::from(n), 8),
            };
        if size < header_len || size > end - at {
            // At the top a box running past the end is a cut-off recording, which symphonia
            // reports as truncation; inside `moov` symphonia would reserve the claimed size first.
            if depth == 0 {
                return Ok(Ok(()));
            }
            let name = String::from_utf8_lossy(&kind).into_owned();
            let parent = String::from_utf8_lossy(MP4_PATH[depth - 1]).into_owned();
            return Ok(Err(corrupt(
                at,
                format!(
                    "box `{name}` claims {size} bytes but its parent `{parent}` holds {}",
                    end - at
                ),
            )));
        }
        let body = at + header_len;
        if depth < MP4_PATH.len() && &kind == MP4_PATH[depth] {
            if let Err(c) = walk_mp4(reader, body, at + size, depth + 1, file_len)? {
                return Ok(Err(c));
            }
        } else if depth == MP4_PATH.len() {
            if let Some(table) = SampleTable::of(&kind) {
                if let Err(c) = check_table(reader, table, body, at + size, file_len)? {
                    return Ok(Err(c));
                }
            }
        }
        at += size;
    }
    Ok(Ok(()))
}

/// The sample tables in `stbl` whose entry count symphonia allocates for before reading them.
#[derive(Debug, Clone, Copy)]
struct SampleTable {
    name: &'static str,
    /// Bytes of fields between version/flags and the entry count.
    before_count: u64,
    entry_len: u64,
}

impl SampleTable {
    fn of(kind: &[u8; 4]) -> Option<SampleTable> {
        let (name, before_count, entry_len) = match kind {
            b"stts" => ("stts", 0, 8),
            b"ctts" => ("ctts", 0, 8),
            b"stsc" => ("stsc", 0, 12),
            b"stss" => ("stss", 0, 4),
            b"stco" => ("stco", 0, 4),
            b"co64" => ("co64", 0, 8),
            // One size for every sample (or 0), then the count and, for 0, one size per sample.
            b"stsz" => ("stsz", 4, 4),
            _ => return None,
        };
        Some(SampleTable {
            name,
            before_count,
            entry_len,
        })
    }
}

/// Every table: version and flags, perhaps a field, the entry count, the entries. The count must
/// fit in the box; for `stsz`, no sample may be larger than the whole file.
fn check_table(
    reader: &mut (impl Read + Seek),
    table: SampleTable,
    body: u64,
    end: u64,
    file_len: u64,
) -> io::Result<Result<(), Corrupt>> {
    let count_at = body + 4 + table.before_count;
    let entries_at = count_at + 4;
    if entries_at > end {
        return Ok(Ok(()));
    }
    reader.seek(SeekFrom::Start(body + 4))?;
    let common = if table.before_count == 4 {
        read_u32(reader)?
    } else {
        0
    };
    let count = u64::from(read_u32(reader)?);
    let name = table.name;
    if common != 0 {
        // stsz with one size for all: no per-sample entries follow.
        return Ok(if u64::from(common) > file_len {
            Err(corrupt(
                body + 4,
                format!("{name}: every sample claims {common} bytes, more than the whole file ({file_len} bytes)"),
            ))
        } else {
            Ok(())
        });
    }
    let room = (end - entries_at) / table.entry_len;
    if count > room {
        return Ok(Err(corrupt(
            count_at,
            format!("{name}: {count} entries claimed but its box holds {room}"),
        )));
    }
    if name == "stsz" {
        let mut sizes = io::BufReader::new(reader.take(count * 4));
        for i in 0..count {
            let size = read_u32(&mut sizes)?;
            if u64::from(size) > file_len {
                return Ok(Err(corrupt(
                    entries_at + 4 * i,
                    format!("{name}: sample {} claims {size} bytes, more than the whole file ({file_len} bytes)", i + 1),
                )));
            }
        }
    }
    Ok(Ok(()))
}

fn read_u32(reader: &mut impl Read) -> io::Result<u32> {
    let mut word = [0u8; 4];
    reader.read_exact(&mut word)?;
    Ok(u32::from_be_bytes(word))
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
        check_flac(&mut &bytes[..], bytes.len() as u64).unwrap()
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
    fn mp4_box(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let mut out = ((body.len() + 8) as u32).to_be_bytes().to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(body);
        out
    }

    /// ftyp, a sample table nested as a real M4A nests it, and some audio bytes.
    fn m4a(stsz_body: &[u8]) -> Vec<u8> {
        let mut inner = mp4_box(b"stsz", stsz_body);
        for kind in [b"stbl", b"minf", b"mdia", b"trak", b"moov"] {
            let mut wrapped = mp4_box(b"hdlr", &[0; 12]); // a sibling the walk must skip
            wrapped.extend_from_slice(&inner);
            inner = mp4_box(kind, &wrapped);
        }
        let mut file = mp4_box(b"ftyp", b"M4A \0\0\0\0");
        file.extend_from_slice(&inner);
        file.extend_from_slice(&mp4_box(b"mdat", &[0x21; 300]));
        file
    }

    fn stsz(common: u32, sizes: &[u32]) -> Vec<u8> {
        let mut body = vec![0; 4];
        body.extend_from_slice(&common.to_be_bytes());
        let count = if common == 0 { sizes.len() } else { 3 };
        body.extend_from_slice(&(count as u32).to_be_bytes());
        for s in sizes {
            body.extend_from_slice(&s.to_be_bytes());
        }
        body
    }

    fn run_mp4(bytes: &[u8]) -> Result<(), Corrupt> {
        check_mp4(&mut io::Cursor::new(bytes), bytes.len() as u64).unwrap()
    }

    #[test]
    fn sample_sizes_within_the_file_pass() {
        assert_eq!(run_mp4(&m4a(&stsz(0, &[100, 100, 100]))), Ok(()));
        assert_eq!(run_mp4(&m4a(&stsz(100, &[]))), Ok(()));
    }

    #[test]
    fn a_sample_larger_than_the_file_is_refused_at_its_entry() {
        let file = m4a(&stsz(0, &[100, 0xffff_ff5f, 100]));
        let e = run_mp4(&file).unwrap_err();
        assert!(
            e.message
                .starts_with("stsz: sample 2 claims 4294967135 bytes"),
            "{e:?}"
        );
        let entry = file
            .windows(4)
            .position(|w| w == [0xff, 0xff, 0xff, 0x5f])
            .unwrap();
        assert_eq!(e.byte, entry as u64);
    }

    #[test]
    fn a_common_sample_size_larger_than_the_file_is_refused() {
        let e = run_mp4(&m4a(&stsz(1 << 31, &[]))).unwrap_err();
        assert!(
            e.message
                .starts_with("stsz: every sample claims 2147483648 bytes"),
            "{e:?}"
        );
    }

    #[test]
    fn a_table_claiming_more_entries_than_its_box_holds_is_refused() {
        let mut body = stsz(0, &[100, 100]);
        body[8..12].copy_from_slice(&u32::MAX.to_be_bytes());
        let e = run_mp4(&m4a(&body)).unwrap_err();
        assert_eq!(
            e.message,
            "stsz: 4294967295 entries claimed but its box holds 2"
        );
        let mut file = m4a(&stsz(0, &[100]));
        let stsz_at = file.windows(4).position(|w| w == b"stsz").unwrap();
        file[stsz_at..stsz_at + 4].copy_from_slice(b"co64");
        // Read as co64, the body (flags, 0, 1, 100) holds one 8-byte entry but claims 0 entries
        // after the flags: here the "count" is the 0 and passes; a lying one must not.
        assert_eq!(run_mp4(&file), Ok(()));
        file[stsz_at + 8..stsz_at + 12].copy_from_slice(&7u32.to_be_bytes());
        let e = run_mp4(&file).unwrap_err();
        assert!(e.message.starts_with("co64: 7 entries claimed"), "{e:?}");
    }

    #[test]
    fn a_top_level_box_may_run_past_the_end_but_not_one_inside_moov() {
        let mut file = m4a(&stsz(0, &[u32::MAX]));
        // The moov box (after the 16-byte ftyp) now claims more than the file holds.
        file[16..20].copy_from_slice(&u32::MAX.to_be_bytes());
        assert_eq!(run_mp4(&file), Ok(()));
        assert_eq!(run_mp4(b"\0\0\0\x10ftypM4A "), Ok(()));
        let mut file = m4a(&stsz(0, &[100]));
        let trak = file.windows(4).position(|w| w == b"trak").unwrap() - 4;
        file[trak..trak + 4].copy_from_slice(&u32::MAX.to_be_bytes());
        let e = run_mp4(&file).unwrap_err();
        assert_eq!(e.byte, trak as u64);
        assert!(
            e.message
                .starts_with("box `trak` claims 4294967295 bytes but its parent `moov` holds"),
            "{e:?}"
        );
    }
}
