//! Recording → timestamped transcript with whisper.cpp (whisper-rs), English, offline.
//!
//! Audio arrives as packed speech windows (see [`crate::audio`]); each window is decoded on its own
//! (`no_context`), its tokens are merged into words, cleaned of known hallucinations, and every time
//! is mapped back to the recording's timeline. This is the only module where whisper.cpp's
//! centiseconds exist: they become milliseconds the moment a token is read.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use whisper_rs::{
    FullParams, SamplingStrategy, WhisperContext, WhisperContextParameters, WhisperState,
};

use crate::audio::{ChannelMode, Selection, SpeechWindows, VadConfig, Window};
use crate::model::{self, ModelInfo};
use crate::transcript::{
    Metadata, ModelMeta, Segment, TranscribeMeta, TranscriptDocument, Word, TRANSCRIPT_SCHEMA,
};
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
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

/// whisper.cpp skips input shorter than a second; shorter windows are padded with zeros.
const MIN_WINDOW_SAMPLES: usize = 17_600;

/// A pause this long, removed by VAD between two words, starts a new segment there.
const SPLIT_AT_REMOVED_MS: u64 = 1_000;

/// Set by Ctrl-C; whisper.cpp polls it through its abort callback.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Makes Ctrl-C stop transcription cleanly (a second Ctrl-C exits at once).
pub fn install_interrupt_handler() {
    // Failing to install (already installed) leaves the default handler: still stops the program.
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
    });
}

