//! `#[within(nested)]`: a field that holds structs with their own checks (or an `Option`,
//! `Vec` or array of them). Its values are valid by construction, so it gets `f()` and
//! `f_mut()` rather than a setter, and `validate()` descends into it, giving each failure its
//! path (`primary.pool_size`, `replicas[1].port`).

use crate::ast::{Field, Input};
use proc_macro2::TokenStream;
use quote::quote;

/// `fn f(&self) -> &T` and `fn f_mut(&mut self) -> &mut T`.
pub fn accessors(input: &Input, field: &Field) -> TokenStream {
    let vis = input.vis;
    let member = &field.member;
    let ty = field.ty;
    let getter = input.getter_name(field);
    let getter_mut = input.setter_name(field);
    let name = field.name();
    let get_doc = format!(
        "Returns `{name}`, whose structs keep their own checks (it is `#[within(nested)]`)."
    );
    let mut_doc =
        format!("Returns `{name}` to change: its structs' own checked setters keep them valid.");
    quote! {
        #[doc = #get_doc]
        #[inline]
        #vis fn #getter(&self) -> &#ty {
            &self.#member
        }

        #[doc = #mut_doc]
        #[inline]
        #vis fn #getter_mut(&mut self) -> &mut #ty {
            &mut self.#member
        }
    }
}
