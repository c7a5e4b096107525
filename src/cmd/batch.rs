//! Batch mode of `analyze`: many sessions (a coach's cohort) in one run.
//!
//! Inputs are files or directories (their recordings and transcripts, not recursive). Each input
//! gets `<stem>.analysis.<ext>` in `--out-dir` (and `<stem>.transcript.json` for a recording), and
//! the run ends with `cohort.csv` and `cohort.json`: one row per session with scores, verdict and
//! flags. A failing input is reported and skipped; the exit code is 2 if any failed.
//!
//! Sessions run in parallel on a shared model, as many at once as cores allow and as fit in
//! memory (`SESSION_MEMORY_BYTES` each, against MemAvailable), unless `--jobs` says otherwise.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use serde::Serialize;

use super::analyze::{recording_link, Analyzer};
use crate::analysis::Analysis;
use crate::cli::{AnalyzeArgs, ReportFormat};
use crate::rubric::Dimension;
use crate::transcribe::{self, Settings};
use crate::{output, transcript, Error, Result};

/// Peak memory one transcribing session may need beyond the shared model (decoder state, audio
/// buffers, transcript). Measured peaks are well below; the margin keeps a cohort run safe.
const SESSION_MEMORY_BYTES: u64 = 400 * 1024 * 1024;

/// Extensions read as recordings when a directory is given (transcripts: see `transcript`).
const AUDIO_EXTENSIONS: &[&str] = &[
    "wav", "wave", "flac", "mp3", "m4a", "aac", "mp4", "ogg", "oga", "opus", "webm", "mkv",
];

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

#[derive(Debug, Serialize)]
struct Cohort<'a> {
    schema: &'static str,
    sessions: &'a [CohortRow],
}

pub fn run(args: AnalyzeArgs) -> Result<ExitCode> {
    let out_dir = args.out_dir.clone().ok_or_else(|| {
        Error::Usage(
            "several inputs or a directory need --out-dir DIR (one report per input goes there)"
                .into(),
        )
    })?;
    if args.output.is_some() {
        return Err(Error::Usage(
            "-o is for one input; in batch mode reports go to --out-dir".into(),
        ));
    }
    if args.save_transcript.is_some() {
        return Err(Error::Usage(
            "--save-transcript is for one input; in batch mode each recording's transcript is saved in --out-dir".into(),
        ));
    }
    if args.jobs == Some(0) {
        return Err(Error::Usage("--jobs must be at least 1".into()));
    }
    let inputs = expand_inputs(&args.inputs, &out_dir)?;
    if inputs.is_empty() {
        return Err(Error::Usage(
            "no recordings or transcripts among the inputs".into(),
        ));
    }
    let stems = unique_stems(&inputs)?;
    std::fs::create_dir_all(&out_dir).map_err(|e| Error::io(&out_dir, e))?;

    let mut settings = Settings::from_options(&args.whisper)?;
    let any_audio = inputs
        .iter()
        .any(|p| transcript::input_kind(p) == transcript::InputKind::Recording);
    let jobs = args
        .jobs
        .unwrap_or_else(|| default_jobs(inputs.len(), settings.threads, available_memory()));
    // The decoder threads are shared out among the sessions running at once.
    settings.threads = (settings.threads / jobs).max(1);
    settings.progress = false;
    let quiet = args.whisper.quiet;
    let analyzer = Analyzer::new(&args, settings)?;
    if any_audio {
        transcribe::install_interrupt_handler();
    }

    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let rows: Mutex<Vec<Option<CohortRow>>> = Mutex::new(vec![None; inputs.len()]);
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(inputs.len()) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(input) = inputs.get(i) else { break };
                let row = analyze_one(&analyzer, input, &stems[i], &out_dir);
                let n = done.fetch_add(1, Ordering::SeqCst) + 1;
                if !quiet {
                    let status = match (&row.error, &row.verdict) {
                        (Some(e), _) => format!("error: {e}"),
                        (None, Some(v)) => format!("ok ({v})"),
                        (None, None) => "ok".to_string(),
                    };
                    eprintln!("[{n}/{}] {}: {status}", inputs.len(), input.display());
                }
                if let Ok(mut rows) = rows.lock() {
                    rows[i] = Some(row);
                }
            });
        }
    });
    let rows: Vec<CohortRow> = rows
        .into_inner()
        .map_err(|_| Error::Usage("a batch worker failed".into()))?
        .into_iter()
        .flatten()
        .collect();

    let mut json = serde_json::to_string_pretty(&Cohort {
        schema: "mockreview.cohort/1",
        sessions: &rows,
    })
    .map_err(|e| Error::Usage(format!("cannot serialise the cohort summary: {e}")))?;
    json.push('\n');
    output::write_atomic(&out_dir.join("cohort.json"), json.as_bytes())?;
    output::write_atomic(&out_dir.join("cohort.csv"), cohort_csv(&rows).as_bytes())?;

    let failed: Vec<&CohortRow> = rows.iter().filter(|r| r.status == "error").collect();
    if !quiet || !failed.is_empty() {
        eprintln!(
            "analysed {} of {} inputs; reports and cohort.csv/cohort.json in {}",
            rows.len() - failed.len(),
            rows.len(),
            out_dir.display()
        );
    }
    if failed.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    for r in &failed {
        eprintln!("error: {}", r.error.as_deref().unwrap_or("failed"));
    }
    Ok(ExitCode::from(2))
}

