//! mockreview: a recorded mock system-design interview in, structure feedback and a draft rubric out.
//!
//! Two crates. `mockreview-core` (`crates/core`) is the analysis: transcript readers, roles,
//! lexicons, phase alignment, rules, rubric, coach sections and reports, in pure Rust. This crate
//! adds the recording side and the command line:
//!
//! ```text
//! audio → transcribe → [core: transcript → roles → lexicon → align → rules → rubric → analysis → report]
//! ```
//!
//! `audio` decodes, resamples and finds speech; `model` checks ggml files; `transcribe` runs
//! whisper.cpp and produces the core's `Transcript`; `pipeline` is the one path from an input file
//! (recording or transcript) to an analysis, and `batch` runs it over a cohort; `convert` builds
//! the bundled model; `cli` and `cmd` parse arguments and call the library. The core's modules are re-exported under the same
//! names, so `mockreview::rules` is `mockreview_core::rules`.

pub use mockreview_core::{
    align, analysis, coach, cohort, diarize, error, eval, ids, lexicon, output, progress, report,
    roles, rubric, rules, scorecard, transcript, units,
};
pub use mockreview_core::{Error, Result};

// Recording → 16 kHz mono speech → timestamped transcript.
pub mod audio;
pub mod model;
pub mod transcribe;

// Input file → transcript → analysis, for one session or a batch.
pub mod batch;
pub mod pipeline;

// Tooling: the CTranslate2 → ggml model converter.
pub mod convert;

// The command line: argument types and one module per subcommand.
pub mod cli;
pub mod cmd;
