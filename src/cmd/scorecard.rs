//! `mockreview scorecard` and `mockreview grade`.

use std::fs;
use std::process::ExitCode;

use crate::cli::{GradeArgs, ScorecardArgs};
use crate::output;
use crate::scorecard;
use crate::{Error, Result};

pub fn draft(args: ScorecardArgs) -> Result<ExitCode> {
    let json = fs::read_to_string(&args.analysis).map_err(|e| Error::io(&args.analysis, e))?;
    let card = scorecard::draft_from_analysis(&args.analysis, &json)?;
    scorecard::check_overwrite(&args.output, args.force)?;
    output::write_atomic(&args.output, scorecard::render(&card)?.as_bytes())?;
    eprintln!(
        "wrote {}: set final_score for each dimension, then run `mockreview grade {}`",
        args.output.display(),
        args.output.display()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn grade(args: GradeArgs) -> Result<ExitCode> {
    let text = fs::read_to_string(&args.card).map_err(|e| Error::io(&args.card, e))?;
    let card = scorecard::parse(&args.card, &text)?;
    let graded = scorecard::grade(&args.card, &card)?;
    let rendered = scorecard::render_grade(&graded, args.format)?;
    output::emit(args.output.as_deref(), rendered.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
