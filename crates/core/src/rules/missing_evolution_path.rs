//! `missing-evolution-path`: no "for MVP I would …, at 10x I would add …" style path; the guide's
//! excellent architecture is a simple MVP plus a clear scale path.

use super::text::{around, candidate_sentences, has_words, sentence_at};
use super::util::{absence, candidate_hits, has_candidate_speech, whole_session};
use super::{Finding, Level, Rule};
use crate::ids::{Dimension, RuleId};
use crate::rules::Session;

pub struct MissingEvolutionPath;

impl Rule for MissingEvolutionPath {
    fn id(&self) -> RuleId {
        RuleId::MissingEvolutionPath
    }
    fn dimension(&self) -> Dimension {
        Dimension::Architecture
    }
    fn level(&self) -> Level {
        Level::Warning
    }

    fn check(&self, s: &Session) -> Vec<Finding> {
        if !has_candidate_speech(s) || has_evolution_path(s) {
            return vec![];
        }
        let message = "No evolution path. Close with what you would build first and what you would add as load \
                 grows, for example: for the MVP a single region and one database; at ten times the \
                 traffic, sharding and a cache."
            .to_string();
        vec![absence(self, whole_session(s), message, vec![])]
    }
}

/// Canonical [evolution] terms for the first stage: what to build first.
const FIRST: &[&str] = &["mvp", "start simple", "first version", "to start with"];
/// Words that mark the first stage when the lexicon has no term for them.
const FIRST_WORDS: &[&str] = &["for now", "start with", "at first", "day one", "initially"];
/// Words that mark the later stage: growth, later, next.
const LATER_WORDS: &[&str] = &[
    "later",
    "eventually",
    "when we grow",
    "as we grow",
    "once we",
    "at scale",
    "bigger",
    "if it grows",
    "as it grows",
    "next step",
    "down the road",
    "phase two",
    "v2",
];

/// Whether the candidate contrasts a first stage with a later one within three sentences: "for
/// the MVP … at 10x …", "start with … and later / when we grow …". An evolution word [evolution]
/// on its own ("it compresses ten x", "migration") is not a path.
pub(crate) fn has_evolution_path(s: &Session) -> bool {
    let sentences = candidate_sentences(s);
    let hits: Vec<_> = candidate_hits(s, "evolution")
        .filter_map(|h| {
            Some((
                sentence_at(&sentences, h)?,
                FIRST.contains(&h.term.as_str()),
            ))
        })
        .collect();
    let first = |j: usize| {
        hits.iter().any(|&(k, f)| k == j && f) || has_words(sentences[j].text(s), FIRST_WORDS)
    };
    let later = |j: usize| {
        hits.iter().any(|&(k, f)| k == j && !f) || has_words(sentences[j].text(s), LATER_WORDS)
    };
    hits.iter().any(|&(i, is_first)| {
        around(&sentences, i, 3).any(|j| if is_first { later(j) } else { first(j) })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::Kit;

    fn check(kit: &Kit) -> Vec<Finding> {
        MissingEvolutionPath.check(&kit.session())
    }

    #[test]
    fn silent_when_the_candidate_says_it() {
        let kit = Kit::new()
            .say(
                0,
                "Cand",
                "For the MVP I would run one region, and at ten x add sharding.",
            )
            .tag("evolution", "mvp", "For the MVP")
            .tag("evolution", "at_scale", "at ten x");
        assert!(check(&kit).is_empty());
    }

    #[test]
    fn start_with_and_later_across_sentences_count() {
        let kit = Kit::new()
            .say(
                0,
                "Cand",
                "To start with, one Postgres primary. That covers the launch. \
                 Later, when we grow, we shard by user ID.",
            )
            .tag("evolution", "to start with", "To start with")
            .tag("evolution", "when we grow", "when we grow");
        assert!(check(&kit).is_empty());
    }

    #[test]
    fn an_evolution_word_without_a_first_stage_still_fires() {
        let kit = Kit::new()
            .say(
                0,
                "Cand",
                "The storage compresses 10x more with columnar files.",
            )
            .tag("evolution", "at_scale", "10x more");
        assert_eq!(check(&kit).len(), 1);
    }

    #[test]
    fn fires_when_it_is_missing_and_names_the_searched_window() {
        let kit = Kit::new()
            .say(0, "Int", "Let's begin.")
            .say(30, "Cand", "That is the whole design.")
            .say(90, "Int", "Thanks.");
        let f = check(&kit);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].id, "missing-evolution-path");
        assert_eq!(f[0].searched_ms, Some((30_000, 100_000)));
        assert_eq!(f[0].at_ms, 30_000);
    }

    #[test]
    fn only_the_interviewer_saying_it_still_fires() {
        let kit = Kit::new()
            .say(0, "Int", "What would you do at 10x?")
            .say(20, "Cand", "That is the whole design.")
            .tag("evolution", "at 10x", "at 10x");
        assert_eq!(check(&kit).len(), 1);
    }

    #[test]
    fn silent_without_candidate_speech() {
        let kit = Kit::new().say(0, "Int", "Hello?");
        assert!(check(&kit).is_empty());
    }
}
