//! `no-failure-modes`: fewer than two distinct failure modes (by canonical term) discussed by the
//! candidate; the guide's drill asks for five.

use super::text::{candidate_sentences, sentence_at};
use super::util::{
    absence, candidate_hits, candidate_hits_in, distinct_terms, evidence_per_term,
    has_candidate_speech, whole_session,
};
use super::{Finding, Level, Rule};
use crate::ids::{Dimension, RuleId};
use crate::lexicon::Hit;
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
        let discussed = discussed_failures(s);
        let terms = distinct_terms(discussed.iter().copied());
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
            evidence_per_term(s, discussed.into_iter(), 2),
        )]
    }
}

/// The candidate's failure modes [failure_modes] that come with what happens then: a mechanism
/// [reliability] or a way to detect it [monitoring] in the same sentence or the candidate's next
/// one. One sentence is one failure discussed (its first term), so "if the client times out we say
/// it's down" is one failure, and a failure named in passing ("late data", "DDoS stuff") is none.
pub(crate) fn discussed_failures<'s>(s: &'s Session) -> Vec<&'s Hit> {
    let sentences = candidate_sentences(s);
    let responses: Vec<usize> = candidate_hits_in(s, &["reliability", "monitoring"])
        .filter_map(|h| sentence_at(&sentences, h))
        .collect();
    let mut out: Vec<&Hit> = Vec::new();
    let mut last: Option<usize> = None;
    for h in candidate_hits(s, "failure_modes") {
        let Some(i) = sentence_at(&sentences, h) else {
            continue;
        };
        if last == Some(i) || sentences[i].is_question(s) {
            continue;
        }
        if responses.iter().any(|&r| r == i || r == i + 1) {
            last = Some(i);
            out.push(h);
        }
    }
    out
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
                "If Redis goes down we fail over to the replica. Then the outage is short.",
            )
            .tag("failure_modes", "outage", "goes down")
            .tag("reliability", "failover", "fail over")
            .tag("failure_modes", "outage", "the outage");
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
                "A hot partition gets rate limiting per key. A duplicate message is dropped by \
                 deduplication on the event ID.",
            )
            .tag("failure_modes", "hot partition", "hot partition")
            .tag("reliability", "rate limiting", "rate limiting")
            .tag("failure_modes", "duplicate message", "duplicate message")
            .tag("reliability", "deduplication", "deduplication");
        assert!(check(&kit).is_empty());
    }

    #[test]
    fn failures_named_in_passing_do_not_count() {
        let kit = Kit::new()
            .say(
                0,
                "Cand",
                "Late data is a real thing. Like DDoS stuff, but our limiter is for normal users.",
            )
            .tag("failure_modes", "delayed event", "Late data")
            .tag("failure_modes", "ddos", "DDoS");
        let f = check(&kit);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("no failure mode"), "{}", f[0].message);
    }

    #[test]
    fn two_failures_in_one_sentence_are_one_discussion() {
        let kit = Kit::new()
            .say(
                0,
                "Cand",
                "If the client times out we say Redis is down and fall back to allowing it.",
            )
            .tag("failure_modes", "timeout", "times out")
            .tag("failure_modes", "dependency outage", "is down")
            .tag("reliability", "fallback", "fall back");
        assert_eq!(check(&kit).len(), 1);
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
