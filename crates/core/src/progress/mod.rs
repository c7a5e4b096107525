//! Progress across sessions (Day 1 → Day 7): scores per dimension over time, phase timing against
//! budget, and which flags went away or are new. Reads analysis JSON (and graded scorecards, whose
//! final scores replace the drafts) as the typed [`Analysis`]; pure functions from those documents to a `Progress`, and its
//! renderings as text, JSON and a self-contained HTML page.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::analysis::{self, Analysis};
use crate::ids::Dimension;
use crate::scorecard::{FinalScore, Scorecard};
pub use crate::units::{date_in_name, is_date};
use crate::{Error, Result};

pub mod html;
pub mod text;

/// The formats `mockreview progress --format` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum ProgressFormat {
    Text,
    Json,
    Html,
}

/// The progress over these inputs (analysis JSON files, graded scorecards, or directories of
/// them), with `--date FILE=YYYY-MM-DD` pairs; also the warnings a reader should see (a
/// scorecard without its analysis).
pub fn collect(inputs: &[PathBuf], dates: &[String]) -> Result<(Progress, Vec<String>)> {
    let files = expand(inputs)?;
    let dates = parse_dates(dates)?;
    let mut sessions: Vec<SessionPoint> = Vec::new();
    let mut cards = Vec::new();
    for path in &files {
        let text = fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        if path.extension().is_some_and(|e| e == "toml") {
            cards.push(crate::scorecard::parse(path, &text)?);
        } else {
            sessions.push(session_from_analysis(path, &text)?);
        }
    }
    if sessions.is_empty() {
        return Err(Error::Usage(
            "progress: no analysis JSON among the inputs (make them with `mockreview analyze --format json`)".into(),
        ));
    }
    let mut warnings = Vec::new();
    for card in &cards {
        match sessions.iter_mut().find(|s| s.name == card.analysis) {
            Some(s) => apply_card(s, card),
            None => warnings.push(format!(
                "scorecard for {} has no matching analysis among the inputs",
                card.analysis
            )),
        }
    }
    for s in &mut sessions {
        if let Some(d) = dates.get(&s.name) {
            s.date = Some(d.clone());
        }
    }
    if let Some(unknown) = dates
        .keys()
        .find(|k| !sessions.iter().any(|s| &s.name == *k))
    {
        return Err(Error::Usage(format!(
            "--date names {unknown}, which is not one of the analysis files"
        )));
    }
    Ok((progress(sessions), warnings))
}

/// The document in one of the formats.
pub fn render(p: &Progress, format: ProgressFormat) -> Result<String> {
    Ok(match format {
        ProgressFormat::Json => {
            let mut s = serde_json::to_string_pretty(p)
                .map_err(|e| Error::Usage(format!("cannot serialise progress: {e}")))?;
            s.push('\n');
            s
        }
        ProgressFormat::Text => text::render(p),
        ProgressFormat::Html => html::render(p),
    })
}

/// Files named directly, plus `.json` and `.toml` files inside named directories, sorted.
fn expand(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut inside: Vec<PathBuf> = fs::read_dir(input)
                .map_err(|e| Error::io(input, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "toml"))
                .collect();
            inside.sort();
            files.extend(inside);
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

/// `FILE=YYYY-MM-DD` pairs, keyed by the file name.
fn parse_dates(raw: &[String]) -> Result<BTreeMap<String, String>> {
    raw.iter()
        .map(|d| {
            let (file, date) = d
                .split_once('=')
                .ok_or_else(|| Error::Usage(format!("--date {d:?}: expected FILE=YYYY-MM-DD")))?;
            if !is_date(date) {
                return Err(Error::Usage(format!(
                    "--date {d:?}: {date:?} is not a YYYY-MM-DD date"
                )));
            }
            let name = Path::new(file)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| file.to_string());
            Ok((name, date.to_string()))
        })
        .collect()
}

/// "DATE NAME", or the name when the date is not known.
pub fn session_label(s: &SessionPoint) -> String {
    match &s.date {
        Some(d) => format!("{d} {}", s.name),
        None => s.name.clone(),
    }
}

