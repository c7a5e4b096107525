//! Phase timeline: the candidate's speech segmented into the guide's six phases, in order.
//! CONTRACT: `Phase`, `PhaseSpan`, `Timeline` are used by rules and report.
//!
//! How: the candidate's segments (long ones cut into pieces of at most 30 s) are the units. Each
//! unit scores each phase by the lexicon cues it contains (clarifying questions → `clarify`, scale
//! numbers → `capacity_api`, …; a term several lexicons claim shares one cue between their phases,
//! and a term the candidate already used counts less) minus a positional prior: the distance from
//! the unit to where the budget puts that phase, with the budget stretched over the candidate's
//! speaking span, weighted by the time the unit stands for. A dynamic
//! program picks the best labelling that never goes back to an earlier phase (a monotone
//! segmentation, linear in the number of units). A phase whose units hold none of its cues did
//! not happen: it is removed and the segmentation rerun, so it ends up absent (`None`).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::lexicon::Hit;
use crate::roles::Roles;
use crate::transcript::Transcript;
use crate::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Clarify,
    CapacityApi,
    Architecture,
    DeepDive,
    FailureModes,
    Summary,
}

impl Phase {
    pub const ALL: [Phase; 6] = [
        Phase::Clarify,
        Phase::CapacityApi,
        Phase::Architecture,
        Phase::DeepDive,
        Phase::FailureModes,
        Phase::Summary,
    ];

