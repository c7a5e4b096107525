//! A recording as a stream of 16 kHz mono chunks: decode → reduce channels → resample.

use std::path::{Path, PathBuf};

use super::channels::{self, ChannelMode};
use super::decode::{self, Source};
use super::resample::StreamResampler;
use crate::{Error, Result};

/// Layout of a recording as decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AudioInfo {
    pub channels: usize,
    pub sample_rate: u32,
    /// Length from the header, when it says (exact length is known only at the end of the stream).
    pub duration_hint_ms: Option<u64>,
}

pub struct Pcm16kStream {
    path: PathBuf,
    source: Box<dyn Source>,
    info: AudioInfo,
    mode: ChannelMode,
    resampler: StreamResampler,
    interleaved: Vec<f32>,
    reduced: Vec<f32>,
    native_frames: u64,
    done: bool,
}

impl Pcm16kStream {
    /// Opens `path`; `mode` picks the channel(s) to keep. Fails on bad files before any audio flows.
    pub fn open(path: &Path, mode: ChannelMode) -> Result<Self> {
        let source = decode::open(path)?;
        let si = source.info().clone();
        if let ChannelMode::Only(c) = mode {
            if c >= si.channels {
                return Err(Error::input(
                    path,
                    format!(
                        "has {} channel(s); channel {} was asked for",
                        si.channels,
                        c + 1
                    ),
                ));
            }
        }
        let info = AudioInfo {
            channels: si.channels,
            sample_rate: si.sample_rate,
            duration_hint_ms: si
                .frames_hint
                .map(|f| f.saturating_mul(1_000) / u64::from(si.sample_rate.max(1))),
        };
        let resampler = StreamResampler::new(si.sample_rate).map_err(|e| Error::input(path, e))?;
        Ok(Pcm16kStream {
            path: path.to_path_buf(),
            source,
            info,
            mode,
            resampler,
            interleaved: Vec::new(),
            reduced: Vec::new(),
            native_frames: 0,
            done: false,
        })
    }

    pub fn info(&self) -> &AudioInfo {
        &self.info
    }

    /// Milliseconds of the recording decoded so far (the exact duration once the stream has ended).
    pub fn decoded_ms(&self) -> u64 {
        self.native_frames.saturating_mul(1_000) / u64::from(self.info.sample_rate.max(1))
    }

    /// The next chunk of 16 kHz samples (any length, possibly empty); `None` at the end.
    pub fn next_chunk(&mut self) -> Result<Option<Vec<f32>>> {
        if self.done {
            return Ok(None);
        }
        let mut out = Vec::new();
        self.interleaved.clear();
        let frames = self.source.read_block(&mut self.interleaved)?;
        if frames == 0 {
            self.done = true;
            if self.native_frames == 0 {
                return Err(Error::input(
                    &self.path,
                    "no audio: the recording has 0 samples",
                ));
            }
            self.resampler
                .finish(&mut out)
                .map_err(|e| Error::input(&self.path, e))?;
            return Ok(Some(out));
        }
        self.native_frames += frames as u64;
        self.reduced.clear();
        channels::reduce(
            &self.interleaved,
            self.info.channels,
            self.mode,
            &mut self.reduced,
        );
        self.resampler
            .push(&self.reduced, &mut out)
            .map_err(|e| Error::input(&self.path, e))?;
        Ok(Some(out))
    }
}

/// Opens `path` and decodes its first block: every problem that can be found without reading the
/// whole file (not audio, bad header, unsupported codec, no samples) is reported here, before a
/// model is loaded or any work is done.
pub fn probe(path: &Path) -> Result<AudioInfo> {
    let mut stream = Pcm16kStream::open(path, ChannelMode::Mix)?;
    stream.next_chunk()?;
    Ok(*stream.info())
}

/// Decodes a whole (short) file to 16 kHz samples. For tests and small clips only: long recordings
/// should be consumed chunk by chunk.
pub fn read_all(path: &Path, mode: ChannelMode) -> Result<(AudioInfo, Vec<f32>)> {
    let mut stream = Pcm16kStream::open(path, mode)?;
    let mut all = Vec::new();
    while let Some(chunk) = stream.next_chunk()? {
        all.extend_from_slice(&chunk);
    }
    Ok((*stream.info(), all))
}
