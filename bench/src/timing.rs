//! The timing loop: calibrated repetitions, interleaved between the cases being compared, and
//! the median of each.
//!
//! Every case is a function that runs its operation `n` times. Each case is calibrated so that
//! one repetition takes at least `TARGET`; then the cases run in turn (A, B, C, A, B, C, ...)
//! `REPS` times, so that a burst of load from another process hits all of them alike, and the
//! median time per operation of each is reported.

use std::time::{Duration, Instant};

/// Repetitions per case; the median is reported.
pub const REPS: usize = 9;

/// The least time one repetition takes.
pub const TARGET: Duration = Duration::from_millis(25);

/// One thing to time: runs its operation `n` times.
pub struct Case<'a> {
    pub run: Box<dyn FnMut(u64) + 'a>,
}

impl<'a> Case<'a> {
    pub fn new(run: impl FnMut(u64) + 'a) -> Self {
        Case { run: Box::new(run) }
    }
}

fn time(run: &mut dyn FnMut(u64), n: u64) -> Duration {
    let start = Instant::now();
    run(n);
    start.elapsed()
}

/// How many operations make one repetition last at least `TARGET`.
fn calibrate(run: &mut dyn FnMut(u64)) -> u64 {
    let mut n = 1u64;
    loop {
        let elapsed = time(run, n);
        if elapsed >= TARGET / 5 {
            // Scale up to the target, with a margin so the repetition is never shorter.
            let per_op = elapsed.as_secs_f64() / n as f64;
            return ((TARGET.as_secs_f64() * 1.2 / per_op).ceil() as u64).max(n);
        }
        n = n.saturating_mul(if elapsed < TARGET / 1000 { 16 } else { 2 });
    }
}

/// The median nanoseconds per operation of each case, measured interleaved.
pub fn compare(cases: &mut [Case<'_>]) -> Vec<f64> {
    let counts: Vec<u64> = cases.iter_mut().map(|c| calibrate(&mut *c.run)).collect();
    let mut samples = vec![Vec::with_capacity(REPS); cases.len()];
    for _ in 0..REPS {
        for ((case, &n), samples) in cases.iter_mut().zip(&counts).zip(&mut samples) {
            let elapsed = time(&mut *case.run, n);
            samples.push(elapsed.as_nanos() as f64 / n as f64);
        }
    }
    samples.into_iter().map(median).collect()
}

/// The middle value (the mean of the two middle ones for an even count).
pub fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}
