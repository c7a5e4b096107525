//! Evidence → draft 0–4 score per rubric dimension, and the draft verdict against the guide's bar.
//! Always a draft for a coach: it counts what was said, not how good it was.
//!
//! Each dimension climbs the guide's ladder one rung at a time; a rung needs everything below it.
//! "Said" always means said by the candidate; "near" means in the same sentence or the one
//! before or after it.
//!
//! | dimension | 0 | 1 | 2 | 3 | 4 |
//! |---|---|---|---|---|---|
//! | clarification | no question, assumption or requirement | jumps into tools: `tool-first-opening` or `skipped-clarification` | asks scope questions before the design | … and names ≥ 2 distinct requirements/constraints | … and states an assumption out loud, with ≥ 3 clarifying hits |
//! | scale_estimates | no estimate | estimate words but no numbers with units | numbers (users, counts, sizes) but no rate, or a rate alone | a rate (RPS/QPS, per second/day) plus a size, peak multiplier, ratio or user count, ≥ 3 estimate hits | … and an estimate sits near a reason and a design choice ("… per second, so we shard") |
//! | data_model | nothing | one data-model term (vague blobs) | ≥ 2 distinct entities/API terms | ≥ 3, with keys, indexes or access patterns | … and lifecycle: retention, TTL, append-only, state machine, versions |
//! | architecture | no component or tool | `buzzword-list`, or a single component | ≥ 2 distinct components (plausible boxes) | … with requirements stated and ≥ 2 components/tools near a reason or requirement | … and an evolution path with ≥ 2 distinct evolution terms (MVP, at 10x) |
//! | tradeoffs | no tradeoff and no reason | reasons but no tradeoff (one-sided) | one sentence weighing options | ≥ 2 such sentences (alternatives explained) | … and one is near a reason or requirement, with ≥ 2 requirements stated (choice from constraints) |
//! | reliability | no failure, mechanism or monitoring talk | no mechanism (only failures or monitoring), or `exactly-once-without-idempotency` (caps at 1) | a mechanism (retries, replication, fallback …) | idempotency/dedup + monitoring or backpressure-style protection + ≥ 2 distinct failure modes | … and recovery: reconciliation, failover, multi-region, disaster recovery, backups, replay |
//! | communication | no candidate speech | none of the four signals | some signals | structured and collaborative, plus summary or concise | all four: summary, structured, collaborative, concise |
//!
//! Communication signals: *summary* (no `missing-summary`); *structured* (measured timing: no
//! `phase-overrun` and at most one phase reported by `phase-skipped`; estimated timing: the
//! answer touches at least four of clarifying, scale, architecture, failure modes and summary);
//! *collaborative* (the candidate asked ≥ 2 questions); *concise* (longest monologue ≤ 5 minutes
//! when timed, filler rate ≤ 3 per 100 words).
//!
//! The verdict is `crate::scorecard::verdict` over the seven scores, so the analysis and the coach
//! scorecard judge the bar the same way: senior is an average ≥ 3 with at least one 4; staff adds
//! 4s in at least two of tradeoffs, reliability and communication, three 4s in all.

use serde::Serialize;

use crate::analysis::{Metrics, Rubric, RubricEntry, Session};
use crate::lexicon::Hit;
use crate::rules::util::{candidate_hits, distinct_terms, evidence};
use crate::rules::{candidate_sentences, sentence_at, Evidence, Finding, Sentence};
use crate::transcript::Timing;

/// The guide's seven rubric dimensions, in the guide's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Clarification,
    ScaleEstimates,
    DataModel,
    Architecture,
    Tradeoffs,
    Reliability,
    Communication,
}

impl Dimension {
    pub const ALL: [Dimension; 7] = [
        Dimension::Clarification,
        Dimension::ScaleEstimates,
        Dimension::DataModel,
        Dimension::Architecture,
        Dimension::Tradeoffs,
        Dimension::Reliability,
        Dimension::Communication,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Dimension::Clarification => "clarification",
            Dimension::ScaleEstimates => "scale_estimates",
            Dimension::DataModel => "data_model",
            Dimension::Architecture => "architecture",
            Dimension::Tradeoffs => "tradeoffs",
            Dimension::Reliability => "reliability",
            Dimension::Communication => "communication",
        }
    }

    /// The dimension with this id.
    pub fn from_id(id: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.id() == id)
    }
}

