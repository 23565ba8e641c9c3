//! Generates the impls for a checked model. Every path is absolute: `::core::...` for the
//! language, `::within_runtime::__private::...` for the runtime, so nothing in the user's scope
//! can change what the code means.

use crate::ast::{Field, Input};
use crate::attr::Within;
use crate::ctxt::Ctxt;
use crate::text::{expr_text, type_text};
use crate::{fallback, valid};
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Ident};

pub fn derive(input: &DeriveInput) -> TokenStream {
    let cx = Ctxt::default();
    let model = Input::from_syn(&cx, input);
    if let Some(model) = &model {
        valid::check(&cx, model);
    }
    match (cx.check(), model) {
        (Ok(()), Some(model)) => expand(&model),
        (Err(error), model) => {
            let mut tokens = error.to_compile_error();
            tokens.extend(fallback::expand(input, model.as_ref()));
            tokens
        }
        (Ok(()), None) => unreachable!("a missing model always comes with an error"),
    }
}

/// Input:
///
/// ```text
/// pub struct Exam { #[within(0, 100)] math: u32, note: String }
/// ```
///
/// Output, inside `const _: () = { .. };`:
///
/// ```text
/// impl Exam {
///     pub fn math(&self) -> u32 { get(&self.math) }
///     pub fn set_math(&mut self, value: u32) -> Result<(), OutOfRange> {
///         set(&mut self.math, value, RANGE, SITE)
///     }
///     pub fn try_new(math: u32, note: String) -> Result<Self, Invalid> {
///         let mut checks = Checks::new();
///         let math = checks.check(math, RANGE, SITE);
///         match checks.finish() { Ok(()) => Ok(Self { math, note }), Err(e) => Err(e) }
///     }
/// }
/// impl Validated for Exam { FIELDS, validate(), registry() }
/// ```
fn expand(input: &Input) -> TokenStream {
    let ident = input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let accessors = input.checked_fields().map(|field| accessors(input, field));
    let try_new = try_new(input);
    let fields = input.checked_fields().map(|field| field_spec(field));
    let validate = validate(input);
    let registry = registry(input);
    quote! {
        #[doc(hidden)]
        #[allow(non_upper_case_globals, unused_qualifications)]
        const _: () = {
            #[automatically_derived]
            #[allow(dead_code)]
            impl #impl_generics #ident #ty_generics #where_clause {
                #(#accessors)*
                #try_new
            }

            #[automatically_derived]
            impl #impl_generics ::within_runtime::__private::Validated
                for #ident #ty_generics #where_clause
            {
                const FIELDS: &'static [::within_runtime::__private::FieldSpec] = &[#(#fields),*];
                #validate
                #registry
            }
        };
    }
}

fn within<'a>(field: &'a Field) -> &'a Within {
    match &field.within {
        Some(within) => within,
        None => unreachable!("only checked fields are expanded"),
    }
}

/// `[min, max]` as written, for doc comments.
fn bounds_text(field: &Field) -> String {
    let Within { min, max } = within(field);
    format!("[{}, {}]", expr_text(min), expr_text(max))
}

