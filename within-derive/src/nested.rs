//! `#[within(nested)]`: a field that holds structs with their own checks (or an `Option`,
//! `Vec` or array of them). Its values are valid by construction, so it gets `f()` and
//! `f_mut()` rather than a setter, and `validate()` descends into it, giving each failure its
//! path (`primary.pool_size`, `replicas[1].port`).

use crate::ast::{Field, Input};
use crate::checks::{self, Names};
use proc_macro2::TokenStream;
use quote::quote;
use syn::Ident;

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

/// `<T as Nested>::holds(&self.f)`: the fast path of `validate` for one nested field.
pub fn holds(input: &Input, field: &Field) -> TokenStream {
    let holds = checks::field_op(input, field, "holds");
    let member = &field.member;
    quote!(#holds(&self.#member))
}

/// The step `field` adds to a path: its name, or none when serde flattens it.
pub fn segment(input: &Input, field: &Field, names: Names) -> TokenStream {
    let private = input.private();
    if names == Names::Wire && field.serde_flatten {
        return quote!(#private::Segment::Same);
    }
    let name = checks::field_name(input, field, names);
    quote!(#private::Segment::Field(#name))
}

/// Records every failure inside `self.f`, one step further down the path.
pub fn report(input: &Input, field: &Field, checks: &Ident) -> TokenStream {
    let private = input.private();
    let report = checks::field_op(input, field, "report");
    let member = &field.member;
    let owner = input.name();
    let segment = segment(input, field, Names::Rust);
    quote! {
        #private::Checks::enter(#checks, #owner, #segment, |#checks| #report(&self.#member, #checks));
    }
}
