//! The bad-input corpus through the binary: every case in `fixtures/bad/expect.toml` is run and
//! must end as the manifest says. An error is exit code 2 with exactly one stderr line that starts
//! `error: `, names the file and says what is wrong, and leaves no output file behind; nothing may
//! ever panic. A case marked `gap` is a known shortfall: it must still fall short, so fixing it
//! makes this test fail until the marker is removed.

use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    file: String,
    command: String,
    expect: String,
    message: Option<String>,
    lexicons: Option<String>,
    names: Option<String>,
    why: Option<String>,
    gap: Option<String>,
}

use crate::util::{fixture, mockreview, Dir};

fn corpus() -> PathBuf {
    fixture("bad")
}

/// Runs one case; `Err` says how the outcome differs from the expectation.
fn check(case: &Case, out_dir: &Path) -> Result<(), String> {
    let out = out_dir.join("out.json");
    let mut cmd = mockreview();
    cmd.current_dir(corpus());
    match case.command.as_str() {
        "transcribe" => cmd.args(["transcribe", &case.file, "--quiet", "--threads", "2"]),
        "analyze" => cmd.args(["analyze", &case.file, "--quiet", "--format", "json"]),
        "analyze-lexicons" => {
            let dir = case
                .lexicons
                .as_deref()
                .ok_or("analyze-lexicons needs `lexicons`")?;
            cmd.args(["analyze", &case.file, "--format", "json", "--lexicons", dir])
        }
        other => return Err(format!("unknown command `{other}` in the manifest")),
    };
    cmd.arg("-o").arg(&out);
    let run = cmd.output().map_err(|e| e.to_string())?;
    let stderr = String::from_utf8_lossy(&run.stderr);
    if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
        return Err(format!("panicked: {stderr}"));
    }
    let code = run.status.code();
    match case.expect.as_str() {
        "error" => {
            let names = case.names.as_deref().unwrap_or(&case.file);
            let message = case.message.as_deref().unwrap_or("");
            let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
            if code != Some(2) {
                return Err(format!("exit code {code:?}, expected 2; stderr: {stderr}"));
            }
            // The output and any temp file beside it: a failed run must leave the folder as it found it.
            let left: Vec<String> = std::fs::read_dir(out_dir)
                .map_err(|e| e.to_string())?
                .filter_map(|entry| entry.ok())
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .collect();
            if !left.is_empty() {
                return Err(format!("files left behind after the error: {left:?}"));
            }
            match lines.as_slice() {
                [line] if line.starts_with("error: ") && line.contains(names) && line.contains(message) => Ok(()),
                _ => Err(format!(
                    "expected one line `error: ` naming `{names}` and saying `{message}`, got: {stderr}"
                )),
            }
        }
        "success" | "nothing-to-judge" => {
            if code != Some(0) {
                return Err(format!("exit code {code:?}, expected 0; stderr: {stderr}"));
            }
            let written =
                std::fs::read_to_string(&out).map_err(|e| format!("no output file: {e}"))?;
            let json: serde_json::Value =
                serde_json::from_str(&written).map_err(|e| format!("output is not JSON: {e}"))?;
            let verdict = json.get("verdict").and_then(|v| v.as_str());
            match (case.expect.as_str(), verdict) {
                ("nothing-to-judge", Some("nothing_to_judge")) => Ok(()),
                ("nothing-to-judge", v) => Err(format!("verdict {v:?}, expected nothing_to_judge")),
                (_, Some("nothing_to_judge")) if case.command != "transcribe" => {
                    Err("the analysis says nothing to judge, expected a real analysis".into())
                }
                _ => Ok(()),
            }
        }
        other => Err(format!("unknown expectation `{other}` in the manifest")),
    }
}

#[test]
fn every_bad_input_in_the_corpus_ends_as_its_manifest_says() {
    let text = std::fs::read_to_string(corpus().join("expect.toml")).unwrap();
    let manifest: Manifest = toml::from_str(&text).unwrap();
    assert!(manifest.case.len() >= 40, "the corpus lost cases");
    let mut failures = Vec::new();
    for case in &manifest.case {
        let out_dir = Dir::new();
        let what = format!(
            "{} {}{}",
            case.command,
            case.file,
            case.lexicons
                .as_ref()
                .map(|l| format!(" --lexicons {l}"))
                .unwrap_or_default()
        );
        match (check(case, out_dir.path()), &case.gap) {
            (Ok(()), None) => {}
            (Err(e), None) => failures.push(format!(
                "{what} ({}): {e}",
                case.why.as_deref().unwrap_or(&case.expect)
            )),
            (Err(_), Some(_)) => {}
            (Ok(()), Some(gap)) => failures.push(format!(
                "{what}: now meets its expectation; remove the known gap `{gap}` from expect.toml"
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
