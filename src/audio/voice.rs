//! Voice features for diarization: MFCCs (mel-frequency cepstral coefficients) of every 10 ms of
//! the speech that reaches the decoder, on the recording's own timeline.
//!
//! 25 ms Hamming frames every 10 ms, a 512-point FFT, 40 mel filters from 60 Hz to 7.6 kHz, log
//! energies, DCT-II; coefficients 1 to 19 are kept. Coefficient 0 (loudness) is dropped: it says
//! how close someone sat to the microphone, not who they are.

use std::sync::Arc;

use realfft::{RealFftPlanner, RealToComplex};

use super::windows::Window;
use crate::diarize::FeatureFrames;

const FRAME: usize = 400;
const HOP: usize = 160;
const FFT: usize = 512;
const MELS: usize = 40;
/// Coefficients 1..=19.
pub const DIM: usize = 19;
const SAMPLES_PER_MS: u64 = 16;

/// Turns decoder windows into feature frames, keeping the frames of every window it is given.
pub struct VoiceFeatures {
    fft: Arc<dyn RealToComplex<f32>>,
    window: Vec<f32>,
    /// `MELS` rows of `FFT / 2 + 1` weights.
    filters: Vec<f32>,
    /// `DIM` rows of `MELS` DCT-II weights.
    dct: Vec<f32>,
    frames: FeatureFrames,
}

impl Default for VoiceFeatures {
    fn default() -> Self {
        Self::new()
    }
}

impl VoiceFeatures {
    pub fn new() -> Self {
        let window = (0..FRAME)
            .map(|i| {
                0.54 - 0.46 * (2.0 * std::f32::consts::PI * i as f32 / (FRAME - 1) as f32).cos()
            })
            .collect();
        let dct = (1..=DIM)
            .flat_map(|k| {
                (0..MELS).map(move |m| {
                    (std::f32::consts::PI * k as f32 * (m as f32 + 0.5) / MELS as f32).cos()
                        * (2.0 / MELS as f32).sqrt()
                })
            })
            .collect();
        VoiceFeatures {
            fft: RealFftPlanner::<f32>::new().plan_fft_forward(FFT),
            window,
            filters: mel_filters(),
            dct,
            frames: FeatureFrames::new(DIM),
        }
    }

    /// Adds the frames of one decoder window: each speech piece on its own, so no frame spans
    /// the zeros packed between pieces.
    pub fn add(&mut self, window: &Window) {
        let mut input = self.fft.make_input_vec();
        let mut spectrum = self.fft.make_output_vec();
        let mut scratch = self.fft.make_scratch_vec();
        let mut mel = [0f32; MELS];
        let mut coefficients = [0f32; DIM];
        for piece in window.map.pieces() {
            let start = usize::try_from(piece.packed_start).unwrap_or(usize::MAX);
            let len = usize::try_from(piece.len).unwrap_or(0);
            let Some(audio) = window.samples.get(start..start.saturating_add(len)) else {
                continue;
            };
            let mut offset = 0;
            while offset + FRAME <= audio.len() {
                input.iter_mut().for_each(|x| *x = 0.0);
                for (i, (x, w)) in audio[offset..offset + FRAME]
                    .iter()
                    .zip(&self.window)
                    .enumerate()
                {
                    input[i] = x * w;
                }
                if self
                    .fft
                    .process_with_scratch(&mut input, &mut spectrum, &mut scratch)
                    .is_err()
                {
                    break;
                }
                let bins = spectrum.len();
                for (m, energy) in mel.iter_mut().enumerate() {
                    let row = &self.filters[m * bins..(m + 1) * bins];
                    let e: f32 = row
                        .iter()
                        .zip(&spectrum)
                        .map(|(w, c)| w * c.norm_sqr())
                        .sum();
                    *energy = (e + 1e-8).ln();
                }
                for (k, c) in coefficients.iter_mut().enumerate() {
                    let row = &self.dct[k * MELS..(k + 1) * MELS];
                    *c = row.iter().zip(&mel).map(|(w, e)| w * e).sum();
                }
                let centre = piece.original_start + (offset + FRAME / 2) as u64;
                self.frames.push(centre / SAMPLES_PER_MS, &coefficients);
                offset += HOP;
            }
        }
    }

    /// The frames gathered so far, in time order.
    pub fn finish(self) -> FeatureFrames {
        self.frames
    }
}

/// Triangular filters evenly spaced on the HTK mel scale.
fn mel_filters() -> Vec<f32> {
    let mel = |hz: f32| 2595.0 * (1.0 + hz / 700.0).log10();
    let hz = |mel: f32| 700.0 * (10f32.powf(mel / 2595.0) - 1.0);
    let (low, high) = (mel(60.0), mel(7600.0));
    let edges: Vec<f32> = (0..MELS + 2)
        .map(|i| hz(low + (high - low) * i as f32 / (MELS + 1) as f32))
        .collect();
    let bins = FFT / 2 + 1;
    let mut out = vec![0f32; MELS * bins];
    for m in 0..MELS {
        let (left, centre, right) = (edges[m], edges[m + 1], edges[m + 2]);
        for b in 0..bins {
            let f = b as f32 * 16_000.0 / FFT as f32;
            let w = if f > left && f <= centre {
                (f - left) / (centre - left)
            } else if f > centre && f < right {
                (right - f) / (right - centre)
            } else {
                0.0
            };
            out[m * bins + b] = w;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::{Piece, TimeMap};

    fn tone(hz: f32, samples: usize) -> Vec<f32> {
        (0..samples)
            .map(|i| (2.0 * std::f32::consts::PI * hz * i as f32 / 16_000.0).sin() * 0.3)
            .collect()
    }

    #[test]
    fn frames_are_timed_on_the_recording_and_never_span_a_gap() {
        // Two pieces of 0.1 s, packed with a gap; the second came from 5 s into the recording.
        let mut samples = tone(200.0, 1600);
        samples.extend(vec![0.0; 4000]);
        samples.extend(tone(200.0, 1600));
        let mut map = TimeMap::new();
        map.push(Piece {
            packed_start: 0,
            original_start: 0,
            len: 1600,
        });
        map.push(Piece {
            packed_start: 5600,
            original_start: 80_000,
            len: 1600,
        });
        let mut v = VoiceFeatures::new();
        v.add(&Window { samples, map });
        let frames = v.finish();
        // (1600 − 400) / 160 + 1 = 8 frames per piece.
        assert_eq!(frames.len(), 16);
        assert_eq!(frames.times_ms[0], 12); // centre of the first 25 ms frame
        assert_eq!(frames.times_ms[8], 5012);
        assert_eq!(frames.dim, DIM);
    }

    #[test]
    fn different_sounds_give_different_features() {
        let features = |hz: f32| {
            let samples = tone(hz, 1600);
            let mut map = TimeMap::new();
            map.push(Piece {
                packed_start: 0,
                original_start: 0,
                len: 1600,
            });
            let mut v = VoiceFeatures::new();
            v.add(&Window { samples, map });
            v.finish().frame(3).to_vec()
        };
        let (low, high) = (features(200.0), features(3000.0));
        let distance: f32 = low.iter().zip(&high).map(|(a, b)| (a - b).powi(2)).sum();
        assert!(distance > 1.0, "{distance}");
        assert_eq!(features(200.0), low, "deterministic");
    }
}
