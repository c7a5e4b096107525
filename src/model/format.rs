//! The ggml whisper file format, as whisper.cpp reads it (all little-endian `i32` unless said
//! otherwise): magic, eleven hparams, the mel filterbank (`n_mel`, `n_fft`, `n_mel × n_fft` f32),
//! the vocabulary (count, then length + bytes per token), then tensors until the end of the file
//! (`n_dims`, name length, type, dims in ggml order, name, data). `convert` writes this layout;
//! `inspect` reads it.

use std::fmt;

use serde::Serialize;

/// `ggml` in the legacy whisper.cpp container.
pub const GGML_MAGIC: u32 = 0x6767_6d6c;

/// whisper.cpp stores quantized files' `ftype` as `1000 × quantization version + ftype`.
pub const QNT_VERSION_FACTOR: i32 = 1000;

/// The quantization format version of current ggml (`GGML_QNT_VERSION`).
pub const QNT_VERSION: i32 = 2;

/// Whisper's mel filterbank covers the `n_fft / 2 + 1` bins of a 400-sample FFT.
pub const N_FFT_BINS: i32 = 201;

/// The hyper-parameters at the start of a ggml whisper file, in file order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Hparams {
    pub n_vocab: i32,
    pub n_audio_ctx: i32,
    pub n_audio_state: i32,
    pub n_audio_head: i32,
    pub n_audio_layer: i32,
    pub n_text_ctx: i32,
    pub n_text_state: i32,
    pub n_text_head: i32,
    pub n_text_layer: i32,
    pub n_mels: i32,
    /// As stored: `ftype` for f32/f16, `2000 + ftype` for quantized files.
    pub ftype: i32,
}

impl Hparams {
    pub fn to_array(&self) -> [i32; 11] {
        [
            self.n_vocab,
            self.n_audio_ctx,
            self.n_audio_state,
            self.n_audio_head,
            self.n_audio_layer,
            self.n_text_ctx,
            self.n_text_state,
            self.n_text_head,
            self.n_text_layer,
            self.n_mels,
            self.ftype,
        ]
    }

    pub(super) fn from_array(v: [i32; 11]) -> Self {
        Hparams {
            n_vocab: v[0],
            n_audio_ctx: v[1],
            n_audio_state: v[2],
            n_audio_head: v[3],
            n_audio_layer: v[4],
            n_text_ctx: v[5],
            n_text_state: v[6],
            n_text_head: v[7],
            n_text_layer: v[8],
            n_mels: v[9],
            ftype: v[10],
        }
    }

    /// The ftype whisper.cpp uses once the quantization version is stripped.
    pub fn base_ftype(&self) -> i32 {
        self.ftype % QNT_VERSION_FACTOR
    }

    /// The type whisper.cpp gives the big weight matrices for this file's ftype.
    pub fn weight_type(&self) -> Option<TensorType> {
        TensorType::for_ftype(self.base_ftype())
    }

    /// "tiny.en", "base", "large-v3", … from the layer count and vocabulary size, as whisper.cpp names them.
    pub fn size_name(&self) -> String {
        let size = match self.n_audio_layer {
            4 => "tiny",
            6 => "base",
            12 => "small",
            24 => "medium",
            32 if self.n_vocab == 51866 => "large-v3",
            32 => "large",
            _ => "unknown",
        };
        if self.n_vocab == 51864 {
            format!("{size}.en")
        } else {
            size.to_string()
        }
    }

    /// A reason the values cannot describe a Whisper model, or `None`.
    pub(super) fn implausibility(&self) -> Option<String> {
        let ranges: [(&str, i32, i32, i32); 10] = [
            ("n_vocab", self.n_vocab, 1, 1_000_000),
            ("n_audio_ctx", self.n_audio_ctx, 1, 100_000),
            ("n_audio_state", self.n_audio_state, 1, 100_000),
            ("n_audio_head", self.n_audio_head, 1, 1024),
            ("n_audio_layer", self.n_audio_layer, 1, 1024),
            ("n_text_ctx", self.n_text_ctx, 1, 100_000),
            ("n_text_state", self.n_text_state, 1, 100_000),
            ("n_text_head", self.n_text_head, 1, 1024),
            ("n_text_layer", self.n_text_layer, 1, 1024),
            ("n_mels", self.n_mels, 1, 1024),
        ];
        for (name, value, lo, hi) in ranges {
            if !(lo..=hi).contains(&value) {
                return Some(format!(
                    "implausible {name} = {value} (expected {lo}..={hi})"
                ));
            }
        }
        if self.n_audio_state != self.n_text_state {
            return Some(format!(
                "n_audio_state {} differs from n_text_state {} (whisper.cpp requires them equal)",
                self.n_audio_state, self.n_text_state
            ));
        }
        if self.n_audio_state % self.n_audio_head != 0 || self.n_text_state % self.n_text_head != 0
        {
            return Some("the model width is not a multiple of the head count".to_string());
        }
        if self.ftype < 0 || self.weight_type().is_none() {
            return Some(format!("unknown ftype {}", self.ftype));
        }
        None
    }
}

