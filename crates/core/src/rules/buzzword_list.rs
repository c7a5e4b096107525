//! `buzzword-list`: many tools named with no requirement or reason nearby. A tool is justified
//! when a reason ("because", "so that", "given"), a requirement or a tradeoff sits in the same
//! sentence as the tool or the sentence before or after it; the flag fires when at least
//! `MIN_BARE` distinct tools are unjustified and they are at least half of the tools named.

use super::text::{candidate_sentences, has_condition_or_comparison, sentence_at};
use super::util::{candidate_hits, candidate_hits_in, distinct_terms, evidence, finding};
use super::{Finding, Level, Rule};
use crate::ids::{Dimension, RuleId};
use crate::lexicon::Hit;
use crate::rules::Session;

pub struct BuzzwordList;

pub(crate) const MIN_BARE: usize = 4;

/// Lexicons that attach a tool to the problem.
const JUSTIFIERS: &[&str] = &["reasons", "requirements", "tradeoffs"];

/// Sentences a tool list may span ("Kafka for events and Cassandra for the feed. Then Redis,
/// Elasticsearch, all on Kubernetes.").
const LIST_SPAN_SENTENCES: usize = 3;

/// The candidate's tool mentions inside tool lists: stretches of up to `LIST_SPAN_SENTENCES`
/// consecutive sentences that name at least `MIN_BARE` distinct tools with no reason,
/// requirement or tradeoff in them and no condition or comparison ("if the store has native
/// TTL, like DynamoDB"). In a 45-minute conversation every tool turns up again somewhere without
/// its reason, so single bare mentions say nothing; a list of tools with nothing attached does.
pub(crate) fn bare_tools<'s>(s: &'s Session) -> Vec<&'s Hit> {
    let sentences = candidate_sentences(s);
    let mut justified = vec![false; sentences.len()];
    for h in candidate_hits_in(s, JUSTIFIERS) {
        if let Some(i) = sentence_at(&sentences, h) {
            justified[i] = true;
        }
    }
    for (i, sentence) in sentences.iter().enumerate() {
        if has_condition_or_comparison(sentence.text(s)) || sentence.is_question(s) {
            justified[i] = true;
        }
    }
    let tools: Vec<(usize, &Hit)> = candidate_hits(s, "tools")
        .filter_map(|h| sentence_at(&sentences, h).map(|i| (i, h)))
        .collect();
    let mut listed: Vec<&Hit> = Vec::new();
    for start in 0..sentences.len() {
        let end = (start + LIST_SPAN_SENTENCES).min(sentences.len());
        if justified[start..end].iter().any(|&j| j) {
            continue;
        }
        let in_window: Vec<&Hit> = tools
            .iter()
            .filter(|(i, _)| (start..end).contains(i))
            .map(|(_, h)| *h)
            .collect();
        if distinct_terms(in_window.iter().copied()).len() >= MIN_BARE {
            for h in in_window {
                if !listed.iter().any(|l| std::ptr::eq(*l, h)) {
                    listed.push(h);
                }
            }
        }
    }
    listed.sort_by_key(|h| (h.segment, h.start));
    listed
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
        if bare_terms.len() < MIN_BARE {
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
