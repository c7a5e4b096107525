//! The Day-7 review: the guide's three closing bullets ("what you clarified well, where you became
//! vague, and which tradeoff you should have made explicit"), drafted from the evidence, each
//! pointing at its timestamps. A draft for the candidate and coach to rewrite, not a verdict.

use serde::{Deserialize, Serialize};

use super::evidence::{candidate_hits, quote_hit, quote_segment};
use super::prompts::{DeepDiveReport, Prompt};
use crate::align::{Phase, PhaseSpan};
use crate::lexicon::Hit;
use crate::roles::Roles;
use crate::rules::{Evidence, Session};
use crate::transcript::Transcript;

/// A stretch of candidate speech this long with no concrete term reads as vague.
pub const VAGUE_STRETCH_MS: u64 = 90_000;
/// Without a timeline, the clarification window is this long from the candidate's first words.
const DEFAULT_CLARIFY_WINDOW_MS: u64 = 10 * 60_000;
/// A tradeoff word this close to a choice counts as comparing it.
const TRADEOFF_NEAR_MS: u64 = 30_000;
/// A comparison is argued when a reason or a further tradeoff word (a downside, a choice) follows
/// within this long: people often name the two options, then explain over the next minute.
const ARGUED_WITHIN_MS: u64 = 90_000;

/// Lexicons whose hits are concrete design content (not filler, hedging or framing).
const CONCRETE: &[&str] = &[
    "tools",
    "scale",
    "data_model",
    "architecture",
    "deep_dive",
    "failure_modes",
    "reliability",
    "monitoring",
    "idempotency",
];

/// One closing bullet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bullet {
    pub text: String,
    pub evidence: Vec<Evidence>,
}

/// The guide's three closing bullets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub clarified_well: Bullet,
    pub became_vague: Bullet,
    pub tradeoff_to_make_explicit: Bullet,
}

/// Drafts the three bullets from the session the rules read (its hits are the analyzer's; its
/// timeline may have no phases, when unknown) and, when known, the session's prompt and how far
/// its deep dive got.
pub fn review(s: &Session, prompt: Option<(&Prompt, &DeepDiveReport)>) -> Review {
    Review {
        clarified_well: clarified(s),
        became_vague: vague(s),
        tradeoff_to_make_explicit: tradeoff(s, prompt),
    }
}

fn mine<'a>(s: &'a Session, lexicons: &'a [&'a str]) -> Vec<&'a Hit> {
    let mut v: Vec<&Hit> = candidate_hits(s.transcript, s.roles, s.hits, lexicons).collect();
    v.sort_by_key(|h| (h.at_ms, h.segment, h.start));
    v
}

fn first_candidate(s: &Session) -> Option<(usize, u64)> {
    s.transcript
        .segments
        .iter()
        .enumerate()
        .filter(|(_, seg)| s.roles.is_candidate(seg) && !seg.text.trim().is_empty())
        .map(|(i, seg)| (i, seg.start_ms))
        .min_by_key(|&(i, t)| (t, i))
}

fn phase_start(phases: &[PhaseSpan], id: Phase) -> Option<u64> {
    phases.iter().find(|p| p.id == id).and_then(|p| p.start_ms)
}

/// Pushes the quote unless the same quote is already there, up to `max`.
fn push_unique(out: &mut Vec<Evidence>, e: Evidence, max: usize) {
    if out.len() < max && !out.iter().any(|x| x.quote == e.quote) {
        out.push(e);
    }
}

