//! `missing-tradeoff`: the candidate never weighs one approach against another ("X versus Y",
//! "the tradeoff is", "I chose X over Y because").

use super::util::{absence, candidate_hits, has_candidate_speech, whole_session};
use super::{Finding, Level, Rule};
use crate::ids::{Dimension, RuleId};
use crate::rules::Session;

pub struct MissingTradeoff;

impl Rule for MissingTradeoff {
    fn id(&self) -> RuleId {
        RuleId::MissingTradeoff
    }
    fn dimension(&self) -> Dimension {
        Dimension::Tradeoffs
    }
    fn level(&self) -> Level {
        Level::Warning
    }

    fn check(&self, s: &Session) -> Vec<Finding> {
        if !has_candidate_speech(s) || candidate_hits(s, "tradeoffs").next().is_some() {
            return vec![];
        }
        let message = "No tradeoff named. Compare two approaches out loud (push versus pull, SQL versus NoSQL, \
                 strong versus eventual consistency), say what each makes easier and harder, and \
                 which you pick given the requirements."
            .to_string();
        vec![absence(self, whole_session(s), message, vec![])]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::Kit;

    fn check(kit: &Kit) -> Vec<Finding> {
        MissingTradeoff.check(&kit.session())
    }

    #[test]
    fn silent_when_the_candidate_says_it() {
        let kit = Kit::new()
            .say(0, "Cand", "The tradeoff is accuracy versus latency.")
            .tag("tradeoffs", "the tradeoff is", "The tradeoff is");
        assert!(check(&kit).is_empty());
    }

    #[test]
    fn fires_when_it_is_missing_and_names_the_searched_window() {
        let kit = Kit::new()
            .say(0, "Int", "Let's begin.")
            .say(30, "Cand", "We store it in a database.")
            .say(90, "Int", "Thanks.");
        let f = check(&kit);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].id, "missing-tradeoff");
        assert_eq!(f[0].searched_ms, Some((30_000, 100_000)));
        assert_eq!(f[0].at_ms, 30_000);
    }

    #[test]
    fn only_the_interviewer_saying_it_still_fires() {
        let kit = Kit::new()
            .say(0, "Int", "What is the tradeoff here?")
            .say(20, "Cand", "We store it in a database.")
            .tag("tradeoffs", "tradeoff", "tradeoff");
        assert_eq!(check(&kit).len(), 1);
    }

    #[test]
    fn silent_without_candidate_speech() {
        let kit = Kit::new().say(0, "Int", "Hello?");
        assert!(check(&kit).is_empty());
    }
}
