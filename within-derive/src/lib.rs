//! The `#[derive(Validated)]` macro of [within-runtime](https://docs.rs/within-runtime).
//!
//! This crate is an implementation detail: depend on `within-runtime`, which re-exports the
//! derive and holds everything the generated code calls, and read its documentation.

#![deny(missing_docs)]

mod ast;
mod attr;
mod case;
mod checks;
mod constants;
mod ctxt;
mod defaults;
mod deserialize;
mod drafts;
mod expand;
mod fallback;
#[cfg(test)]
mod generated_inputs;
mod lengths;
mod nested;
mod pairs;
mod prop;
mod schema;
mod text;
mod valid;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// Range-checked fields: see the documentation of `within_runtime`.
// `serde` is declared too, so `#[serde(rename)]` on a struct that derives only `Validated`
// (with `#[within(deserialize)]`) is accepted.
#[proc_macro_derive(Validated, attributes(within, serde))]
pub fn derive_validated(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}