fn clarified(s: &Session) -> Bullet {
    let phases = &s.timeline.phases;
    let Some((first_seg, start)) = first_candidate(s) else {
        return Bullet {
            text: "No candidate speech to review.".into(),
            evidence: Vec::new(),
        };
    };
    let design_start = phase_start(phases, Phase::Architecture)
        .or_else(|| {
            phases
                .iter()
                .find(|p| p.id == Phase::Clarify)
                .and_then(|p| p.end_ms)
        })
        .unwrap_or(start + DEFAULT_CLARIFY_WINDOW_MS);
    let early = |h: &&Hit| h.at_ms < design_start.max(start + 1);
    let questions: Vec<&Hit> = mine(s, &["clarifying"]).into_iter().filter(early).collect();
    let constraints: Vec<(&'static str, &Hit)> = mine(s, &["requirements"])
        .into_iter()
        .filter(early)
        .filter_map(|h| super::drills::constraint_of(h).map(|c| (c, h)))
        .collect();
    let mut named: Vec<&str> = Vec::new();
    for (c, _) in &constraints {
        if !named.contains(c) {
            named.push(c);
        }
    }
    let mut evidence = Vec::new();
    for h in questions.iter().take(6) {
        push_unique(&mut evidence, quote_hit(s.transcript, h), 2);
    }
    for (_, h) in constraints.iter() {
        push_unique(&mut evidence, quote_hit(s.transcript, h), 4);
    }
    evidence.sort_by_key(|e| e.start_ms);
    let before = super::mm_ss(design_start);
    let text = match (questions.is_empty(), named.is_empty()) {
        (true, true) => {
            return Bullet {
                text: format!(
                    "Nothing was clarified before the design (until {before}): no question, assumption or constraint. Open with the users, the core action and the two constraints that matter."
                ),
                evidence: quote_segment(s.transcript, first_seg).into_iter().collect(),
            }
        }
        (false, true) => format!(
            "Asked or assumed {} thing(s) before {before} (first at {}), but named no driving constraint such as latency or consistency.",
            distinct_sentences(&questions),
            super::mm_ss(questions.first().map_or(start, |h| h.at_ms))
        ),
        (true, false) => format!(
            "Named the constraints {} before {before}, but asked no clarifying question or stated assumption.",
            named.join(", ")
        ),
        (false, false) => format!(
            "Clarified before {before}: {} question(s) or assumption(s), first at {}, and the constraints {}.",
            distinct_sentences(&questions),
            super::mm_ss(questions.first().map_or(start, |h| h.at_ms)),
            named.join(", ")
        ),
    };
    Bullet { text, evidence }
}

/// Distinct (segment, sentence-ish) places among the hits, so two cues in one question count once.
fn distinct_sentences(hits: &[&Hit]) -> usize {
    let mut keys: Vec<(usize, u64)> = hits.iter().map(|h| (h.segment, h.at_ms / 5_000)).collect();
    keys.dedup();
    keys.len()
}

/// Windows of candidate speech of at least `VAGUE_STRETCH_MS` with no concrete term:
/// (start, end, segment where it starts).
pub fn vague_stretches(
    transcript: &Transcript,
    roles: &Roles,
    hits: &[Hit],
) -> Vec<(u64, u64, usize)> {
    let mut concrete: Vec<u64> = candidate_hits(transcript, roles, hits, CONCRETE)
        .map(|h| h.at_ms)
        .collect();
    concrete.sort_unstable();
    let segs: Vec<(usize, u64, u64)> = transcript
        .segments
        .iter()
        .enumerate()
        .filter(|(_, s)| roles.is_candidate(s) && !s.text.trim().is_empty())
        .map(|(i, s)| (i, s.start_ms, s.end_ms))
        .collect();
    let (Some(first), Some(last)) = (
        segs.iter().map(|s| s.1).min(),
        segs.iter().map(|s| s.2).max(),
    ) else {
        return Vec::new();
    };
    let mut bounds = vec![first];
    bounds.extend(
        concrete
            .iter()
            .copied()
            .filter(|&t| t >= first && t <= last),
    );
    bounds.push(last);
    let mut out = Vec::new();
    for w in bounds.windows(2) {
        let (a, b) = (w[0], w[1]);
        if b.saturating_sub(a) < VAGUE_STRETCH_MS {
            continue;
        }
        // Candidate talk inside the window: a gap filled by the interviewer is not vagueness.
        let talk: u64 = segs
            .iter()
            .map(|&(_, s, e)| e.min(b).saturating_sub(s.max(a)))
            .sum();
        if talk * 3 < VAGUE_STRETCH_MS * 2 {
            continue;
        }
        let at = segs
            .iter()
            .find(|&&(_, s, e)| e > a && s < b)
            .map_or(0, |&(i, _, _)| i);
        out.push((a, b, at));
    }
    out
}

fn vague(s: &Session) -> Bullet {
    let hedges = mine(s, &["hedging"]);
    let stretches = vague_stretches(s.transcript, s.roles, s.hits);
    let mut evidence = Vec::new();
    // The densest hedging first: segments with the most hedges.
    let mut per_segment: Vec<(usize, usize, &Hit)> = Vec::new();
    for h in &hedges {
        match per_segment.iter_mut().find(|(seg, _, _)| *seg == h.segment) {
            Some(slot) => slot.1 += 1,
            None => per_segment.push((h.segment, 1, h)),
        }
    }
    per_segment.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.at_ms.cmp(&b.2.at_ms)));
    for (_, _, h) in per_segment.iter().take(2) {
        push_unique(&mut evidence, quote_hit(s.transcript, h), 2);
    }
    let mut longest = stretches.clone();
    longest.sort_by(|a, b| {
        (b.1.saturating_sub(b.0))
            .cmp(&a.1.saturating_sub(a.0))
            .then(a.0.cmp(&b.0))
    });
    for (a, _, seg) in longest.iter().take(2) {
        if let Some(mut e) = quote_segment(s.transcript, *seg) {
            e.start_ms = e.start_ms.max(*a);
            push_unique(&mut evidence, e, 4);
        }
    }
    evidence.sort_by_key(|e| e.start_ms);
    let mut words: Vec<&str> = hedges.iter().map(|h| h.term.as_str()).collect();
    words.sort_unstable();
    words.dedup();
    let spans: Vec<String> = longest
        .iter()
        .take(2)
        .map(|(a, b, _)| format!("{}–{}", super::mm_ss(*a), super::mm_ss(*b)))
        .collect();
    let text = match (hedges.is_empty(), stretches.is_empty()) {
        (true, true) => {
            "The answer stayed concrete: no hedging and no long stretch without a concrete term."
                .to_string()
        }
        (false, true) => format!(
            "Hedged {} time(s) ({}), most at {}.",
            hedges.len(),
            quoted(&words),
            super::mm_ss(per_segment.first().map_or(0, |p| p.2.at_ms))
        ),
        (true, false) => format!(
            "{} stretch(es) of {}+ without a concrete component, number or mechanism: {}.",
            stretches.len(),
            super::mm_ss(VAGUE_STRETCH_MS),
            spans.join(", ")
        ),
        (false, false) => format!(
            "Hedged {} time(s) ({}), and {} stretch(es) of {}+ without a concrete term: {}.",
            hedges.len(),
            quoted(&words),
            stretches.len(),
            super::mm_ss(VAGUE_STRETCH_MS),
            spans.join(", ")
        ),
    };
    Bullet { text, evidence }
}

