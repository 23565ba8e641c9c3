//! `#[within(len(..))]` and `#[within(chars(..))]`: the getter lends the value (`&str` for a
//! `String`, `&[T]` for a `Vec<T>`), the setter takes it owned and drops it if rejected.

use crate::ast::{Field, Input};
use crate::setter::{getter_doc, setter};
use crate::syntax::borrowed;
use proc_macro2::TokenStream;
use quote::quote;

/// The getter's return type and body.
///
/// Output, for `name: String`: `-> &str { &self.name }`; for `name: Option<String>`:
/// `-> Option<&str> { self.name.as_deref() }`.
pub fn getter(field: &Field) -> (TokenStream, TokenStream) {
    let member = &field.member;
    match field.option_inner() {
        Some(inner) => match borrowed(inner) {
            Some(lent) => (
                quote!(::core::option::Option<&#lent>),
                quote!(self.#member.as_deref()),
            ),
            None => (
                quote!(::core::option::Option<&#inner>),
                quote!(self.#member.as_ref()),
            ),
        },
        None => {
            let ty = field.ty;
            let lent = borrowed(ty).unwrap_or_else(|| quote!(#ty));
            (quote!(&#lent), quote!(&self.#member))
        }
    }
}

pub fn accessors(input: &Input, field: &Field) -> TokenStream {
    let vis = input.vis;
    let getter = input.getter_name(field);
    let (lent, body) = self::getter(field);
    let get_doc = getter_doc(field);
    let setter = setter(input, field);
    quote! {
        #[doc = #get_doc]
        #[inline]
        #vis fn #getter(&self) -> #lent {
            #body
        }

        #setter
    }
}
