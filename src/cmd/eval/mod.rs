//! `mockreview eval …`: commands that print the accuracy numbers the README reports.

pub mod diarization;
pub mod flags;
pub mod terms;
pub mod wer;