fn quoted(words: &[&str]) -> String {
    words
        .iter()
        .take(4)
        .map(|w| format!("\"{w}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn tradeoff(s: &Session, prompt: Option<(&Prompt, &DeepDiveReport)>) -> Bullet {
    let t = s.transcript;
    let tradeoffs = mine(s, &["tradeoffs"]);
    let reasons = mine(s, &["reasons"]);
    let near = |pool: &[&Hit], at: u64| {
        pool.iter()
            .any(|h| h.at_ms + TRADEOFF_NEAR_MS >= at && h.at_ms <= at + TRADEOFF_NEAR_MS)
    };

    let argued = |h: &Hit| {
        let window = |x: &&Hit| {
            x.at_ms + TRADEOFF_NEAR_MS >= h.at_ms && x.at_ms <= h.at_ms + ARGUED_WITHIN_MS
        };
        reasons.iter().any(window)
            || tradeoffs
                .iter()
                .any(|x| window(x) && (x.segment, x.start) != (h.segment, h.start))
    };

    // 1. Two approaches named side by side and never argued.
    if let Some(h) = tradeoffs.iter().find(|h| h.term == "versus" && !argued(h)) {
        return Bullet {
            text: format!(
                "Compared two approaches at {} but did not say which you chose and why.",
                super::mm_ss(h.at_ms)
            ),
            evidence: vec![quote_hit(t, h)],
        };
    }

    // 2. The prompt's classic "X vs Y" deep dive, missed or not argued.
    if let Some((prompt, coverage)) = prompt {
        for item in prompt.deep_dive.iter().filter(|i| i.label.contains(" vs ")) {
            let reached = coverage.items.iter().find(|c| c.id == item.id);
            let weighed =
                reached.is_some_and(|c| c.evidence.iter().any(|e| near(&tradeoffs, e.start_ms)));
            match reached.and_then(|c| c.first_ms.map(|at| (at, c))) {
                None => {
                    return Bullet {
                        text: format!(
                            "The prompt's central tradeoff, {}, never came up: compare the two and choose.",
                            item.label
                        ),
                        evidence: Vec::new(),
                    }
                }
                Some((at, c)) if !weighed => {
                    return Bullet {
                        text: format!(
                            "Reached {} at {} without weighing the alternatives: say which one and why.",
                            item.label,
                            super::mm_ss(at)
                        ),
                        evidence: c.evidence.clone(),
                    }
                }
                _ => {}
            }
        }
    }

    // 3. A tool chosen with nothing it was chosen over and no reason.
    let tools = mine(s, &["tools"]);
    if let Some(h) = tools
        .iter()
        .find(|h| !near(&tradeoffs, h.at_ms) && !near(&reasons, h.at_ms))
    {
        return Bullet {
            text: format!(
                "Chose {} at {} without saying what it was chosen over or why.",
                h.term,
                super::mm_ss(h.at_ms)
            ),
            evidence: vec![quote_hit(t, h)],
        };
    }

    if let Some(h) = tradeoffs.first() {
        return Bullet {
            text: format!(
                "Tradeoffs were explicit (first at {}); make the main one the last thing you say: \"The main tradeoff is ___ versus ___.\"",
                super::mm_ss(h.at_ms)
            ),
            evidence: vec![quote_hit(t, h)],
        };
    }
    Bullet {
        text: "No tradeoff was named. Close with \"The main tradeoff is ___ versus ___\" and choose based on the constraints you stated.".into(),
        evidence: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{roles, seg};
    use crate::transcript::Timing;

    fn concrete(at_ms: u64, segment: usize) -> Hit {
        Hit {
            lexicon: "tools".into(),
            term: "redis".into(),
            segment,
            start: 0,
            end: 1,
            at_ms,
        }
    }

    #[test]
    fn two_minutes_of_candidate_talk_without_a_concrete_term_is_a_vague_stretch() {
        let t = Transcript::new(
            vec![
                seg(0, 10_000, "C", "Redis."),
                seg(
                    10_000,
                    130_000,
                    "C",
                    "It would just work out, more or less.",
                ),
                seg(130_000, 135_000, "C", "Redis again."),
            ],
            Timing::Measured,
        );
        let hits = [concrete(0, 0), concrete(130_000, 2)];
        assert_eq!(vague_stretches(&t, &roles(), &hits), [(0, 130_000, 0)]);
    }

    #[test]
    fn a_gap_filled_by_the_interviewer_is_not_a_vague_stretch() {
        let t = Transcript::new(
            vec![
                seg(0, 10_000, "C", "Redis."),
                seg(
                    10_000,
                    125_000,
                    "I",
                    "Let me explain the company's history at length.",
                ),
                seg(130_000, 135_000, "C", "Redis again."),
            ],
            Timing::Measured,
        );
        let hits = [concrete(0, 0), concrete(130_000, 2)];
        assert!(vague_stretches(&t, &roles(), &hits).is_empty());
    }

    #[test]
    fn concrete_terms_every_minute_leave_no_vague_stretch() {
        let t = Transcript::new(vec![seg(0, 200_000, "C", "Long answer.")], Timing::Measured);
        let hits: Vec<Hit> = (0..4).map(|i| concrete(i * 60_000, 0)).collect();
        assert!(vague_stretches(&t, &roles(), &hits).is_empty());
    }
}
