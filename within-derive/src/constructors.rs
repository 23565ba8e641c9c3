//! The checked constructors: `try_new`, and a newtype's `into_inner` and `TryFrom`.

use crate::ast::Input;
use crate::checks::{self, Names, Source};
use crate::generics::where_clause;
use crate::tokens::{construct, doc_link, params};
use proc_macro2::TokenStream;
use quote::quote;

/// An expression of type `Result<Self, Invalid>` that checks the parameters, which are in
/// scope, and builds the struct from them. Nested values are valid by construction and are
/// not checked again.
///
/// Output:
///
/// ```text
/// if <A as Field>::holds(&a, RANGE_A) && <B as Field>::holds(&b, RANGE_B) {
///     Ok(Self { a, b })
/// } else {
///     match slow_path(|checks| {
///         <A as Field>::report(&a, checks, (RANGE_A, SITE_A));
///         <B as Field>::report(&b, checks, (RANGE_B, SITE_B));
///     }) {
///         Ok(()) => Ok(Self { a, b }), // only if `PartialOrd` answered differently twice
///         Err(error) => Err(error),
///     }
/// }
/// ```
pub fn checked_construct(input: &Input) -> TokenStream {
    let private = input.private();
    let checks = input.local("checks");
    let error = input.local("error");
    // Built once the fields pass, then checked by the struct's invariants.
    let construct = crate::rules::finish(input, construct(input));
    if input.bounded_fields().next().is_none() {
        return construct;
    }
    let holds = input
        .bounded_fields()
        .map(|field| checks::holds(input, field, Source::Params));
    let reports = input
        .bounded_fields()
        .map(|field| checks::report(input, field, &checks, Source::Params, Names::Rust));
    quote! {
        if #(#holds)&&* {
            #construct
        } else {
            match #private::slow_path(|#checks| { #(#reports)* }) {
                ::core::result::Result::Ok(()) => #construct,
                ::core::result::Result::Err(#error) => ::core::result::Result::Err(#error),
            }
        }
    }
}

pub fn try_new(input: &Input) -> TokenStream {
    let vis = input.vis;
    let private = input.private();
    let name = input.name();
    let params = params(input);
    let body = checked_construct(input);
    let mut doc = format!("Returns a new `{name}` from every field in declaration order");
    if input.bounded_fields().next().is_some() {
        doc.push_str(", checking that:\n");
        for field in input.bounded_fields() {
            doc.push_str(&format!(
                "\n- `{}` is {}",
                field.name(),
                checks::describe(field)
            ));
        }
        doc.push_str(&format!(
            "\n\nReturns an {} error naming every field out of range.",
            doc_link(input, "Invalid")
        ));
    } else {
        doc.push('.');
    }
    quote! {
        #[doc = #doc]
        #[inline]
        #[allow(clippy::too_many_arguments)]
        #vis fn try_new(
            #(#params),*
        ) -> ::core::result::Result<Self, #private::Invalid> {
            #body
        }
    }
}

/// For `struct Percent(#[within(0, 100)] u8)`: `into_inner` and `TryFrom<u8>`. A newtype over
/// a type parameter gets no `TryFrom<T>`: it would overlap core's `impl<T> TryFrom<U> for T
/// where U: Into<T>` for the instantiations where `T` is the newtype itself.
pub fn newtype(input: &Input) -> TokenStream {
    let [field] = input.fields.as_slice() else {
        return TokenStream::new();
    };
    if !input.is_newtype() || field.within.is_none() {
        return TokenStream::new();
    }
    let ident = input.ident;
    let vis = input.vis;
    let private = input.private();
    let ty = field.ty;
    let (impl_generics, ty_generics, _) = input.generics.split_for_impl();
    let where_clause = where_clause(input);
    let try_from = if input.mentions_type_param(ty) {
        TokenStream::new()
    } else {
        quote! {
            #[automatically_derived]
            impl #impl_generics ::core::convert::TryFrom<#ty> for #ident #ty_generics #where_clause {
                type Error = #private::Invalid;

                #[inline]
                fn try_from(
                    __within_value: #ty,
                ) -> ::core::result::Result<Self, #private::Invalid> {
                    Self::try_new(__within_value)
                }
            }
        }
    };
    quote! {
        #[automatically_derived]
        #[allow(dead_code)]
        impl #impl_generics #ident #ty_generics #where_clause {
            /// Returns the value, which is always in range, and drops the wrapper.
            #[inline]
            #vis fn into_inner(self) -> #ty {
                self.0
            }
        }

        #try_from
    }
}
