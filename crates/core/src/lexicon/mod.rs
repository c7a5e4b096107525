//! Keyword lexicons: the domain knowledge lives in `lexicons/*.toml`, this module only loads and
//! matches them (Vale style: the engine is generic, the rules are data).
//!
//! CONTRACT used by roles/align/rules (do not change without updating them):
//! - `LexiconSet::builtin()` loads the embedded `lexicons/*.toml`;
//!   `LexiconSet::with_overrides(dir)` adds/overrides by id.
//! - `LexiconSet::scan(&self, transcript: &Transcript) -> Vec<Hit>`: every hit in every segment,
//!   sorted by (segment, start byte), deterministic.
//! - `Hit` as below.

pub mod distance;
pub mod normalize;
pub mod phonetic;
pub mod scan;
pub mod schema;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::transcript::{Segment, Transcript};
use crate::{Error, Result};

pub use scan::Stage;
pub use schema::{Example, Lexicon, Pattern};

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

/// The built-in lexicon files, embedded in the binary.
const BUILTIN: &[(&str, &str)] = &[
    (
        "lexicons/architecture.toml",
        include_str!("../../../../lexicons/architecture.toml"),
    ),
    (
        "lexicons/clarifying.toml",
        include_str!("../../../../lexicons/clarifying.toml"),
    ),
    (
        "lexicons/data_model.toml",
        include_str!("../../../../lexicons/data_model.toml"),
    ),
    (
        "lexicons/deep_dive.toml",
        include_str!("../../../../lexicons/deep_dive.toml"),
    ),
    (
        "lexicons/evolution.toml",
        include_str!("../../../../lexicons/evolution.toml"),
    ),
    (
        "lexicons/exactly_once.toml",
        include_str!("../../../../lexicons/exactly_once.toml"),
    ),
    (
        "lexicons/failure_modes.toml",
        include_str!("../../../../lexicons/failure_modes.toml"),
    ),
    (
        "lexicons/fillers.toml",
        include_str!("../../../../lexicons/fillers.toml"),
    ),
    (
        "lexicons/hedging.toml",
        include_str!("../../../../lexicons/hedging.toml"),
    ),
    (
        "lexicons/idempotency.toml",
        include_str!("../../../../lexicons/idempotency.toml"),
    ),
    (
        "lexicons/monitoring.toml",
        include_str!("../../../../lexicons/monitoring.toml"),
    ),
    (
        "lexicons/reasons.toml",
        include_str!("../../../../lexicons/reasons.toml"),
    ),
    (
        "lexicons/reliability.toml",
        include_str!("../../../../lexicons/reliability.toml"),
    ),
    (
        "lexicons/requirements.toml",
        include_str!("../../../../lexicons/requirements.toml"),
    ),
    (
        "lexicons/scale.toml",
        include_str!("../../../../lexicons/scale.toml"),
    ),
    (
        "lexicons/summary.toml",
        include_str!("../../../../lexicons/summary.toml"),
    ),
    (
        "lexicons/tools.toml",
        include_str!("../../../../lexicons/tools.toml"),
    ),
    (
        "lexicons/tradeoffs.toml",
        include_str!("../../../../lexicons/tradeoffs.toml"),
    ),
];

/// The loaded lexicons with their matchers compiled once; cheap to clone.
#[derive(Debug, Clone)]
pub struct LexiconSet {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    /// Sorted by id.
    lexicons: Vec<Lexicon>,
    ids: Vec<String>,
    matcher: scan::Matcher,
}

/// An example whose hits differ from what its lexicon declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub lexicon: String,
    pub text: String,
    pub expected: Vec<String>,
    pub got: Vec<String>,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {:?}: expected {:?}, got {:?}",
            self.lexicon, self.text, self.expected, self.got
        )
    }
}

fn parse_builtins() -> Result<Vec<Lexicon>> {
    BUILTIN
        .iter()
        .map(|(file, src)| schema::parse(file, src))
        .collect()
}

/// Rejects two lexicons with the same id, naming the second one's file and line.
fn check_unique(lexicons: &[Lexicon]) -> Result<()> {
    let mut seen: BTreeMap<&str, &Lexicon> = BTreeMap::new();
    for lx in lexicons {
        if let Some(first) = seen.insert(&lx.id, lx) {
            return Err(Error::at_line(
                &lx.source,
                lx.id_line,
                format!(
                    "duplicate lexicon id `{}` (also in {})",
                    lx.id, first.source
                ),
            ));
        }
    }
    Ok(())
}

