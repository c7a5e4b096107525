//! The tradeoffs ladder (see the table in `rubric`).
//!
//! A tradeoff is judged on real comparisons, not on how often comparison words turn up: "it
//! depends", "instead of", a bare "versus" or "I'd go with Kafka" alone weigh nothing. A *weighing*
//! names a cost or an alternative out loud ("the downside is", "at the cost of", "the
//! alternative", "two options", "the tradeoff", "X versus Y" with a reason within one
//! sentence or a choice within the next two, a choice that names the option turned down: "I chose X over Y"); a weighing *with a choice* also has a choice
//! ("I chose", "I'd go with", "rather than", "I prefer") or a reason within one sentence of it.

#[allow(unused_imports)]
use super::*;

/// Tradeoff terms that do not name a cost or an alternative on their own.
const LOOSE: &[&str] = &[
    "it depends",
    "instead of",
    "rather than",
    "versus",
    "i chose",
    "i prefer",
    "i would favor",
    "easier to operate",
    "harder to operate",
];

/// Tradeoff terms that are a choice.
const CHOICE: &[&str] = &[
    "i chose",
    "i prefer",
    "i would favor",
    "rather than",
    "over",
];

fn is(h: &Hit, terms: &[&str]) -> bool {
    terms.contains(&h.term.as_str())
}

pub(super) fn score(f: &Facts) -> Scored {
    let t = f.hits("tradeoffs");
    let reasons = f.hits("reasons");
    // "X versus Y" weighs when a reason comes with it; "chose X over Y" names both sides.
    let weighing: Vec<&Hit> = t
        .iter()
        .copied()
        .filter(|h| {
            !is(h, LOOSE)
                || (h.term == "versus" && (f.near(h, &reasons) || chosen_after(f, h, &t)))
                || (is(h, CHOICE) && names_rejected(f, h))
        })
        .collect();
    if weighing.is_empty() {
        if reasons.is_empty() && t.is_empty() {
            return (0, "no tradeoff and no reasons given".into(), vec![]);
        }
        let mut ev = reasons.clone();
        ev.extend(&t);
        return (
            1,
            "reasons for choices but never names the cost of an alternative (one-sided)".into(),
            f.quotes(&ev),
        );
    }
    let n = f.sentences_of(&weighing);
    let choices: Vec<&Hit> = t.iter().copied().filter(|h| is(h, CHOICE)).collect();
    let mut justifiers = reasons.clone();
    justifiers.extend(choices.iter().copied());
    let chosen: Vec<&Hit> = weighing
        .iter()
        .copied()
        .filter(|h| f.near(h, &justifiers))
        .collect();
    let m = f.sentences_of(&chosen);
    if n < 2 || m == 0 {
        return (
            2,
            format!("weighs options in {n} place(s), {m} with a choice"),
            f.quotes(&weighing),
        );
    }
    let requirements = f.hits("requirements");
    let constraints = distinct_terms(requirements.iter().copied()).len();
    let from_constraints: Vec<&Hit> = chosen
        .iter()
        .copied()
        .filter(|h| f.near(h, &requirements))
        .collect();
    if m < 3 || from_constraints.is_empty() || constraints < 2 {
        return (
            3,
            format!("explains alternatives in {n} places, {m} with a choice"),
            f.quotes(&chosen),
        );
    }
    (
        4,
        format!("weighs alternatives and chooses in {m} places, from stated constraints"),
        f.quotes(&from_constraints),
    )
}

/// Whether the sentence of a choice also names the option it turned down: "I chose the hybrid
/// over pure fan-out", "I'd go with Postgres rather than Dynamo".
fn names_rejected(f: &Facts, h: &Hit) -> bool {
    let Some(i) = f.sentence(h) else {
        return false;
    };
    let t = &f.sentences[i];
    let text = f.s.transcript.segments[t.segment].text[t.start..t.end].to_lowercase();
    let after = &text[h.end.saturating_sub(t.start).min(text.len())..];
    [" over ", "rather than", "instead of"]
        .iter()
        .any(|w| after.contains(w))
}

/// Whether a choice word follows "X versus Y" within the next two sentences: the options laid
/// out, then one picked.
fn chosen_after(f: &Facts, h: &Hit, t: &[&Hit]) -> bool {
    let Some(i) = f.sentence(h) else {
        return false;
    };
    t.iter()
        .filter(|c| is(c, CHOICE))
        .filter_map(|c| f.sentence(c))
        .any(|j| j > i && j <= i + 2)
}
