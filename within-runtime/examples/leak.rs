//! Finding a leak with a census, then the seed's leak next to a registry that does not leak.
//!
//! Part 1: a small server handles requests in rounds. Each request is a `Tracked` owner; so is
//! each connection's session, and a bounded cache keeps the last few responses. An access log
//! keeps a clone of every request's handle "for later": that is the leak. After every round the
//! program prints `within_runtime::census().growth_since(&previous)`, which counts the live
//! owners by the line that created them, and the line whose owners keep piling up stands at the
//! top. Then the log is fixed (it keeps what it needs, not the request) and the table goes flat.
//!
//! Part 2: the Python original records every validated instance in a plain `dict`, which keeps
//! every instance, and its memory, for the life of the program. The same rounds through a
//! strong registry (the Python bug, ported) and through `within`'s `Registry`, with every byte
//! counted by the allocator.
//!
//! Run with `cargo run --example leak` (a second or two, even unoptimized).

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::VecDeque;
use std::error::Error;
use std::sync::atomic::{AtomicIsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use within_runtime::{Census, Invalid, Tracked, Validated};

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

// ---------------------------------------------------------------------------------------------
// Part 1: a server with a leak, found by a census.

/// One HTTP request being served.
#[derive(Validated, Debug)]
pub struct Request {
    #[within(100, 599)]
    status: u16,
    #[within(0, 60_000)]
    latency_ms: u32,
}

/// A client's connection; it ends after a few requests.
#[derive(Validated, Debug)]
pub struct Session {
    #[within(1, 65535)]
    port: u16,
}

/// A cached response, kept in a bounded cache.
#[derive(Validated, Debug)]
pub struct Cached {
    #[within(100, 599)]
    status: u16,
}

/// What the access log keeps per request.
enum Entry {
    /// The leak: a handle, which keeps the whole request alive.
    Handle(Tracked<Request>),
    /// The fix: the two numbers the log needs.
    Summary { status: u16, latency_ms: u32 },
}

struct Server {
    log: Vec<Entry>,
    cache: VecDeque<Tracked<Cached>>,
    /// Whether the log keeps summaries (the fix) or handles (the leak).
    fixed: bool,
}

/// Requests per round, and per session.
const REQUESTS: u32 = 1_000;
const PER_SESSION: u32 = 50;
/// Responses the cache keeps.
const CACHE: usize = 20;

impl Server {
    fn round(&mut self, round: u32) -> Result<(), Invalid> {
        let mut session = None;
        for i in 0..REQUESTS {
            if i % PER_SESSION == 0 {
                session = Some(Tracked::new(Session::try_new(1024 + (i % 1000) as u16)?)?);
            }
            let status = if (i + round) % 10 == 0 { 404 } else { 200 };
            let request = Tracked::new(Request::try_new(status, i % 250)?)?;
            self.serve(&request)?;
            let entry = if self.fixed {
                let request = request.read();
                Entry::Summary {
                    status: request.status(),
                    latency_ms: request.latency_ms(),
                }
            } else {
                Entry::Handle(request.clone())
            };
            self.log.push(entry);
        }
        drop(session);
        Ok(())
    }

    fn serve(&mut self, request: &Tracked<Request>) -> Result<(), Invalid> {
        let status = request.read().status();
        if self.cache.len() == CACHE {
            self.cache.pop_front();
        }
        self.cache
            .push_back(Tracked::new(Cached::try_new(status)?)?);
        Ok(())
    }

    /// Requests that failed, read from the log.
    fn errors(&self) -> usize {
        self.log
            .iter()
            .filter(|entry| match entry {
                Entry::Handle(request) => request.read().status() >= 400,
                Entry::Summary { status, .. } => *status >= 400,
            })
            .count()
    }

    /// The log's total latency, so the summaries are used.
    fn latency_ms(&self) -> u64 {
        self.log
            .iter()
            .map(|entry| match entry {
                Entry::Handle(request) => u64::from(request.read().latency_ms()),
                Entry::Summary { latency_ms, .. } => u64::from(*latency_ms),
            })
            .sum()
    }
}

fn find_the_leak() -> Result<(), Box<dyn Error>> {
    println!("Part 1: a server whose access log keeps a handle to every request.\n");
    let mut server = Server {
        log: Vec::new(),
        cache: VecDeque::new(),
        fixed: false,
    };
    let mut previous = Census::default();
    for round in 1..=6 {
        if round == 4 {
            println!("The fix: the log keeps the status and latency, not the request.\n");
            server.fixed = true;
            for entry in &mut server.log {
                if let Entry::Handle(request) = entry {
                    let request = request.read();
                    let summary = Entry::Summary {
                        status: request.status(),
                        latency_ms: request.latency_ms(),
                    };
                    drop(request);
                    *entry = summary;
                }
            }
        }
        server.round(round)?;
        let census = within_runtime::census();
        println!(
            "round {round}: {} requests served ({} errors, {} ms in all); {} owners alive",
            server.log.len(),
            server.errors(),
            server.latency_ms(),
            census.total()
        );
        println!("{}", census.growth_since(&previous));
        previous = census;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Part 2: the seed's leak, in bytes.

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

/// Rounds, and owners created, registered and dropped per round through each registry.
const ROUNDS: usize = 5;
const PER_ROUND: usize = 10_000;

fn allocated() -> isize {
    ALLOCATED.load(Ordering::Relaxed)
}

fn marks(i: usize) -> Result<Exam, Invalid> {
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

fn python_leak_in_bytes() -> Result<(), Box<dyn Error>> {
    println!(
        "Part 2: the seed's leak. {PER_ROUND} owners per round through each registry, each \
         registered, used and dropped at once.\n"
    );
    println!(
        "{:>5}  {:>13}  {:>26}  {:>26}",
        "round", "owners so far", "strong registry (the leak)", "within::Registry (the fix)"
    );
    let (mut strong_held, mut ours_held) = (0, 0);
    for round in 1..=ROUNDS {
        // Only the loops are counted; printing allocates too.
        let before = allocated();
        for i in 0..PER_ROUND {
            let owner = Arc::new(RwLock::new(marks(i)?));
            SEEN.lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .push(Arc::clone(&owner));
        }
        strong_held += allocated() - before;

        let before = allocated();
        for i in 0..PER_ROUND {
            let owner = Tracked::new(marks(i)?)?;
            owner.write().set_physics(99)?;
        }
        ours_held += allocated() - before;

        let strong_len = SEEN.lock().map_or(0, |seen| seen.len());
        println!(
            "{round:>5}  {:>13}  {:>26}  {:>26}",
            round * PER_ROUND,
            format!("{} ({strong_len} kept)", human(strong_held)),
            format!("{} ({} kept)", human(ours_held), Exam::registry().len()),
        );
    }
    println!(
        "\nThe strong registry keeps every owner it ever saw; ours keeps none, only its slot \
         table (a few slots, reused)."
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    find_the_leak()?;
    python_leak_in_bytes()
}
