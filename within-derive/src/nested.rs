//! `#[within(nested)]` alone: a field that holds structs with their own checks (or an
//! `Option`, `Vec`, map .. of them). Its values are valid by construction, so it gets `f()` and
//! `f_mut()` rather than a setter, and `validate()` descends into it, giving each failure its
//! path (`primary.pool_size`, `replicas[1].port`). Beside a length or rules, the field's
//! accessors are theirs (`lengths.rs`, `accessors.rs`), and the descent is the same.

use crate::ast::{Field, Input};
use crate::setter::tentative_body;
use crate::tokens::doc_link;
use proc_macro2::TokenStream;
use quote::quote;

/// `fn f(&self) -> &T` and `fn f_mut(&mut self) -> &mut T`; in a struct with invariants, a
/// checked `fn set_f(&mut self, f: T)` instead, since a change through `&mut` would go unseen.
pub fn accessors(input: &Input, field: &Field) -> TokenStream {
    if !input.attrs.invariants.is_empty() {
        return checked_accessors(input, field);
    }
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

/// `fn f(&self) -> &T` and `fn set_f(&mut self, f: T) -> Result<(), OutOfRange>`, which
/// stores the new value only if the struct's invariants hold with it.
fn checked_accessors(input: &Input, field: &Field) -> TokenStream {
    let vis = input.vis;
    let private = input.private();
    let member = &field.member;
    let ty = field.ty;
    let getter = input.getter_name(field);
    let setter = input.setter_name(field);
    let param = input.param_name(field);
    let name = field.name();
    let get_doc = format!(
        "Returns `{name}`, whose structs keep their own checks (it is `#[within(nested)]`)."
    );
    let set_doc = format!(
        "Sets `{name}` if the struct's invariants hold with the new value.\n\n\
         Otherwise returns an {} error and leaves the field as it was.",
        doc_link(input, "OutOfRange"),
    );
    let body = tentative_body(input, field);
    quote! {
        #[doc = #get_doc]
        #[inline]
        #vis fn #getter(&self) -> &#ty {
            &self.#member
        }

        #[doc = #set_doc]
        #[inline]
        #vis fn #setter(
            &mut self,
            #param: #ty,
        ) -> ::core::result::Result<(), #private::OutOfRange> {
            #body
        }
    }
}
