//! The accuracy measures `mockreview eval` prints: word error rate of the transcriber (and where its
//! errors fall against the decoder's window edges), lexicon term recall against scripts, and
//! diarization error rate against RTTM references. Pure functions over text, lexicon hits and
//! speaker turns.

pub mod der;
pub mod edges;
pub mod rttm;
pub mod terms;
pub mod wer;
