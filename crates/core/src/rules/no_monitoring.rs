//! `no-monitoring`: the candidate never says how the system is watched (metrics, alerts,
//! dashboards, tracing); a design no one can monitor is not senior-level.

use super::util::{absence, candidate_hits, has_candidate_speech, whole_session};
use super::{Finding, Level, Rule};
use crate::ids::{Dimension, RuleId};
use crate::rules::Session;

pub struct NoMonitoring;

impl Rule for NoMonitoring {
    fn id(&self) -> RuleId {
        RuleId::NoMonitoring
    }
    fn dimension(&self) -> Dimension {
        Dimension::Reliability
    }
    fn level(&self) -> Level {
        Level::Warning
    }

    fn check(&self, s: &Session) -> Vec<Finding> {
        if !has_candidate_speech(s) || candidate_hits(s, "monitoring").next().is_some() {
            return vec![];
        }
        let message = "No monitoring discussed. Say which metrics you would watch (error rate, p99 latency, queue \
                 depth, lag) and what would page someone, so the design can be operated."
            .to_string();
        vec![absence(self, whole_session(s), message, vec![])]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::Kit;

    fn check(kit: &Kit) -> Vec<Finding> {
        NoMonitoring.check(&kit.session())
    }

    #[test]
    fn silent_when_the_candidate_says_it() {
        let kit = Kit::new()
            .say(
                0,
                "Cand",
                "We alert on queue depth and watch p99 latency on a dashboard.",
            )
            .tag("monitoring", "alert", "alert");
        assert!(check(&kit).is_empty());
    }

    #[test]
    fn fires_when_it_is_missing_and_names_the_searched_window() {
        let kit = Kit::new()
            .say(0, "Int", "Let's begin.")
            .say(30, "Cand", "Workers pull jobs and run them.")
            .say(90, "Int", "Thanks.");
        let f = check(&kit);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].id, "no-monitoring");
        assert_eq!(f[0].searched_ms, Some((30_000, 100_000)));
        assert_eq!(f[0].at_ms, 30_000);
    }

    #[test]
    fn only_the_interviewer_saying_it_still_fires() {
        let kit = Kit::new()
            .say(0, "Int", "How would you monitor it?")
            .say(20, "Cand", "Workers pull jobs and run them.")
            .tag("monitoring", "monitor", "monitor");
        assert_eq!(check(&kit).len(), 1);
    }

    #[test]
    fn silent_without_candidate_speech() {
        let kit = Kit::new().say(0, "Int", "Hello?");
        assert!(check(&kit).is_empty());
    }
}
