//! Evidence → draft 0–4 score per rubric dimension, and the draft verdict against the guide's bar.
//! Always a draft for a coach: it counts what was said, not how good it was.
//!
//! Each dimension climbs the guide's ladder one rung at a time; a rung needs everything below it.
//! "Said" always means said by the candidate; "near" means in the same sentence or the one
//! before or after it.
//!
//! | dimension | 0 | 1 | 2 | 3 | 4 |
//! |---|---|---|---|---|---|
//! | clarification | no question, assumption or requirement | `skipped-clarification` (both it and `tool-first-opening`: 0) | asks scope questions before the design | … and names ≥ 2 distinct constraints before the architecture phase | … and states an assumption or scopes something out before it, with ≥ 3 clarifying hits |
//! | scale_estimates | no estimate | no numbers, or a quarter of the estimates guessed | numbers, but ≥ 2 guessed, or no stated rate, or a rate alone | a stated rate plus a stated size or user count | … and a stated estimate sizes the design (a rate or size leads to a number of boxes in one sentence) |
//! | data_model | nothing | one data-model term (vague blobs) | ≥ 2 distinct entities/API terms | ≥ 3, with stated keys, indexes or access patterns | … and two kinds of lifecycle (a cache's TTL is not one) |
//! | architecture | no component or tool | `buzzword-list`, or a single component | ≥ 2 distinct components (plausible boxes) | … with requirements stated and ≥ 2 components/tools near a reason or requirement | … and an evolution path with ≥ 2 distinct evolution terms (MVP, at 10x) |
//! | tradeoffs | no tradeoff and no reason | reasons, or only loose words ("it depends", "instead of", "versus") | one weighing (a cost or alternative named) | weighings in ≥ 2 sentences, one with a choice (reason or choice word near) | weighings with a choice in ≥ 3 sentences, one near a requirement, ≥ 2 requirements stated |
//! | reliability | no failure, mechanism or monitoring talk | no mechanism near a failure mode (listed boxes only), or `exactly-once-without-idempotency` (caps at 1) | a mechanism within one sentence of a failure mode | idempotency/dedup + monitoring or backpressure-style protection + ≥ 2 distinct failure modes | … and the guide's three: recovery near the failure it recovers from, reconciliation, a multi-region plan; none guessed or declined |
//! | communication | no candidate speech | none of the four signals | some signals | structured and collaborative, plus summary or concise | all four: summary, structured, collaborative, concise |
//!
//! Communication signals: *summary* (no `missing-summary`); *structured* (measured timing: no
//! `phase-overrun` and at most one phase reported by `phase-skipped`; estimated timing: the
//! answer touches at least four of clarifying, scale, architecture, failure modes and summary);
//! *collaborative* (the candidate asked ≥ 2 questions); *concise* (longest monologue ≤ 5 minutes
//! when timed, filler rate ≤ 3 per 100 words).
//!
//! The verdict is [`verdict`] over the seven scores, so the analysis and the coach
//! scorecard judge the bar the same way: senior is an average ≥ 3 with at least one 4; staff adds
//! 4s in at least two of tradeoffs, reliability and communication, three 4s in all.

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::align::Phase;
use crate::lexicon::Hit;
use crate::rules::util::{candidate_hits, distinct_terms, evidence};
use crate::rules::Session;
use crate::rules::{candidate_sentences, sentence_at, Evidence, Finding, Sentence};
use crate::transcript::Timing;

pub use crate::ids::Dimension;
use crate::ids::{RuleId, Verdict};

pub mod metrics;
pub use metrics::{metrics, Metrics, LONG_PAUSE_MS};

mod architecture;
mod clarification;
mod communication;
mod data_model;
mod reliability;
mod scale_estimates;
mod tradeoffs;

/// The draft: seven scores with rationale and evidence, their average and the verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub rubric: Rubric,
    /// Mean of the seven scores, two decimals.
    pub average: f64,
    /// "staff", "senior" or "below_bar": a draft for a coach, never a decision.
    pub verdict: Verdict,
}

/// Quotes kept per dimension.
pub(crate) const MAX_EVIDENCE: usize = 3;

/// The longest monologue that still counts as concise.
pub(crate) const CONCISE_MONOLOGUE_MS: u64 = 5 * 60 * 1000;
/// The highest filler rate (per 100 words) that still counts as concise.
pub(crate) const CONCISE_FILLERS_PER_100: f64 = 3.0;

