//! Prints the detected prompt and deep-dive coverage of each transcript given.
//!
//! cargo run --example coach_detect -- FILES…
fn main() {
    for p in std::env::args().skip(1) {
        let path = std::path::Path::new(&p);
        let result = (|| -> mockreview::Result<String> {
            let t = mockreview::transcript::load(path)?;
            let r = mockreview::roles::resolve(&t, None, None)?;
            let m = mockreview::coach::prompts::detect(&t, &r)?;
            Ok(match m {
                Some(m) => {
                    let p = mockreview::coach::prompts::get(&m.id)?;
                    let c = mockreview::coach::prompts::deep_dive_coverage(p, &t, &r)?;
                    format!(
                        "{} {:?} score {} confidence {} runner-up {:?}; deep dive {}/{}",
                        m.id, m.source, m.score, m.confidence, m.runner_up, c.reached, c.total
                    )
                }
                None => "no prompt".to_string(),
            })
        })();
        match result {
            Ok(line) => println!("{p}: {line}"),
            Err(e) => println!("{p}: error: {e}"),
        }
    }
}
