//! The generated code passes strict lint settings that a user cannot fix in code they did not
//! write.

#![deny(warnings, unused_qualifications, missing_docs, unreachable_pub)]
#![deny(clippy::all, clippy::pedantic)]
#![allow(clippy::missing_errors_doc)] // documented by the generated text, not a heading

//! A crate-level doc, as `missing_docs` wants.

use within_runtime::Validated;

/// A public struct with more fields than clippy's argument limit, some never used.
#[derive(Validated, Debug)]
pub struct Wide {
    #[within(0, 1)]
    a: u8,
    #[within(0, 1)]
    b: u8,
    #[within(0, 1)]
    c: u8,
    #[within(0, 1)]
    d: u8,
    #[within(0.0, 1.0)]
    e: f64,
    /// Unchecked.
    pub f: u8,
    /// Unchecked.
    pub g: u8,
    /// Unchecked.
    pub h: u8,
}

/// A private struct whose generated methods are never called.
#[derive(Validated)]
struct Unused {
    #[within(0, 1)]
    a: u8,
}

#[test]
fn strict_lints_accept_the_expansion() {
    let wide = Wide::try_new(0, 1, 0, 1, 0.5, 9, 9, 9).unwrap();
    assert_eq!(wide.e().to_bits(), 0.5_f64.to_bits());
}
