//! Streaming sample-rate conversion to 16 kHz with a windowed-sinc resampler (rubato).
//!
//! Input arrives in blocks of any size; output is emitted as soon as the resampler has enough input,
//! so memory stays bounded however long the recording is. The resampler's delay is removed and the
//! total output length is exactly `round(input_frames × 16000 / rate)`, so timestamps do not drift.

use rubato::{
    calculate_cutoff, Resampler, SincFixedIn, SincInterpolationParameters, SincInterpolationType,
    WindowFunction,
};

/// The decoder's sample rate.
pub const TARGET_RATE: u32 = 16_000;

const CHUNK_FRAMES: usize = 1024;
const SINC_LEN: usize = 128;

pub struct StreamResampler {
    /// `None` when the input is already at 16 kHz.
    inner: Option<SincFixedIn<f32>>,
    rate_in: u32,
    pending: Vec<f32>,
    out_buf: Vec<Vec<f32>>,
    delay_left: usize,
    consumed: u64,
    produced: u64,
}

impl StreamResampler {
    /// A mono resampler from `rate_in` to 16 kHz.
    pub fn new(rate_in: u32) -> Result<Self, String> {
        if rate_in == 0 {
            return Err("sample rate is 0".into());
        }
        let inner = if rate_in == TARGET_RATE {
            None
        } else {
            let window = WindowFunction::BlackmanHarris2;
            let params = SincInterpolationParameters {
                sinc_len: SINC_LEN,
                f_cutoff: calculate_cutoff(SINC_LEN, window),
                oversampling_factor: 256,
                interpolation: SincInterpolationType::Linear,
                window,
            };
            let ratio = f64::from(TARGET_RATE) / f64::from(rate_in);
            let r = SincFixedIn::<f32>::new(ratio, 1.0, params, CHUNK_FRAMES, 1)
                .map_err(|e| format!("cannot resample from {rate_in} Hz: {e}"))?;
            Some(r)
        };
        let (out_buf, delay_left) = match &inner {
            // rubato's sinc resamplers start their index half a filter early, so the output is
            // already aligned with the input (`output_delay` describes other resamplers).
            Some(r) => (r.output_buffer_allocate(true), 0),
            None => (Vec::new(), 0),
        };
        Ok(StreamResampler {
            inner,
            rate_in,
            pending: Vec::new(),
            out_buf,
            delay_left,
            consumed: 0,
            produced: 0,
        })
    }

    /// Feeds input samples; appends whatever 16 kHz output is ready to `out`.
    pub fn push(&mut self, input: &[f32], out: &mut Vec<f32>) -> Result<(), String> {
        self.consumed += input.len() as u64;
        if self.inner.is_none() {
            out.extend_from_slice(input);
            self.produced += input.len() as u64;
            return Ok(());
        }
        let mut pending = std::mem::take(&mut self.pending);
        pending.extend_from_slice(input);
        let mut offset = 0;
        while pending.len() - offset >= CHUNK_FRAMES {
            let written = self.run(Some(&pending[offset..offset + CHUNK_FRAMES]))?;
            self.emit(written, u64::MAX, out);
            offset += CHUNK_FRAMES;
        }
        pending.drain(..offset);
        self.pending = pending;
        Ok(())
    }

    /// Flushes the tail: the last partial block and the resampler's delay line.
    pub fn finish(&mut self, out: &mut Vec<f32>) -> Result<(), String> {
        if self.inner.is_none() {
            return Ok(());
        }
        let expected = (self.consumed * u64::from(TARGET_RATE) + u64::from(self.rate_in) / 2)
            / u64::from(self.rate_in);
        let tail = std::mem::take(&mut self.pending);
        if !tail.is_empty() {
            let written = self.run(Some(&tail))?;
            self.emit(written, expected, out);
        }
        // Zero input pushes the delayed samples out; a few blocks always suffice.
        let mut guard = 0;
        while self.produced < expected && guard < 64 {
            let written = self.run(None)?;
            self.emit(written, expected, out);
            guard += 1;
        }
        Ok(())
    }

    fn run(&mut self, input: Option<&[f32]>) -> Result<usize, String> {
        let Some(r) = self.inner.as_mut() else {
            return Ok(0);
        };
        let result = match input {
            Some(samples) if samples.len() == CHUNK_FRAMES => {
                r.process_into_buffer(&[samples], &mut self.out_buf, None)
            }
            Some(samples) => {
                r.process_partial_into_buffer(Some(&[samples]), &mut self.out_buf, None)
            }
            None => r.process_partial_into_buffer(None::<&[&[f32]]>, &mut self.out_buf, None),
        };
        result
            .map(|(_, written)| written)
            .map_err(|e| format!("resampler failed: {e}"))
    }

