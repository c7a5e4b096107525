//! Ctrl-C: a flag that the decoder polls, so transcription stops cleanly and writes nothing.

use std::sync::atomic::{AtomicBool, Ordering};

/// Set by Ctrl-C; whisper.cpp polls it through its abort callback.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Makes Ctrl-C stop transcription cleanly (a second Ctrl-C exits at once).
pub fn install_interrupt_handler() {
    // Failing to install (already installed) leaves the default handler: still stops the program.
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
    });
}

/// Whether Ctrl-C was pressed (after [`install_interrupt_handler`]).
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}
