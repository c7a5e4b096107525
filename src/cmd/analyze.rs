//! `mockreview analyze INPUT… [--format text|json|md|html] [-o FILE | --out-dir DIR] [--candidate NAME]
//! [--interviewer NAME] [--budget B] [--lexicons DIR] [--save-transcript FILE]`
//!
//! One input: the report goes to stdout or `-o`. Several inputs, a directory, or `--out-dir`: batch
//! mode (see `batch.rs`).
//!
//! Exit 0 when the analysis ran, whatever it found (a transcript with nothing to judge included);
//! 2 on an error, with nothing written.

use std::process::ExitCode;

use crate::align::Budget;
use crate::analysis::AnalyzeOptions;
use crate::cli::{AnalyzeArgs, ReportFormat};
use crate::lexicon::LexiconSet;
use crate::pipeline::{recording_link, Analyzer};
use crate::transcribe::Settings;
use crate::{output, report, transcript, Error, Result};

/// The analyzer for these arguments; everything wrong with them is reported before a long
/// transcription.
pub fn analyzer(args: &AnalyzeArgs, settings: Settings) -> Result<Analyzer> {
    let budget = match &args.budget {
        Some(text) => Budget::parse(text)?,
        None => Budget::default(),
    };
    let lexicons = match &args.lexicons {
        Some(dir) => LexiconSet::with_overrides(dir)?,
        None => LexiconSet::builtin()?,
    };
    let options = AnalyzeOptions {
        candidate: args.candidate.clone(),
        interviewer: args.interviewer.clone(),
        budget,
        prompt: args.prompt.clone(),
        session: args.session,
    };
    Analyzer::new(options, lexicons, args.format, settings)
}

/// One input and no `--out-dir`: a single report rather than a batch.
pub fn is_single(args: &AnalyzeArgs) -> bool {
    args.inputs.len() == 1 && !args.inputs[0].is_dir() && args.out_dir.is_none()
}

/// Analyses one input (see [`is_single`]); batches go to `batch::run`.
pub fn run(args: AnalyzeArgs) -> Result<ExitCode> {
    if args.jobs.is_some() {
        return Err(Error::Usage(
            "--jobs is for batch mode (several inputs or --out-dir)".into(),
        ));
    }
    let input = &args.inputs[0];
    let analyzer = analyzer(&args, Settings::from_options(&args.whisper)?)?;
    if args.save_transcript.is_some()
        && transcript::input_kind(input) != transcript::InputKind::Recording
    {
        eprintln!(
            "warning: --save-transcript is for recordings; {} is already a transcript",
            input.display()
        );
    }
    let analysis = analyzer.analyze(input, args.save_transcript.as_deref())?;
    let color = args.format == ReportFormat::Text && report::color_wanted(args.output.is_none());
    let recording = recording_link(input, args.output.as_deref());
    let rendered = analyzer.render(&analysis, recording.as_deref(), color);
    output::emit(args.output.as_deref(), rendered.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
