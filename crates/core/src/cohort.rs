//! A coach's cohort: the sessions of one batch run of `analyze`, one row each, written as
//! `cohort.json` (`mockreview.cohort/1`) and `cohort.csv`; and which files of a folder are sessions.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::analysis::Analysis;
use crate::ids::Dimension;
use crate::roles::Role;
use crate::{transcript, Error, Result};

pub const COHORT_SCHEMA: &str = "mockreview.cohort/1";

/// Extensions read as recordings when a directory is given (transcripts: see `transcript`).
pub const AUDIO_EXTENSIONS: &[&str] = &[
    "wav", "wave", "flac", "mp3", "m4a", "aac", "mp4", "ogg", "oga", "opus", "webm", "mkv",
];

/// One session of the cohort: its scores, verdict and flags, or why it failed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortRow {
    pub input: String,
    /// "ok" or "error".
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub candidate: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub average: Option<f64>,
    /// Draft score per dimension (empty when there was nothing to judge or an error).
    pub scores: BTreeMap<&'static str, u8>,
    pub flags: Vec<&'static str>,
}

impl CohortRow {
    /// The row of an analysed session whose report was written to `report`.
    pub fn analysed(input: String, report: &Path, a: &Analysis) -> CohortRow {
        let flags: Vec<&'static str> = a
            .flags
            .iter()
            .map(|f| f.id.as_str())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        CohortRow {
            input,
            status: "ok",
            report: report.file_name().map(|n| n.to_string_lossy().into_owned()),
            error: None,
            candidate: a
                .speakers
                .iter()
                .find(|s| s.role == Role::Candidate)
                .map(|s| s.name.clone()),
            duration_ms: Some(a.duration_ms),
            verdict: Some(a.verdict.to_string()),
            average: a.average,
            scores: a
                .rubric
                .0
                .iter()
                .map(|e| (e.dimension.id(), e.score))
                .collect(),
            flags,
        }
    }

    /// The row of a session that failed with `error`.
    pub fn failed(input: String, error: String) -> CohortRow {
        CohortRow {
            input,
            status: "error",
            report: None,
            error: Some(error),
            candidate: None,
            duration_ms: None,
            verdict: None,
            average: None,
            scores: BTreeMap::new(),
            flags: Vec::new(),
        }
    }

    /// "ok (verdict)", "ok" or "error: …", for a progress line.
    pub fn status_line(&self) -> String {
        match (&self.error, &self.verdict) {
            (Some(e), _) => format!("error: {e}"),
            (None, Some(v)) => format!("ok ({v})"),
            (None, None) => "ok".to_string(),
        }
    }
}

#[derive(Debug, Serialize)]
struct Cohort<'a> {
    schema: &'static str,
    sessions: &'a [CohortRow],
}

/// `cohort.json`: the rows as a `mockreview.cohort/1` document, pretty-printed, one trailing newline.
pub fn cohort_json(rows: &[CohortRow]) -> Result<String> {
    let mut json = serde_json::to_string_pretty(&Cohort {
        schema: COHORT_SCHEMA,
        sessions: rows,
    })
    .map_err(|e| Error::Usage(format!("cannot serialise the cohort summary: {e}")))?;
    json.push('\n');
    Ok(json)
}

/// `cohort.csv`: a header, then one line per row (RFC 4180 quoting).
pub fn cohort_csv(rows: &[CohortRow]) -> String {
    let mut out = String::from("input,status,candidate,duration_ms,verdict,average");
    for d in Dimension::ALL {
        out.push(',');
        out.push_str(d.id());
    }
    out.push_str(",flags,error\n");
    for r in rows {
        let mut fields = vec![
            r.input.clone(),
            r.status.to_string(),
            r.candidate.clone().unwrap_or_default(),
            r.duration_ms.map(|d| d.to_string()).unwrap_or_default(),
            r.verdict.clone().unwrap_or_default(),
            r.average.map(|a| format!("{a:.2}")).unwrap_or_default(),
        ];
        for d in Dimension::ALL {
            fields.push(
                r.scores
                    .get(d.id())
                    .map(|s| s.to_string())
                    .unwrap_or_default(),
            );
        }
        fields.push(r.flags.join(" "));
        fields.push(r.error.clone().unwrap_or_default());
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        let _ = writeln!(out, "{}", line.join(","));
    }
    out
}

