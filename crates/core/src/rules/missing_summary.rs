//! `missing-summary`: no closing recap from the candidate. A recap is summary language from the
//! candidate in the closing minutes (the last five minutes of the session, or the summary phase
//! when the timeline found one earlier), or a substantial answer when the interviewer asks for
//! one there ("can you wrap it up for me?"): real candidates recap without announcing it, and
//! interviewers keep talking (feedback, questions) after the recap, so the last five minutes
//! alone would miss it.

use super::util::{
    absence, candidate_hits, has_candidate_speech, is_candidate_hit, last_candidate_words, mmss,
    whole_session,
};
use super::{Finding, Level, Rule};
use crate::align::Phase;
use crate::ids::{Dimension, RuleId};
use crate::rules::Session;

pub struct MissingSummary;

/// The guide's summary slot: the last five minutes.
pub(crate) const CLOSING_MS: u64 = 5 * 60 * 1000;

/// An interviewer's request for a summary counts only in the last part of the session (share of
/// the candidate's span): earlier, "summarize the requirements" is not the closing recap.
const REQUEST_FROM_SHARE: f64 = 0.6;
/// The summary terms that ask for a recap when the interviewer says them ("can you wrap it up?");
/// "overall" or "in short" from an interviewer is not a request.
const REQUEST_TERMS: &[&str] = &[
    "to summarize",
    "in summary",
    "to recap",
    "wrapping up",
    "let me summarize",
    "to sum up",
    "bring it together",
    "pull it together",
];
/// How close to the end of the interviewer's turn the request must be.
const REQUEST_AT_END_BYTES: usize = 160;
/// How soon after the request the candidate must answer it.
const ANSWER_WITHIN_MS: u64 = 3 * 60 * 1000;
/// How many words the answer needs to be a recap rather than "sure".
const RECAP_MIN_WORDS: usize = 40;
/// A recap restates the design: at least this many distinct design terms in the answer.
const RECAP_MIN_DESIGN_TERMS: usize = 4;
/// The lexicons whose terms name parts of a design.
const DESIGN_LEXICONS: &[&str] = &["architecture", "tools", "data_model", "reliability"];

/// When the interviewer asked for a recap in the closing part and the candidate gave one: the
/// request's time.
fn answered_request(s: &Session) -> Option<u64> {
    let (start, end) = whole_session(s);
    let from = start + ((end - start) as f64 * REQUEST_FROM_SHARE) as u64;
    s.hits
        .iter()
        .filter(|h| h.lexicon == "summary" && REQUEST_TERMS.contains(&h.term.as_str()))
        .filter(|h| h.at_ms >= from && !is_candidate_hit(s, h))
        // The request is what the interviewer ends the turn with ("…can you wrap it up for me?"),
        // not a plan mentioned along the way ("…and leave you a few minutes to wrap up. Let's
        // stay on the late data…").
        .filter(|h| {
            s.transcript
                .segments
                .get(h.segment)
                .is_some_and(|seg| seg.text.len().saturating_sub(h.end) <= REQUEST_AT_END_BYTES)
        })
        .map(|h| h.at_ms)
        .find(|&asked| {
            let words: usize = s
                .transcript
                .segments
                .iter()
                .filter(|seg| s.roles.is_candidate(seg))
                .filter(|seg| seg.start_ms >= asked && seg.start_ms <= asked + ANSWER_WITHIN_MS)
                .map(|seg| seg.text.split_whitespace().count())
                .sum();
            let answer = |at: u64| at >= asked && at <= asked + ANSWER_WITHIN_MS;
            let mut terms: Vec<&str> = s
                .hits
                .iter()
                .filter(|h| DESIGN_LEXICONS.contains(&h.lexicon.as_str()) && answer(h.at_ms))
                .filter(|h| is_candidate_hit(s, h))
                .map(|h| h.term.as_str())
                .collect();
            terms.sort_unstable();
            terms.dedup();
            words >= RECAP_MIN_WORDS && terms.len() >= RECAP_MIN_DESIGN_TERMS
        })
}

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

        if candidate_hits(s, "summary").any(|h| h.at_ms >= start) || answered_request(s).is_some() {
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
