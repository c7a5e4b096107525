//! Coach scorecards: an editable TOML card drafted from an analysis, and grading of the edited card.
//!
//! The card keeps the analyzer's draft next to the coach's final score, so `grade` can report where
//! the coach changed the draft (the drift between drafts and coaches is worth studying).
//! A card carries a fingerprint of its generated text: a card whose text no longer matches it was
//! edited by a person and is never overwritten without `--force`.

use std::fmt::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::analysis::{self, Analysis};
use crate::ids::Dimension;
use crate::ids::Verdict;
use crate::rubric::{average, verdict};
use crate::units::mm_ss;
use crate::{Error, Result};

pub const SCORECARD_SCHEMA: &str = "mockreview.scorecard/1";
const FINGERPRINT_PREFIX: &str = "# fingerprint: sha256:";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scorecard {
    pub schema: String,
    /// File name of the analysis JSON the draft came from.
    pub analysis: String,
    pub candidate: String,
    /// Recording date (YYYY-MM-DD) when known; used to order sessions in `progress`.
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub coach: String,
    pub draft_average: f64,
    pub draft_verdict: String,
    pub dimensions: Dimensions,
}

/// One table per rubric dimension, in the guide's order. A missing table is a parse error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dimensions {
    pub clarification: DimensionCard,
    pub scale_estimates: DimensionCard,
    pub data_model: DimensionCard,
    pub architecture: DimensionCard,
    pub tradeoffs: DimensionCard,
    pub reliability: DimensionCard,
    pub communication: DimensionCard,
}

