//! The guide's drills (`--session`): each a short timed exercise with its own checks.
//!
//! - clarify-drill (5 min): only clarifying questions; name the two constraints that drive the
//!   design and stop before architecture.
//! - data-model-drill (10 min): entities, keys, indexes and retention.
//! - failure-drill (the guide gives no time; the failure-modes phase budget, 5 min): at least five
//!   distinct failures, each with detection (monitoring words nearby) and mitigation (reliability
//!   words nearby).
//! - tradeoff-drill (1 min): two named approaches, a choice and a reason, within the minute.
//!
//! One drill a file (`clarify`, `data_model`, `failure`, `tradeoff`), each with its tests beside it.
//! Every drill reads the analysis's [`Session`] (the same context the rules read), whose hits are
//! the analyzer's and the coach's together (`run` merges them): pure functions of the transcript,
//! the roles and the lexicon hits.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use super::evidence::{candidate_hits, quote_hit};
use crate::lexicon::Hit;
use crate::rules::{Evidence, Session};
use crate::transcript::Timing;
use crate::{Error, Result};

mod clarify;
mod data_model;
mod failure;
mod tradeoff;

const MINUTE_MS: u64 = 60_000;

/// What kind of session was recorded (`--session`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum SessionKind {
    /// A full 45-minute mock: the analyzer's phases and rules, no drill checks.
    #[default]
    Full,
    ClarifyDrill,
    DataModelDrill,
    FailureDrill,
    TradeoffDrill,
}

impl SessionKind {
    pub const ALL: [SessionKind; 5] = [
        SessionKind::Full,
        SessionKind::ClarifyDrill,
        SessionKind::DataModelDrill,
        SessionKind::FailureDrill,
        SessionKind::TradeoffDrill,
    ];

    pub fn id(self) -> &'static str {
        match self {
            SessionKind::Full => "full",
            SessionKind::ClarifyDrill => "clarify-drill",
            SessionKind::DataModelDrill => "data-model-drill",
            SessionKind::FailureDrill => "failure-drill",
            SessionKind::TradeoffDrill => "tradeoff-drill",
        }
    }

    /// The session kind with this id; an unknown id is an error listing the valid ones.
    pub fn from_id(id: &str) -> Result<SessionKind> {
        Self::ALL.into_iter().find(|k| k.id() == id).ok_or_else(|| {
            let valid: Vec<&str> = Self::ALL.iter().map(|k| k.id()).collect();
            Error::Usage(format!(
                "unknown session {id:?}; valid sessions: {}",
                valid.join(", ")
            ))
        })
    }

    /// The drill's time budget; `None` for a full mock (its budget is the phase budget).
    pub fn budget_ms(self) -> Option<u64> {
        match self {
            SessionKind::Full => None,
            SessionKind::ClarifyDrill => Some(5 * MINUTE_MS),
            SessionKind::DataModelDrill => Some(10 * MINUTE_MS),
            SessionKind::FailureDrill => Some(5 * MINUTE_MS),
            SessionKind::TradeoffDrill => Some(MINUTE_MS),
        }
    }
}

impl Serialize for SessionKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for SessionKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let id = String::deserialize(d)?;
        SessionKind::from_id(&id).map_err(serde::de::Error::custom)
    }
}

/// One check of a drill: passed or not, why, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub id: Cow<'static, str>,
    pub passed: bool,
    pub message: String,
    pub evidence: Vec<Evidence>,
}

/// A named thing the drill found (a constraint, an entity word, a failure), with its quotes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub name: String,
    pub mentions: usize,
    pub evidence: Vec<Evidence>,
}

/// One failure of the failure-mode drill and whether it was detected and mitigated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailureCoverage {
    pub failure: String,
    pub at_ms: u64,
    pub detection: Option<Evidence>,
    pub mitigation: Option<Evidence>,
}

