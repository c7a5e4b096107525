//! The reliability ladder (see the table in `rubric`).

#[allow(unused_imports)]
use super::*;

pub(super) fn score(f: &Facts) -> Scored {
    let mech = f.hits("reliability");
    let idem = f.hits("idempotency");
    let failures = f.hits("failure_modes");
    let monitoring = f.hits("monitoring");
    if mech.is_empty() && idem.is_empty() && failures.is_empty() && monitoring.is_empty() {
        return (0, "failure is never discussed".into(), vec![]);
    }
    if f.flagged(RuleId::ExactlyOnceWithoutIdempotency).is_some() {
        return (
            1,
            "claims exactly-once without idempotency or reconciliation".into(),
            f.finding_quotes(RuleId::ExactlyOnceWithoutIdempotency),
        );
    }
    // A mechanism counts when it answers a failure: said within one sentence of a failure
    // mode. Mechanisms listed among the boxes ("autoscaling, replication, rate limiting") are
    // name-dropping, not a plan. Idempotency or dedup names its own failure (the duplicate).
    let answered = |hs: &[&'_ Hit]| hs.iter().any(|h| f.near(h, &failures));
    if !answered(&mech) && idem.is_empty() {
        let mut all = failures.clone();
        all.extend(&mech);
        all.extend(&monitoring);
        return (
            1,
            "names failures or mechanisms, but no mechanism tied to a failure".into(),
            f.quotes(&all),
        );
    }
    let mut dedupe = idem.clone();
    dedupe.extend(
        mech.iter()
            .copied()
            .filter(|h| term_has(h, &["idempot", "dedup"])),
    );
    let protection: Vec<&Hit> = mech
        .iter()
        .copied()
        .filter(|h| {
            term_has(
                h,
                &[
                    "backpressure",
                    "dead letter",
                    "circuit breaker",
                    "load shedding",
                    "rate limiting",
                    "bulkhead",
                    "backoff",
                ],
            )
        })
        .collect();
    let failure_terms = distinct_terms(failures.iter().copied());
    let mut all_mech = mech.clone();
    all_mech.extend(&idem);
    if dedupe.is_empty()
        || (monitoring.is_empty() && protection.is_empty())
        || failure_terms.len() < 2
    {
        return (
            2,
            format!(
                "basic mechanisms ({}); missing {}",
                list(&distinct_terms(all_mech.iter().copied())),
                missing_reliability(&dedupe, &monitoring, &protection, failure_terms.len())
            ),
            f.quotes(&all_mech),
        );
    }
    let mut recovery: Vec<&Hit> = all_mech
        .iter()
        .copied()
        .filter(|h| {
            term_has(
                h,
                &[
                    "reconcil",
                    "failover",
                    "multi region",
                    "disaster",
                    "backup",
                    "point in time",
                    "snapshot",
                    "replay",
                    "write ahead",
                    "active active",
                    "active passive",
                ],
            )
        })
        .collect();
    let deep_dive = f.hits("deep_dive");
    recovery.extend(deep_dive.into_iter().filter(|h| {
        term_has(
            h,
            &[
                "disaster",
                "multi region",
                "active active",
                "active passive",
            ],
        )
    }));
    // The guide's top rung names three things: recovery, reconciliation and a multi-region
    // plan, each stated (not guessed, not declined: "I skipped multi-region" is no plan).
    // Recovery and the regional plan are said against the failure they recover from: "for
    // cross-region, the write also goes to the other region" is replication.
    recovery.retain(|h| !f.guessed(h) && !f.declined(h));
    // Reconciliation is itself the answer to silent drift, so it needs no failure beside it.
    let reconciles = recovery.iter().any(|h| term_has(h, &["reconcil"]));
    recovery.retain(|h| f.near(h, &failures));
    let answers: Vec<&Hit> = mech
        .iter()
        .copied()
        .filter(|h| !f.guessed(h) && !f.declined(h))
        .filter(|h| {
            term_has(
                h,
                &[
                    "failover",
                    "replica",
                    "replication",
                    "backup",
                    "standby",
                    "active",
                    "point in time",
                ],
            )
        })
        .collect();
    // A regional plan: multi-region recovery said against a failure, or a region's loss
    // answered by a mechanism ("region loss: the database has a synchronous replica in
    // another region").
    let regional = recovery.iter().any(|h| {
        term_has(
            h,
            &[
                "multi region",
                "disaster",
                "active active",
                "active passive",
            ],
        )
    }) || failures
        .iter()
        .filter(|h| term_has(h, &["region"]) && !f.guessed(h))
        .any(|h| f.near(h, &answers));
    let mut ev = f.quotes(&dedupe);
    let missing: Vec<&str> = [
        (recovery.is_empty(), "recovery said against a failure"),
        (!reconciles, "reconciliation"),
        (!regional, "multi-region plan"),
    ]
    .into_iter()
    .filter_map(|(miss, what)| miss.then_some(what))
    .collect();
    if !missing.is_empty() {
        ev.extend(f.quotes(&monitoring));
        ev.truncate(MAX_EVIDENCE);
        return (
            3,
            format!(
                "idempotency, protection or monitoring, and {} failure modes; no {}",
                failure_terms.len(),
                missing.join(", no ")
            ),
            ev,
        );
    }
    let mut ev4 = f.quotes(&recovery);
    ev4.append(&mut ev);
    ev4.truncate(MAX_EVIDENCE);
    (
        4,
        format!(
            "idempotency, monitoring or protection, {} failure modes, and recovery ({})",
            failure_terms.len(),
            list(&distinct_terms(recovery.iter().copied()))
        ),
        ev4,
    )
}

fn missing_reliability(
    dedupe: &[&Hit],
    monitoring: &[&Hit],
    protection: &[&Hit],
    failures: usize,
) -> String {
    let mut missing = Vec::new();
    if dedupe.is_empty() {
        missing.push("idempotency");
    }
    if monitoring.is_empty() && protection.is_empty() {
        missing.push("monitoring or backpressure");
    }
    if failures < 2 {
        missing.push("two distinct failure modes");
    }
    missing.join(", ")
}
