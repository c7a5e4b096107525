//! The clarification ladder (see the table in `rubric`).
//!
//! Judged where clarifying belongs: constraints count when the candidate names them before the
//! architecture phase starts (requirements discovered in the deep dive are design, not
//! clarification), and so do assumptions; bare adjectives ("scalable", "the requirements") name no constraint.
//! An assumption is stated, not asked ("can I assume …?" is a question); scoping the problem
//! out loud ("out of scope for me: resale") narrows it the same way.

#[allow(unused_imports)]
use super::*;

/// Requirement words that name no constraint by themselves.
const VAGUE: &[&str] = &[
    "scalable",
    "scalability",
    "requirement",
    "functional requirement",
    "non functional requirement",
];

pub(super) fn score(f: &Facts) -> Scored {
    let clarifying = f.hits("clarifying");
    let before_design = f.before_phase(Phase::Architecture);
    let requirements: Vec<&Hit> = f
        .hits("requirements")
        .into_iter()
        .filter(|h| !VAGUE.contains(&h.term.as_str()) && h.at_ms < before_design)
        .collect();
    let req_terms = distinct_terms(requirements.iter().copied());
    let assumptions: Vec<&Hit> = clarifying
        .iter()
        .copied()
        .filter(|h| term_has(h, &["assum", "out of scope"]) && !f.guessed(h))
        .filter(|h| h.at_ms < before_design)
        .collect();
    if clarifying.is_empty() && requirements.is_empty() {
        return (
            0,
            "no clarifying question, assumption or requirement from the candidate".into(),
            vec![],
        );
    }
    if f.flagged(RuleId::ToolFirstOpening).is_some()
        && f.flagged(RuleId::SkippedClarification).is_some()
    {
        let mut ev = f.finding_quotes(RuleId::ToolFirstOpening);
        ev.truncate(MAX_EVIDENCE);
        return (
            0,
            "opens with a tool and asks nothing before designing: tool-first-opening and skipped-clarification"
                .into(),
            ev,
        );
    }
    for id in [RuleId::ToolFirstOpening, RuleId::SkippedClarification] {
        if f.flagged(id).is_some() {
            let mut ev = f.finding_quotes(id);
            ev.truncate(MAX_EVIDENCE);
            return (1, format!("jumps into the design: {id}"), ev);
        }
    }
    let mut ev = f.quotes(&clarifying);
    if req_terms.len() < 2 {
        return (
            2,
            format!(
                "asks scope questions ({} clarifying hits) but names few constraints",
                clarifying.len()
            ),
            ev,
        );
    }
    ev.extend(f.quotes(&requirements));
    ev.truncate(MAX_EVIDENCE);
    if assumptions.is_empty() || clarifying.len() < 3 {
        return (
            3,
            format!(
                "questions plus constraints ({}); no assumption stated out loud",
                list(&req_terms)
            ),
            ev,
        );
    }
    let mut ev = f.quotes(&assumptions);
    ev.extend(f.quotes(&clarifying));
    ev.truncate(MAX_EVIDENCE);
    (
        4,
        format!(
            "questions, constraints ({}) and stated assumptions narrow the problem",
            list(&req_terms)
        ),
        ev,
    )
}