/// The result of one drill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrillReport {
    pub session: SessionKind,
    pub budget_ms: u64,
    /// From the candidate's first to last words.
    pub used_ms: u64,
    pub within_budget: bool,
    /// Every check passed.
    pub passed: bool,
    pub checks: Vec<Check>,
    /// Clarify drill: clarifying questions asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub questions: Option<usize>,
    /// Clarify drill: the constraints that drive the design, most emphasised first (two at most).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<Item>,
    /// Data-model drill: what was found per part (entities, keys, indexes, retention).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub data_model: BTreeMap<Cow<'static, str>, Vec<Item>>,
    /// Failure drill: each distinct failure in order of first mention.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failures: Vec<FailureCoverage>,
    /// Caveats (estimated timing).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Runs the drill of `kind` (`None` for a full mock) on the session. `coach_hits` are those of
/// `coach::scan` (the drill words); the drills read them together with the session's hits.
pub fn run(kind: SessionKind, session: &Session, coach_hits: &[Hit]) -> Option<DrillReport> {
    let budget_ms = kind.budget_ms()?;
    // One list, sorted by (segment, start) like the session's own; the stable sort keeps the
    // analyzer's hit before the coach's at the same place.
    let mut hits = session.hits.to_vec();
    hits.extend_from_slice(coach_hits);
    hits.sort_by_key(|h| (h.segment, h.start));
    let s = Session {
        transcript: session.transcript,
        roles: session.roles,
        hits: &hits,
        timeline: session.timeline,
    };
    let (start, end) = candidate_span(&s);
    let used_ms = end.saturating_sub(start);
    let mut report = DrillReport {
        session: kind,
        budget_ms,
        used_ms,
        within_budget: used_ms <= budget_ms,
        passed: false,
        checks: Vec::new(),
        questions: None,
        constraints: Vec::new(),
        data_model: BTreeMap::new(),
        failures: Vec::new(),
        notes: Vec::new(),
    };
    if s.transcript.timing == Timing::Estimated {
        report.notes.push(
            "timing is estimated (no timestamps): the budget and one-minute checks are approximate"
                .to_string(),
        );
    }
    match kind {
        SessionKind::Full => return None,
        SessionKind::ClarifyDrill => clarify::check(&s, &mut report),
        SessionKind::DataModelDrill => data_model::check(&s, &mut report),
        SessionKind::FailureDrill => failure::check(&s, &mut report),
        SessionKind::TradeoffDrill => tradeoff::check(&s, &mut report),
    }
    report.checks.push(Check {
        id: Cow::Borrowed("budget"),
        passed: report.within_budget,
        message: format!(
            "took {} of a {} budget",
            super::mm_ss(used_ms),
            super::mm_ss(budget_ms)
        ),
        evidence: Vec::new(),
    });
    report.passed = report.checks.iter().all(|c| c.passed);
    Some(report)
}

/// The candidate's hits in these lexicons, in time order.
fn hits_in<'s>(s: &'s Session, lexicons: &'s [&'s str]) -> Vec<&'s Hit> {
    let mut out: Vec<&Hit> = candidate_hits(s.transcript, s.roles, s.hits, lexicons).collect();
    out.sort_by_key(|h| (h.at_ms, h.segment, h.start));
    out
}

/// From the candidate's first words to their last.
fn candidate_span(s: &Session) -> (u64, u64) {
    let mine = s
        .transcript
        .segments
        .iter()
        .filter(|seg| s.roles.is_candidate(seg) && !seg.text.trim().is_empty());
    let start = mine.clone().map(|seg| seg.start_ms).min().unwrap_or(0);
    let end = mine.map(|seg| seg.end_ms).max().unwrap_or(start);
    (start, end)
}

/// The sentence around a hit, at its time.
fn quote(s: &Session, h: &Hit) -> Evidence {
    quote_hit(s.transcript, h)
}

