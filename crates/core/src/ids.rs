//! Typed ids shared by every layer: rubric dimensions, flag (rule) ids and verdicts. Each
//! serialises as the stable string the JSON document, the labels and the scorecard use, so
//! renaming one is a compile error everywhere it is referenced, never a silent mismatch.

use serde::{Deserialize, Serialize};

/// The guide's seven rubric dimensions, in the guide's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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

    /// The dimension with this id.
    pub fn from_id(id: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.id() == id)
    }
}

/// The id of a flag (one rule in `rules/`). Never reuse or rename one: labels, scorecards and
/// saved analyses refer to flags by these strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleId {
    BuzzwordList,
    ExactlyOnceWithoutIdempotency,
    MissingEvolutionPath,
    MissingSummary,
    MissingTradeoff,
    NoFailureModes,
    NoMonitoring,
    NoScaleEstimates,
    PhaseOverrun,
    PhaseSkipped,
    SkippedClarification,
    ToolFirstOpening,
}

impl RuleId {
    /// Every flag, in id order.
    pub const ALL: [RuleId; 12] = [
        RuleId::BuzzwordList,
        RuleId::ExactlyOnceWithoutIdempotency,
        RuleId::MissingEvolutionPath,
        RuleId::MissingSummary,
        RuleId::MissingTradeoff,
        RuleId::NoFailureModes,
        RuleId::NoMonitoring,
        RuleId::NoScaleEstimates,
        RuleId::PhaseOverrun,
        RuleId::PhaseSkipped,
        RuleId::SkippedClarification,
        RuleId::ToolFirstOpening,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RuleId::BuzzwordList => "buzzword-list",
            RuleId::ExactlyOnceWithoutIdempotency => "exactly-once-without-idempotency",
            RuleId::MissingEvolutionPath => "missing-evolution-path",
            RuleId::MissingSummary => "missing-summary",
            RuleId::MissingTradeoff => "missing-tradeoff",
            RuleId::NoFailureModes => "no-failure-modes",
            RuleId::NoMonitoring => "no-monitoring",
            RuleId::NoScaleEstimates => "no-scale-estimates",
            RuleId::PhaseOverrun => "phase-overrun",
            RuleId::PhaseSkipped => "phase-skipped",
            RuleId::SkippedClarification => "skipped-clarification",
            RuleId::ToolFirstOpening => "tool-first-opening",
        }
    }

    /// The flag with this id.
    pub fn from_id(id: &str) -> Option<RuleId> {
        RuleId::ALL.into_iter().find(|r| r.as_str() == id)
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// The draft verdict against the guide's bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    BelowBar,
    Senior,
    Staff,
    /// No candidate speech: there is nothing to score.
    NothingToJudge,
}

impl Verdict {
    pub const ALL: [Verdict; 4] = [
        Verdict::BelowBar,
        Verdict::Senior,
        Verdict::Staff,
        Verdict::NothingToJudge,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::BelowBar => "below_bar",
            Verdict::Senior => "senior",
            Verdict::Staff => "staff",
            Verdict::NothingToJudge => "nothing_to_judge",
        }
    }

    pub fn from_id(id: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.as_str() == id)
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_serialise_as_their_strings() {
        for r in RuleId::ALL {
            assert_eq!(
                serde_json::to_string(&r).unwrap(),
                format!("\"{}\"", r.as_str())
            );
            assert_eq!(RuleId::from_id(r.as_str()), Some(r));
        }
        for d in Dimension::ALL {
            assert_eq!(
                serde_json::to_string(&d).unwrap(),
                format!("\"{}\"", d.id())
            );
        }
        for v in Verdict::ALL {
            assert_eq!(
                serde_json::to_string(&v).unwrap(),
                format!("\"{}\"", v.as_str())
            );
        }
    }
}
