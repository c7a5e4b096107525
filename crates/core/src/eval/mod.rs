//! The accuracy measures `mockreview eval` prints: word error rate of the transcriber and
//! lexicon term recall against scripts. Pure functions over text and lexicon hits.

pub mod terms;
pub mod wer;