/// Scores every dimension from the session, its findings and the communication metrics.
pub fn draft(session: &Session, findings: &[Finding], metrics: &Metrics) -> Draft {
    let facts = Facts::new(session, findings);
    let entries: Vec<RubricEntry> = Dimension::ALL
        .into_iter()
        .map(|d| {
            let (score, rationale, evidence) = match d {
                Dimension::Clarification => clarification::score(&facts),
                Dimension::ScaleEstimates => scale_estimates::score(&facts),
                Dimension::DataModel => data_model::score(&facts),
                Dimension::Architecture => architecture::score(&facts),
                Dimension::Tradeoffs => tradeoffs::score(&facts),
                Dimension::Reliability => reliability::score(&facts),
                Dimension::Communication => communication::score(&facts, metrics),
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
        average: average(&scores),
        verdict: verdict(&scores),
    }
}

/// Draft score of one rubric dimension.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RubricEntry {
    #[serde(skip)]
    pub dimension: Dimension,
    /// 0–4, the guide's scale.
    pub score: u8,
    pub rationale: String,
    pub evidence: Vec<Evidence>,
}

/// The draft rubric: serialised as an object keyed by dimension id, in the guide's order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rubric(pub Vec<RubricEntry>);

impl Serialize for Rubric {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for entry in &self.0 {
            map.serialize_entry(entry.dimension.id(), entry)?;
        }
        map.end()
    }
}

/// Reads the object `Serialize` writes: `{}` (nothing to judge) or all seven dimensions, each
/// with a 0–4 score; entries come back in the guide's order.
impl<'de> Deserialize<'de> for Rubric {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        /// One entry as written: `RubricEntry` without the dimension, which is the map's key.
        #[derive(Deserialize)]
        struct Body {
            score: u8,
            rationale: String,
            evidence: Vec<Evidence>,
        }

        struct RubricVisitor;

        impl<'de> Visitor<'de> for RubricVisitor {
            type Value = Rubric;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object keyed by rubric dimension id")
            }

            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Rubric, A::Error> {
                let mut entries: Vec<RubricEntry> = Vec::with_capacity(Dimension::ALL.len());
                while let Some(key) = map.next_key::<String>()? {
                    let dimension = Dimension::from_id(&key).ok_or_else(|| {
                        let ids: Vec<&str> = Dimension::ALL.iter().map(|d| d.id()).collect();
                        de::Error::custom(format!(
                            "rubric: unknown dimension {key:?}; the dimensions are {}",
                            ids.join(", ")
                        ))
                    })?;
                    let body: Body = map.next_value()?;
                    if entries.iter().any(|e| e.dimension == dimension) {
                        return Err(de::Error::custom(format!("rubric: {key} appears twice")));
                    }
                    if body.score > 4 {
                        return Err(de::Error::custom(format!(
                            "rubric.{key}.score {} is not 0–4",
                            body.score
                        )));
                    }
                    entries.push(RubricEntry {
                        dimension,
                        score: body.score,
                        rationale: body.rationale,
                        evidence: body.evidence,
                    });
                }
                if !entries.is_empty() {
                    if let Some(d) = Dimension::ALL
                        .into_iter()
                        .find(|d| !entries.iter().any(|e| e.dimension == *d))
                    {
                        return Err(de::Error::custom(format!(
                            "rubric has no {} entry: a rubric is empty (nothing to judge) or scores all seven dimensions",
                            d.id()
                        )));
                    }
                }
                entries.sort_by_key(|e| e.dimension);
                Ok(Rubric(entries))
            }
        }

        deserializer.deserialize_map(RubricVisitor)
    }
}

/// Draft verdict against the guide's bar, from seven 0–4 scores in `Dimension::ALL` order.
/// Senior: average ≥ 3 with at least one 4. Staff: average ≥ 3 and 4s in at least two of
/// tradeoffs, reliability and communication, three 4s in all.
pub fn verdict(scores: &[u8; 7]) -> Verdict {
    let average = average(scores);
    let fours = scores.iter().filter(|&&s| s == 4).count();
    let staff_fours = [
        Dimension::Tradeoffs,
        Dimension::Reliability,
        Dimension::Communication,
    ]
    .iter()
    .filter(|d| scores[**d as usize] == 4)
    .count();
    if average >= 3.0 && fours >= 3 && staff_fours >= 2 {
        Verdict::Staff
    } else if average >= 3.0 && fours >= 1 {
        Verdict::Senior
    } else {
        Verdict::BelowBar
    }
}

pub fn average(scores: &[u8; 7]) -> f64 {
    let sum: u32 = scores.iter().map(|&s| u32::from(s)).sum();
    // Two decimals, so the value prints the same everywhere.
    (f64::from(sum) / 7.0 * 100.0).round() / 100.0
}

