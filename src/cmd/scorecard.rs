//! `mockreview scorecard` and `mockreview grade`.

use std::fmt::Write as _;
use std::fs;
use std::process::ExitCode;

use crate::cli::{GradeArgs, GradeFormat, ScorecardArgs};
use crate::output;
use crate::scorecard::{self, Grade};
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
    let rendered = match args.format {
        GradeFormat::Json => {
            let mut s = serde_json::to_string_pretty(&graded)
                .map_err(|e| Error::Usage(format!("cannot serialise grade: {e}")))?;
            s.push('\n');
            s
        }
        GradeFormat::Text => render_text(&graded),
    };
    output::emit(args.output.as_deref(), rendered.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn render_text(g: &Grade) -> String {
    let mut s = String::new();
    let coach = if g.coach.is_empty() {
        "unnamed coach"
    } else {
        &g.coach
    };
    let _ = writeln!(s, "Grade for {} (coach: {coach})", g.candidate);
    let _ = writeln!(
        s,
        "{:<16} {:>5} {:>5}  change  notes",
        "dimension", "draft", "final"
    );
    for d in &g.dimensions {
        let change = match d.delta {
            0 => "   =  ".to_string(),
            n => format!("{n:>+4}  "),
        };
        let _ = writeln!(
            s,
            "{:<16} {:>5} {:>5}  {change}  {}",
            d.id, d.draft, d.final_score, d.notes
        );
    }
    let _ = writeln!(
        s,
        "{:<16} {:>5.2} {:>5.2}",
        "average", g.draft_average, g.final_average
    );
    let _ = writeln!(
        s,
        "verdict: {} (draft said {}); the coach changed {} of 7 dimensions",
        verdict_words(g.verdict.as_str()),
        verdict_words(&g.draft_verdict),
        g.changed
    );
    s
}

fn verdict_words(v: &str) -> &str {
    match v {
        "staff" => "staff-level pass",
        "senior" => "senior-level pass",
        "below_bar" => "below the senior bar",
        other => other,
    }
}
