//! The failure-mode drill (the guide gives no time; the failure-modes phase budget, 5 min): at least
//! five distinct failures, each with detection (monitoring words nearby) and mitigation
//! (reliability words nearby).

use std::borrow::Cow;

use super::{hits_in, quote, Check, DrillReport, FailureCoverage};
use crate::lexicon::Hit;
use crate::rules::{Evidence, Session};
use crate::units::mm_ss;

/// How far before and after a failure's mention its detection or mitigation may be said.
const NEAR_BEFORE_MS: u64 = 10_000;
const NEAR_AFTER_MS: u64 = 45_000;
/// The guide's failure-mode drill: "list five failures".
const FAILURES_WANTED: usize = 5;

pub(super) fn check(s: &Session, report: &mut DrillReport) {
    let failures = hits_in(s, &["failure_modes"]);
    let detection = hits_in(s, &["monitoring"]);
    let mitigation = hits_in(s, &["reliability", "idempotency"]);
    let mut order: Vec<&str> = Vec::new();
    for h in &failures {
        if !order.contains(&h.term.as_str()) {
            order.push(&h.term);
        }
    }
    let near = |mentions: &[&&Hit], pool: &[&Hit]| -> Option<Evidence> {
        pool.iter()
            .find(|p| {
                mentions.iter().any(|m| {
                    p.at_ms + NEAR_BEFORE_MS >= m.at_ms && p.at_ms <= m.at_ms + NEAR_AFTER_MS
                })
            })
            .map(|p| quote(s, p))
    };
    for name in order {
        let mentions: Vec<&&Hit> = failures.iter().filter(|h| h.term == name).collect();
        let Some(first) = mentions.first() else {
            continue;
        };
        report.failures.push(FailureCoverage {
            failure: name.to_string(),
            at_ms: first.at_ms,
            detection: near(&mentions, &detection),
            mitigation: near(&mentions, &mitigation),
        });
    }
    let n = report.failures.len();
    report.checks.push(Check {
        id: Cow::Borrowed("distinct-failures"),
        passed: n >= FAILURES_WANTED,
        message: format!("{n} distinct failure(s); the drill asks for {FAILURES_WANTED}"),
        evidence: {
            let mut quotes: Vec<Evidence> = Vec::new();
            for f in &report.failures {
                if let Some(h) = failures.iter().find(|h| h.term == f.failure) {
                    let e = quote(s, h);
                    if quotes.len() < FAILURES_WANTED && !quotes.iter().any(|x| x.quote == e.quote)
                    {
                        quotes.push(e);
                    }
                }
            }
            quotes
        },
    });
    for (id, what, get) in [
        (
            "detection",
            "detection (monitoring or alerts)",
            (|f: &FailureCoverage| f.detection.clone()) as fn(&FailureCoverage) -> Option<Evidence>,
        ),
        (
            "mitigation",
            "mitigation (a reliability mechanism)",
            |f: &FailureCoverage| f.mitigation.clone(),
        ),
    ] {
        let missing: Vec<String> = report
            .failures
            .iter()
            .filter(|f| get(f).is_none())
            .map(|f| format!("{} ({})", f.failure, mm_ss(f.at_ms)))
            .collect();
        report.checks.push(Check {
            id: Cow::Borrowed(id),
            passed: n > 0 && missing.is_empty(),
            message: if n == 0 {
                format!("no failures to give {what} for")
            } else if missing.is_empty() {
                format!("every failure has {what}")
            } else {
                format!("no {what} for: {}", missing.join(", "))
            },
            evidence: report.failures.iter().filter_map(get).take(3).collect(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check, report};
    use super::super::SessionKind;
    use crate::rules::testkit::Kit;

    fn opening() -> Kit {
        Kit::new().say(0, "Int", "Failure-mode drill: what breaks?")
    }

    /// Five failures, each said with an alert and a mechanism.
    fn five() -> Kit {
        let failures = [
            ("outage", "An outage"),
            ("hot partition", "A hot partition"),
            ("duplicate message", "A duplicate message"),
            ("poison message", "A poison message"),
            ("network partition", "A network partition"),
        ];
        let mut kit = opening();
        for (i, (term, said)) in failures.into_iter().enumerate() {
            let text = format!("{said} fires an alert, and we retry.");
            kit = kit
                .say(5 + 30 * i as u64, "Cand", &text)
                .tag("failure_modes", term, said)
                .tag("monitoring", "alert", "alert")
                .tag("reliability", "retry", "retry");
        }
        kit
    }

    #[test]
    fn five_failures_each_detected_and_mitigated_pass() {
        let r = report(SessionKind::FailureDrill, &five());
        assert_eq!(r.failures.len(), 5);
        assert!(check(&r, "distinct-failures").passed);
        assert_eq!(
            check(&r, "detection").message,
            "every failure has detection (monitoring or alerts)"
        );
        assert!(check(&r, "mitigation").passed);
        assert!(r.passed, "{r:#?}");
    }

    #[test]
    fn a_repeated_failure_counts_once_and_a_late_mitigation_is_missing() {
        let kit = opening()
            .say(5, "Cand", "An outage. The outage again.")
            .tag("failure_modes", "outage", "An outage")
            .tag("failure_modes", "outage", "The outage")
            .say(100, "Cand", "Much later: we retry.")
            .tag("reliability", "retry", "retry");
        let r = report(SessionKind::FailureDrill, &kit);
        assert_eq!(r.failures.len(), 1);
        let distinct = check(&r, "distinct-failures");
        assert!(!distinct.passed);
        assert_eq!(
            distinct.message,
            "1 distinct failure(s); the drill asks for 5"
        );
        let mitigation = check(&r, "mitigation");
        assert!(!mitigation.passed);
        assert_eq!(
            mitigation.message,
            "no mitigation (a reliability mechanism) for: outage (00:05)"
        );
        assert!(!check(&r, "detection").passed);
    }

    #[test]
    fn no_failure_at_all_fails_detection_and_mitigation_too() {
        let kit = opening().say(5, "Cand", "It would be fine.");
        let r = report(SessionKind::FailureDrill, &kit);
        assert!(r.failures.is_empty());
        assert_eq!(
            check(&r, "detection").message,
            "no failures to give detection (monitoring or alerts) for"
        );
        assert!(!check(&r, "mitigation").passed);
    }
}
