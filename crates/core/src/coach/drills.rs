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
//! Pure functions of the transcript, the roles, the analyzer's lexicon hits and the coach's hits.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use super::evidence::{candidate_hits, quote_hit};
use crate::lexicon::Hit;
use crate::roles::{self, Roles};
use crate::rules::Evidence;
use crate::transcript::{Timing, Transcript};
use crate::{Error, Result};

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

/// Runs the drill of `kind` (`None` for a full mock). `hits` are the analyzer's lexicon hits,
/// `coach_hits` those of `coach::scan`.
pub fn run(
    kind: SessionKind,
    transcript: &Transcript,
    roles: &Roles,
    hits: &[Hit],
    coach_hits: &[Hit],
) -> Option<DrillReport> {
    let budget_ms = kind.budget_ms()?;
    let ctx = Ctx {
        transcript,
        roles,
        hits,
        coach_hits,
    };
    let (start, end) = ctx.candidate_span();
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
    if transcript.timing == Timing::Estimated {
        report.notes.push(
            "timing is estimated (no timestamps): the budget and one-minute checks are approximate"
                .to_string(),
        );
    }
    match kind {
        SessionKind::Full => return None,
        SessionKind::ClarifyDrill => clarify(&ctx, &mut report),
        SessionKind::DataModelDrill => data_model(&ctx, &mut report),
        SessionKind::FailureDrill => failure(&ctx, &mut report),
        SessionKind::TradeoffDrill => tradeoff(&ctx, start, &mut report),
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

struct Ctx<'a> {
    transcript: &'a Transcript,
    roles: &'a Roles,
    hits: &'a [Hit],
    coach_hits: &'a [Hit],
}

impl<'a> Ctx<'a> {
    /// The candidate's hits in these lexicons (analyzer and coach), in time order.
    fn hits_in(&self, lexicons: &'a [&'a str]) -> Vec<&'a Hit> {
        let mut out: Vec<&Hit> = candidate_hits(self.transcript, self.roles, self.hits, lexicons)
            .chain(candidate_hits(
                self.transcript,
                self.roles,
                self.coach_hits,
                lexicons,
            ))
            .collect();
        out.sort_by_key(|h| (h.at_ms, h.segment, h.start));
        out
    }

    fn candidate_span(&self) -> (u64, u64) {
        let mine = self
            .transcript
            .segments
            .iter()
            .filter(|s| self.roles.is_candidate(s) && !s.text.trim().is_empty());
        let start = mine.clone().map(|s| s.start_ms).min().unwrap_or(0);
        let end = mine.map(|s| s.end_ms).max().unwrap_or(start);
        (start, end)
    }

    fn quote(&self, h: &Hit) -> Evidence {
        quote_hit(self.transcript, h)
    }
}