pub(crate) type Scored = (u8, String, Vec<Evidence>);

/// What the dimension rules look at, computed once.
pub(crate) struct Facts<'a> {
    s: &'a Session<'a>,
    findings: &'a [Finding],
    sentences: Vec<Sentence>,
    /// The candidate's hedges of doubt (see [`DOUBT`]).
    doubts: Vec<&'a Hit>,
}

/// Hedges that turn what they sit beside into a guess (terms of the `hedging` lexicon). "Maybe"
/// and "roughly" are not among them: a confident estimator says "maybe two hundred million daily".
const DOUBT: &[&str] = &["i guess", "i'm not sure", "or something"];

impl<'a> Facts<'a> {
    fn new(s: &'a Session<'a>, findings: &'a [Finding]) -> Facts<'a> {
        Facts {
            s,
            findings,
            sentences: candidate_sentences(s),
            doubts: candidate_hits(s, "hedging")
                .filter(|h| DOUBT.contains(&h.term.as_str()))
                .collect(),
        }
    }

    fn hits(&self, lexicon: &'a str) -> Vec<&'a Hit> {
        candidate_hits(self.s, lexicon).collect()
    }

    fn flagged(&self, id: RuleId) -> Option<&'a Finding> {
        self.findings.iter().find(|f| f.id == id)
    }

    fn count_flagged(&self, id: RuleId) -> usize {
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

    /// Whether any hit of `others` lies in the same sentence as `h`.
    fn near_same_sentence(&self, h: &Hit, others: &[&Hit]) -> bool {
        let Some(i) = self.sentence(h) else {
            return false;
        };
        others.iter().any(|o| self.sentence(o) == Some(i))
    }

    /// Whether `h` is said as a guess: in a question, or beside a hedge of doubt ("I guess", "or
    /// something"). A guess shows the candidate knows the topic exists, not that they can
    /// commit to it, so it never lifts a dimension above its lower rungs.
    fn guessed(&self, h: &Hit) -> bool {
        self.is_question(h) || self.near_same_sentence(h, &self.doubts)
    }

    /// Whether `h` is named to be declined: a negation among the few words before it in its
    /// sentence ("rather than queueing creates to reconcile later", "I skipped multi-region",
    /// "no backups").
    fn declined(&self, h: &Hit) -> bool {
        const CUES: &[&str] = &[
            "rather than",
            "instead of",
            "without",
            "skipped",
            "skip",
            "no",
            "not",
            "never",
            "don't",
            "won't",
            "wouldn't",
        ];
        /// Words before the hit that a negation may stand in.
        const REACH: usize = 8;
        let Some(i) = self.sentence(h) else {
            return false;
        };
        let sentence = &self.sentences[i];
        let Some(before) = self.s.transcript.segments[h.segment]
            .text
            .get(sentence.start..h.start.max(sentence.start))
        else {
            return false;
        };
        let mut words: Vec<String> = before
            .split_whitespace()
            .rev()
            .take(REACH)
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
                    .to_lowercase()
            })
            .collect();
        words.reverse();
        let window = format!(" {} ", words.join(" "));
        CUES.iter().any(|c| window.contains(&format!(" {c} ")))
    }

    /// When `phase` starts on the session timeline; the end of time when it never happened, so
    /// "before the architecture phase" is the whole session when there was none.
    fn before_phase(&self, phase: Phase) -> u64 {
        self.s
            .timeline
            .phases
            .iter()
            .find(|p| p.id == phase)
            .and_then(|p| p.start_ms)
            .unwrap_or(u64::MAX)
    }

