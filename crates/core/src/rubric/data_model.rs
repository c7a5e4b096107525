//! The data_model ladder (see the table in `rubric`).

#[allow(unused_imports)]
use super::*;

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
        .collect();
    if lifecycle.is_empty() {
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
