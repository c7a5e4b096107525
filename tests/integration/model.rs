//! The bundled model: found with no configuration, and accepted by the validator that guards
//! whisper.cpp; a cut-off copy of it is refused with the byte offset where it ends.

use std::fs;
use std::path::PathBuf;

use mockreview::model::{self, TensorType, BUNDLED_MODEL_FILE, MODEL_ENV};

use crate::util::{root, Dir};

fn bundled() -> PathBuf {
    root().join("models").join(BUNDLED_MODEL_FILE)
}

#[test]
fn bundled_model_is_found_without_configuration() {
    let found = model::default_model_path().unwrap();
    match std::env::var_os(MODEL_ENV).filter(|v| !v.is_empty()) {
        Some(value) => assert_eq!(found, PathBuf::from(value)),
        None => assert_eq!(
            found.canonicalize().unwrap(),
            bundled().canonicalize().unwrap()
        ),
    }
}

#[test]
fn bundled_model_inspects_as_tiny_en_q8_0() {
    let info = model::inspect(&bundled()).unwrap();
    assert_eq!(info.name, BUNDLED_MODEL_FILE);
    assert_eq!(info.description(), "tiny.en q8_0");
    assert_eq!(info.ftype, TensorType::Q8_0);
    assert_eq!(
        info.hparams.to_array(),
        [51864, 1500, 384, 6, 4, 448, 384, 6, 4, 80, 2007]
    );
    assert_eq!((info.n_mel, info.n_fft), (80, 201));
    assert_eq!(info.n_vocab_stored, 50257);
    assert_eq!(info.n_tensors, 167);
    assert_eq!(info.size_bytes, fs::metadata(bundled()).unwrap().len());
    let readme = fs::read_to_string(root().join("models/README.md")).unwrap();
    assert!(
        readme.contains(&info.sha256),
        "models/README.md does not list {}",
        info.sha256
    );
}

#[test]
fn truncated_copy_of_the_bundled_model_names_the_offset() {
    let bytes = fs::read(bundled()).unwrap();
    let dir = Dir::new();
    let cut = dir.path().join("cut.bin");
    fs::write(&cut, &bytes[..30_000_000]).unwrap();
    let e = model::inspect(&cut).unwrap_err().to_string();
    assert!(
        e.contains("byte 30000000: file is truncated in the data of tensor"),
        "{e}"
    );
}
