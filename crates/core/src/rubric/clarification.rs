//! The clarification ladder (see the table in `rubric`).

#[allow(unused_imports)]
use super::*;

pub(super) fn score(f: &Facts) -> Scored {
    let clarifying = f.hits("clarifying");
    let requirements = f.hits("requirements");
    let req_terms = distinct_terms(requirements.iter().copied());
    let assumptions: Vec<&Hit> = clarifying
        .iter()
        .copied()
        .filter(|h| term_has(h, &["assum"]))
        .collect();
    if clarifying.is_empty() && requirements.is_empty() {
        return (
            0,
            "no clarifying question, assumption or requirement from the candidate".into(),
            vec![],
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