    /// Whether `h` lies in a sentence said as a question.
    fn is_question(&self, h: &Hit) -> bool {
        self.sentence(h)
            .is_some_and(|i| self.sentences[i].is_question(self.s))
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
    fn finding_quotes(&self, id: RuleId) -> Vec<Evidence> {
        self.flagged(id)
            .map(|f| f.evidence.iter().take(MAX_EVIDENCE).cloned().collect())
            .unwrap_or_default()
    }
}

pub(crate) fn term_has(h: &Hit, keys: &[&str]) -> bool {
    keys.iter().any(|k| h.term.contains(k))
}

pub(crate) fn list(terms: &[&str]) -> String {
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
            filler_note: "".into(),
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
        assert_eq!(d.verdict, Verdict::BelowBar);
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
        let (s, why) = score(&tool_first, Dimension::Clarification);
        assert_eq!(s, 0, "a tool first and nothing asked before it: {why}");
        let designs_without_asking = opening()
            .say(5, "Cand", "A load balancer in front of the API servers.")
            .tag("architecture", "load balancer", "load balancer")
            .tag("architecture", "api server", "API servers")
            .say(30, "Cand", "Who are the users?")
            .tag("clarifying", "question", "Who are the users?");
        let (s, why) = score(&designs_without_asking, Dimension::Clarification);
        assert_eq!(s, 1, "{why}");
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
    fn constraints_and_assumptions_count_before_the_design_not_after() {
        let late = opening()
            .phase(Phase::Clarify, 0, 100)
            .phase(Phase::Architecture, 100, 1000)
            .say(5, "Cand", "Who are the users? Is it per key?")
            .tag("clarifying", "question", "Who are the users?")
            .tag("clarifying", "question", "Is it per key?")
            .say(30, "Cand", "It should be scalable.")
            .tag("requirements", "scalable", "scalable")
            .say(
                200,
                "Cand",
                "Low latency and high availability, and I'll assume one region.",
            )
            .tag("requirements", "low latency", "Low latency")
            .tag("requirements", "high availability", "high availability")
            .tag("clarifying", "i'll assume", "I'll assume");
        let (s, why) = score(&late, Dimension::Clarification);
        assert_eq!(s, 2, "{why}");
        let asked_assumption = opening()
            .say(5, "Cand", "Who are the users? Is it per key?")
            .tag("clarifying", "question", "Who are the users?")
            .tag("clarifying", "question", "Is it per key?")
            .say(
                30,
                "Cand",
                "So low latency and high availability matter most.",
            )
            .tag("requirements", "low latency", "low latency")
            .tag("requirements", "high availability", "high availability")
            .say(40, "Cand", "Can I assume approximate enforcement is fine?")
            .tag("clarifying", "i assume", "I assume");
        let (s, why) = score(&asked_assumption, Dimension::Clarification);
        assert_eq!(s, 3, "an assumption asked is a question: {why}");
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
        let boxes_as_load = math
            .clone()
            .say(
                60,
                "Cand",
                "Twenty thousand instances poll at 700 requests a second.",
            )
            .tag("scale", "sizing", "Twenty thousand instances")
            .tag("scale", "rate", "700 requests a second");
        assert_eq!(score(&boxes_as_load, Dimension::ScaleEstimates).0, 3);
        let driven = math
            .say(60, "Cand", "At 2000 writes per second that is four shards.")
            .tag("scale", "rate", "2000 writes per second")
            .tag("scale", "sizing", "four shards");
        let (s, why) = score(&driven, Dimension::ScaleEstimates);
        assert_eq!(s, 4, "{why}");
    }

    #[test]
    fn estimates_said_as_guesses_stay_on_the_lower_rungs() {
        let guesses = opening()
            .say(5, "Cand", "About 10 million users?")
            .tag("scale", "user_count", "10 million users")
            .say(10, "Cand", "A thousand requests a second, I guess.")
            .tag("scale", "rate", "thousand requests a second")
            .tag("hedging", "i guess", "I guess");
        let (s, why) = score(&guesses, Dimension::ScaleEstimates);
        assert_eq!(s, 1, "{why}");
        let mostly_stated = guesses
            .say(20, "Cand", "That is 2000 writes per second at peak.")
            .tag("scale", "rate", "2000 writes per second")
            .say(25, "Cand", "And 5 TB a year.")
            .tag("scale", "data_size", "5 TB")
            .say(30, "Cand", "With 3x for peak.")
            .tag("scale", "multiplier", "3x")
            .say(35, "Cand", "So 100 million users by next year.")
            .tag("scale", "user_count", "100 million users")
            .say(40, "Cand", "Reads are 10 to 1.")
            .tag("scale", "ratio", "10 to 1")
            .say(45, "Cand", "So 20000 reads per second.")
            .tag("scale", "rate", "20000 reads per second")
            .say(50, "Cand", "Each row is 500 bytes.")
            .tag("scale", "data_size", "500 bytes");
        let (s, why) = score(&mostly_stated, Dimension::ScaleEstimates);
        assert_eq!(s, 2, "two guesses make the math shaky: {why}");
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
        let one_kind = keyed
            .say(30, "Cand", "Links expire with a TTL of two years.")
            .tag("data_model", "ttl", "TTL");
        assert_eq!(score(&one_kind, Dimension::DataModel).0, 3);
        let lifecycle = one_kind
            .say(40, "Cand", "Click events are append only.")
            .tag("data_model", "append only", "append only");
        assert_eq!(score(&lifecycle, Dimension::DataModel).0, 4);
    }

    #[test]
    fn a_cache_ttl_and_a_guessed_key_are_not_data_model_evidence() {
        let kit = opening()
            .say(5, "Cand", "There is a posts table and a feeds table.")
            .tag("data_model", "table", "posts table")
            .tag("data_model", "entity", "feeds table")
            .tag("data_model", "timestamp", "table")
            .say(10, "Cand", "The clustering key is the post ID?")
            .tag("data_model", "clustering key", "clustering key")
            .say(20, "Cand", "The cache has a short TTL.")
            .tag("architecture", "cache", "cache")
            .tag("data_model", "ttl", "TTL")
            .say(30, "Cand", "Posts are append only.")
            .tag("data_model", "append only", "append only");
        let (s, why) = score(&kit, Dimension::DataModel);
        assert_eq!(s, 2, "{why}");
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
        // Loose comparison words weigh nothing on their own.
        let loose = one_sided
            .say(10, "Cand", "It depends. Push versus pull.")
            .tag("tradeoffs", "it depends", "It depends")
            .tag("tradeoffs", "versus", "Push versus pull");
        assert_eq!(score(&loose, Dimension::Tradeoffs).0, 1);
        let once = opening()
            .say(5, "Cand", "The downside of push is celebrities.")
            .tag("tradeoffs", "the downside", "The downside");
        assert_eq!(score(&once, Dimension::Tradeoffs).0, 2);
        let twice = once
            .say(
                60,
                "Cand",
                "The alternative is pull, because reads are rare.",
            )
            .tag("tradeoffs", "the alternative", "The alternative")
            .tag("reasons", "because", "because");
        assert_eq!(score(&twice, Dimension::Tradeoffs).0, 3);
        let chosen = twice
            .say(90, "Cand", "We need low latency and high availability. Given that, the cost of pull is too high, so I prefer push.")
            .tag("requirements", "low latency", "low latency")
            .tag("requirements", "high availability", "high availability")
            .tag("reasons", "given", "Given")
            .tag("tradeoffs", "the cost is", "the cost of pull")
            .tag("tradeoffs", "i prefer", "I prefer")
            .say(120, "Cand", "Fan-out on write comes at the cost of storage, given the latency need.")
            .tag("tradeoffs", "at the cost of", "at the cost of")
            .tag("reasons", "given", "given");
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
        // A mechanism listed with no failure beside it is name-dropping.
        let listed = opening()
            .say(5, "Cand", "We have retries and replication.")
            .tag("reliability", "retry", "retries")
            .tag("reliability", "replication", "replication");
        assert_eq!(score(&listed, Dimension::Reliability).0, 1);
        let retries = opening()
            .say(5, "Cand", "If a worker crashes we retry failed calls.")
            .tag("failure_modes", "crash", "crashes")
            .tag("reliability", "retry", "retry");
        assert_eq!(score(&retries, Dimension::Reliability).0, 2);
        let solid = || {
            opening()
                .say(5, "Cand", "If a worker crashes we retry failed calls.")
                .tag("failure_modes", "crash", "crashes")
                .tag("reliability", "retry", "retry")
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
                .tag("failure_modes", "duplicate message", "duplicate message")
                .say(50, "Cand", "Okay. Moving on. Next the cache.")
        };
        assert_eq!(score(&solid(), Dimension::Reliability).0, 3);
        // Recovery as a word in passing, far from any failure, is not a plan.
        let in_passing = solid()
            .say(60, "Cand", "There is also a reconciliation job.")
            .tag("reliability", "reconciliation", "reconciliation");
        assert_eq!(score(&in_passing, Dimension::Reliability).0, 3);
        let recovers = solid()
            .say(
                60,
                "Cand",
                "If the ledger drifts from the provider, a nightly reconciliation job repairs it.",
            )
            .tag("failure_modes", "drift", "drifts")
            .tag("reliability", "reconciliation", "reconciliation");
        let (s, why) = score(&recovers, Dimension::Reliability);
        assert_eq!(s, 3, "no multi-region plan yet: {why}");
        let regional = recovers
            .clone()
            .say(
                70,
                "Cand",
                "If we lose a region, we fail over to the replica in the second region.",
            )
            .tag("failure_modes", "region loss", "lose a region")
            .tag("reliability", "failover", "fail over");
        let (s, why) = score(&regional, Dimension::Reliability);
        assert_eq!(s, 4, "{why}");
        let declined = recovers
            .say(
                70,
                "Cand",
                "I skipped multi-region, a region outage is out of scope.",
            )
            .tag("failure_modes", "region loss", "region outage")
            .tag("reliability", "multi region", "multi-region");
        let (s, why) = score(&declined, Dimension::Reliability);
        assert_eq!(s, 3, "{why}");
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
