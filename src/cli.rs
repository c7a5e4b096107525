//! Command-line argument types (clap derive). Each subcommand's behaviour lives in `cmd/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(name = "mockreview", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Transcribe a recording into a timestamped transcript (offline, bundled model).
    Transcribe(TranscribeArgs),
    /// Analyze a mock interview (recording or transcript): phases, flags, draft rubric.
    Analyze(AnalyzeArgs),
    /// Convert a CTranslate2 Whisper model (faster-whisper format) to a whisper.cpp ggml model.
    ConvertModel(ConvertModelArgs),
    /// Draft an editable coach scorecard (TOML) from an analysis JSON.
    Scorecard(ScorecardArgs),
    /// Validate a coach-edited scorecard and print final scores, average, verdict and changes.
    Grade(GradeArgs),
    /// Scores, phase timing and flags across sessions (Day 1 → Day 7).
    Progress(ProgressArgs),
    /// Evaluation commands that print the numbers reported in the README.
    #[command(subcommand)]
    Eval(EvalCommand),
}

pub use crate::transcribe::WhisperOptions;

pub use mockreview_core::transcript::TranscriptFormat;

#[derive(Debug, Args)]
pub struct TranscribeArgs {
    /// Recording: WAV, FLAC, MP3, M4A/AAC, OGG/Vorbis.
    pub input: PathBuf,
    /// Output file (default: stdout).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "json")]
    pub format: TranscriptFormat,
    #[command(flatten)]
    pub whisper: WhisperOptions,
}

pub use mockreview_core::report::ReportFormat;

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Recordings or transcripts (.vtt, .srt, whisper.cpp .json, mockreview .json, .txt), or
    /// directories of them. More than one (or a directory) needs `--out-dir`.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Batch mode: write one report per input here, plus cohort.csv and cohort.json.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Batch mode: sessions analysed at once (default: as many as cores and memory allow).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
    /// Output file (default: stdout).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Speaker name of the candidate (otherwise inferred).
    #[arg(long, value_name = "NAME")]
    pub candidate: Option<String>,
    /// Speaker name of the interviewer (otherwise inferred).
    #[arg(long, value_name = "NAME")]
    pub interviewer: Option<String>,
    /// Phase budget: a total (`60m`) scaled over the guide's split, or six minutes (`5,5,15,10,5,5`).
    #[arg(long, value_name = "BUDGET")]
    pub budget: Option<String>,
    /// Directory of extra lexicon files; a file with a built-in id replaces it.
    #[arg(long, value_name = "DIR")]
    pub lexicons: Option<PathBuf>,
    /// When the input is audio, also write its transcript (mockreview JSON) here.
    #[arg(long, value_name = "FILE")]
    pub save_transcript: Option<PathBuf>,
    /// What was recorded: a full mock or one of the guide's drills (each with its own checks).
    #[arg(long, value_enum, default_value = "full")]
    pub session: crate::coach::drills::SessionKind,
    /// Which of the guide's 18 prompts the session is about, e.g. `rate-limiter` (default: detected).
    #[arg(long, value_name = "ID")]
    pub prompt: Option<String>,
    #[command(flatten)]
    pub whisper: WhisperOptions,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Quantization {
    F16,
    #[value(name = "q8_0")]
    Q8_0,
}

#[derive(Debug, Args)]
pub struct ConvertModelArgs {
    /// Directory holding the CTranslate2 model (model.bin, config.json, vocabulary.txt or tokenizer.json).
    pub input: PathBuf,
    /// Output ggml file.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    #[arg(long, value_enum, default_value = "q8_0")]
    pub quantize: Quantization,
}

#[derive(Debug, Args)]
pub struct ScorecardArgs {
    /// Analysis from `mockreview analyze --format json`.
    pub analysis: PathBuf,
    /// Scorecard to write.
    #[arg(short, long, value_name = "CARD.toml")]
    pub output: PathBuf,
    /// Replace an existing scorecard even if a person edited it.
    #[arg(long)]
    pub force: bool,
}

pub use mockreview_core::scorecard::GradeFormat;

#[derive(Debug, Args)]
pub struct GradeArgs {
    /// Scorecard edited by a coach.
    pub card: PathBuf,
    #[arg(long, value_enum, default_value = "text")]
    pub format: GradeFormat,
    /// Output file (default: stdout).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub use mockreview_core::progress::ProgressFormat;

#[derive(Debug, Args)]
pub struct ProgressArgs {
    /// Analysis JSON files, graded scorecards (.toml), or directories holding them.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Recording date of a session: `FILE=YYYY-MM-DD` (FILE is the analysis file name). Repeatable.
    #[arg(long = "date", value_name = "FILE=DATE")]
    pub dates: Vec<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ProgressFormat,
    /// Output file (default: stdout).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Word error rate of the transcriber on reference clips (audio file + `.txt` reference beside it).
    Wer(EvalWerArgs),
    /// Lexicon term recall: terms found in transcripts (or recordings) against their scripts.
    Terms(EvalTermsArgs),
    /// Flag precision/recall and score bands over a labelled set of sessions.
    Flags(EvalFlagsArgs),
    /// Diarization error rate (missed speech, false alarm, speaker confusion) against an RTTM
    /// reference, and the share of words given to the right speaker.
    Diarization(EvalDiarizationArgs),
}

#[derive(Debug, Args)]
pub struct EvalDiarizationArgs {
    /// Recording (transcribed and diarized as `analyze` does) or a transcript with speakers.
    pub input: PathBuf,
    /// Reference speaker turns (RTTM `SPEAKER` lines).
    pub reference: PathBuf,
    /// Seconds around every reference turn edge that are not scored.
    #[arg(long, value_name = "SECONDS", default_value_t = 0.25)]
    pub collar: f64,
    /// Also write the hypothesis turns as RTTM.
    #[arg(long, value_name = "FILE")]
    pub save_rttm: Option<PathBuf>,
    #[command(flatten)]
    pub whisper: WhisperOptions,
}

#[derive(Debug, Args)]
pub struct EvalTermsArgs {
    /// Files to check (transcripts or recordings), each with its script beside it.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub whisper: WhisperOptions,
}

#[derive(Debug, Args)]
pub struct EvalFlagsArgs {
    /// Labels file (TOML) listing sessions with their expected flags and score bands.
    pub labels: PathBuf,
    /// Evaluate only the sessions with this `split` ("dev" or "eval"); default: each split
    /// separately.
    #[arg(long, value_name = "SPLIT")]
    pub split: Option<String>,
    #[command(flatten)]
    pub whisper: WhisperOptions,
}

#[derive(Debug, Args)]
pub struct EvalWerArgs {
    /// Audio files; each needs a reference transcript with the same stem and `.txt` (or `.ref.txt`).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Also count errors within 1 s of a cut inside continuous speech (where speech was split
    /// between decoder pieces) against errors elsewhere.
    #[arg(long)]
    pub edges: bool,
    #[command(flatten)]
    pub whisper: WhisperOptions,
}
