//! `mockreview analyze INPUT [--format text|json|md] [-o FILE] [--candidate NAME] [--interviewer NAME]
//! [--budget B] [--lexicons DIR] [--save-transcript FILE]`
//!
//! Exit 0 when the analysis ran, whatever it found (a transcript with nothing to judge included);
//! 2 on an error, with nothing written.

use std::process::ExitCode;

use crate::align::Budget;
use crate::analysis::{self, AnalyzeOptions};
use crate::cli::{AnalyzeArgs, ReportFormat, TranscriptFormat};
use crate::lexicon::LexiconSet;
use crate::transcript::{self, Transcript};
use crate::{output, report, transcribe, Result};

pub fn run(args: AnalyzeArgs) -> Result<ExitCode> {
    // Everything that can be wrong with the options is reported before a long transcription.
    let budget = match &args.budget {
        Some(text) => Budget::parse(text)?,
        None => Budget::default(),
    };
    let lexicons = match &args.lexicons {
        Some(dir) => LexiconSet::with_overrides(dir)?,
        None => LexiconSet::builtin()?,
    };
    let transcript = read_input(&args)?;
    let options = AnalyzeOptions {
        candidate: args.candidate.clone(),
        interviewer: args.interviewer.clone(),
        budget,
    };
    let analysis = analysis::analyze(&transcript, &lexicons, &options)?;
    let color = args.format == ReportFormat::Text && report::color_wanted(args.output.is_none());
    let rendered = report::renderer(args.format, color).render(&analysis);
    output::emit(args.output.as_deref(), rendered.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// A transcript file is read as is; anything else is a recording, transcribed first.
fn read_input(args: &AnalyzeArgs) -> Result<Transcript> {
    if transcript::is_transcript_path(&args.input) {
        if args.save_transcript.is_some() {
            eprintln!(
                "warning: --save-transcript is for recordings; {} is already a transcript",
                args.input.display()
            );
        }
        return transcript::load(&args.input);
    }
    transcribe::install_interrupt_handler();
    let doc = transcribe::transcribe_file(&args.input, &args.whisper)?;
    let json = transcript::render(&doc, TranscriptFormat::Json);
    if let Some(path) = &args.save_transcript {
        output::write_atomic(path, json.as_bytes())?;
    }
    // Read back through the transcript reader, so audio and a saved transcript analyse the same;
    // problems (no speech at all) are reported against the recording.
    transcript::parse(json.as_bytes(), &args.input)
}
