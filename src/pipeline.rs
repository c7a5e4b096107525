//! From an input file to an analysis. [`Transcripts::load`] is the one path from a recording or
//! a transcript file to a [`Transcript`]: `analyze` (one input or a batch), `eval terms` and
//! `eval flags` all read their inputs through it, so the evaluations measure what users run.
//! [`Analyzer`] holds what every session of one `analyze` run shares.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::analysis::{self, Analysis, AnalyzeOptions};
use crate::lexicon::LexiconSet;
use crate::report::{self, ReportFormat};
use crate::transcribe::{self, Settings, Transcriber};
use crate::transcript::{self, Transcript, TranscriptFormat};
use crate::{coach, output, Error, Result};

/// Reads transcripts and transcribes recordings; the model is loaded at most once, and only when
/// a recording comes (transcripts need none).
pub struct Transcripts {
    settings: Settings,
    transcriber: OnceLock<Result<Transcriber, String>>,
}

impl Transcripts {
    pub fn new(settings: Settings) -> Self {
        Transcripts {
            settings,
            transcriber: OnceLock::new(),
        }
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The loaded model; loading it also makes Ctrl-C stop transcription cleanly.
    fn transcriber(&self) -> Result<&Transcriber> {
        self.transcriber
            .get_or_init(|| {
                transcribe::install_interrupt_handler();
                Transcriber::new(self.settings.clone()).map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|e| Error::Usage(e.clone()))
    }

    /// A transcript file is read as is; a recording (told apart by content) is transcribed first, its
    /// transcript written to `save_transcript` (mockreview JSON) when given, then read back through
    /// the transcript reader, so a recording and its saved transcript analyse the same (and a
    /// recording without speech is an error against the recording).
    pub fn load(&self, input: &Path, save_transcript: Option<&Path>) -> Result<Transcript> {
        Ok(self.load_with_speakers_note(input, save_transcript)?.0)
    }

    /// [`Transcripts::load`], and for a recording whose voices diarization told apart, how it did
    /// ("2 voices told apart by diarization …"), for the report's roles line.
    pub fn load_with_speakers_note(
        &self,
        input: &Path,
        save_transcript: Option<&Path>,
    ) -> Result<(Transcript, Option<String>)> {
        if !is_recording(input)? {
            let transcript = transcript::load(input)?;
            // A saved mockreview transcript keeps the note, so it analyses like its recording.
            let note = std::fs::read_to_string(input)
                .ok()
                .filter(|text| text.trim_start().starts_with('{'))
                .and_then(|text| transcript::document::parse_document(&text, input).ok())
                .and_then(|doc| doc.metadata.options.diarization);
            return Ok((transcript, note));
        }
        let doc = self.transcriber()?.transcribe(input)?;
        let json = transcript::render(&doc, TranscriptFormat::Json);
        if let Some(path) = save_transcript {
            output::write_atomic(path, json.as_bytes())?;
        }
        let note = doc.metadata.options.diarization.clone();
        Ok((transcript::parse(json.as_bytes(), input)?, note))
    }
}

/// What every session of one `analyze` run shares: options checked once, lexicons compiled once,
/// and one [`Transcripts`].
pub struct Analyzer {
    pub options: AnalyzeOptions,
    pub lexicons: LexiconSet,
    pub format: ReportFormat,
    transcripts: Transcripts,
}

impl Analyzer {
    /// Checks what can be wrong with the options (an unknown `--prompt`) before anything is
    /// transcribed.
    pub fn new(
        options: AnalyzeOptions,
        lexicons: LexiconSet,
        format: ReportFormat,
        settings: Settings,
    ) -> Result<Self> {
        if let Some(id) = &options.prompt {
            coach::prompts::get(id)?;
        }
        Ok(Analyzer {
            options,
            lexicons,
            format,
            transcripts: Transcripts::new(settings),
        })
    }

    /// Reads (or transcribes) one input and analyses it; `save_transcript` keeps the transcript
    /// of a recording.
    pub fn analyze(&self, input: &Path, save_transcript: Option<&Path>) -> Result<Analysis> {
        let (transcript, speakers_note) = self
            .transcripts
            .load_with_speakers_note(input, save_transcript)?;
        let mut analysis = analysis::analyze(&transcript, &self.lexicons, &self.options)?;
        if let Some(note) = speakers_note {
            analysis.roles_how = format!("{note}; {}", analysis.roles_how);
        }
        Ok(analysis)
    }

    /// The report for one analysed input; `recording` is the input when it was audio, so the HTML
    /// page can play it.
    pub fn render(&self, analysis: &Analysis, recording: Option<&Path>, color: bool) -> String {
        match self.format {
            ReportFormat::Html => report::html::render(analysis, recording),
            other => report::renderer(other, color).render(analysis),
        }
    }
}

/// Whether `input` is a recording to transcribe rather than a transcript to read, judged by its
/// content (audio signatures, text, a `.docx` archive) and by its extension only when the content
/// does not tell. Content that is neither is an error listing what mockreview reads.
pub fn is_recording(input: &Path) -> Result<bool> {
    match transcript::input_kind(input) {
        transcript::InputKind::Transcript => Ok(false),
        transcript::InputKind::Recording => Ok(true),
        transcript::InputKind::Unknown => Err(Error::input(
            input,
            format!(
                "neither a transcript nor a recording mockreview reads. Transcripts: {}. \
                 Recordings: {}",
                transcript::TRANSCRIPT_FORMATS,
                crate::audio::decode::SUPPORTED
            ),
        )),
    }
}

/// For a recording: its path relative to the directory the report is written to (so the HTML
/// page's `<audio>` finds it when both are moved together); `None` for transcripts.
pub fn recording_link(input: &Path, report: Option<&Path>) -> Option<PathBuf> {
    if transcript::input_kind(input) != transcript::InputKind::Recording {
        return None;
    }
    let input = std::path::absolute(input).ok()?;
    let base = match report.and_then(Path::parent) {
        Some(p) if !p.as_os_str().is_empty() => std::path::absolute(p).ok()?,
        _ => std::env::current_dir().ok()?,
    };
    Some(relative_path(&input, &base))
}

/// `to` relative to the directory `from` (both absolute).
fn relative_path(to: &Path, from: &Path) -> PathBuf {
    let to: Vec<_> = to.components().collect();
    let from: Vec<_> = from.components().collect();
    let common = to.iter().zip(&from).take_while(|(a, b)| a == b).count();
    let mut rel = PathBuf::new();
    for _ in common..from.len() {
        rel.push("..");
    }
    for c in &to[common..] {
        rel.push(c);
    }
    rel
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        Settings {
            model: Some(PathBuf::from("/nonexistent/model.bin")),
            threads: 1,
            beam: None,
            vad: true,
            channels: None,
            speakers: crate::diarize::SpeakerCount::Estimate,
            progress: false,
        }
    }

    #[test]
    fn relative_path_climbs_out_of_the_report_directory() {
        let rel = relative_path(Path::new("/a/rec/day1.flac"), Path::new("/a/out"));
        assert_eq!(rel, Path::new("../rec/day1.flac"));
        let rel = relative_path(Path::new("/a/day1.flac"), Path::new("/a"));
        assert_eq!(rel, Path::new("day1.flac"));
    }

    #[test]
    fn transcripts_get_no_recording_link() {
        assert_eq!(recording_link(Path::new("s.vtt"), None), None);
    }

    #[test]
    fn an_unknown_prompt_is_refused_before_any_input_is_read() {
        let options = AnalyzeOptions {
            prompt: Some("no-such-prompt".into()),
            ..AnalyzeOptions::default()
        };
        let e = Analyzer::new(
            options,
            LexiconSet::builtin().unwrap(),
            ReportFormat::Json,
            settings(),
        )
        .err()
        .expect("refused")
        .to_string();
        assert!(e.contains("unknown prompt \"no-such-prompt\""), "{e}");
    }

    #[test]
    fn a_transcript_is_read_without_loading_the_model() {
        let t = Transcripts::new(settings());
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/transcripts/rate-limiter-weak.vtt");
        assert!(!t.load(&path, None).unwrap().segments.is_empty());
        assert!(t.transcriber.get().is_none(), "the model was loaded");
    }
}
