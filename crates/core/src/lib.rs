//! mockreview-core: the analysis of a mock system-design interview, from a transcript to a report.
//!
//! Pure Rust, no whisper.cpp: everything here builds and tests without cmake or a model. The
//! `mockreview` crate adds the recording side (audio decoding, VAD, whisper.cpp) and the command line
//! on top; its transcriber produces the [`transcript::Transcript`] this crate starts from.
//!
//! The modules are layers, each importing only from the ones above it in this list
//! (`tests/layers.rs` checks it):
//!
//! ```text
//! error, units                    shared plumbing
//! transcript                      transcript files in and out, the Transcript data model
//! roles                           who is the candidate, who the interviewer
//! lexicon                         keyword lexicons and the hits they find
//! align                           the phase timeline against the budget
//! rules                           the flags (one rule a file)
//! rubric                          the draft 0–4 score per dimension, average and verdict
//! coach                           prompts, drills and the Day-7 review
//! analysis                        the pipeline glue and the `mockreview.analysis/1` document
//! output, report, scorecard, progress   writing files, printing, coach cards, sessions over time
//! cohort                          the sessions of a batch run (cohort.json, cohort.csv)
//! eval                            accuracy measures: word error rate, lexicon term recall
//! ```

pub mod error;
pub mod ids;
pub mod units;

pub mod transcript;
// Who is speaking on a one-track recording: voice features + word times → speaker turns.
pub mod diarize;

pub mod roles;

pub mod lexicon;

pub mod align;

pub mod rules;

pub mod rubric;

pub mod coach;

pub mod analysis;

pub mod output;
pub mod progress;
pub mod report;
pub mod scorecard;

pub mod cohort;
pub mod eval;

pub use error::{Error, Result};

#[cfg(test)]
mod test_support;
