//! CTranslate2 Whisper model (faster-whisper format) → whisper.cpp ggml file.
//!
//! The hparams come from the tensor shapes, the mel filterbank is computed (`mel`), the vocabulary
//! is turned back into bytes (`vocab`), each variable is renamed and fused projections are split
//! (`names`), and the big matrices are stored as f16 or q8_0 (`quant`). Tensors are written in
//! whisper.cpp's expected order (`model::expected_tensors`), so the output is byte-identical on every
//! run, and the finished file is checked with `model::inspect` before it replaces `output`.

pub mod ct2;
pub mod mel;
pub mod names;
pub mod quant;
pub mod vocab;

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::Path;

use crate::model::{self, Hparams, ModelInfo, TensorSpec, TensorType, GGML_MAGIC, N_FFT_BINS};
use crate::{output, Error, Result};
use ct2::{Ct2Model, DType, Variable};
use names::Mapping;

/// Whisper's attention heads are 64 wide; used when the model does not store `num_heads`.
const HEAD_WIDTH: usize = 64;

/// Converts the CTranslate2 model in `input_dir` to a ggml file at `output` whose weight matrices
/// have type `weights` (f16 or q8_0; f32 also works). Writes a temporary file beside `output` and
/// renames it only once it is complete and valid.
pub fn convert(input_dir: &Path, output: &Path, weights: TensorType) -> Result<ModelInfo> {
    if !matches!(
        weights,
        TensorType::F32 | TensorType::F16 | TensorType::Q8_0
    ) {
        return Err(Error::Usage(format!(
            "converting to {weights} is not supported (f16 or q8_0)"
        )));
    }
    let model_label = ct2::model_files(input_dir)?.swap_remove(0);
    let tokens = vocab::load(input_dir)?;
    let model = ct2::read_dir(input_dir)?;
    let hparams = hparams_of(&model, weights, &model_label)?;
    let plan = plan(&model, &hparams, &model_label)?;

    // Deleted on any error before `persist`: no partial output.
    let mut temp = output::temp_beside(output)?;
    let mut out = BufWriter::with_capacity(1 << 20, temp.as_file_mut());
    write_model(&mut out, &hparams, &tokens, &plan).map_err(|e| Error::io(output, e))?;
    out.flush().map_err(|e| Error::io(output, e))?;
    drop(out);

    let info = model::inspect(temp.path())?;
    output::persist(temp, output)?;
    Ok(ModelInfo {
        name: file_name(output),
        path: output.to_path_buf(),
        ..info
    })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn variable<'m>(model: &'m Ct2Model, name: &str, path: &Path) -> Result<&'m Variable> {
    model.variables.get(name).ok_or_else(|| {
        Error::input(
            path,
            format!("variable {name} is missing: not a CTranslate2 Whisper model"),
        )
    })
}

fn dim(v: &Variable, axis: usize, name: &str, path: &Path) -> Result<i32> {
    v.shape
        .get(axis)
        .and_then(|&d| i32::try_from(d).ok())
        .ok_or_else(|| Error::input(path, format!("variable {name} has shape {:?}", v.shape)))
}

/// Number of `layer_<i>/` blocks under `side` (encoder or decoder).
fn layer_count(model: &Ct2Model, side: &str) -> i32 {
    let prefix = format!("{side}/layer_");
    let mut count = 0;
    while model
        .variables
        .keys()
        .any(|k| k.starts_with(&format!("{prefix}{count}/")))
    {
        count += 1;
    }
    count
}

