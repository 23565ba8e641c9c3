//! The chart (`docs/memory.svg`): 100,000 owners tracked one by one and held, then dropped one
//! by one, through our registry and through a lazily pruned `Vec<Weak>`. Both climb alike while
//! the owners live; once they are dropped ours returns every byte, while every dead `Weak` still
//! pins its owner's whole allocation, so the lines separate.

use crate::registries::{LazyWeak, Tracks};
use crate::{alloc, marks, svg, Exam, HELD};
use within_runtime::Registry;

/// A point every this many operations.
const EVERY: usize = 2_000;

/// (operations so far, bytes allocated) while `HELD` owners are tracked, then dropped.
fn samples<R: Tracks>(registry: &R) -> Vec<(usize, isize)> {
    let mut held = Vec::with_capacity(HELD);
    let mut points = Vec::with_capacity(2 * HELD / EVERY + 2);
    alloc::start();
    points.push((0, 0));
    for i in 0..HELD {
        held.push(registry.track_exam(marks(i)));
        if (i + 1) % EVERY == 0 {
            points.push((i + 1, alloc::current()));
        }
    }
    for (i, handle) in held.drain(..).enumerate() {
        drop(handle);
        if (i + 1) % EVERY == 0 {
            points.push((HELD + i + 1, alloc::current()));
        }
    }
    alloc::stop();
    points
}

/// The SVG document.
pub fn chart() -> String {
    eprintln!("memory: the chart, {HELD} owners held then dropped");
    let ours: &'static Registry<Exam> = Box::leak(Box::new(Registry::new()));
    let ours = samples(&ours);
    let weak_registry = LazyWeak::new();
    let weak = samples(&weak_registry);
    drop(weak_registry);
    let end = |points: &[(usize, isize)]| svg::human(points.last().map_or(0, |p| p.1) as f64);
    let names = [
        format!(
            "within: Registry + Tracked; {} held once every owner is dropped",
            end(&ours)
        ),
        format!(
            "Mutex<Vec<Weak<T>>>, pruned when full: every dead Weak pins its owner; {} held",
            end(&weak)
        ),
    ];
    let series = [
        svg::Series {
            name: &names[0],
            color: "#1f77b4",
            points: &ours,
        },
        svg::Series {
            name: &names[1],
            color: "#ff7f0e",
            points: &weak,
        },
    ];
    svg::chart(
        "Memory held by two registries of Exam owners",
        &format!(
            "{} owners tracked and held, then dropped one by one; sampled every {}",
            svg::grouped(HELD),
            svg::grouped(EVERY)
        ),
        &format!(
            "operations: {} tracks, then {} drops",
            svg::grouped(HELD),
            svg::grouped(HELD)
        ),
        svg::Scale::Linear,
        &series,
    )
}
