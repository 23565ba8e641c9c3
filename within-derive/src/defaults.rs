//! `Default`: refused when it would skip the checks, generated through them when asked.
//!
//! `#[derive(Default)]` beside `#[derive(Validated)]` would start every field at its type's
//! default, in range or not. For a struct without type or const parameters (lifetimes are
//! asked about as `'static`) the derive proves at compile time that the struct has no
//! `Default` it did not generate (see the runtime's `defaults` module), and
//! `#[within(default)]` generates one that goes through `try_new`, from each field's
//! `default = ..`.

use crate::ast::Input;
use crate::generics::where_clause;
use crate::tokens::{default_value, escape_format};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

pub fn expand(input: &Input) -> TokenStream {
    let mut tokens = probe(input);
    if input.attrs.default.is_some() {
        tokens.extend(default_impl(input));
    }
    tokens
}

/// Fails the build if the struct implements `Default` without the derive: nothing marks such
/// an impl as checked unless the user says so with `manual(Default)`.
///
/// Output: `const _: () = if Probe::<Pool>::IS_DEFAULT { panic!("..") };`
fn probe(input: &Input) -> TokenStream {
    let attrs = &input.attrs;
    let Some(probed) = input.probe_type() else {
        return TokenStream::new();
    };
    if attrs.default.is_some()
        || attrs.manual_default.is_some()
        || (input.bounded_fields().next().is_none() && input.attrs.invariants.is_empty())
    {
        return TokenStream::new();
    }
    let private = input.private();
    let message = escape_format(&format!(
        "`{}` implements `Default`, which would start its #[within] fields unchecked: derive a \
         checked `Default` with #[within(default)] and `default = ..` on each checked field, or \
         mark a hand-written impl that goes through `try_new` with #[within(manual(Default))]",
        input.name()
    ));
    quote! {
        const _: () = {
            use #private::NoDefault as _;
            if #private::Probe::<#probed>::IS_DEFAULT {
                ::core::panic!(#message)
            }
        };
    }
}

/// `impl Default` through `try_new`: each checked field from its `default = ..`, every other
/// field from its type's `Default` (a nested struct's own, checked one).
fn default_impl(input: &Input) -> TokenStream {
    let ident = input.ident;
    let private = input.private();
    let (impl_generics, ty_generics, _) = input.generics.split_for_impl();
    let mut where_clause = where_clause(input);
    let values = input.fields.iter().map(|field| match field.default() {
        Some(_) => default_value(input, field, &quote!(Self)),
        None => {
            if input.mentions_type_param(field.ty) {
                let ty = field.ty;
                let clause = where_clause.get_or_insert_with(|| syn::parse_quote!(where));
                clause
                    .predicates
                    .push(syn::parse_quote!(#ty: ::core::default::Default));
            }
            // At the field's type, where a type without `Default` is the mistake.
            let ty = field.ty;
            quote_spanned!(ty.span()=> <#ty as ::core::default::Default>::default())
        }
    });
    let values: Vec<_> = values.collect();
    let owner = input.name();
    quote! {
        #[automatically_derived]
        impl #impl_generics ::core::default::Default for #ident #ty_generics #where_clause {
            fn default() -> Self {
                match Self::try_new(#(#values),*) {
                    ::core::result::Result::Ok(__within_value) => __within_value,
                    ::core::result::Result::Err(__within_error) => {
                        #private::default_failed(#owner, __within_error)
                    }
                }
            }
        }
    }
}
