//! `no-scale-estimates`: the candidate never puts a number on the load (users, requests per
//! second, storage, peak multiplier).

use super::util::{absence, candidate_hits, has_candidate_speech, whole_session};
use super::{Finding, Level, Rule};
use crate::ids::{Dimension, RuleId};
use crate::rules::Session;

pub struct NoScaleEstimates;

impl Rule for NoScaleEstimates {
    fn id(&self) -> RuleId {
        RuleId::NoScaleEstimates
    }
    fn dimension(&self) -> Dimension {
        Dimension::ScaleEstimates
    }
    fn level(&self) -> Level {
        Level::Warning
    }

    fn check(&self, s: &Session) -> Vec<Finding> {
        if !has_candidate_speech(s) || candidate_hits(s, "scale").any(|h| h.term != "sizing") {
            return vec![];
        }
        let message = "No scale estimate from the candidate. Put round numbers on the load early: daily users, \
                 requests per second at peak, read/write ratio and storage per year, then let them \
                 drive the design."
            .to_string();
        vec![absence(self, whole_session(s), message, vec![])]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::Kit;

    fn check(kit: &Kit) -> Vec<Finding> {
        NoScaleEstimates.check(&kit.session())
    }

    #[test]
    fn silent_when_the_candidate_says_it() {
        let kit = Kit::new()
            .say(
                0,
                "Cand",
                "We need about ten thousand requests per second at peak.",
            )
            .tag("scale", "requests per second", "requests per second");
        assert!(check(&kit).is_empty());
    }

    #[test]
    fn fires_when_it_is_missing_and_names_the_searched_window() {
        let kit = Kit::new()
            .say(0, "Int", "Let's begin.")
            .say(30, "Cand", "It should be fast and handle a lot of traffic.")
            .say(90, "Int", "Thanks.");
        let f = check(&kit);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].id, "no-scale-estimates");
        assert_eq!(f[0].searched_ms, Some((30_000, 100_000)));
        assert_eq!(f[0].at_ms, 30_000);
    }

    #[test]
    fn only_the_interviewer_saying_it_still_fires() {
        let kit = Kit::new()
            .say(0, "Int", "Assume ten million users.")
            .say(20, "Cand", "It should be fast and handle a lot of traffic.")
            .tag("scale", "users", "ten million users");
        assert_eq!(check(&kit).len(), 1);
    }

    #[test]
    fn silent_without_candidate_speech() {
        let kit = Kit::new().say(0, "Int", "Hello?");
        assert!(check(&kit).is_empty());
    }
}
