use std::process::ExitCode;

use crate::cli::TranscribeArgs;
use crate::{Error, Result};

pub fn run(_args: TranscribeArgs) -> Result<ExitCode> {
    Err(Error::Usage("transcribe: not built yet".into()))
}