impl Dimensions {
    pub fn get(&self, d: Dimension) -> &DimensionCard {
        match d {
            Dimension::Clarification => &self.clarification,
            Dimension::ScaleEstimates => &self.scale_estimates,
            Dimension::DataModel => &self.data_model,
            Dimension::Architecture => &self.architecture,
            Dimension::Tradeoffs => &self.tradeoffs,
            Dimension::Reliability => &self.reliability,
            Dimension::Communication => &self.communication,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DimensionCard {
    pub draft_score: u8,
    pub rationale: String,
    /// "mm:ss quote" lines from the analysis.
    #[serde(default)]
    pub evidence: Vec<String>,
    /// The coach's score: `""` until graded, then 0–4.
    pub final_score: FinalScore,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FinalScore {
    Score(i64),
    Blank(String),
}

/// Builds a card from an analysis JSON document (`mockreview.analysis/1`), read with
/// [`analysis::from_json`]. An analysis with nothing to judge has nothing to grade: an error.
pub fn draft_from_analysis(analysis_path: &Path, json: &str) -> Result<Scorecard> {
    let doc = analysis::from_json(analysis_path, json)?;
    draft(analysis_path, &doc)
}

/// Builds a card from an analysis read from `analysis_path`.
pub fn draft(analysis_path: &Path, doc: &Analysis) -> Result<Scorecard> {
    let mut cards = Vec::with_capacity(7);
    let mut scores = [0u8; 7];
    for (slot, d) in scores.iter_mut().zip(Dimension::ALL) {
        let Some(entry) = doc.rubric_entry(d) else {
            return Err(Error::input(
                analysis_path,
                format!(
                    "nothing to grade: the analysis has no draft scores ({})",
                    doc.nothing_to_judge
                        .as_deref()
                        .unwrap_or("its rubric is empty")
                ),
            ));
        };
        *slot = entry.score;
        cards.push(DimensionCard {
            draft_score: entry.score,
            rationale: entry.rationale.clone(),
            evidence: entry
                .evidence
                .iter()
                .map(|e| format!("{} {}", mm_ss(e.start_ms), e.quote))
                .collect(),
            final_score: FinalScore::Blank(String::new()),
            notes: String::new(),
        });
    }
    let mut cards = cards.into_iter();
    let mut next = || cards.next().expect("seven dimensions");
    Ok(Scorecard {
        schema: SCORECARD_SCHEMA.to_string(),
        analysis: analysis_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        candidate: doc.candidate().unwrap_or("candidate").to_string(),
        date: doc.recording_date(analysis_path).unwrap_or_default(),
        coach: String::new(),
        draft_average: average(&scores),
        draft_verdict: verdict(&scores).to_string(),
        dimensions: Dimensions {
            clarification: next(),
            scale_estimates: next(),
            data_model: next(),
            architecture: next(),
            tradeoffs: next(),
            reliability: next(),
            communication: next(),
        },
    })
}

/// The card as a file: instructions, the TOML body, and the fingerprint of both.
pub fn render(card: &Scorecard) -> Result<String> {
    let body = toml::to_string_pretty(card)
        .map_err(|e| Error::Usage(format!("cannot serialise scorecard: {e}")))?;
    let text = format!(
        "# mockreview scorecard: DRAFT scores from the analyzer, for a coach to confirm or change.\n\
         # For each dimension set final_score to 0-4 (replace \"\") and add notes, then run\n\
         # `mockreview grade THIS_FILE`. Scores: 0-1 weak, 2 adequate, 3 strong, 4 excellent.\n\n{body}"
    );
    Ok(format!("{text}{FINGERPRINT_PREFIX}{}\n", sha256_hex(&text)))
}

/// True when `text` is a card exactly as `render` wrote it (nobody edited it since).
pub fn is_unedited(text: &str) -> bool {
    let Some(pos) = text.rfind(FINGERPRINT_PREFIX) else {
        return false;
    };
    let (generated, line) = text.split_at(pos);
    line.trim_end()
        .strip_prefix(FINGERPRINT_PREFIX)
        .is_some_and(|h| h == sha256_hex(generated))
}

/// Refuses to replace an existing file unless it is an unedited card or `force` is set.
pub fn check_overwrite(path: &Path, force: bool) -> Result<()> {
    if force {
        return Ok(());
    }
    match std::fs::read_to_string(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(path, e)),
        Ok(text) if is_unedited(&text) => Ok(()),
        Ok(_) => Err(Error::input(
            path,
            "exists and was edited since mockreview wrote it (or is not a scorecard); \
             not overwriting it: pass --force to replace it, or choose another -o",
        )),
    }
}

pub fn parse(path: &Path, text: &str) -> Result<Scorecard> {
    let card: Scorecard = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
            .unwrap_or(1);
        Error::at_line(path, line, e.message().to_string())
    })?;
    if card.schema != SCORECARD_SCHEMA {
        return Err(Error::input(
            path,
            format!("schema is {:?}, expected {SCORECARD_SCHEMA:?}", card.schema),
        ));
    }
    Ok(card)
}

/// A graded card: the coach's scores next to the drafts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grade {
    pub schema: &'static str,
    pub candidate: String,
    pub coach: String,
    pub date: String,
    pub dimensions: Vec<GradedDimension>,
    pub draft_average: f64,
    pub final_average: f64,
    pub draft_verdict: String,
    pub verdict: Verdict,
    /// How many dimensions the coach scored differently from the draft.
    pub changed: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GradedDimension {
    pub id: &'static str,
    pub draft: u8,
    #[serde(rename = "final")]
    pub final_score: u8,
    /// final − draft.
    pub delta: i8,
    pub notes: String,
}

/// Validates every final score and computes the result; lists every ungraded or invalid dimension.
pub fn grade(path: &Path, card: &Scorecard) -> Result<Grade> {
    let mut problems = Vec::new();
    let mut dimensions = Vec::with_capacity(7);
    let mut finals = [0u8; 7];
    let mut drafts = [0u8; 7];
    for (i, d) in Dimension::ALL.iter().enumerate() {
        let c = card.dimensions.get(*d);
        if c.draft_score > 4 {
            problems.push(format!(
                "{}.draft_score {} is not 0-4",
                d.id(),
                c.draft_score
            ));
        }
        let final_score = match &c.final_score {
            FinalScore::Score(s) if (0..=4).contains(s) => *s as u8,
            FinalScore::Score(s) => {
                problems.push(format!("{}.final_score {s} is not 0-4", d.id()));
                continue;
            }
            FinalScore::Blank(s) if s.trim().is_empty() => {
                problems.push(format!("{}.final_score is not set", d.id()));
                continue;
            }
            FinalScore::Blank(s) => match s.trim().parse::<u8>() {
                Ok(v) if v <= 4 => v,
                _ => {
                    problems.push(format!("{}.final_score {s:?} is not a score 0-4", d.id()));
                    continue;
                }
            },
        };
        finals[i] = final_score;
        drafts[i] = c.draft_score.min(4);
        dimensions.push(GradedDimension {
            id: d.id(),
            draft: c.draft_score,
            final_score,
            delta: final_score as i8 - c.draft_score as i8,
            notes: c.notes.clone(),
        });
    }
    if !problems.is_empty() {
        return Err(Error::input(
            path,
            format!("not ready to grade: {}", problems.join("; ")),
        ));
    }
    Ok(Grade {
        schema: "mockreview.grade/1",
        candidate: card.candidate.clone(),
        coach: card.coach.clone(),
        date: card.date.clone(),
        changed: dimensions.iter().filter(|d| d.delta != 0).count(),
        dimensions,
        draft_average: average(&drafts),
        final_average: average(&finals),
        draft_verdict: card.draft_verdict.clone(),
        verdict: verdict(&finals),
    })
}

fn sha256_hex(text: &str) -> String {
    crate::units::hex(&Sha256::digest(text.as_bytes()))
}

/// The formats `mockreview grade --format` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum GradeFormat {
    Text,
    Json,
}

