//! The accuracy measures `mockreview eval` prints: word error rate of the transcriber (and where its
//! errors fall against the decoder's window edges) and lexicon term recall against
//! scripts. Pure functions over text and lexicon hits.

pub mod edges;
pub mod terms;
pub mod wer;
