//! Opening a recording and decoding it block by block at its native rate and channel count.
//!
//! WAV goes through `hound` (8/16/24/32-bit integer and 32-bit float); everything else, and WAV
//! encodings hound does not read, through `symphonia`. Nothing here holds more than one block.

use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use symphonia::core::audio::SampleBuffer;
use symphonia::core::codecs::{self, CodecType, DecoderOptions, CODEC_TYPE_NULL};
use symphonia::core::errors::Error as SymError;
use symphonia::core::formats::{FormatOptions, FormatReader};
use symphonia::core::io::{MediaSource, MediaSourceStream};
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;

use super::container;
use crate::{Error, Result};

/// Frames read from a WAV file per block.
const WAV_BLOCK_FRAMES: usize = 8_192;

/// A compressed file whose decoded length falls short of its header's by more than this is truncated.
const TRUNCATION_TOLERANCE_MS: u64 = 1_000;

pub const SUPPORTED: &str = "WAV, FLAC, MP3, M4A/AAC, OGG/Vorbis";

/// What the container says about the audio, before decoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceInfo {
    pub channels: usize,
    pub sample_rate: u32,
    /// Length in frames according to the header, when it says.
    pub frames_hint: Option<u64>,
}

/// A decoder of one file: interleaved f32 blocks in [-1, 1].
pub trait Source {
    fn info(&self) -> &SourceInfo;
    /// Appends the next block of interleaved samples to `out`; returns the frames added (0 at the end).
    fn read_block(&mut self, out: &mut Vec<f32>) -> Result<usize>;
}

/// Opens `path`, choosing the decoder by the file's content, not its name.
pub fn open(path: &Path) -> Result<Box<dyn Source>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        return Err(Error::input(path, "is a directory, not a recording"));
    }
    if meta.len() == 0 {
        return Err(Error::input(path, "empty file (0 bytes), not a recording"));
    }
    let mut head = [0u8; 512];
    let head_len = read_head(path, &mut head)?;
    let head = &head[..head_len];
    if head.starts_with(b"RIFF") || head.starts_with(b"RIFX") || head.starts_with(b"RF64") {
        return open_wav(path, head);
    }
    let len = meta.len();
    if head.starts_with(b"fLaC") {
        check_container(path, "FLAC metadata", |r| container::check_flac(r, len))?;
    } else if head.get(4..8) == Some(b"ftyp") {
        check_container(path, "MP4 sample table", |r| container::check_mp4(r, len))?;
    }
    open_symphonia(path, head)
}

/// Runs one of [`container`]'s checks over the file before symphonia sees it.
fn check_container(
    path: &Path,
    what: &str,
    check: impl FnOnce(&mut BufReader<File>) -> io::Result<std::result::Result<(), container::Corrupt>>,
) -> Result<()> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    match check(&mut BufReader::new(file)) {
        Ok(Ok(())) => Ok(()),
        Ok(Err(corrupt)) => Err(Error::at_byte(
            path,
            corrupt.byte,
            format!("corrupt {what}: {}", corrupt.message),
        )),
        Err(e) => Err(Error::io(path, e)),
    }
}

thread_local! {
    /// Set while a third-party decoder runs under [`survive_panic`], so its panic is not printed.
    static IN_GUARDED_DECODER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs a symphonia codec on data from the file; `None` if it panicked. symphonia 0.5's decoders
/// index tables with values read from the stream and can panic on corrupt input (the AAC decoder
/// does: found by the audio fuzz target). A panic there is a corrupt file, reported as an error.
fn survive_panic<T>(f: impl FnOnce() -> T) -> Option<T> {
    static QUIET_HOOK: std::sync::Once = std::sync::Once::new();
    QUIET_HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IN_GUARDED_DECODER.with(std::cell::Cell::get) {
                default(info);
            }
        }));
    });
    IN_GUARDED_DECODER.with(|g| g.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    IN_GUARDED_DECODER.with(|g| g.set(false));
    result.ok()
}

fn read_head(path: &Path, buf: &mut [u8]) -> Result<usize> {
    let mut file = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::io(path, e)),
        }
    }
    Ok(filled)
}

/// Printable ASCII/UTF-8 with no control bytes other than whitespace: someone renamed a text file.
fn looks_like_text(head: &[u8]) -> bool {
    !head.is_empty()
        && std::str::from_utf8(head).is_ok_and(|s| {
            s.chars()
                .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'))
        })
}

// ---------------------------------------------------------------------------------------------
// WAV through hound

struct WavSource {
    path: PathBuf,
    reader: hound::WavReader<BufReader<File>>,
    info: SourceInfo,
    float: bool,
    scale: f32,
    frames_read: u64,
}

