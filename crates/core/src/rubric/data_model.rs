//! The data_model ladder (see the table in `rubric`).
//!
//! Keys and lifecycle count only when stated, not guessed ("clustering key is the post ID?"), and
//! a TTL counts as data lifecycle only when it is not a cache's: "a short cache TTL" bounds
//! staleness, "every feed entry gets a TTL of a week" retires data. The top rung needs two kinds
//! of lifecycle (retention, expiry, append-only, states, versions), not one word.

#[allow(unused_imports)]
use super::*;

/// Distinct lifecycle terms the top rung needs.
const LIFECYCLE_KINDS: usize = 2;

pub(super) fn score(f: &Facts) -> Scored {
    let dm = f.hits("data_model");
    let terms = distinct_terms(dm.iter().copied());
    match terms.len() {
        0 => return (0, "no data model or API discussed".into(), vec![]),
        1 => {
            return (
                1,
                format!("only one data-model term ({})", list(&terms)),
                f.quotes(&dm),
            )
        }
        _ => {}
    }
    // A bare "index" counts only beside another data-model term: "indexes messages in
    // Elasticsearch" is a search box, not a schema.
    let same_sentence_entity = |h: &Hit| {
        let i = f.sentence(h);
        i.is_some() && dm.iter().any(|o| o.term != h.term && f.sentence(o) == i)
    };
    let access: Vec<&Hit> = dm
        .iter()
        .copied()
        .filter(|h| {
            term_has(
                h,
                &[
                    "key",
                    "index",
                    "access pattern",
                    "pagination",
                    "cursor",
                    "schema",
                ],
            )
        })
        .filter(|h| h.term != "index" || same_sentence_entity(h))
        .filter(|h| !f.guessed(h))
        .collect();
    if access.is_empty() || terms.len() < 3 {
        return (
            2,
            format!(
                "some entities ({}), no keys or access patterns",
                list(&terms)
            ),
            f.quotes(&dm),
        );
    }
    let caches: Vec<&Hit> = f
        .hits("architecture")
        .into_iter()
        .filter(|h| term_has(h, &["cache"]))
        .collect();
    let lifecycle: Vec<&Hit> = dm
        .iter()
        .copied()
        .filter(|h| {
            term_has(
                h,
                &[
                    "retention",
                    "ttl",
                    "append only",
                    "immutable",
                    "state machine",
                    "version",
                    "status field",
                    "created at",
                ],
            )
        })
        .filter(|h| !f.guessed(h))
        .filter(|h| h.term != "ttl" || !f.near_same_sentence(h, &caches))
        .collect();
    if distinct_terms(lifecycle.iter().copied()).len() < LIFECYCLE_KINDS {
        return (
            3,
            format!(
                "keys and access patterns ({})",
                list(&distinct_terms(access.iter().copied()))
            ),
            f.quotes(&access),
        );
    }
    let mut ev = f.quotes(&lifecycle);
    ev.extend(f.quotes(&access));
    ev.truncate(MAX_EVIDENCE);
    (
        4,
        format!(
            "keys/indexes plus lifecycle ({})",
            list(&distinct_terms(lifecycle.iter().copied()))
        ),
        ev,
    )
}