impl LexiconSet {
    /// The lexicons embedded in the binary (`lexicons/*.toml`). Compiled once per process.
    pub fn builtin() -> Result<LexiconSet> {
        static CACHE: OnceLock<LexiconSet> = OnceLock::new();
        if let Some(set) = CACHE.get() {
            return Ok(set.clone());
        }
        let lexicons = parse_builtins()?;
        check_unique(&lexicons)?;
        let set = Self::from_lexicons(lexicons)?;
        Ok(CACHE.get_or_init(|| set).clone())
    }

    /// The built-ins plus every `*.toml` in `dir` (read in name order); a file whose id is a
    /// built-in id replaces that lexicon, two files in `dir` with the same id are an error.
    pub fn with_overrides(dir: &Path) -> Result<LexiconSet> {
        let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        let mut files = Vec::new();
        for entry in entries {
            let path = entry.map_err(|e| Error::io(dir, e))?.path();
            if path.extension().is_some_and(|x| x == "toml") && path.is_file() {
                files.push(path);
            }
        }
        files.sort();
        let mut extra = Vec::with_capacity(files.len());
        for path in &files {
            let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
            let src = String::from_utf8(bytes).map_err(|e| {
                let at = e.utf8_error().valid_up_to() as u64;
                Error::at_byte(
                    path,
                    at,
                    "invalid UTF-8 (a lexicon file must be UTF-8 text)",
                )
            })?;
            extra.push(schema::parse(&path.display().to_string(), &src)?);
        }
        check_unique(&extra)?;
        let mut lexicons = parse_builtins()?;
        for lx in extra {
            match lexicons.iter_mut().find(|b| b.id == lx.id) {
                Some(slot) => *slot = lx,
                None => lexicons.push(lx),
            }
        }
        Self::from_lexicons(lexicons)
    }

    /// Compiles a set from already parsed lexicons (ids must be unique).
    pub fn from_lexicons(mut lexicons: Vec<Lexicon>) -> Result<LexiconSet> {
        check_unique(&lexicons)?;
        lexicons.sort_by(|a, b| a.id.cmp(&b.id));
        let matcher = scan::Matcher::compile(&lexicons)
            .map_err(|m| Error::Usage(format!("lexicons: {m}")))?;
        let ids = lexicons.iter().map(|l| l.id.clone()).collect();
        Ok(LexiconSet {
            inner: Arc::new(Inner {
                lexicons,
                ids,
                matcher,
            }),
        })
    }

    /// Lexicon ids, sorted.
    pub fn ids(&self) -> &[String] {
        &self.inner.ids
    }

    /// The lexicons, sorted by id.
    pub fn lexicons(&self) -> &[Lexicon] {
        &self.inner.lexicons
    }

    pub fn get(&self, id: &str) -> Option<&Lexicon> {
        self.inner.lexicons.iter().find(|l| l.id == id)
    }

    /// Every hit in every segment, sorted by (segment, start, end, lexicon, term).
    pub fn scan(&self, transcript: &Transcript) -> Vec<Hit> {
        without_stages(self.scan_staged(transcript))
    }

    /// [`Self::scan`] with the stage that found each hit (to measure what a stage adds).
    pub fn scan_staged(&self, transcript: &Transcript) -> Vec<(Hit, Stage)> {
        let found = self
            .inner
            .matcher
            .find(transcript.segments.iter().map(|s| s.text.as_str()));
        let mut timer = SegmentTimer::default();
        self.hits(found, |f| {
            let seg = transcript.segments.get(f.segment)?;
            Some((f.segment, timer.at_ms(f.segment, seg, f.start)))
        })
    }

    /// Hits in one piece of text treated as a single untimed segment (segment 0, `at_ms` 0).
    pub fn scan_text(&self, text: &str) -> Vec<Hit> {
        without_stages(self.scan_text_staged(text))
    }

    /// [`Self::scan_text`] with the stage that found each hit.
    pub fn scan_text_staged(&self, text: &str) -> Vec<(Hit, Stage)> {
        let found = self.inner.matcher.find(std::iter::once(text));
        self.hits(found, |_| Some((0, 0)))
    }

