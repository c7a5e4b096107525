//! The whisper.cpp engine: loads a checked model once, then decodes each recording track by track,
//! window by window, and assembles the transcript document. This is the only place where
//! whisper.cpp's centiseconds exist: they become milliseconds the moment a token is read.

use std::path::Path;

use indicatif::ProgressBar;
use whisper_rs::{
    FullParams, SamplingStrategy, WhisperContext, WhisperContextParameters, WhisperState,
};

use super::interrupt::interrupted;
use super::merge::merge_by_time;
use super::pool::{run_in_order, ThreadSplit};
use super::window::clean_window;
use super::words::{RawSegment, RawToken};
use super::{progress, Settings};
use crate::audio::voice::VoiceFeatures;
use crate::audio::windows::SAMPLE_RATE;
use crate::audio::{ChannelMode, Selection, SpeechWindows, VadConfig, Window};
use crate::diarize::{self, SpeakerCount};
use crate::model::{self, ModelInfo};
use crate::transcript::{
    Metadata, ModelMeta, Segment, TranscribeMeta, TranscriptDocument, TRANSCRIPT_SCHEMA,
};
use crate::{Error, Result};

/// whisper.cpp skips input shorter than a second; shorter windows are padded with zeros.
const MIN_WINDOW_SAMPLES: usize = 17_600;

/// Whether the decoder states use flash attention (see [`Transcriber::new`]).
const FLASH_ATTENTION: bool = true;

/// A loaded model, ready to transcribe any number of recordings.
pub struct Transcriber {
    ctx: WhisperContext,
    model: ModelInfo,
    settings: Settings,
}

/// One channel (or the mix) to transcribe.
struct Track {
    mode: ChannelMode,
    speaker: Option<String>,
}

impl Transcriber {
    /// Checks the model file, then loads it into whisper.cpp.
    pub fn new(settings: Settings) -> Result<Self> {
        let path = match &settings.model {
            Some(p) => p.clone(),
            None => model::default_model_path()?,
        };
        // whisper.cpp trusts its input: a wrong file must be caught before it reads it.
        let info = model::inspect(&path)?;
        whisper_rs::install_logging_hooks();
        let mut params = WhisperContextParameters::default();
        // Flash attention never materialises the encoder's 1500×1500 attention scores: each decoder
        // state holds about 70 MB less (2 states: 209 MB peak instead of 353 MB on a dense 8-minute
        // excerpt), for about 30 % more CPU time (README, "Talk-dense recordings").
        params.flash_attn(FLASH_ATTENTION);
        let ctx = WhisperContext::new_with_params(&path, params).map_err(|e| {
            Error::input(&path, format!("whisper.cpp could not load the model: {e}"))
        })?;
        Ok(Transcriber {
            ctx,
            model: info,
            settings,
        })
    }

