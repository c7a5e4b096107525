//! `buzzword-list`: many tools named with no requirement or reason nearby. A tool is justified
//! when a reason ("because", "so that", "given"), a requirement or a tradeoff sits in the same
//! sentence as the tool or the sentence before or after it; the flag fires when at least
//! `MIN_BARE` distinct tools are unjustified and they are at least half of the tools named.

use super::text::{candidate_sentences, sentence_at};
use super::util::{candidate_hits, candidate_hits_in, distinct_terms, evidence, finding};
use super::{Finding, Level, Rule};
use crate::ids::{Dimension, RuleId};
use crate::lexicon::Hit;
use crate::rules::Session;

pub struct BuzzwordList;

pub(crate) const MIN_BARE: usize = 4;

/// Lexicons that attach a tool to the problem.
const JUSTIFIERS: &[&str] = &["reasons", "requirements", "tradeoffs"];

/// The candidate's tool mentions with no justification in the neighbouring sentences.
pub(crate) fn bare_tools<'s>(s: &'s Session) -> Vec<&'s Hit> {
    let sentences = candidate_sentences(s);
    let justified: Vec<usize> = candidate_hits_in(s, JUSTIFIERS)
        .filter_map(|h| sentence_at(&sentences, h))
        .collect();
    candidate_hits(s, "tools")
        .filter(|h| match sentence_at(&sentences, h) {
            Some(i) => !justified.iter().any(|&j| j + 1 >= i && j <= i + 1),
            None => true,
        })
        .collect()
}

impl Rule for BuzzwordList {
    fn id(&self) -> RuleId {
        RuleId::BuzzwordList
    }
    fn dimension(&self) -> Dimension {
        Dimension::Architecture
    }
    fn level(&self) -> Level {
        Level::Warning
    }

    fn check(&self, s: &Session) -> Vec<Finding> {
        let bare = bare_tools(s);
        let bare_terms = distinct_terms(bare.iter().copied());
        let all_terms = distinct_terms(candidate_hits(s, "tools"));
        if bare_terms.len() < MIN_BARE || bare_terms.len() * 2 < all_terms.len() {
            return vec![];
        }
        let Some(first) = bare.first() else {
            return vec![];
        };
        // One quote per sentence, up to four.
        let mut quotes = Vec::new();
        for h in &bare {
            let e = evidence(s, h);
            if !quotes.iter().any(|q: &super::Evidence| q.quote == e.quote) && quotes.len() < 4 {
                quotes.push(e);
            }
        }
        vec![finding(
            self,
            first.at_ms,
            format!(
                "{} tools named with no requirement or reason beside them ({}). For each component, \
                 say which requirement it serves and why it beats the simpler option; drop the ones \
                 no requirement needs.",
                bare_terms.len(),
                bare_terms.join(", ")
            ),
            quotes,
        )]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testkit::Kit;

    fn check(kit: &Kit) -> Vec<Finding> {
        BuzzwordList.check(&kit.session())
    }

    fn list() -> Kit {
        Kit::new()
            .say(
                0,
                "Cand",
                "So we have Kafka, Redis, Cassandra and Kubernetes. And Elastic search too.",
            )
            .tag("tools", "kafka", "Kafka")
            .tag("tools", "redis", "Redis")
            .tag("tools", "cassandra", "Cassandra")
            .tag("tools", "kubernetes", "Kubernetes")
            .tag("tools", "elasticsearch", "Elastic search")
    }

    #[test]
    fn fires_on_a_list_of_tools_without_reasons() {
        let f = check(&list());
        assert_eq!(f.len(), 1);
        assert!(f[0].message.starts_with("5 tools"), "{}", f[0].message);
        assert_eq!(f[0].evidence.len(), 2, "one quote per sentence");
    }

    #[test]
    fn silent_when_reasons_sit_next_to_the_tools() {
        let kit = Kit::new()
            .say(0, "Cand", "Kafka and Redis, because the writes are bursty. Cassandra and Kubernetes so that we scale out.")
            .tag("tools", "kafka", "Kafka")
            .tag("tools", "redis", "Redis")
            .tag("reasons", "because", "because")
            .tag("tools", "cassandra", "Cassandra")
            .tag("tools", "kubernetes", "Kubernetes")
            .tag("reasons", "so that", "so that");
        assert!(check(&kit).is_empty());
    }

    #[test]
    fn a_reason_two_sentences_away_does_not_justify_a_tool() {
        let kit = list()
            .say(60, "Cand", "Okay. Fine. That is because it is fast.")
            .tag("reasons", "because", "because");
        assert_eq!(check(&kit).len(), 1);
    }

    #[test]
    fn three_bare_tools_are_not_a_list() {
        let kit = Kit::new()
            .say(0, "Cand", "Kafka, Redis and Cassandra.")
            .tag("tools", "kafka", "Kafka")
            .tag("tools", "redis", "Redis")
            .tag("tools", "cassandra", "Cassandra");
        assert!(check(&kit).is_empty());
    }

    #[test]
    fn interviewer_tool_lists_do_not_count() {
        let mut kit = list();
        kit.roles.candidate = Some("Someone else".into());
        assert!(check(&kit).is_empty());
    }
}
