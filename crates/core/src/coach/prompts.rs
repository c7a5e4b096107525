//! The guide's 18 practice prompts: recognising which one a session is about, and how far the
//! candidate's deep dive reached into the prompt's strong deep-dive items (the guide's table).
//!
//! Data: `lexicons/prompts/prompts.toml`. Each prompt becomes two lexicons for the shared matcher:
//! `cue_<id>` (phrases that name the prompt) and `deep_<id>` (one canonical term per deep-dive
//! item, its other spellings as `sounds_like` variants).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::evidence::{candidate_hits, quote_hit};
use crate::lexicon::normalize::normalize;
use crate::lexicon::{Hit, Lexicon};
use crate::roles::Roles;
use crate::rules::Evidence;
use crate::transcript::Transcript;
use crate::{Error, Result};

const FILE: &str = "lexicons/prompts/prompts.toml";
const SOURCE: &str = include_str!("../../../../lexicons/prompts/prompts.toml");

/// Weight of a cue the interviewer says before the candidate first speaks (the prompt statement).
const OPENING_WEIGHT: f64 = 6.0;
/// Extra weight of an opening cue that directly follows "design" ("let's design a rate limiter for
/// a payments API": the designed thing is the prompt, "payments" only its context).
const DESIGNED_BONUS: f64 = 2.0;
/// How far before a cue "design" may stand, in bytes ("design a global, multi-tenant …").
const DESIGNED_WITHIN: usize = 40;
/// Weight of a cue in the candidate's first turn (candidates often restate the prompt).
const FIRST_TURN_WEIGHT: f64 = 3.0;
/// Weight of a cue anywhere else.
const CONTENT_WEIGHT: f64 = 1.0;
/// Weight of each deep-dive item of the prompt that the candidate reached.
const DEEP_DIVE_WEIGHT: f64 = 0.5;
/// Below this score a session is not matched to any prompt (one passing mention is not enough).
const MIN_SCORE: f64 = 2.0;

/// One of the guide's prompts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Prompt {
    pub id: String,
    pub title: String,
    pub tests: String,
    pub cues: Vec<String>,
    pub deep_dive: Vec<DeepDiveItem>,
}

/// One strong deep-dive item of a prompt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeepDiveItem {
    pub id: String,
    pub label: String,
    /// Ways of saying it; the first is the canonical term the matcher reports.
    pub terms: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    prompt: Vec<RawPrompt>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrompt {
    id: String,
    title: String,
    tests: String,
    cues: Vec<String>,
    deep_dive: Vec<RawItem>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: String,
    label: String,
    terms: Vec<String>,
}

/// The built-in prompts, in the guide's order.
pub fn all() -> Result<&'static [Prompt]> {
    static CACHE: OnceLock<Vec<Prompt>> = OnceLock::new();
    if let Some(p) = CACHE.get() {
        return Ok(p);
    }
    let parsed = parse(FILE, SOURCE)?;
    Ok(CACHE.get_or_init(|| parsed))
}

/// Prompt ids, in the guide's order.
pub fn ids() -> Result<Vec<&'static str>> {
    Ok(all()?.iter().map(|p| p.id.as_str()).collect())
}

/// The prompt with this id; an unknown id is an error listing the valid ones.
pub fn get(id: &str) -> Result<&'static Prompt> {
    let prompts = all()?;
    prompts.iter().find(|p| p.id == id).ok_or_else(|| {
        let valid: Vec<&str> = prompts.iter().map(|p| p.id.as_str()).collect();
        Error::Usage(format!(
            "unknown prompt {id:?}; valid prompt ids: {}",
            valid.join(", ")
        ))
    })
}

