//! The `#[derive(Validated)]` macro of [within-runtime](https://docs.rs/within-runtime).
//!
//! This crate is an implementation detail: depend on `within-runtime`, which re-exports the
//! derive and holds everything the generated code calls, and read its documentation.

#![deny(missing_docs)]

// The pipeline, top-down: each file imports only from the groups above it (CI checks that no
// file imports from one that calls it).
//
// leaves       ctxt (the error collector), text (source text), case (rename_all), syntax
// parse        attr (the grammar of #[within]), expr (a bound or default), helper_attrs
//              (what #[serde] and #[schemars] say)
// model        ast, prop
// check        valid
// shared gen   rules (a field's rules beyond bounds), checks (one field's check), pairs (the
//              bounds a pair implies), setter, tokens, generics
// capabilities accessors, lengths, nested, keys, constructors, constants, validated,
//              defaults, drafts, deserialize, schema
// error path   fallback
// driver       expand
mod case;
mod ctxt;
mod syntax;
mod text;

mod attr;
mod expr;
mod helper_attrs;

mod ast;
mod prop;

mod valid;

mod checks;
mod generics;
mod pairs;
mod rules;
mod setter;
mod tokens;

mod accessors;
mod constants;
mod constructors;
mod defaults;
mod deserialize;
mod drafts;
mod keys;
mod lengths;
mod nested;
mod schema;
mod validated;

mod fallback;

mod expand;

#[cfg(test)]
mod generated_inputs;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// Range-checked fields: see the documentation of `within_runtime`.
// `serde` and `schemars` are declared too, so that `#[serde(rename)]` and
// `#[schemars(description)]` on a struct that derives only `Validated` (with
// `#[within(deserialize)]` or `#[within(schema)]`) are accepted.
#[proc_macro_derive(Validated, attributes(within, serde, schemars))]
pub fn derive_validated(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}
