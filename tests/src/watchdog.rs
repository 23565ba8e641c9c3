//! A watchdog for tests of code that must not deadlock.

use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

/// Runs `case` on a thread of its own and fails if it has not finished after `timeout`: a
/// deadlock becomes a failure instead of a hung run. A panic in `case` is re-raised here.
pub fn no_deadlock<F: FnOnce() + Send + 'static>(name: &str, timeout: Duration, case: F) {
    let (done, outcome) = mpsc::channel();
    thread::Builder::new()
        .name(name.to_owned())
        .spawn(move || {
            let _ = done.send(panic::catch_unwind(AssertUnwindSafe(case)));
        })
        .expect("spawn the guarded thread");
    match outcome.recv_timeout(timeout) {
        Ok(Ok(())) => {}
        Ok(Err(payload)) => panic::resume_unwind(payload),
        Err(RecvTimeoutError::Timeout) => panic!("{name}: deadlock, no result after {timeout:?}"),
        Err(RecvTimeoutError::Disconnected) => panic!("{name}: thread ended without a result"),
    }
}
