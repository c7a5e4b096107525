//! Flags: small named rules, one file each (Harper style). Each rule reads a `Session` and returns
//! findings with timestamped evidence. CONTRACT types below are used by rubric and report.

use serde::Serialize;

use crate::rubric::Dimension;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Info,
    Warning,
    Error,
}

/// A quote from the transcript at a time on the recording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub start_ms: u64,
    pub quote: String,
}

/// One flag raised on a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable id, e.g. "tool-first-opening".
    pub id: &'static str,
    pub dimension: Dimension,
    pub level: Level,
    pub at_ms: u64,
    pub message: String,
    pub evidence: Vec<Evidence>,
    /// For absence findings ("no summary"): the window that was searched, [start_ms, end_ms).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub searched_ms: Option<(u64, u64)>,
}