/// A graded card as text (a table of draft and final scores, the averages and the verdict) or as
/// pretty-printed JSON with a trailing newline.
pub fn render_grade(g: &Grade, format: GradeFormat) -> Result<String> {
    Ok(match format {
        GradeFormat::Json => {
            let mut s = serde_json::to_string_pretty(g)
                .map_err(|e| Error::Usage(format!("cannot serialise grade: {e}")))?;
            s.push('\n');
            s
        }
        GradeFormat::Text => grade_text(g),
    })
}

fn grade_text(g: &Grade) -> String {
    let mut s = String::new();
    let coach = if g.coach.is_empty() {
        "unnamed coach"
    } else {
        &g.coach
    };
    let _ = writeln!(s, "Grade for {} (coach: {coach})", g.candidate);
    let _ = writeln!(
        s,
        "{:<16} {:>5} {:>5}  change  notes",
        "dimension", "draft", "final"
    );
    for d in &g.dimensions {
        let change = match d.delta {
            0 => "   =  ".to_string(),
            n => format!("{n:>+4}  "),
        };
        let _ = writeln!(
            s,
            "{:<16} {:>5} {:>5}  {change}  {}",
            d.id, d.draft, d.final_score, d.notes
        );
    }
    let _ = writeln!(
        s,
        "{:<16} {:>5.2} {:>5.2}",
        "average", g.draft_average, g.final_average
    );
    let _ = writeln!(
        s,
        "verdict: {} (draft said {}); the coach changed {} of 7 dimensions",
        verdict_words(g.verdict.as_str()),
        verdict_words(&g.draft_verdict),
        g.changed
    );
    s
}

