//! Phase timeline: the candidate's speech segmented into the guide's six phases, in order.
//! CONTRACT: `Phase`, `PhaseSpan`, `Timeline` are used by rules and report.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Clarify,
    CapacityApi,
    Architecture,
    DeepDive,
    FailureModes,
    Summary,
}

impl Phase {
    pub const ALL: [Phase; 6] = [
        Phase::Clarify,
        Phase::CapacityApi,
        Phase::Architecture,
        Phase::DeepDive,
        Phase::FailureModes,
        Phase::Summary,
    ];
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhaseSpan {
    pub id: Phase,
    pub budget_ms: u64,
    /// `None` when the phase never happened.
    pub start_ms: Option<u64>,
    pub end_ms: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timeline {
    /// Always six spans, in `Phase::ALL` order.
    pub phases: Vec<PhaseSpan>,
}
