//! The whisper.cpp model file: where the bundled one lives, and a full check of any ggml file before
//! whisper.cpp reads it (whisper.cpp trusts its input: a wrong or cut-off file crashes or hangs it).
//!
//! One job a file: `locate` (which file), `format` (the layout and what whisper.cpp expects of
//! it), `inspect` (the check of a file against it).

mod format;
mod inspect;
mod locate;

pub use format::{
    expected_tensors, Hparams, TensorSpec, TensorType, GGML_MAGIC, N_FFT_BINS, QNT_VERSION,
    QNT_VERSION_FACTOR,
};
pub use inspect::{hex, inspect, ModelInfo};
pub use locate::{default_model_path, BUNDLED_MODEL_FILE, MODEL_ENV};
