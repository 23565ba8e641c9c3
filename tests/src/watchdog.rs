//! A watchdog for tests of code that must not deadlock.

use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

/// Runs `case` on a thread of its own (with a large stack, for deep drop chains) and fails if it
/// has not finished after `timeout`: a deadlock becomes a failure instead of a hung run (the
/// stuck thread is leaked). A panic in `case` is re-raised here, payload intact.
pub fn no_deadlock<F: FnOnce() + Send + 'static>(name: &str, timeout: Duration, case: F) {
    let (done, outcome) = mpsc::channel();
    thread::Builder::new()
        .name(name.to_owned())
        .stack_size(32 << 20)
        .spawn(move || {
            // The receiver is gone only if the wait timed out: nothing left to report to.
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
