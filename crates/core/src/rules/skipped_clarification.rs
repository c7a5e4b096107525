//! `skipped-clarification`: no clarifying question or stated assumption by the candidate before
//! the design starts. The design starts at the candidate's first architecture or tool mention;
//! without one, at the end of the clarify phase.

use super::text::{candidate_sentences, sentence_at};
use super::util::{
    absence, candidate_hits, candidate_hits_in, evidence, has_candidate_speech, whole_session,
};
use super::{Finding, Level, Rule};
use crate::align::Phase;
use crate::ids::{Dimension, RuleId};
use crate::rules::Session;

pub struct SkippedClarification;

/// Where the design starts: (segment, byte) and time of the first tool named, or of the first
/// sentence naming two different components, outside a clarifying sentence (so "is this for an
/// internal service?" is not design). Without either, the first candidate segment after the
/// clarify phase ends.
/// Architecture words too general to mark design on their own ("a service for public clients").
const GENERIC: &[&str] = &[
    "service",
    "client",
    "region",
    "edge",
    "backend",
    "frontend",
    "rate limiter",
    "pipeline",
    "partition",
    "leader",
    "follower",
    "cluster",
    "in memory",
    "stateless",
    "gateway",
    "proxy",
];

pub(crate) fn design_start(s: &Session) -> Option<((usize, usize), u64)> {
    let sentences = candidate_sentences(s);
    let asking: Vec<usize> = candidate_hits(s, "clarifying")
        .filter_map(|h| sentence_at(&sentences, h))
        .collect();
    let mut components: Vec<(usize, &str)> = Vec::new();
    for h in candidate_hits_in(s, &["architecture", "tools"]) {
        let sentence = sentence_at(&sentences, h);
        if sentence.is_some_and(|i| asking.contains(&i)) || GENERIC.contains(&h.term.as_str()) {
            continue;
        }
        let second_component = sentence.is_some_and(|i| {
            components
                .iter()
                .any(|&(j, term)| j == i && term != h.term.as_str())
        });
        if h.lexicon == "tools" || second_component {
            return Some(((h.segment, h.start), h.at_ms));
        }
        if let Some(i) = sentence {
            components.push((i, h.term.as_str()));
        }
    }
    let end_ms = s
        .timeline
        .phases
        .iter()
        .find(|p| p.id == Phase::Clarify)
        .and_then(|p| p.end_ms)?;
    let (i, seg) = s
        .transcript
        .segments
        .iter()
        .enumerate()
        .find(|(_, seg)| seg.start_ms >= end_ms && s.roles.is_candidate(seg))?;
    Some(((i, 0), seg.start_ms))
}

impl Rule for SkippedClarification {
    fn id(&self) -> RuleId {
        RuleId::SkippedClarification
    }
    fn dimension(&self) -> Dimension {
        Dimension::Clarification
    }
    fn level(&self) -> Level {
        Level::Warning
    }

    fn check(&self, s: &Session) -> Vec<Finding> {
        if !has_candidate_speech(s) {
            return vec![];
        }
        let (session_start, session_end) = whole_session(s);
        let (limit, limit_ms) = design_start(s).unwrap_or(((usize::MAX, usize::MAX), session_end));
        let clarified = candidate_hits(s, "clarifying").any(|h| (h.segment, h.start) < limit);
        if clarified {
            return vec![];
        }
        let first_design = s.hits.iter().find(|h| {
            (h.segment, h.start) == limit && ["architecture", "tools"].contains(&h.lexicon.as_str())
        });
        let message = match first_design {
            Some(h) => format!(
                "The design started ({}) without a clarifying question or a stated assumption. \
                 Spend the first minutes on who the users are, what must be supported and which \
                 constraints matter, and say the assumptions you make out loud.",
                h.term
            ),
            None => "No clarifying question or stated assumption from the candidate before the \
                     clarify phase ended. Ask about users, scope and constraints, and state your \
                     assumptions before designing."
                .to_string(),
        };
        let evidence = first_design.map(|h| evidence(s, h)).into_iter().collect();
        vec![absence(
            self,
            (session_start, limit_ms.max(session_start)),
            message,
            evidence,
        )]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::Kit;

    fn check(kit: &Kit) -> Vec<Finding> {
        SkippedClarification.check(&kit.session())
    }

    #[test]
    fn fires_when_the_design_starts_before_any_question() {
        let kit = Kit::new()
            .say(0, "Int", "Design a URL shortener. Any questions?")
            .say(
                5,
                "Cand",
                "No. There is an API server and a cache in front of the database.",
            )
            .say(60, "Cand", "Do we need custom aliases?")
            .tag("clarifying", "question", "Any questions?")
            .tag("architecture", "api server", "API server")
            .tag("architecture", "cache", "cache")
            .tag("clarifying", "question", "Do we need custom aliases?");
        let f = check(&kit);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].searched_ms, Some((5_000, f[0].evidence[0].start_ms)));
        assert!(f[0].evidence[0].quote.contains("API server and a cache"));
    }

    #[test]
    fn a_stated_assumption_before_the_design_is_enough() {
        let kit = Kit::new()
            .say(
                0,
                "Cand",
                "I'll assume a public read-heavy service. Then Redis.",
            )
            .tag("clarifying", "i'll assume", "I'll assume")
            .tag("tools", "redis", "Redis");
        assert!(check(&kit).is_empty());
    }

    #[test]
    fn without_design_words_the_clarify_phase_end_is_the_limit() {
        let kit = Kit::new()
            .say(0, "Cand", "Let me think about this problem for a moment.")
            .say(400, "Cand", "What is the read to write ratio?")
            .tag("clarifying", "question", "What is the read")
            .phase(Phase::Clarify, 0, 300);
        let f = check(&kit);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].searched_ms, Some((0, 400_000)));
    }

    #[test]
    fn interviewer_questions_do_not_count_as_clarification() {
        let kit = Kit::new()
            .say(0, "Int", "Who are the users, do you think?")
            .say(5, "Cand", "We put Nginx in front.")
            .tag("clarifying", "question", "Who are the users")
            .tag("tools", "nginx", "Nginx");
        assert_eq!(check(&kit).len(), 1);
    }

    #[test]
    fn one_component_word_is_not_the_start_of_the_design() {
        let kit = Kit::new()
            .say(
                0,
                "Cand",
                "So this is a service for public clients. Who calls it?",
            )
            .tag("architecture", "service", "service")
            .tag("architecture", "client", "clients")
            .tag("clarifying", "question", "Who calls it?");
        assert!(check(&kit).is_empty());
    }

    #[test]
    fn silent_without_candidate_speech() {
        let kit = Kit::new().say(0, "Int", "Design a chat system.");
        assert!(check(&kit).is_empty());
    }
}
