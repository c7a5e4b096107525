//! `mockreview progress`: sessions over time, as text, JSON or an HTML chart.

use std::process::ExitCode;

use crate::cli::ProgressArgs;
use crate::{output, progress, Result};

pub fn run(args: ProgressArgs) -> Result<ExitCode> {
    let (p, warnings) = progress::collect(&args.inputs, &args.dates)?;
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    let rendered = progress::render(&p, args.format)?;
    output::emit(args.output.as_deref(), rendered.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
