//! A limit that changes at run time, and the live values it breaks.
//!
//! A connection pool's size is bounded by a limit read from configuration. The configuration
//! is reloaded with a lower limit: from then on every check uses it, and the registry, which
//! knows every live pool, says which ones break it now and where each was created.
//!
//! `cargo run --example limits`

use std::sync::atomic::{AtomicU32, Ordering};
use within_runtime::{Tracked, Validated};

/// The configuration's limit, as a reload would set it.
static MAX_CONNECTIONS: AtomicU32 = AtomicU32::new(100);

fn max_connections() -> u32 {
    MAX_CONNECTIONS.load(Ordering::Relaxed)
}

#[derive(Validated, Debug)]
struct Pool {
    #[within(chars(1..=32))]
    name: String,
    #[within(1, max_connections(), dynamic)]
    connections: u32,
}

/// Each pool remembers the line that asked for it, not this one.
#[track_caller]
fn pool(name: &str, connections: u32) -> Tracked<Pool> {
    let pool = Pool::try_new(name.into(), connections).expect("within the limit");
    Tracked::new(pool).expect("a new pool")
}

fn main() {
    let pools = [pool("orders", 80), pool("search", 20), pool("reports", 60)];
    println!(
        "limit {}: {} live pools",
        max_connections(),
        Pool::live_count()
    );

    println!("\nthe configuration is reloaded: the limit goes down to 50");
    MAX_CONNECTIONS.store(50, Ordering::Relaxed);

    // The setters check the new limit at once ...
    let error = pools[1].write().set_connections(70).unwrap_err();
    println!("set_connections(70) on search: {error}");

    // ... and the registry finds the live values that break it, with where they were made.
    let registry = <Pool as Validated>::registry();
    let mut violators = registry.violators();
    violators.sort_by_key(|(pool, _)| pool.read().connections());
    for (pool, error) in &violators {
        let site = Tracked::site(pool);
        println!("  {}:{}  {}", site.file(), site.line(), error);
    }
    assert_eq!(violators.len(), 2);

    // Bring them within the limit, and nothing breaks it any more.
    for (pool, _) in &violators {
        pool.write().set_connections(50).expect("at the limit");
    }
    drop(violators);
    println!(
        "\nafter the fix: {} live pools, {} breaking the limit",
        Pool::live_count(),
        registry.violators().len()
    );
    drop(pools);
    assert!(registry.is_empty());
}

impl Pool {
    fn live_count() -> usize {
        <Pool as Validated>::registry().len()
    }
}
