use std::process::ExitCode;

use crate::cli::{ConvertModelArgs, Quantization};
use crate::model::TensorType;
use crate::Result;

/// `mockreview convert-model DIR -o FILE`: prints what was written, for the model's README.
pub fn run(args: ConvertModelArgs) -> Result<ExitCode> {
    let weights = match args.quantize {
        Quantization::F16 => TensorType::F16,
        Quantization::Q8_0 => TensorType::Q8_0,
    };
    let info = crate::convert::convert(&args.input, &args.output, weights)?;
    let h = &info.hparams;
    println!(
        "wrote {} ({}, {} bytes)",
        args.output.display(),
        info.description(),
        info.size_bytes
    );
    println!("sha256 {}", info.sha256);
    println!(
        "hparams n_vocab={} n_audio_ctx={} n_audio_state={} n_audio_head={} n_audio_layer={} n_text_ctx={} \
         n_text_state={} n_text_head={} n_text_layer={} n_mels={} ftype={}",
        h.n_vocab,
        h.n_audio_ctx,
        h.n_audio_state,
        h.n_audio_head,
        h.n_audio_layer,
        h.n_text_ctx,
        h.n_text_state,
        h.n_text_head,
        h.n_text_layer,
        h.n_mels,
        h.ftype
    );
    println!(
        "tensors {}, vocabulary tokens {}",
        info.n_tensors, info.n_vocab_stored
    );
    Ok(ExitCode::SUCCESS)
}
