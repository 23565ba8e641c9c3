//! Token helpers every capability shares: struct literals and parameter lists, doc links,
//! text escaped for format strings, a field's `default = ..` as a value.

use crate::ast::{Input, Style};
use crate::prop::Kind;
use crate::text::type_text;
use proc_macro2::TokenStream;
use quote::quote;

/// `Self { a: a, b: b }` or `Self(__within_0, __within_1)` from the parameters.
pub fn construct(input: &Input) -> TokenStream {
    let params = input.fields.iter().map(|field| input.param_name(field));
    literal(input, quote!(Self), params)
}

/// `path { a: A, b: B }`, or `path(A, B)` for a tuple struct: a struct literal (or pattern)
/// with the struct's fields and one value per field, in order.
pub fn literal<V: quote::ToTokens>(
    input: &Input,
    path: TokenStream,
    values: impl IntoIterator<Item = V>,
) -> TokenStream {
    let values = values.into_iter();
    match input.style {
        Style::Named => {
            let members = input.fields.iter().map(|field| &field.member);
            quote!(#path { #(#members: #values),* })
        }
        Style::Tuple => quote!(#path(#(#values),*)),
    }
}

pub fn params<'a>(input: &'a Input) -> impl Iterator<Item = TokenStream> + 'a {
    input.fields.iter().map(|field| {
        let param = input.param_name(field);
        let ty = field.ty;
        quote!(#param: #ty)
    })
}

/// An intra-doc link to a public runtime item, for generated doc comments.
pub fn doc_link(input: &Input, item: &str) -> String {
    format!("[`{item}`]({}::{item})", type_text(input.krate()))
}

/// Text escaped for a format string: a bound written `'{'` must not open a placeholder.
pub fn escape_format(text: &str) -> String {
    text.replace('{', "{{").replace('}', "}}")
}

/// A field's `default = EXPR` as a value of the field's type: for an `Option` field, `EXPR`
/// may be the inner value (`default = 5`) or the option (`default = None`).
pub fn start_value(input: &Input, kind: Kind, ty: &syn::Type, default: &syn::Expr) -> TokenStream {
    let private = input.private();
    let default = crate::syntax::ungroup_expr(default);
    match kind {
        Kind::OptionValue | Kind::Len(_, true) => {
            quote!(<#ty as #private::DefaultOf<_>>::default_of(#default))
        }
        _ => quote!(#default),
    }
}
