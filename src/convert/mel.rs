//! Whisper's mel filterbank: librosa's `filters.mel(sr=16000, n_fft=400, n_mels)` with its defaults
//! (Slaney mel scale, Slaney area normalisation), reproduced step for step, float32 rounding
//! included, so the converted file does not depend on Python.

/// Sample rate Whisper's front end runs at.
pub const SAMPLE_RATE: f64 = 16_000.0;
/// FFT length of Whisper's 25 ms window.
pub const N_FFT: usize = 400;

const F_SP: f64 = 200.0 / 3.0;
const MIN_LOG_HZ: f64 = 1000.0;

fn log_step() -> f64 {
    6.4f64.ln() / 27.0
}

/// Slaney mel scale: linear below 1 kHz, logarithmic above.
pub fn hz_to_mel(hz: f64) -> f64 {
    let min_log_mel = MIN_LOG_HZ / F_SP;
    if hz >= MIN_LOG_HZ {
        min_log_mel + (hz / MIN_LOG_HZ).ln() / log_step()
    } else {
        hz / F_SP
    }
}

pub fn mel_to_hz(mel: f64) -> f64 {
    let min_log_mel = MIN_LOG_HZ / F_SP;
    if mel >= min_log_mel {
        MIN_LOG_HZ * (log_step() * (mel - min_log_mel)).exp()
    } else {
        F_SP * mel
    }
}

/// `n_mels` triangular filters over the `n_fft / 2 + 1` FFT bins, row-major (`n_mels` rows).
pub fn mel_filterbank(n_mels: usize, n_fft: usize, sample_rate: f64) -> Vec<f32> {
    let n_bins = n_fft / 2 + 1;
    // numpy's rfftfreq: bin i × 1 / (n × (1 / sr)).
    let bin_hz = 1.0 / (n_fft as f64 * (1.0 / sample_rate));
    let fft_hz: Vec<f64> = (0..n_bins).map(|i| i as f64 * bin_hz).collect();

    // numpy's linspace(min, max, n_mels + 2): i × step + start, the last point exactly `max`.
    let (min_mel, max_mel) = (hz_to_mel(0.0), hz_to_mel(sample_rate / 2.0));
    let n_points = n_mels + 2;
    let step = (max_mel - min_mel) / (n_points - 1) as f64;
    let mel_hz: Vec<f64> = (0..n_points)
        .map(|i| {
            if i == n_points - 1 {
                max_mel
            } else {
                i as f64 * step + min_mel
            }
        })
        .map(mel_to_hz)
        .collect();

    let mut weights = Vec::with_capacity(n_mels * n_bins);
    for i in 0..n_mels {
        let lower_width = mel_hz[i + 1] - mel_hz[i];
        let upper_width = mel_hz[i + 2] - mel_hz[i + 1];
        // Slaney normalisation: each filter has unit area.
        let enorm = 2.0 / (mel_hz[i + 2] - mel_hz[i]);
        for &f in &fft_hz {
            let lower = -(mel_hz[i] - f) / lower_width;
            let upper = (mel_hz[i + 2] - f) / upper_width;
            // librosa stores the triangle as float32, then scales it in float64.
            let w = 0.0f64.max(lower.min(upper)) as f32;
            weights.push((f64::from(w) * enorm) as f32);
        }
    }
    weights
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whisper_filters() -> Vec<f32> {
        mel_filterbank(80, N_FFT, SAMPLE_RATE)
    }

    #[test]
    fn slaney_scale_is_linear_below_1khz_and_logarithmic_above() {
        assert!((hz_to_mel(500.0) - 7.5).abs() < 1e-12);
        assert!((hz_to_mel(1000.0) - 15.0).abs() < 1e-12);
        assert!((hz_to_mel(6400.0) - 42.0).abs() < 1e-12);
        for hz in [0.0, 200.0, 999.0, 1000.0, 4321.0, 8000.0] {
            assert!((mel_to_hz(hz_to_mel(hz)) - hz).abs() < 1e-9);
        }
    }

    #[test]
    fn filterbank_has_80_rows_of_201_bins() {
        assert_eq!(whisper_filters().len(), 80 * 201);
    }

    /// Reference values computed independently (plain Python floats, librosa's formulas, float32
    /// rounding by `struct.pack("f")`), compared bit for bit.
    #[test]
    fn filterbank_matches_independent_reference_values() {
        let w = whisper_filters();
        let at = |row: usize, bin: usize| w[row * 201 + bin];
        for (row, bin, expected) in REFERENCE {
            assert_eq!(at(row, bin).to_bits(), expected, "filter {row}, bin {bin}");
        }
    }

    #[test]
    fn filters_are_triangles_that_start_at_zero_and_do_not_overlap_more_than_neighbours() {
        let w = whisper_filters();
        for bin in 0..201 {
            let active = (0..80).filter(|row| w[row * 201 + bin] > 0.0).count();
            assert!(active <= 2, "bin {bin} is in {active} filters");
        }
        assert_eq!(w[0], 0.0); // DC is in no filter
        assert!(w.iter().all(|v| *v >= 0.0));
    }

    const REFERENCE: [(usize, usize, u32); 12] = [
        (0, 0, 0x00000000),    // 0
        (0, 1, 0x3ccbaca4),    // 0.0248625949
        (0, 2, 0x00000000),    // 0
        (1, 1, 0x3b027873),    // 0.00199082191
        (1, 2, 0x3cbb5d95),    // 0.0228717718
        (10, 10, 0x3ca3168f),  // 0.0199082177
        (10, 11, 0x3ba2584f),  // 0.00495437486
        (40, 43, 0x3c716d72),  // 0.0147355665
        (60, 92, 0x3bb28455),  // 0.00544790411
        (79, 186, 0x39c0473c), // 0.000366741675
        (79, 190, 0x3b1247ab), // 0.00223205495
        (79, 200, 0x00000000), // 0
    ];

    /// SHA-256 of all 80 × 201 values (little-endian f32) from the same independent computation.
    #[test]
    fn whole_filterbank_matches_independent_reference_hash() {
        use sha2::{Digest, Sha256};
        let bytes: Vec<u8> = whisper_filters()
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        assert_eq!(
            crate::model::hex(&Sha256::digest(&bytes)),
            "85818f156f7e189453901a515e4726d270d307f976e161cf9403e8caab405498"
        );
    }
}
