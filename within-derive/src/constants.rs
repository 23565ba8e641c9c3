//! What the compiler checks: `new_const`, and the constants that reject an empty range or an
//! out-of-range default at compile time.

use crate::ast::{Field, Input};
use crate::attr::Bound;
use crate::checks::{self, describe, End};
use crate::prop::Kind;
use crate::syntax::{is_primitive, primitive_name};
use crate::tokens::{construct, default_const, escape_format, params};
use crate::valid::Literal;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;

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
        let value = input.local("value");
        let other = input.local("other");
        // `compare(bound)` is `bound <= value` (or `value <= bound`); a field that is an empty
        // `Option` bounds nothing.
        let side = |bound: &Bound, end, compare: &dyn Fn(TokenStream) -> TokenStream| match bound {
            Bound::Const(_) => compare(checks::bound_value(input, field, end, &quote!(Self))),
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
            Some(min) => side(min, End::Min, &|min| quote!((#min <= #value))),
            None => quote!(true),
        };
        let below_max = match &bounds.max {
            Some(max) if bounds.max_exclusive => {
                side(max, End::Max, &|max| quote!((#value < #max)))
            }
            Some(max) => side(max, End::Max, &|max| quote!((#value <= #max))),
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
///
/// Each constant carries the span of what it checks, so the error stands at the bounds or the
/// default. A field with a literal bound that its type cannot hold gets none: rustc reports
/// "literal out of range" there, and a range of wrapped values would only add a wrong message.
pub fn assertions(input: &Input) -> TokenStream {
    if input.is_generic() {
        return TokenStream::new();
    }
    let asserts = input
        .bounded_fields()
        // A dynamic bound has no value before it runs.
        .filter(|field| primitive_bounds(field) && !overflows(field) && !field.is_dynamic())
        .map(|field| field_assertions(input, field));
    quote!(#(#asserts)*)
}

fn primitive_bounds(field: &Field) -> bool {
    match field.kind() {
        Kind::Value | Kind::OptionValue => is_primitive(field.value_ty()),
        Kind::Len(..) => true,
        Kind::Nested | Kind::Key | Kind::Rules => false,
    }
}

/// Whether a literal bound or default of the field does not fit its type.
fn overflows(field: &Field) -> bool {
    let Some(ty) = (match field.kind() {
        Kind::Len(..) => Some("usize"),
        _ => primitive_name(field.value_ty()),
    }) else {
        return false;
    };
    let Some(bounds) = field.bounds() else {
        return false;
    };
    let consts = [&bounds.min, &bounds.max]
        .into_iter()
        .flatten()
        .filter_map(|bound| match bound {
            Bound::Const(expr) => Some(expr),
            Bound::Field { .. } => None,
        });
    let default = field.default().filter(|_| field.kind() == Kind::Value);
    consts
        .chain(default)
        .any(|expr| Literal::fits(expr, ty) == Some(false))
}

fn field_assertions(input: &Input, field: &Field) -> TokenStream {
    let Some(bounds) = field.bounds() else {
        return TokenStream::new();
    };
    let ident = input.ident;
    let owner = quote!(<#ident>);
    let constant = |bound: &Option<Bound>, end| match bound {
        Some(Bound::Const(expr)) => Some((
            checks::bound_value(input, field, end, &owner),
            expr.to_token_stream(),
        )),
        _ => None,
    };
    let (min, max) = (
        constant(&bounds.min, End::Min),
        constant(&bounds.max, End::Max),
    );
    let name = input.name();
    let field_name = field.name();
    let mut out = TokenStream::new();
    let empty = escape_format(&format!(
        "#[within] on {name}.{field_name}: no value is in the range (its minimum is not below \
         its maximum, or a bound is NaN)"
    ));
    // The span of the bounds, for the error: both sides when both are constants.
    let nonempty = match (&min, &max) {
        (Some((min, min_tokens)), Some((max, max_tokens))) => {
            let compare = if bounds.max_exclusive {
                quote!((#min < #max))
            } else {
                quote!((#min <= #max))
            };
            Some((compare, quote!(#min_tokens #max_tokens)))
        }
        // A bound that is not even equal to itself is NaN.
        (Some((bound, tokens)), None) | (None, Some((bound, tokens))) => {
            Some((quote!((#bound <= #bound)), tokens.clone()))
        }
        (None, None) => None,
    };
    // Only the `panic!` carries the user's span: the compiler reports a failed constant where
    // it panicked, and lints about the rest stay with the derive's code.
    if let Some((nonempty, span)) = nonempty {
        let panic = quote_spanned!(span_of(&span)=> ::core::panic!(#empty));
        out.extend(quote! {
            const _: () = if !(#nonempty) { #panic };
        });
    }
    if let (Some(constant), Some(default)) = (default_const(input, field), field.default()) {
        let value = quote!(#owner::#constant);
        let above = min
            .as_ref()
            .map_or(quote!(true), |(min, _)| quote!((#min <= #value)));
        let below = match &max {
            Some((max, _)) if bounds.max_exclusive => quote!((#value < #max)),
            Some((max, _)) => quote!((#value <= #max)),
            None => quote!(true),
        };
        let message = escape_format(&format!(
            "#[within] on {name}.{field_name}: the default is not {}",
            describe(field)
        ));
        let panic = quote_spanned!(default.span()=> ::core::panic!(#message));
        out.extend(quote! {
            const _: () = if !(#above && #below) { #panic };
        });
    }
    out
}

/// The span of `tokens`, from the first to the last where the compiler can join them.
fn span_of(tokens: &TokenStream) -> proc_macro2::Span {
    let mut iter = tokens.clone().into_iter();
    let Some(first) = iter.next() else {
        return proc_macro2::Span::call_site();
    };
    let first = first.span();
    match iter.last() {
        Some(last) => first.join(last.span()).unwrap_or(first),
        None => first,
    }
}
