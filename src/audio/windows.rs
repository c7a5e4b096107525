//! Speech packed into decoder windows: the streaming heart of the audio side.
//!
//! 16 kHz audio flows through the VAD; each closed speech region is copied out of a bounded ring
//! buffer into the current window, separated from the previous region by a short gap of zeros. A
//! window is handed out once the next region would not fit in Whisper's 30 s context. Silence is
//! never copied, and at no point is more than one window plus ~30 s of audio held in memory.

use std::collections::VecDeque;
use std::path::Path;

use super::channels::ChannelMode;
use super::stream::{AudioInfo, Pcm16kStream};
use super::timeline::{Piece, TimeMap};
use super::vad::{Detector, RegionTracker, VadConfig, FRAME_SAMPLES};
use crate::Result;

pub const SAMPLE_RATE: u64 = 16_000;
/// Whisper decodes 30 s at a time; a window never exceeds that.
pub const WINDOW_MAX_SAMPLES: usize = 30 * SAMPLE_RATE as usize;
/// Zeros between packed speech regions, so Whisper hears a pause where silence was removed.
pub const GAP_SAMPLES: usize = SAMPLE_RATE as usize / 4;
/// Without VAD the audio goes to Whisper in long stretches that it seeks through itself, as raw
/// whisper.cpp does, but never the whole recording at once.
pub const NO_VAD_WINDOW_SAMPLES: usize = 300 * SAMPLE_RATE as usize;

/// Audio for one decoder call and the map from its time back to the recording's.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    pub samples: Vec<f32>,
    pub map: TimeMap,
}

/// Packs regions into windows of at most `max` samples.
#[derive(Debug)]
pub struct Packer {
    max: usize,
    gap: usize,
    samples: Vec<f32>,
    map: TimeMap,
}

impl Packer {
    pub fn new(max: usize, gap: usize) -> Self {
        Packer {
            max,
            gap,
            samples: Vec::new(),
            map: TimeMap::new(),
        }
    }

    /// Adds a region that starts at `original_start` (samples); returns the previous window when
    /// this region did not fit in it. A region longer than a window gets a window of its own.
    pub fn add(&mut self, original_start: u64, audio: &[f32]) -> Option<Window> {
        if audio.is_empty() {
            return None;
        }
        let mut full = None;
        if !self.samples.is_empty() && self.samples.len() + self.gap + audio.len() > self.max {
            full = self.finish();
        }
        if !self.samples.is_empty() {
            self.samples.resize(self.samples.len() + self.gap, 0.0);
        }
        self.map.push(Piece {
            packed_start: self.samples.len() as u64,
            original_start,
            len: audio.len() as u64,
        });
        self.samples.extend_from_slice(audio);
        full
    }

    /// The window being filled, if it holds anything.
    pub fn finish(&mut self) -> Option<Window> {
        if self.samples.is_empty() {
            return None;
        }
        Some(Window {
            samples: std::mem::take(&mut self.samples),
            map: std::mem::take(&mut self.map),
        })
    }
}

/// What reaches the decoder.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Selection {
    /// Only speech regions found by VAD.
    Speech(VadConfig),
    /// Everything, silence included (for comparison).
    Everything,
}

struct VadState {
    detector: Detector,
    tracker: RegionTracker,
    /// Recent audio, from sample `ring_start` on: enough to cut out the region still open.
    ring: VecDeque<f32>,
    ring_start: u64,
    /// Samples not yet scored (less than one frame).
    partial: Vec<f32>,
}

/// Windows of a recording, produced lazily as it is decoded.
pub struct SpeechWindows {
    stream: Pcm16kStream,
    vad: Option<VadState>,
    packer: Packer,
    ready: VecDeque<Window>,
    /// 16 kHz samples received so far.
    received: u64,
    /// Samples sent to the decoder so far (speech plus the audio of `Everything`).
    sent: u64,
    ended: bool,
}

