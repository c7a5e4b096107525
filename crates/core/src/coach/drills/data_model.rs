//! The data-model drill (10 min): entities, keys, indexes and retention, each named.

use std::borrow::Cow;

use super::{group, hits_in, Check, DrillReport};
use crate::rules::Session;

/// The data-model drill's four parts and the words that show each.
const DATA_PARTS: [(&str, &[(&str, &str)]); 4] = [
    (
        "entities",
        &[
            ("data_model", "entity"),
            ("data_model", "table"),
            ("data_model", "schema"),
            ("data_model", "data model"),
            ("data_model", "document model"),
            ("data_model", "ledger entry"),
            ("drill_data", "entities"),
            ("drill_data", "tables"),
            ("drill_data", "records"),
        ],
    ),
    (
        "keys",
        &[
            ("data_model", "primary key"),
            ("data_model", "partition key"),
            ("data_model", "sort key"),
            ("data_model", "clustering key"),
            ("data_model", "shard key"),
            ("data_model", "foreign key"),
            ("data_model", "foreign keys"),
            ("data_model", "composite key"),
            ("data_model", "idempotency key"),
            ("data_model", "key value"),
        ],
    ),
    (
        "indexes",
        &[
            ("data_model", "index"),
            ("data_model", "secondary index"),
            ("data_model", "global secondary index"),
            ("data_model", "inverted index"),
        ],
    ),
    (
        "retention",
        &[
            ("data_model", "retention"),
            ("data_model", "retention period"),
            ("data_model", "ttl"),
            ("drill_data", "expire"),
            ("drill_data", "expires"),
            ("drill_data", "expiry"),
            ("drill_data", "expiration"),
            ("drill_data", "archive"),
            ("drill_data", "archived"),
            ("drill_data", "archival"),
            ("drill_data", "purge"),
            ("drill_data", "purged"),
            ("drill_data", "delete after"),
            ("drill_data", "deleted after"),
            ("drill_data", "keep for"),
            ("drill_data", "kept for"),
            ("drill_data", "cold storage"),
            ("drill_data", "lifecycle"),
            ("drill_data", "compaction"),
            ("drill_data", "hard delete"),
            ("drill_data", "soft delete"),
        ],
    ),
];

pub(super) fn check(s: &Session, report: &mut DrillReport) {
    let hits = hits_in(s, &["data_model", "drill_data"]);
    for (part, words) in DATA_PARTS {
        let items = group(s, hits.iter().copied(), |h| {
            words
                .iter()
                .any(|(l, t)| h.lexicon == *l && h.term == *t)
                .then(|| h.term.clone())
        });
        let found: Vec<&str> = items.iter().map(|i| i.name.as_str()).collect();
        report.checks.push(Check {
            id: Cow::Borrowed(part),
            passed: !items.is_empty(),
            message: if items.is_empty() {
                format!("no {part} defined")
            } else {
                format!("{part}: {}", found.join(", "))
            },
            evidence: items
                .iter()
                .filter_map(|i| i.evidence.first().cloned())
                .take(3)
                .collect(),
        });
        report.data_model.insert(Cow::Borrowed(part), items);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check, report};
    use super::super::SessionKind;
    use crate::rules::testkit::Kit;

    fn opening() -> Kit {
        Kit::new().say(0, "Int", "Data model drill: the notification service.")
    }

    #[test]
    fn entities_keys_indexes_and_retention_each_pass() {
        let kit = opening()
            .say(5, "Cand", "The entities are user and notification.")
            .tag("drill_data", "entities", "entities")
            .say(
                30,
                "Cand",
                "The primary key is the notification id, with a secondary index on user.",
            )
            .tag("data_model", "primary key", "primary key")
            .tag("data_model", "secondary index", "secondary index")
            .say(60, "Cand", "Rows expire after thirty days with a TTL.")
            .tag("drill_data", "expire", "expire")
            .tag("data_model", "ttl", "TTL");
        let r = report(SessionKind::DataModelDrill, &kit);
        for part in ["entities", "keys", "indexes", "retention"] {
            assert!(check(&r, part).passed, "{part}: {r:#?}");
        }
        assert_eq!(check(&r, "retention").message, "retention: expire, ttl");
        let parts: Vec<&str> = r.data_model.keys().map(|k| k.as_ref()).collect();
        assert_eq!(parts, ["entities", "indexes", "keys", "retention"]);
        assert!(r.passed);
    }

    #[test]
    fn a_database_alone_defines_no_part() {
        let kit = opening()
            .say(5, "Cand", "We store them in a database.")
            .tag("architecture", "database", "database");
        let r = report(SessionKind::DataModelDrill, &kit);
        for part in ["entities", "keys", "indexes", "retention"] {
            let c = check(&r, part);
            assert!(
                !c.passed && c.message == format!("no {part} defined"),
                "{c:?}"
            );
        }
        assert!(r.data_model.values().all(Vec::is_empty));
    }
}
