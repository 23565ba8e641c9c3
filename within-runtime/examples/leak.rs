//! The seed's memory leak, live, next to the registry that does not leak.
//!
//! The Python original records every validated instance in a plain `dict`, which holds a
//! strong reference to it: no instance is ever freed, and memory grows for the life of the
//! program. Ported to Rust, that is a `Mutex<Vec<Arc<..>>>` that every owner is pushed into.
//!
//! This example counts every byte the program allocates and frees, and creates owners in
//! rounds of 10,000, each one registered and then dropped at once. After each round it prints
//! the bytes still held by the strong registry, which climb by the size of 10,000 owners per
//! round, and by `within`'s `Registry` (through `Tracked`), which stay flat: each owner leaves
//! the registry, and its memory is freed, when its last handle drops.
//!
//! Run with `cargo run --example leak` (a second or two, even unoptimized).

use std::alloc::{GlobalAlloc, Layout, System};
use std::error::Error;
use std::sync::atomic::{AtomicIsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use within_runtime::{Tracked, Validated};

/// The system allocator, counting the bytes allocated and not yet freed.
struct Counting;

/// Bytes allocated and not yet freed, by the whole program.
static ALLOCATED: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call is forwarded unchanged to `System`; the counter never touches the memory.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            ALLOCATED.fetch_add(layout.size() as isize, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.dealloc(ptr, layout) };
        ALLOCATED.fetch_sub(layout.size() as isize, Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded with the caller's guarantees.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            ALLOCATED.fetch_add(
                new_size as isize - layout.size() as isize,
                Ordering::Relaxed,
            );
        }
        new
    }
}

/// Every allocation of this program goes through the counter.
#[global_allocator]
static GLOBAL: Counting = Counting;

/// The seed's struct: three marks, each within 0..=100.
#[derive(Validated, Debug)]
pub struct Exam {
    #[within(0, 100)]
    math: u32,
    #[within(0, 100)]
    physics: u32,
    #[within(0, 100)]
    chemistry: u32,
}

/// The Python bug, ported: `_seen` as a plain container of strong references.
static SEEN: Mutex<Vec<Arc<RwLock<Exam>>>> = Mutex::new(Vec::new());

/// How many rounds to run.
const ROUNDS: usize = 10;
/// Owners created, registered and dropped per round, through each registry.
const PER_ROUND: usize = 10_000;

/// Bytes allocated and not yet freed, right now.
fn allocated() -> isize {
    ALLOCATED.load(Ordering::Relaxed)
}

/// Some valid marks that differ from owner to owner.
fn marks(i: usize) -> Result<Exam, within_runtime::Invalid> {
    Exam::try_new((i % 101) as u32, 50, 75)
}

/// Bytes as text: `40 B`, `390.6 KiB`, `3.8 MiB`.
fn human(bytes: isize) -> String {
    let b = bytes as f64;
    if bytes.abs() < 1024 {
        format!("{bytes} B")
    } else if b.abs() < 1024.0 * 1024.0 {
        format!("{:.1} KiB", b / 1024.0)
    } else {
        format!("{:.1} MiB", b / (1024.0 * 1024.0))
    }
}

/// A count with thousands separators: `100,000`.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

fn main() -> Result<(), Box<dyn Error>> {
    // Bytes still held because of each registry, summed over the rounds. Only the loops below
    // are counted; printing, which allocates too, happens outside them.
    let mut strong_held = 0;
    let mut ours_held = 0;

    println!(
        "{} owners per round through each registry, each registered, used and dropped at once.\n",
        grouped(PER_ROUND)
    );
    println!(
        "{:>5}  {:>14}  {:>26}  {:>26}",
        "round", "owners so far", "strong registry (the leak)", "within::Registry (the fix)"
    );
    for round in 1..=ROUNDS {
        // The Python bug: the registry keeps a strong reference, so dropping ours frees nothing.
        let before = allocated();
        for i in 0..PER_ROUND {
            let owner = Arc::new(RwLock::new(marks(i)?));
            SEEN.lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .push(Arc::clone(&owner));
            drop(owner);
        }
        strong_held += allocated() - before;

        // The fix: the registry tracks the owner without keeping it, or its memory, alive.
        let before = allocated();
        for i in 0..PER_ROUND {
            let owner = Tracked::new(marks(i)?)?;
            owner.write().set_physics(99)?;
            drop(owner);
        }
        ours_held += allocated() - before;

        let strong_len = SEEN.lock().map_or(0, |seen| seen.len());
        println!(
            "{round:>5}  {:>14}  {:>26}  {:>26}",
            grouped(round * PER_ROUND),
            format!("{} ({} kept)", human(strong_held), grouped(strong_len)),
            format!(
                "{} ({} kept)",
                human(ours_held),
                grouped(Exam::registry().len())
            ),
        );
    }
    println!(
        "\nThe strong registry keeps every owner it ever saw; ours keeps none, only its slot \
         table (a few slots, reused)."
    );
    Ok(())
}
