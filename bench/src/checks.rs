//! The checks beyond a constant range: a bound that is another field, a length, a whole
//! document deserialized, and the two ways code keeps a setter's result.

use crate::timing::{compare, Case};
use crate::{consume, exam, plain, row, Row, IN};
use std::hint::black_box;
use within_runtime::Validated;

/// A pool whose minimum idle count may not exceed its size.
#[derive(Validated, Debug)]
pub struct Pool {
    #[within(1, 64)]
    pool_size: u32,
    #[within(0, self.pool_size)]
    min_idle: u32,
}

/// The same, checked by hand.
pub struct PlainPool {
    pool_size: u32,
    min_idle: u32,
}

impl PlainPool {
    #[inline]
    #[allow(
        clippy::result_unit_err,
        clippy::absurd_extreme_comparisons,
        unused_comparisons
    )]
    pub fn set_min_idle(&mut self, value: u32) -> Result<(), ()> {
        if 0 <= value && value <= self.pool_size {
            self.min_idle = value;
            Ok(())
        } else {
            Err(())
        }
    }

    #[inline]
    #[allow(clippy::result_unit_err)]
    pub fn set_pool_size(&mut self, value: u32) -> Result<(), ()> {
        if (1..=64).contains(&value) && self.min_idle <= value {
            self.pool_size = value;
            Ok(())
        } else {
            Err(())
        }
    }
}

/// A name whose length is checked; a `&'static str`, so the loop times the check, not an
/// allocation.
#[derive(Validated, Debug)]
pub struct Named {
    #[within(len(1..=64))]
    name: &'static str,
}

/// The same, checked by hand.
pub struct PlainNamed {
    name: &'static str,
}

impl PlainNamed {
    #[inline]
    #[allow(clippy::result_unit_err)]
    pub fn set_name(&mut self, value: &'static str) -> Result<(), ()> {
        if (1..=64).contains(&value.len()) {
            self.name = value;
            Ok(())
        } else {
            Err(())
        }
    }
}

#[inline(never)]
fn pair_ours(n: u64) {
    let mut pool = Pool::try_new(32, 4).expect("valid");
    for _ in 0..n {
        consume(black_box(&mut pool).set_min_idle(black_box(8)));
    }
}

#[inline(never)]
fn pair_hand(n: u64) {
    let mut pool = PlainPool {
        pool_size: 32,
        min_idle: 4,
    };
    for _ in 0..n {
        consume(black_box(&mut pool).set_min_idle(black_box(8)));
    }
}

#[inline(never)]
fn implied_ours(n: u64) {
    let mut pool = Pool::try_new(32, 4).expect("valid");
    for _ in 0..n {
        consume(black_box(&mut pool).set_pool_size(black_box(16)));
    }
}

#[inline(never)]
fn implied_hand(n: u64) {
    let mut pool = PlainPool {
        pool_size: 32,
        min_idle: 4,
    };
    for _ in 0..n {
        consume(black_box(&mut pool).set_pool_size(black_box(16)));
    }
}

#[inline(never)]
fn len_ours(n: u64) {
    let mut named = Named::try_new("orders").expect("valid");
    for _ in 0..n {
        consume(black_box(&mut named).set_name(black_box("checkout")));
    }
}

#[inline(never)]
fn len_hand(n: u64) {
    let mut named = PlainNamed { name: "orders" };
    for _ in 0..n {
        consume(black_box(&mut named).set_name(black_box("checkout")));
    }
}

/// The result kept in memory and dropped there, rather than branched on.
#[inline(never)]
fn kept_ours(n: u64) {
    let mut e = exam();
    for _ in 0..n {
        let result = black_box(black_box(&mut e).set_math(black_box(IN)));
        drop(result);
    }
}

#[inline(never)]
fn kept_hand(n: u64) {
    let mut p = plain();
    for _ in 0..n {
        let result = black_box(black_box(&mut p).set_math_detailed(black_box(IN)));
        drop(result);
    }
}

#[inline(never)]
fn branched_ours(n: u64) {
    let mut e = exam();
    for _ in 0..n {
        consume(black_box(&mut e).set_math(black_box(IN)));
    }
}

#[inline(never)]
fn branched_hand(n: u64) {
    let mut p = plain();
    for _ in 0..n {
        consume(black_box(&mut p).set_math_detailed(black_box(IN)));
    }
}

/// One entry of the deserialized document, checked.
#[derive(Validated, Debug)]
#[within(deserialize)]
pub struct Db {
    #[within(1, 64)]
    pool_size: u32,
    #[within(0, self.pool_size)]
    min_idle: u32,
    #[within(1024..)]
    port: u16,
    #[within(chars(1..=32))]
    name: String,
}

