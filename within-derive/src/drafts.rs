//! `#[within(draft = ExamDraft)]`: a public, unchecked struct with the same fields, to build a
//! value by field name (`ExamDraft { math: 95, ..Default::default() }`), and
//! `TryFrom<ExamDraft>` for the struct, which checks every field at once.

use crate::ast::{Input, Style};
use crate::generics::where_clause;
use crate::syntax::replace_self;
use crate::tokens::{default_value, doc_link, literal};
use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

/// The draft struct, which stands beside the struct (not inside the derive's `const _`), so
/// that it can be named.
///
/// Output: `pub struct ExamDraft { /// docs of math \n pub math: u32, .. }`
pub fn definition(input: &Input) -> TokenStream {
    let Some(draft) = &input.attrs.draft else {
        return TokenStream::new();
    };
    let vis = input.vis;
    let generics = input.generics;
    let where_clause = &input.generics.where_clause;
    let name = input.name();
    let doc = format!(
        "An unchecked draft of [`{name}`]: the same fields, public, to fill in by name. \
         `{name}::try_from(draft)` checks every field and reports every failure; when every \
         field type has a `Default`, so does the draft, starting each checked field at its \
         `default = ..`."
    );
    let fields = input.fields.iter().map(|field| {
        let docs = if field.docs.is_empty() {
            let doc = match field.bounds() {
                Some(_) => format!(
                    "`{}` of [`{name}`], to be {} when checked.",
                    field.name(),
                    crate::checks::describe(field)
                ),
                None => format!("`{}` of [`{name}`].", field.name()),
            };
            quote!(#[doc = #doc])
        } else {
            let docs = &field.docs;
            quote!(#(#docs)*)
        };
        let ty = own_type(input, field);
        match input.style {
            Style::Named => {
                let member = &field.member;
                quote!(#docs pub #member: #ty)
            }
            Style::Tuple => quote!(#docs pub #ty),
        }
    });
    match input.style {
        Style::Named => quote! {
            #[doc = #doc]
            #vis struct #draft #generics #where_clause {
                #(#fields),*
            }
        },
        Style::Tuple => quote! {
            #[doc = #doc]
            #vis struct #draft #generics (#(#fields),*) #where_clause;
        },
    }
}

/// The field's type as the draft names it: `Self` in it means the struct, not the draft.
fn own_type(input: &Input, field: &crate::ast::Field) -> TokenStream {
    let ident = input.ident;
    let (_, ty_generics, _) = input.generics.split_for_impl();
    replace_self(field.ty.to_token_stream(), &quote!(#ident #ty_generics))
}

/// `TryFrom<Draft>` for the struct, and `Default` for the draft where every field type that has
/// no `default = ..` is `Default`.
pub fn impls(input: &Input) -> TokenStream {
    let Some(draft) = &input.attrs.draft else {
        return TokenStream::new();
    };
    let ident = input.ident;
    let private = input.private();
    let (impl_generics, ty_generics, _) = input.generics.split_for_impl();
    let where_clause = where_clause(input);
    let owner = quote!(<#ident #ty_generics>);
    let taken = input.fields.iter().map(|field| {
        let member = &field.member;
        quote!(__within_draft.#member)
    });
    let mut default_clause = input
        .generics
        .where_clause
        .clone()
        .unwrap_or_else(|| syn::parse_quote!(where));
    let starts: Vec<_> = input
        .fields
        .iter()
        .map(|field| {
            match field.default() {
                Some(_) => default_value(input, field, &owner),
                None => {
                    // Behind a `for<'a>`, a bound that does not hold leaves the impl out
                    // instead of failing the build: the draft is `Default` when it can be.
                    let ty = own_type(input, field);
                    default_clause
                        .predicates
                        .push(syn::parse_quote!(for<'__within> #ty: ::core::default::Default));
                    quote!(::core::default::Default::default())
                }
            }
        })
        .collect();
    let build = literal(input, quote!(#draft), starts);
    let doc = format!(
        "Checks every field of the draft, and returns an {} error naming every one out of range.",
        doc_link(input, "Invalid")
    );
    quote! {
        #[automatically_derived]
        impl #impl_generics ::core::convert::TryFrom<#draft #ty_generics> for #ident #ty_generics #where_clause {
            type Error = #private::Invalid;

            #[doc = #doc]
            #[inline]
            fn try_from(
                __within_draft: #draft #ty_generics,
            ) -> ::core::result::Result<Self, #private::Invalid> {
                Self::try_new(#(#taken),*)
            }
        }

        #[automatically_derived]
        impl #impl_generics ::core::default::Default for #draft #ty_generics #default_clause {
            fn default() -> Self {
                #build
            }
        }
    }
}
