//! Batch mode of `analyze`: several inputs, a directory, or `--out-dir` (see `crate::batch`).
//! Exit 2 if any input failed.

use std::process::ExitCode;

use crate::cli::AnalyzeArgs;
use crate::cohort::{self, CohortRow};
use crate::transcribe::Settings;
use crate::{batch, Error, Result};

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
    let inputs = cohort::expand_inputs(&args.inputs, &out_dir)?;
    if inputs.is_empty() {
        return Err(Error::Usage(
            "no recordings or transcripts among the inputs".into(),
        ));
    }
    let stems = cohort::unique_stems(&inputs)?;
    std::fs::create_dir_all(&out_dir).map_err(|e| Error::io(&out_dir, e))?;

    let (jobs, settings) = batch::plan(
        inputs.len(),
        args.jobs,
        Settings::from_options(&args.whisper)?,
    );
    let quiet = args.whisper.quiet;
    let analyzer = super::analyze::analyzer(&args, settings)?;
    let total = inputs.len();
    let progress = |n: usize, input: &std::path::Path, row: &CohortRow| {
        if !quiet {
            eprintln!("[{n}/{total}] {}: {}", input.display(), row.status_line());
        }
    };
    let rows = batch::run(&analyzer, &inputs, &stems, &out_dir, jobs, &progress)?;

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