fn hparams_of(model: &Ct2Model, weights: TensorType, path: &Path) -> Result<Hparams> {
    let conv1 = "encoder/conv1/weight";
    let enc_pos = "encoder/position_encodings/encodings";
    let dec_pos = "decoder/position_encodings/encodings";
    let embed = "decoder/embeddings/weight";
    let n_audio_state = dim(variable(model, conv1, path)?, 0, conv1, path)?;
    let n_text_state = dim(variable(model, embed, path)?, 1, embed, path)?;
    let heads = |side: &str, state: i32| {
        model
            .variables
            .get(&format!("{side}/num_heads"))
            .and_then(Variable::scalar_int)
            .and_then(|h| i32::try_from(h).ok())
            .unwrap_or(state / HEAD_WIDTH as i32)
    };
    let h = Hparams {
        n_vocab: dim(variable(model, embed, path)?, 0, embed, path)?,
        n_audio_ctx: dim(variable(model, enc_pos, path)?, 0, enc_pos, path)?,
        n_audio_state,
        n_audio_head: heads("encoder", n_audio_state),
        n_audio_layer: layer_count(model, "encoder"),
        n_text_ctx: dim(variable(model, dec_pos, path)?, 0, dec_pos, path)?,
        n_text_state,
        n_text_head: heads("decoder", n_text_state),
        n_text_layer: layer_count(model, "decoder"),
        n_mels: dim(variable(model, conv1, path)?, 1, conv1, path)?,
        ftype: weights.stored_ftype(),
    };
    Ok(h)
}

/// One output tensor: which rows of which CTranslate2 variable, and how whisper.cpp wants it.
struct Piece<'m> {
    spec: TensorSpec,
    source: &'m Variable,
    part: usize,
    parts: usize,
}

/// Matches every CTranslate2 weight to whisper.cpp's expected tensors, in whisper.cpp's order.
fn plan<'m>(model: &'m Ct2Model, h: &Hparams, path: &Path) -> Result<Vec<Piece<'m>>> {
    let mut by_name: BTreeMap<String, (&'m Variable, usize, usize)> = BTreeMap::new();
    for (name, var) in &model.variables {
        // Options such as num_heads or activation are scalars or integers, not weights.
        if var.shape.is_empty() || !var.dtype.is_float() {
            if var.dtype == DType::I8 && name.ends_with("/weight") {
                return Err(Error::input(
                    path,
                    format!("{name} is int8: quantized CTranslate2 models cannot be converted; use a float16 or float32 model"),
                ));
            }
            continue;
        }
        let parts = match names::map_name(name) {
            Some(Mapping::Skip) => continue,
            Some(Mapping::Rows(parts)) => parts,
            None => {
                return Err(Error::input(
                    path,
                    format!("unknown variable {name}: not a Whisper model this converter knows"),
                ))
            }
        };
        let rows = var.shape[0];
        if rows % parts.len() != 0 {
            return Err(Error::input(
                path,
                format!(
                    "{name}: {rows} rows do not split into {} parts",
                    parts.len()
                ),
            ));
        }
        for (i, target) in parts.iter().enumerate() {
            if let Some(target) = target {
                if by_name
                    .insert(target.clone(), (var, i, parts.len()))
                    .is_some()
                {
                    return Err(Error::input(path, format!("two variables map to {target}")));
                }
            }
        }
    }
    let expected =
        model::expected_tensors(h).ok_or_else(|| Error::Usage("unknown weight type".into()))?;
    let mut plan = Vec::with_capacity(expected.len());
    for spec in expected {
        let (source, part, parts) = by_name.remove(&spec.name).ok_or_else(|| {
            Error::input(
                path,
                format!("no variable holds whisper.cpp tensor {}", spec.name),
            )
        })?;
        let mut shape = source.shape.clone();
        shape[0] /= parts;
        // Same elements in the same order: compare with the size-1 axes (conv bias reshape) left out.
        let squeeze =
            |dims: &mut dyn Iterator<Item = u64>| dims.filter(|&d| d != 1).collect::<Vec<_>>();
        let have = squeeze(&mut shape.iter().rev().map(|&d| d as u64));
        let want = squeeze(&mut spec.ne.iter().copied());
        if have != want {
            return Err(Error::input(
                path,
                format!(
                    "{} would have shape {:?}, whisper.cpp expects {:?}",
                    spec.name, have, spec.ne
                ),
            ));
        }
        plan.push(Piece {
            spec,
            source,
            part,
            parts,
        });
    }
    if let Some(extra) = by_name.keys().next() {
        return Err(Error::input(
            path,
            format!("variable for {extra} has no place in a whisper.cpp model"),
        ));
    }
    Ok(plan)
}

