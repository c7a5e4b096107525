//! The module graph has no cycle: every module imports only from the layers below it, in the
//! order of the pipeline (`audio → transcribe → transcript → roles → lexicon → align → rules →
//! rubric → report`). Reads the sources of both crates; a `use crate::x` that points up a layer
//! fails here with the file and the import.

use std::fs;
use std::path::{Path, PathBuf};

/// The analysis core, lowest layer first. A module may import only modules earlier in the list.
const CORE: &[&str] = &[
    "error",
    "ids",
    "units",
    "transcript",
    "diarize",
    "roles",
    "lexicon",
    "align",
    "rules",
    "rubric",
    "coach",
    "analysis",
    "output",
    "report",
    "scorecard",
    "progress",
    "cohort",
    "eval",
];

/// The `mockreview` crate on top of the core (whose modules it re-exports, so they count as
/// below all of these).
const APP: &[&str] = &[
    "audio",
    "model",
    "transcribe",
    "convert",
    "pipeline",
    "batch",
    "cli",
    "cmd",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("source directory") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a source file belongs to (`rules/text.rs` → `rules`).
fn module_of(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root).expect("under root");
    let first = rel.components().next().expect("a component");
    first
        .as_os_str()
        .to_string_lossy()
        .trim_end_matches(".rs")
        .to_string()
}

/// The modules named after `crate::` in the non-test part of a file, including the ones inside
/// `use crate::{a::x, b}` groups.
fn imports(text: &str) -> Vec<String> {
    let code = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    let code: String = code
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = Vec::new();
    let mut rest = code.as_str();
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find("};").unwrap_or(group.len());
            for part in group[..end].split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.push(name);
                }
            }
            // Nested paths inside the group (`a::{b, c}`) start with their module, already taken.
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push(name);
            }
        }
    }
    out
}

fn check(root: &Path, order: &[&str], below_all: &[&str]) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(root, &mut files);
    files.sort();
    let mut problems = Vec::new();
    for file in files {
        let module = module_of(root, &file);
        let Some(level) = order.iter().position(|m| *m == module) else {
            continue; // lib.rs, main.rs, test_support.rs
        };
        let text = fs::read_to_string(&file).expect("readable source");
        for dep in imports(&text) {
            if dep == module || below_all.contains(&dep.as_str()) {
                continue;
            }
            match order.iter().position(|m| *m == dep) {
                Some(l) if l < level => {}
                Some(_) => problems.push(format!(
                    "{}: `{module}` imports `crate::{dep}`, which is not below it",
                    file.display()
                )),
                None if dep == "Error" || dep == "Result" => {}
                None => problems.push(format!(
                    "{}: `{module}` imports `crate::{dep}`, which is in no layer (add it to tests/layers.rs)",
                    file.display()
                )),
            }
        }
    }
    problems
}

#[test]
fn core_modules_import_only_from_layers_below() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let problems = check(&root, CORE, &[]);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn app_modules_import_only_from_layers_below_or_the_core() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src");
    let problems = check(&root, APP, CORE);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn an_upward_import_is_caught() {
    assert_eq!(
        imports("use crate::{rules::Finding, transcript};\nfn f() { crate::report::x(); }"),
        vec!["rules", "transcript", "report"]
    );
    let none = imports("// crate::report is mentioned in a comment\n#[cfg(test)]\nmod tests { use crate::report; }");
    assert!(none.is_empty(), "{none:?}");
}
