//! `missing-summary`: no summary language from the candidate in the closing minutes (the last
//! five minutes of the session, or the summary phase when the timeline found one earlier).

use super::util::{
    absence, candidate_hits, has_candidate_speech, last_candidate_words, mmss, whole_session,
};
use super::{Finding, Level, Rule};
use crate::align::Phase;
use crate::ids::{Dimension, RuleId};
use crate::rules::Session;

pub struct MissingSummary;

/// The guide's summary slot: the last five minutes.
pub(crate) const CLOSING_MS: u64 = 5 * 60 * 1000;

/// The closing window: the last five minutes, widened to the summary phase when it starts earlier.
pub(crate) fn closing_window(s: &Session) -> (u64, u64) {
    let (session_start, end) = whole_session(s);
    let mut start = end.saturating_sub(CLOSING_MS).max(session_start);
    let summary_start = s
        .timeline
        .phases
        .iter()
        .find(|p| p.id == Phase::Summary)
        .and_then(|p| p.start_ms);
    if let Some(at) = summary_start {
        start = start.min(at);
    }
    (start, end)
}

impl Rule for MissingSummary {
    fn id(&self) -> RuleId {
        RuleId::MissingSummary
    }
    fn dimension(&self) -> Dimension {
        Dimension::Communication
    }
    fn level(&self) -> Level {
        Level::Warning
    }

    fn check(&self, s: &Session) -> Vec<Finding> {
        if !has_candidate_speech(s) {
            return vec![];
        }
        let (start, end) = closing_window(s);
        if candidate_hits(s, "summary").any(|h| h.at_ms >= start) {
            return vec![];
        }
        let message = format!(
            "No summary in the closing minutes ({}–{}). End with a short recap: the API and data \
             model, the main components, how failures are handled, the main tradeoff, and what \
             you would build first and add at ten times the load.",
            mmss(start),
            mmss(end)
        );
        vec![absence(
            self,
            (start, end),
            message,
            last_candidate_words(s).into_iter().collect(),
        )]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::Kit;

    fn check(kit: &Kit) -> Vec<Finding> {
        MissingSummary.check(&kit.session())
    }

    fn long_session() -> Kit {
        Kit::new()
            .say(0, "Int", "Design a news feed.")
            .say(60, "Cand", "To summarize early: fanout on write.")
            .say(1500, "Cand", "Workers fan posts out to follower timelines.")
            .say(2600, "Cand", "And that is where I would stop.")
            .tag("summary", "to summarize", "To summarize")
    }

    #[test]
    fn a_summary_early_in_the_session_does_not_count() {
        let f = check(&long_session());
        assert_eq!(f.len(), 1);
        // Last segment ends at 2610 s: the window is the five minutes before.
        assert_eq!(f[0].searched_ms, Some((2_310_000, 2_610_000)));
        assert_eq!(f[0].evidence[0].quote, "And that is where I would stop.");
    }

    #[test]
    fn silent_with_a_summary_in_the_last_five_minutes() {
        let kit = long_session()
            .say(
                2500,
                "Cand",
                "So to recap, the design starts with a simple API.",
            )
            .tag("summary", "to recap", "to recap");
        assert!(check(&kit).is_empty());
    }

    #[test]
    fn a_summary_phase_that_starts_earlier_widens_the_window() {
        let kit = Kit::new()
            .say(0, "Cand", "Some design.")
            .say(1800, "Cand", "In summary, we shard by user.")
            .say(2400, "Cand", "Happy to go deeper anywhere.")
            .tag("summary", "in summary", "In summary")
            .phase(Phase::Summary, 1800, 2410);
        assert!(check(&kit).is_empty());
    }

    #[test]
    fn an_interviewer_summary_does_not_count() {
        let kit = Kit::new()
            .say(0, "Cand", "We shard by user.")
            .say(100, "Int", "So to summarize what you said, sharding.")
            .tag("summary", "to summarize", "to summarize");
        assert_eq!(check(&kit).len(), 1);
    }
}