fn write_i32(out: &mut impl Write, v: i32) -> std::io::Result<()> {
    out.write_all(&v.to_le_bytes())
}

fn write_model(
    out: &mut impl Write,
    h: &Hparams,
    tokens: &[Vec<u8>],
    plan: &[Piece<'_>],
) -> std::io::Result<()> {
    out.write_all(&GGML_MAGIC.to_le_bytes())?;
    for v in h.to_array() {
        write_i32(out, v)?;
    }
    let n_mels = usize::try_from(h.n_mels).unwrap_or(0);
    write_i32(out, h.n_mels)?;
    write_i32(out, N_FFT_BINS)?;
    for w in mel::mel_filterbank(n_mels, mel::N_FFT, mel::SAMPLE_RATE) {
        out.write_all(&w.to_le_bytes())?;
    }
    write_i32(out, tokens.len() as i32)?;
    for token in tokens {
        write_i32(out, token.len() as i32)?;
        out.write_all(token)?;
    }
    let mut buf = Vec::new();
    for piece in plan {
        let spec = &piece.spec;
        write_i32(out, spec.ne.len() as i32)?;
        write_i32(out, spec.name.len() as i32)?;
        write_i32(out, spec.ttype.id())?;
        for &d in &spec.ne {
            write_i32(out, d as i32)?;
        }
        out.write_all(spec.name.as_bytes())?;
        buf.clear();
        encode_piece(piece, &mut buf);
        out.write_all(&buf)?;
    }
    out.flush()
}

/// The data of one output tensor in its ggml type.
fn encode_piece(piece: &Piece<'_>, out: &mut Vec<u8>) {
    let src = piece.source;
    let per_part = src.len() / piece.parts;
    let start = piece.part * per_part;
    let size = src.dtype.size();
    let bytes = &src.data[start * size..(start + per_part) * size];
    match (piece.spec.ttype, src.dtype) {
        // Already half precision: copy, no rounding.
        (TensorType::F16, DType::F16) => out.extend_from_slice(bytes),
        (TensorType::F16, _) => out.extend(
            widen(bytes, src.dtype)
                .iter()
                .flat_map(|&v| quant::f32_to_f16(v).to_le_bytes()),
        ),
        (TensorType::Q8_0, _) => quant::quantize_q8_0(&widen(bytes, src.dtype), out),
        _ => out.extend(widen(bytes, src.dtype).iter().flat_map(|v| v.to_le_bytes())),
    }
}

/// Float data of a CTranslate2 variable as f32 (exact for f16 and bf16).
fn widen(bytes: &[u8], dtype: DType) -> Vec<f32> {
    match dtype {
        DType::F16 => bytes
            .chunks_exact(2)
            .map(|b| quant::f16_to_f32(u16::from_le_bytes([b[0], b[1]])))
            .collect(),
        DType::Bf16 => bytes
            .chunks_exact(2)
            .map(|b| f32::from_bits(u32::from(u16::from_le_bytes([b[0], b[1]])) << 16))
            .collect(),
        _ => bytes
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ct2::tests::encode;
    use std::fs;

    /// A complete CTranslate2 Whisper model with 1 layer each, width 32, 2 mel bands, all weights
    /// f16 with value `i / 64` for element i (so slices are recognisable).
    fn tiny_ct2(dir: &Path) {
        let n = 32u32;
        let f16s = |count: u32| {
            (0..count)
                .flat_map(|i| quant::f32_to_f16(i as f32 / 64.0).to_le_bytes())
                .collect::<Vec<u8>>()
        };
        let mut vars: Vec<(String, Vec<u32>, u8, Vec<u8>)> = vec![
            ("encoder/conv1/weight".into(), vec![n, 2, 3], 4, f16s(n * 6)),
            ("encoder/conv1/bias".into(), vec![n], 4, f16s(n)),
            (
                "encoder/conv2/weight".into(),
                vec![n, n, 3],
                4,
                f16s(n * n * 3),
            ),
            ("encoder/conv2/bias".into(), vec![n], 4, f16s(n)),
            (
                "encoder/position_encodings/encodings".into(),
                vec![4, n],
                4,
                f16s(4 * n),
            ),
            ("encoder/layer_norm/gamma".into(), vec![n], 4, f16s(n)),
            ("encoder/layer_norm/beta".into(), vec![n], 4, f16s(n)),
            (
                "encoder/num_heads".into(),
                vec![],
                2,
                1i16.to_le_bytes().to_vec(),
            ),
            (
                "decoder/embeddings/weight".into(),
                vec![5, n],
                4,
                f16s(5 * n),
            ),
            (
                "decoder/position_encodings/encodings".into(),
                vec![3, n],
                4,
                f16s(3 * n),
            ),
            ("decoder/layer_norm/gamma".into(), vec![n], 4, f16s(n)),
            ("decoder/layer_norm/beta".into(), vec![n], 4, f16s(n)),
            (
                "decoder/num_heads".into(),
                vec![],
                2,
                1i16.to_le_bytes().to_vec(),
            ),
            ("decoder/activation".into(), vec![], 1, vec![3]),
        ];
        let mut block = |p: &str, cross: bool| {
            let mut linear = |name: &str, rows: u32, cols: u32| {
                vars.push((
                    format!("{p}/{name}/weight"),
                    vec![rows, cols],
                    4,
                    f16s(rows * cols),
                ));
                vars.push((format!("{p}/{name}/bias"), vec![rows], 4, f16s(rows)));
            };
            linear("self_attention/linear_0", 3 * n, n);
            linear("self_attention/linear_1", n, n);
            linear("ffn/linear_0", 4 * n, n);
            linear("ffn/linear_1", n, 4 * n);
            if cross {
                linear("attention/linear_0", n, n);
                linear("attention/linear_1", 2 * n, n);
                linear("attention/linear_2", n, n);
            }
            let mut norms = vec!["self_attention/layer_norm", "ffn/layer_norm"];
            if cross {
                norms.push("attention/layer_norm");
            }
            for norm in norms {
                vars.push((format!("{p}/{norm}/gamma"), vec![n], 4, f16s(n)));
                vars.push((format!("{p}/{norm}/beta"), vec![n], 4, f16s(n)));
            }
        };
        block("encoder/layer_0", false);
        block("decoder/layer_0", true);
        vars.sort_by(|a, b| a.0.cmp(&b.0));
        let borrowed: Vec<(&str, Vec<u32>, u8, Vec<u8>)> = vars
            .iter()
            .map(|(a, s, t, d)| (a.as_str(), s.clone(), *t, d.clone()))
            .collect();
        let bytes = encode(
            "WhisperSpec",
            &borrowed,
            &[("decoder/projection/weight", "decoder/embeddings/weight")],
        );
        fs::write(dir.join("model.bin"), bytes).unwrap();
        fs::write(
            dir.join("vocabulary.txt"),
            "a\nĠb\n<|endoftext|>\n<|startoftranscript|>\n<|en|>\n",
        )
        .unwrap();
    }

    #[test]
    fn small_model_converts_to_a_file_inspect_accepts() {
        let dir = tempfile::tempdir().unwrap();
        tiny_ct2(dir.path());
        for weights in [TensorType::F16, TensorType::Q8_0] {
            let out = dir.path().join(format!("out-{weights}.bin"));
            let info = convert(dir.path(), &out, weights).unwrap();
            assert_eq!(info.ftype, weights);
            assert_eq!(info.n_tensors, 5 + 2 + 15 + 4 + 24);
            assert_eq!(info.n_vocab_stored, 3);
            assert_eq!(
                (
                    info.hparams.n_vocab,
                    info.hparams.n_audio_ctx,
                    info.hparams.n_text_ctx
                ),
                (5, 4, 3)
            );
            assert_eq!(
                (
                    info.hparams.n_mels,
                    info.hparams.n_audio_head,
                    info.hparams.n_audio_layer
                ),
                (2, 1, 1)
            );
            let leftovers: Vec<_> = fs::read_dir(dir.path())
                .unwrap()
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
                .collect();
            assert!(leftovers.is_empty());
        }
    }

    #[test]
    fn conversion_is_deterministic() {
        let dir = tempfile::tempdir().unwrap();
        tiny_ct2(dir.path());
        let a = convert(dir.path(), &dir.path().join("a.bin"), TensorType::Q8_0).unwrap();
        let b = convert(dir.path(), &dir.path().join("b.bin"), TensorType::Q8_0).unwrap();
        assert_eq!(a.sha256, b.sha256);
        assert_eq!(
            fs::read(dir.path().join("a.bin")).unwrap(),
            fs::read(dir.path().join("b.bin")).unwrap()
        );
    }

    /// Finds tensor `name` in a ggml file written by `convert` and returns its f32 data (f32 tensors only).
    fn f32_tensor(file: &[u8], name: &str) -> Vec<f32> {
        let at = file
            .windows(name.len())
            .position(|w| w == name.as_bytes())
            .unwrap();
        let dims_end = at;
        // Header before the name: n_dims, name_len, type, dims.
        let n_dims_at = (1..=4)
            .map(|d| dims_end - 4 * (3 + d))
            .find(|&p| {
                i32::from_le_bytes(file[p..p + 4].try_into().unwrap()) as usize
                    == (dims_end - p) / 4 - 3
            })
            .unwrap();
        let n_dims = (dims_end - n_dims_at) / 4 - 3;
        let ne: Vec<usize> = (0..n_dims)
            .map(|i| {
                let p = n_dims_at + 12 + 4 * i;
                i32::from_le_bytes(file[p..p + 4].try_into().unwrap()) as usize
            })
            .collect();
        let data = at + name.len();
        let count: usize = ne.iter().product();
        file[data..data + 4 * count]
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes(b.try_into().unwrap()))
            .collect()
    }

    #[test]
    fn fused_bias_is_split_and_the_key_slice_dropped() {
        let dir = tempfile::tempdir().unwrap();
        tiny_ct2(dir.path());
        let out = dir.path().join("m.bin");
        convert(dir.path(), &out, TensorType::F16).unwrap();
        let file = fs::read(&out).unwrap();
        // linear_0 bias element i is i / 64: query gets 0..32, value gets 64..96.
        let query = f32_tensor(&file, "encoder.blocks.0.attn.query.bias");
        let value = f32_tensor(&file, "encoder.blocks.0.attn.value.bias");
        assert_eq!(query[1], 1.0 / 64.0);
        assert_eq!(value[0], 1.0);
        assert_eq!(value[31], 95.0 / 64.0);
        let cross_value = f32_tensor(&file, "decoder.blocks.0.cross_attn.value.bias");
        assert_eq!(cross_value[0], 0.5);
        assert!(!file.windows(8).any(|w| w == b"key.bias"));
    }

    #[test]
    fn failed_conversion_leaves_no_output() {
        let dir = tempfile::tempdir().unwrap();
        tiny_ct2(dir.path());
        let bytes = fs::read(dir.path().join("model.bin")).unwrap();
        fs::write(dir.path().join("model.bin"), &bytes[..bytes.len() - 100]).unwrap();
        let out = dir.path().join("m.bin");
        let e = convert(dir.path(), &out, TensorType::Q8_0).unwrap_err();
        assert!(e.to_string().contains("truncated"), "{e}");
        assert!(!out.exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn missing_weight_is_named() {
        let dir = tempfile::tempdir().unwrap();
        tiny_ct2(dir.path());
        let m = ct2::read_dir(dir.path()).unwrap();
        let mut m2 = m.clone();
        m2.variables
            .remove("decoder/layer_0/attention/linear_2/bias");
        let h = hparams_of(&m2, TensorType::F16, Path::new("model.bin")).unwrap();
        let e = plan(&m2, &h, Path::new("model.bin")).err().unwrap();
        assert!(
            e.to_string().contains(
                "no variable holds whisper.cpp tensor decoder.blocks.0.cross_attn.out.bias"
            ),
            "{e}"
        );
    }
}