    pub fn model(&self) -> &ModelInfo {
        &self.model
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// "model NAME (DESCRIPTION), greedy decoding, VAD on": what produces the transcripts.
    pub fn describe(&self) -> String {
        format!(
            "model {} ({}), {} decoding, VAD {}",
            self.model.name,
            self.model.description(),
            self.settings
                .beam
                .map_or("greedy".to_string(), |b| format!("beam {b}")),
            if self.settings.vad { "on" } else { "off" }
        )
    }

    /// Transcribes one recording into mockreview's transcript document.
    pub fn transcribe(&self, input: &Path) -> Result<TranscriptDocument> {
        Ok(self.transcribe_traced(input)?.0)
    }

    /// [`Transcriber::transcribe`], also giving every stretch of the recording that went into a
    /// decoder window, as (start, end) ms in decoding order: where the audio was cut.
    pub fn transcribe_traced(&self, input: &Path) -> Result<(TranscriptDocument, Vec<(u64, u64)>)> {
        let tracks = self.tracks(input)?;
        let bar = progress::bar(&self.settings, input, tracks.len())?;
        let mut per_track = Vec::with_capacity(tracks.len());
        let mut duration_ms = 0;
        let mut pieces = Vec::new();
        let mut diarization = None;
        for (i, track) in tracks.iter().enumerate() {
            // A track with no speaker name may hold several voices: diarization tells them apart.
            let mut voices = (track.speaker.is_none()
                && self.settings.speakers != SpeakerCount::Exactly(1))
            .then(VoiceFeatures::new);
            let (mut segments, track_ms) =
                self.transcribe_track(input, track, &bar, i, voices.as_mut(), &mut pieces)?;
            if let Some(voices) = voices {
                let found = diarize::diarize(
                    &segments,
                    voices.finish(),
                    diarize::Settings::new(self.settings.speakers),
                );
                if found.speakers > 1 {
                    segments = found.segments;
                    diarization = Some(format!(
                        "{} voices told apart by diarization ({})",
                        found.speakers,
                        match self.settings.speakers {
                            SpeakerCount::Estimate => "how many was estimated",
                            SpeakerCount::Exactly(_) => "as many as --speakers said",
                        }
                    ));
                }
            }
            duration_ms = duration_ms.max(track_ms);
            per_track.push(segments);
        }
        bar.finish_and_clear();
        let s = &self.settings;
        let doc = TranscriptDocument {
            schema: TRANSCRIPT_SCHEMA.to_string(),
            metadata: Metadata {
                tool: env!("CARGO_PKG_NAME").to_string(),
                tool_version: env!("CARGO_PKG_VERSION").to_string(),
                source: input
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                audio_duration_ms: duration_ms,
                model: ModelMeta {
                    name: self.model.name.clone(),
                    sha256: self.model.sha256.clone(),
                },
                options: TranscribeMeta {
                    language: "en".to_string(),
                    decoding: if s.beam.is_some() { "beam" } else { "greedy" }.to_string(),
                    beam_size: s.beam,
                    threads: s.threads,
                    vad: s.vad,
                    channels: s.channels.clone(),
                    diarization,
                },
            },
            segments: merge_by_time(per_track),
        };
        Ok((doc, pieces))
    }

    fn tracks(&self, input: &Path) -> Result<Vec<Track>> {
        let Some(names) = &self.settings.channels else {
            return Ok(vec![Track {
                mode: ChannelMode::Mix,
                speaker: None,
            }]);
        };
        let probe = SpeechWindows::open(input, ChannelMode::Mix, Selection::Everything)?;
        check_channel_names(input, probe.info().channels, names)?;
        Ok(names
            .iter()
            .enumerate()
            .map(|(i, name)| Track {
                mode: ChannelMode::Only(i),
                speaker: Some(name.clone()),
            })
            .collect())
    }

    fn transcribe_track(
        &self,
        input: &Path,
        track: &Track,
        bar: &ProgressBar,
        index: usize,
        mut voices: Option<&mut VoiceFeatures>,
        pieces: &mut Vec<(u64, u64)>,
    ) -> Result<(Vec<Segment>, u64)> {
        let selection = if self.settings.vad {
            Selection::Speech(VadConfig::default())
        } else {
            Selection::Everything
        };
        let mut windows = SpeechWindows::open(input, track.mode, selection)?;
        let track_len = windows.info().duration_hint_ms.unwrap_or(0);
        let split = ThreadSplit::for_threads(self.settings.threads);
        let mut segments = Vec::new();
        run_in_order(
            split.states,
            || {
                if interrupted() {
                    return Err(Error::Interrupted);
                }
                let window = windows.next_window()?;
                if let Some(w) = &window {
                    if let Some(voices) = voices.as_deref_mut() {
                        voices.add(w);
                    }
                    pieces.extend(w.map.pieces().iter().map(|p| {
                        let ms = |samples: u64| samples * 1_000 / SAMPLE_RATE;
                        (ms(p.original_start), ms(p.original_start + p.len))
                    }));
                }
                bar.set_position(track_len * index as u64 + windows.position_ms().min(track_len));
                Ok(window)
            },
            || {
                self.ctx
                    .create_state()
                    .map_err(|e| Error::Whisper(format!("cannot create a decoder state: {e}")))
            },
            |state, window| {
                let raw = self.decode(state, &window, split.threads_each)?;
                let mut cleaned = clean_window(raw, &window);
                for s in &mut cleaned {
                    s.speaker.clone_from(&track.speaker);
                }
                Ok(cleaned)
            },
            |cleaned| segments.extend(cleaned),
        )?;
        if interrupted() {
            return Err(Error::Interrupted);
        }
        Ok((segments, windows.position_ms()))
    }

    fn decode(
        &self,
        state: &mut WhisperState,
        window: &Window,
        threads: usize,
    ) -> Result<Vec<RawSegment>> {
        let strategy = match self.settings.beam {
            Some(beam) => SamplingStrategy::BeamSearch {
                beam_size: i32::try_from(beam).unwrap_or(i32::MAX),
                patience: -1.0,
            },
            None => SamplingStrategy::Greedy { best_of: 1 },
        };
        let mut params = FullParams::new(strategy);
        params.set_n_threads(i32::try_from(threads).unwrap_or(i32::MAX));
        params.set_language(Some("en"));
        params.set_translate(false);
        params.set_no_context(true);
        params.set_suppress_nst(true);
        params.set_suppress_blank(true);
        params.set_token_timestamps(true);
        params.set_print_special(false);
        params.set_print_progress(false);
        params.set_print_realtime(false);
        params.set_print_timestamps(false);
        // Passed boxed: whisper-rs 0.16 hands its trampoline a pointer to a boxed closure, which is
        // only read back correctly when the closure type itself is that box.
        let abort: Box<dyn FnMut() -> bool> = Box::new(interrupted);
        params.set_abort_callback_safe(abort);

        let mut samples = std::borrow::Cow::Borrowed(window.samples.as_slice());
        if samples.len() < MIN_WINDOW_SAMPLES {
            samples.to_mut().resize(MIN_WINDOW_SAMPLES, 0.0);
        }
        if let Err(e) = state.full(params, &samples) {
            if interrupted() {
                return Err(Error::Interrupted);
            }
            return Err(Error::Whisper(e.to_string()));
        }
        if interrupted() {
            return Err(Error::Interrupted);
        }
        let eot = self.ctx.token_eot();
        let mut out = Vec::new();
        for i in 0..state.full_n_segments() {
            let Some(seg) = state.get_segment(i) else {
                continue;
            };
            let mut tokens = Vec::new();
            for j in 0..seg.n_tokens() {
                let Some(tok) = seg.get_token(j) else {
                    continue;
                };
                // Special tokens (end of text, timestamps, language…) all sit at or above EOT.
                if tok.token_id() >= eot {
                    continue;
                }
                let data = tok.token_data();
                tokens.push(RawToken {
                    bytes: tok.to_bytes().map(<[u8]>::to_vec).unwrap_or_default(),
                    start_ms: cs_to_ms(data.t0),
                    end_ms: cs_to_ms(data.t1),
                    p: data.p,
                });
            }
            out.push(RawSegment {
                start_ms: cs_to_ms(seg.start_timestamp()),
                end_ms: cs_to_ms(seg.end_timestamp()),
                no_speech: seg.no_speech_probability(),
                tokens,
            });
        }
        Ok(out)
    }
}

/// `--channels` must name every channel of the recording, no more and no fewer.
pub fn check_channel_names(input: &Path, channels: usize, names: &[String]) -> Result<()> {
    if channels != names.len() {
        return Err(Error::input(
            input,
            format!(
                "has {channels} channel(s) but --channels names {}: give one name per channel",
                names.len()
            ),
        ));
    }
    Ok(())
}

/// whisper.cpp's centiseconds (possibly -1 for "unknown") to milliseconds.
pub(super) fn cs_to_ms(cs: i64) -> u64 {
    u64::try_from(cs).unwrap_or(0).saturating_mul(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn centiseconds_become_milliseconds_and_unknown_is_zero() {
        assert_eq!(cs_to_ms(123), 1_230);
        assert_eq!(cs_to_ms(-1), 0);
    }
}
