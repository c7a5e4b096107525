//! mockreview: a recorded mock system-design interview in, structure feedback and a draft rubric out.
//!
//! The pipeline, one module per stage, each a plain function from data to data:
//!
//! ```text
//! audio → transcribe → transcript → roles → lexicon → align → rules → rubric → report
//! ```
//!
//! Only `audio`, `transcribe`, `transcript` (file formats), `model` and `report` touch files or models;
//! everything between them is pure and tested without audio or a model.

pub mod error;

// Recording → 16 kHz mono speech → timestamped transcript.
pub mod audio;
pub mod model;
pub mod transcribe;

// Transcript files in and out.
pub mod transcript;

// Analysis.
pub mod align;
pub mod analysis;
pub mod lexicon;
pub mod roles;
pub mod rubric;
pub mod rules;

// Output.
pub mod output;
pub mod progress;
pub mod report;
pub mod scorecard;

// Tooling: the CTranslate2 → ggml model converter.
pub mod convert;

// The command line: argument types and one module per subcommand.
pub mod cli;
pub mod cmd;
pub mod coach;

pub use error::{Error, Result};

#[cfg(test)]
mod test_support;
