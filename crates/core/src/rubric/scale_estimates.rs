//! The scale_estimates ladder (see the table in `rubric`).

#[allow(unused_imports)]
use super::*;

pub(super) fn score(f: &Facts) -> Scored {
    let scale = f.hits("scale");
    if scale.is_empty() {
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
    let numeric = rates.len() + sizes.len() + counts.len() + others.len();
    if numeric == 0 {
        return (
            1,
            "talks about estimating but puts no numbers with units on the load".into(),
            f.quotes(&scale),
        );
    }
    if rates.is_empty() {
        let mut hits = counts.clone();
        hits.extend(&sizes);
        hits.extend(&others);
        return (
            2,
            "rough counts or sizes, but no request rate".into(),
            f.quotes(&hits),
        );
    }
    let mut ev = f.quotes(&rates);
    if (sizes.len() + counts.len() + others.len()) == 0 || scale.len() < 3 {
        return (
            2,
            "a request rate, but no sizes, peak or users to go with it".into(),
            ev,
        );
    }
    let design: Vec<&Hit> = ["architecture", "tools", "deep_dive", "data_model"]
        .iter()
        .flat_map(|l| f.hits(l))
        .collect();
    let reasons = f.hits("reasons");
    let connected: Vec<&Hit> = scale
        .iter()
        .copied()
        .filter(|h| f.near(h, &reasons) && f.near(h, &design))
        .collect();
    if connected.is_empty() {
        let mut more = sizes;
        more.extend(counts);
        more.extend(others);
        ev.extend(f.quotes(&more));
        ev.truncate(MAX_EVIDENCE);
        return (
            3,
            "credible rate and size math, not tied to a design choice".into(),
            ev,
        );
    }
    let mut ev = f.quotes(&connected);
    ev.extend(f.quotes(&rates));
    ev.truncate(MAX_EVIDENCE);
    (
        4,
        "estimates drive design choices (a number next to a reason and a component)".into(),
        ev,
    )
}