/// Parses and validates a prompts file: unique prompt ids, unique item ids per prompt, no empty
/// lists, and no spelling shared by two items of one prompt (it could not say which was reached).
pub fn parse(file: &str, src: &str) -> Result<Vec<Prompt>> {
    let raw: RawFile = toml::from_str(src).map_err(|e| {
        let line = e
            .span()
            .map_or(1, |s| crate::lexicon::schema::line_of(src, s.start));
        Error::at_line(file, line, e.message().trim().to_string())
    })?;
    let mut out: Vec<Prompt> = Vec::with_capacity(raw.prompt.len());
    for p in raw.prompt {
        let bad = |m: String| Error::input(file, format!("prompt {:?}: {m}", p.id));
        if !valid_id(&p.id) {
            return Err(bad("id must be lower-case words joined by '-'".into()));
        }
        if out.iter().any(|q| q.id == p.id) {
            return Err(bad("duplicate prompt id".into()));
        }
        if p.cues.is_empty() || p.deep_dive.is_empty() {
            return Err(bad("needs at least one cue and one deep-dive item".into()));
        }
        let mut spelled: BTreeMap<String, String> = BTreeMap::new();
        let mut items: Vec<DeepDiveItem> = Vec::with_capacity(p.deep_dive.len());
        for item in p.deep_dive {
            if !valid_id(&item.id) || items.iter().any(|i| i.id == item.id) {
                return Err(bad(format!("bad or duplicate deep-dive id {:?}", item.id)));
            }
            if item.terms.is_empty() {
                return Err(bad(format!("deep-dive item {:?} has no terms", item.id)));
            }
            for t in &item.terms {
                let key = normalize(t).text;
                if let Some(other) = spelled.insert(key, item.id.clone()) {
                    return Err(bad(format!(
                        "term {t:?} is listed twice (items {other:?} and {:?})",
                        item.id
                    )));
                }
            }
            items.push(DeepDiveItem {
                id: item.id,
                label: item.label,
                terms: item.terms,
            });
        }
        out.push(Prompt {
            id: p.id,
            title: p.title,
            tests: p.tests,
            cues: p.cues,
            deep_dive: items,
        });
    }
    Ok(out)
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// Lexicon id of a prompt's cues.
pub fn cue_lexicon(prompt_id: &str) -> String {
    format!("cue_{}", prompt_id.replace('-', "_"))
}

/// Lexicon id of a prompt's deep-dive items.
pub fn deep_lexicon(prompt_id: &str) -> String {
    format!("deep_{}", prompt_id.replace('-', "_"))
}

/// The prompts as lexicons for the shared matcher.
pub(super) fn lexicons() -> Result<Vec<Lexicon>> {
    let mut out = Vec::new();
    for p in all()? {
        let mut cues = p.cues.clone();
        cues.sort();
        cues.dedup();
        out.push(lexicon(
            cue_lexicon(&p.id),
            format!("Cues for the prompt: {}", p.title),
            cues,
            BTreeMap::new(),
        ));
        let mut terms = Vec::new();
        let mut sounds_like = BTreeMap::new();
        for item in &p.deep_dive {
            if let Some((first, rest)) = item.terms.split_first() {
                terms.push(first.clone());
                sounds_like.insert(first.clone(), rest.to_vec());
            }
        }
        out.push(lexicon(
            deep_lexicon(&p.id),
            format!("Strong deep dive of: {}", p.title),
            terms,
            sounds_like,
        ));
    }
    Ok(out)
}

fn lexicon(
    id: String,
    description: String,
    terms: Vec<String>,
    sounds_like: BTreeMap<String, Vec<String>>,
) -> Lexicon {
    Lexicon {
        id,
        description,
        fuzzy: true,
        phonetic: true,
        phonetic_except: Vec::new(),
        terms,
        sounds_like,
        exceptions: Vec::new(),
        patterns: Vec::new(),
        examples: Vec::new(),
        source: FILE.to_string(),
        id_line: 1,
    }
}

/// How a session's prompt was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchSource {
    /// Given with `--prompt`.
    Given,
    /// Named in the interviewer's opening or the candidate's first turn.
    Opening,
    /// Recognised from the content only.
    Content,
}

/// The prompt a session is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PromptMatch {
    pub id: String,
    pub title: String,
    pub source: MatchSource,
    /// Weighted cue evidence (opening cues count most); 0 for a given prompt with no cues.
    pub score: f64,
    /// 0–1: how clearly the best prompt beats the runner-up (1 when given or unopposed).
    pub confidence: f64,
    pub runner_up: Option<String>,
    /// The quotes that named it, earliest first.
    pub evidence: Vec<Evidence>,
}

/// Which of a prompt's strong deep-dive items the candidate reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeepDiveReport {
    pub prompt: String,
    pub reached: usize,
    pub total: usize,
    pub items: Vec<ItemCoverage>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemCoverage {
    pub id: String,
    pub label: String,
    pub reached: bool,
    /// When the candidate first reached it; `None` when never.
    pub first_ms: Option<u64>,
    /// Up to two quotes, earliest first.
    pub evidence: Vec<Evidence>,
}

/// The prompt of a session: the given id (checked) or, without one, the detected prompt.
pub fn resolve(
    given: Option<&str>,
    transcript: &Transcript,
    roles: &Roles,
) -> Result<Option<PromptMatch>> {
    let hits = super::scan(transcript)?;
    resolve_in(given, transcript, roles, &hits)
}

/// `resolve` over hits of the coach lexicons already scanned.
pub fn resolve_in(
    given: Option<&str>,
    transcript: &Transcript,
    roles: &Roles,
    coach_hits: &[Hit],
) -> Result<Option<PromptMatch>> {
    let Some(id) = given else {
        return detect_in(transcript, roles, coach_hits);
    };
    let prompt = get(id)?;
    let mine = score_all(transcript, roles, coach_hits)?
        .into_iter()
        .find(|s| s.id == prompt.id);
    Ok(Some(PromptMatch {
        id: prompt.id.clone(),
        title: prompt.title.clone(),
        source: MatchSource::Given,
        score: mine.as_ref().map_or(0.0, |s| round2(s.score)),
        confidence: 1.0,
        runner_up: None,
        evidence: mine.map_or_else(Vec::new, |s| s.evidence),
    }))
}

