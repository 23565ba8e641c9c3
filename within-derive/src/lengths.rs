//! `#[within(len(..))]` and `#[within(chars(..))]`: the getter lends the value (`&str` for a
//! `String`, `&[T]` for a `Vec<T>`), the setter takes it owned and drops it if rejected.

use crate::ast::Field;
use crate::prop::{borrowed, generic_arg_of};
use proc_macro2::TokenStream;
use quote::quote;

/// The getter's return type and body.
///
/// Output, for `name: String`: `-> &str { &self.name }`; for `name: Option<String>`:
/// `-> Option<&str> { self.name.as_deref() }`.
pub fn getter(field: &Field) -> (TokenStream, TokenStream) {
    let member = &field.member;
    match generic_arg_of(field.ty, "Option") {
        Some(inner) => {
            let lent = borrowed(inner);
            let body = if lent.to_string() == quote!(#inner).to_string() {
                quote!(self.#member.as_ref())
            } else {
                quote!(self.#member.as_deref())
            };
            (quote!(::core::option::Option<&#lent>), body)
        }
        None => {
            let lent = borrowed(field.ty);
            (quote!(&#lent), quote!(&self.#member))
        }
    }
}

/// The getter's doc comment.
pub fn getter_doc(field: &Field) -> String {
    let option = if generic_arg_of(field.ty, "Option").is_some() {
        "; `None` is always accepted"
    } else {
        ""
    };
    format!(
        "Returns `{}`, which is always {}{option}.",
        field.name(),
        crate::checks::describe(field)
    )
}
