//! The tradeoff drill (1 min): two named approaches, a choice and a reason, within the minute.

use std::borrow::Cow;

use super::{candidate_span, hits_in, quote, Check, DrillReport, MINUTE_MS};
use crate::lexicon::Hit;
use crate::rules::{Evidence, Session};
use crate::units::mm_ss;

pub(super) fn check(s: &Session, report: &mut DrillReport) {
    let (start_ms, _) = candidate_span(s);
    let deadline = start_ms + MINUTE_MS;
    let first = |hits: Vec<&Hit>, pick: &dyn Fn(&Hit) -> bool| -> Option<(u64, Evidence)> {
        hits.into_iter()
            .find(|h| pick(h))
            .map(|h| (h.at_ms, quote(s, h)))
    };
    let approaches = first(hits_in(s, &["tradeoffs"]), &|h| {
        matches!(
            h.term.as_str(),
            "versus"
                | "over"
                | "instead of"
                | "rather than"
                | "compared to"
                | "alternatively"
                | "the alternative"
                | "two options"
                | "on the other hand"
        )
    });
    let choice = first(hits_in(s, &["tradeoffs", "drill_choice"]), &|h| {
        h.lexicon == "drill_choice"
            || matches!(
                h.term.as_str(),
                "over" | "i chose" | "i prefer" | "i would favor"
            )
    });
    let reason = first(hits_in(s, &["reasons"]), &|_| true);
    for (id, what, found) in [
        ("two-approaches", "two named approaches", approaches),
        ("choice", "a choice", choice),
        ("reason", "a reason", reason),
    ] {
        let (passed, message, evidence) = match found {
            Some((at, e)) if at <= deadline => (true, format!("{what} at {}", mm_ss(at)), vec![e]),
            Some((at, e)) => (
                false,
                format!("{what} only at {}, after the minute", mm_ss(at)),
                vec![e],
            ),
            None => (false, format!("no {what}"), Vec::new()),
        };
        report.checks.push(Check {
            id: Cow::Borrowed(id),
            passed,
            message,
            evidence,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check, report};
    use super::super::SessionKind;
    use crate::rules::testkit::Kit;

    fn opening() -> Kit {
        Kit::new().say(
            0,
            "Int",
            "Tradeoff drill: how do clients get notifications?",
        )
    }

    #[test]
    fn approaches_a_choice_and_a_reason_within_the_minute_pass() {
        let kit = opening()
            .say(
                5,
                "Cand",
                "Push versus pull. I'd go with push because latency matters.",
            )
            .tag("tradeoffs", "versus", "versus")
            .tag("drill_choice", "i'd go with", "I'd go with")
            .tag("reasons", "because", "because");
        let r = report(SessionKind::TradeoffDrill, &kit);
        for id in ["two-approaches", "choice", "reason"] {
            let c = check(&r, id);
            assert!(c.passed && c.message.contains(" at 00:"), "{c:?}");
            assert_eq!(c.evidence.len(), 1);
        }
        assert!(r.passed, "{r:#?}");
    }

    #[test]
    fn approaches_named_after_the_minute_fail() {
        let kit = opening()
            .say(5, "Cand", "There are many options.")
            .say(90, "Cand", "Push versus pull, I guess.")
            .tag("tradeoffs", "versus", "versus");
        let r = report(SessionKind::TradeoffDrill, &kit);
        let two = check(&r, "two-approaches");
        assert!(!two.passed);
        assert!(
            two.message.starts_with("two named approaches only at 01:"),
            "{two:?}"
        );
        assert!(two.message.ends_with(", after the minute"), "{two:?}");
        assert_eq!(check(&r, "choice").message, "no a choice");
        assert_eq!(check(&r, "reason").message, "no a reason");
    }

    #[test]
    fn only_the_candidates_words_count() {
        let kit = opening()
            .say(3, "Int", "Push versus pull, because latency.")
            .tag("tradeoffs", "versus", "versus")
            .tag("reasons", "because", "because")
            .say(8, "Cand", "Either works.");
        let r = report(SessionKind::TradeoffDrill, &kit);
        assert!(!check(&r, "two-approaches").passed);
        assert!(!check(&r, "reason").passed);
    }
}
