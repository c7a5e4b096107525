//! `phase-overrun`: a phase took more than 1.5× its budget and at least three minutes more.
//! Silent on estimated timing (plain-text transcripts): there is no real clock to judge.

use super::util::{finding, mmss, timing_measured};
use super::{Evidence, Finding, Level, Rule};
use crate::align::Phase;
use crate::ids::{Dimension, RuleId};
use crate::rules::Session;

pub struct PhaseOverrun;

/// Overrun when longer than budget × 3/2 …
const RATIO_NUM: u64 = 3;
const RATIO_DEN: u64 = 2;
/// … and at least this much longer than the budget.
const MIN_EXTRA_MS: u64 = 3 * 60 * 1000;

pub(crate) fn phase_name(p: Phase) -> &'static str {
    match p {
        Phase::Clarify => "clarify",
        Phase::CapacityApi => "capacity and API",
        Phase::Architecture => "architecture",
        Phase::DeepDive => "deep dive",
        Phase::FailureModes => "failure modes",
        Phase::Summary => "summary",
    }
}

/// The candidate's first sentence at or after `at_ms`, as a marker of where the time went.
fn quote_at(s: &Session, at_ms: u64) -> Option<Evidence> {
    let seg = s
        .transcript
        .segments
        .iter()
        .find(|seg| seg.start_ms >= at_ms && s.roles.is_candidate(seg))?;
    let text = seg.text.trim();
    let (a, b) = super::text::sentence_bounds(text, 0);
    Some(Evidence {
        start_ms: seg.start_ms,
        quote: super::text::quote_around(text, a, b),
    })
}

impl Rule for PhaseOverrun {
    fn id(&self) -> RuleId {
        RuleId::PhaseOverrun
    }
    fn dimension(&self) -> Dimension {
        Dimension::Communication
    }
    fn level(&self) -> Level {
        Level::Warning
    }

    fn check(&self, s: &Session) -> Vec<Finding> {
        if !timing_measured(s) {
            return vec![];
        }
        let mut out = Vec::new();
        for p in &s.timeline.phases {
            let (Some(start), Some(end)) = (p.start_ms, p.end_ms) else {
                continue;
            };
            let took = end.saturating_sub(start);
            let over_ratio = took * RATIO_DEN > p.budget_ms * RATIO_NUM;
            let over_minutes = took >= p.budget_ms.saturating_add(MIN_EXTRA_MS);
            if !(over_ratio && over_minutes) {
                continue;
            }
            let message = format!(
                "The {} phase took {} against a {} budget. Keep an eye on the clock: when a phase \
                 runs long, say so, park the detail and move to the next step so the later phases \
                 (failure modes, summary) still get their time.",
                phase_name(p.id),
                mmss(took),
                mmss(p.budget_ms)
            );
            let evidence = [quote_at(s, start), quote_at(s, start + p.budget_ms)]
                .into_iter()
                .flatten()
                .collect();
            out.push(finding(self, start, message, evidence));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::Kit;

    fn check(kit: &Kit) -> Vec<Finding> {
        PhaseOverrun.check(&kit.session())
    }

    fn talk() -> Kit {
        Kit::new()
            .say(0, "Cand", "Who are the users?")
            .say(300, "Cand", "Here is the architecture.")
            .say(1500, "Cand", "Still on the boxes.")
    }

    #[test]
    fn fires_when_a_phase_runs_half_again_over_budget_and_three_minutes_more() {
        // Architecture: 15 min budget, 25 min taken.
        let kit = talk().phase(Phase::Architecture, 300, 1800);
        let f = check(&kit);
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message
                .contains("architecture phase took 25:00 against a 15:00"),
            "{}",
            f[0].message
        );
        assert_eq!(f[0].at_ms, 300_000);
        assert_eq!(f[0].evidence[0].quote, "Here is the architecture.");
        assert_eq!(f[0].evidence[1].quote, "Still on the boxes.");
    }

    #[test]
    fn half_again_over_but_under_three_minutes_more_is_fine() {
        // Clarify: 5 min budget, 7:40 taken (1.53× but only 2:40 more).
        let kit = talk().phase(Phase::Clarify, 0, 460);
        assert!(check(&kit).is_empty());
    }

    #[test]
    fn three_minutes_more_but_under_half_again_is_fine() {
        // Architecture: 15 min budget, 20 min taken (1.33×).
        let kit = talk().phase(Phase::Architecture, 300, 1500);
        assert!(check(&kit).is_empty());
    }

    #[test]
    fn silent_on_estimated_timing() {
        let kit = talk().phase(Phase::Architecture, 300, 1800).estimated();
        assert!(check(&kit).is_empty());
    }

    #[test]
    fn skipped_phases_are_not_overruns() {
        assert!(check(&talk()).is_empty());
    }
}
