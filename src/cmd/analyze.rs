//! `mockreview analyze INPUT… [--format text|json|md|html] [-o FILE | --out-dir DIR] [--candidate NAME]
//! [--interviewer NAME] [--budget B] [--lexicons DIR] [--save-transcript FILE]`
//!
//! One input: the report goes to stdout or `-o`. Several inputs, a directory, or `--out-dir`: batch
//! mode (see `batch.rs`).
//!
//! Exit 0 when the analysis ran, whatever it found (a transcript with nothing to judge included);
//! 2 on an error, with nothing written.

use std::path::Path;
use std::process::ExitCode;

use crate::align::Budget;
use crate::analysis::{self, Analysis, AnalyzeOptions};
use crate::cli::{AnalyzeArgs, ReportFormat, TranscriptFormat};
use crate::lexicon::LexiconSet;
use crate::transcribe::{self, Settings, Transcriber};
use crate::transcript::{self, InputKind, Transcript};
use crate::{output, report, Error, Result};

/// What every session of one `analyze` run shares: options checked once, lexicons compiled once,
/// and the model loaded at most once (lazily: transcripts need none).
pub struct Analyzer {
    pub options: AnalyzeOptions,
    pub lexicons: LexiconSet,
    pub format: ReportFormat,
    settings: Settings,
    transcriber: std::sync::OnceLock<Result<Transcriber, String>>,
}

impl Analyzer {
    pub fn new(args: &AnalyzeArgs, settings: Settings) -> Result<Self> {
        // Everything that can be wrong with the options is reported before a long transcription.
        let budget = match &args.budget {
            Some(text) => Budget::parse(text)?,
            None => Budget::default(),
        };
        let lexicons = match &args.lexicons {
            Some(dir) => LexiconSet::with_overrides(dir)?,
            None => LexiconSet::builtin()?,
        };
        Ok(Analyzer {
            options: AnalyzeOptions {
                candidate: args.candidate.clone(),
                interviewer: args.interviewer.clone(),
                budget,
                prompt: args.prompt.clone(),
                session: args.session,
            },
            lexicons,
            format: args.format,
            settings,
            transcriber: std::sync::OnceLock::new(),
        })
    }

    fn transcriber(&self) -> Result<&Transcriber> {
        self.transcriber
            .get_or_init(|| Transcriber::new(self.settings.clone()).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| Error::Usage(e.clone()))
    }

    /// Reads (or transcribes) one input and analyses it. `save_transcript` keeps the transcript
    /// of a recording.
    pub fn analyze(&self, input: &Path, save_transcript: Option<&Path>) -> Result<Analysis> {
        let transcript = self.read_input(input, save_transcript)?;
        analysis::analyze(&transcript, &self.lexicons, &self.options)
    }

    /// The report for one analysed input; `recording` is the input when it was audio, so the HTML
    /// page can play it.
    pub fn render(&self, analysis: &Analysis, recording: Option<&Path>, color: bool) -> String {
        match self.format {
            ReportFormat::Html => report::html::render(analysis, recording),
            other => report::renderer(other, color).render(analysis),
        }
    }

    /// A transcript file is read as is; a recording is transcribed first (told apart by content).
    fn read_input(&self, input: &Path, save_transcript: Option<&Path>) -> Result<Transcript> {
        if !is_recording(input)? {
            if save_transcript.is_some() {
                eprintln!(
                    "warning: --save-transcript is for recordings; {} is already a transcript",
                    input.display()
                );
            }
            return transcript::load(input);
        }
        let doc = self.transcriber()?.transcribe(input)?;
        let json = transcript::render(&doc, TranscriptFormat::Json);
        if let Some(path) = save_transcript {
            output::write_atomic(path, json.as_bytes())?;
        }
        // Read back through the transcript reader, so audio and a saved transcript analyse the same;
        // problems (no speech at all) are reported against the recording.
        transcript::parse(json.as_bytes(), input)
    }
}

/// Whether `input` is a recording to transcribe rather than a transcript to read, judged by its
/// content (audio signatures, text, a `.docx` archive) and by its extension only when the content
/// does not tell. Content that is neither is an error listing what mockreview reads.
pub fn is_recording(input: &Path) -> Result<bool> {
    match transcript::input_kind(input) {
        InputKind::Transcript => Ok(false),
        InputKind::Recording => Ok(true),
        InputKind::Unknown => Err(Error::input(
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
    let analyzer = Analyzer::new(&args, Settings::from_options(&args.whisper)?)?;
    if transcript::input_kind(input) == InputKind::Recording {
        transcribe::install_interrupt_handler();
    }
    let analysis = analyzer.analyze(input, args.save_transcript.as_deref())?;
    let color = args.format == ReportFormat::Text && report::color_wanted(args.output.is_none());
    let recording = recording_link(input, args.output.as_deref());
    let rendered = analyzer.render(&analysis, recording.as_deref(), color);
    output::emit(args.output.as_deref(), rendered.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// For a recording: its path relative to the directory the report is written to (so the HTML
/// page's `<audio>` finds it when both are moved together); `None` for transcripts.
pub fn recording_link(input: &Path, report: Option<&Path>) -> Option<std::path::PathBuf> {
    if transcript::input_kind(input) != InputKind::Recording {
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
fn relative_path(to: &Path, from: &Path) -> std::path::PathBuf {
    let to: Vec<_> = to.components().collect();
    let from: Vec<_> = from.components().collect();
    let common = to.iter().zip(&from).take_while(|(a, b)| a == b).count();
    let mut rel = std::path::PathBuf::new();
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
}
