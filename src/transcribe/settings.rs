//! Transcription settings: the options every transcribing command takes, checked once.

use std::path::PathBuf;

use crate::diarize::{SpeakerCount, MAX_SPEAKERS};
use crate::{Error, Result};

/// Options shared by every command that may have to transcribe audio.
#[derive(Debug, Clone, clap::Args)]
pub struct WhisperOptions {
    /// whisper.cpp ggml model file (default: the bundled tiny.en q8_0 model).
    #[arg(long, value_name = "PATH")]
    pub model: Option<PathBuf>,
    /// Decoder threads (default: available cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Beam search with N beams instead of greedy decoding.
    #[arg(long, value_name = "N")]
    pub beam: Option<usize>,
    /// Send all audio to the decoder, silence included (slower, hallucination-prone; for comparison).
    #[arg(long)]
    pub no_vad: bool,
    /// Transcribe each channel separately and label it, e.g. `--channels interviewer,candidate`.
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub channels: Option<Vec<String>>,
    /// One-track recordings: how many people speak (1–4; default: estimated from the voices).
    /// 1 turns speaker diarization off.
    #[arg(long, value_name = "N")]
    pub speakers: Option<usize>,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Transcription settings, resolved from the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// `None`: the bundled model.
    pub model: Option<PathBuf>,
    pub threads: usize,
    /// `None`: greedy decoding.
    pub beam: Option<usize>,
    pub vad: bool,
    /// One speaker name per channel: transcribe each channel separately.
    pub channels: Option<Vec<String>>,
    /// How many voices diarization looks for on a one-track recording (`Exactly(1)`: it is off).
    pub speakers: SpeakerCount,
    pub progress: bool,
}

impl Settings {
    pub fn from_options(o: &WhisperOptions) -> Result<Self> {
        let threads = match o.threads {
            Some(0) => return Err(Error::Usage("--threads must be at least 1".into())),
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        };
        if o.beam == Some(0) {
            return Err(Error::Usage("--beam must be at least 1".into()));
        }
        if let Some(names) = &o.channels {
            let mut seen: Vec<&str> = Vec::new();
            for name in names {
                let name = name.trim();
                if name.is_empty() {
                    return Err(Error::Usage(
                        "--channels: every channel needs a name, e.g. --channels interviewer,candidate"
                            .into(),
                    ));
                }
                if seen.contains(&name) {
                    return Err(Error::Usage(format!(
                        "--channels: the name {name:?} is given twice"
                    )));
                }
                seen.push(name);
            }
        }
        let speakers = match o.speakers {
            None => SpeakerCount::Estimate,
            Some(n) if (1..=MAX_SPEAKERS).contains(&n) => SpeakerCount::Exactly(n),
            Some(n) => {
                return Err(Error::Usage(format!(
                    "--speakers must be 1 to {MAX_SPEAKERS}, not {n}"
                )))
            }
        };
        if o.speakers.is_some() && o.channels.is_some() {
            return Err(Error::Usage(
                "--speakers is for one-track recordings; with --channels each channel is one speaker"
                    .into(),
            ));
        }
        Ok(Settings {
            model: o.model.clone(),
            threads,
            beam: o.beam,
            vad: !o.no_vad,
            channels: o
                .channels
                .as_ref()
                .map(|names| names.iter().map(|n| n.trim().to_string()).collect()),
            speakers,
            progress: !o.quiet,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_reject_zero_threads_and_duplicate_channel_names() {
        let base = WhisperOptions {
            model: None,
            threads: Some(0),
            beam: None,
            no_vad: false,
            channels: None,
            speakers: None,
            quiet: true,
        };
        assert!(Settings::from_options(&base).is_err());
        let dup = WhisperOptions {
            threads: Some(2),
            channels: Some(vec!["a".into(), "a".into()]),
            ..base.clone()
        };
        assert!(Settings::from_options(&dup).is_err());
        let ok = WhisperOptions {
            threads: Some(2),
            channels: Some(vec!["interviewer".into(), " candidate".into()]),
            ..base
        };
        let s = Settings::from_options(&ok).unwrap();
        assert_eq!(
            s.channels,
            Some(vec!["interviewer".into(), "candidate".into()])
        );
        assert!(s.vad);
        assert_eq!(s.speakers, SpeakerCount::Estimate);
    }

    #[test]
    fn speakers_must_be_one_to_four_and_not_with_channels() {
        let base = WhisperOptions {
            model: None,
            threads: Some(1),
            beam: None,
            no_vad: false,
            channels: None,
            speakers: Some(5),
            quiet: true,
        };
        let e = Settings::from_options(&base).unwrap_err().to_string();
        assert_eq!(e, "--speakers must be 1 to 4, not 5");
        let two = WhisperOptions {
            speakers: Some(2),
            ..base.clone()
        };
        assert_eq!(
            Settings::from_options(&two).unwrap().speakers,
            SpeakerCount::Exactly(2)
        );
        let both = WhisperOptions {
            channels: Some(vec!["a".into(), "b".into()]),
            ..two
        };
        assert!(Settings::from_options(&both).is_err());
    }
}