/// RFC 4180 quoting: fields with commas, quotes or line breaks are quoted, quotes doubled.
fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// Files as given, plus the recordings and transcripts directly inside given directories
/// (sorted; hidden files, earlier batch outputs and the output directory itself skipped).
pub fn expand_inputs(inputs: &[PathBuf], out_dir: &Path) -> Result<Vec<PathBuf>> {
    let out_abs = std::path::absolute(out_dir).ok();
    let mut files = Vec::new();
    for input in inputs {
        if !input.is_dir() {
            files.push(input.clone());
            continue;
        }
        let mut inside: Vec<PathBuf> = std::fs::read_dir(input)
            .map_err(|e| Error::io(input, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && is_session_file(p))
            .filter(|p| {
                out_abs.as_deref().is_none_or(|out| {
                    std::path::absolute(p)
                        .ok()
                        .and_then(|a| a.parent().map(Path::to_path_buf))
                        != Some(out.to_path_buf())
                })
            })
            .collect();
        inside.sort();
        files.extend(inside);
    }
    Ok(files)
}

/// A recording or a transcript, and not a hidden file or an output of an earlier batch run.
pub fn is_session_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.starts_with('.') || name.contains(".analysis.") || name.starts_with("cohort.") {
        return false;
    }
    let audio = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| AUDIO_EXTENSIONS.iter().any(|a| e.eq_ignore_ascii_case(a)));
    audio || transcript::is_transcript_path(path)
}

/// Output names come from input stems; two inputs with one stem would overwrite each other.
pub fn unique_stems(inputs: &[PathBuf]) -> Result<Vec<String>> {
    let stems: Vec<String> = inputs
        .iter()
        .map(|p| {
            p.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "input".to_string())
        })
        .collect();
    let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
    for (stem, input) in stems.iter().zip(inputs) {
        if let Some(first) = seen.insert(stem, input) {
            return Err(Error::Usage(format!(
                "{} and {} would both write {stem}.analysis.*: rename one or run them separately",
                first.display(),
                input.display()
            )));
        }
    }
    Ok(stems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_with_commas_and_quotes_are_quoted() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("plain"), "plain");
    }

    #[test]
    fn cohort_csv_has_a_header_and_one_row_per_session() {
        let row = CohortRow::failed(
            "day1.vtt".into(),
            "day1.vtt: line 3: bad time, really".into(),
        );
        let csv = cohort_csv(&[row]);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0]
            .starts_with("input,status,candidate,duration_ms,verdict,average,clarification"));
        assert!(
            lines[1].ends_with(",\"day1.vtt: line 3: bad time, really\""),
            "{}",
            lines[1]
        );
    }

    #[test]
    fn cohort_json_is_versioned_and_ends_with_one_newline() {
        let json = cohort_json(&[CohortRow::failed("a.vtt".into(), "bad".into())]).unwrap();
        assert!(json.ends_with("}\n") && !json.ends_with("\n\n"));
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["schema"], COHORT_SCHEMA);
        assert_eq!(v["sessions"][0]["status"], "error");
        assert!(v["sessions"][0].get("verdict").is_none());
    }

    #[test]
    fn status_line_says_ok_with_the_verdict_or_the_error() {
        let failed = CohortRow::failed("a.vtt".into(), "a.vtt: line 2: bad".into());
        assert_eq!(failed.status_line(), "error: a.vtt: line 2: bad");
        let ok = CohortRow {
            status: "ok",
            error: None,
            verdict: Some("senior".into()),
            ..failed
        };
        assert_eq!(ok.status_line(), "ok (senior)");
    }

    #[test]
    fn two_inputs_with_one_stem_are_refused() {
        let e = unique_stems(&[PathBuf::from("a/day1.vtt"), PathBuf::from("b/day1.srt")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("a/day1.vtt") && e.contains("b/day1.srt"), "{e}");
    }

    #[test]
    fn batch_outputs_and_hidden_files_are_not_inputs() {
        assert!(is_session_file(Path::new("d/day1.flac")));
        assert!(is_session_file(Path::new("d/day1.vtt")));
        assert!(!is_session_file(Path::new("d/day1.analysis.json")));
        assert!(!is_session_file(Path::new("d/cohort.csv")));
        assert!(!is_session_file(Path::new("d/.day1.vtt")));
        assert!(!is_session_file(Path::new("d/notes.pdf")));
    }
}