/// A verdict id in words ("senior" → "senior-level pass").
pub fn verdict_words(v: &str) -> &str {
    match v {
        "staff" => "staff-level pass",
        "senior" => "senior-level pass",
        "below_bar" => "below the senior bar",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::rules::Evidence;

    fn analysis_json(scores: [u8; 7]) -> String {
        let mut a = crate::test_support::analysis();
        for (entry, s) in a.rubric.0.iter_mut().zip(scores) {
            entry.score = s;
            entry.rationale = format!("why {}", entry.dimension.id());
            entry.evidence = vec![Evidence {
                start_ms: 65_000,
                quote: "who are the users?".into(),
            }];
        }
        analysis::to_json(&a)
    }

    fn card(scores: [u8; 7]) -> Scorecard {
        draft_from_analysis(Path::new("s.json"), &analysis_json(scores)).unwrap()
    }

    #[test]
    fn draft_card_carries_scores_rationale_evidence_and_candidate() {
        let c = card([2, 3, 1, 2, 0, 4, 3]);
        assert_eq!(c.candidate, "Sam");
        assert_eq!(c.dimensions.data_model.draft_score, 1);
        assert_eq!(c.dimensions.reliability.rationale, "why reliability");
        assert_eq!(
            c.dimensions.clarification.evidence,
            vec!["01:05 who are the users?"]
        );
        assert_eq!(
            c.dimensions.tradeoffs.final_score,
            FinalScore::Blank(String::new())
        );
    }

    #[test]
    fn rendered_card_parses_back_and_is_unedited() {
        let c = card([2, 3, 1, 2, 0, 4, 3]);
        let text = render(&c).unwrap();
        assert!(is_unedited(&text));
        assert_eq!(parse(Path::new("c.toml"), &text).unwrap(), c);
    }

    #[test]
    fn any_edit_is_detected() {
        let text = render(&card([2; 7])).unwrap();
        let edited = text.replacen("final_score = \"\"", "final_score = 3", 1);
        assert!(!is_unedited(&edited));
        assert!(!is_unedited("schema = \"x\"\n"));
    }

    #[test]
    fn grading_reports_changes_against_the_draft() {
        let mut c = card([2, 2, 2, 2, 2, 2, 2]);
        for d in Dimension::ALL {
            let slot = match d {
                Dimension::Clarification => &mut c.dimensions.clarification,
                Dimension::ScaleEstimates => &mut c.dimensions.scale_estimates,
                Dimension::DataModel => &mut c.dimensions.data_model,
                Dimension::Architecture => &mut c.dimensions.architecture,
                Dimension::Tradeoffs => &mut c.dimensions.tradeoffs,
                Dimension::Reliability => &mut c.dimensions.reliability,
                Dimension::Communication => &mut c.dimensions.communication,
            };
            let four = matches!(d, Dimension::Tradeoffs | Dimension::Clarification);
            slot.final_score = FinalScore::Score(if four { 4 } else { 3 });
        }
        let g = grade(Path::new("c.toml"), &c).unwrap();
        assert_eq!(g.changed, 7);
        assert_eq!(g.final_average, 3.29);
        assert_eq!(g.verdict, Verdict::Senior);
        assert_eq!(g.dimensions[4].delta, 2);
    }

    #[test]
    fn grading_lists_every_ungraded_or_out_of_range_dimension() {
        let mut c = card([2; 7]);
        c.dimensions.clarification.final_score = FinalScore::Score(5);
        let e = grade(Path::new("c.toml"), &c).unwrap_err().to_string();
        assert!(e.contains("clarification.final_score 5 is not 0-4"), "{e}");
        assert!(e.contains("communication.final_score is not set"), "{e}");
    }

    #[test]
    fn missing_dimension_table_is_a_parse_error_with_a_line() {
        let text = render(&card([2; 7])).unwrap();
        let start = text.find("[dimensions.tradeoffs]").unwrap();
        let end = text.find("[dimensions.reliability]").unwrap();
        let cut = format!("{}{}", &text[..start], &text[end..]);
        let e = parse(Path::new("c.toml"), &cut).unwrap_err().to_string();
        assert!(e.contains("c.toml: line") && e.contains("tradeoffs"), "{e}");
    }

    #[test]
    fn verdict_follows_the_guides_bar() {
        assert_eq!(verdict(&[3, 3, 3, 3, 3, 3, 3]), Verdict::BelowBar);
        assert_eq!(verdict(&[3, 3, 3, 4, 3, 3, 3]), Verdict::Senior);
        assert_eq!(verdict(&[3, 3, 3, 4, 4, 4, 3]), Verdict::Staff);
        assert_eq!(verdict(&[4, 4, 4, 4, 2, 2, 2]), Verdict::Senior);
        assert_eq!(verdict(&[4, 1, 1, 4, 2, 2, 2]), Verdict::BelowBar);
    }

    #[test]
    fn analysis_with_wrong_schema_is_rejected_with_a_hint() {
        let e = draft_from_analysis(
            Path::new("t.json"),
            "{\n  \"schema\": \"mockreview.transcript/1\"\n}",
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with(
                "t.json: line 2: not a mockreview analysis: schema is \"mockreview.transcript/1\""
            ) && e.contains("mockreview analyze"),
            "{e}"
        );
    }

    #[test]
    fn malformed_analysis_json_is_an_error_at_its_line() {
        let json = analysis_json([2; 7]);
        let cut = &json[..json.len() / 2];
        let e = draft_from_analysis(Path::new("a.json"), cut)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("a.json: line ") && e.contains("invalid JSON"),
            "{e}"
        );
        let wrong = json.replacen("\"score\": 2", "\"score\": \"two\"", 1);
        let e = draft_from_analysis(Path::new("a.json"), &wrong)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("a.json: line ") && e.contains("malformed analysis"),
            "{e}"
        );
    }

    #[test]
    fn nothing_to_judge_has_nothing_to_grade() {
        let mut a = crate::test_support::analysis();
        a.rubric.0.clear();
        a.average = None;
        a.verdict = Verdict::NothingToJudge;
        a.nothing_to_judge = Some("no candidate speech: only the interviewer speaks".into());
        let e = draft_from_analysis(Path::new("n.json"), &analysis::to_json(&a))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("n.json: nothing to grade") && e.contains("only the interviewer"),
            "{e}"
        );
    }

    #[test]
    fn the_card_is_dated_from_the_analysis_or_its_file_name() {
        let json = analysis_json([2; 7]);
        let c = draft_from_analysis(Path::new("day1-2026-11-20.json"), &json).unwrap();
        assert_eq!(c.date, "2026-11-20");
        assert_eq!(card([2; 7]).date, "");
        let mut a = crate::test_support::analysis();
        a.recorded_on = Some("2026-11-21".into());
        let c =
            draft_from_analysis(Path::new("day1-2026-11-20.json"), &analysis::to_json(&a)).unwrap();
        assert_eq!(c.date, "2026-11-21");
    }

    #[test]
    fn grade_text_lists_changes_averages_and_the_verdict_in_words() {
        let mut c = card([2; 7]);
        c.coach = "Ivy".into();
        c.dimensions.clarification.final_score = FinalScore::Score(3);
        for d in Dimension::ALL.iter().skip(1) {
            let slot = match d {
                Dimension::ScaleEstimates => &mut c.dimensions.scale_estimates,
                Dimension::DataModel => &mut c.dimensions.data_model,
                Dimension::Architecture => &mut c.dimensions.architecture,
                Dimension::Tradeoffs => &mut c.dimensions.tradeoffs,
                Dimension::Reliability => &mut c.dimensions.reliability,
                _ => &mut c.dimensions.communication,
            };
            slot.final_score = FinalScore::Score(2);
        }
        let g = grade(Path::new("c.toml"), &c).unwrap();
        let text = render_grade(&g, GradeFormat::Text).unwrap();
        assert!(text.starts_with("Grade for Sam (coach: Ivy)\n"), "{text}");
        assert!(
            text.contains("clarification        2     3    +1"),
            "{text}"
        );
        assert!(
            text.contains("the coach changed 1 of 7 dimensions"),
            "{text}"
        );
        let json = render_grade(&g, GradeFormat::Json).unwrap();
        assert!(json.ends_with("}\n"));
        assert_eq!(verdict_words("below_bar"), "below the senior bar");
    }
}
