//! Number formats of the ggml file: IEEE half floats and ggml's q8_0 blocks, bit-exact with ggml's
//! reference code so a converted model has the same bytes on every machine.

/// Values per q8_0 block.
pub const Q8_0_BLOCK: usize = 32;
/// Bytes per q8_0 block: an f16 scale and 32 signed bytes.
pub const Q8_0_BLOCK_BYTES: usize = 2 + Q8_0_BLOCK;

/// Widens an IEEE binary16 value (exact).
pub fn f16_to_f32(h: u16) -> f32 {
    let sign = u32::from(h & 0x8000) << 16;
    let exp = u32::from((h >> 10) & 0x1f);
    let mant = u32::from(h & 0x3ff);
    let bits = match (exp, mant) {
        (0, 0) => sign,
        (0, _) => {
            // Subnormal: value = mant × 2^-24, exact in f32.
            let magnitude = mant as f32 * f32::from_bits(0x3380_0000);
            return if sign != 0 { -magnitude } else { magnitude };
        }
        (0x1f, 0) => sign | 0x7f80_0000,
        (0x1f, _) => sign | 0x7fc0_0000 | (mant << 13),
        _ => sign | ((exp + 112) << 23) | (mant << 13),
    };
    f32::from_bits(bits)
}

/// Narrows to IEEE binary16 with round-to-nearest-even, as ggml's `GGML_FP32_TO_FP16` does.
pub fn f32_to_f16(x: f32) -> u16 {
    let bits = x.to_bits();
    let sign = ((bits >> 16) & 0x8000) as u16;
    let exp = ((bits >> 23) & 0xff) as i32;
    let mant = bits & 0x007f_ffff;
    if exp == 0xff {
        return sign | 0x7c00 | if mant != 0 { 0x200 } else { 0 };
    }
    let e = exp - 127 + 15;
    if e >= 0x1f {
        return sign | 0x7c00;
    }
    if e <= 0 {
        if e < -10 {
            return sign;
        }
        // Subnormal result: shift the full significand (implicit bit included) into place.
        let m = mant | 0x0080_0000;
        let shift = (14 - e) as u32;
        return sign | round_shift(m, shift) as u16;
    }
    // A carry out of the mantissa correctly bumps the exponent (up to infinity).
    let rounded = ((e as u32) << 10 | (mant >> 13)) + round_increment(mant, 13);
    sign | rounded as u16
}

/// `m >> shift`, rounded to nearest, ties to even.
fn round_shift(m: u32, shift: u32) -> u32 {
    (m >> shift) + round_increment(m, shift)
}

/// 1 when dropping the low `shift` bits of `m` must round the kept part up (nearest, ties to even).
fn round_increment(m: u32, shift: u32) -> u32 {
    let half = 1u32 << (shift - 1);
    let rest = m & ((1u32 << shift) - 1);
    let kept_odd = (m >> shift) & 1;
    u32::from(rest > half || (rest == half && kept_odd == 1))
}

/// Appends the q8_0 encoding of `x` (a multiple of 32 values) to `out`: per block the scale
/// `max|x| / 127` as f16, then each value divided by it, rounded half away from zero.
pub fn quantize_q8_0(x: &[f32], out: &mut Vec<u8>) {
    debug_assert!(x.len() % Q8_0_BLOCK == 0);
    for block in x.chunks_exact(Q8_0_BLOCK) {
        let amax = block.iter().fold(0.0f32, |m, v| m.max(v.abs()));
        let d = amax / 127.0;
        let id = if d != 0.0 { 1.0 / d } else { 0.0 };
        out.extend_from_slice(&f32_to_f16(d).to_le_bytes());
        out.extend(block.iter().map(|v| (v * id).round() as i8 as u8));
    }
}

