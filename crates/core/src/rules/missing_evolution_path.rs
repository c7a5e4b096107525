//! `missing-evolution-path`: no "for MVP I would …, at 10x I would add …" style path; the guide's
//! excellent architecture is a simple MVP plus a clear scale path.

use super::util::{absence, candidate_hits, has_candidate_speech, whole_session};
use super::{Finding, Level, Rule};
use crate::ids::{Dimension, RuleId};
use crate::rules::Session;

pub struct MissingEvolutionPath;

impl Rule for MissingEvolutionPath {
    fn id(&self) -> RuleId {
        RuleId::MissingEvolutionPath
    }
    fn dimension(&self) -> Dimension {
        Dimension::Architecture
    }
    fn level(&self) -> Level {
        Level::Warning
    }

    fn check(&self, s: &Session) -> Vec<Finding> {
        if !has_candidate_speech(s) || candidate_hits(s, "evolution").next().is_some() {
            return vec![];
        }
        let message = "No evolution path. Close with what you would build first and what you would add as load \
                 grows, for example: for the MVP a single region and one database; at ten times the \
                 traffic, sharding and a cache."
            .to_string();
        vec![absence(self, whole_session(s), message, vec![])]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::Kit;

    fn check(kit: &Kit) -> Vec<Finding> {
        MissingEvolutionPath.check(&kit.session())
    }

    #[test]
    fn silent_when_the_candidate_says_it() {
        let kit = Kit::new()
            .say(
                0,
                "Cand",
                "For the MVP I would run one region, and at ten x add sharding.",
            )
            .tag("evolution", "for the mvp", "For the MVP");
        assert!(check(&kit).is_empty());
    }

    #[test]
    fn fires_when_it_is_missing_and_names_the_searched_window() {
        let kit = Kit::new()
            .say(0, "Int", "Let's begin.")
            .say(30, "Cand", "That is the whole design.")
            .say(90, "Int", "Thanks.");
        let f = check(&kit);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].id, "missing-evolution-path");
        assert_eq!(f[0].searched_ms, Some((30_000, 100_000)));
        assert_eq!(f[0].at_ms, 30_000);
    }

    #[test]
    fn only_the_interviewer_saying_it_still_fires() {
        let kit = Kit::new()
            .say(0, "Int", "What would you do at 10x?")
            .say(20, "Cand", "That is the whole design.")
            .tag("evolution", "at 10x", "at 10x");
        assert_eq!(check(&kit).len(), 1);
    }

    #[test]
    fn silent_without_candidate_speech() {
        let kit = Kit::new().say(0, "Int", "Hello?");
        assert!(check(&kit).is_empty());
    }
}