/// One analysed session, reduced to what progress compares.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionPoint {
    /// File name of the analysis.
    pub name: String,
    /// YYYY-MM-DD when known.
    pub date: Option<String>,
    /// Scores in `Dimension::ALL` order.
    pub scores: [u8; 7],
    /// "final" when a graded scorecard supplied the scores, else "draft".
    pub scores_from: &'static str,
    pub phases: Vec<PhaseTiming>,
    pub flags: BTreeSet<String>,
    pub verdict: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhaseTiming {
    pub id: String,
    pub budget_ms: u64,
    /// `None` when the phase never happened.
    pub actual_ms: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlagChange {
    pub from: String,
    pub to: String,
    /// Flags of `from` that `to` no longer has.
    pub gone: Vec<String>,
    /// Flags `to` has that `from` did not.
    pub new: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    pub schema: &'static str,
    pub sessions: Vec<SessionPoint>,
    pub flag_changes: Vec<FlagChange>,
    /// How sessions were ordered ("by recording date", or why not).
    pub ordering: String,
}

/// Reads a `mockreview.analysis/1` document ([`analysis::from_json`]) and keeps what progress
/// compares. An analysis with nothing to judge has no scores to compare: an error.
pub fn session_from_analysis(path: &Path, json: &str) -> Result<SessionPoint> {
    let doc = analysis::from_json(path, json)?;
    session_point(path, &doc)
}

/// What progress compares of an analysis read from `path`.
pub fn session_point(path: &Path, doc: &Analysis) -> Result<SessionPoint> {
    let scores = doc.scores().ok_or_else(|| {
        Error::input(
            path,
            format!(
                "no scores to compare: {}",
                doc.nothing_to_judge
                    .as_deref()
                    .unwrap_or("the rubric is empty")
            ),
        )
    })?;
    Ok(SessionPoint {
        name: file_name(path),
        date: doc.recording_date(path),
        scores,
        scores_from: "draft",
        phases: doc
            .phases
            .iter()
            .map(|p| PhaseTiming {
                id: p.id.id().to_string(),
                budget_ms: p.budget_ms,
                actual_ms: p.actual_ms(),
            })
            .collect(),
        flags: doc
            .flags
            .iter()
            .map(|f| f.id.as_str().to_string())
            .collect(),
        verdict: doc.verdict.to_string(),
    })
}

/// Replaces draft scores with a graded card's final scores when every dimension is graded.
pub fn apply_card(session: &mut SessionPoint, card: &Scorecard) {
    let mut finals = [0u8; 7];
    for (slot, d) in finals.iter_mut().zip(Dimension::ALL) {
        match card.dimensions.get(d).final_score {
            FinalScore::Score(s @ 0..=4) => *slot = s as u8,
            _ => return,
        }
    }
    session.scores = finals;
    session.scores_from = "final";
    session.verdict = crate::rubric::verdict(&finals).to_string();
    if session.date.is_none() && !card.date.is_empty() {
        session.date = Some(card.date.clone());
    }
}

/// Orders sessions by date (undated ones last, by name) and lists flag changes between neighbours.
pub fn progress(mut sessions: Vec<SessionPoint>) -> Progress {
    sessions.sort_by(|a, b| {
        (a.date.is_none(), &a.date, &a.name).cmp(&(b.date.is_none(), &b.date, &b.name))
    });
    let undated: Vec<&str> = sessions
        .iter()
        .filter(|s| s.date.is_none())
        .map(|s| s.name.as_str())
        .collect();
    let ordering = if undated.is_empty() {
        "by recording date".to_string()
    } else {
        format!(
            "by recording date; no date known for {} (ordered by name, last): pass --date FILE=YYYY-MM-DD",
            undated.join(", ")
        )
    };
    let flag_changes = sessions
        .windows(2)
        .map(|w| FlagChange {
            from: w[0].name.clone(),
            to: w[1].name.clone(),
            gone: w[0].flags.difference(&w[1].flags).cloned().collect(),
            new: w[1].flags.difference(&w[0].flags).cloned().collect(),
        })
        .collect();
    Progress {
        schema: "mockreview.progress/1",
        sessions,
        flag_changes,
        ordering,
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::align::Phase;
    use crate::ids::RuleId;
    use crate::rules::{Finding, Level};

    fn analysis(scores: [u8; 7], flags: &[RuleId]) -> String {
        let mut a = crate::test_support::analysis();
        for (entry, s) in a.rubric.0.iter_mut().zip(scores) {
            entry.score = s;
        }
        a.flags = flags
            .iter()
            .map(|&id| Finding {
                id,
                dimension: Dimension::Communication,
                level: Level::Warning,
                at_ms: 0,
                message: String::new(),
                evidence: Vec::new(),
                searched_ms: None,
            })
            .collect();
        for p in &mut a.phases {
            (p.start_ms, p.end_ms) = match p.id {
                Phase::Clarify => (Some(0), Some(120_000)),
                _ => (None, None),
            };
        }
        analysis::to_json(&a)
    }

    #[test]
    fn reads_scores_flags_and_phase_lengths() {
        let s = session_from_analysis(
            Path::new("day1-2026-11-20.json"),
            &analysis([1, 2, 3, 4, 0, 1, 2], &[RuleId::MissingSummary]),
        )
        .unwrap();
        assert_eq!(s.scores, [1, 2, 3, 4, 0, 1, 2]);
        assert_eq!(s.date.as_deref(), Some("2026-11-20"));
        assert_eq!(s.phases[0].actual_ms, Some(120_000));
        assert_eq!(s.phases[5].actual_ms, None);
        assert!(s.flags.contains("missing-summary"));
    }

    #[test]
    fn sessions_are_ordered_by_date_and_flag_changes_computed() {
        let day7 = session_from_analysis(
            Path::new("b-2026-11-27.json"),
            &analysis([3; 7], &[RuleId::NoMonitoring]),
        )
        .unwrap();
        let day1 = session_from_analysis(
            Path::new("a-2026-11-20.json"),
            &analysis([1; 7], &[RuleId::MissingSummary, RuleId::ToolFirstOpening]),
        )
        .unwrap();
        let p = progress(vec![day7, day1]);
        assert_eq!(p.sessions[0].name, "a-2026-11-20.json");
        assert_eq!(
            p.flag_changes[0].gone,
            vec!["missing-summary", "tool-first-opening"]
        );
        assert_eq!(p.flag_changes[0].new, vec!["no-monitoring"]);
        assert_eq!(p.ordering, "by recording date");
    }

    #[test]
    fn undated_sessions_go_last_and_the_ordering_says_so() {
        let a = session_from_analysis(Path::new("zeta.json"), &analysis([1; 7], &[])).unwrap();
        let b =
            session_from_analysis(Path::new("x-2026-01-02.json"), &analysis([1; 7], &[])).unwrap();
        let p = progress(vec![a, b]);
        assert_eq!(p.sessions[1].name, "zeta.json");
        assert!(p.ordering.contains("zeta.json"), "{}", p.ordering);
    }

    #[test]
    fn dates_name_files_and_must_be_dates() {
        let d = parse_dates(&["out/day1.json=2026-11-20".into()]).unwrap();
        assert_eq!(d["day1.json"], "2026-11-20");
        let e = parse_dates(&["day1.json".into()]).unwrap_err().to_string();
        assert!(e.contains("expected FILE=YYYY-MM-DD"), "{e}");
        let e = parse_dates(&["day1.json=2026-13-01".into()])
            .unwrap_err()
            .to_string();
        assert!(e.contains("is not a YYYY-MM-DD date"), "{e}");
    }

    #[test]
    fn non_analysis_json_is_rejected() {
        let e = session_from_analysis(Path::new("t.json"), r#"{"schema":"other"}"#)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("t.json: line 1: not a mockreview analysis"),
            "{e}"
        );
    }

    #[test]
    fn recorded_on_comes_before_the_date_in_the_file_name_and_must_be_a_date() {
        let json = analysis([1; 7], &[]);
        let dated = json.replacen(
            "\"schema\": \"mockreview.analysis/1\",",
            "\"schema\": \"mockreview.analysis/1\",\n  \"recorded_on\": \"2026-11-19\",",
            1,
        );
        let s = session_from_analysis(Path::new("day1-2026-11-20.json"), &dated).unwrap();
        assert_eq!(s.date.as_deref(), Some("2026-11-19"));
        let bad = dated.replacen("2026-11-19", "19.11.2026", 1);
        let e = session_from_analysis(Path::new("d.json"), &bad)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("d.json: line 3: malformed analysis: recorded_on"),
            "{e}"
        );
    }

    #[test]
    fn an_analysis_with_nothing_to_judge_has_no_scores_to_compare() {
        let mut a = crate::test_support::analysis();
        a.rubric.0.clear();
        a.nothing_to_judge = Some("the transcript has no speech".into());
        let e = session_from_analysis(Path::new("n.json"), &analysis::to_json(&a))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("n.json: no scores to compare: the transcript has no speech"),
            "{e}"
        );
    }
}