/// The draft: seven scores with rationale and evidence, their average and the verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub rubric: Rubric,
    /// Mean of the seven scores, two decimals.
    pub average: f64,
    /// "staff", "senior" or "below_bar": a draft for a coach, never a decision.
    pub verdict: &'static str,
}

/// Quotes kept per dimension.
const MAX_EVIDENCE: usize = 3;

/// The longest monologue that still counts as concise.
const CONCISE_MONOLOGUE_MS: u64 = 5 * 60 * 1000;
/// The highest filler rate (per 100 words) that still counts as concise.
const CONCISE_FILLERS_PER_100: f64 = 3.0;

/// Scores every dimension from the session, its findings and the communication metrics.
pub fn draft(session: &Session, findings: &[Finding], metrics: &Metrics) -> Draft {
    let facts = Facts::new(session, findings);
    let entries: Vec<RubricEntry> = Dimension::ALL
        .into_iter()
        .map(|d| {
            let (score, rationale, evidence) = match d {
                Dimension::Clarification => clarification(&facts),
                Dimension::ScaleEstimates => scale_estimates(&facts),
                Dimension::DataModel => data_model(&facts),
                Dimension::Architecture => architecture(&facts),
                Dimension::Tradeoffs => tradeoffs(&facts),
                Dimension::Reliability => reliability(&facts),
                Dimension::Communication => communication(&facts, metrics),
            };
            RubricEntry {
                dimension: d,
                score,
                rationale,
                evidence,
            }
        })
        .collect();
    let mut scores = [0u8; 7];
    for (slot, e) in scores.iter_mut().zip(&entries) {
        *slot = e.score;
    }
    Draft {
        rubric: Rubric(entries),
        average: crate::scorecard::average(&scores),
        verdict: crate::scorecard::verdict(&scores),
    }
}

type Scored = (u8, String, Vec<Evidence>);

/// What the dimension rules look at, computed once.
struct Facts<'a> {
    s: &'a Session<'a>,
    findings: &'a [Finding],
    sentences: Vec<Sentence>,
}

