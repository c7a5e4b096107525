//! The architecture ladder (see the table in `rubric`).

#[allow(unused_imports)]
use super::*;

pub(super) fn score(f: &Facts) -> Scored {
    let arch = f.hits("architecture");
    let tools = f.hits("tools");
    if arch.is_empty() && tools.is_empty() {
        return (0, "no components or tools named".into(), vec![]);
    }
    if f.flagged(RuleId::BuzzwordList).is_some() {
        return (
            1,
            "a list of tools without requirements: buzzword-list".into(),
            f.finding_quotes(RuleId::BuzzwordList),
        );
    }
    let terms = distinct_terms(arch.iter().copied());
    if terms.len() < 2 {
        let mut all = arch.clone();
        all.extend(&tools);
        return (1, "barely any components".into(), f.quotes(&all));
    }
    let justifiers: Vec<&Hit> = ["reasons", "requirements"]
        .iter()
        .flat_map(|l| f.hits(l))
        .collect();
    let mut components = arch.clone();
    components.extend(&tools);
    let justified: Vec<&Hit> = components
        .iter()
        .copied()
        .filter(|h| f.near(h, &justifiers))
        .collect();
    let requirements_stated = !f.hits("requirements").is_empty();
    if !requirements_stated || distinct_terms(justified.iter().copied()).len() < 2 {
        return (
            2,
            format!(
                "plausible boxes ({}), not tied to requirements",
                list(&terms)
            ),
            f.quotes(&arch),
        );
    }
    let evolution = f.hits("evolution");
    if distinct_terms(evolution.iter().copied()).len() < 2 {
        return (
            3,
            "components map to requirements; no MVP-to-scale path".into(),
            f.quotes(&justified),
        );
    }
    let mut ev = f.quotes(&evolution);
    ev.extend(f.quotes(&justified));
    ev.truncate(MAX_EVIDENCE);
    (
        4,
        "components map to requirements, with an MVP and a scale path".into(),
        ev,
    )
}