    /// The id used in JSON and reports.
    pub fn id(self) -> &'static str {
        match self {
            Phase::Clarify => "clarify",
            Phase::CapacityApi => "capacity_api",
            Phase::Architecture => "architecture",
            Phase::DeepDive => "deep_dive",
            Phase::FailureModes => "failure_modes",
            Phase::Summary => "summary",
        }
    }

    /// The phase with this id.
    pub fn from_id(id: &str) -> Option<Phase> {
        Phase::ALL.into_iter().find(|p| p.id() == id)
    }

    /// The phase a lexicon's hits are a cue for, and how strongly. Tools and tradeoff words turn
    /// up in every phase, so they count half.
    pub fn cue(lexicon: &str) -> Option<(Phase, f64)> {
        Some(match lexicon {
            "clarifying" | "requirements" => (Phase::Clarify, 1.0),
            "scale" | "data_model" => (Phase::CapacityApi, 1.0),
            "architecture" => (Phase::Architecture, 1.0),
            "tools" => (Phase::Architecture, 0.5),
            "deep_dive" | "idempotency" | "exactly_once" => (Phase::DeepDive, 1.0),
            "failure_modes" | "reliability" | "monitoring" => (Phase::FailureModes, 1.0),
            "summary" => (Phase::Summary, 2.0),
            "evolution" => (Phase::Summary, 1.0),
            "tradeoffs" => (Phase::Summary, 0.5),
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseSpan {
    pub id: Phase,
    pub budget_ms: u64,
    /// `None` when the phase never happened.
    pub start_ms: Option<u64>,
    pub end_ms: Option<u64>,
}

impl PhaseSpan {
    /// Time spent in the phase; `None` when it never happened.
    pub fn actual_ms(&self) -> Option<u64> {
        Some(self.end_ms?.saturating_sub(self.start_ms?))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timeline {
    /// Always six spans, in `Phase::ALL` order.
    pub phases: Vec<PhaseSpan>,
}

/// Minutes per phase in the guide's 45-minute interview.
const GUIDE_MINUTES: [u64; 6] = [5, 5, 15, 10, 5, 5];
const MINUTE_MS: u64 = 60_000;
const MAX_BUDGET_MS: u64 = 24 * 60 * MINUTE_MS;

/// Time allowed per phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    phases_ms: [u64; 6],
}

impl Default for Budget {
    /// The guide's split: 5/5/15/10/5/5 minutes.
    fn default() -> Self {
        Budget {
            phases_ms: GUIDE_MINUTES.map(|m| m * MINUTE_MS),
        }
    }
}

impl Budget {
    /// `phases_ms` in `Phase::ALL` order; the total must be positive and at most 24 hours.
    pub fn from_phases_ms(phases_ms: [u64; 6]) -> Result<Budget> {
        let total: u64 = phases_ms.iter().sum();
        if total == 0 || total > MAX_BUDGET_MS {
            return Err(Error::Usage(format!(
                "--budget: the phases add up to {} ms; the total must be more than 0 and at most 24h",
                total
            )));
        }
        Ok(Budget { phases_ms })
    }

    /// The guide's split scaled to `total_ms` (cumulative rounding, so the phases add up exactly).
    pub fn from_total_ms(total_ms: u64) -> Result<Budget> {
        let guide_total: u64 = GUIDE_MINUTES.iter().sum();
        let mut phases_ms = [0; 6];
        let mut cumulative = 0;
        let mut previous_edge = 0;
        for (slot, minutes) in phases_ms.iter_mut().zip(GUIDE_MINUTES) {
            cumulative += minutes;
            let edge = total_ms.saturating_mul(cumulative) / guide_total;
            *slot = edge - previous_edge;
            previous_edge = edge;
        }
        Budget::from_phases_ms(phases_ms)
    }

    /// `--budget`: a total (`45`, `60m`, `90min`, `1h`, `1h30m`, `1.5h`) scaled over the guide's
    /// split, or six comma-separated minutes (`5,5,15,10,5,5`).
    pub fn parse(text: &str) -> Result<Budget> {
        let usage = || {
            Error::Usage(format!(
                "--budget {text:?}: expected a total like 45, 60m, 1h or 1h30m, or six minutes per phase like 5,5,15,10,5,5"
            ))
        };
        let trimmed = text.trim();
        if trimmed.contains(',') {
            let parts: Vec<&str> = trimmed.split(',').collect();
            if parts.len() != 6 {
                return Err(Error::Usage(format!(
                    "--budget {text:?}: a split needs six phases (clarify, capacity_api, architecture, deep_dive, failure_modes, summary), got {}",
                    parts.len()
                )));
            }
            let mut phases_ms = [0; 6];
            for (slot, part) in phases_ms.iter_mut().zip(parts) {
                *slot = parse_duration_ms(part).ok_or_else(usage)?;
            }
            Budget::from_phases_ms(phases_ms)
        } else {
            Budget::from_total_ms(parse_duration_ms(trimmed).ok_or_else(usage)?)
        }
    }

    pub fn phase_ms(&self, phase: Phase) -> u64 {
        self.phases_ms[phase as usize]
    }

    pub fn total_ms(&self) -> u64 {
        self.phases_ms.iter().sum()
    }
}

/// `45`, `45m`, `45 min`, `1h`, `1h30m`, `1.5h`, `7.5` → milliseconds; `None` when malformed or
/// negative. A bare number is minutes.
fn parse_duration_ms(text: &str) -> Option<u64> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    if compact.is_empty() {
        return None;
    }
    let mut total_ms = 0.0;
    let mut rest = compact.as_str();
    while !rest.is_empty() {
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number: f64 = rest[..number_len].parse().ok()?;
        rest = &rest[number_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let unit_ms = match &rest[..unit_len] {
            "" | "m" | "min" | "mins" | "minute" | "minutes" => MINUTE_MS,
            "h" | "hr" | "hrs" | "hour" | "hours" => 60 * MINUTE_MS,
            "s" | "sec" | "secs" | "second" | "seconds" => 1000,
            _ => return None,
        };
        rest = &rest[unit_len..];
        total_ms += number * unit_ms as f64;
    }
    (total_ms.is_finite() && total_ms >= 0.0 && total_ms <= MAX_BUDGET_MS as f64)
        .then(|| total_ms.round() as u64)
}

/// Long segments are cut into pieces no longer than this, so one long monologue can span phases.
const UNIT_MAX_MS: u64 = 30_000;
/// Prior weight: a 20-second unit one whole session away from a phase's budget window costs this
/// many cues.
const PRIOR_WEIGHT: f64 = 3.0;
const PRIOR_REFERENCE_MS: f64 = 20_000.0;
/// One unit counts at most this many cues per phase, so a buzzword list cannot drag a phase along.
const MAX_CUES_PER_UNIT: f64 = 3.0;
/// Weight of a term the candidate already used, relative to its first mention.
const REPEAT_WEIGHT: f64 = 0.3;

/// A stretch of the candidate's speech: a segment or a piece of a long one.
#[derive(Debug, Clone)]
struct Stretch {
    start_ms: u64,
    end_ms: u64,
    /// Where the next stretch starts (or this one ends, if later): the time this stretch stands
    /// for on the timeline, silences and the interviewer's turns after it included.
    cover_end_ms: u64,
    /// Cue weight per phase.
    cues: [f64; 6],
}

/// Segments the candidate's speech into the six phases, in order (see the module docs).
pub fn align(transcript: &Transcript, roles: &Roles, hits: &[Hit], budget: &Budget) -> Timeline {
    let units = units(transcript, roles, hits);
    let labels = segment(&units, budget);
    let transitions = transitions(transcript, roles);
    timeline(
        &units,
        &labels,
        budget,
        transcript.duration_ms,
        &transitions,
    )
}

const TRANSITIONS_SOURCE: &str = include_str!("../../../lexicons/phase_transitions.toml");

/// How far before the candidate's first words of a phase an interviewer's transition may lie.
const SNAP_BEFORE_MS: u64 = 3 * 60 * 1000;
/// How far after them (the candidate's words can run ahead: failure talk inside a deep dive).
const SNAP_AFTER_MS: u64 = 5 * 60 * 1000;
/// How far after them an explicit move into the phase may lie.
const EXPLICIT_AFTER_MS: u64 = 8 * 60 * 1000;

#[derive(Deserialize)]
struct TransitionPhrases {
    phrases: Vec<String>,
}

type TransitionTable = std::collections::BTreeMap<String, TransitionPhrases>;

/// The transition phrases, parsed once. The file is part of the binary and a unit test checks
/// that it parses with every phase and the `move` words; should an edit still break it, the
/// snapping is off rather than every analysis failing.
fn transition_table() -> &'static TransitionTable {
    static TABLE: std::sync::OnceLock<TransitionTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| toml::from_str(TRANSITIONS_SOURCE).unwrap_or_default())
}

/// An interviewer turn that moves the interview to a phase.
#[derive(Debug, Clone, Copy)]
struct Transition {
    at_ms: u64,
    phase: Phase,
    /// Said as a move ("let's talk about…", "can you wrap it up?"), not only a probe inside the
    /// current phase ("what if a worker dies?"): only a move can make a phase the candidate's
    /// words did not show.
    explicit: bool,
}

/// The interviewer's turns that move the interview to a phase, in time order.
fn transitions(transcript: &Transcript, roles: &Roles) -> Vec<Transition> {
    let Some(interviewer) = roles.interviewer.as_deref() else {
        return Vec::new();
    };
    let table = transition_table();
    let moves = table.get("move").map_or(&[][..], |t| t.phrases.as_slice());
    let mut out = Vec::new();
    for seg in &transcript.segments {
        if seg.speaker.as_deref() != Some(interviewer) {
            continue;
        }
        let lower = seg.text.to_lowercase();
        let explicit = moves.iter().any(|m| lower.contains(m.as_str()));
        for phase in &Phase::ALL[1..] {
            let said = table
                .get(phase.id())
                .is_some_and(|t| t.phrases.iter().any(|p| lower.contains(p.as_str())));
            if said {
                out.push(Transition {
                    at_ms: seg.start_ms,
                    phase: *phase,
                    explicit,
                });
            }
        }
    }
    out
}

/// A phase the candidate's words did not show is still there when the interviewer moved the
/// interview to it at least this long after the previous phase began…
const INSERT_AFTER_PREVIOUS_MS: u64 = 3 * 60 * 1000;
/// …and the candidate then talked at least this long before the next phase.
const INSERT_MIN_TALK_MS: u64 = 60 * 1000;

/// Moves each phase start (after clarify) to the nearest explicit interviewer move into that phase
/// within `SNAP_BEFORE_MS` before or `EXPLICIT_AFTER_MS` after it, else to the nearest probe
/// within `SNAP_BEFORE_MS` before or `SNAP_AFTER_MS` after it, keeping the phases in order. A phase
/// the candidate's words did not show starts at the interviewer's first transition into it, when
/// the candidate answered it at length (a coach hears a short deep dive in words the lexicons do
/// not know).
fn snap_to_transitions(
    starts: &mut [Option<u64>; 6],
    transitions: &[Transition],
    units: &[Stretch],
) {
    for k in 1..6 {
        if starts[k].is_some() {
            continue;
        }
        let Some(previous) = (0..k).rev().find_map(|j| starts[j]) else {
            continue;
        };
        let next = (k + 1..6).find_map(|j| starts[j]).unwrap_or(u64::MAX);
        let Some(t) = transitions
            .iter()
            .filter(|x| x.explicit && x.phase as usize == k)
            .map(|x| x.at_ms)
            .find(|&t| t >= previous + INSERT_AFTER_PREVIOUS_MS && t < next)
        else {
            continue;
        };
        let talk: u64 = units
            .iter()
            .filter(|u| u.start_ms >= t && u.start_ms < next)
            .map(|u| u.end_ms.saturating_sub(u.start_ms))
            .sum();
        if talk >= INSERT_MIN_TALK_MS {
            starts[k] = Some(t);
        }
    }
    for k in 1..6 {
        let Some(at) = starts[k] else {
            continue;
        };
        let after_previous = (0..k).rev().find_map(|j| starts[j]).unwrap_or(0);
        let before_next = (k + 1..6).find_map(|j| starts[j]).unwrap_or(u64::MAX);
        let into_k: Vec<&Transition> = transitions
            .iter()
            .filter(|x| x.phase as usize == k && x.at_ms > after_previous && x.at_ms < before_next)
            .collect();
        let nearest = |explicit_only: bool, reach_after: u64| {
            into_k
                .iter()
                .filter(|x| x.explicit || !explicit_only)
                .map(|x| x.at_ms)
                .filter(|&t| t + SNAP_BEFORE_MS >= at && t <= at + reach_after)
                .min_by_key(|t| t.abs_diff(at))
        };
        // An explicit move ("let's switch gears: what can go wrong?") is where a coach hears
        // the phase begin, even minutes after the candidate's first words of it: those were
        // answers to probes inside the previous phase. A probe only snaps when no move does.
        let best = nearest(true, EXPLICIT_AFTER_MS).or_else(|| nearest(false, SNAP_AFTER_MS));
        if let Some(t) = best {
            starts[k] = Some(t);
        }
    }
}

fn units(transcript: &Transcript, roles: &Roles, hits: &[Hit]) -> Vec<Stretch> {
    let mut order: Vec<usize> = (0..transcript.segments.len())
        .filter(|&i| roles.is_candidate(&transcript.segments[i]))
        .collect();
    order.sort_by_key(|&i| (transcript.segments[i].start_ms, i));

    // For each candidate segment: its first unit, piece count and piece length.
    let mut first_unit: Vec<Option<(usize, u64, u64)>> = vec![None; transcript.segments.len()];
    let mut units = Vec::with_capacity(order.len());
    for i in order {
        let seg = &transcript.segments[i];
        let end_ms = seg.end_ms.max(seg.start_ms);
        let length = end_ms - seg.start_ms;
        let pieces = length.div_ceil(UNIT_MAX_MS).max(1);
        let piece_ms = (length / pieces).max(1);
        first_unit[i] = Some((units.len(), pieces, piece_ms));
        for p in 0..pieces {
            let start_ms = seg.start_ms + p * piece_ms;
            let piece_end = if p + 1 == pieces {
                end_ms
            } else {
                start_ms + piece_ms
            };
            units.push(Stretch {
                start_ms,
                end_ms: piece_end,
                cover_end_ms: piece_end,
                cues: [0.0; 6],
            });
        }
    }
    // Cue hits of the candidate in speaking order; hits on the same words (one term in several
    // lexicons, like "idempotency key") stay together.
    let mut cued: Vec<&Hit> = hits
        .iter()
        .filter(|h| matches!(first_unit.get(h.segment), Some(Some(_))))
        .filter(|h| Phase::cue(&h.lexicon).is_some())
        .collect();
    cued.sort_by_key(|h| {
        let seg_start = transcript.segments.get(h.segment).map_or(0, |s| s.start_ms);
        (seg_start, h.segment, h.start, h.end)
    });
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for group in cued.chunk_by(|a, b| (a.segment, a.start, a.end) == (b.segment, b.start, b.end)) {
        let Some(hit) = group.first() else {
            continue;
        };
        let Some(Some((first, pieces, piece_ms))) = first_unit.get(hit.segment).copied() else {
            continue;
        };
        let mut phases: Vec<(Phase, f64)> = Vec::new();
        let mut novel = false;
        for h in group {
            if let Some((phase, weight)) = Phase::cue(&h.lexicon) {
                match phases.iter_mut().find(|(p, _)| *p == phase) {
                    Some((_, w)) => *w = w.max(weight),
                    None => phases.push((phase, weight)),
                }
            }
            novel |= seen.insert(h.term.as_str());
        }
        // Words that belong to several phases say little about which one this is; a term the
        // candidate already used is a reference back (a recap, a component named again), not
        // the start of its topic.
        let share = if novel { 1.0 } else { REPEAT_WEIGHT } / phases.len().max(1) as f64;
        let offset = hit
            .at_ms
            .saturating_sub(transcript.segments[hit.segment].start_ms);
        let piece = (offset / piece_ms).min(pieces - 1) as usize;
        if let Some(unit) = units.get_mut(first + piece) {
            for (phase, weight) in phases {
                unit.cues[phase as usize] += weight * share;
            }
        }
    }
    for i in 1..units.len() {
        let next_start = units[i].start_ms;
        let previous = &mut units[i - 1];
        previous.cover_end_ms = previous.end_ms.max(next_start);
    }
    for unit in &mut units {
        for c in &mut unit.cues {
            *c = c.min(MAX_CUES_PER_UNIT);
        }
    }
    units
}

/// Phase index per unit, non-decreasing, with every used phase supported by at least one cue.
fn segment(units: &[Stretch], budget: &Budget) -> Vec<usize> {
    let (Some(first), Some(last_end)) = (units.first(), units.iter().map(|u| u.end_ms).max())
    else {
        return Vec::new();
    };
    let span_start = first.start_ms;
    let span = last_end.saturating_sub(span_start).max(1) as f64;
    let total = budget.total_ms().max(1) as f64;
    // Each phase's window, as fractions of the speaking span.
    let mut windows = [(0.0, 0.0); 6];
    let mut edge = 0.0;
    for (k, w) in windows.iter_mut().enumerate() {
        let next = edge + budget.phases_ms[k] as f64 / total;
        *w = (edge, next);
        edge = next;
    }
    let score = |u: &Stretch, k: usize| -> f64 {
        // The prior weighs the time a stretch stands for, so sparse speech (short turns, long
        // silences) is placed as firmly as continuous speech.
        let mid = ((u.start_ms + u.cover_end_ms) / 2).saturating_sub(span_start) as f64 / span;
        let (lo, hi) = windows[k];
        let distance = if mid < lo {
            lo - mid
        } else if mid > hi {
            mid - hi
        } else {
            0.0
        };
        let length = (u.cover_end_ms.saturating_sub(u.start_ms)).max(1000) as f64;
        u.cues[k] - PRIOR_WEIGHT * distance * length / PRIOR_REFERENCE_MS
    };

    let mut allowed = [true; 6];
    loop {
        let labels = best_labelling(units, &allowed, &score);
        let mut support = [0.0; 6];
        let mut used = [false; 6];
        for (u, &k) in units.iter().zip(&labels) {
            support[k] += u.cues[k];
            used[k] = true;
        }
        let unsupported: Vec<usize> = (0..6).filter(|&k| used[k] && support[k] <= 0.0).collect();
        // Keep at least one phase: a session without any cue still spoke about something.
        if unsupported.is_empty() || allowed.iter().filter(|a| **a).count() <= unsupported.len() {
            return labels;
        }
        for k in unsupported {
            allowed[k] = false;
        }
    }
}

/// Viterbi over a left-to-right chain: each unit takes a phase no earlier than the previous one's.
fn best_labelling(
    units: &[Stretch],
    allowed: &[bool; 6],
    score: &dyn Fn(&Stretch, usize) -> f64,
) -> Vec<usize> {
    let n = units.len();
    let mut best = vec![[f64::NEG_INFINITY; 6]; n];
    // back[u][k]: the phase of unit u-1 on the best path that puts unit u in phase k.
    let mut back = vec![[0usize; 6]; n];
    for (u, unit) in units.iter().enumerate() {
        // Running best over phases ≤ k of the previous unit.
        let mut prefix = (f64::NEG_INFINITY, 0usize);
        for k in 0..6 {
            if u > 0 && best[u - 1][k] > prefix.0 {
                prefix = (best[u - 1][k], k);
            }
            if !allowed[k] {
                continue;
            }
            let here = score(unit, k);
            if u == 0 {
                best[0][k] = here;
            } else if prefix.0.is_finite() {
                best[u][k] = prefix.0 + here;
                back[u][k] = prefix.1;
            }
        }
    }
    let mut labels = vec![0; n];
    let Some(last) = best.last() else {
        return labels;
    };
    let mut k = (0..6)
        .filter(|&k| last[k].is_finite())
        .fold(None, |acc: Option<usize>, k| match acc {
            Some(b) if last[b] >= last[k] => Some(b),
            _ => Some(k),
        })
        .unwrap_or(0);
    for u in (0..n).rev() {
        labels[u] = k;
        k = back[u][k];
    }
    labels
}

/// Spans from the labelling: a phase runs from its first unit to the next phase's first unit (so
/// the interviewer's turns in between belong to it); the last phase ends with the candidate's
/// last words.
fn timeline(
    units: &[Stretch],
    labels: &[usize],
    budget: &Budget,
    duration_ms: u64,
    transitions: &[Transition],
) -> Timeline {
    let mut starts: [Option<u64>; 6] = [None; 6];
    let mut last_end: [Option<u64>; 6] = [None; 6];
    for (u, &k) in units.iter().zip(labels) {
        starts[k] = Some(starts[k].map_or(u.start_ms, |s: u64| s.min(u.start_ms)));
        last_end[k] = Some(last_end[k].map_or(u.end_ms, |e: u64| e.max(u.end_ms)));
    }
    snap_to_transitions(&mut starts, transitions, units);
    let phases = Phase::ALL
        .iter()
        .enumerate()
        .map(|(k, &id)| {
            let start = starts[k].map(|s| s.min(duration_ms));
            let next_start = (k + 1..6).find_map(|j| starts[j]);
            let end = match (start, next_start) {
                (None, _) => None,
                (Some(s), Some(n)) => Some(n.min(duration_ms).max(s)),
                (Some(s), None) => last_end[k].map(|e| e.min(duration_ms).max(s)),
            };
            PhaseSpan {
                id,
                budget_ms: budget.phase_ms(id),
                start_ms: start,
                end_ms: end,
            }
        })
        .collect();
    Timeline { phases }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{roles, seg};
    use crate::transcript::{Segment, Timing};
    use proptest::prelude::*;

    const MIN: u64 = 60_000;

    /// Phase starts from the candidate's words, failure modes at `at`.
    fn failure_modes_from_words_at(at: u64) -> [Option<u64>; 6] {
        [
            Some(0),
            Some(5 * MIN),
            Some(10 * MIN),
            Some(20 * MIN),
            Some(at),
            None,
        ]
    }

    #[test]
    fn an_explicit_move_minutes_later_beats_a_probe_near_the_candidates_words() {
        let probe = Transition {
            at_ms: 28 * MIN,
            phase: Phase::FailureModes,
            explicit: false,
        };
        let moved = Transition {
            at_ms: 35 * MIN,
            phase: Phase::FailureModes,
            explicit: true,
        };
        let mut starts = failure_modes_from_words_at(28 * MIN);
        snap_to_transitions(&mut starts, &[probe, moved], &[]);
        assert_eq!(starts[4], Some(35 * MIN));
        // Without the move, the probe near the candidate's words is where it starts.
        let mut starts = failure_modes_from_words_at(29 * MIN);
        snap_to_transitions(&mut starts, &[probe], &[]);
        assert_eq!(starts[4], Some(28 * MIN));
        // A move beyond the reach is someone else's phase change.
        let far = Transition {
            at_ms: 40 * MIN,
            ..moved
        };
        let mut starts = failure_modes_from_words_at(28 * MIN);
        snap_to_transitions(&mut starts, &[far], &[]);
        assert_eq!(starts[4], Some(28 * MIN));
    }

    #[test]
    fn transition_phrases_parse_with_every_phase_after_clarify_and_the_move_words() {
        let table: TransitionTable = toml::from_str(TRANSITIONS_SOURCE).expect("valid TOML");
        for phase in &Phase::ALL[1..] {
            assert!(
                table.get(phase.id()).is_some_and(|t| !t.phrases.is_empty()),
                "{}",
                phase.id()
            );
        }
        assert!(table.get("move").is_some_and(|t| !t.phrases.is_empty()));
        assert_eq!(table.len(), 6, "no unknown sections");
    }

    fn budget_minutes(b: &Budget) -> Vec<f64> {
        Phase::ALL
            .iter()
            .map(|&p| b.phase_ms(p) as f64 / MIN as f64)
            .collect()
    }

    #[test]
    fn default_budget_is_the_guides_split() {
        assert_eq!(
            budget_minutes(&Budget::default()),
            [5.0, 5.0, 15.0, 10.0, 5.0, 5.0]
        );
        assert_eq!(Budget::default().total_ms(), 45 * MIN);
    }

    #[test]
    fn budget_total_scales_the_split_proportionally() {
        let b = Budget::parse("60m").unwrap();
        assert_eq!(b.total_ms(), 60 * MIN);
        assert_eq!(b.phase_ms(Phase::Architecture), 20 * MIN);
        assert_eq!(b.phase_ms(Phase::Clarify), 400_000);
    }

    #[test]
    fn budget_accepts_bare_minutes_hours_and_mixed_units() {
        assert_eq!(Budget::parse("45").unwrap(), Budget::default());
        assert_eq!(Budget::parse("1h").unwrap().total_ms(), 60 * MIN);
        assert_eq!(Budget::parse("1h30m").unwrap().total_ms(), 90 * MIN);
        assert_eq!(Budget::parse("1.5h").unwrap().total_ms(), 90 * MIN);
        assert_eq!(Budget::parse(" 30 min ").unwrap().total_ms(), 30 * MIN);
    }

    #[test]
    fn budget_split_is_six_minutes_in_phase_order() {
        let b = Budget::parse("2,3,20,10,5,5").unwrap();
        assert_eq!(budget_minutes(&b), [2.0, 3.0, 20.0, 10.0, 5.0, 5.0]);
    }

    #[test]
    fn bad_budgets_are_usage_errors_that_show_the_value() {
        for bad in [
            "",
            "abc",
            "45x",
            "-5",
            "0",
            "5,5,5",
            "5,5,15,10,5,x",
            "0,0,0,0,0,0",
            "48h",
        ] {
            let e = Budget::parse(bad).unwrap_err();
            assert!(matches!(e, Error::Usage(_)), "{bad:?}: {e}");
            assert!(e.to_string().starts_with("--budget"), "{bad:?}: {e}");
        }
    }

    /// A hit of a term the candidate has not used before (each call a new term and span).
    fn hit(segment: usize, at_ms: u64, lexicon: &str) -> Hit {
        term_hit(segment, at_ms, lexicon, &format!("{lexicon}@{at_ms}"))
    }

    fn term_hit(segment: usize, at_ms: u64, lexicon: &str, term: &str) -> Hit {
        Hit {
            lexicon: lexicon.into(),
            term: term.into(),
            segment,
            start: at_ms as usize,
            end: at_ms as usize + 1,
            at_ms,
        }
    }

    /// A candidate speaking in 30-second segments from `from_min` to `to_min`, each with a cue
    /// of `lexicon` when given; returns segments and hits starting at segment index `first`.
    fn stretch(
        first: usize,
        from_min: u64,
        to_min: u64,
        lexicon: Option<&str>,
    ) -> (Vec<Segment>, Vec<Hit>) {
        let mut segs = Vec::new();
        let mut hits = Vec::new();
        let mut t = from_min * MIN;
        while t < to_min * MIN {
            let i = first + segs.len();
            segs.push(seg(t, t + 30_000, "C", "words"));
            if let Some(l) = lexicon {
                hits.push(hit(i, t + 10_000, l));
            }
            t += 30_000;
        }
        (segs, hits)
    }

    fn session(parts: &[(u64, u64, Option<&str>)]) -> (Transcript, Vec<Hit>) {
        let mut segments = vec![seg(0, 20_000, "I", "Let's design a rate limiter.")];
        let mut hits = vec![hit(0, 1_000, "tools")]; // the interviewer's cue must not count
        for &(from, to, lexicon) in parts {
            let (s, h) = stretch(segments.len(), from, to, lexicon);
            segments.extend(s);
            hits.extend(h);
        }
        (Transcript::new(segments, Timing::Measured), hits)
    }

    fn minutes(t: &Timeline) -> Vec<Option<(f64, f64)>> {
        t.phases
            .iter()
            .map(|p| {
                Some((
                    p.start_ms? as f64 / MIN as f64,
                    p.end_ms? as f64 / MIN as f64,
                ))
            })
            .collect()
    }

    #[test]
    fn clean_45_minute_session_aligns_near_the_budget() {
        let (t, hits) = session(&[
            (0, 5, Some("clarifying")),
            (5, 10, Some("scale")),
            (10, 25, Some("architecture")),
            (25, 35, Some("deep_dive")),
            (35, 40, Some("failure_modes")),
            (40, 45, Some("summary")),
        ]);
        let tl = align(&t, &roles(), &hits, &Budget::default());
        let expected = [0.0, 5.0, 10.0, 25.0, 35.0, 40.0, 45.0];
        for (k, span) in minutes(&tl).into_iter().enumerate() {
            let (s, e) = span.expect("every phase present");
            assert!(
                (s - expected[k]).abs() <= 0.5,
                "{:?} starts at {s}",
                Phase::ALL[k]
            );
            assert!(
                (e - expected[k + 1]).abs() <= 0.5,
                "{:?} ends at {e}",
                Phase::ALL[k]
            );
        }
    }

    #[test]
    fn session_without_summary_cues_has_no_summary_phase() {
        let (t, hits) = session(&[
            (0, 5, Some("clarifying")),
            (5, 10, Some("scale")),
            (10, 28, Some("architecture")),
            (28, 38, Some("deep_dive")),
            (38, 45, Some("failure_modes")),
        ]);
        let tl = align(&t, &roles(), &hits, &Budget::default());
        let summary = &tl.phases[Phase::Summary as usize];
        assert_eq!((summary.start_ms, summary.end_ms), (None, None));
        let failure = &tl.phases[Phase::FailureModes as usize];
        assert_eq!(failure.end_ms, Some(45 * MIN));
    }

    #[test]
    fn skipped_clarification_starts_with_a_later_phase() {
        let (t, hits) = session(&[
            (0, 20, Some("architecture")),
            (20, 35, Some("deep_dive")),
            (35, 45, Some("summary")),
        ]);
        let tl = align(&t, &roles(), &hits, &Budget::default());
        assert_eq!(tl.phases[Phase::Clarify as usize].start_ms, None);
        assert_eq!(tl.phases[Phase::CapacityApi as usize].start_ms, None);
        assert_eq!(tl.phases[Phase::Architecture as usize].start_ms, Some(0));
    }

    #[test]
    fn long_architecture_stretch_shows_as_an_overrun() {
        let (t, hits) = session(&[
            (0, 4, Some("clarifying")),
            (4, 7, Some("scale")),
            (7, 37, Some("architecture")),
            (37, 42, Some("failure_modes")),
            (42, 45, Some("summary")),
        ]);
        let tl = align(&t, &roles(), &hits, &Budget::default());
        let arch = &tl.phases[Phase::Architecture as usize];
        assert!(arch.actual_ms().unwrap() >= 28 * MIN, "{arch:?}");
    }

    #[test]
    fn uncued_stretches_follow_the_budget_prior() {
        let (t, hits) = session(&[
            (0, 1, Some("clarifying")),
            (1, 44, None),
            (44, 45, Some("summary")),
        ]);
        let tl = align(&t, &roles(), &hits, &Budget::default());
        // Only the two cued phases exist; the silent middle splits between them.
        let present: Vec<Phase> = tl
            .phases
            .iter()
            .filter(|p| p.start_ms.is_some())
            .map(|p| p.id)
            .collect();
        assert_eq!(present, [Phase::Clarify, Phase::Summary]);
    }

    #[test]
    fn stray_early_summary_word_does_not_jump_to_the_summary() {
        let (t, mut hits) = session(&[
            (0, 5, Some("clarifying")),
            (5, 10, Some("scale")),
            (10, 25, Some("architecture")),
            (25, 35, Some("deep_dive")),
            (35, 40, Some("failure_modes")),
            (40, 45, Some("summary")),
        ]);
        hits.push(hit(3, 70_000, "summary"));
        let tl = align(&t, &roles(), &hits, &Budget::default());
        let start = tl.phases[Phase::Summary as usize].start_ms.unwrap();
        assert!(start >= 39 * MIN, "summary starts at {start}");
    }

    #[test]
    fn recap_of_earlier_terms_does_not_hold_back_the_summary() {
        // A clean session whose summary, at 40:00, recaps failure-mode terms used before it.
        let (t, mut hits) = session(&[
            (0, 5, Some("clarifying")),
            (5, 10, Some("scale")),
            (10, 25, Some("architecture")),
            (25, 35, Some("deep_dive")),
            (35, 40, None),
            (40, 45, None),
        ]);
        let first_failure = t
            .segments
            .iter()
            .position(|s| s.start_ms == 35 * MIN)
            .unwrap();
        let summary = t
            .segments
            .iter()
            .position(|s| s.start_ms == 40 * MIN)
            .unwrap();
        for (i, term) in ["outage", "retry storm", "alerts"].iter().enumerate() {
            let i = i as u64;
            hits.push(term_hit(
                first_failure + i as usize,
                35 * MIN + i * 30_000,
                "failure_modes",
                term,
            ));
            hits.push(term_hit(
                summary + 1,
                40 * MIN + 31_000 + i,
                "failure_modes",
                term,
            ));
        }
        hits.push(hit(summary, 40 * MIN + 1_000, "summary"));
        let tl = align(&t, &roles(), &hits, &Budget::default());
        assert_eq!(tl.phases[Phase::Summary as usize].start_ms, Some(40 * MIN));
    }

    #[test]
    fn a_term_in_several_lexicons_shares_its_weight() {
        // "idempotency key" is data model, deep dive and reliability at once: alone it does not
        // outweigh one plain scale cue in the same unit.
        let t = Transcript::new(vec![seg(0, 20_000, "C", "x")], Timing::Measured);
        let mut hits = vec![hit(0, 1_000, "scale")];
        for lexicon in ["data_model", "deep_dive", "reliability", "idempotency"] {
            hits.push(term_hit(0, 5_000, lexicon, "idempotency key"));
        }
        let tl = align(&t, &roles(), &hits, &Budget::default());
        assert_eq!(tl.phases[Phase::CapacityApi as usize].start_ms, Some(0));
    }

    #[test]
    fn interviewer_cues_do_not_make_phases() {
        let mut segments = vec![seg(0, 60_000, "I", "We need failure modes and a summary.")];
        segments.push(seg(60_000, 120_000, "C", "Who are the users?"));
        let t = Transcript::new(segments, Timing::Measured);
        let hits = vec![
            hit(0, 1_000, "failure_modes"),
            hit(0, 2_000, "summary"),
            hit(1, 61_000, "clarifying"),
        ];
        let tl = align(&t, &roles(), &hits, &Budget::default());
        assert_eq!(tl.phases[Phase::Clarify as usize].start_ms, Some(60_000));
        assert!(tl.phases[1..].iter().all(|p| p.start_ms.is_none()));
    }

    #[test]
    fn no_candidate_speech_gives_six_absent_phases_with_budgets() {
        let t = Transcript::new(vec![seg(0, 1000, "I", "Design a chat.")], Timing::Measured);
        let tl = align(&t, &roles(), &[], &Budget::default());
        assert_eq!(tl.phases.len(), 6);
        assert!(tl
            .phases
            .iter()
            .all(|p| p.start_ms.is_none() && p.end_ms.is_none()));
        assert_eq!(tl.phases[2].budget_ms, 15 * MIN);
    }

    #[test]
    fn one_long_segment_is_cut_so_it_can_span_phases() {
        let t = Transcript::new(
            vec![seg(0, 10 * MIN, "C", "a long monologue")],
            Timing::Estimated,
        );
        let hits = vec![hit(0, 30_000, "clarifying"), hit(0, 9 * MIN, "summary")];
        let tl = align(&t, &roles(), &hits, &Budget::parse("10").unwrap());
        assert_eq!(tl.phases[Phase::Clarify as usize].start_ms, Some(0));
        assert!(tl.phases[Phase::Summary as usize].start_ms.is_some());
    }

    #[test]
    fn hits_pointing_outside_the_transcript_are_ignored() {
        let t = Transcript::new(vec![seg(0, 1000, "C", "x")], Timing::Measured);
        let tl = align(&t, &roles(), &[hit(99, 0, "summary")], &Budget::default());
        assert_eq!(tl.phases.len(), 6);
    }

    const LEXICONS: [&str; 8] = [
        "clarifying",
        "scale",
        "architecture",
        "deep_dive",
        "failure_modes",
        "summary",
        "tools",
        "fillers",
    ];

    proptest! {
        #[test]
        fn phases_are_ordered_disjoint_and_inside_the_recording(
            segs in prop::collection::vec((0u64..120_000, 0u64..90_000, any::<bool>()), 0..60),
            cues in prop::collection::vec((0usize..60, 0usize..8, 0u64..90_000), 0..80),
            total_min in 1u64..120,
        ) {
            let mut t = 0;
            let mut segments = Vec::new();
            for (gap, len, candidate) in segs {
                let start = t + gap;
                segments.push(seg(start, start + len, if candidate { "C" } else { "I" }, "x"));
                t = start + len;
            }
            let hits: Vec<Hit> = cues
                .into_iter()
                .filter(|(s, _, _)| *s < segments.len())
                .map(|(s, l, off)| hit(s, segments[s].start_ms + off, LEXICONS[l]))
                .collect();
            let transcript = Transcript::new(segments, Timing::Measured);
            let budget = Budget::from_total_ms(total_min * MIN).unwrap();
            let tl = align(&transcript, &roles(), &hits, &budget);
            prop_assert_eq!(tl.phases.len(), 6);
            let mut previous_end = 0;
            for (p, id) in tl.phases.iter().zip(Phase::ALL) {
                prop_assert_eq!(p.id, id);
                prop_assert_eq!(p.start_ms.is_some(), p.end_ms.is_some());
                if let (Some(s), Some(e)) = (p.start_ms, p.end_ms) {
                    prop_assert!(s <= e);
                    prop_assert!(s >= previous_end, "{:?} starts before the previous phase ends", id);
                    prop_assert!(e <= transcript.duration_ms);
                    previous_end = e;
                }
            }
        }
    }
}