fn open_wav(path: &Path, head: &[u8]) -> Result<Box<dyn Source>> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let reader = match hound::WavReader::new(BufReader::new(file)) {
        Ok(r) => r,
        Err(hound::Error::Unsupported) => {
            // Other WAV encodings (A-law, µ-law, ADPCM, 64-bit float): symphonia may read them.
            return open_symphonia(path, head).map_err(|e| match e {
                Error::Input { .. } => Error::input(
                    path,
                    format!(
                        "unsupported WAV encoding{} (supported: {SUPPORTED})",
                        wav_format_tag(head)
                            .map(|t| format!(" (format tag {t:#06x})"))
                            .unwrap_or_default()
                    ),
                ),
                other => other,
            });
        }
        Err(hound::Error::IoError(e)) if is_short_read(&e) => {
            return Err(Error::input(
                path,
                "truncated WAV header: the file ends before the audio data starts",
            ));
        }
        Err(hound::Error::IoError(e)) => return Err(Error::io(path, e)),
        Err(e) => return Err(Error::input(path, format!("malformed WAV header: {e}"))),
    };
    let spec = reader.spec();
    if spec.channels == 0 || spec.sample_rate == 0 {
        return Err(Error::input(
            path,
            format!(
                "malformed WAV header: {} channels at {} Hz",
                spec.channels, spec.sample_rate
            ),
        ));
    }
    let float = spec.sample_format == hound::SampleFormat::Float;
    if float && spec.bits_per_sample != 32 {
        return Err(Error::input(
            path,
            format!(
                "unsupported WAV encoding: {}-bit float (supported: 32-bit float, 8/16/24/32-bit integer)",
                spec.bits_per_sample
            ),
        ));
    }
    let bits = spec.bits_per_sample.clamp(1, 32);
    let info = SourceInfo {
        channels: usize::from(spec.channels),
        sample_rate: spec.sample_rate,
        frames_hint: Some(u64::from(reader.duration())),
    };
    Ok(Box::new(WavSource {
        path: path.to_path_buf(),
        reader,
        info,
        float,
        scale: 1.0 / (1u64 << (bits - 1)) as f32,
        frames_read: 0,
    }))
}

/// hound reports running out of file as `UnexpectedEof` or as an `Other` error with this text.
fn is_short_read(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::UnexpectedEof
        || e.to_string().contains("Failed to read enough bytes")
}

/// The format tag of a canonical WAV file (fmt chunk first), for error messages.
fn wav_format_tag(head: &[u8]) -> Option<u16> {
    if head.get(12..16)? != b"fmt " {
        return None;
    }
    let bytes = head.get(20..22)?;
    let tag = u16::from_le_bytes([bytes[0], bytes[1]]);
    if tag == 0xFFFE {
        // WAVE_FORMAT_EXTENSIBLE: the real tag opens the sub-format GUID.
        let sub = head.get(44..46)?;
        return Some(u16::from_le_bytes([sub[0], sub[1]]));
    }
    Some(tag)
}

impl Source for WavSource {
    fn info(&self) -> &SourceInfo {
        &self.info
    }

    fn read_block(&mut self, out: &mut Vec<f32>) -> Result<usize> {
        let channels = self.info.channels;
        let want = WAV_BLOCK_FRAMES * channels;
        let before = out.len();
        let result: std::result::Result<(), hound::Error> = if self.float {
            self.reader
                .samples::<f32>()
                .take(want)
                .try_for_each(|s| s.map(|v| out.push(v)))
        } else {
            let scale = self.scale;
            self.reader
                .samples::<i32>()
                .take(want)
                .try_for_each(|s| s.map(|v| out.push(v as f32 * scale)))
        };
        let frames = (out.len() - before) / channels;
        self.frames_read += frames as u64;
        if let Err(e) = result {
            let at = seconds(self.frames_read, self.info.sample_rate);
            let promised = seconds(self.info.frames_hint.unwrap_or(0), self.info.sample_rate);
            return Err(match e {
                hound::Error::IoError(e) if is_short_read(&e) => {
                    Error::input(
                        &self.path,
                        format!(
                            "truncated: audio data ends at {at:.2} s but the header promises {promised:.2} s"
                        ),
                    )
                }
                hound::Error::IoError(e) => Error::io(&self.path, e),
                other => Error::input(&self.path, format!("corrupt audio data at {at:.2} s: {other}")),
            });
        }
        // Keep whole frames only; a dangling partial frame at the end is dropped.
        out.truncate(before + frames * channels);
        Ok(frames)
    }
}

fn seconds(frames: u64, rate: u32) -> f64 {
    frames as f64 / f64::from(rate.max(1))
}

// ---------------------------------------------------------------------------------------------
// Everything else through symphonia