    fn emit(&mut self, written: usize, limit: u64, out: &mut Vec<f32>) {
        let Some(produced) = self.out_buf.first() else {
            return;
        };
        let produced = &produced[..written.min(produced.len())];
        let skip = self.delay_left.min(produced.len());
        self.delay_left -= skip;
        let room = limit.saturating_sub(self.produced);
        let take = ((produced.len() - skip) as u64).min(room) as usize;
        out.extend_from_slice(&produced[skip..skip + take]);
        self.produced += take as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f32::consts::PI;

    fn sine(freq: f32, rate: u32, seconds: f32) -> Vec<f32> {
        let n = (rate as f32 * seconds) as usize;
        (0..n)
            .map(|i| 0.5 * (2.0 * PI * freq * i as f32 / rate as f32).sin())
            .collect()
    }

    /// Resamples in uneven blocks, as a decoder delivers them.
    fn resample_all(input: &[f32], rate: u32) -> Vec<f32> {
        let mut r = StreamResampler::new(rate).unwrap();
        let mut out = Vec::new();
        for block in input.chunks(777) {
            r.push(block, &mut out).unwrap();
        }
        r.finish(&mut out).unwrap();
        out
    }

    /// Sign changes, ignoring samples too close to zero to have a reliable sign.
    fn zero_crossings(x: &[f32]) -> usize {
        let mut last: Option<bool> = None;
        let mut count = 0;
        for s in x.iter().filter(|s| s.abs() > 0.05) {
            let positive = *s > 0.0;
            if last.is_some_and(|l| l != positive) {
                count += 1;
            }
            last = Some(positive);
        }
        count
    }

    #[test]
    fn length_is_exact_for_common_rates() {
        for rate in [
            8_000, 11_025, 22_050, 24_000, 32_000, 44_100, 48_000, 96_000,
        ] {
            let input = sine(440.0, rate, 1.37);
            let out = resample_all(&input, rate);
            let expected = (input.len() as u64 * 16_000 + rate as u64 / 2) / rate as u64;
            assert_eq!(out.len() as u64, expected, "rate {rate}");
        }
    }

    #[test]
    fn sine_keeps_its_frequency() {
        let out = resample_all(&sine(1_000.0, 44_100, 2.0), 44_100);
        assert_eq!(out.len(), 32_000);
        // 1 kHz crosses zero 2000 times a second; edges excluded (filter start-up and tail).
        let crossings = zero_crossings(&out[1_600..30_400]);
        assert!(
            (3_595..=3_605).contains(&crossings),
            "{crossings} crossings"
        );
        let rms = (out[1_600..30_400].iter().map(|x| x * x).sum::<f32>() / 28_800.0).sqrt();
        assert!((rms - 0.5 / 2f32.sqrt()).abs() < 0.01, "rms {rms}");
    }

    #[test]
    fn a_click_stays_at_its_time() {
        // An impulse half a second in must come out half a second in: no delay, no drift.
        for rate in [8_000, 22_050, 44_100, 48_000] {
            let mut input = vec![0.0f32; rate as usize * 2];
            input[rate as usize / 2] = 1.0;
            let out = resample_all(&input, rate);
            let peak = out
                .iter()
                .enumerate()
                .fold(
                    (0, f32::MIN),
                    |best, (i, v)| if *v > best.1 { (i, *v) } else { best },
                )
                .0;
            assert!(
                peak.abs_diff(8_000) <= 1,
                "rate {rate}: peak at sample {peak}"
            );
        }
    }

    #[test]
    fn upsampling_keeps_frequency() {
        let out = resample_all(&sine(300.0, 8_000, 1.0), 8_000);
        assert_eq!(out.len(), 16_000);
        let crossings = zero_crossings(&out[1_600..14_400]);
        assert!((475..=485).contains(&crossings), "{crossings} crossings");
    }

    #[test]
    fn content_above_8_khz_is_filtered_not_aliased() {
        // A 12 kHz tone cannot exist at 16 kHz; sample dropping would fold it to 4 kHz at full level.
        let out = resample_all(&sine(12_000.0, 48_000, 1.0), 48_000);
        let rms = (out[1_000..15_000].iter().map(|x| x * x).sum::<f32>() / 14_000.0).sqrt();
        assert!(rms < 0.01, "rms {rms}");
    }

    #[test]
    fn sixteen_khz_passes_through_unchanged() {
        let input = sine(500.0, 16_000, 0.5);
        assert_eq!(resample_all(&input, 16_000), input);
    }

    #[test]
    fn input_in_whole_chunks_flushes_cleanly() {
        // Nothing left over for the last partial block: only the delay line is flushed.
        let input = sine(440.0, 44_100, 1024.0 * 10.0 / 44_100.0);
        let mut r = StreamResampler::new(44_100).unwrap();
        let mut out = Vec::new();
        r.push(&input, &mut out).unwrap();
        r.finish(&mut out).unwrap();
        assert_eq!(out.len(), (10_240 * 16_000 + 22_050) / 44_100);
    }

    #[test]
    fn zero_rate_is_rejected() {
        assert!(StreamResampler::new(0).is_err());
    }
}
