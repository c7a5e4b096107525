//! `mockreview eval terms FILES…`: how many lexicon terms survive speech-to-text.
//!
//! Each input is a transcript (any format `analyze` reads) or a recording (transcribed first with
//! the bundled model, or `--model`, exactly as `analyze` does), and needs its script beside it:
//! `NAME.script.txt`, else `NAME.ref.txt`, else `NAME.txt` (never the input itself). The measure is
//! `crate::eval::terms`.

use std::process::ExitCode;

use crate::cli::EvalTermsArgs;
use crate::eval::terms::{self, FileScore};
use crate::lexicon::LexiconSet;
use crate::pipeline::Transcripts;
use crate::transcribe::Settings;
use crate::{output, Error, Result};

pub fn run(args: EvalTermsArgs) -> Result<ExitCode> {
    let set = LexiconSet::builtin()?;
    let transcripts = Transcripts::new(Settings::from_options(&args.whisper)?);
    // Check every script before transcribing anything.
    let mut jobs = Vec::with_capacity(args.inputs.len());
    for input in &args.inputs {
        let script = terms::script_path(input)?;
        let text = std::fs::read_to_string(&script).map_err(|e| Error::io(&script, e))?;
        jobs.push((input.clone(), text));
    }
    let mut files = Vec::with_capacity(jobs.len());
    for (input, script) in jobs {
        let found = set.scan_staged(&transcripts.load(&input, None)?);
        let reference = set.scan_text_staged(&script);
        files.push(FileScore {
            name: input
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            score: terms::compare_staged(&reference, &found),
        });
    }
    output::emit(None, terms::report(&files).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