/// Whether Ctrl-C was pressed (after [`install_interrupt_handler`]).
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
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
        Ok(Settings {
            model: o.model.clone(),
            threads,
            beam: o.beam,
            vad: !o.no_vad,
            channels: o
                .channels
                .as_ref()
                .map(|names| names.iter().map(|n| n.trim().to_string()).collect()),
            progress: !o.quiet,
        })
    }
}

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
        let ctx = WhisperContext::new_with_params(&path, WhisperContextParameters::default())
            .map_err(|e| {
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
        let tracks = self.tracks(input)?;
        let bar = self.progress_bar(input, tracks.len())?;
        let mut per_track = Vec::with_capacity(tracks.len());
        let mut duration_ms = 0;
        for (i, track) in tracks.iter().enumerate() {
            let (segments, track_ms) = self.transcribe_track(input, track, &bar, i)?;
            duration_ms = duration_ms.max(track_ms);
            per_track.push(segments);
        }
        bar.finish_and_clear();
        let s = &self.settings;
        Ok(TranscriptDocument {
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
                },
            },
            segments: merge_by_time(per_track),
        })
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

    fn progress_bar(&self, input: &Path, tracks: usize) -> Result<ProgressBar> {
        if !self.settings.progress || !std::io::stderr().is_terminal() {
            return Ok(ProgressBar::hidden());
        }
        let probe = SpeechWindows::open(input, ChannelMode::Mix, Selection::Everything)?;
        let total = probe.info().duration_hint_ms.unwrap_or(0) * tracks as u64;
        let bar = ProgressBar::with_draw_target(Some(total.max(1)), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(
            "transcribing {bar:30} {percent:>3}% of the recording, {elapsed} elapsed, ~{eta} left",
        ) {
            bar.set_style(style);
        }
        Ok(bar)
    }

    fn transcribe_track(
        &self,
        input: &Path,
        track: &Track,
        bar: &ProgressBar,
        index: usize,
    ) -> Result<(Vec<Segment>, u64)> {
        let selection = if self.settings.vad {
            Selection::Speech(VadConfig::default())
        } else {
            Selection::Everything
        };
        let mut windows = SpeechWindows::open(input, track.mode, selection)?;
        let track_len = windows.info().duration_hint_ms.unwrap_or(0);
        let mut state = self
            .ctx
            .create_state()
            .map_err(|e| Error::Whisper(format!("cannot create a decoder state: {e}")))?;
        let mut segments = Vec::new();
        while let Some(window) = windows.next_window()? {
            if interrupted() {
                return Err(Error::Interrupted);
            }
            let raw = self.decode(&mut state, &window)?;
            let mut cleaned = clean_window(raw, &window);
            for s in &mut cleaned {
                s.speaker.clone_from(&track.speaker);
            }
            segments.extend(cleaned);
            bar.set_position(track_len * index as u64 + windows.position_ms().min(track_len));
        }
        if interrupted() {
            return Err(Error::Interrupted);
        }
        Ok((segments, windows.position_ms()))
    }

    fn decode(&self, state: &mut WhisperState, window: &Window) -> Result<Vec<RawSegment>> {
        let strategy = match self.settings.beam {
            Some(beam) => SamplingStrategy::BeamSearch {
                beam_size: i32::try_from(beam).unwrap_or(i32::MAX),
                patience: -1.0,
            },
            None => SamplingStrategy::Greedy { best_of: 1 },
        };
        let mut params = FullParams::new(strategy);
        params.set_n_threads(i32::try_from(self.settings.threads).unwrap_or(i32::MAX));
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
fn cs_to_ms(cs: i64) -> u64 {
    u64::try_from(cs).unwrap_or(0).saturating_mul(10)
}

// ---------------------------------------------------------------------------------------------
// Pure post-processing: tokens → words → clean segments on the recording's timeline.

/// A decoded text token; times in ms of the packed window.
#[derive(Debug, Clone, PartialEq)]
pub struct RawToken {
    pub bytes: Vec<u8>,
    pub start_ms: u64,
    pub end_ms: u64,
    pub p: f32,
}

/// A segment as whisper.cpp returns it; times in ms of the packed window.
#[derive(Debug, Clone, PartialEq)]
pub struct RawSegment {
    pub start_ms: u64,
    pub end_ms: u64,
    pub no_speech: f32,
    pub tokens: Vec<RawToken>,
}

/// A word still on the window's packed timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct PackedWord {
    pub text: String,
    pub start_ms: u64,
    pub end_ms: u64,
    pub p: f32,
}

/// Merges BPE tokens into words: a token that starts with a space starts a word; anything else
/// (word pieces, punctuation, the rest of a multi-byte character) continues the current one.
pub fn words_from_tokens(tokens: &[RawToken]) -> Vec<PackedWord> {
    struct Acc {
        bytes: Vec<u8>,
        start_ms: u64,
        end_ms: u64,
        p_sum: f32,
        n: u32,
    }
    fn flush(acc: &mut Option<Acc>, out: &mut Vec<PackedWord>) {
        if let Some(a) = acc.take() {
            let text = String::from_utf8_lossy(&a.bytes).trim().to_string();
            if !text.is_empty() {
                out.push(PackedWord {
                    text,
                    start_ms: a.start_ms,
                    end_ms: a.end_ms.max(a.start_ms),
                    p: round3(a.p_sum / a.n.max(1) as f32),
                });
            }
        }
    }
    let mut out = Vec::new();
    let mut acc: Option<Acc> = None;
    for t in tokens {
        if t.bytes.first() == Some(&b' ') {
            flush(&mut acc, &mut out);
        }
        match acc.as_mut() {
            Some(a) => {
                a.bytes.extend_from_slice(&t.bytes);
                a.end_ms = a.end_ms.max(t.end_ms);
                a.p_sum += t.p;
                a.n += 1;
            }
            None => {
                acc = Some(Acc {
                    bytes: t.bytes.clone(),
                    start_ms: t.start_ms,
                    end_ms: t.end_ms,
                    p_sum: t.p,
                    n: 1,
                })
            }
        }
    }
    flush(&mut acc, &mut out);
    out
}

fn round3(x: f32) -> f32 {
    (x.clamp(0.0, 1.0) * 1000.0).round() / 1000.0
}

/// Drops bracketed and parenthesised annotations (`[BLANK_AUDIO]`, `(music)`, `*laughs*`) and
/// music symbols: Whisper writes them for non-speech, and they are never words someone said.
pub fn drop_annotations(words: Vec<PackedWord>) -> Vec<PackedWord> {
    let mut depth: i32 = 0;
    let mut starred = false;
    let mut out = Vec::with_capacity(words.len());
    for w in words {
        let opens = w.text.chars().filter(|c| matches!(c, '[' | '(')).count() as i32;
        let closes = w.text.chars().filter(|c| matches!(c, ']' | ')')).count() as i32;
        let stars = w.text.chars().filter(|c| *c == '*').count();
        let was_inside = depth > 0 || starred;
        depth = (depth + opens - closes).max(0);
        if stars % 2 == 1 {
            starred = !starred;
        }
        let annotation = was_inside || opens > 0 || closes > 0 || stars > 0;
        let music = w
            .text
            .chars()
            .all(|c| matches!(c, '♪' | '♫' | '♬' | '-' | '.'));
        if !annotation && !music {
            out.push(w);
        }
    }
    out
}

/// Lower-case letters and digits of a word, for comparing words regardless of punctuation.
pub fn word_key(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric() || *c == '\'')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Collapses repetition loops: an n-gram (n ≤ 8) repeated back to back keeps its first occurrence.
/// A single word must repeat 4 times ("no, no, no" is speech), a longer n-gram 3 times.
pub fn collapse_repeats(words: Vec<PackedWord>) -> Vec<PackedWord> {
    let mut words = words;
    // Shortest period first: a loop of "a b c" six times is also "a b c a b c" three times.
    for n in 1..=8 {
        let min_repeats = if n == 1 { 4 } else { 3 };
        let keys: Vec<String> = words.iter().map(|w| word_key(&w.text)).collect();
        let mut keep = vec![true; words.len()];
        let mut i = 0;
        while i + n <= keys.len() {
            let gram = &keys[i..i + n];
            if gram.iter().any(String::is_empty) {
                i += 1;
                continue;
            }
            let mut repeats = 1;
            while i + (repeats + 1) * n <= keys.len()
                && keys[i + repeats * n..i + (repeats + 1) * n] == *gram
            {
                repeats += 1;
            }
            if repeats >= min_repeats {
                for k in keep.iter_mut().skip(i + n).take((repeats - 1) * n) {
                    *k = false;
                }
                i += repeats * n;
            } else {
                i += 1;
            }
        }
        let mut it = keep.into_iter();
        words.retain(|_| it.next().unwrap_or(true));
    }
    words
}

/// Phrases Whisper emits on silence or noise (learnt from subtitles). Kept only when the audio under
/// them is loud enough and the decoder was confident.
const STOCK_PHRASES: &[&str] = &[
    "thank you",
    "thank you very much",
    "thanks",
    "thanks for watching",
    "thank you for watching",
    "please subscribe",
    "okay",
    "ok",
    "you",
    "bye",
    "bye bye",
    "so",
    "oh",
    "uh",
    "um",
    "hmm",
    "mm",
    "the end",
];

/// Below this RMS level (dBFS) the audio under a segment is silence.
const SILENCE_DBFS: f32 = -55.0;
/// Below this level a stock phrase is taken for a hallucination.
const QUIET_DBFS: f32 = -40.0;
/// Mean word probability below which a stock phrase is taken for a hallucination.
const STOCK_MIN_P: f32 = 0.6;
/// No-speech probability above which a stock phrase is taken for a hallucination.
const STOCK_MAX_NO_SPEECH: f32 = 0.5;

/// Whether a cleaned segment is a hallucination: text on silence, or a stock phrase on quiet audio
/// or with low confidence.
pub fn is_hallucination(words: &[PackedWord], no_speech: f32, level_dbfs: f32) -> bool {
    if words.is_empty() {
        return true;
    }
    if level_dbfs < SILENCE_DBFS {
        return true;
    }
    let text: Vec<String> = words.iter().map(|w| word_key(&w.text)).collect();
    let text = text.join(" ");
    if STOCK_PHRASES.contains(&text.as_str()) {
        let mean_p = words.iter().map(|w| w.p).sum::<f32>() / words.len() as f32;
        return level_dbfs < QUIET_DBFS || mean_p < STOCK_MIN_P || no_speech > STOCK_MAX_NO_SPEECH;
    }
    false
}

/// RMS level in dBFS of `samples[from..to]` (16 kHz indexes, clamped); -inf for digital silence.
pub fn level_dbfs(samples: &[f32], from_ms: u64, to_ms: u64) -> f32 {
    let from = usize::try_from(from_ms * 16)
        .unwrap_or(usize::MAX)
        .min(samples.len());
    let to = usize::try_from(to_ms * 16)
        .unwrap_or(usize::MAX)
        .min(samples.len())
        .max(from);
    let span = &samples[from..to];
    if span.is_empty() {
        return f32::NEG_INFINITY;
    }
    let mean_sq = span.iter().map(|s| s * s).sum::<f32>() / span.len() as f32;
    10.0 * mean_sq.log10()
}

/// Turns one window's raw segments into clean segments on the recording's timeline.
pub fn clean_window(raw: Vec<RawSegment>, window: &Window) -> Vec<Segment> {
    let map = &window.map;
    let mut out: Vec<Segment> = Vec::new();
    let mut last_keys: Vec<String> = Vec::new();
    let mut run = 0;
    for seg in raw {
        let words = words_from_tokens(&seg.tokens);
        let words = collapse_repeats(drop_annotations(words));
        // Token times can stray outside their segment; the segment's own times are firmer.
        let words: Vec<PackedWord> = words
            .into_iter()
            .map(|w| {
                let start_ms = w.start_ms.clamp(seg.start_ms, seg.end_ms.max(seg.start_ms));
                let end_ms = w.end_ms.clamp(start_ms, seg.end_ms.max(start_ms));
                PackedWord {
                    start_ms,
                    end_ms,
                    ..w
                }
            })
            .collect();
        for part in split_at_removed_silence(words, map) {
            let (Some(first), Some(last)) = (part.first(), part.last()) else {
                continue;
            };
            let level = level_dbfs(
                &window.samples,
                first.start_ms,
                last.end_ms.max(first.start_ms + 10),
            );
            if is_hallucination(&part, seg.no_speech, level) {
                continue;
            }
            // A loop can also span segments: the same sentence again and again.
            let keys: Vec<String> = part.iter().map(|w| word_key(&w.text)).collect();
            if keys == last_keys {
                run += 1;
                if run >= 2 || keys.len() >= 4 {
                    continue;
                }
            } else {
                run = 0;
                last_keys = keys;
            }
            out.push(to_segment(&part, map));
        }
    }
    out
}

/// Splits a segment's words wherever VAD removed a long pause between two of them: speech on both
/// sides of a minute of silence is two segments, not one that spans the silence.
pub fn split_at_removed_silence(
    words: Vec<PackedWord>,
    map: &crate::audio::TimeMap,
) -> Vec<Vec<PackedWord>> {
    let mut parts: Vec<Vec<PackedWord>> = Vec::new();
    let mut current: Vec<PackedWord> = Vec::new();
    for w in words {
        if let Some(prev) = current.last() {
            if map.removed_ms_between(prev.end_ms, w.start_ms) >= SPLIT_AT_REMOVED_MS {
                parts.push(std::mem::take(&mut current));
            }
        }
        current.push(w);
    }
    if !current.is_empty() {
        parts.push(current);
    }
    parts
}

fn to_segment(words: &[PackedWord], map: &crate::audio::TimeMap) -> Segment {
    let words: Vec<Word> = words
        .iter()
        .map(|w| {
            let (start_ms, end_ms) = map.original_span_ms(w.start_ms, w.end_ms);
            Word {
                start_ms,
                end_ms,
                text: w.text.clone(),
                p: w.p,
            }
        })
        .collect();
    let text = words
        .iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    Segment {
        start_ms: words.first().map_or(0, |w| w.start_ms),
        end_ms: words.iter().map(|w| w.end_ms).max().unwrap_or(0),
        speaker: None,
        text,
        words,
    }
}

/// Merges per-track segment lists by start time; ties keep track order (stable).
pub fn merge_by_time(tracks: Vec<Vec<Segment>>) -> Vec<Segment> {
    let mut all: Vec<(usize, Segment)> = tracks
        .into_iter()
        .enumerate()
        .flat_map(|(i, segs)| segs.into_iter().map(move |s| (i, s)))
        .collect();
    all.sort_by_key(|(track, s)| (s.start_ms, *track, s.end_ms));
    all.into_iter().map(|(_, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::{Piece, TimeMap};

    fn tok(text: &str, start_cs: i64, end_cs: i64, p: f32) -> RawToken {
        RawToken {
            bytes: text.as_bytes().to_vec(),
            start_ms: cs_to_ms(start_cs),
            end_ms: cs_to_ms(end_cs),
            p,
        }
    }

    fn word(text: &str, start_ms: u64, end_ms: u64) -> PackedWord {
        PackedWord {
            text: text.into(),
            start_ms,
            end_ms,
            p: 0.9,
        }
    }

    fn texts(words: &[PackedWord]) -> Vec<&str> {
        words.iter().map(|w| w.text.as_str()).collect()
    }

    #[test]
    fn centiseconds_become_milliseconds_and_unknown_is_zero() {
        assert_eq!(cs_to_ms(123), 1_230);
        assert_eq!(cs_to_ms(-1), 0);
    }

    #[test]
    fn tokens_merge_into_words_with_punctuation_attached() {
        let tokens = [
            tok(" Ask", 0, 20, 0.9),
            tok(" not", 20, 40, 0.8),
            tok(" what", 40, 55, 0.7),
            tok(" your", 55, 70, 0.9),
            tok(" coun", 70, 80, 0.6),
            tok("try", 80, 95, 1.0),
            tok(",", 95, 96, 0.9),
        ];
        let words = words_from_tokens(&tokens);
        assert_eq!(texts(&words), ["Ask", "not", "what", "your", "country,"]);
        let country = &words[4];
        assert_eq!((country.start_ms, country.end_ms), (700, 960));
        assert!((country.p - 0.833).abs() < 1e-6);
    }

    #[test]
    fn split_multibyte_character_is_rejoined() {
        let e_acute = "é".as_bytes();
        let tokens = [
            RawToken {
                bytes: [b" caf".as_slice(), &e_acute[..1]].concat(),
                start_ms: 0,
                end_ms: 100,
                p: 1.0,
            },
            RawToken {
                bytes: e_acute[1..].to_vec(),
                start_ms: 100,
                end_ms: 200,
                p: 1.0,
            },
        ];
        assert_eq!(texts(&words_from_tokens(&tokens)), ["café"]);
    }

    #[test]
    fn annotations_are_dropped_and_speech_kept() {
        let words = vec![
            word("[BLANK_AUDIO]", 0, 10),
            word("(upbeat", 10, 20),
            word("music)", 20, 30),
            word("*laughs*", 30, 40),
            word("♪", 40, 50),
            word("Hello", 50, 60),
            word("there.", 60, 70),
        ];
        assert_eq!(texts(&drop_annotations(words)), ["Hello", "there."]);
    }

    #[test]
    fn repetition_loop_collapses_to_one_occurrence() {
        let mut words = vec![word("So", 0, 1)];
        for i in 0..6 {
            words.push(word("we", 10 * i, 10 * i + 5));
            words.push(word("shard", 10 * i + 5, 10 * i + 9));
            words.push(word("it.", 10 * i + 9, 10 * i + 10));
        }
        assert_eq!(
            texts(&collapse_repeats(words)),
            ["So", "we", "shard", "it."]
        );
    }

    #[test]
    fn natural_repetition_is_kept() {
        let words = vec![word("no,", 0, 1), word("no,", 1, 2), word("no.", 2, 3)];
        assert_eq!(collapse_repeats(words).len(), 3);
        let words = vec![
            word("very", 0, 1),
            word("very", 1, 2),
            word("big", 2, 3),
            word("very", 3, 4),
        ];
        assert_eq!(collapse_repeats(words).len(), 4);
    }

    #[test]
    fn stock_phrase_on_quiet_audio_is_a_hallucination() {
        let thanks = vec![word("Thank", 0, 100), word("you.", 100, 200)];
        assert!(is_hallucination(&thanks, 0.1, -45.0));
        assert!(!is_hallucination(&thanks, 0.1, -20.0));
    }

    #[test]
    fn stock_phrase_with_low_confidence_is_a_hallucination() {
        let mut okay = vec![word("Okay.", 0, 100)];
        okay[0].p = 0.3;
        assert!(is_hallucination(&okay, 0.1, -20.0));
        okay[0].p = 0.9;
        assert!(!is_hallucination(&okay, 0.1, -20.0));
        assert!(is_hallucination(&okay, 0.8, -20.0));
    }

    #[test]
    fn any_text_on_silence_is_a_hallucination_but_speech_is_not() {
        let words = vec![
            word("We", 0, 100),
            word("shard", 100, 200),
            word("it.", 200, 300),
        ];
        assert!(is_hallucination(&words, 0.0, f32::NEG_INFINITY));
        assert!(!is_hallucination(&words, 0.0, -25.0));
        assert!(is_hallucination(&[], 0.0, -25.0));
    }

    #[test]
    fn level_of_zeros_is_silence_and_of_a_tone_is_loud() {
        let mut samples = vec![0.0f32; 16_000];
        samples.extend(std::iter::repeat_n(0.5f32, 16_000));
        assert!(level_dbfs(&samples, 0, 1_000) < SILENCE_DBFS);
        assert!((level_dbfs(&samples, 1_000, 2_000) + 6.02).abs() < 0.1);
        assert_eq!(level_dbfs(&samples, 5_000, 6_000), f32::NEG_INFINITY);
    }

    use crate::audio::timeline::tests::two_pieces as two_piece_map;

    #[test]
    fn segment_spanning_removed_silence_is_split_there() {
        let words = vec![
            word("first", 1_000, 1_500),
            word("answer.", 1_500, 1_990),
            word("Second", 2_300, 2_700),
            word("one.", 2_700, 3_100),
        ];
        let parts = split_at_removed_silence(words, &two_piece_map());
        assert_eq!(parts.len(), 2);
        assert_eq!(texts(&parts[0]), ["first", "answer."]);
        assert_eq!(texts(&parts[1]), ["Second", "one."]);
    }

    #[test]
    fn words_within_one_piece_stay_together() {
        let words = vec![word("a", 0, 500), word("b", 1_500, 1_900)];
        assert_eq!(split_at_removed_silence(words, &two_piece_map()).len(), 1);
    }

    #[test]
    fn clean_window_maps_times_to_the_recording_and_drops_blank_audio() {
        let mut samples = vec![0.2f32; 32_000];
        samples.extend(std::iter::repeat_n(0.0, 4_000));
        samples.extend(std::iter::repeat_n(0.2f32, 16_000));
        let window = Window {
            samples,
            map: two_piece_map(),
        };
        let raw = vec![
            RawSegment {
                start_ms: 0,
                end_ms: 1_900,
                no_speech: 0.0,
                tokens: vec![tok(" Hello", 10, 60, 0.9), tok(" world.", 60, 190, 0.9)],
            },
            RawSegment {
                start_ms: 2_000,
                end_ms: 2_240,
                no_speech: 0.0,
                tokens: vec![tok(" [BLANK_AUDIO]", 200, 224, 0.9)],
            },
            RawSegment {
                start_ms: 2_250,
                end_ms: 3_250,
                no_speech: 0.0,
                tokens: vec![tok(" Later.", 230, 320, 0.9)],
            },
        ];
        let segs = clean_window(raw, &window);
        assert_eq!(segs.len(), 2);
        assert_eq!(segs[0].text, "Hello world.");
        assert_eq!((segs[0].start_ms, segs[0].end_ms), (10_100, 11_900));
        assert_eq!(segs[1].text, "Later.");
        assert_eq!(segs[1].start_ms, 70_050);
        assert_eq!(segs[1].words[0].end_ms, 70_950);
    }

    #[test]
    fn a_last_word_overshooting_into_the_next_piece_ends_at_its_own_piece() {
        let window = Window {
            samples: vec![0.2f32; 52_000],
            map: two_piece_map(),
        };
        let raw = vec![RawSegment {
            start_ms: 1_000,
            end_ms: 2_600,
            no_speech: 0.0,
            tokens: vec![tok(" short", 100, 150, 0.9), tok(" bursts.", 150, 260, 0.9)],
        }];
        let segs = clean_window(raw, &window);
        assert_eq!(segs.len(), 1);
        assert_eq!((segs[0].start_ms, segs[0].end_ms), (11_000, 12_000));
    }

    #[test]
    fn the_same_sentence_looping_across_segments_is_kept_once() {
        let window = Window {
            samples: vec![0.2f32; 160_000],
            map: {
                let mut m = TimeMap::new();
                m.push(Piece {
                    packed_start: 0,
                    original_start: 0,
                    len: 160_000,
                });
                m
            },
        };
        let seg = |i: i64| RawSegment {
            start_ms: cs_to_ms(i * 100),
            end_ms: cs_to_ms(i * 100 + 90),
            no_speech: 0.0,
            tokens: vec![
                tok(" We", i * 100, i * 100 + 20, 0.9),
                tok(" use", i * 100 + 20, i * 100 + 40, 0.9),
                tok(" a", i * 100 + 40, i * 100 + 50, 0.9),
                tok(" queue.", i * 100 + 50, i * 100 + 90, 0.9),
            ],
        };
        let segs = clean_window((0..5).map(seg).collect(), &window);
        assert_eq!(segs.len(), 1);
    }

    #[test]
    fn tracks_merge_by_start_time_with_stable_ties() {
        let seg = |start_ms, who: &str| Segment {
            start_ms,
            end_ms: start_ms + 100,
            speaker: Some(who.into()),
            text: "x".into(),
            words: vec![],
        };
        let merged = merge_by_time(vec![
            vec![seg(0, "a"), seg(500, "a")],
            vec![seg(200, "b"), seg(500, "b")],
        ]);
        let order: Vec<(u64, &str)> = merged
            .iter()
            .map(|s| (s.start_ms, s.speaker.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(order, [(0, "a"), (200, "b"), (500, "a"), (500, "b")]);
    }

    #[test]
    fn settings_reject_zero_threads_and_duplicate_channel_names() {
        let base = WhisperOptions {
            model: None,
            threads: Some(0),
            beam: None,
            no_vad: false,
            channels: None,
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
    }
}
