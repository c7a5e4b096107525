//! `exactly-once-without-idempotency`: the candidate claims exactly-once delivery or processing
//! but never explains the idempotency, deduplication or reconciliation that makes it true.

use super::util::{candidate_hits, candidate_hits_in, evidence_per_term, finding};
use super::{Finding, Level, Rule};
use crate::ids::{Dimension, RuleId};
use crate::lexicon::Hit;
use crate::rules::Session;

pub struct ExactlyOnceWithoutIdempotency;

/// Whether a hit names a mechanism that makes "exactly once" honest.
fn is_safeguard(h: &Hit) -> bool {
    h.lexicon == "idempotency"
        || ["idempot", "dedup", "de dup", "reconcil"]
            .iter()
            .any(|k| h.term.contains(k))
}

impl Rule for ExactlyOnceWithoutIdempotency {
    fn id(&self) -> RuleId {
        RuleId::ExactlyOnceWithoutIdempotency
    }
    fn dimension(&self) -> Dimension {
        Dimension::Reliability
    }
    fn level(&self) -> Level {
        Level::Error
    }

    fn check(&self, s: &Session) -> Vec<Finding> {
        let Some(first) = candidate_hits(s, "exactly_once").next() else {
            return vec![];
        };
        let safeguarded =
            candidate_hits_in(s, &["idempotency", "reliability", "deep_dive"]).any(is_safeguard);
        if safeguarded {
            return vec![];
        }
        vec![finding(
            self,
            first.at_ms,
            "Exactly-once is claimed but nothing makes it true. Say how duplicates are absorbed: \
             idempotency keys checked on write, deduplication by message id, or a reconciliation \
             job that repairs what slips through."
                .to_string(),
            evidence_per_term(s, candidate_hits(s, "exactly_once"), 3),
        )]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::Kit;

    fn check(kit: &Kit) -> Vec<Finding> {
        ExactlyOnceWithoutIdempotency.check(&kit.session())
    }

    #[test]
    fn fires_on_a_bare_exactly_once_claim() {
        let kit = Kit::new()
            .say(
                0,
                "Cand",
                "Kafka gives us exactly once delivery, so jobs never run twice.",
            )
            .tag("exactly_once", "exactly once", "exactly once");
        let f = check(&kit);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].level, Level::Error);
        assert!(f[0].evidence[0].quote.contains("exactly once"));
    }

    #[test]
    fn silent_when_idempotency_keys_back_the_claim() {
        let kit = Kit::new()
            .say(
                0,
                "Cand",
                "Effectively exactly once: each job carries an idem potency key.",
            )
            .tag("exactly_once", "exactly once", "exactly once")
            .tag("idempotency", "idempotency key", "idem potency key");
        assert!(check(&kit).is_empty());
    }

    #[test]
    fn silent_when_reconciliation_backs_the_claim() {
        let kit = Kit::new()
            .say(
                0,
                "Cand",
                "Exactly once settlement, with a nightly reconciliation job.",
            )
            .tag("exactly_once", "exactly once", "Exactly once")
            .tag("reliability", "reconciliation", "reconciliation");
        assert!(check(&kit).is_empty());
    }

    #[test]
    fn idempotency_from_the_interviewer_does_not_back_the_claim() {
        let kit = Kit::new()
            .say(0, "Cand", "We get exactly once processing.")
            .say(10, "Int", "What about idempotency?")
            .tag("exactly_once", "exactly once", "exactly once")
            .tag("idempotency", "idempotency", "idempotency");
        assert_eq!(check(&kit).len(), 1);
    }

    #[test]
    fn silent_when_nobody_claims_exactly_once() {
        let kit = Kit::new()
            .say(0, "Int", "Can you get exactly once here?")
            .say(5, "Cand", "At least once with retries.")
            .tag("exactly_once", "exactly once", "exactly once");
        assert!(check(&kit).is_empty());
    }
}
