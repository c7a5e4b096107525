//! Keyword lexicons: the domain knowledge lives in `lexicons/*.toml`, this module only loads and
//! matches them (Vale style: the engine is generic, the rules are data).
//!
//! CONTRACT used by roles/align/rules (do not change without updating them):
//! - `LexiconSet::builtin()` loads the embedded `lexicons/*.toml`;
//!   `LexiconSet::with_overrides(dir)` adds/overrides by id.
//! - `LexiconSet::scan(&self, transcript: &Transcript) -> Vec<Hit>`: every hit in every segment,
//!   sorted by (segment, start byte), deterministic.
//! - `Hit` as below.

/// One match of one lexicon entry inside one transcript segment.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Hit {
    /// Lexicon id, e.g. "tools", "failure_modes".
    pub lexicon: String,
    /// Canonical term that matched (the `terms` entry, the `sounds_like` key, or the pattern's name),
    /// so "ridis" and "Redis" both give "redis" and rules can count distinct items.
    pub term: String,
    /// Index into `transcript.segments`.
    pub segment: usize,
    /// Byte span in `segments[segment].text` of the matched words (always on char boundaries).
    pub start: usize,
    pub end: usize,
    /// Time of the match on the recording: from word timestamps when present, otherwise interpolated
    /// across the segment by character position.
    pub at_ms: u64,
}
