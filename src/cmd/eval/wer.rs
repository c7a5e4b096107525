use std::process::ExitCode;

use crate::cli::EvalWerArgs;
use crate::{Error, Result};

pub fn run(_args: EvalWerArgs) -> Result<ExitCode> {
    Err(Error::Usage("eval wer: not built yet".into()))
}