    /// Sorts matches by (segment, start, end, lexicon, term), then makes them hits; `place` gives
    /// each its segment and time (called in that order).
    fn hits(
        &self,
        mut found: Vec<scan::Found>,
        mut place: impl FnMut(&scan::Found) -> Option<(usize, u64)>,
    ) -> Vec<(Hit, Stage)> {
        let m = &self.inner.matcher;
        // Lexicons are sorted by id, so the lexicon index orders like the id.
        found.sort_unstable_by(|a, b| {
            (a.segment, a.start, a.end, a.lex, m.canon(a.canon)).cmp(&(
                b.segment,
                b.start,
                b.end,
                b.lex,
                m.canon(b.canon),
            ))
        });
        found.dedup();
        found
            .iter()
            .filter_map(|f| {
                let (segment, at_ms) = place(f)?;
                let hit = Hit {
                    lexicon: self.inner.ids.get(f.lex)?.clone(),
                    term: m.canon(f.canon).to_string(),
                    segment,
                    start: f.start,
                    end: f.end,
                    at_ms,
                };
                Some((hit, f.stage))
            })
            .collect()
    }

    /// Runs every lexicon's `[[examples]]`: the distinct terms it finds in each example's text
    /// must be exactly the declared ones.
    pub fn check_examples(&self) -> Vec<ExampleFailure> {
        let mut failures = Vec::new();
        for lx in self.lexicons() {
            for ex in &lx.examples {
                let mut got: Vec<String> = self
                    .scan_text(&ex.text)
                    .into_iter()
                    .filter(|h| h.lexicon == lx.id)
                    .map(|h| h.term)
                    .collect();
                got.sort();
                got.dedup();
                let mut expected = ex.hits.clone();
                expected.sort();
                expected.dedup();
                if got != expected {
                    failures.push(ExampleFailure {
                        lexicon: lx.id.clone(),
                        text: ex.text.clone(),
                        expected,
                        got,
                    });
                }
            }
        }
        failures
    }
}

fn without_stages(hits: Vec<(Hit, Stage)>) -> Vec<Hit> {
    hits.into_iter().map(|(h, _)| h).collect()
}

/// Times hits inside a segment; word offsets are worked out once per segment.
#[derive(Debug, Default)]
struct SegmentTimer {
    segment: Option<usize>,
    /// (byte offset of the word in the segment text, its start time).
    words: Vec<(usize, u64)>,
    /// Characters in the segment text, and whether it is ASCII (then bytes are characters).
    chars: usize,
    ascii: bool,
}

impl SegmentTimer {
    fn at_ms(&mut self, index: usize, seg: &Segment, byte: usize) -> u64 {
        if self.segment != Some(index) {
            self.segment = Some(index);
            self.words = word_offsets(seg);
            self.ascii = seg.text.is_ascii();
            self.chars = if self.ascii {
                seg.text.len()
            } else {
                seg.text.chars().count()
            };
        }
        if !self.words.is_empty() {
            let i = self.words.partition_point(|&(off, _)| off <= byte);
            let (_, at) = self
                .words
                .get(i.saturating_sub(1))
                .copied()
                .unwrap_or((0, seg.start_ms));
            return at;
        }
        let before = if self.ascii {
            byte.min(seg.text.len())
        } else {
            seg.text.get(..byte).map_or(0, |s| s.chars().count())
        };
        interpolate(seg, before, self.chars)
    }
}

/// Finds each word's text in the segment text, in order; words that cannot be found are skipped.
fn word_offsets(seg: &Segment) -> Vec<(usize, u64)> {
    let mut out = Vec::with_capacity(seg.words.len());
    let mut cursor = 0;
    for w in &seg.words {
        let t = w.text.trim();
        if t.is_empty() {
            continue;
        }
        if let Some(pos) = seg.text.get(cursor..).and_then(|rest| rest.find(t)) {
            out.push((cursor + pos, w.start_ms));
            cursor += pos + t.len();
        }
    }
    out
}

/// Start time plus the segment's duration times the share `before / total` of its characters.
fn interpolate(seg: &Segment, before: usize, total: usize) -> u64 {
    let (before, total) = (before as u128, total as u128);
    let span = seg.end_ms.saturating_sub(seg.start_ms) as u128;
    if total == 0 {
        return seg.start_ms;
    }
    let offset = (span * before / total) as u64;
    seg.start_ms.saturating_add(offset)
}
