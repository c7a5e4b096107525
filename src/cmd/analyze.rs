use std::process::ExitCode;

use crate::cli::AnalyzeArgs;
use crate::{Error, Result};

pub fn run(_args: AnalyzeArgs) -> Result<ExitCode> {
    Err(Error::Usage("analyze: not built yet".into()))
}
