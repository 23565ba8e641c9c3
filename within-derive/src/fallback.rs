//! What is emitted beside the errors of an invalid input: the items a valid input would have
//! produced, with bodies that are never run. Code that uses them then compiles, so one mistake
//! in an attribute gives one error, not one more for every call of a missing method.

use crate::ast::Input;
use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

pub fn expand(original: &DeriveInput, input: Option<&Input>) -> TokenStream {
    let ident = &original.ident;
    let (impl_generics, ty_generics, where_clause) = original.generics.split_for_impl();
    let inherent = input.map(|input| {
        let vis = input.vis;
        let accessors = input.marked_fields().map(|field| {
            let ty = field.ty;
            let getter = field.getter_name();
            let setter = field.setter_name();
            quote! {
                #vis fn #getter(&self) -> #ty {
                    ::within_runtime::__private::unreachable!()
                }
                #vis fn #setter(
                    &mut self,
                    _: #ty,
                ) -> ::core::result::Result<(), ::within_runtime::__private::OutOfRange> {
                    ::within_runtime::__private::unreachable!()
                }
            }
        });
        let params = input.fields.iter().map(|field| {
            let ty = field.ty;
            quote!(_: #ty)
        });
        quote! {
            #[allow(dead_code, clippy::too_many_arguments)]
            impl #impl_generics #ident #ty_generics #where_clause {
                #(#accessors)*
                #vis fn try_new(
                    #(#params),*
                ) -> ::core::result::Result<Self, ::within_runtime::__private::Invalid> {
                    ::within_runtime::__private::unreachable!()
                }
            }
        }
    });
    quote! {
        #[doc(hidden)]
        const _: () = {
            #inherent

            impl #impl_generics ::within_runtime::__private::Validated
                for #ident #ty_generics #where_clause
            {
                const FIELDS: &'static [::within_runtime::__private::FieldSpec] = &[];
                fn validate(
                    &self,
                ) -> ::core::result::Result<(), ::within_runtime::__private::Invalid> {
                    ::within_runtime::__private::unreachable!()
                }
            }
        };
    }
}
