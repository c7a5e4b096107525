//! `no-failure-modes`: fewer than two distinct failure modes (by canonical term) discussed by the
//! candidate; the guide's drill asks for five.

use super::util::{
    absence, candidate_hits, distinct_terms, evidence_per_term, has_candidate_speech, whole_session,
};
use super::{Finding, Level, Rule};
use crate::ids::{Dimension, RuleId};
use crate::rules::Session;

pub struct NoFailureModes;

/// Fewer distinct failure modes than this fires the flag.
pub(crate) const MIN_DISTINCT: usize = 2;

impl Rule for NoFailureModes {
    fn id(&self) -> RuleId {
        RuleId::NoFailureModes
    }
    fn dimension(&self) -> Dimension {
        Dimension::Reliability
    }
    fn level(&self) -> Level {
        Level::Warning
    }

    fn check(&self, s: &Session) -> Vec<Finding> {
        if !has_candidate_speech(s) {
            return vec![];
        }
        let terms = distinct_terms(candidate_hits(s, "failure_modes"));
        if terms.len() >= MIN_DISTINCT {
            return vec![];
        }
        let named = match terms.as_slice() {
            [] => "no failure mode".to_string(),
            [one] => format!("only one failure mode ({one})"),
            more => format!("{} failure modes", more.len()),
        };
        let message = format!(
            "The candidate discussed {named}. Walk through what breaks: a dependency outage, a hot \
             partition, duplicate or delayed messages, a partial write, losing a region; for each, \
             how you detect it and what the system does."
        );
        vec![absence(
            self,
            whole_session(s),
            message,
            evidence_per_term(s, candidate_hits(s, "failure_modes"), 2),
        )]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::Kit;

    fn check(kit: &Kit) -> Vec<Finding> {
        NoFailureModes.check(&kit.session())
    }

    #[test]
    fn one_failure_mode_named_twice_still_fires() {
        let kit = Kit::new()
            .say(
                0,
                "Cand",
                "If Redis goes down we have an outage. The outage is bad.",
            )
            .tag("failure_modes", "outage", "an outage")
            .tag("failure_modes", "outage", "The outage");
        let f = check(&kit);
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.contains("only one failure mode (outage)"),
            "{}",
            f[0].message
        );
        assert_eq!(f[0].evidence.len(), 1);
    }

    #[test]
    fn two_distinct_failure_modes_are_enough() {
        let kit = Kit::new()
            .say(
                0,
                "Cand",
                "A hot partition, or a duplicate message after a retry.",
            )
            .tag("failure_modes", "hot partition", "hot partition")
            .tag("failure_modes", "duplicate message", "duplicate message");
        assert!(check(&kit).is_empty());
    }

    #[test]
    fn fires_when_none_are_discussed() {
        let kit = Kit::new().say(0, "Cand", "The design is done.");
        let f = check(&kit);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("no failure mode"));
        assert!(f[0].searched_ms.is_some());
    }

    #[test]
    fn interviewer_failure_modes_do_not_count() {
        let kit = Kit::new()
            .say(0, "Int", "What about region loss or clock skew?")
            .say(5, "Cand", "It will be fine.")
            .tag("failure_modes", "region loss", "region loss")
            .tag("failure_modes", "clock skew", "clock skew");
        assert_eq!(check(&kit).len(), 1);
    }
}
