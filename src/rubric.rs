//! Evidence → draft 0–4 score per rubric dimension, and the draft verdict against the guide's bar.
//! (Filled in by the rules/rubric work; the types below are the contract other modules use.)

use serde::Serialize;

/// The guide's seven rubric dimensions, in the guide's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Clarification,
    ScaleEstimates,
    DataModel,
    Architecture,
    Tradeoffs,
    Reliability,
    Communication,
}

impl Dimension {
    pub const ALL: [Dimension; 7] = [
        Dimension::Clarification,
        Dimension::ScaleEstimates,
        Dimension::DataModel,
        Dimension::Architecture,
        Dimension::Tradeoffs,
        Dimension::Reliability,
        Dimension::Communication,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Dimension::Clarification => "clarification",
            Dimension::ScaleEstimates => "scale_estimates",
            Dimension::DataModel => "data_model",
            Dimension::Architecture => "architecture",
            Dimension::Tradeoffs => "tradeoffs",
            Dimension::Reliability => "reliability",
            Dimension::Communication => "communication",
        }
    }
}
