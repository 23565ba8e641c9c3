//! The getter and checked setter of a field checked by value.

use crate::ast::{Field, Input};
use crate::checks::{self, Source};
use crate::setter::{getter_doc, setter};
use crate::syntax::is_primitive;
use proc_macro2::TokenStream;
use quote::quote;

pub fn value_accessors(input: &Input, field: &Field) -> TokenStream {
    let vis = input.vis;
    let member = &field.member;
    let ty = field.ty;
    let getter = input.getter_name(field);
    let get_doc = getter_doc(field);
    let getter = if is_primitive(field.value_ty()) {
        // A `const fn`, so a `new_const` value can be read in a constant.
        quote! {
            #[doc = #get_doc]
            #[inline]
            #vis const fn #getter(&self) -> #ty {
                self.#member
            }
        }
    } else {
        let get = checks::field_op(input, field, "get");
        let value = checks::value_ref(input, field, Source::SelfFields);
        quote! {
            #[doc = #get_doc]
            #[inline]
            #vis fn #getter(&self) -> #ty {
                #get(#value)
            }
        }
    };
    let setter = setter(input, field);
    quote!(#getter #setter)
}
