//! The integration tests, as one test binary (one link instead of one per file; tests of every
//! file run in parallel with each other). `util` is the shared harness; each module is one area,
//! through the binary or the library. Snapshots stay in `tests/snapshots/`.

mod util;

mod analyze_cli;
mod audio;
mod bad_inputs;
mod batch_cli;
mod coach;
mod coach_cli;
mod convert;
mod determinism;
mod documents;
mod html;
mod ingest;
mod lexicons;
mod model;
mod rules_fixtures;
mod session_audio;
mod transcribe;
mod transcript_cli;