impl SpeechWindows {
    pub fn open(path: &Path, mode: ChannelMode, selection: Selection) -> Result<Self> {
        let stream = Pcm16kStream::open(path, mode)?;
        let (vad, packer) = match selection {
            Selection::Speech(cfg) => (
                Some(VadState {
                    detector: Detector::default(),
                    tracker: RegionTracker::new(cfg),
                    ring: VecDeque::new(),
                    ring_start: 0,
                    partial: Vec::with_capacity(FRAME_SAMPLES),
                }),
                Packer::new(WINDOW_MAX_SAMPLES, GAP_SAMPLES),
            ),
            Selection::Everything => (None, Packer::new(NO_VAD_WINDOW_SAMPLES, 0)),
        };
        Ok(SpeechWindows {
            stream,
            vad,
            packer,
            ready: VecDeque::new(),
            received: 0,
            sent: 0,
            ended: false,
        })
    }

    pub fn info(&self) -> &AudioInfo {
        self.stream.info()
    }

    /// How far into the recording decoding has got, in ms (its exact length once all windows are out).
    pub fn position_ms(&self) -> u64 {
        self.stream.decoded_ms()
    }

    /// Milliseconds of audio handed to the decoder so far.
    pub fn sent_ms(&self) -> u64 {
        self.sent * 1_000 / SAMPLE_RATE
    }

    /// Samples held right now (recent audio, the window being filled, windows not yet taken):
    /// bounded by about two windows, whatever the recording's length.
    pub fn buffered_samples(&self) -> usize {
        self.vad
            .as_ref()
            .map_or(0, |v| v.ring.len() + v.partial.len())
            + self.packer.samples.len()
            + self.ready.iter().map(|w| w.samples.len()).sum::<usize>()
    }

    pub fn next_window(&mut self) -> Result<Option<Window>> {
        loop {
            if let Some(w) = self.ready.pop_front() {
                self.sent += w.map.pieces().iter().map(|p| p.len).sum::<u64>();
                return Ok(Some(w));
            }
            if self.ended {
                return Ok(None);
            }
            match self.stream.next_chunk()? {
                Some(chunk) => self.feed(&chunk),
                None => {
                    self.ended = true;
                    self.flush();
                }
            }
        }
    }

    fn feed(&mut self, chunk: &[f32]) {
        let start = self.received;
        self.received += chunk.len() as u64;
        let Some(vad) = self.vad.as_mut() else {
            self.feed_everything(start, chunk);
            return;
        };
        vad.ring.extend(chunk.iter().copied());
        for &s in chunk {
            vad.partial.push(s);
            if vad.partial.len() == FRAME_SAMPLES {
                let mut frame = [0.0f32; FRAME_SAMPLES];
                frame.copy_from_slice(&vad.partial);
                vad.partial.clear();
                let score = vad.detector.score(&frame);
                if let Some(region) = vad.tracker.push(score) {
                    let end = region.end * FRAME_SAMPLES as u64;
                    Self::emit(vad, &mut self.packer, &mut self.ready, region.start, end);
                }
            }
        }
        // Drop audio that no future region can include.
        let keep_from = vad.tracker.keep_from_frame() * FRAME_SAMPLES as u64;
        let drop = keep_from
            .saturating_sub(vad.ring_start)
            .min(vad.ring.len() as u64);
        vad.ring.drain(..drop as usize);
        vad.ring_start += drop;
    }

    fn feed_everything(&mut self, start: u64, chunk: &[f32]) {
        let mut offset = 0;
        while offset < chunk.len() {
            let room = NO_VAD_WINDOW_SAMPLES - self.packer.samples.len();
            let take = room.min(chunk.len() - offset);
            let piece_start = start + offset as u64;
            self.packer.map.push(Piece {
                packed_start: self.packer.samples.len() as u64,
                original_start: piece_start,
                len: take as u64,
            });
            self.packer
                .samples
                .extend_from_slice(&chunk[offset..offset + take]);
            offset += take;
            if self.packer.samples.len() >= NO_VAD_WINDOW_SAMPLES {
                self.ready.extend(self.packer.finish());
            }
        }
    }

