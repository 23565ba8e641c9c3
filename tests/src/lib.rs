//! Integration tests of `within`; this library only compiles the README's examples as doctests.

#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