impl<'a> Facts<'a> {
    fn new(s: &'a Session<'a>, findings: &'a [Finding]) -> Facts<'a> {
        Facts {
            s,
            findings,
            sentences: candidate_sentences(s),
        }
    }

    fn hits(&self, lexicon: &'a str) -> Vec<&'a Hit> {
        candidate_hits(self.s, lexicon).collect()
    }

    fn flagged(&self, id: &str) -> Option<&'a Finding> {
        self.findings.iter().find(|f| f.id == id)
    }

    fn count_flagged(&self, id: &str) -> usize {
        self.findings.iter().filter(|f| f.id == id).count()
    }

    fn sentence(&self, h: &Hit) -> Option<usize> {
        sentence_at(&self.sentences, h)
    }

    /// Whether any hit of `near` lies in the same sentence as `h` or next to it.
    fn near(&self, h: &Hit, near: &[&Hit]) -> bool {
        let Some(i) = self.sentence(h) else {
            return false;
        };
        near.iter()
            .filter_map(|n| self.sentence(n))
            .any(|j| j + 1 >= i && j <= i + 1)
    }

    /// Distinct sentences holding these hits.
    fn sentences_of(&self, hits: &[&Hit]) -> usize {
        let mut idx: Vec<usize> = hits.iter().filter_map(|h| self.sentence(h)).collect();
        idx.sort_unstable();
        idx.dedup();
        idx.len()
    }

    /// One quote per distinct term, at most `MAX_EVIDENCE`.
    fn quotes(&self, hits: &[&Hit]) -> Vec<Evidence> {
        let mut seen: Vec<&str> = Vec::new();
        let mut out: Vec<Evidence> = Vec::new();
        for h in hits {
            if out.len() >= MAX_EVIDENCE {
                break;
            }
            if seen.contains(&h.term.as_str()) {
                continue;
            }
            seen.push(&h.term);
            let e = evidence(self.s, h);
            if !out.iter().any(|o| o.quote == e.quote) {
                out.push(e);
            }
        }
        out
    }

    /// The evidence of a finding, as the quotes behind a low score.
    fn finding_quotes(&self, id: &str) -> Vec<Evidence> {
        self.flagged(id)
            .map(|f| f.evidence.iter().take(MAX_EVIDENCE).cloned().collect())
            .unwrap_or_default()
    }
}

fn term_has(h: &Hit, keys: &[&str]) -> bool {
    keys.iter().any(|k| h.term.contains(k))
}

fn list(terms: &[&str]) -> String {
    const SHOWN: usize = 4;
    let mut out = terms
        .iter()
        .take(SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if terms.len() > SHOWN {
        out.push_str(", …");
    }
    out
}

fn clarification(f: &Facts) -> Scored {
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
    for id in ["tool-first-opening", "skipped-clarification"] {
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

fn scale_estimates(f: &Facts) -> Scored {
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

fn data_model(f: &Facts) -> Scored {
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

fn architecture(f: &Facts) -> Scored {
    let arch = f.hits("architecture");
    let tools = f.hits("tools");
    if arch.is_empty() && tools.is_empty() {
        return (0, "no components or tools named".into(), vec![]);
    }
    if f.flagged("buzzword-list").is_some() {
        return (
            1,
            "a list of tools without requirements: buzzword-list".into(),
            f.finding_quotes("buzzword-list"),
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

fn tradeoffs(f: &Facts) -> Scored {
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

fn reliability(f: &Facts) -> Scored {
    let mech = f.hits("reliability");
    let idem = f.hits("idempotency");
    let failures = f.hits("failure_modes");
    let monitoring = f.hits("monitoring");
    if mech.is_empty() && idem.is_empty() && failures.is_empty() && monitoring.is_empty() {
        return (0, "failure is never discussed".into(), vec![]);
    }
    if f.flagged("exactly-once-without-idempotency").is_some() {
        return (
            1,
            "claims exactly-once without idempotency or reconciliation".into(),
            f.finding_quotes("exactly-once-without-idempotency"),
        );
    }
    if mech.is_empty() && idem.is_empty() {
        let mut all = failures.clone();
        all.extend(&monitoring);
        return (
            1,
            "names failures but no mechanism to survive them".into(),
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
    recovery.extend(f.hits("deep_dive").into_iter().filter(|h| {
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
    let mut ev = f.quotes(&dedupe);
    if recovery.is_empty() {
        ev.extend(f.quotes(&monitoring));
        ev.truncate(MAX_EVIDENCE);
        return (
            3,
            format!(
                "idempotency, protection or monitoring, and {} failure modes",
                failure_terms.len()
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

fn communication(f: &Facts, m: &Metrics) -> Scored {
    if f.sentences.is_empty() {
        return (0, "no candidate speech".into(), vec![]);
    }
    let summary = f.flagged("missing-summary").is_none();
    let timed = f.s.transcript.timing == Timing::Measured;
    let structured = if timed {
        // `phase-skipped` groups adjacent phases, so count the phases, not the findings.
        let skipped = if f.flagged("phase-skipped").is_some() {
            f.s.timeline
                .phases
                .iter()
                .filter(|p| p.start_ms.is_none())
                .count()
        } else {
            0
        };
        f.count_flagged("phase-overrun") == 0 && skipped <= 1
    } else {
        [
            "clarifying",
            "scale",
            "architecture",
            "failure_modes",
            "summary",
        ]
        .iter()
        .filter(|l| !f.hits(l).is_empty())
        .count()
            >= 4
    };
    let collaborative = m.questions_asked >= 2;
    let concise = (!timed || m.longest_monologue_ms <= CONCISE_MONOLOGUE_MS)
        && m.filler_rate_per_100_words <= CONCISE_FILLERS_PER_100;
    let signals = [
        (summary, "summary"),
        (structured, "structured"),
        (collaborative, "collaborative"),
        (concise, "concise"),
    ];
    let have: Vec<&str> = signals
        .iter()
        .filter(|(ok, _)| *ok)
        .map(|(_, n)| *n)
        .collect();
    let lack: Vec<&str> = signals
        .iter()
        .filter(|(ok, _)| !*ok)
        .map(|(_, n)| *n)
        .collect();
    let score = match have.len() {
        4 => 4,
        3 if structured && collaborative => 3,
        0 => 1,
        _ => 2,
    };
    let mut ev = f.quotes(&f.hits("summary"));
    for id in ["phase-overrun", "missing-summary"] {
        ev.extend(f.finding_quotes(id));
    }
    ev.truncate(MAX_EVIDENCE);
    let rationale = format!(
        "{} questions asked, longest monologue {} s, {:.1} fillers per 100 words; {}{}",
        m.questions_asked,
        m.longest_monologue_ms / 1000,
        m.filler_rate_per_100_words,
        if have.is_empty() {
            "none of summary, structured, collaborative, concise".to_string()
        } else {
            have.join(", ")
        },
        if lack.is_empty() || have.is_empty() {
            String::new()
        } else {
            format!("; not {}", lack.join(", "))
        }
    );
    (score, rationale, ev)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::Kit;

    fn metrics() -> Metrics {
        Metrics {
            candidate_words: 1000,
            candidate_talk_ms: 1_800_000,
            words_per_minute: Some(150.0),
            talk_ratio: 0.7,
            longest_monologue_ms: 120_000,
            longest_monologue_start_ms: Some(0),
            long_pause_threshold_ms: crate::analysis::LONG_PAUSE_MS,
            long_pauses: Some(0),
            questions_asked: 4,
            fillers: 10,
            filler_rate_per_100_words: 1.0,
            filler_note: "",
        }
    }

    fn score(kit: &Kit, d: Dimension) -> (u8, String) {
        let s = kit.session();
        let findings = crate::rules::check_all(&s);
        let draft = draft(&s, &findings, &metrics());
        let e = draft
            .rubric
            .0
            .iter()
            .find(|e| e.dimension == d)
            .expect("every dimension scored");
        (e.score, e.rationale.clone())
    }

    fn opening() -> Kit {
        Kit::new().say(0, "Int", "Design a rate limiter.")
    }

    #[test]
    fn draft_scores_every_dimension_in_order_with_average_and_verdict() {
        let kit = opening().say(5, "Cand", "Okay.");
        let s = kit.session();
        let d = draft(&s, &[], &metrics());
        let dims: Vec<Dimension> = d.rubric.0.iter().map(|e| e.dimension).collect();
        assert_eq!(dims, Dimension::ALL.to_vec());
        assert_eq!(d.verdict, "below_bar");
        assert!(d.average < 1.0);
    }

    #[test]
    fn clarification_ladder_from_nothing_to_assumptions() {
        assert_eq!(
            score(&opening().say(5, "Cand", "Okay."), Dimension::Clarification).0,
            0
        );
        let tool_first = opening()
            .say(
                5,
                "Cand",
                "I would use Redis because it is fast. Who are the users?",
            )
            .tag("tools", "redis", "Redis")
            .tag("clarifying", "question", "Who are the users?");
        assert_eq!(score(&tool_first, Dimension::Clarification).0, 1);
        let asks = opening()
            .say(5, "Cand", "Who are the users? Is it per key?")
            .tag("clarifying", "question", "Who are the users?")
            .tag("clarifying", "question", "Is it per key?");
        assert_eq!(score(&asks, Dimension::Clarification).0, 2);
        let constraints = asks
            .say(
                60,
                "Cand",
                "So low latency and high availability matter most.",
            )
            .tag("requirements", "low latency", "low latency")
            .tag("requirements", "high availability", "high availability");
        assert_eq!(score(&constraints, Dimension::Clarification).0, 3);
        let assumes = constraints
            .say(90, "Cand", "I'll assume approximate enforcement is fine.")
            .tag("clarifying", "i'll assume", "I'll assume");
        let (s, why) = score(&assumes, Dimension::Clarification);
        assert_eq!(s, 4, "{why}");
    }

    #[test]
    fn scale_ladder_from_words_to_numbers_that_drive_design() {
        let words = opening()
            .say(5, "Cand", "Let me estimate.")
            .tag("scale", "estimate", "estimate");
        assert_eq!(score(&words, Dimension::ScaleEstimates).0, 1);
        let users = opening().say(5, "Cand", "About 10 million users.").tag(
            "scale",
            "user_count",
            "10 million users",
        );
        assert_eq!(score(&users, Dimension::ScaleEstimates).0, 2);
        let math = users
            .say(
                30,
                "Cand",
                "That is 2000 writes per second at peak, 3x average, 5 TB a year.",
            )
            .tag("scale", "rate", "2000 writes per second")
            .tag("scale", "multiplier", "3x average")
            .tag("scale", "data_size", "5 TB");
        assert_eq!(score(&math, Dimension::ScaleEstimates).0, 3);
        let driven = math
            .say(60, "Cand", "Because of that rate we shard the database.")
            .tag("reasons", "because", "Because")
            .tag("architecture", "database", "database");
        let (s, why) = score(&driven, Dimension::ScaleEstimates);
        assert_eq!(s, 4, "{why}");
    }

    #[test]
    fn no_estimate_scores_zero() {
        assert_eq!(
            score(
                &opening().say(5, "Cand", "Okay."),
                Dimension::ScaleEstimates
            )
            .0,
            0
        );
    }

    #[test]
    fn data_model_ladder_from_one_term_to_lifecycle() {
        let one = opening()
            .say(5, "Cand", "We store a table.")
            .tag("data_model", "table", "table");
        assert_eq!(score(&one, Dimension::DataModel).0, 1);
        let entities = one
            .say(10, "Cand", "An entity per link with a timestamp.")
            .tag("data_model", "entity", "entity")
            .tag("data_model", "timestamp", "timestamp");
        assert_eq!(score(&entities, Dimension::DataModel).0, 2);
        let keyed = entities
            .say(20, "Cand", "The partition key is the short code.")
            .tag("data_model", "partition key", "partition key");
        assert_eq!(score(&keyed, Dimension::DataModel).0, 3);
        let lifecycle = keyed
            .say(30, "Cand", "Links expire with a TTL of two years.")
            .tag("data_model", "ttl", "TTL");
        assert_eq!(score(&lifecycle, Dimension::DataModel).0, 4);
    }

    #[test]
    fn architecture_buzzword_list_scores_one_and_an_evolution_path_reaches_four() {
        let buzz = opening()
            .say(5, "Cand", "Kafka, Redis, Cassandra, Kubernetes.")
            .tag("tools", "kafka", "Kafka")
            .tag("tools", "redis", "Redis")
            .tag("tools", "cassandra", "Cassandra")
            .tag("tools", "kubernetes", "Kubernetes");
        assert_eq!(score(&buzz, Dimension::Architecture).0, 1);
        let boxes = opening()
            .say(
                5,
                "Cand",
                "A load balancer, then a cache, then the database.",
            )
            .tag("architecture", "load balancer", "load balancer")
            .tag("architecture", "cache", "cache")
            .tag("architecture", "database", "database");
        assert_eq!(score(&boxes, Dimension::Architecture).0, 2);
        let mapped = boxes
            .say(20, "Cand", "The cache is there because reads need low latency. The database is durable so that nothing is lost.")
            .tag("architecture", "cache", "cache is there")
            .tag("reasons", "because", "because")
            .tag("requirements", "low latency", "low latency")
            .tag("architecture", "database", "database is durable")
            .tag("reasons", "so that", "so that");
        assert_eq!(score(&mapped, Dimension::Architecture).0, 3);
        let evolves = mapped
            .say(
                40,
                "Cand",
                "For the MVP one region; at 10x traffic we add shards.",
            )
            .tag("evolution", "mvp", "MVP")
            .tag("evolution", "at_scale", "at 10x traffic");
        assert_eq!(score(&evolves, Dimension::Architecture).0, 4);
    }

    #[test]
    fn tradeoffs_ladder_from_one_sided_to_constraint_driven_choice() {
        let one_sided = opening()
            .say(5, "Cand", "Redis because it is fast.")
            .tag("reasons", "because", "because");
        assert_eq!(score(&one_sided, Dimension::Tradeoffs).0, 1);
        let once = opening().say(5, "Cand", "Push versus pull.").tag(
            "tradeoffs",
            "versus",
            "Push versus pull",
        );
        assert_eq!(score(&once, Dimension::Tradeoffs).0, 2);
        let twice = once
            .say(60, "Cand", "The downside of push is celebrities.")
            .tag("tradeoffs", "the downside", "The downside");
        assert_eq!(score(&twice, Dimension::Tradeoffs).0, 3);
        let chosen = twice
            .say(90, "Cand", "We need low latency and high availability. Given that, I prefer push rather than pull.")
            .tag("requirements", "low latency", "low latency")
            .tag("requirements", "high availability", "high availability")
            .tag("reasons", "given", "Given")
            .tag("tradeoffs", "i prefer", "I prefer");
        assert_eq!(score(&chosen, Dimension::Tradeoffs).0, 4);
    }

    #[test]
    fn reliability_exactly_once_without_idempotency_caps_at_one() {
        let kit = opening()
            .say(
                5,
                "Cand",
                "Exactly once delivery with retries and failover.",
            )
            .tag("exactly_once", "exactly once", "Exactly once")
            .tag("reliability", "retry", "retries")
            .tag("reliability", "failover", "failover");
        assert_eq!(score(&kit, Dimension::Reliability).0, 1);
    }

    #[test]
    fn reliability_ladder_from_retries_to_recovery() {
        assert_eq!(
            score(&opening().say(5, "Cand", "Okay."), Dimension::Reliability).0,
            0
        );
        let retries =
            opening()
                .say(5, "Cand", "We retry failed calls.")
                .tag("reliability", "retry", "retry");
        assert_eq!(score(&retries, Dimension::Reliability).0, 2);
        let solid = retries
            .say(
                20,
                "Cand",
                "Each call has an idempotency key. We alert on error rate.",
            )
            .tag("idempotency", "idempotency key", "idempotency key")
            .tag("monitoring", "error rate", "error rate")
            .say(
                40,
                "Cand",
                "A hot partition or a duplicate message could hurt.",
            )
            .tag("failure_modes", "hot partition", "hot partition")
            .tag("failure_modes", "duplicate message", "duplicate message");
        assert_eq!(score(&solid, Dimension::Reliability).0, 3);
        let recovers = solid
            .say(60, "Cand", "A nightly reconciliation job repairs drift.")
            .tag("reliability", "reconciliation", "reconciliation");
        assert_eq!(score(&recovers, Dimension::Reliability).0, 4);
    }

    #[test]
    fn communication_counts_summary_structure_questions_and_concision() {
        // Short, timed, questions asked, concise, but no summary in the closing window → 3.
        let kit = opening().say(5, "Cand", "Who are the users? We shard.");
        let (s, why) = score(&kit, Dimension::Communication);
        assert_eq!(s, 3, "{why}");
        let summarised = kit.say(30, "Cand", "To summarize, we shard by key.").tag(
            "summary",
            "to summarize",
            "To summarize",
        );
        assert_eq!(score(&summarised, Dimension::Communication).0, 4);
    }

    #[test]
    fn communication_monologues_and_fillers_cost_concision() {
        let kit = opening()
            .say(5, "Cand", "To summarize, we shard by key.")
            .tag("summary", "to summarize", "To summarize");
        let s = kit.session();
        let findings = crate::rules::check_all(&s);
        let mut m = metrics();
        m.filler_rate_per_100_words = 8.0;
        let d = draft(&s, &findings, &m);
        let comm = d
            .rubric
            .0
            .iter()
            .find(|e| e.dimension == Dimension::Communication)
            .unwrap();
        assert_eq!(comm.score, 3, "{}", comm.rationale);
        assert!(comm.rationale.contains("not concise"), "{}", comm.rationale);
    }

    #[test]
    fn dimension_ids_round_trip() {
        for d in Dimension::ALL {
            assert_eq!(Dimension::from_id(d.id()), Some(d));
        }
        assert_eq!(Dimension::from_id("vibes"), None);
    }
}
