//! One module per subcommand: each turns parsed arguments into calls on the library core.

use std::process::ExitCode;

use crate::cli::{Cli, Command, EvalCommand};
use crate::Result;

pub mod analyze;
pub mod batch;
pub mod convert;
pub mod eval;
pub mod progress;
pub mod scorecard;
pub mod transcribe;

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Transcribe(args) => transcribe::run(args),
        Command::Analyze(args) if analyze::is_single(&args) => analyze::run(args),
        Command::Analyze(args) => batch::run(args),
        Command::ConvertModel(args) => convert::run(args),
        Command::Scorecard(args) => scorecard::draft(args),
        Command::Grade(args) => scorecard::grade(args),
        Command::Progress(args) => progress::run(args),
        Command::Eval(EvalCommand::Wer(args)) => eval::wer::run(args),
        Command::Eval(EvalCommand::Terms(args)) => eval::terms::run(args),
        Command::Eval(EvalCommand::Flags(args)) => eval::flags::run(args),
        Command::Eval(EvalCommand::Diarization(args)) => eval::diarization::run(args),
    }
}