/// The ggml tensor types a whisper.cpp model may hold (`ggml_type` ids). Serialized as ggml's
/// name ("q8_0").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(into = "&'static str")]
pub enum TensorType {
    F32,
    F16,
    Bf16,
    Q4_0,
    Q4_1,
    Q5_0,
    Q5_1,
    Q8_0,
    Q2K,
    Q3K,
    Q4K,
    Q5K,
    Q6K,
}

impl TensorType {
    const ALL: [TensorType; 13] = [
        TensorType::F32,
        TensorType::F16,
        TensorType::Bf16,
        TensorType::Q4_0,
        TensorType::Q4_1,
        TensorType::Q5_0,
        TensorType::Q5_1,
        TensorType::Q8_0,
        TensorType::Q2K,
        TensorType::Q3K,
        TensorType::Q4K,
        TensorType::Q5K,
        TensorType::Q6K,
    ];

    /// The `ggml_type` id stored in tensor headers.
    pub fn id(self) -> i32 {
        match self {
            TensorType::F32 => 0,
            TensorType::F16 => 1,
            TensorType::Q4_0 => 2,
            TensorType::Q4_1 => 3,
            TensorType::Q5_0 => 6,
            TensorType::Q5_1 => 7,
            TensorType::Q8_0 => 8,
            TensorType::Q2K => 10,
            TensorType::Q3K => 11,
            TensorType::Q4K => 12,
            TensorType::Q5K => 13,
            TensorType::Q6K => 14,
            TensorType::Bf16 => 30,
        }
    }

    pub fn from_id(id: i32) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.id() == id)
    }

    /// The `ggml_ftype` of a file whose weight matrices have this type.
    pub fn ftype(self) -> i32 {
        match self {
            TensorType::F32 => 0,
            TensorType::F16 => 1,
            TensorType::Q4_0 => 2,
            TensorType::Q4_1 => 3,
            TensorType::Q8_0 => 7,
            TensorType::Q5_0 => 8,
            TensorType::Q5_1 => 9,
            TensorType::Q2K => 10,
            TensorType::Q3K => 11,
            TensorType::Q4K => 12,
            TensorType::Q5K => 13,
            TensorType::Q6K => 14,
            TensorType::Bf16 => 24,
        }
    }

    pub fn for_ftype(ftype: i32) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.ftype() == ftype)
    }

    pub fn is_quantized(self) -> bool {
        !matches!(self, TensorType::F32 | TensorType::F16 | TensorType::Bf16)
    }

    /// The `ftype` value a file of this weight type stores in its header.
    pub fn stored_ftype(self) -> i32 {
        if self.is_quantized() {
            QNT_VERSION * QNT_VERSION_FACTOR + self.ftype()
        } else {
            self.ftype()
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            TensorType::F32 => "f32",
            TensorType::F16 => "f16",
            TensorType::Bf16 => "bf16",
            TensorType::Q4_0 => "q4_0",
            TensorType::Q4_1 => "q4_1",
            TensorType::Q5_0 => "q5_0",
            TensorType::Q5_1 => "q5_1",
            TensorType::Q8_0 => "q8_0",
            TensorType::Q2K => "q2_k",
            TensorType::Q3K => "q3_k",
            TensorType::Q4K => "q4_k",
            TensorType::Q5K => "q5_k",
            TensorType::Q6K => "q6_k",
        }
    }

    /// (elements per block, bytes per block), as ggml's type traits define them.
    pub fn block(self) -> (u64, u64) {
        match self {
            TensorType::F32 => (1, 4),
            TensorType::F16 | TensorType::Bf16 => (1, 2),
            TensorType::Q4_0 => (32, 18),
            TensorType::Q4_1 => (32, 20),
            TensorType::Q5_0 => (32, 22),
            TensorType::Q5_1 => (32, 24),
            TensorType::Q8_0 => (32, 34),
            TensorType::Q2K => (256, 84),
            TensorType::Q3K => (256, 110),
            TensorType::Q4K => (256, 144),
            TensorType::Q5K => (256, 176),
            TensorType::Q6K => (256, 210),
        }
    }

    /// Bytes of a tensor with dims `ne` (ggml order), or `None` when rows do not split into whole blocks.
    pub fn data_bytes(self, ne: &[u64]) -> Option<u64> {
        let (block_len, block_bytes) = self.block();
        let row = *ne.first()?;
        if row % block_len != 0 {
            return None;
        }
        let rows = ne
            .iter()
            .skip(1)
            .try_fold(1u64, |acc, &d| acc.checked_mul(d))?;
        (row / block_len)
            .checked_mul(block_bytes)?
            .checked_mul(rows)
    }
}

