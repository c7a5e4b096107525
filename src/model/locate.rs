//! Where the model is: `--model`, else `$MOCKREVIEW_MODEL`, else the bundled file.

use std::env;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// File name of the bundled default model under `models/`.
pub const BUNDLED_MODEL_FILE: &str = "ggml-tiny.en-q8_0.bin";

/// Environment variable naming a model file; it overrides the bundled model search.
pub const MODEL_ENV: &str = "MOCKREVIEW_MODEL";

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

#[cfg(test)]
mod tests {
    use super::*;

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
