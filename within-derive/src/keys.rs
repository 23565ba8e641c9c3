//! `#[within(key)]`: the struct's key in its registry, which then keeps at most one live owner
//! per key (an identity map). The key gets a getter and no setter, since a tracked owner's key
//! never changes; the struct implements the runtime's hidden `Keyed` and tells `Validated`
//! that it has one, which unkeyed structs leave at its default and pay nothing for.

use crate::ast::{Field, Input};
use crate::syntax::is_primitive;
use proc_macro2::TokenStream;
use quote::quote;

/// What the key's getter returns: the key itself for a primitive, else a reference to it.
pub fn getter_type(field: &Field) -> TokenStream {
    let ty = field.ty;
    if is_primitive(ty) {
        quote!(#ty)
    } else {
        quote!(&#ty)
    }
}

/// The key's getter.
///
/// Output: `pub const fn id(&self) -> u64 { self.id }`, or `pub fn name(&self) -> &String`.
pub fn accessors(input: &Input, field: &Field) -> TokenStream {
    let vis = input.vis;
    let member = &field.member;
    let getter = input.getter_name(field);
    let returned = getter_type(field);
    let doc = format!(
        "Returns `{}`, the key of this value in its registry (it has no setter: a tracked \
         value's key never changes).",
        field.name()
    );
    if is_primitive(field.ty) {
        quote! {
            #[doc = #doc]
            #[inline]
            #vis const fn #getter(&self) -> #returned {
                self.#member
            }
        }
    } else {
        quote! {
            #[doc = #doc]
            #[inline]
            #vis fn #getter(&self) -> #returned {
                &self.#member
            }
        }
    }
}

/// `impl Keyed` for a struct with a key, and the `Validated::__key` that makes its registry
/// an identity map; nothing for a struct without one.
///
/// Output, for `#[within(key)] id: u64` on `Account`:
///
/// ```text
/// impl Keyed for Account { type Key = u64; const OWNER = "Account"; const KEY_FIELD = "id";
///     fn key(&self) -> &u64 { &self.id } }
/// ```
pub fn keyed(input: &Input) -> TokenStream {
    let Some(field) = input.key_field() else {
        return TokenStream::new();
    };
    let private = input.private();
    let ident = input.ident;
    let ty = field.ty;
    let member = &field.member;
    let owner = input.name();
    let name = field.name();
    quote! {
        #[automatically_derived]
        impl #private::Keyed for #ident {
            type Key = #ty;
            const OWNER: &'static ::core::primitive::str = #owner;
            const KEY_FIELD: &'static ::core::primitive::str = #name;

            #[inline]
            fn key(&self) -> &#ty {
                &self.#member
            }
        }
    }
}

/// The `Validated::__key` of a struct with a key, inside its `impl Validated`.
pub fn key_fn(input: &Input) -> TokenStream {
    if input.key_field().is_none() {
        return TokenStream::new();
    }
    let private = input.private();
    quote! {
        #[inline(always)]
        fn __key() -> ::core::option::Option<#private::KeyOps<Self>> {
            ::core::option::Option::Some(#private::KeyOps::<Self>::of())
        }
    }
}
