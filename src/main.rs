use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = mockreview::cli::Cli::parse();
    match mockreview::cmd::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
