use std::process::ExitCode;

use crate::cli::EvalTermsArgs;
use crate::{Error, Result};

pub fn run(_args: EvalTermsArgs) -> Result<ExitCode> {
    Err(Error::Usage("eval terms: not built yet".into()))
}
