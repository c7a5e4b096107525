//! The scale_estimates ladder (see the table in `rubric`).
//!
//! In a long session almost every candidate says a few numbers, so the count of numbers decides
//! nothing. What a coach listens for is whether the estimates are *stated* (a number the candidate
//! commits to) or *guessed* (said as a question, "I guess", "or something"), whether they cover
//! both rate and size, and whether they go on to size the design ("peak twenty K is four
//! instances", "over a hundred shards that's a thousand each").

#[allow(unused_imports)]
use super::*;

/// Guessed estimates that make the math shaky, however many are stated.
const SHAKY_GUESSES: usize = 2;
/// Sentences that size a component from a stated estimate, needed for the top rung.
const SIZINGS_FOR_DESIGN: usize = 1;

pub(super) fn score(f: &Facts) -> Scored {
    // Boxes last: they are not a load estimate, so they are quoted only when nothing else is.
    let mut scale = f.hits("scale");
    scale.sort_by_key(|h| h.term == "sizing");
    if scale.iter().all(|h| h.term == "sizing") {
        return (0, "no scale estimate".into(), vec![]);
    }
    let kind = |keys: &[&str]| {
        scale
            .iter()
            .copied()
            .filter(|h| term_has(h, keys))
            .collect::<Vec<_>>()
    };
    let rates = kind(&[
        "rate",
        "qps",
        "rps",
        "tps",
        "per second",
        "peak traffic",
        "peak load",
    ]);
    let sizes = kind(&["data_size", "storage", "bandwidth"]);
    let counts = kind(&["user_count", "big_count", "active users"]);
    let others = kind(&["multiplier", "ratio"]);
    let mut numeric: Vec<&Hit> = [&rates, &sizes, &counts, &others]
        .into_iter()
        .flatten()
        .copied()
        .collect();
    numeric.sort_by_key(|h| (h.segment, h.start));
    if numeric.is_empty() {
        return (
            1,
            "talks about estimating but puts no numbers with units on the load".into(),
            f.quotes(&scale),
        );
    }

    // Guessed and stated estimates, counted by sentence.
    let guesses: Vec<&Hit> = numeric.iter().copied().filter(|h| f.guessed(h)).collect();
    let (n_guessed, n_all) = (f.sentences_of(&guesses), f.sentences_of(&numeric));
    if n_guessed * 4 >= n_all {
        return (
            1,
            format!(
                "estimates are guesses ({n_guessed} of {n_all} said as a question or with a hedge)"
            ),
            f.quotes(&guesses),
        );
    }
    let stated = |hits: &[&'_ Hit]| hits.iter().any(|h| !f.guessed(h));
    if n_guessed >= SHAKY_GUESSES {
        let mut ev = f.quotes(&guesses);
        ev.truncate(MAX_EVIDENCE);
        return (
            2,
            format!("rough numbers, but {n_guessed} estimates said as guesses"),
            ev,
        );
    }
    if !stated(&rates) {
        let mut hits = counts.clone();
        hits.extend(&sizes);
        hits.extend(&others);
        return (
            2,
            "rough counts or sizes, but no request rate".into(),
            f.quotes(&hits),
        );
    }
    let said = |hits: &[&'_ Hit]| -> Vec<Evidence> {
        let kept: Vec<&Hit> = hits.iter().copied().filter(|h| !f.guessed(h)).collect();
        f.quotes(&kept)
    };
    let mut ev = said(&rates);
    if !stated(&sizes) && !stated(&counts) {
        return (
            2,
            "a request rate, but no sizes or users to go with it".into(),
            ev,
        );
    }
    // A number of boxes counts when a stated estimate in the same sentence leads to it ("peak
    // twenty K is four instances"), not when the boxes are the load's source ("twenty thousand
    // instances poll every thirty seconds").
    let derived = |h: &Hit| {
        numeric
            .iter()
            .any(|n| n.segment == h.segment && n.start < h.start && f.near_same_sentence(h, &[n]))
    };
    let sizings: Vec<&Hit> = kind(&["sizing"])
        .into_iter()
        .filter(|h| !f.guessed(h) && derived(h))
        .collect();
    if f.sentences_of(&sizings) < SIZINGS_FOR_DESIGN {
        let mut more = sizes;
        more.extend(counts);
        more.extend(others);
        ev.extend(said(&more));
        ev.truncate(MAX_EVIDENCE);
        return (
            3,
            "credible rate and size math, not carried through to sizing the design".into(),
            ev,
        );
    }
    let mut ev = f.quotes(&sizings);
    ev.extend(said(&rates));
    ev.truncate(MAX_EVIDENCE);
    (
        4,
        format!(
            "estimates size the design ({} sentences turn a number into shards, nodes or instances)",
            f.sentences_of(&sizings)
        ),
        ev,
    )
}
