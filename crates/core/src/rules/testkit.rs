//! Tiny sessions for rule and rubric tests: segments, hits and a timeline written by hand, so a
//! test needs neither the lexicons nor audio. Speaker "Cand" is the candidate, "Int" the
//! interviewer.

use crate::align::{Phase, PhaseSpan, Timeline};
use crate::lexicon::Hit;
use crate::roles::Roles;
use crate::rules::Session;
use crate::transcript::{Segment, Timing, Transcript};

/// The guide's budget per phase, in `Phase::ALL` order, in minutes.
const BUDGET_MIN: [u64; 6] = [5, 5, 15, 10, 5, 5];

#[derive(Clone)]
pub struct Kit {
    pub transcript: Transcript,
    pub roles: Roles,
    pub hits: Vec<Hit>,
    pub timeline: Timeline,
}

impl Kit {
    /// An empty session: no segments, every phase absent, measured timing.
    pub fn new() -> Kit {
        Kit {
            transcript: Transcript::new(vec![], Timing::Measured),
            roles: Roles {
                candidate: Some("Cand".into()),
                interviewer: Some("Int".into()),
                how: "test".into(),
            },
            hits: vec![],
            timeline: Timeline {
                phases: Phase::ALL
                    .iter()
                    .zip(BUDGET_MIN)
                    .map(|(&id, min)| PhaseSpan {
                        id,
                        budget_ms: min * 60_000,
                        start_ms: None,
                        end_ms: None,
                    })
                    .collect(),
            },
        }
    }

    /// A segment starting at `at_s` seconds; it ends where the next one starts (10 s if last).
    pub fn say(mut self, at_s: u64, speaker: &str, text: &str) -> Kit {
        let start_ms = at_s * 1000;
        if let Some(prev) = self.transcript.segments.last_mut() {
            prev.end_ms = start_ms.max(prev.start_ms);
        }
        self.transcript.segments.push(Segment {
            start_ms,
            end_ms: start_ms + 10_000,
            speaker: Some(speaker.to_string()),
            text: text.to_string(),
            words: vec![],
        });
        self.transcript.duration_ms = self
            .transcript
            .segments
            .iter()
            .map(|s| s.end_ms)
            .max()
            .unwrap_or(0);
        self
    }

    /// A hit of `lexicon`/`term` on the first occurrence of `needle` in the latest segment that
    /// contains it; panics when no segment does (a broken test, not input data).
    pub fn tag(mut self, lexicon: &str, term: &str, needle: &str) -> Kit {
        let (segment, start) = self
            .transcript
            .segments
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, s)| s.text.find(needle).map(|b| (i, b)))
            .unwrap_or_else(|| panic!("no segment contains {needle:?}"));
        let seg = &self.transcript.segments[segment];
        let share = start as u64 * (seg.end_ms - seg.start_ms) / seg.text.len().max(1) as u64;
        self.hits.push(Hit {
            lexicon: lexicon.to_string(),
            term: term.to_string(),
            segment,
            start,
            end: start + needle.len(),
            at_ms: seg.start_ms + share,
        });
        self.hits.sort_by_key(|h| (h.segment, h.start));
        self
    }

    /// Sets a phase span in seconds.
    pub fn phase(mut self, id: Phase, start_s: u64, end_s: u64) -> Kit {
        if let Some(p) = self.timeline.phases.iter_mut().find(|p| p.id == id) {
            p.start_ms = Some(start_s * 1000);
            p.end_ms = Some(end_s * 1000);
        }
        self
    }

    /// Every phase at its budget, back to back from `from_s`.
    pub fn on_budget(mut self, from_s: u64) -> Kit {
        let mut at = from_s * 1000;
        for p in &mut self.timeline.phases {
            p.start_ms = Some(at);
            at += p.budget_ms;
            p.end_ms = Some(at);
        }
        self
    }

    pub fn estimated(mut self) -> Kit {
        self.transcript.timing = Timing::Estimated;
        self
    }

    pub fn session(&self) -> Session<'_> {
        Session {
            transcript: &self.transcript,
            roles: &self.roles,
            hits: &self.hits,
            timeline: &self.timeline,
        }
    }
}