/// A file that records how far it has been read, so a decode error can name the byte.
struct CountingFile {
    file: File,
    pos: Arc<AtomicU64>,
    len: u64,
}

impl Read for CountingFile {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.file.read(buf)?;
        self.pos.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl Seek for CountingFile {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let p = self.file.seek(to)?;
        self.pos.store(p, Ordering::Relaxed);
        Ok(p)
    }
}

impl MediaSource for CountingFile {
    fn is_seekable(&self) -> bool {
        true
    }
    fn byte_len(&self) -> Option<u64> {
        Some(self.len)
    }
}

struct SymphoniaSource {
    path: PathBuf,
    format: Box<dyn FormatReader>,
    decoder: Box<dyn codecs::Decoder>,
    track_id: u32,
    info: SourceInfo,
    pos: Arc<AtomicU64>,
    frames_read: u64,
    /// The first decoded block, read while opening to learn the real channel count and rate.
    pending: Option<Vec<f32>>,
    ended: bool,
}

fn open_symphonia(path: &Path, head: &[u8]) -> Result<Box<dyn Source>> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let len = file.metadata().map_err(|e| Error::io(path, e))?.len();
    let pos = Arc::new(AtomicU64::new(0));
    let source = CountingFile {
        file,
        pos: Arc::clone(&pos),
        len,
    };
    let mss = MediaSourceStream::new(Box::new(source), Default::default());
    let mut hint = Hint::new();
    if let Some(ext) = path.extension().and_then(|e| e.to_str()) {
        hint.with_extension(ext);
    }
    let probed = symphonia::default::get_probe()
        .format(
            &hint,
            mss,
            &FormatOptions::default(),
            &MetadataOptions::default(),
        )
        .map_err(|e| match e {
            SymError::IoError(ref io) if io.kind() == io::ErrorKind::UnexpectedEof => {
                Error::input(path, "truncated: the file ends inside its header")
            }
            SymError::IoError(io) => Error::io(path, io),
            _ if looks_like_text(head) => Error::input(
                path,
                format!("not an audio file (it contains text); supported formats: {SUPPORTED}"),
            ),
            _ => Error::input(
                path,
                format!("not a recognised audio file; supported formats: {SUPPORTED}"),
            ),
        })?;
    let format = probed.format;
    let Some(track) = format
        .tracks()
        .iter()
        .find(|t| t.codec_params.codec != CODEC_TYPE_NULL)
    else {
        return Err(Error::input(path, "contains no audio track"));
    };
    let params = track.codec_params.clone();
    let track_id = track.id;
    let decoder = symphonia::default::get_codecs()
        .make(&params, &DecoderOptions::default())
        .map_err(|_| {
            Error::input(
                path,
                format!(
                    "unsupported audio codec ({}); supported: {SUPPORTED}",
                    codec_name(params.codec)
                ),
            )
        })?;
    let info = SourceInfo {
        channels: params.channels.map_or(0, |c| c.count()),
        sample_rate: params.sample_rate.unwrap_or(0),
        frames_hint: params.n_frames,
    };
    let mut src = SymphoniaSource {
        path: path.to_path_buf(),
        format,
        decoder,
        track_id,
        info,
        pos,
        frames_read: 0,
        pending: None,
        ended: false,
    };
    // Decode ahead to the first audio so the real layout is known before anyone asks.
    let mut first = Vec::new();
    let frames = src.decode_next(&mut first)?;
    if frames > 0 {
        src.pending = Some(first);
    }
    if src.info.channels == 0 || src.info.sample_rate == 0 {
        return Err(Error::input(
            path,
            "no audio: the recording has 0 samples (or no channel layout)",
        ));
    }
    Ok(Box::new(src))
}

fn codec_name(codec: CodecType) -> String {
    let known = [
        (codecs::CODEC_TYPE_AAC, "AAC"),
        (codecs::CODEC_TYPE_MP3, "MP3"),
        (codecs::CODEC_TYPE_FLAC, "FLAC"),
        (codecs::CODEC_TYPE_VORBIS, "Vorbis"),
        (codecs::CODEC_TYPE_ALAC, "ALAC"),
        (codecs::CODEC_TYPE_OPUS, "Opus"),
        (codecs::CODEC_TYPE_SPEEX, "Speex"),
        (codecs::CODEC_TYPE_ATRAC3, "ATRAC3"),
        (codecs::CODEC_TYPE_EAC3, "E-AC-3"),
        (codecs::CODEC_TYPE_DCA, "DTS"),
        (codecs::CODEC_TYPE_WAVPACK, "WavPack"),
        (codecs::CODEC_TYPE_MP1, "MPEG-1 Layer I"),
    ];
    known
        .iter()
        .find(|(c, _)| *c == codec)
        .map_or_else(|| format!("codec id {codec}"), |(_, n)| (*n).to_string())
}

