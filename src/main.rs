use std::process::ExitCode;

use clap::Parser;

/// The exit status of a run stopped with Ctrl-C (128 + SIGINT, as shells report it).
const INTERRUPTED: u8 = 130;

fn main() -> ExitCode {
    let cli = mockreview::cli::Cli::parse();
    match mockreview::cmd::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            match e {
                mockreview::Error::Interrupted => ExitCode::from(INTERRUPTED),
                _ => ExitCode::from(2),
            }
        }
    }
}
