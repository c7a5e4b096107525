//! RTTM (NIST Rich Transcription Time Marked) speaker files: the reference format of diarization
//! corpora (AMI, VoxConverse, pyannote's samples). Only `SPEAKER` lines matter:
//!
//! ```text
//! SPEAKER sample 1 6.690 0.430 <NA> <NA> speaker90 <NA> <NA>
//! ```
//!
//! fields: type, file, channel, onset (s), duration (s), ortho, subtype, speaker name, …. Other
//! line types (`SPKR-INFO`, `LEXEME`, …), `;;` comments and blank lines are skipped.

use std::fmt::Write as _;
use std::path::Path;

use super::der::SpeakerTurn;
use crate::{Error, Result};

/// The speaker turns of an RTTM file's text; `path` names the file in errors.
pub fn parse(text: &str, path: &Path) -> Result<Vec<SpeakerTurn>> {
    let mut turns = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line_no = index + 1;
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.first() != Some(&"SPEAKER") {
            continue;
        }
        if fields.len() < 8 {
            return Err(Error::at_line(
                path,
                line_no,
                format!(
                    "a SPEAKER line needs at least 8 fields (type file channel onset duration ortho subtype speaker), found {}",
                    fields.len()
                ),
            ));
        }
        let onset = seconds_to_ms(fields[3]).ok_or_else(|| {
            Error::at_line(
                path,
                line_no,
                format!("onset {:?} is not a time in seconds", fields[3]),
            )
        })?;
        let duration = seconds_to_ms(fields[4]).ok_or_else(|| {
            Error::at_line(
                path,
                line_no,
                format!("duration {:?} is not a time in seconds", fields[4]),
            )
        })?;
        turns.push(SpeakerTurn {
            start_ms: onset,
            end_ms: onset + duration,
            speaker: fields[7].to_string(),
        });
    }
    if turns.is_empty() {
        return Err(Error::input(
            path,
            "no SPEAKER lines: not an RTTM speaker file",
        ));
    }
    Ok(turns)
}

/// Reads and parses an RTTM file.
pub fn load(path: &Path) -> Result<Vec<SpeakerTurn>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    parse(&text, path)
}

/// Writes turns as RTTM, `file` as the recording id (the form `parse` reads back).
pub fn render(turns: &[SpeakerTurn], file: &str) -> String {
    let mut out = String::new();
    for t in turns {
        let _ = writeln!(
            out,
            "SPEAKER {file} 1 {}.{:03} {}.{:03} <NA> <NA> {} <NA> <NA>",
            t.start_ms / 1000,
            t.start_ms % 1000,
            (t.end_ms - t.start_ms) / 1000,
            (t.end_ms - t.start_ms) % 1000,
            t.speaker.replace(char::is_whitespace, "_")
        );
    }
    out
}

/// A non-negative decimal number of seconds, rounded to the millisecond.
fn seconds_to_ms(field: &str) -> Option<u64> {
    let s: f64 = field.parse().ok()?;
    (s.is_finite() && s >= 0.0).then(|| (s * 1000.0).round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turn(start_ms: u64, end_ms: u64, speaker: &str) -> SpeakerTurn {
        SpeakerTurn {
            start_ms,
            end_ms,
            speaker: speaker.into(),
        }
    }

    #[test]
    fn speaker_lines_are_read_and_other_lines_skipped() {
        let text = ";; a comment\n\
                    SPKR-INFO x 1 <NA> <NA> <NA> unknown A <NA> <NA>\n\
                    SPEAKER x 1 6.690 0.430 <NA> <NA> A <NA> <NA>\n\
                    \n\
                    SPEAKER x 1 7.5 1 <NA> <NA> B <NA> <NA>\n";
        let turns = parse(text, Path::new("x.rttm")).unwrap();
        assert_eq!(turns, vec![turn(6690, 7120, "A"), turn(7500, 8500, "B")]);
    }

    #[test]
    fn a_bad_time_names_the_file_and_line() {
        let text = "SPEAKER x 1 1.0 0.5 <NA> <NA> A <NA> <NA>\nSPEAKER x 1 soon 0.5 <NA> <NA> B <NA> <NA>\n";
        let e = parse(text, Path::new("ref.rttm")).unwrap_err().to_string();
        assert_eq!(
            e,
            "ref.rttm: line 2: onset \"soon\" is not a time in seconds"
        );
        let e = parse("SPEAKER x 1 1.0 -2 <NA> <NA> A\n", Path::new("r.rttm"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("r.rttm: line 1: duration \"-2\""), "{e}");
    }

    #[test]
    fn a_short_line_and_a_file_without_speakers_are_errors() {
        let e = parse("SPEAKER x 1 1.0 0.5\n", Path::new("r.rttm"))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("r.rttm: line 1: a SPEAKER line needs at least 8 fields"),
            "{e}"
        );
        let e = parse("hello\n", Path::new("r.rttm"))
            .unwrap_err()
            .to_string();
        assert_eq!(e, "r.rttm: no SPEAKER lines: not an RTTM speaker file");
    }

    #[test]
    fn rendered_turns_parse_back() {
        let turns = vec![turn(800, 3900, "Hannah Okafor"), turn(4200, 10_050, "B")];
        let back = parse(&render(&turns, "s"), Path::new("s.rttm")).unwrap();
        assert_eq!(
            back,
            vec![turn(800, 3900, "Hannah_Okafor"), turn(4200, 10_050, "B")]
        );
    }
}
