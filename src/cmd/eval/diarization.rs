//! `mockreview eval diarization INPUT REF.rttm`: who-spoke-when against a reference. The input is
//! read exactly as `analyze` reads it (a recording is transcribed and diarized); its speaker
//! segments are the hypothesis turns and its words the units of the words-to-right-speaker share.
//! The measures are `crate::eval::der`; the RTTM reader is `crate::eval::rttm`.

use std::process::ExitCode;

use crate::cli::EvalDiarizationArgs;
use crate::eval::der::{self, SpeakerTurn};
use crate::eval::rttm;
use crate::pipeline::Transcripts;
use crate::transcribe::Settings;
use crate::transcript::Transcript;
use crate::{output, Error, Result};

/// What segments without a speaker (one voice found, or diarization off) are called.
const ONE_VOICE: &str = "(one voice)";

pub fn run(args: EvalDiarizationArgs) -> Result<ExitCode> {
    if !(args.collar.is_finite() && (0.0..=5.0).contains(&args.collar)) {
        return Err(Error::Usage(format!(
            "--collar must be 0 to 5 seconds, not {}",
            args.collar
        )));
    }
    let collar_ms = (args.collar * 1000.0).round() as u64;
    // The reference is checked before anything is transcribed.
    let reference = rttm::load(&args.reference)?;
    let transcripts = Transcripts::new(Settings::from_options(&args.whisper)?);
    let transcript = transcripts.load(&args.input, None)?;
    let (turns, words) = hypothesis(&transcript);
    if let Some(path) = &args.save_rttm {
        let name = args
            .input
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        output::write_atomic(path, rttm::render(&turns, &name).as_bytes())?;
    }
    let score = der::score(&reference, &turns, collar_ms);
    let word_score = der::score_words(&reference, &words, &score.mapping);
    let name = args
        .input
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    output::emit(
        None,
        der::report(&name, &score, &word_score, collar_ms).as_bytes(),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The transcript's segments as speaker turns, and its words as one-word turns.
fn hypothesis(transcript: &Transcript) -> (Vec<SpeakerTurn>, Vec<SpeakerTurn>) {
    let mut turns = Vec::new();
    let mut words = Vec::new();
    for s in &transcript.segments {
        let speaker = s.speaker.clone().unwrap_or_else(|| ONE_VOICE.to_string());
        turns.push(SpeakerTurn {
            start_ms: s.start_ms,
            end_ms: s.end_ms,
            speaker: speaker.clone(),
        });
        for w in &s.words {
            words.push(SpeakerTurn {
                start_ms: w.start_ms,
                end_ms: w.end_ms,
                speaker: speaker.clone(),
            });
        }
    }
    (turns, words)
}
