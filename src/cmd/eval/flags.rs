use std::process::ExitCode;

use crate::cli::EvalFlagsArgs;
use crate::{Error, Result};

pub fn run(_args: EvalFlagsArgs) -> Result<ExitCode> {
    Err(Error::Usage("eval flags: not built yet".into()))
}
