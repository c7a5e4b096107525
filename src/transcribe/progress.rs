//! The progress bar on stderr while a recording is transcribed: share of the recording done, time
//! elapsed and indicatif's estimate of the time left.

use std::io::IsTerminal;
use std::path::Path;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Settings;
use crate::audio::{ChannelMode, Selection, SpeechWindows};
use crate::Result;

/// A bar over `tracks` passes through `input`; hidden without `progress` or when stderr is not a
/// terminal.
pub fn bar(settings: &Settings, input: &Path, tracks: usize) -> Result<ProgressBar> {
    if !settings.progress || !std::io::stderr().is_terminal() {
        return Ok(ProgressBar::hidden());
    }
    let probe = SpeechWindows::open(input, ChannelMode::Mix, Selection::Everything)?;
    let total = probe.info().duration_hint_ms.unwrap_or(0) * tracks as u64;
    let bar = ProgressBar::with_draw_target(Some(total.max(1)), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "transcribing {bar:30} {percent:>3}% of the recording, {elapsed} elapsed, ~{eta} left",
    ) {
        bar.set_style(style);
    }
    Ok(bar)
}
