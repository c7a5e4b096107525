//! Renders the HTML report of a transcript with every coach section, the way `analyze --format
//! html` will once it is wired (see `tools/screenshot-report`, which screenshots the result).
//!
//! cargo run --example render_html -- TRANSCRIPT OUT.html [--audio REL] [--prompt ID] [--session KIND]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use mockreview::align::Timeline;
use mockreview::analysis::{analyze, AnalyzeOptions};
use mockreview::coach::{self, drills, drills::SessionKind, prompts, review};
use mockreview::lexicon::LexiconSet;
use mockreview::report::html;
use mockreview::rules::Session;
use mockreview::{roles, transcript, Error, Result};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("render_html: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let (mut input, mut out, mut audio, mut prompt, mut session) =
        (None, None, None, None, SessionKind::Full);
    while let Some(a) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| Error::Usage(format!("{a} needs a value")))
        };
        match a.as_str() {
            "--audio" => audio = Some(PathBuf::from(value()?)),
            "--prompt" => prompt = Some(value()?),
            "--session" => session = SessionKind::from_id(&value()?)?,
            _ if input.is_none() => input = Some(PathBuf::from(a)),
            _ if out.is_none() => out = Some(PathBuf::from(a)),
            _ => return Err(Error::Usage(format!("unexpected argument {a:?}"))),
        }
    }
    let (Some(input), Some(out)) = (input, out) else {
        return Err(Error::Usage(
            "usage: render_html TRANSCRIPT OUT.html [--audio REL] [--prompt ID] [--session KIND]"
                .into(),
        ));
    };
    let t = transcript::load(&input)?;
    let lex = LexiconSet::builtin()?;
    let analysis = analyze(&t, &lex, &AnalyzeOptions::default())?;
    let r = roles::resolve(&t, None, None)?;
    let hits = lex.scan(&t);
    let coach_hits = coach::scan(&t)?;
    let matched = prompts::resolve(prompt.as_deref(), &t, &r)?;
    let prompt_def = match &matched {
        Some(m) => Some(prompts::get(&m.id)?),
        None => None,
    };
    let coverage = prompt_def.map(|p| prompts::coverage_in(p, &t, &r, &coach_hits));
    let timeline = Timeline {
        phases: analysis.phases.clone(),
    };
    let s = Session {
        transcript: &t,
        roles: &r,
        hits: &hits,
        timeline: &timeline,
    };
    let drill = drills::run(session, &s, &coach_hits);
    // The Day-7 review reads a full mock; a drill has its own checks.
    let rv = (session == SessionKind::Full)
        .then(|| review::review(&s, prompt_def.zip(coverage.as_ref())));
    let turns = mockreview::roles::talk_spans(&t, &r);
    let extras = html::Extras {
        turns: &turns,
        prompt: matched.as_ref(),
        deep_dive: coverage.as_ref(),
        drill: drill.as_ref(),
        review: rv.as_ref(),
    };
    let page = html::render_with(&analysis, &extras, audio.as_deref());
    std::fs::write(&out, page).map_err(|e| Error::io(Path::new(&out), e))?;
    Ok(())
}