impl From<TensorType> for &'static str {
    fn from(t: TensorType) -> Self {
        t.name()
    }
}

impl fmt::Display for TensorType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One tensor whisper.cpp expects: name, dims in ggml order (fastest-varying first), type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TensorSpec {
    pub name: String,
    pub ne: Vec<u64>,
    pub ttype: TensorType,
}

/// Every tensor whisper.cpp creates for these hparams, in PyTorch state-dict order; `None` if the
/// ftype is unknown. whisper.cpp refuses a file with any tensor missing, extra or of another shape.
pub fn expected_tensors(h: &Hparams) -> Option<Vec<TensorSpec>> {
    let wtype = h.weight_type()?;
    // Convolutions stay f16 in every quantized file (whisper.cpp's `vtype`).
    let vtype = if wtype == TensorType::F32 {
        TensorType::F32
    } else {
        TensorType::F16
    };
    let f32 = TensorType::F32;
    let dim = |v: i32| u64::try_from(v).unwrap_or(0);
    let (n_mels, n_audio, n_text) = (dim(h.n_mels), dim(h.n_audio_state), dim(h.n_text_state));
    let mut out = Vec::new();
    let mut push =
        |name: String, ne: Vec<u64>, ttype: TensorType| out.push(TensorSpec { name, ne, ttype });

    push(
        "encoder.positional_embedding".into(),
        vec![n_audio, dim(h.n_audio_ctx)],
        f32,
    );
    push(
        "encoder.conv1.weight".into(),
        vec![3, n_mels, n_audio],
        vtype,
    );
    push("encoder.conv1.bias".into(), vec![1, n_audio], f32);
    push(
        "encoder.conv2.weight".into(),
        vec![3, n_audio, n_audio],
        vtype,
    );
    push("encoder.conv2.bias".into(), vec![1, n_audio], f32);
    let attention = |push: &mut dyn FnMut(String, Vec<u64>, TensorType), p: &str, n: u64| {
        push(format!("{p}.query.weight"), vec![n, n], wtype);
        push(format!("{p}.query.bias"), vec![n], f32);
        push(format!("{p}.key.weight"), vec![n, n], wtype);
        push(format!("{p}.value.weight"), vec![n, n], wtype);
        push(format!("{p}.value.bias"), vec![n], f32);
        push(format!("{p}.out.weight"), vec![n, n], wtype);
        push(format!("{p}.out.bias"), vec![n], f32);
    };
    let norm = |push: &mut dyn FnMut(String, Vec<u64>, TensorType), p: &str, n: u64| {
        push(format!("{p}.weight"), vec![n], f32);
        push(format!("{p}.bias"), vec![n], f32);
    };
    let mlp = |push: &mut dyn FnMut(String, Vec<u64>, TensorType), p: &str, n: u64| {
        push(format!("{p}.mlp.0.weight"), vec![n, 4 * n], wtype);
        push(format!("{p}.mlp.0.bias"), vec![4 * n], f32);
        push(format!("{p}.mlp.2.weight"), vec![4 * n, n], wtype);
        push(format!("{p}.mlp.2.bias"), vec![n], f32);
        push(format!("{p}.mlp_ln.weight"), vec![n], f32);
        push(format!("{p}.mlp_ln.bias"), vec![n], f32);
    };
    for i in 0..h.n_audio_layer.max(0) {
        let p = format!("encoder.blocks.{i}");
        attention(&mut push, &format!("{p}.attn"), n_audio);
        norm(&mut push, &format!("{p}.attn_ln"), n_audio);
        mlp(&mut push, &p, n_audio);
    }
    norm(&mut push, "encoder.ln_post", n_audio);

    push(
        "decoder.positional_embedding".into(),
        vec![n_text, dim(h.n_text_ctx)],
        f32,
    );
    push(
        "decoder.token_embedding.weight".into(),
        vec![n_text, dim(h.n_vocab)],
        wtype,
    );
    for i in 0..h.n_text_layer.max(0) {
        let p = format!("decoder.blocks.{i}");
        attention(&mut push, &format!("{p}.attn"), n_text);
        norm(&mut push, &format!("{p}.attn_ln"), n_text);
        attention(&mut push, &format!("{p}.cross_attn"), n_text);
        norm(&mut push, &format!("{p}.cross_attn_ln"), n_text);
        mlp(&mut push, &p, n_text);
    }
    norm(&mut push, "decoder.ln", n_text);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: Hparams = Hparams {
        n_vocab: 51864,
        n_audio_ctx: 1500,
        n_audio_state: 384,
        n_audio_head: 6,
        n_audio_layer: 4,
        n_text_ctx: 448,
        n_text_state: 384,
        n_text_head: 6,
        n_text_layer: 4,
        n_mels: 80,
        ftype: 2007,
    };

    #[test]
    fn whisper_tiny_has_167_tensors_and_base_245() {
        assert_eq!(expected_tensors(&TINY).unwrap().len(), 167);
        let base = Hparams {
            n_vocab: 51865,
            n_audio_state: 512,
            n_text_state: 512,
            n_audio_head: 8,
            n_text_head: 8,
            n_audio_layer: 6,
            n_text_layer: 6,
            ..TINY
        };
        assert_eq!(expected_tensors(&base).unwrap().len(), 245);
    }
    #[test]
    fn quantized_file_keeps_convolutions_f16_and_biases_f32() {
        let tensors = expected_tensors(&TINY).unwrap();
        let ty = |n: &str| tensors.iter().find(|t| t.name == n).unwrap().ttype;
        assert_eq!(ty("encoder.conv1.weight"), TensorType::F16);
        assert_eq!(ty("encoder.conv1.bias"), TensorType::F32);
        assert_eq!(ty("decoder.positional_embedding"), TensorType::F32);
        assert_eq!(ty("decoder.token_embedding.weight"), TensorType::Q8_0);
        assert_eq!(ty("encoder.blocks.3.attn.key.weight"), TensorType::Q8_0);
        assert!(!tensors.iter().any(|t| t.name.ends_with("key.bias")));
    }
    #[test]
    fn size_names_follow_whisper_cpp() {
        assert_eq!(TINY.size_name(), "tiny.en");
        assert_eq!(
            Hparams {
                n_vocab: 51865,
                n_audio_layer: 6,
                ..TINY
            }
            .size_name(),
            "base"
        );
        assert_eq!(
            Hparams {
                n_vocab: 51866,
                n_audio_layer: 32,
                ..TINY
            }
            .size_name(),
            "large-v3"
        );
    }
    #[test]
    fn stored_ftype_adds_quantization_version_only_for_quantized_types() {
        assert_eq!(TensorType::Q8_0.stored_ftype(), 2007);
        assert_eq!(TensorType::Q5_1.stored_ftype(), 2009);
        assert_eq!(TensorType::F16.stored_ftype(), 1);
        assert_eq!(
            Hparams {
                ftype: 2007,
                ..TINY
            }
            .weight_type(),
            Some(TensorType::Q8_0)
        );
    }
    #[test]
    fn q8_0_data_size_counts_34_bytes_per_32_values() {
        assert_eq!(
            TensorType::Q8_0.data_bytes(&[384, 1536]),
            Some(384 / 32 * 34 * 1536)
        );
        assert_eq!(TensorType::Q8_0.data_bytes(&[100, 2]), None);
        assert_eq!(TensorType::F32.data_bytes(&[1, 384]), Some(384 * 4));
    }
}