/// The document, checked.
#[derive(Validated, Debug)]
#[within(deserialize)]
pub struct Fleet {
    #[within(nested)]
    dbs: Vec<Db>,
}

/// The same document with serde's own derive and no checks.
#[derive(serde::Deserialize, Debug)]
#[allow(dead_code)] // read through `black_box`
pub struct PlainDb {
    pool_size: u32,
    min_idle: u32,
    port: u16,
    name: String,
}

#[derive(serde::Deserialize, Debug)]
#[allow(dead_code)] // read through `black_box`
pub struct PlainFleet {
    dbs: Vec<PlainDb>,
}

/// Entries in the document.
pub const ENTRIES: usize = 1_000;

/// A document of `ENTRIES` databases; one in `bad_every` breaks two checks.
fn document(bad_every: usize) -> String {
    let entries: Vec<String> = (0..ENTRIES)
        .map(|i| {
            let bad = bad_every > 0 && i % bad_every == 0;
            let (size, idle, port) = if bad { (0, 0, 80) } else { (16, 2, 5432) };
            format!(
                r#"{{"pool_size": {size}, "min_idle": {idle}, "port": {port}, "name": "db-{i}"}}"#
            )
        })
        .collect();
    format!(r#"{{"dbs": [{}]}}"#, entries.join(", "))
}

#[inline(never)]
fn read_ours(n: u64, document: &str) {
    for _ in 0..n {
        consume(serde_json::from_str::<Fleet>(black_box(document)));
    }
}

#[inline(never)]
fn read_plain(n: u64, document: &str) {
    for _ in 0..n {
        consume(serde_json::from_str::<PlainFleet>(black_box(document)));
    }
}

pub fn rows() -> Vec<Row> {
    let mut rows = Vec::new();
    eprintln!("timing: field pairs and lengths");
    let t = compare(&mut [
        Case::new(pair_ours),
        Case::new(pair_hand),
        Case::new(implied_ours),
        Case::new(implied_hand),
    ]);
    rows.push(row(
        "`pool.set_min_idle(8)` with `#[within(0, self.pool_size)]`, in range",
        t[0],
        "hand-written `if 0 <= v && v <= self.pool_size`",
        t[1],
        Some(1.1),
    ));
    rows.push(row(
        "`pool.set_pool_size(16)`: its own bounds and `min_idle <= v`",
        t[2],
        "hand-written, the same two checks",
        t[3],
        None,
    ));
    let t = compare(&mut [Case::new(len_ours), Case::new(len_hand)]);
    rows.push(row(
        "`named.set_name(\"checkout\")` with `#[within(len(1..=64))]`",
        t[0],
        "hand-written `if (1..=64).contains(&v.len())`",
        t[1],
        Some(1.1),
    ));

    eprintln!("timing: a setter's result, branched on or kept");
    let t = compare(&mut [
        Case::new(branched_ours),
        Case::new(branched_hand),
        Case::new(kept_ours),
        Case::new(kept_hand),
    ]);
    rows.push(row(
        "`set_math(98)`, result branched on",
        t[0],
        "hand-written with a 24-byte error, branched on",
        t[1],
        None,
    ));
    rows.push(row(
        "`let r = black_box(set_math(98)); drop(r)`",
        t[2],
        "hand-written, the same (no drop glue)",
        t[3],
        None,
    ));

    eprintln!("timing: deserializing a {ENTRIES}-entry document");
    let valid = document(0);
    let invalid = document(10);
    assert!(serde_json::from_str::<Fleet>(&valid).is_ok());
    let failures = serde_json::from_str::<Fleet>(&invalid)
        .expect_err("a tenth of the entries are out of range")
        .to_string()
        .matches(" must ")
        .count();
    assert_eq!(failures, 2 * ENTRIES / 10, "every failure is reported");
    let t = compare(&mut [
        Case::new(|n| read_ours(n, &valid)),
        Case::new(|n| read_plain(n, &valid)),
        Case::new(|n| read_ours(n, &invalid)),
        Case::new(|n| read_plain(n, &invalid)),
    ]);
    rows.push(row(
        &format!("`from_str::<Fleet>`: {ENTRIES} entries, all valid"),
        t[0],
        "serde's derive on the same fields, no checks",
        t[1],
        None,
    ));
    rows.push(row(
        &format!(
            "`from_str::<Fleet>`: {ENTRIES} entries, {} failures reported with paths",
            2 * ENTRIES / 10
        ),
        t[2],
        "serde's derive on the same document, no checks",
        t[3],
        None,
    ));
    rows
}
