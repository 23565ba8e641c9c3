//! The grammar of `#[within(min, max)]`.

use crate::ctxt::Ctxt;
use syn::punctuated::Punctuated;
use syn::{Attribute, Expr, Meta, Token};

/// A well-formed `#[within(min, max)]`.
pub struct Within {
    pub min: Expr,
    pub max: Expr,
}

pub const EXPECTED: &str = "expected #[within(min, max)]";

/// Valid Rust that the derive cannot read (`if`, `match`, blocks, array literals): without
/// syn's `full` feature, which would double the derive's build time, bounds are limited to
/// literals, paths, operators, casts, calls and method calls.
const TOO_COMPLEX: &str =
    "expected #[within(min, max)]; for a bound this complex, declare a `const` and name it here";

pub fn is_within(attr: &Attribute) -> bool {
    attr.path().is_ident("within")
}

/// Parses the `#[within]` attributes of one field. Returns whether the field is marked at all
/// (even by a malformed or repeated attribute, so the fallback still declares its methods) and
/// the bounds of the first well-formed one.
pub fn parse_field(cx: &Ctxt, attrs: &[Attribute]) -> (bool, Option<Within>) {
    let mut marked = false;
    let mut within = None;
    for attr in attrs.iter().filter(|attr| is_within(attr)) {
        if marked {
            cx.error_spanned_by(attr, "duplicate #[within] attribute");
            continue;
        }
        marked = true;
        match parse_bounds(attr) {
            Ok((min, max)) => within = Some(Within { min, max }),
            Err(error) => cx.push(error),
        }
    }
    (marked, within)
}

fn parse_bounds(attr: &Attribute) -> syn::Result<(Expr, Expr)> {
    let list = match &attr.meta {
        Meta::List(list) => list,
        // `#[within]` and `#[within = ..]`
        other => return Err(syn::Error::new_spanned(other, EXPECTED)),
    };
    // Any parse error is reported with our message at syn's span: syn's own text can be
    // advice about its cargo features, which means nothing to a user of this derive.
    let bounds = list
        .parse_args_with(Punctuated::<Expr, Token![,]>::parse_terminated)
        .map_err(|error| {
            let message = if error.to_string().starts_with("unsupported expression") {
                TOO_COMPLEX
            } else {
                EXPECTED
            };
            syn::Error::new(error.span(), message)
        })?;
    if bounds.len() != 2 {
        return Err(if list.tokens.is_empty() {
            // `#[within()]`: point at the parentheses.
            syn::Error::new(list.delimiter.span().join(), EXPECTED)
        } else {
            syn::Error::new_spanned(&list.tokens, EXPECTED)
        });
    }
    let mut bounds = bounds.into_iter();
    match (bounds.next(), bounds.next()) {
        (Some(min), Some(max)) => Ok((min, max)),
        _ => unreachable!("length checked above"),
    }
}
