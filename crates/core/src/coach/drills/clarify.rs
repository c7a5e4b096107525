//! The clarification drill (5 min): only clarifying questions (at least three), the two constraints
//! that drive the design, and no architecture yet.

use std::borrow::Cow;

use super::{constraint_of, group, hits_in, quote, Check, DrillReport};
use crate::roles;
use crate::rules::{Evidence, Session};
use crate::units::mm_ss;

pub(super) fn check(s: &Session, report: &mut DrillReport) {
    let questions: usize = s
        .transcript
        .segments
        .iter()
        .filter(|seg| s.roles.is_candidate(seg))
        .map(|seg| roles::count_questions(&seg.text))
        .sum();
    let clarifying = hits_in(s, &["clarifying"]);
    let mut q_evidence: Vec<Evidence> = Vec::new();
    for h in &clarifying {
        let e = quote(s, h);
        if q_evidence.len() < 5 && !q_evidence.iter().any(|x| x.quote == e.quote) {
            q_evidence.push(e);
        }
    }
    report.checks.push(Check {
        id: Cow::Borrowed("questions"),
        passed: questions >= 3,
        message: if questions >= 3 {
            format!("asked {questions} clarifying questions")
        } else {
            format!(
                "asked {questions} clarifying question(s); aim for at least 3 before any design"
            )
        },
        evidence: q_evidence,
    });

    let constraint_hits = hits_in(s, &["requirements", "deep_dive", "failure_modes"]);
    let mut constraints = group(s, constraint_hits.into_iter(), |h| {
        constraint_of(h).map(str::to_string)
    });
    constraints.truncate(2);
    let names: Vec<&str> = constraints.iter().map(|c| c.name.as_str()).collect();
    report.checks.push(Check {
        id: Cow::Borrowed("two-constraints"),
        passed: constraints.len() == 2,
        message: match names.as_slice() {
            [a, b] => format!("the two constraints that drive the design: {a} and {b}"),
            [a] => format!(
                "only one driving constraint named ({a}); name a second (latency, consistency, ordering, …)"
            ),
            _ => "no driving constraint named (latency, availability, consistency, ordering, …)"
                .to_string(),
        },
        evidence: constraints
            .iter()
            .filter_map(|c| c.evidence.first().cloned())
            .collect(),
    });
    report.constraints = constraints;

    let design = hits_in(s, &["architecture", "tools"]);
    let early = design.len() <= 2;
    report.checks.push(Check {
        id: Cow::Borrowed("stopped-before-architecture"),
        passed: early,
        message: match design.first() {
            Some(h) if !early => format!(
                "went into architecture ({} component or tool words, first at {}); the drill stops before it",
                design.len(),
                mm_ss(h.at_ms)
            ),
            _ => "stayed with questions and constraints".to_string(),
        },
        evidence: if early {
            Vec::new()
        } else {
            design.iter().take(2).map(|h| quote(s, h)).collect()
        },
    });
    report.questions = Some(questions);
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check, report};
    use super::super::SessionKind;
    use crate::rules::testkit::Kit;

    fn opening() -> Kit {
        Kit::new().say(0, "Int", "Clarification drill: design a chat system.")
    }

    #[test]
    fn questions_and_two_constraints_before_any_design_pass() {
        let kit = opening()
            .say(
                5,
                "Cand",
                "Who are the users? How large are groups? Do we need receipts?",
            )
            .tag("clarifying", "who are the users", "Who are the users?")
            .tag("clarifying", "how large", "How large are groups?")
            .say(
                30,
                "Cand",
                "So low latency matters, and messages must arrive in order.",
            )
            .tag("requirements", "low latency", "low latency")
            .tag("deep_dive", "ordering", "in order");
        let r = report(SessionKind::ClarifyDrill, &kit);
        assert_eq!(r.questions, Some(3));
        assert!(check(&r, "questions").passed);
        let two = check(&r, "two-constraints");
        assert!(two.passed, "{two:?}");
        assert_eq!(
            two.message,
            "the two constraints that drive the design: latency and ordering"
        );
        let names: Vec<&str> = r.constraints.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["latency", "ordering"]);
        assert!(check(&r, "stopped-before-architecture").passed);
        assert!(r.passed, "{r:#?}");
    }

    #[test]
    fn one_question_then_architecture_fails_every_check_but_the_budget() {
        let kit = opening()
            .say(5, "Cand", "How many users?")
            .tag("clarifying", "how many", "How many users?")
            .say(10, "Cand", "A load balancer, then Kafka and Redis.")
            .tag("architecture", "load balancer", "load balancer")
            .tag("tools", "kafka", "Kafka")
            .tag("tools", "redis", "Redis");
        let r = report(SessionKind::ClarifyDrill, &kit);
        let questions = check(&r, "questions");
        assert!(!questions.passed);
        assert!(
            questions.message.contains("aim for at least 3"),
            "{questions:?}"
        );
        assert!(!check(&r, "two-constraints").passed);
        let design = check(&r, "stopped-before-architecture");
        assert!(!design.passed);
        assert!(
            design
                .message
                .starts_with("went into architecture (3 component or tool words, first at 00:"),
            "{design:?}"
        );
        assert_eq!(design.evidence.len(), 2);
        assert!(check(&r, "budget").passed);
        assert!(!r.passed);
    }

    #[test]
    fn the_interviewers_constraints_do_not_count() {
        let kit = opening()
            .say(3, "Int", "Low latency matters here.")
            .tag("requirements", "low latency", "Low latency")
            .say(8, "Cand", "Who are the users?");
        let r = report(SessionKind::ClarifyDrill, &kit);
        assert!(r.constraints.is_empty(), "{:?}", r.constraints);
    }
}
