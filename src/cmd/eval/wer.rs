//! `mockreview eval wer FILES…`: word error rate of the transcriber against reference transcripts
//! (`NAME.ref.txt` or `NAME.txt` beside each clip; the metric is `crate::eval::wer`).

use std::process::ExitCode;

use crate::cli::EvalWerArgs;
use crate::eval::wer::{self, ClipScore};
use crate::transcribe::{self, Settings, Transcriber};
use crate::{audio, output, Error, Result};

pub fn run(args: EvalWerArgs) -> Result<ExitCode> {
    let settings = Settings::from_options(&args.whisper)?;
    // Check every reference before spending minutes on audio.
    let mut clips = Vec::with_capacity(args.inputs.len());
    for input in &args.inputs {
        audio::probe(input)?;
        let reference = wer::reference_path(input)?;
        let text = std::fs::read_to_string(&reference).map_err(|e| Error::io(&reference, e))?;
        clips.push((input.clone(), wer::normalize(&text)));
    }
    transcribe::install_interrupt_handler();
    let transcriber = Transcriber::new(settings)?;
    let mut scores = Vec::with_capacity(clips.len());
    for (input, reference) in clips {
        let doc = transcriber.transcribe(&input)?;
        let hypothesis: Vec<&str> = doc.segments.iter().map(|s| s.text.as_str()).collect();
        let name = input
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let hypothesis = wer::normalize(&hypothesis.join(" "));
        scores.push(ClipScore::new(name, &reference, &hypothesis));
    }
    let text = format!("{}\n{}", transcriber.describe(), wer::table(&scores));
    output::emit(None, text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
