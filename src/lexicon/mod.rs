//! Keyword lexicons: the domain knowledge lives in `lexicons/*.toml`, this module only loads and
//! matches them (Vale style: the engine is generic, the rules are data).
//!
//! CONTRACT used by roles/align/rules (do not change without updating them):
//! - `LexiconSet::builtin()` loads the embedded `lexicons/*.toml`;
//!   `LexiconSet::with_overrides(dir)` adds/overrides by id.
//! - `LexiconSet::scan(&self, transcript: &Transcript) -> Vec<Hit>`: every hit in every segment,
//!   sorted by (segment, start byte), deterministic.
//! - `Hit` as below.

use std::path::Path;

use crate::transcript::Transcript;
use crate::Result;

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

/// The loaded lexicons with their matchers compiled once; scanning allocates only for its output.
#[derive(Debug, Clone)]
pub struct LexiconSet {
    ids: Vec<String>,
}

impl LexiconSet {
    /// The lexicons embedded in the binary (`lexicons/*.toml`).
    pub fn builtin() -> Result<LexiconSet> {
        Ok(LexiconSet { ids: Vec::new() })
    }

    /// The built-ins plus every `*.toml` in `dir`; a file whose id is a built-in id replaces it.
    pub fn with_overrides(dir: &Path) -> Result<LexiconSet> {
        let _ = dir;
        Self::builtin()
    }

    /// Lexicon ids, sorted.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// Every hit in every segment, sorted by (segment, start, end, lexicon, term).
    pub fn scan(&self, transcript: &Transcript) -> Vec<Hit> {
        let _ = transcript;
        Vec::new()
    }

    /// Hits in one piece of text treated as a single untimed segment (segment 0, `at_ms` 0).
    pub fn scan_text(&self, text: &str) -> Vec<Hit> {
        let _ = text;
        Vec::new()
    }
}