/// Groups hits by a name (`name_of` returns `None` to skip a hit), most mentioned first, then
/// earliest; each with up to two quotes.
fn group<'h>(
    ctx: &Ctx,
    hits: impl Iterator<Item = &'h Hit>,
    name_of: impl Fn(&Hit) -> Option<String>,
) -> Vec<Item> {
    let mut by_name: BTreeMap<String, (usize, u64, Vec<Evidence>)> = BTreeMap::new();
    for h in hits {
        let Some(name) = name_of(h) else { continue };
        let slot = by_name.entry(name).or_insert((0, h.at_ms, Vec::new()));
        slot.0 += 1;
        let e = ctx.quote(h);
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

fn clarify(ctx: &Ctx, report: &mut DrillReport) {
    let questions: usize = ctx
        .transcript
        .segments
        .iter()
        .filter(|s| ctx.roles.is_candidate(s))
        .map(|s| roles::count_questions(&s.text))
        .sum();
    let clarifying = ctx.hits_in(&["clarifying"]);
    let mut q_evidence: Vec<Evidence> = Vec::new();
    for h in &clarifying {
        let e = ctx.quote(h);
        if q_evidence.len() < 5 && !q_evidence.iter().any(|x| x.quote == e.quote) {
            q_evidence.push(e);
        }
    }
    report.checks.push(Check {
        id: Cow::Borrowed("questions"),
        passed: questions >= 3,
        message: if questions >= 3 {
            format!("asked {questions} clarifying questions")
        } else {
            format!(
                "asked {questions} clarifying question(s); aim for at least 3 before any design"
            )
        },
        evidence: q_evidence,
    });

    let constraint_hits = ctx.hits_in(&["requirements", "deep_dive", "failure_modes"]);
    let mut constraints = group(ctx, constraint_hits.into_iter(), |h| {
        constraint_of(h).map(str::to_string)
    });
    constraints.truncate(2);
    let names: Vec<&str> = constraints.iter().map(|c| c.name.as_str()).collect();
    report.checks.push(Check {
        id: Cow::Borrowed("two-constraints"),
        passed: constraints.len() == 2,
        message: match names.as_slice() {
            [a, b] => format!("the two constraints that drive the design: {a} and {b}"),
            [a] => format!(
                "only one driving constraint named ({a}); name a second (latency, consistency, ordering, …)"
            ),
            _ => "no driving constraint named (latency, availability, consistency, ordering, …)"
                .to_string(),
        },
        evidence: constraints
            .iter()
            .filter_map(|c| c.evidence.first().cloned())
            .collect(),
    });
    report.constraints = constraints;

    let design = ctx.hits_in(&["architecture", "tools"]);
    let early = design.len() <= 2;
    report.checks.push(Check {
        id: Cow::Borrowed("stopped-before-architecture"),
        passed: early,
        message: match design.first() {
            Some(h) if !early => format!(
                "went into architecture ({} component or tool words, first at {}); the drill stops before it",
                design.len(),
                super::mm_ss(h.at_ms)
            ),
            _ => "stayed with questions and constraints".to_string(),
        },
        evidence: if early {
            Vec::new()
        } else {
            design.iter().take(2).map(|h| ctx.quote(h)).collect()
        },
    });
    report.questions = Some(questions);
}

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

fn data_model(ctx: &Ctx, report: &mut DrillReport) {
    let hits = ctx.hits_in(&["data_model", "drill_data"]);
    for (part, words) in DATA_PARTS {
        let items = group(ctx, hits.iter().copied(), |h| {
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

/// How far before and after a failure's mention its detection or mitigation may be said.
const NEAR_BEFORE_MS: u64 = 10_000;
const NEAR_AFTER_MS: u64 = 45_000;
/// The guide's failure-mode drill: "list five failures".
const FAILURES_WANTED: usize = 5;

fn failure(ctx: &Ctx, report: &mut DrillReport) {
    let failures = ctx.hits_in(&["failure_modes"]);
    let detection = ctx.hits_in(&["monitoring"]);
    let mitigation = ctx.hits_in(&["reliability", "idempotency"]);
    let mut order: Vec<&str> = Vec::new();
    for h in &failures {
        if !order.contains(&h.term.as_str()) {
            order.push(&h.term);
        }
    }
    let near = |mentions: &[&&Hit], pool: &[&Hit]| -> Option<Evidence> {
        pool.iter()
            .find(|p| {
                mentions.iter().any(|m| {
                    p.at_ms + NEAR_BEFORE_MS >= m.at_ms && p.at_ms <= m.at_ms + NEAR_AFTER_MS
                })
            })
            .map(|p| ctx.quote(p))
    };
    for name in order {
        let mentions: Vec<&&Hit> = failures.iter().filter(|h| h.term == name).collect();
        let Some(first) = mentions.first() else {
            continue;
        };
        report.failures.push(FailureCoverage {
            failure: name.to_string(),
            at_ms: first.at_ms,
            detection: near(&mentions, &detection),
            mitigation: near(&mentions, &mitigation),
        });
    }
    let n = report.failures.len();
    report.checks.push(Check {
        id: Cow::Borrowed("distinct-failures"),
        passed: n >= FAILURES_WANTED,
        message: format!("{n} distinct failure(s); the drill asks for {FAILURES_WANTED}"),
        evidence: {
            let mut quotes: Vec<Evidence> = Vec::new();
            for f in &report.failures {
                if let Some(h) = failures.iter().find(|h| h.term == f.failure) {
                    let e = ctx.quote(h);
                    if quotes.len() < FAILURES_WANTED && !quotes.iter().any(|x| x.quote == e.quote)
                    {
                        quotes.push(e);
                    }
                }
            }
            quotes
        },
    });
    for (id, what, get) in [
        (
            "detection",
            "detection (monitoring or alerts)",
            (|f: &FailureCoverage| f.detection.clone()) as fn(&FailureCoverage) -> Option<Evidence>,
        ),
        (
            "mitigation",
            "mitigation (a reliability mechanism)",
            |f: &FailureCoverage| f.mitigation.clone(),
        ),
    ] {
        let missing: Vec<String> = report
            .failures
            .iter()
            .filter(|f| get(f).is_none())
            .map(|f| format!("{} ({})", f.failure, super::mm_ss(f.at_ms)))
            .collect();
        report.checks.push(Check {
            id: Cow::Borrowed(id),
            passed: n > 0 && missing.is_empty(),
            message: if n == 0 {
                format!("no failures to give {what} for")
            } else if missing.is_empty() {
                format!("every failure has {what}")
            } else {
                format!("no {what} for: {}", missing.join(", "))
            },
            evidence: report.failures.iter().filter_map(get).take(3).collect(),
        });
    }
}

fn tradeoff(ctx: &Ctx, start_ms: u64, report: &mut DrillReport) {
    let deadline = start_ms + MINUTE_MS;
    let first = |hits: Vec<&Hit>, pick: &dyn Fn(&Hit) -> bool| -> Option<(u64, Evidence)> {
        hits.into_iter()
            .find(|h| pick(h))
            .map(|h| (h.at_ms, ctx.quote(h)))
    };
    let approaches = first(ctx.hits_in(&["tradeoffs"]), &|h| {
        matches!(
            h.term.as_str(),
            "versus"
                | "over"
                | "instead of"
                | "rather than"
                | "compared to"
                | "alternatively"
                | "the alternative"
                | "two options"
                | "on the other hand"
        )
    });
    let choice = first(ctx.hits_in(&["tradeoffs", "drill_choice"]), &|h| {
        h.lexicon == "drill_choice"
            || matches!(
                h.term.as_str(),
                "over" | "i chose" | "i prefer" | "i would favor"
            )
    });
    let reason = first(ctx.hits_in(&["reasons"]), &|_| true);
    for (id, what, found) in [
        ("two-approaches", "two named approaches", approaches),
        ("choice", "a choice", choice),
        ("reason", "a reason", reason),
    ] {
        let (passed, message, evidence) = match found {
            Some((at, e)) if at <= deadline => {
                (true, format!("{what} at {}", super::mm_ss(at)), vec![e])
            }
            Some((at, e)) => (
                false,
                format!("{what} only at {}, after the minute", super::mm_ss(at)),
                vec![e],
            ),
            None => (false, format!("no {what}"), Vec::new()),
        };
        report.checks.push(Check {
            id: Cow::Borrowed(id),
            passed,
            message,
            evidence,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
