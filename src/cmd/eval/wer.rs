//! `mockreview eval wer FILES…`: word error rate of the transcriber against reference transcripts
//! (`NAME.ref.txt` or `NAME.txt` beside each clip; the metric is `crate::eval::wer`). With `--edges`,
//! also where the errors fall: near the cuts where speech was split between decoder windows, or
//! elsewhere (`crate::eval::edges`).

use std::process::ExitCode;

use crate::cli::EvalWerArgs;
use crate::eval::edges;
use crate::eval::wer::{self, ClipScore};
use crate::transcribe::{self, Settings, Transcriber};
use crate::{audio, output, Error, Result};

/// Errors this close to a cut inside continuous speech count as errors at the cut.
const EDGE_RADIUS_MS: u64 = 1_000;

pub fn run(args: EvalWerArgs) -> Result<ExitCode> {
    let settings = Settings::from_options(&args.whisper)?;
    // Check every reference before spending minutes on audio.
    let mut clips = Vec::with_capacity(args.inputs.len());
    for input in &args.inputs {
        audio::probe(input)?;
        let reference = wer::reference_path(input)?;
        let text = std::fs::read_to_string(&reference).map_err(|e| Error::io(&reference, e))?;
        clips.push((input.clone(), wer::normalize(&text)));
    }
    transcribe::install_interrupt_handler();
    let transcriber = Transcriber::new(settings)?;
    let mut scores = Vec::with_capacity(clips.len());
    let mut at_edges = Vec::with_capacity(clips.len());
    for (input, reference) in clips {
        let (doc, pieces) = transcriber.transcribe_traced(&input)?;
        let hypothesis: Vec<&str> = doc.segments.iter().map(|s| s.text.as_str()).collect();
        let name = input
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let hypothesis = wer::normalize(&hypothesis.join(" "));
        if args.edges {
            let heard: Vec<(String, u64)> = doc
                .segments
                .iter()
                .flat_map(|s| &s.words)
                .flat_map(|w| {
                    let mid = w.start_ms + (w.end_ms.saturating_sub(w.start_ms)) / 2;
                    wer::normalize(&w.text).into_iter().map(move |t| (t, mid))
                })
                .collect();
            let cuts = edges::cuts_inside_speech(&pieces);
            let counts = edges::edge_errors(&reference, &heard, &cuts, EDGE_RADIUS_MS);
            at_edges.push((name.clone(), counts));
        }
        scores.push(ClipScore::new(name, &reference, &hypothesis));
    }
    let mut text = format!("{}\n{}", transcriber.describe(), wer::table(&scores));
    if args.edges {
        text.push('\n');
        text.push_str(&edges::table(&at_edges, EDGE_RADIUS_MS));
    }
    output::emit(None, text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
