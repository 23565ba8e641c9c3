//! The grammar of `#[within(..)]`, on fields and on the struct.
//!
//! On a field:
//!
//! ```text
//! #[within(MIN, MAX)]          MIN <= value <= MAX
//! #[within(MIN..=MAX)]         the same, as a Rust range
//! #[within(MIN..MAX)]          MIN <= value < MAX
//! #[within(MIN..)]             MIN <= value
//! #[within(..=MAX)]            value <= MAX
//! #[within(..MAX)]             value < MAX
//! #[within(<any of these>, secret)]   errors never show the value
//! ```
//!
//! On the struct: `#[within(crate = path)]`, for a renamed dependency.

use crate::ctxt::Ctxt;
use proc_macro2::TokenStream;
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Expr, Meta, Path, Token};

/// A well-formed field attribute.
pub struct Within {
    pub min: Option<Expr>,
    pub max: Option<Expr>,
    /// `MIN..MAX` or `..MAX`: the maximum itself is out of range.
    pub max_exclusive: bool,
    pub secret: bool,
}

/// What the struct-level attributes say.
#[derive(Default)]
pub struct Container {
    /// `#[within(crate = path)]`: where the runtime is, when the dependency is renamed.
    pub krate: Option<Path>,
}

pub const EXPECTED: &str = "expected #[within(min, max)] or #[within(min..=max)]";

/// Valid Rust that the derive cannot read (`if`, `match`, array literals): without syn's
/// `full` feature, which would double the derive's build time, bounds are limited to literals,
/// paths, operators, casts, calls and method calls.
const TOO_COMPLEX: &str = "expected #[within(min, max)]; \
                           for a bound this complex, declare a `const` and name it here";

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
        let parsed = parse_list(attr).and_then(|list| {
            list.parse_args_with(|input: ParseStream| parse_bounds(input, &list.tokens))
        });
        match parsed {
            Ok(parsed) => within = Some(parsed),
            Err(error) => cx.push(error),
        }
    }
    (marked, within)
}

/// Parses the struct's own `#[within(crate = path)]`.
pub fn parse_container(cx: &Ctxt, attrs: &[Attribute]) -> Container {
    let mut container = Container::default();
    for attr in attrs.iter().filter(|attr| is_within(attr)) {
        let parsed = parse_list(attr).and_then(|list| {
            list.parse_args_with(|input: ParseStream| {
                if !input.peek(Token![crate]) {
                    return Err(input.error(
                        "expected #[within(crate = path)]; bounds go on a field, not on the struct",
                    ));
                }
                let keyword: Token![crate] = input.parse()?;
                input.parse::<Token![=]>()?;
                let path: Path = input.parse()?;
                Ok((keyword, path))
            })
            .map_err(|error| {
                if error.to_string().starts_with("expected #[within") {
                    error
                } else {
                    syn::Error::new(error.span(), "expected #[within(crate = path)]")
                }
            })
        });
        match parsed {
            Ok((keyword, path)) => {
                if container.krate.is_some() {
                    cx.error_spanned_by(keyword, "duplicate #[within(crate = ..)]");
                } else {
                    container.krate = Some(path);
                }
            }
            Err(error) => cx.push(error),
        }
    }
    container
}

fn parse_list(attr: &Attribute) -> syn::Result<&syn::MetaList> {
    match &attr.meta {
        Meta::List(list) if !list.tokens.is_empty() => Ok(list),
        // `#[within()]`: point at the parentheses.
        Meta::List(list) => Err(syn::Error::new(list.delimiter.span().join(), EXPECTED)),
        // `#[within]` and `#[within = ..]`
        other => Err(syn::Error::new_spanned(other, EXPECTED)),
    }
}

/// `all` is every token inside the parentheses, to point at when the arity is wrong.
fn parse_bounds(input: ParseStream, all: &TokenStream) -> syn::Result<Within> {
    let wrong_arity = || syn::Error::new_spanned(all, EXPECTED);
    let min = if input.peek(Token![..]) {
        None
    } else {
        Some(parse_bound(input)?)
    };
    let mut within = if input.peek(Token![..=]) || input.peek(Token![..]) {
        let max_exclusive = if input.peek(Token![..=]) {
            input.parse::<Token![..=]>()?;
            false
        } else {
            input.parse::<Token![..]>()?;
            true
        };
        let max = if input.is_empty() || input.peek(Token![,]) {
            None
        } else {
            Some(parse_bound(input)?)
        };
        if max.is_none() && (min.is_none() || !max_exclusive) {
            // `..`, `..=` and `MIN..=` bound nothing or are not Rust.
            return Err(wrong_arity());
        }
        Within {
            // `MIN..` has no maximum to exclude.
            max_exclusive: max_exclusive && max.is_some(),
            min,
            max,
            secret: false,
        }
    } else {
        if input.is_empty() {
            return Err(wrong_arity());
        }
        input.parse::<Token![,]>().map_err(expected)?;
        let max = parse_bound(input)?;
        Within {
            min,
            max: Some(max),
            max_exclusive: false,
            secret: false,
        }
    };
    while !input.is_empty() {
        input.parse::<Token![,]>().map_err(expected)?;
        if input.is_empty() {
            break;
        }
        let option: syn::Ident = input.parse().map_err(expected)?;
        if option == "secret" && !within.secret {
            within.secret = true;
        } else if option == "secret" {
            return Err(syn::Error::new(option.span(), "duplicate `secret`"));
        } else {
            return Err(syn::Error::new(option.span(), EXPECTED));
        }
    }
    Ok(within)
}

/// One bound. Any parse error is reported with our message at syn's span: syn's own text can be
/// advice about its cargo features, which means nothing to a user of this derive.
fn parse_bound(input: ParseStream) -> syn::Result<Expr> {
    Expr::parse(input).map_err(|error| {
        let message = if error.to_string().starts_with("unsupported expression") {
            TOO_COMPLEX
        } else {
            EXPECTED
        };
        syn::Error::new(error.span(), message)
    })
}

fn expected(error: syn::Error) -> syn::Error {
    syn::Error::new(error.span(), EXPECTED)
}
