//! Batch mode of `analyze`: many sessions (a coach's cohort) in one run.
//!
//! Each input gets `<stem>.analysis.<ext>` in the output directory (and `<stem>.transcript.json`
//! for a recording), and the run ends with `cohort.csv` and `cohort.json` (see
//! [`crate::cohort`]). A failing input becomes an error row; the others go on. Ctrl-C stops the
//! run: no further session starts and no cohort summary is written.
//!
//! Sessions run in parallel on a shared model, as many at once as cores allow and as fit in
//! memory (`SESSION_MEMORY_BYTES` each, against MemAvailable), unless the caller says otherwise.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::cohort::{self, CohortRow};
use crate::pipeline::{recording_link, Analyzer};
use crate::transcribe::{self, Settings};
use crate::{output, transcript, Error, Result};

/// Peak memory one transcribing session may need beyond the shared model (decoder state, audio
/// buffers, transcript). Measured peaks are well below; the margin keeps a cohort run safe.
const SESSION_MEMORY_BYTES: u64 = 400 * 1024 * 1024;

/// Sessions at once (`jobs`, else as many as inputs, cores and memory allow), and the
/// transcription settings of each: the decoder threads shared out among them, no progress bar.
pub fn plan(inputs: usize, jobs: Option<usize>, mut settings: Settings) -> (usize, Settings) {
    let jobs = jobs.unwrap_or_else(|| default_jobs(inputs, settings.threads, available_memory()));
    settings.threads = (settings.threads / jobs).max(1);
    settings.progress = false;
    (jobs, settings)
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

/// Analyses every input (`jobs` at once) into `out_dir`, then writes `cohort.json` and
/// `cohort.csv` there; returns the rows in input order. `stems` name the outputs (see
/// [`cohort::unique_stems`]); `done(finished, input, row)` is called as each session ends.
pub fn run(
    analyzer: &Analyzer,
    inputs: &[PathBuf],
    stems: &[String],
    out_dir: &Path,
    jobs: usize,
    done: &(dyn Fn(usize, &Path, &CohortRow) + Sync),
) -> Result<Vec<CohortRow>> {
    let next = AtomicUsize::new(0);
    let finished = AtomicUsize::new(0);
    let rows: Mutex<Vec<Option<CohortRow>>> = Mutex::new(vec![None; inputs.len()]);
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(inputs.len()) {
            scope.spawn(|| loop {
                if transcribe::interrupted() {
                    break;
                }
                let i = next.fetch_add(1, Ordering::SeqCst);
                let (Some(input), Some(stem)) = (inputs.get(i), stems.get(i)) else {
                    break;
                };
                let row = analyze_one(analyzer, input, stem, out_dir);
                let n = finished.fetch_add(1, Ordering::SeqCst) + 1;
                done(n, input, &row);
                if let Ok(mut rows) = rows.lock() {
                    rows[i] = Some(row);
                }
            });
        }
    });
    if transcribe::interrupted() {
        return Err(Error::Interrupted);
    }
    let rows: Vec<CohortRow> = rows
        .into_inner()
        .map_err(|_| Error::Usage("a batch worker failed".into()))?
        .into_iter()
        .flatten()
        .collect();
    output::write_atomic(
        &out_dir.join("cohort.json"),
        cohort::cohort_json(&rows)?.as_bytes(),
    )?;
    output::write_atomic(
        &out_dir.join("cohort.csv"),
        cohort::cohort_csv(&rows).as_bytes(),
    )?;
    Ok(rows)
}

fn analyze_one(analyzer: &Analyzer, input: &Path, stem: &str, out_dir: &Path) -> CohortRow {
    let name = input.display().to_string();
    let is_audio = transcript::input_kind(input) == transcript::InputKind::Recording;
    let report_path = out_dir.join(format!("{stem}.analysis.{}", analyzer.format.extension()));
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
        Ok(a) => CohortRow::analysed(name, &report_path, &a),
        Err(e) => CohortRow::failed(name, e.to_string()),
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
    fn the_plan_shares_decoder_threads_among_sessions() {
        let settings = Settings {
            model: None,
            threads: 8,
            beam: None,
            vad: true,
            channels: None,
            speakers: crate::diarize::SpeakerCount::Estimate,
            progress: true,
        };
        let (jobs, s) = plan(10, Some(3), settings);
        assert_eq!((jobs, s.threads, s.progress), (3, 2, false));
    }
}