impl SymphoniaSource {
    fn at(&self) -> String {
        format!(
            "{:.2} s (near byte {})",
            seconds(self.frames_read, self.info.sample_rate),
            self.pos.load(Ordering::Relaxed)
        )
    }

    /// Decodes packets until one yields audio; returns its frame count (0 at the end of the stream).
    fn decode_next(&mut self, out: &mut Vec<f32>) -> Result<usize> {
        while !self.ended {
            let packet = match self.format.next_packet() {
                Ok(p) => p,
                Err(SymError::IoError(e)) if e.kind() == io::ErrorKind::UnexpectedEof => {
                    self.ended = true;
                    self.check_complete()?;
                    break;
                }
                Err(SymError::ResetRequired) => {
                    return Err(Error::input(
                        &self.path,
                        format!("the audio format changes at {} (unsupported)", self.at()),
                    ))
                }
                Err(SymError::IoError(e)) => return Err(Error::io(&self.path, e)),
                Err(e) => {
                    return Err(Error::input(
                        &self.path,
                        format!("corrupt audio data at {}: {e}", self.at()),
                    ))
                }
            };
            if packet.track_id() != self.track_id {
                continue;
            }
            let decoder = &mut self.decoder;
            let Some(result) = survive_panic(|| decoder.decode(&packet)) else {
                return Err(Error::input(
                    &self.path,
                    format!(
                        "corrupt audio data at {}: the {} decoder cannot read it",
                        self.at(),
                        codec_name(self.decoder.codec_params().codec)
                    ),
                ));
            };
            let decoded = match result {
                Ok(d) => d,
                Err(SymError::IoError(e)) if e.kind() == io::ErrorKind::UnexpectedEof => {
                    self.ended = true;
                    self.check_complete()?;
                    break;
                }
                Err(e) => {
                    return Err(Error::input(
                        &self.path,
                        format!("corrupt audio data at {}: {e}", self.at()),
                    ))
                }
            };
            let spec = *decoded.spec();
            let frames = decoded.frames();
            if frames == 0 {
                continue;
            }
            let channels = spec.channels.count();
            if self.frames_read == 0 {
                self.info.channels = channels;
                self.info.sample_rate = spec.rate;
            } else if channels != self.info.channels || spec.rate != self.info.sample_rate {
                return Err(Error::input(
                    &self.path,
                    format!(
                        "the audio changes from {} channels at {} Hz to {channels} at {} Hz at {} (unsupported)",
                        self.info.channels, self.info.sample_rate, spec.rate, self.at()
                    ),
                ));
            }
            let mut buf = SampleBuffer::<f32>::new(frames as u64, spec);
            buf.copy_interleaved_ref(decoded);
            out.extend_from_slice(buf.samples());
            self.frames_read += frames as u64;
            return Ok(frames);
        }
        Ok(0)
    }

    /// A stream that ends well before the length its header declares was cut off.
    fn check_complete(&self) -> Result<()> {
        let (Some(promised), rate) = (self.info.frames_hint, self.info.sample_rate) else {
            return Ok(());
        };
        let tolerance = u64::from(rate) * TRUNCATION_TOLERANCE_MS / 1_000;
        if self.frames_read > 0 && self.frames_read + tolerance < promised {
            return Err(Error::input(
                &self.path,
                format!(
                    "truncated: audio ends at {:.2} s but the header promises {:.2} s",
                    seconds(self.frames_read, rate),
                    seconds(promised, rate)
                ),
            ));
        }
        Ok(())
    }
}

impl Source for SymphoniaSource {
    fn info(&self) -> &SourceInfo {
        &self.info
    }

    fn read_block(&mut self, out: &mut Vec<f32>) -> Result<usize> {
        if let Some(first) = self.pending.take() {
            let frames = first.len() / self.info.channels.max(1);
            out.extend_from_slice(&first);
            return Ok(frames);
        }
        self.decode_next(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_recognised_as_text() {
        assert!(looks_like_text(b"hello, this is not audio\n"));
        assert!(!looks_like_text(b"ID3\x04\x00\x00\x00"));
        assert!(!looks_like_text(b"fLaC\x00\x00\x00\x22"));
    }

    #[test]
    fn wav_format_tag_is_read_from_canonical_header() {
        let mut head = Vec::new();
        head.extend_from_slice(b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00");
        head.extend_from_slice(&0x0055u16.to_le_bytes());
        assert_eq!(wav_format_tag(&head), Some(0x0055));
        assert_eq!(wav_format_tag(b"RIFF"), None);
    }
}
