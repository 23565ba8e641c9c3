//! Token helpers every capability shares: struct literals and parameter lists, doc links,
//! text escaped for format strings, a field's `default = ..` as a value.

use crate::ast::{Field, Input, Style};
use crate::prop::Kind;
use crate::syntax::ungroup_expr;
use crate::text::type_text;
use proc_macro2::{Ident, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

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

/// The function that returns a field's `default = ..`, and the constant that holds it when it
/// is surely one, for the struct's inherent impl: every use calls the function, so the
/// default's tokens are emitted once, and a mistake in them is reported once, at the default.
///
/// Output, for `#[within(1, 64, default = 8)] pool_size: u32` as the third field:
///
/// ```text
/// const __WITHIN_2_DEFAULT: u32 = 8;
/// fn __within_default_2() -> u32 { Self::__WITHIN_2_DEFAULT }
/// ```
pub fn default_fns(input: &Input) -> TokenStream {
    let mut fns = TokenStream::new();
    for field in input.fields.iter() {
        let Some(default) = field.default() else {
            continue;
        };
        let ty = field.ty;
        let function = default_fn_name(input, field);
        let mut value = start_value(input, field.kind(), ty, default);
        if let Some(constant) = default_const(input, field) {
            let default = ungroup_expr(default);
            fns.extend(quote_spanned! {default.span()=>
                #[doc(hidden)]
                const #constant: #ty = #default;
            });
            value = quote!(Self::#constant);
        }
        fns.extend(quote! {
            #[doc(hidden)]
            #[inline]
            fn #function() -> #ty {
                #value
            }
        });
    }
    fns
}

fn default_fn_name(input: &Input, field: &Field) -> Ident {
    input.hidden_item(format!("__within_default_{}", input.index_of(field)))
}

/// The constant that holds a field's `default = ..`, for a field checked by value whose
/// default is surely a constant expression (literals, paths, operators and casts of them), so
/// that the compiler can check it against constant bounds. Any other default may call a
/// function when `default()` runs, and the check there covers it.
pub fn default_const(input: &Input, field: &Field) -> Option<Ident> {
    match (field.default(), field.kind()) {
        (Some(default), Kind::Value) if is_constant(default) => {
            Some(input.hidden_item(format!("__WITHIN_{}_DEFAULT", input.index_of(field))))
        }
        _ => None,
    }
}

/// Literals, paths, operators and casts of them: what is surely a constant expression.
fn is_constant(expr: &syn::Expr) -> bool {
    use syn::Expr;
    match ungroup_expr(expr) {
        Expr::Lit(_) | Expr::Path(_) => true,
        Expr::Unary(unary) => is_constant(&unary.expr),
        Expr::Binary(binary) => is_constant(&binary.left) && is_constant(&binary.right),
        Expr::Cast(cast) => is_constant(&cast.expr),
        _ => false,
    }
}

/// A field's `default = ..`, as a call of the function `default_fns` declares, on `owner`
/// (`Self`, or the struct's type where `Self` is another).
pub fn default_value(input: &Input, field: &Field, owner: &TokenStream) -> TokenStream {
    let function = default_fn_name(input, field);
    quote!(#owner::#function())
}

/// A field's `default = EXPR` as a value of the field's type: for an `Option` field, `EXPR`
/// may be the inner value (`default = 5`) or the option (`default = None`).
fn start_value(input: &Input, kind: Kind, ty: &syn::Type, default: &syn::Expr) -> TokenStream {
    let private = input.private();
    let default = ungroup_expr(default);
    match kind {
        Kind::OptionValue | Kind::Len(_, true) => {
            quote!(<#ty as #private::DefaultOf<_>>::default_of(#default))
        }
        _ => quote!(#default),
    }
}

/// For each nested field whose type is not the struct's own, a `const` that asks `Ty: Trait`
/// at the field's type: a type without the impl is told so there, once, and every other use
/// sits behind a `for<'a>` bound that the missing impl leaves out instead of failing again.
pub fn assert_nested(input: &Input, tr: &TokenStream) -> TokenStream {
    input
        .outer_nested_fields()
        .map(|field| {
            let ty = field.ty;
            quote_spanned! {ty.span()=>
                const _: fn() = || {
                    fn __within_asserted<T: #tr>() {}
                    __within_asserted::<#ty>();
                };
            }
        })
        .collect()
}
