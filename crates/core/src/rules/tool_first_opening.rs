//! `tool-first-opening`: the candidate's first substantive statement names a specific tool
//! before any question, requirement or assumption ("I would use Redis because it is fast").

use super::text::{candidate_sentences, sentence_at, Sentence};
use super::util::{candidate_hits_in, evidence, finding};
use super::{Finding, Level, Rule};
use crate::ids::{Dimension, RuleId};
use crate::rules::Session;

pub struct ToolFirstOpening;

/// Lexicons that show the candidate is working on the problem, not on a tool.
const PROBLEM_FIRST: &[&str] = &["clarifying", "requirements"];

/// Lexicons whose presence makes a sentence part of the answer rather than small talk.
const CONTENT: &[&str] = &[
    "clarifying",
    "requirements",
    "tools",
    "scale",
    "data_model",
    "architecture",
    "deep_dive",
];

/// Openers of small talk ("Sure, sounds good.", "Thanks for having me.").
const PLEASANTRIES: &[&str] = &[
    "sure", "okay", "ok", "thanks", "thank", "great", "hi", "hello", "hey", "sounds", "cool",
    "alright", "right", "yeah", "yes", "got", "nice", "awesome", "perfect",
];

/// A sentence is substantive when it holds a content hit, or is long and not small talk.
fn is_substantive(
    s: &Session,
    sentence: &Sentence,
    content_sentences: &[usize],
    index: usize,
) -> bool {
    if content_sentences.contains(&index) {
        return true;
    }
    let text = s
        .transcript
        .segments
        .get(sentence.segment)
        .and_then(|seg| seg.text.get(sentence.start..sentence.end))
        .unwrap_or("");
    let first = text
        .split_whitespace()
        .next()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .unwrap_or_default();
    sentence.words >= 8 && !PLEASANTRIES.contains(&first.as_str())
}

impl Rule for ToolFirstOpening {
    fn id(&self) -> RuleId {
        RuleId::ToolFirstOpening
    }
    fn dimension(&self) -> Dimension {
        Dimension::Clarification
    }
    fn level(&self) -> Level {
        Level::Warning
    }

    fn check(&self, s: &Session) -> Vec<Finding> {
        let sentences = candidate_sentences(s);
        let content: Vec<usize> = candidate_hits_in(s, CONTENT)
            .filter_map(|h| sentence_at(&sentences, h))
            .collect();
        let Some(opening) = (0..sentences.len()).find(|&i| {
            sentences
                .get(i)
                .is_some_and(|t| is_substantive(s, t, &content, i))
        }) else {
            return vec![];
        };
        // The first tool in the opening statement, if no question, requirement or assumption
        // came before it.
        let first_problem = candidate_hits_in(s, PROBLEM_FIRST).next();
        let tool =
            candidate_hits_in(s, &["tools"]).find(|h| sentence_at(&sentences, h) == Some(opening));
        let Some(tool) = tool else {
            return vec![];
        };
        if first_problem.is_some_and(|p| (p.segment, p.start) < (tool.segment, tool.start)) {
            return vec![];
        }
        vec![finding(
            self,
            tool.at_ms,
            format!(
                "The answer opens with a tool ({}) before any question, requirement or assumption. \
                 Open with the problem: who uses it, what it must do, and which constraints drive \
                 the design; pick tools once a requirement calls for them.",
                tool.term
            ),
            vec![evidence(s, tool)],
        )]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::Kit;

    fn check(kit: &Kit) -> Vec<Finding> {
        ToolFirstOpening.check(&kit.session())
    }

    #[test]
    fn fires_on_the_guides_weak_rate_limiter_opening() {
        let kit = Kit::new()
            .say(0, "Int", "Design a global rate limiter for public APIs.")
            .say(
                5,
                "Cand",
                "I would use Redis because it is fast. Each request increments a counter.",
            )
            .tag("tools", "redis", "Redis");
        let f = check(&kit);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].id, "tool-first-opening");
        assert_eq!(
            f[0].evidence[0].quote,
            "I would use Redis because it is fast."
        );
    }

    #[test]
    fn small_talk_before_the_tool_does_not_hide_it() {
        let kit = Kit::new()
            .say(
                0,
                "Cand",
                "Sure, sounds good. So I'd just put Kafka in the middle of everything.",
            )
            .tag("tools", "kafka", "Kafka");
        assert_eq!(check(&kit).len(), 1);
    }

    #[test]
    fn silent_when_a_question_comes_before_the_tool() {
        let kit = Kit::new()
            .say(0, "Cand", "Who are the clients? Then I would use Redis.")
            .tag("clarifying", "question", "Who are the clients?")
            .tag("tools", "redis", "Redis");
        assert!(check(&kit).is_empty());
    }

    #[test]
    fn silent_when_the_tool_comes_after_the_opening_statement() {
        let kit = Kit::new()
            .say(
                0,
                "Cand",
                "Let me start with what the limiter protects and the latency we need here.",
            )
            .say(20, "Cand", "Then Redis for the counters.")
            .tag("requirements", "latency", "latency")
            .tag("tools", "redis", "Redis");
        assert!(check(&kit).is_empty());
    }

    #[test]
    fn interviewer_naming_a_tool_first_does_not_count() {
        let kit = Kit::new()
            .say(
                0,
                "Int",
                "Redis is available if you want it. Design a rate limiter.",
            )
            .say(10, "Cand", "Is this for public APIs or internal services?")
            .tag("tools", "redis", "Redis")
            .tag("clarifying", "question", "Is this for");
        assert!(check(&kit).is_empty());
    }

    #[test]
    fn silent_without_candidate_speech() {
        let kit = Kit::new()
            .say(0, "Int", "Use Kafka.")
            .tag("tools", "kafka", "Kafka");
        assert!(check(&kit).is_empty());
    }
}
