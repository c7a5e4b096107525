//! `missing-tradeoff`: the candidate never weighs one approach against another ("X versus Y",
//! "the tradeoff is", "I chose X over Y because").

use super::text::{around, candidate_sentences, has_words, sentence_at, COST_MARKERS};
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
        if !has_candidate_speech(s) || weighs_options(s) {
            return vec![];
        }
        let message = "No tradeoff named. Compare two approaches out loud (push versus pull, SQL versus NoSQL, \
                 strong versus eventual consistency), say what each makes easier and harder, and \
                 which you pick given the requirements."
            .to_string();
        vec![absence(self, whole_session(s), message, vec![])]
    }
}

/// Canonical [tradeoffs] terms that name the tradeoff itself: saying it counts as weighing.
const NAMED: &[&str] = &["tradeoff", "pros and cons"];

/// Whether the candidate weighs options: names the tradeoff ("the tradeoff is accuracy versus
/// latency"), or compares or chooses between options [tradeoffs] within two sentences of a cost
/// or weakness of one of them ("the downside is", "harder", "slower", "more moving parts"), or
/// with a "but" in the comparing sentence itself ("fanout on write makes reads cheap, but a
/// celebrity post means millions of writes").
/// "Maybe Scylla instead of Cassandra, because it's faster" names no cost, so it does not count.
pub(crate) fn weighs_options(s: &Session) -> bool {
    let sentences = candidate_sentences(s);
    candidate_hits(s, "tradeoffs").any(|h| {
        if NAMED.contains(&h.term.as_str()) {
            return true;
        }
        let Some(i) = sentence_at(&sentences, h) else {
            return false;
        };
        has_words(sentences[i].text(s), &["but"])
            || around(&sentences, i, 2).any(|j| has_words(sentences[j].text(s), COST_MARKERS))
    })
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
            .tag("tradeoffs", "tradeoff", "The tradeoff is")
            .tag("tradeoffs", "versus", "accuracy versus latency");
        assert!(check(&kit).is_empty());
    }

    #[test]
    fn options_with_a_cost_and_a_choice_count() {
        let kit = Kit::new()
            .say(
                0,
                "Cand",
                "So, the two options. The cost is more storage and more moving parts. \
                 I'd go with option two, precomputed rollups.",
            )
            .tag("tradeoffs", "two options", "two options")
            .tag("tradeoffs", "i chose", "I'd go with");
        assert!(check(&kit).is_empty());
    }

    #[test]
    fn a_comparison_with_only_an_advantage_still_fires() {
        let kit = Kit::new()
            .say(
                0,
                "Cand",
                "We store posts in Cassandra. Or actually, maybe Scylla instead of Cassandra, \
                 because it's faster.",
            )
            .tag("tradeoffs", "instead of", "instead of");
        assert_eq!(check(&kit).len(), 1);
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
