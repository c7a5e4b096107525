//! The same recording analysed with different decoder thread counts gives byte-identical JSON.

use crate::util::{mockreview, speech, Dir};

#[test]
fn analysis_json_does_not_depend_on_the_thread_count() {
    let input = speech("jfk.wav");
    let dir = Dir::new();
    let run = |threads: &str| {
        let out = dir.path().join(format!("t{threads}.json"));
        mockreview()
            .arg("analyze")
            .arg(&input)
            .args(["--quiet", "--format", "json", "--threads", threads, "-o"])
            .arg(&out)
            .assert()
            .success();
        std::fs::read(out).unwrap()
    };
    let one = run("1");
    assert!(String::from_utf8_lossy(&one).contains("\"schema\": \"mockreview.analysis/1\""));
    assert_eq!(one, run("2"), "JSON differs between --threads 1 and 2");
}