    fn emit(
        vad: &mut VadState,
        packer: &mut Packer,
        ready: &mut VecDeque<Window>,
        start_frame: u64,
        end: u64,
    ) {
        let start = (start_frame * FRAME_SAMPLES as u64).max(vad.ring_start);
        let ring_end = vad.ring_start + vad.ring.len() as u64;
        let end = end.min(ring_end);
        if end <= start {
            return;
        }
        let from = (start - vad.ring_start) as usize;
        let to = (end - vad.ring_start) as usize;
        let audio: Vec<f32> = vad.ring.range(from..to).copied().collect();
        ready.extend(packer.add(start, &audio));
    }

    fn flush(&mut self) {
        if let Some(vad) = self.vad.as_mut() {
            if !vad.partial.is_empty() {
                let mut frame = [0.0f32; FRAME_SAMPLES];
                frame[..vad.partial.len()].copy_from_slice(&vad.partial);
                vad.partial.clear();
                let score = vad.detector.score(&frame);
                if let Some(region) = vad.tracker.push(score) {
                    let end = region.end * FRAME_SAMPLES as u64;
                    Self::emit(vad, &mut self.packer, &mut self.ready, region.start, end);
                }
            }
            let total_frames = self.received.div_ceil(FRAME_SAMPLES as u64);
            if let Some(region) = vad.tracker.finish(total_frames) {
                let end = (region.end * FRAME_SAMPLES as u64).min(self.received);
                Self::emit(vad, &mut self.packer, &mut self.ready, region.start, end);
            }
        }
        self.ready.extend(self.packer.finish());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::timeline::Edge;

    #[test]
    fn regions_share_a_window_until_it_is_full() {
        let mut p = Packer::new(100, 5);
        assert!(p.add(1_000, &[0.5; 40]).is_none());
        assert!(p.add(5_000, &[0.5; 40]).is_none());
        // 40 + 5 + 40 + 5 + 40 > 100: the first window closes with two pieces.
        let w = p.add(9_000, &[0.5; 40]).expect("full window");
        assert_eq!(w.samples.len(), 85);
        assert_eq!(
            w.map.pieces(),
            &[
                Piece {
                    packed_start: 0,
                    original_start: 1_000,
                    len: 40
                },
                Piece {
                    packed_start: 45,
                    original_start: 5_000,
                    len: 40
                },
            ]
        );
        // The gap holds zeros, never recorded audio.
        assert!(w.samples[40..45].iter().all(|s| *s == 0.0));
        let last = p.finish().expect("last window");
        assert_eq!(last.map.pieces()[0].packed_start, 0);
        assert_eq!(last.map.pieces()[0].original_start, 9_000);
        assert!(p.finish().is_none());
    }

    #[test]
    fn packed_window_maps_back_to_each_region() {
        let mut p = Packer::new(WINDOW_MAX_SAMPLES, GAP_SAMPLES);
        // Speech at 5–7 s and at 95–96 s of the recording.
        p.add(80_000, &vec![0.1; 32_000]);
        p.add(1_520_000, &vec![0.1; 16_000]);
        let w = p.finish().expect("window");
        let m = &w.map;
        assert_eq!(m.original_ms(0, Edge::Start), 5_000);
        assert_eq!(m.original_ms(2_000, Edge::End), 7_000);
        assert_eq!(m.original_ms(2_250, Edge::Start), 95_000);
        assert_eq!(m.original_ms(3_250, Edge::End), 96_000);
    }

    #[test]
    fn empty_region_adds_nothing() {
        let mut p = Packer::new(10, 2);
        assert!(p.add(0, &[]).is_none());
        assert!(p.finish().is_none());
    }

    #[test]
    fn oversized_region_gets_its_own_window() {
        let mut p = Packer::new(10, 2);
        p.add(0, &[0.1; 4]);
        let w = p.add(100, &[0.1; 12]).expect("first window");
        assert_eq!(w.samples.len(), 4);
        assert_eq!(p.finish().map(|w| w.samples.len()), Some(12));
    }
}
