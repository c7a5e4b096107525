//! `no-monitoring`: the candidate never says how the system is watched (metrics, alerts,
//! dashboards, tracing); a design no one can monitor is not senior-level.

use super::text::{candidate_sentences, has_words, sentence_at};
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
        if !has_candidate_speech(s) || monitors_the_system(s) {
            return vec![];
        }
        let message = "No monitoring discussed. Say which metrics you would watch (error rate, p99 latency, queue \
                 depth, lag) and what would page someone, so the design can be operated."
            .to_string();
        vec![absence(self, whole_session(s), message, vec![])]
    }
}

/// Health signals of a running system: what someone would measure or alert on.
const SIGNALS: &[&str] = &[
    "lag",
    "latency",
    "latencies",
    "p50",
    "p95",
    "p99",
    "error rate",
    "error rates",
    "errors",
    "queue depth",
    "depth",
    "backlog",
    "throughput",
    "saturation",
    "utilization",
    "success rate",
    "failure rate",
    "failures",
    "failed",
    "hit rate",
    "timeouts",
    "retries",
    "retry rate",
    "dead letter",
    "dlq",
    "heartbeat",
    "heartbeats",
    "uptime",
    "availability",
    "5xx",
    "500s",
    "cpu usage",
    "disk usage",
    "memory usage",
    "stuck",
    "oldest",
    "drift",
    "mismatch",
    "mismatches",
    "dropped",
    "burn rate",
    "consumer lag",
    "freshness lag",
    "health",
    "missed",
    "duplicates",
];

/// Whether the candidate says what they would measure or alert on for this system: a monitoring
/// word [monitoring] in a statement (not a question) that names a health signal of the system
/// (lag, p99 latency, error rate, queue depth, …). Naming a tool or "dashboards" as a product
/// feature does not count.
pub(crate) fn monitors_the_system(s: &Session) -> bool {
    let sentences = candidate_sentences(s);
    candidate_hits(s, "monitoring").any(|h| {
        sentence_at(&sentences, h).is_some_and(|i| {
            let t = &sentences[i];
            !t.is_question(s) && has_words(t.text(s), SIGNALS)
        })
    })
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
    fn naming_dashboards_as_a_product_feature_still_fires() {
        let kit = Kit::new()
            .say(
                0,
                "Cand",
                "For dashboards, I'd add a cache in front, keyed by the query. We use Grafana.",
            )
            .tag("monitoring", "dashboard", "dashboards");
        assert_eq!(check(&kit).len(), 1);
    }

    #[test]
    fn a_question_about_metrics_is_not_monitoring() {
        let kit = Kit::new()
            .say(0, "Cand", "Should we alert on consumer lag?")
            .tag("monitoring", "alerting", "alert");
        assert_eq!(check(&kit).len(), 1);
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