/// Recognises which prompt the session is about; `None` when no prompt is named clearly enough.
pub fn detect(transcript: &Transcript, roles: &Roles) -> Result<Option<PromptMatch>> {
    let hits = super::scan(transcript)?;
    detect_in(transcript, roles, &hits)
}

/// `detect` over hits of the coach lexicons already scanned.
pub fn detect_in(
    transcript: &Transcript,
    roles: &Roles,
    coach_hits: &[Hit],
) -> Result<Option<PromptMatch>> {
    let mut scores = score_all(transcript, roles, coach_hits)?;
    // Highest score first; ties go to the guide's order (stable sort keeps it).
    scores.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut ranked = scores.into_iter();
    let Some(best) = ranked.next() else {
        return Ok(None);
    };
    if best.score < MIN_SCORE && !best.from_opening {
        return Ok(None);
    }
    let second = ranked.next().filter(|s| s.score > 0.0);
    let confidence = match &second {
        Some(s) => round2((best.score - s.score) / best.score),
        None => 1.0,
    };
    let prompt = get(&best.id)?;
    Ok(Some(PromptMatch {
        id: prompt.id.clone(),
        title: prompt.title.clone(),
        source: if best.from_opening {
            MatchSource::Opening
        } else {
            MatchSource::Content
        },
        score: round2(best.score),
        confidence,
        runner_up: second.map(|s| s.id),
        evidence: best.evidence,
    }))
}

struct Score {
    id: String,
    score: f64,
    from_opening: bool,
    evidence: Vec<Evidence>,
}

/// Where in the session a segment sits, for cue weighting.
fn zone_weights(transcript: &Transcript, roles: &Roles) -> Vec<f64> {
    let first_candidate = transcript
        .segments
        .iter()
        .position(|s| roles.is_candidate(s) && !s.text.trim().is_empty());
    transcript
        .segments
        .iter()
        .enumerate()
        .map(|(i, s)| match first_candidate {
            Some(f) if i < f && !roles.is_candidate(s) => OPENING_WEIGHT,
            Some(f) if i == f => FIRST_TURN_WEIGHT,
            None if i == 0 => OPENING_WEIGHT,
            _ => CONTENT_WEIGHT,
        })
        .collect()
}

fn score_all(transcript: &Transcript, roles: &Roles, hits: &[Hit]) -> Result<Vec<Score>> {
    let weights = zone_weights(transcript, roles);
    let mut out = Vec::new();
    for p in all()? {
        let cue = cue_lexicon(&p.id);
        // Each distinct cue counts once, at the strongest place it was said.
        let mut best_per_term: BTreeMap<&str, (f64, &Hit)> = BTreeMap::new();
        for h in hits.iter().filter(|h| h.lexicon == cue) {
            let mut w = weights.get(h.segment).copied().unwrap_or(CONTENT_WEIGHT);
            if w >= OPENING_WEIGHT && follows_design(transcript, h) {
                w += DESIGNED_BONUS;
            }
            let slot = best_per_term.entry(h.term.as_str()).or_insert((w, h));
            if w > slot.0 {
                *slot = (w, h);
            }
        }
        let deep = deep_lexicon(&p.id);
        let deep_terms = {
            let lex = [deep.as_str()];
            let mut t: Vec<&str> = candidate_hits(transcript, roles, hits, &lex)
                .map(|h| h.term.as_str())
                .collect();
            t.sort_unstable();
            t.dedup();
            t.len()
        };
        let cue_score: f64 = best_per_term.values().map(|(w, _)| w).sum();
        let from_opening = best_per_term.values().any(|(w, _)| *w >= FIRST_TURN_WEIGHT);
        let mut picked: Vec<&(f64, &Hit)> = best_per_term.values().collect();
        // Strongest cues first, then earliest.
        picked.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then((a.1.segment, a.1.start).cmp(&(b.1.segment, b.1.start)))
        });
        let mut evidence: Vec<Evidence> = Vec::new();
        for (_, h) in picked {
            let e = quote_hit(transcript, h);
            if evidence.len() < 2 && !evidence.iter().any(|x| x.quote == e.quote) {
                evidence.push(e);
            }
        }
        evidence.sort_by_key(|e| e.start_ms);
        out.push(Score {
            id: p.id.clone(),
            score: cue_score + DEEP_DIVE_WEIGHT * deep_terms as f64,
            from_opening,
            evidence,
        });
    }
    Ok(out)
}