fn analyze_one(analyzer: &Analyzer, input: &Path, stem: &str, out_dir: &Path) -> CohortRow {
    let name = input.display().to_string();
    let is_audio = transcript::input_kind(input) == transcript::InputKind::Recording;
    let report_path = out_dir.join(format!("{stem}.analysis.{}", extension(analyzer.format)));
    let transcript_path = is_audio.then(|| out_dir.join(format!("{stem}.transcript.json")));
    let result = analyzer
        .analyze(input, transcript_path.as_deref())
        .and_then(|analysis| {
            let recording = recording_link(input, Some(&report_path));
            let rendered = analyzer.render(&analysis, recording.as_deref(), false);
            output::write_atomic(&report_path, rendered.as_bytes())?;
            Ok(analysis)
        });
    match result {
        Ok(a) => row_for(name, &report_path, &a),
        Err(e) => CohortRow {
            input: name,
            status: "error",
            report: None,
            error: Some(e.to_string()),
            candidate: None,
            duration_ms: None,
            verdict: None,
            average: None,
            scores: BTreeMap::new(),
            flags: Vec::new(),
        },
    }
}

fn row_for(input: String, report: &Path, a: &Analysis) -> CohortRow {
    let flags: Vec<&'static str> = a
        .flags
        .iter()
        .map(|f| f.id.as_str())
        .collect::<std::collections::BTreeSet<_>>()
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
            .find(|s| s.role == crate::roles::Role::Candidate)
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

fn extension(format: ReportFormat) -> &'static str {
    match format {
        ReportFormat::Text => "txt",
        ReportFormat::Json => "json",
        ReportFormat::Md => "md",
        ReportFormat::Html => "html",
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

fn is_session_file(path: &Path) -> bool {
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
fn unique_stems(inputs: &[PathBuf]) -> Result<Vec<String>> {
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

/// Sessions at once: no more than inputs, cores, or what memory holds.
pub fn default_jobs(inputs: usize, cores: usize, available_bytes: Option<u64>) -> usize {
    let by_memory = available_bytes
        .map(|b| (b / SESSION_MEMORY_BYTES).max(1) as usize)
        .unwrap_or(1);
    inputs.min(cores).min(by_memory).max(1)
}

/// MemAvailable from /proc/meminfo, when there is one.
fn available_memory() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_are_bounded_by_inputs_cores_and_memory() {
        let gib = 1024 * 1024 * 1024;
        assert_eq!(default_jobs(10, 2, Some(24 * gib)), 2);
        assert_eq!(default_jobs(1, 16, Some(24 * gib)), 1);
        assert_eq!(default_jobs(10, 16, Some(gib)), 2);
        assert_eq!(default_jobs(10, 16, Some(0)), 1);
        assert_eq!(default_jobs(10, 16, None), 1);
    }

    #[test]
    fn csv_fields_with_commas_and_quotes_are_quoted() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("plain"), "plain");
    }

    #[test]
    fn cohort_csv_has_a_header_and_one_row_per_session() {
        let row = CohortRow {
            input: "day1.vtt".into(),
            status: "error",
            report: None,
            error: Some("day1.vtt: line 3: bad time, really".into()),
            candidate: None,
            duration_ms: None,
            verdict: None,
            average: None,
            scores: BTreeMap::new(),
            flags: vec![],
        };
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