/// The field's bounds as a `Range`, evaluated at compile time. The bound expressions keep
/// their own spans, so a bound of the wrong type is reported on the bound itself.
fn range(field: &Field) -> TokenStream {
    let Within { min, max } = within(field);
    let ty = field.ty;
    quote_spanned! {ty.span()=>
        const { ::within_runtime::__private::Range::<#ty> { min: #min, max: #max } }
    }
}

/// Where the field is, for error messages: one `'static` constant per field.
fn site(input: &Input, field: &Field) -> TokenStream {
    let owner = input.name();
    let name = field.name();
    quote! {
        const { &::within_runtime::__private::Site::new(#owner, #name) }
    }
}

fn accessors(input: &Input, field: &Field) -> TokenStream {
    let vis = input.vis;
    let member = field.ident;
    let ty = field.ty;
    let getter = field.getter_name();
    let setter = field.setter_name();
    let value = Ident::new("value", Span::mixed_site());
    let name = field.name();
    let bounds = bounds_text(field);
    let range = range(field);
    let site = site(input, field);
    // Spanned at the type, so a type that is not `Bounded` is reported there.
    let get = quote_spanned!(ty.span()=> <#ty as ::within_runtime::__private::Field>::get);
    let set = quote_spanned!(ty.span()=> <#ty as ::within_runtime::__private::Field>::set);
    quote! {
        #[doc = ::core::concat!("Returns `", #name, "`, which is always within ", #bounds, ".")]
        #[inline]
        #vis fn #getter(&self) -> #ty {
            #get(&self.#member)
        }

        #[doc = ::core::concat!(
            "Sets `", #name, "` to `value` if it is within ", #bounds, " (inclusive).\n\n",
            "Otherwise returns an [`OutOfRange`](::within_runtime::OutOfRange) error and leaves ",
            "the field as it was.",
        )]
        #[inline]
        #vis fn #setter(
            &mut self,
            #value: #ty,
        ) -> ::core::result::Result<(), ::within_runtime::__private::OutOfRange> {
            #set(&mut self.#member, #value, #range, #site)
        }
    }
}

fn try_new(input: &Input) -> TokenStream {
    let vis = input.vis;
    let name = input.name();
    let checks = Ident::new("__within_checks", Span::mixed_site());
    let params = input.fields.iter().map(|field| {
        let param = field.param_name();
        let ty = field.ty;
        quote!(#param: #ty)
    });
    let check_each = input.checked_fields().map(|field| {
        let param = field.param_name();
        let range = range(field);
        let site = site(input, field);
        let ty = field.ty;
        let check = quote_spanned!(ty.span()=> <#ty as ::within_runtime::__private::Field>::check);
        quote! {
            let #param = #check(#param, &mut #checks, #range, #site);
        }
    });
    let build = input.fields.iter().map(|field| {
        let member = field.ident;
        let param = field.param_name();
        quote!(#member: #param)
    });
    let body = if input.checked_fields().next().is_none() {
        quote!(::core::result::Result::Ok(Self { #(#build),* }))
    } else {
        quote! {
            let mut #checks = ::within_runtime::__private::Checks::new();
            #(#check_each)*
            match #checks.finish() {
                ::core::result::Result::Ok(()) => ::core::result::Result::Ok(Self { #(#build),* }),
                ::core::result::Result::Err(error) => ::core::result::Result::Err(error),
            }
        }
    };
    let doc_fields = input.checked_fields().map(|field| {
        let field_name = field.name();
        let bounds = bounds_text(field);
        quote!("\n- `", #field_name, "` within ", #bounds)
    });
    quote! {
        #[doc = ::core::concat!(
            "Returns a new `", #name, "` with every field in declaration order, checking that:\n",
            #(#doc_fields,)*
            "\n\nReturns an [`Invalid`](::within_runtime::Invalid) error naming every field out ",
            "of range.",
        )]
        #[inline]
        #[allow(clippy::too_many_arguments)]
        #vis fn try_new(
            #(#params),*
        ) -> ::core::result::Result<Self, ::within_runtime::__private::Invalid> {
            #body
        }
    }
}

fn field_spec(field: &Field) -> TokenStream {
    let Within { min, max } = within(field);
    let name = field.name();
    let min = expr_text(min);
    let max = expr_text(max);
    let ty = type_text(field.ty);
    quote! {
        ::within_runtime::__private::FieldSpec::new(#name, #min, #max, #ty)
    }
}

fn validate(input: &Input) -> TokenStream {
    let checks = Ident::new("__within_checks", Span::mixed_site());
    let body = if input.checked_fields().next().is_none() {
        quote!(::core::result::Result::Ok(()))
    } else {
        let check_each = input.checked_fields().map(|field| {
            let member = field.ident;
            let ty = field.ty;
            let range = range(field);
            let site = site(input, field);
            let check =
                quote_spanned!(ty.span()=> <#ty as ::within_runtime::__private::Field>::check);
            quote! {
                #check(<#ty as ::within_runtime::__private::Field>::get(&self.#member), &mut #checks, #range, #site);
            }
        });
        quote! {
            let mut #checks = ::within_runtime::__private::Checks::new();
            #(#check_each)*
            #checks.finish()
        }
    };
    quote! {
        #[inline]
        fn validate(&self) -> ::core::result::Result<(), ::within_runtime::__private::Invalid> {
            #body
        }
    }
}

/// A non-generic struct keeps its registry in a `static`; a generic one uses the trait's
/// default, a table keyed by type, since a `static` in a generic impl would be shared by every
/// instantiation (and cannot name the type parameters anyway).
fn registry(input: &Input) -> TokenStream {
    if input.is_generic() {
        return TokenStream::new();
    }
    let ident = input.ident;
    quote! {
        fn registry() -> &'static ::within_runtime::__private::Registry<Self> {
            static REGISTRY: ::within_runtime::__private::Registry<#ident> =
                ::within_runtime::__private::Registry::new();
            &REGISTRY
        }
    }
}
