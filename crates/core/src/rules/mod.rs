//! Flags: small named rules, one file each (Harper style). Each rule reads a `Session` and returns
//! findings with timestamped evidence. CONTRACT types below are used by rubric and report.
//!
//! Candidate rules judge only the candidate's words (`Roles::is_candidate`); the interviewer
//! saying "Redis" first is not a tool-first opening. Phase rules (`phase-overrun`,
//! `phase-skipped`) stay silent on transcripts whose timing is estimated (plain text): the report
//! says that phase timing is unavailable, so the flags never claim more than the input shows.

use serde::{Deserialize, Serialize};

use crate::align::Timeline;
use crate::ids::{Dimension, RuleId};
use crate::lexicon::Hit;
use crate::roles::Roles;
use crate::transcript::Transcript;

mod text;
pub use text::{candidate_sentences, clip, sentence_at, Sentence};

mod buzzword_list;
mod exactly_once_without_idempotency;
mod missing_evolution_path;
mod missing_summary;
mod missing_tradeoff;
mod no_failure_modes;
mod no_monitoring;
mod no_scale_estimates;
mod phase_overrun;
mod phase_skipped;
mod skipped_clarification;
mod tool_first_opening;

#[cfg(test)]
pub(crate) mod testkit;

/// Everything a rule may look at; built once per analysed session. The one session context of the
/// analysis: the coach's drills and Day-7 review read it too.
pub struct Session<'a> {
    pub transcript: &'a Transcript,
    pub roles: &'a Roles,
    /// All lexicon hits over all segments (both speakers), sorted by (segment, start).
    pub hits: &'a [Hit],
    pub timeline: &'a Timeline,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Info,
    Warning,
    Error,
}

/// A quote from the transcript at a time on the recording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub start_ms: u64,
    pub quote: String,
}

/// One flag raised on a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable id, e.g. "tool-first-opening".
    pub id: RuleId,
    pub dimension: Dimension,
    pub level: Level,
    pub at_ms: u64,
    pub message: String,
    pub evidence: Vec<Evidence>,
    /// For absence findings ("no summary"): the window that was searched, [start_ms, end_ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub searched_ms: Option<(u64, u64)>,
}

/// A flag: a stable id, the rubric dimension it speaks to, and a check over a session.
pub trait Rule: Sync {
    /// Stable id, e.g. "tool-first-opening"; never reuse or rename one.
    fn id(&self) -> RuleId;
    fn dimension(&self) -> Dimension;
    fn level(&self) -> Level;
    /// Every finding of this rule on the session (usually zero or one).
    fn check(&self, s: &Session) -> Vec<Finding>;
}

/// Every rule, in id order.
pub static REGISTRY: &[&dyn Rule] = &[
    &buzzword_list::BuzzwordList,
    &exactly_once_without_idempotency::ExactlyOnceWithoutIdempotency,
    &missing_evolution_path::MissingEvolutionPath,
    &missing_summary::MissingSummary,
    &missing_tradeoff::MissingTradeoff,
    &no_failure_modes::NoFailureModes,
    &no_monitoring::NoMonitoring,
    &no_scale_estimates::NoScaleEstimates,
    &phase_overrun::PhaseOverrun,
    &phase_skipped::PhaseSkipped,
    &skipped_clarification::SkippedClarification,
    &tool_first_opening::ToolFirstOpening,
];

/// The ids of every rule, in id order.
pub fn ids() -> Vec<RuleId> {
    REGISTRY.iter().map(|r| r.id()).collect()
}

/// The rule with this id.
pub fn get(id: &str) -> Option<&'static dyn Rule> {
    REGISTRY.iter().copied().find(|r| r.id().as_str() == id)
}

/// Runs every rule; findings sorted by (at_ms, id, message) so output never depends on rule order.
pub fn check_all(session: &Session) -> Vec<Finding> {
    let mut findings: Vec<Finding> = REGISTRY.iter().flat_map(|r| r.check(session)).collect();
    findings.sort_by(|a, b| {
        (a.at_ms, a.id.as_str(), &a.message).cmp(&(b.at_ms, b.id.as_str(), &b.message))
    });
    findings
}

/// Building blocks the rule files share.
pub mod util {
    use super::Session;
    use super::{Evidence, Finding, Rule};
    use crate::lexicon::Hit;
    use crate::transcript::Timing;

