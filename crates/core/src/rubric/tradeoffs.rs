//! The tradeoffs ladder (see the table in `rubric`).

#[allow(unused_imports)]
use super::*;

pub(super) fn score(f: &Facts) -> Scored {
    let t = f.hits("tradeoffs");
    let reasons = f.hits("reasons");
    if t.is_empty() {
        if reasons.is_empty() {
            return (0, "no tradeoff and no reasons given".into(), vec![]);
        }
        return (
            1,
            "reasons for choices but never weighs an alternative (one-sided)".into(),
            f.quotes(&reasons),
        );
    }
    let n = f.sentences_of(&t);
    if n < 2 {
        return (2, "weighs options once".into(), f.quotes(&t));
    }
    let mut justifiers = reasons.clone();
    justifiers.extend(f.hits("requirements"));
    let chosen: Vec<&Hit> = t
        .iter()
        .copied()
        .filter(|h| f.near(h, &justifiers))
        .collect();
    let constraints = distinct_terms(f.hits("requirements").into_iter()).len();
    if chosen.is_empty() || constraints < 2 {
        return (
            3,
            format!("explains alternatives in {n} places"),
            f.quotes(&t),
        );
    }
    (
        4,
        format!("explains alternatives in {n} places and chooses from stated constraints"),
        f.quotes(&chosen),
    )
}