/// Whether the hit is what is being designed: "design" stands at most three words before it in
/// the same sentence ("design a global rate limiter", not "design a rate limiter for a payments API").
fn follows_design(transcript: &Transcript, h: &Hit) -> bool {
    let Some(text) = transcript.segments.get(h.segment).map(|s| s.text.as_str()) else {
        return false;
    };
    let mut from = h.start.saturating_sub(DESIGNED_WITHIN);
    while from > 0 && !text.is_char_boundary(from) {
        from -= 1;
    }
    let before = text.get(from..h.start).unwrap_or("");
    let sentence = before.rsplit(['.', '?', '!']).next().unwrap_or("");
    let words: Vec<String> = sentence
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    words
        .iter()
        .rposition(|w| w == "design" || w == "build")
        .is_some_and(|i| words.len() - i - 1 <= 3)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Which of `prompt`'s strong deep-dive items the candidate reached, with timestamps.
pub fn deep_dive_coverage(
    prompt: &Prompt,
    transcript: &Transcript,
    roles: &Roles,
) -> Result<DeepDiveReport> {
    let hits = super::scan(transcript)?;
    Ok(coverage_in(prompt, transcript, roles, &hits))
}

/// `deep_dive_coverage` over hits of the coach lexicons already scanned.
pub fn coverage_in(
    prompt: &Prompt,
    transcript: &Transcript,
    roles: &Roles,
    coach_hits: &[Hit],
) -> DeepDiveReport {
    let deep = deep_lexicon(&prompt.id);
    let lex = [deep.as_str()];
    let mine: Vec<&Hit> = candidate_hits(transcript, roles, coach_hits, &lex).collect();
    let items: Vec<ItemCoverage> = prompt
        .deep_dive
        .iter()
        .map(|item| {
            let canonical = item.terms.first().map_or("", String::as_str);
            let mut evidence: Vec<Evidence> = Vec::new();
            for h in mine.iter().filter(|h| h.term == canonical) {
                let e = quote_hit(transcript, h);
                if evidence.len() < 2 && !evidence.iter().any(|x| x.quote == e.quote) {
                    evidence.push(e);
                }
            }
            ItemCoverage {
                id: item.id.clone(),
                label: item.label.clone(),
                reached: !evidence.is_empty(),
                first_ms: evidence.first().map(|e| e.start_ms),
                evidence,
            }
        })
        .collect();
    DeepDiveReport {
        prompt: prompt.id.clone(),
        reached: items.iter().filter(|i| i.reached).count(),
        total: items.len(),
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guide_has_eighteen_prompts_with_the_expected_ids() {
        let ids = ids().expect("built-in prompts parse");
        assert_eq!(
            ids,
            [
                "rate-limiter",
                "url-shortener",
                "job-queue",
                "chat",
                "notification-service",
                "news-feed",
                "metrics-pipeline",
                "payment-ledger",
                "feature-flags",
                "blob-storage",
                "kv-store",
                "marketplace-search",
                "event-booking",
                "fraud-detection",
                "collaborative-editor",
                "social-graph",
                "video-transcoding",
                "audit-log",
            ]
        );
    }

    #[test]
    fn an_unknown_prompt_id_lists_the_valid_ones() {
        let e = get("rate_limiter").expect_err("underscore id is not valid");
        let m = e.to_string();
        assert!(m.contains("unknown prompt \"rate_limiter\""), "{m}");
        assert!(m.contains("rate-limiter") && m.contains("audit-log"), "{m}");
    }

    #[test]
    fn a_term_listed_under_two_items_is_an_error() {
        let src = r#"
[[prompt]]
id = "x"
title = "X"
tests = "t"
cues = ["x"]
[[prompt.deep_dive]]
id = "a"
label = "A"
terms = ["hot key"]
[[prompt.deep_dive]]
id = "b"
label = "B"
terms = ["hot-key"]
"#;
        let m = parse("p.toml", src).expect_err("duplicate").to_string();
        assert!(m.contains("listed twice"), "{m}");
    }

    #[test]
    fn an_unknown_key_in_the_prompts_file_names_its_line() {
        let src =
            "[[prompt]]\nid = \"x\"\ntitle = \"X\"\ntests = \"t\"\ncues = [\"x\"]\ncolour = 1\n";
        let m = parse("p.toml", src).expect_err("unknown key").to_string();
        assert!(m.contains("p.toml") && m.contains('6'), "{m}");
    }

    #[test]
    fn every_builtin_prompt_compiles_into_the_matcher() {
        let set = super::super::lexicons().expect("coach lexicons compile");
        for id in ids().expect("ids") {
            assert!(set.get(&cue_lexicon(id)).is_some(), "{id}");
            assert!(set.get(&deep_lexicon(id)).is_some(), "{id}");
        }
    }
}
