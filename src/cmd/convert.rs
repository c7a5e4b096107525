use std::process::ExitCode;

use crate::cli::ConvertModelArgs;
use crate::{Error, Result};

pub fn run(_args: ConvertModelArgs) -> Result<ExitCode> {
    Err(Error::Usage("convert-model: not built yet".into()))
}
