//! `mockreview transcribe INPUT [-o FILE] [--format json|vtt|srt|txt]`

use std::process::ExitCode;

use crate::cli::TranscribeArgs;
use crate::transcribe::{self, Settings, Transcriber};
use crate::{audio, output, transcript, Error, Result};

pub fn run(args: TranscribeArgs) -> Result<ExitCode> {
    let settings = Settings::from_options(&args.whisper)?;
    // Fail before a long transcription, not after it, when the output cannot be written.
    if let Some(out) = &args.output {
        if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
            if !dir.is_dir() {
                return Err(Error::Usage(format!(
                    "{}: the output folder {} does not exist",
                    out.display(),
                    dir.display()
                )));
            }
        }
    }
    // A bad recording is reported before the model is loaded.
    let info = audio::probe(&args.input)?;
    if let Some(names) = &settings.channels {
        transcribe::check_channel_names(&args.input, info.channels, names)?;
    }
    transcribe::install_interrupt_handler();
    let transcriber = Transcriber::new(settings)?;
    let doc = transcriber.transcribe(&args.input)?;
    let rendered = transcript::render(&doc, args.format);
    output::emit(args.output.as_deref(), rendered.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
