//! The harness every integration test shares (in the manner of ripgrep's `tests/util.rs`): the
//! built binary as a command with a clean environment, fixture paths, and scratch directories.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The `mockreview` binary cargo built for these tests.
pub const BIN: &str = env!("CARGO_BIN_EXE_mockreview");

/// The repository root (the `mockreview` package).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A path under `fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("fixtures").join(rel)
}

/// Real speech from outside the project, read in place from `../shared/speech/` (beside the
/// repository; never copied into it).
pub fn speech(rel: &str) -> PathBuf {
    root().join("../shared/speech").join(rel)
}

/// The binary, with none of the host's settings that change its output: no colour variables
/// (output is a pipe, so plain), no `MOCKREVIEW_MODEL` (the bundled model), no backtraces.
pub fn mockreview() -> Command {
    let mut cmd = Command::new(BIN);
    for var in [
        "NO_COLOR",
        "CLICOLOR",
        "CLICOLOR_FORCE",
        "MOCKREVIEW_MODEL",
        "RUST_BACKTRACE",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// A scratch directory, removed with everything in it when dropped.
pub struct Dir {
    tmp: tempfile::TempDir,
}

impl Dir {
    pub fn new() -> Dir {
        Dir {
            tmp: tempfile::tempdir().expect("a scratch directory"),
        }
    }

    /// A scratch directory holding copies of these files (under their own names).
    pub fn with_copies(files: &[PathBuf]) -> Dir {
        let dir = Dir::new();
        for f in files {
            dir.copy(f);
        }
        dir
    }

    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    pub fn join(&self, rel: impl AsRef<Path>) -> PathBuf {
        self.path().join(rel)
    }

    /// Copies `file` into the directory under its own name; returns the copy's path.
    pub fn copy(&self, file: &Path) -> PathBuf {
        let to = self.join(file.file_name().expect("a file name"));
        fs::copy(file, &to).unwrap_or_else(|e| panic!("copy {}: {e}", file.display()));
        to
    }

    /// The names of the files in the directory, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.path())
            .expect("readable scratch directory")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}
