//! Every log line the servers of this test process write, kept in memory so tests can
//! prove that no secret ever reaches one.

use std::{
    io::Write,
    sync::{Mutex, OnceLock, PoisonError},
};

static LINES: Mutex<Vec<u8>> = Mutex::new(Vec::new());
static INSTALLED: OnceLock<()> = OnceLock::new();

struct Capture;

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        LINES.lock().unwrap_or_else(PoisonError::into_inner).extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Installs the capturing subscriber once per process, at a verbose level, so a leak
/// anywhere in the code would be written (and caught).
pub fn install() {
    INSTALLED.get_or_init(|| {
        let _ = tracing_subscriber::fmt()
            .with_env_filter("info,postwarden=trace,compliance=trace")
            .with_writer(|| Capture)
            .with_ansi(false)
            .try_init();
    });
}

pub fn contains(needle: &str) -> bool {
    let lines = LINES.lock().unwrap_or_else(PoisonError::into_inner);
    !needle.is_empty() && lines.windows(needle.len()).any(|w| w == needle.as_bytes())
}

pub fn len() -> usize {
    LINES.lock().unwrap_or_else(PoisonError::into_inner).len()
}
