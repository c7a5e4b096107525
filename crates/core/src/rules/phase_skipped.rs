//! `phase-skipped`: a phase of the guide's arc never happened (the timeline has no span for it);
//! adjacent skipped phases are reported together.
//! Only judged on measured timing and on a session long enough to hold the whole arc: a short
//! clip or a plain-text transcript says nothing about skipped phases.

use super::phase_overrun::phase_name;
use super::util::{finding, timing_measured, whole_session};
use super::{Finding, Level, Rule};
use crate::ids::{Dimension, RuleId};
use crate::rules::Session;

pub struct PhaseSkipped;

impl Rule for PhaseSkipped {
    fn id(&self) -> RuleId {
        RuleId::PhaseSkipped
    }
    fn dimension(&self) -> Dimension {
        Dimension::Communication
    }
    fn level(&self) -> Level {
        Level::Info
    }

    fn check(&self, s: &Session) -> Vec<Finding> {
        if !timing_measured(s) || !super::util::has_candidate_speech(s) {
            return vec![];
        }
        let (start, end) = whole_session(s);
        let budget: u64 = s.timeline.phases.iter().map(|p| p.budget_ms).sum();
        // Less than half the budgeted interview: too short to say a phase was skipped.
        if end.saturating_sub(start) * 2 < budget {
            return vec![];
        }
        // Consecutive skipped phases make one finding, placed where they should have been: the
        // end of the last phase before them that happened.
        let mut runs: Vec<(u64, Vec<&crate::align::PhaseSpan>)> = Vec::new();
        let mut previous_skipped = false;
        let mut last_end = start;
        for p in &s.timeline.phases {
            match (p.start_ms, previous_skipped, runs.last_mut()) {
                (Some(_), _, _) => {
                    last_end = p.end_ms.unwrap_or(last_end).max(last_end);
                    previous_skipped = false;
                }
                (None, true, Some((_, run))) => run.push(p),
                (None, _, _) => {
                    runs.push((last_end, vec![p]));
                    previous_skipped = true;
                }
            }
        }
        let mut out = Vec::new();
        for (at_ms, run) in runs {
            let names: Vec<&str> = run.iter().map(|p| phase_name(p.id)).collect();
            let minutes: u64 = run.iter().map(|p| p.budget_ms).sum::<u64>() / 60_000;
            let (what, verb) = match names.as_slice() {
                [one] => (format!("No {one} phase was found"), "it"),
                [init @ .., last] => (
                    format!("No {} or {last} phase was found", init.join(", ")),
                    "them",
                ),
                [] => continue,
            };
            let mut f = finding(
                self,
                at_ms,
                format!(
                    "{what}. The guide's arc gives {verb} {minutes} minutes; even a short pass (a \
                     sentence or two, said explicitly) shows the interviewer you covered {verb}."
                ),
                vec![],
            );
            f.searched_ms = Some((start, end));
            out.push(f);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Phase;
    use crate::rules::testkit::Kit;

    fn check(kit: &Kit) -> Vec<Finding> {
        PhaseSkipped.check(&kit.session())
    }

    fn full_length() -> Kit {
        Kit::new()
            .say(0, "Cand", "Who are the users?")
            .say(2700, "Cand", "That is all.")
    }

    #[test]
    fn adjacent_missing_phases_fire_once_at_the_end_of_the_phase_before() {
        let mut kit = full_length().on_budget(0);
        for p in &mut kit.timeline.phases {
            if matches!(p.id, Phase::FailureModes | Phase::Summary) {
                p.start_ms = None;
                p.end_ms = None;
            }
        }
        let f = check(&kit);
        assert_eq!(f.len(), 1, "adjacent skipped phases make one finding");
        assert!(
            f[0].message.starts_with(
                "No failure modes or summary phase was found. The guide's arc gives them 10 minutes"
            ),
            "{}",
            f[0].message
        );
        // Deep dive ends at 35:00 on budget.
        assert_eq!(f[0].at_ms, 35 * 60_000);
    }

    #[test]
    fn separate_gaps_fire_separately() {
        let mut kit = full_length().on_budget(0);
        for p in &mut kit.timeline.phases {
            if matches!(p.id, Phase::Clarify | Phase::DeepDive) {
                p.start_ms = None;
                p.end_ms = None;
            }
        }
        let f = check(&kit);
        assert_eq!(f.len(), 2);
        assert!(
            f[0].message
                .starts_with("No clarify phase was found. The guide's arc gives it 5 minutes"),
            "{}",
            f[0].message
        );
        assert_eq!(f[0].at_ms, 0);
        assert!(
            f[1].message.starts_with("No deep dive phase"),
            "{}",
            f[1].message
        );
        // Architecture ends at 25:00 on budget.
        assert_eq!(f[1].at_ms, 25 * 60_000);
    }

    #[test]
    fn silent_when_every_phase_happened() {
        assert!(check(&full_length().on_budget(0)).is_empty());
    }

    #[test]
    fn silent_on_estimated_timing() {
        assert!(check(&full_length().estimated()).is_empty());
    }

    #[test]
    fn silent_on_a_short_clip() {
        let kit = Kit::new()
            .say(0, "Cand", "Who are the users?")
            .say(300, "Cand", "Done.");
        assert!(check(&kit).is_empty());
    }
}