    /// The candidate's hits in one lexicon, in transcript order.
    pub fn candidate_hits<'s>(
        s: &'s Session,
        lexicon: &'s str,
    ) -> impl Iterator<Item = &'s Hit> + 's {
        s.hits
            .iter()
            .filter(move |h| h.lexicon == lexicon && is_candidate_hit(s, h))
    }

    /// The candidate's hits in any of several lexicons, in transcript order.
    pub fn candidate_hits_in<'s>(
        s: &'s Session,
        lexicons: &'s [&'s str],
    ) -> impl Iterator<Item = &'s Hit> + 's {
        s.hits
            .iter()
            .filter(move |h| lexicons.contains(&h.lexicon.as_str()) && is_candidate_hit(s, h))
    }

    pub fn is_candidate_hit(s: &Session, h: &Hit) -> bool {
        s.transcript
            .segments
            .get(h.segment)
            .is_some_and(|seg| s.roles.is_candidate(seg))
    }

    /// Distinct canonical terms, sorted.
    pub fn distinct_terms<'h>(hits: impl Iterator<Item = &'h Hit>) -> Vec<&'h str> {
        let mut terms: Vec<&str> = hits.map(|h| h.term.as_str()).collect();
        terms.sort_unstable();
        terms.dedup();
        terms
    }

    /// The sentence around a hit, clipped, at the hit's time.
    pub fn evidence(s: &Session, h: &Hit) -> Evidence {
        let text = s
            .transcript
            .segments
            .get(h.segment)
            .map_or("", |seg| seg.text.as_str());
        Evidence {
            start_ms: h.at_ms,
            quote: super::text::quote_around(text, h.start, h.end),
        }
    }

    /// Evidence for the first hit of each distinct term, at most `max` of them.
    pub fn evidence_per_term<'h>(
        s: &Session,
        hits: impl Iterator<Item = &'h Hit>,
        max: usize,
    ) -> Vec<Evidence> {
        let mut seen: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        for h in hits {
            if out.len() >= max {
                break;
            }
            if seen.contains(&h.term.as_str()) {
                continue;
            }
            seen.push(&h.term);
            out.push(evidence(s, h));
        }
        out
    }

    /// Whether the transcript's times come from the recording (not estimated from plain text).
    pub fn timing_measured(s: &Session) -> bool {
        s.transcript.timing == Timing::Measured
    }

    /// Start of the candidate's first segment and end of the session: the window a whole-session
    /// absence finding searched.
    pub fn whole_session(s: &Session) -> (u64, u64) {
        let start = s
            .transcript
            .segments
            .iter()
            .find(|seg| s.roles.is_candidate(seg))
            .map_or(0, |seg| seg.start_ms);
        (start, s.transcript.duration_ms.max(start))
    }

    /// Whether the session has any candidate speech at all; absence rules say nothing without it
    /// (the report says there is nothing to judge).
    pub fn has_candidate_speech(s: &Session) -> bool {
        s.transcript
            .segments
            .iter()
            .any(|seg| s.roles.is_candidate(seg) && !seg.text.trim().is_empty())
    }

    /// The candidate's last sentence, as context for an absence finding about the ending.
    pub fn last_candidate_words(s: &Session) -> Option<Evidence> {
        let seg = s
            .transcript
            .segments
            .iter()
            .rev()
            .find(|seg| s.roles.is_candidate(seg) && !seg.text.trim().is_empty())?;
        let text = seg.text.trim_end();
        let (start, _) = super::text::sentence_bounds(text, text.len().saturating_sub(1));
        Some(Evidence {
            start_ms: seg.start_ms,
            quote: super::text::quote_around(text, start, text.len()),
        })
    }

    /// A finding of `rule` with its dimension and level.
    pub fn finding(
        rule: &dyn Rule,
        at_ms: u64,
        message: String,
        evidence: Vec<Evidence>,
    ) -> Finding {
        Finding {
            id: rule.id(),
            dimension: rule.dimension(),
            level: rule.level(),
            at_ms,
            message,
            evidence,
            searched_ms: None,
        }
    }

    /// An absence finding: at the start of the searched window, saying which window it searched.
    pub fn absence(
        rule: &dyn Rule,
        window: (u64, u64),
        message: String,
        evidence: Vec<Evidence>,
    ) -> Finding {
        Finding {
            searched_ms: Some(window),
            ..finding(rule, window.0, message, evidence)
        }
    }

    /// `mm:ss` (or `h:mm:ss`) for messages.
    pub fn mmss(ms: u64) -> String {
        let s = ms / 1000;
        if s >= 3600 {
            format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
        } else {
            format!("{:02}:{:02}", s / 60, s % 60)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testkit::Kit;
    use super::*;

    #[test]
    fn registry_ids_are_unique_sorted_and_kebab_case() {
        let ids = ids();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(ids, sorted);
        assert_eq!(ids, RuleId::ALL.to_vec(), "every id has exactly one rule");
        for id in ids {
            assert!(
                id.as_str()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-'),
                "{id}"
            );
        }
    }

    #[test]
    fn get_finds_a_rule_by_id_and_not_an_unknown_one() {
        assert_eq!(
            get("missing-summary").map(|r| r.id()),
            Some(RuleId::MissingSummary)
        );
        assert!(get("no-such-flag").is_none());
    }

    #[test]
    fn check_all_sorts_by_time_then_id() {
        let kit = Kit::new()
            .say(0, "Int", "Design a job queue.")
            .say(
                10,
                "Cand",
                "I would use Kafka and Redis and Cassandra and Kubernetes and Spark.",
            )
            .tag("tools", "kafka", "Kafka")
            .tag("tools", "redis", "Redis")
            .tag("tools", "cassandra", "Cassandra")
            .tag("tools", "kubernetes", "Kubernetes")
            .tag("tools", "spark", "Spark");
        let findings = check_all(&kit.session());
        assert!(!findings.is_empty());
        let keys: Vec<(u64, &str)> = findings.iter().map(|f| (f.at_ms, f.id.as_str())).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
    }

    #[test]
    fn rule_findings_carry_the_rule_id_and_dimension() {
        let kit = Kit::new()
            .say(0, "Cand", "I would use Redis for counters.")
            .tag("tools", "redis", "Redis");
        for f in check_all(&kit.session()) {
            let rule = get(f.id.as_str()).expect("finding id is a registered rule");
            assert_eq!(f.dimension, rule.dimension(), "{}", f.id);
        }
    }

    mod never_panics {
        use super::super::testkit::Kit;
        use super::super::*;
        use crate::lexicon::Hit;
        use proptest::prelude::*;

        const LEXICONS: &[&str] = &[
            "clarifying",
            "requirements",
            "tools",
            "scale",
            "data_model",
            "architecture",
            "deep_dive",
            "failure_modes",
            "reliability",
            "monitoring",
            "idempotency",
            "exactly_once",
            "tradeoffs",
            "reasons",
            "summary",
            "evolution",
        ];

        fn segment() -> impl Strategy<Value = (u64, bool, String)> {
            (0u64..4000, any::<bool>(), "[a-zé漢 .?!;,0-9]{0,80}")
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(200))]

            /// Any text, any hits on char boundaries, any phase spans: rules and rubric return
            /// sorted findings and scores within 0-4, without panicking.
            #[test]
            fn rules_and_rubric_are_total(
                segs in proptest::collection::vec(segment(), 0..12),
                picks in proptest::collection::vec((0usize..16, 0usize..12, 0usize..80, 0usize..4), 0..30),
                spans in proptest::collection::vec(proptest::option::of((0u64..3000, 0u64..3000)), 6),
                estimated in any::<bool>(),
            ) {
                let mut sorted = segs;
                sorted.sort_by_key(|s| s.0);
                let mut kit = Kit::new();
                for (at, cand, text) in &sorted {
                    kit = kit.say(*at, if *cand { "Cand" } else { "Int" }, text);
                }
                for (lex, seg, start, len) in picks {
                    let Some(s) = kit.transcript.segments.get(seg) else { continue };
                    let text = &s.text;
                    let mut a = start.min(text.len());
                    while !text.is_char_boundary(a) { a -= 1; }
                    let mut b = (a + len).min(text.len());
                    while !text.is_char_boundary(b) { b -= 1; }
                    kit.hits.push(Hit {
                        lexicon: LEXICONS[lex % LEXICONS.len()].to_string(),
                        term: format!("t{}", len),
                        segment: seg,
                        start: a,
                        end: b.max(a),
                        at_ms: s.start_ms,
                    });
                }
                kit.hits.sort_by_key(|h| (h.segment, h.start));
                for (p, span) in kit.timeline.phases.iter_mut().zip(spans) {
                    p.start_ms = span.map(|(a, b)| a.min(b) * 1000);
                    p.end_ms = span.map(|(a, b)| a.max(b) * 1000);
                }
                if estimated {
                    kit = kit.estimated();
                }
                let s = kit.session();
                let findings = check_all(&s);
                for w in findings.windows(2) {
                    prop_assert!((w[0].at_ms, w[0].id) <= (w[1].at_ms, w[1].id));
                }
                let metrics = crate::rubric::Metrics {
                    candidate_words: 10,
                    candidate_talk_ms: 1000,
                    words_per_minute: None,
                    talk_ratio: 0.5,
                    longest_monologue_ms: 1000,
                    longest_monologue_start_ms: None,
                    long_pause_threshold_ms: 5000,
                    long_pauses: None,
                    questions_asked: 1,
                    fillers: 0,
                    filler_rate_per_100_words: 0.0,
                    filler_note: "".into(),
                };
                let draft = crate::rubric::draft(&s, &findings, &metrics);
                prop_assert_eq!(draft.rubric.0.len(), 7);
                prop_assert!(draft.rubric.0.iter().all(|e| e.score <= 4));
            }
        }
    }
}
