//! `phase-skipped`: a phase of the guide's arc never happened (the timeline has no span for it).
//! Only judged on measured timing and on a session long enough to hold the whole arc: a short
//! clip or a plain-text transcript says nothing about skipped phases.

use super::phase_overrun::phase_name;
use super::util::{finding, timing_measured, whole_session};
use super::{Finding, Level, Rule};
use crate::analysis::Session;
use crate::rubric::Dimension;

pub struct PhaseSkipped;

impl Rule for PhaseSkipped {
    fn id(&self) -> &'static str {
        "phase-skipped"
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
        let mut out = Vec::new();
        for (i, p) in s.timeline.phases.iter().enumerate() {
            if p.start_ms.is_some() {
                continue;
            }
            // Where the phase should have been: the end of the last phase before it that happened.
            let at_ms = s
                .timeline
                .phases
                .iter()
                .take(i)
                .filter_map(|q| q.end_ms)
                .max()
                .unwrap_or(start);
            let mut f = finding(
                self,
                at_ms,
                format!(
                    "No {} phase was found. The guide's arc gives it {} minutes; even a short \
                     pass (a sentence or two, said explicitly) shows the interviewer you covered it.",
                    phase_name(p.id),
                    p.budget_ms / 60_000
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
    fn fires_once_per_missing_phase_at_the_end_of_the_phase_before() {
        let mut kit = full_length().on_budget(0);
        for p in &mut kit.timeline.phases {
            if matches!(p.id, Phase::FailureModes | Phase::Summary) {
                p.start_ms = None;
                p.end_ms = None;
            }
        }
        let f = check(&kit);
        assert_eq!(f.len(), 2);
        assert!(
            f[0].message.contains("No failure modes phase"),
            "{}",
            f[0].message
        );
        // Deep dive ends at 35:00 on budget.
        assert_eq!(f[0].at_ms, 35 * 60_000);
        assert_eq!(f[1].at_ms, 35 * 60_000);
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