/// Groups hits by a name (`name_of` returns `None` to skip a hit), most mentioned first, then
/// earliest; each with up to two quotes.
fn group<'h>(
    s: &Session,
    hits: impl Iterator<Item = &'h Hit>,
    name_of: impl Fn(&Hit) -> Option<String>,
) -> Vec<Item> {
    let mut by_name: BTreeMap<String, (usize, u64, Vec<Evidence>)> = BTreeMap::new();
    for h in hits {
        let Some(name) = name_of(h) else { continue };
        let slot = by_name.entry(name).or_insert((0, h.at_ms, Vec::new()));
        slot.0 += 1;
        let e = quote(s, h);
        if slot.2.len() < 2 && !slot.2.iter().any(|x| x.quote == e.quote) {
            slot.2.push(e);
        }
    }
    let mut items: Vec<(u64, Item)> = by_name
        .into_iter()
        .map(|(name, (mentions, first, evidence))| {
            (
                first,
                Item {
                    name,
                    mentions,
                    evidence,
                },
            )
        })
        .collect();
    items.sort_by(|(fa, a), (fb, b)| b.mentions.cmp(&a.mentions).then(fa.cmp(fb)));
    items.into_iter().map(|(_, i)| i).collect()
}

/// The constraint a requirement word speaks to; `None` for functional wording.
pub(super) fn constraint_of(h: &Hit) -> Option<&'static str> {
    Some(match (h.lexicon.as_str(), h.term.as_str()) {
        ("requirements", "latency" | "low latency") => "latency",
        ("requirements", "throughput") => "throughput",
        (
            "requirements",
            "availability"
            | "highly available"
            | "high availability"
            | "uptime"
            | "sla"
            | "availability_target"
            | "partition tolerance",
        ) => "availability",
        ("requirements", "durability" | "durable") => "durability",
        (
            "requirements",
            "consistency"
            | "strong consistency"
            | "eventual consistency"
            | "strongly consistent"
            | "eventually consistent",
        ) => "consistency",
        ("requirements", "correctness") => "correctness",
        ("requirements", "scalability" | "scalable") => "scalability",
        ("requirements", "privacy" | "security" | "compliance") => "privacy and security",
        ("requirements", "cost") => "cost",
        ("requirements", "freshness") => "freshness",
        ("requirements", "read heavy" | "write heavy") => "read/write ratio",
        ("requirements", "operational complexity") => "operational complexity",
        ("requirements", "auditability") => "auditability",
        ("requirements", "reliability" | "fault tolerance") => "reliability",
        ("deep_dive", "ordering" | "sequence number") => "ordering",
        ("failure_modes", "out of order") => "ordering",
        ("failure_modes", "delayed event") => "late events",
        ("failure_modes", "duplicate message") | ("deep_dive", "deduplication") => "duplicates",
        _ => return None,
    })
}

/// Running a drill on a hand-written session, for the tests beside each drill.
#[cfg(test)]
pub(super) mod testing {
    use super::{run, Check, DrillReport, SessionKind};
    use crate::rules::testkit::Kit;

    /// The report of drill `kind` on the kit's session (its hits stand for both kinds of hit).
    pub fn report(kind: SessionKind, kit: &Kit) -> DrillReport {
        run(kind, &kit.session(), &[]).expect("a drill gives a report")
    }

