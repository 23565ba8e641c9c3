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

/// Parenthesised bounds: `unused_parens` must not fire on code the user did not write.
#[derive(Validated, Debug)]
pub struct Parenthesised {
    #[within((1), (10 - 1))]
    level: u8,
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

/// Every struct option and every kind of check, under the same lints.
#[derive(Validated, Debug)]
#[within(deserialize, default, schema, draft = EverythingDraft)]
pub struct Everything {
    #[within(1, 64, default = 8)]
    size: u32,
    #[within(0, self.size, default = 2)]
    idle: u32,
    #[within(len(1..=8), default = "x".to_owned())]
    name: String,
    #[within(chars(..4), default = None)]
    nick: Option<String>,
    #[within(0.0..1.0, default = 0.5)]
    ratio: f64,
    #[within(nested)]
    parts: Vec<Part>,
}

/// A nested part.
#[derive(Validated, Debug, Default)]
#[within(deserialize, schema, manual(Default))]
pub struct Part(#[within(0, 9)] u8);

#[test]
fn strict_lints_accept_every_option() {
    let everything = Everything::default();
    assert_eq!(everything.idle(), 2);
    let draft = EverythingDraft::default();
    assert!(Everything::try_from(draft).is_ok());
}

/// A deprecated struct: the expansion names it, and the lint is the user's to silence at their
/// own uses, not at the derive.
#[deprecated = "use `Everything`"]
#[derive(Validated, Debug)]
#[within(deserialize, default, schema, draft = OldDraft)]
pub struct Old {
    #[within(1, 10, default = 5)]
    level: u8,
    #[within(nested)]
    part: Option<Part>,
}

#[test]
#[allow(deprecated)]
fn a_deprecated_struct_derives_without_warnings() {
    assert_eq!(Old::default().level(), 5);
    assert!(Old::try_from(OldDraft::default()).is_ok());
}