/// Decodes q8_0 blocks back to f32 (used to check the encoding).
pub fn dequantize_q8_0(bytes: &[u8]) -> Vec<f32> {
    let mut out = Vec::with_capacity(bytes.len() / Q8_0_BLOCK_BYTES * Q8_0_BLOCK);
    for block in bytes.chunks_exact(Q8_0_BLOCK_BYTES) {
        let d = f16_to_f32(u16::from_le_bytes([block[0], block[1]]));
        out.extend(block[2..].iter().map(|&q| f32::from(q as i8) * d));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic pseudo-random floats spanning normal, subnormal-f16 and overflow magnitudes.
    fn samples(n: usize) -> Vec<f32> {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        (0..n)
            .map(|i| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let unit = (state >> 40) as f32 / (1u64 << 24) as f32 - 0.5;
                let scale = [1e-9, 1e-6, 1e-3, 0.05, 1.0, 300.0, 7e4][i % 7];
                unit * scale
            })
            .collect()
    }

    #[test]
    fn f16_round_trip_is_exact_for_every_finite_half() {
        for h in 0..=u16::MAX {
            let exp = (h >> 10) & 0x1f;
            if exp == 0x1f {
                continue;
            }
            assert_eq!(f32_to_f16(f16_to_f32(h)), h, "half {h:#06x}");
        }
    }

    #[test]
    fn f32_to_f16_rounds_ties_to_even_and_saturates_to_infinity() {
        // 1 + 2^-11 is halfway between 1 and the next half: ties go to the even one (1.0).
        assert_eq!(f32_to_f16(1.0 + f32::powi(2.0, -11)), 0x3c00);
        // 1 + 3·2^-11 is halfway between two halves whose even neighbour is above.
        assert_eq!(f32_to_f16(1.0 + 3.0 * f32::powi(2.0, -11)), 0x3c02);
        assert_eq!(f32_to_f16(65520.0), 0x7c00);
        assert_eq!(f32_to_f16(65519.0), 0x7bff);
        assert_eq!(f32_to_f16(-0.0), 0x8000);
        assert_eq!(f32_to_f16(f32::powi(2.0, -25)), 0x0000);
        assert_eq!(f32_to_f16(f32::powi(2.0, -24) * 1.5), 0x0002);
    }

    #[test]
    fn f32_to_f16_matches_ggml() {
        for x in samples(20_000) {
            let ours = f32_to_f16(x);
            // SAFETY: a pure conversion function with no global state.
            let theirs = unsafe { whisper_rs::whisper_rs_sys::ggml_fp32_to_fp16(x) };
            assert_eq!(ours, theirs, "{x:e}");
        }
    }

    #[test]
    fn q8_0_matches_ggml_byte_for_byte() {
        let n_per_row = 64usize;
        let rows = 300usize;
        let mut x = samples(n_per_row * rows);
        x[..32].iter_mut().for_each(|v| *v = 0.0); // an all-zero block gets scale 0
        let mut ours = Vec::new();
        quantize_q8_0(&x, &mut ours);
        let mut theirs = vec![0u8; rows * n_per_row / Q8_0_BLOCK * Q8_0_BLOCK_BYTES];
        // SAFETY: `x` holds rows × n_per_row floats and `theirs` the matching number of q8_0 blocks;
        // q8_0 needs no importance matrix (null is allowed).
        let written = unsafe {
            whisper_rs::whisper_rs_sys::ggml_quantize_chunk(
                whisper_rs::whisper_rs_sys::ggml_type_GGML_TYPE_Q8_0,
                x.as_ptr(),
                theirs.as_mut_ptr().cast(),
                0,
                rows as i64,
                n_per_row as i64,
                std::ptr::null(),
            )
        };
        assert_eq!(written, theirs.len());
        assert_eq!(ours, theirs);
    }

    #[test]
    fn q8_0_round_trip_error_is_within_half_a_step() {
        let x = samples(32 * 50);
        let mut q = Vec::new();
        quantize_q8_0(&x, &mut q);
        assert_eq!(q.len(), 50 * Q8_0_BLOCK_BYTES);
        let back = dequantize_q8_0(&q);
        for (block, restored) in x.chunks(32).zip(back.chunks(32)) {
            let amax = block.iter().fold(0.0f32, |m, v| m.max(v.abs()));
            let step = amax / 127.0;
            for (a, b) in block.iter().zip(restored) {
                // Half a step plus the f16 rounding of the scale (relative 2^-11 of 127 steps).
                assert!(
                    (a - b).abs() <= step * (0.5 + 127.0 / 2048.0) + 1e-12,
                    "{a} vs {b}"
                );
            }
        }
    }
}