    pub fn check<'r>(report: &'r DrillReport, id: &str) -> &'r Check {
        report
            .checks
            .iter()
            .find(|c| c.id == id)
            .unwrap_or_else(|| panic!("no check {id} in {report:#?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{check, report};
    use super::*;
    use crate::rules::testkit::Kit;

    fn tradeoff_kit() -> Kit {
        Kit::new()
            .say(0, "Int", "Tradeoff drill: push or pull?")
            .say(
                5,
                "Cand",
                "Push versus pull. I'd go with push because latency matters.",
            )
            .tag("tradeoffs", "versus", "versus")
            .tag("reasons", "because", "because")
    }

    #[test]
    fn a_full_session_has_no_drill() {
        assert!(run(SessionKind::Full, &tradeoff_kit().session(), &[]).is_none());
    }

    #[test]
    fn the_coach_hits_are_read_with_the_sessions_hits() {
        let kit = tradeoff_kit();
        let mut coach = tradeoff_kit().tag("drill_choice", "i'd go with", "I'd go with");
        let choice = coach.hits.remove(
            coach
                .hits
                .iter()
                .position(|h| h.lexicon == "drill_choice")
                .expect("the tag"),
        );
        let without = report(SessionKind::TradeoffDrill, &kit);
        assert!(!check(&without, "choice").passed);
        let with = run(SessionKind::TradeoffDrill, &kit.session(), &[choice])
            .expect("a drill gives a report");
        assert!(check(&with, "choice").passed, "{with:#?}");
        assert_eq!(
            with,
            report(
                SessionKind::TradeoffDrill,
                &tradeoff_kit().tag("drill_choice", "i'd go with", "I'd go with")
            )
        );
    }

    #[test]
    fn the_budget_check_comes_last_and_counts_from_the_candidates_first_words() {
        let kit = tradeoff_kit().say(90, "Cand", "So push.");
        let r = report(SessionKind::TradeoffDrill, &kit);
        assert_eq!(r.used_ms, 95_000);
        assert!(!r.within_budget && !r.passed);
        let last = r.checks.last().expect("checks");
        assert_eq!(last.id, "budget");
        assert_eq!(last.message, "took 01:35 of a 01:00 budget");
    }

    #[test]
    fn estimated_timing_is_noted() {
        let r = report(SessionKind::TradeoffDrill, &tradeoff_kit().estimated());
        assert!(
            r.notes[0].starts_with("timing is estimated"),
            "{:?}",
            r.notes
        );
    }

    #[test]
    fn session_ids_round_trip_and_unknown_ones_list_the_valid_ones() {
        for k in SessionKind::ALL {
            assert_eq!(SessionKind::from_id(k.id()).ok(), Some(k));
        }
        let m = SessionKind::from_id("clarify")
            .expect_err("unknown")
            .to_string();
        assert!(
            m.contains("clarify-drill") && m.contains("tradeoff-drill"),
            "{m}"
        );
    }

    #[test]
    #[cfg(feature = "cli")]
    fn clap_spells_the_sessions_as_the_guide_ids() {
        use clap::ValueEnum;
        for k in SessionKind::ALL {
            let v = k.to_possible_value().expect("every kind is a value");
            assert_eq!(v.get_name(), k.id());
        }
    }

    #[test]
    fn drill_budgets_are_the_guides() {
        assert_eq!(SessionKind::ClarifyDrill.budget_ms(), Some(300_000));
        assert_eq!(SessionKind::DataModelDrill.budget_ms(), Some(600_000));
        assert_eq!(SessionKind::TradeoffDrill.budget_ms(), Some(60_000));
        assert_eq!(SessionKind::Full.budget_ms(), None);
    }

    fn hit(lexicon: &str, term: &str) -> Hit {
        Hit {
            lexicon: lexicon.into(),
            term: term.into(),
            segment: 0,
            start: 0,
            end: 0,
            at_ms: 0,
        }
    }

    #[test]
    fn requirement_synonyms_fold_into_one_constraint() {
        assert_eq!(
            constraint_of(&hit("requirements", "low latency")),
            Some("latency")
        );
        assert_eq!(
            constraint_of(&hit("requirements", "eventually consistent")),
            Some("consistency")
        );
        assert_eq!(
            constraint_of(&hit("deep_dive", "ordering")),
            Some("ordering")
        );
    }

    #[test]
    fn functional_wording_is_not_a_constraint() {
        assert_eq!(constraint_of(&hit("requirements", "must support")), None);
        assert_eq!(constraint_of(&hit("tools", "redis")), None);
    }
}
