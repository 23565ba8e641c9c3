//! What the compiler checks: `new_const`, and the constants that reject an empty range or an
//! out-of-range default at compile time.

use crate::ast::{Field, Input};
use crate::attr::Bound;
use crate::checks::{self, describe};
use crate::prop::Kind;
use crate::syntax::is_primitive;
use crate::tokens::{construct, escape_format, params};
use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

/// `new_const`, for structs whose checked fields are all primitive numbers or `char`, which a
/// `const fn` can compare. Evaluated in a constant, an out-of-range value fails the build.
///
/// Output, for `#[within(0, self.pool_size)] min_idle: u32`:
///
/// ```text
/// if !(const { 0 } <= min_idle && min_idle <= pool_size) {
///     panic!("Pool.min_idle must be within [0, pool_size]");
/// }
/// ```
pub fn new_const(input: &Input) -> TokenStream {
    if !input.is_const_checkable() {
        return TokenStream::new();
    }
    let vis = input.vis;
    let name = input.name();
    let params = params(input);
    let construct = construct(input);
    let checks = input.bounded_fields().map(|field| {
        let Some(bounds) = field.bounds() else {
            unreachable!("bounded fields have bounds");
        };
        let value = syn::Ident::new("__within_value", proc_macro2::Span::mixed_site());
        let other = syn::Ident::new("__within_other", proc_macro2::Span::mixed_site());
        // `compare(bound)` is `bound <= value` (or `value <= bound`); a field that is an empty
        // `Option` bounds nothing.
        let side = |bound: &Bound, compare: &dyn Fn(TokenStream) -> TokenStream| match bound {
            Bound::Const(expr) => compare(checks::const_value(field, expr)),
            Bound::Field { member, .. } => match input.field(member) {
                Some(partner) if partner.kind() == Kind::OptionValue => {
                    let param = input.param_name(partner);
                    let compared = compare(quote!(#other));
                    // In parentheses: first in a block, a bare `match` would be a statement,
                    // and the `&&` after it a reference pattern.
                    quote! {
                        (match #param {
                            ::core::option::Option::Some(#other) => #compared,
                            ::core::option::Option::None => true,
                        })
                    }
                }
                Some(partner) => compare(input.param_name(partner).to_token_stream()),
                None => unreachable!("a bound names an existing field, or the input is invalid"),
            },
        };
        let above_min = match &bounds.min {
            Some(min) => side(min, &|min| quote!((#min <= #value))),
            None => quote!(true),
        };
        let below_max = match &bounds.max {
            Some(max) if bounds.max_exclusive => side(max, &|max| quote!((#value < #max))),
            Some(max) => side(max, &|max| quote!((#value <= #max))),
            None => quote!(true),
        };
        let param = input.param_name(field);
        let holds = if field.kind() == Kind::OptionValue {
            quote! {
                match #param {
                    ::core::option::Option::Some(#value) => #above_min && #below_max,
                    ::core::option::Option::None => true,
                }
            }
        } else {
            quote!({ let #value = #param; #above_min && #below_max })
        };
        let message = if input.is_newtype() {
            format!("{name} must be {}", describe(field))
        } else {
            format!("{name}.{} must be {}", field.name(), describe(field))
        };
        let message = escape_format(&message);
        // Primitive comparisons are allowed in a `const fn`; `PartialOrd::le` is not.
        quote! {
            if !(#holds) {
                ::core::panic!(#message);
            }
        }
    });
    let doc = format!(
        "Returns a new `{name}`, checked at compile time when called in a constant: an \
         out-of-range value there fails the build. Called at run time, it panics instead; \
         prefer `try_new` there.\n\n\
         # Panics\n\nIf a field is out of range."
    );
    quote! {
        #[doc = #doc]
        #[inline]
        #[track_caller]
        #[allow(clippy::too_many_arguments, clippy::manual_range_contains)]
        #vis const fn new_const(#(#params),*) -> Self {
            #(#checks)*
            #construct
        }
    }
}

/// For a struct without generics, a constant per checked field of a primitive type that fails
/// the build when its constant bounds describe an empty range (a NaN bound included) or its
/// `default = ..` is out of range. Literal bounds are also checked by the derive, with a
/// spanned error; this catches the rest (`u8::MAX - 1`, a `const`, `f64::NAN`).
pub fn assertions(input: &Input) -> TokenStream {
    if input.is_generic() {
        return TokenStream::new();
    }
    let asserts = input
        .bounded_fields()
        .filter(|field| primitive_bounds(field))
        .map(|field| field_assertions(input, field));
    quote!(#(#asserts)*)
}

fn primitive_bounds(field: &Field) -> bool {
    match field.kind() {
        Kind::Value | Kind::OptionValue => is_primitive(field.value_ty()),
        Kind::Len(..) => true,
        Kind::Nested => false,
    }
}

fn field_assertions(input: &Input, field: &Field) -> TokenStream {
    let Some(bounds) = field.bounds() else {
        return TokenStream::new();
    };
    let constant = |bound: &Option<Bound>| match bound {
        Some(Bound::Const(expr)) => Some(checks::const_value(field, expr)),
        _ => None,
    };
    let (min, max) = (constant(&bounds.min), constant(&bounds.max));
    let owner = input.name();
    let name = field.name();
    let mut out = TokenStream::new();
    let empty = escape_format(&format!(
        "#[within] on {owner}.{name}: no value is in the range (its minimum is not below its \
         maximum, or a bound is NaN)"
    ));
    let nonempty = match (&min, &max) {
        (Some(min), Some(max)) if bounds.max_exclusive => Some(quote!((#min < #max))),
        (Some(min), Some(max)) => Some(quote!((#min <= #max))),
        // A bound that is not even equal to itself is NaN.
        (Some(bound), None) | (None, Some(bound)) => Some(quote!((#bound <= #bound))),
        (None, None) => None,
    };
    if let Some(nonempty) = nonempty {
        out.extend(quote! {
            const _: () = if !(#nonempty) { ::core::panic!(#empty) };
        });
    }
    // Only a default that is surely a constant: another may call a function that runs when
    // `default()` does, which its own check covers.
    let default = match (&field.within().default, field.kind()) {
        (Some(default), Kind::Value) if is_constant(default) => Some(default),
        _ => None,
    };
    if let Some(default) = default {
        let ty = field.ty;
        let default = crate::syntax::ungroup_expr(default);
        let above = min
            .as_ref()
            .map_or(quote!(true), |min| quote!((#min <= __WITHIN_DEFAULT)));
        let below = match &max {
            Some(max) if bounds.max_exclusive => quote!((__WITHIN_DEFAULT < #max)),
            Some(max) => quote!((__WITHIN_DEFAULT <= #max)),
            None => quote!(true),
        };
        let message = escape_format(&format!(
            "#[within] on {owner}.{name}: the default is not {}",
            describe(field)
        ));
        out.extend(quote! {
            const _: () = {
                const __WITHIN_DEFAULT: #ty = #default;
                if !(#above && #below) {
                    ::core::panic!(#message)
                }
            };
        });
    }
    out
}

/// Literals, paths, operators and casts of them: what is surely a constant expression.
fn is_constant(expr: &syn::Expr) -> bool {
    use syn::Expr;
    match crate::syntax::ungroup_expr(expr) {
        Expr::Lit(_) | Expr::Path(_) => true,
        Expr::Unary(unary) => is_constant(&unary.expr),
        Expr::Binary(binary) => is_constant(&binary.left) && is_constant(&binary.right),
        Expr::Cast(cast) => is_constant(&cast.expr),
        _ => false,
    }
}
