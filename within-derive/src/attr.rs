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
//! On the struct: `#[within(crate = path)]`, for a renamed dependency, and
//! `#[within(deserialize)]`, for a `serde::Deserialize` impl that goes through the checks.

use crate::ctxt::Ctxt;
use proc_macro2::{Group, Span, TokenStream, TokenTree};
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;
use syn::{Attribute, Expr, LitStr, Meta, Path, Token};

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
    /// `#[within(deserialize)]`, with the keyword's span for errors about it.
    pub deserialize: Option<Span>,
    /// `#[serde(rename_all = "..")]` or `rename_all(deserialize = "..")`.
    pub serde_rename_all: Option<String>,
}

const CONTAINER_EXPECTED: &str =
    "on a struct, #[within] takes `crate = path` or `deserialize`; bounds go on its fields";

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

/// Parses the struct's own `#[within(crate = path)]` and `#[within(deserialize)]`, and the
/// `rename_all` of its `#[serde]` attributes.
pub fn parse_container(cx: &Ctxt, attrs: &[Attribute]) -> Container {
    let mut container = Container {
        serde_rename_all: serde_rename(attrs, "rename_all"),
        ..Container::default()
    };
    for attr in attrs.iter().filter(|attr| is_within(attr)) {
        let parsed = parse_list(attr).and_then(|list| {
            list.parse_nested_meta(|meta| {
                if meta.path.is_ident("crate") {
                    let path: Path = meta.value()?.parse()?;
                    if container.krate.replace(path).is_some() {
                        return Err(meta.error("duplicate #[within(crate = ..)]"));
                    }
                } else if meta.path.is_ident("deserialize") {
                    if container.deserialize.replace(meta.path.span()).is_some() {
                        return Err(meta.error("duplicate #[within(deserialize)]"));
                    }
                } else {
                    return Err(meta.error(CONTAINER_EXPECTED));
                }
                Ok(())
            })
            .map_err(|error| {
                if error.to_string() == CONTAINER_EXPECTED
                    || error.to_string().starts_with("duplicate")
                {
                    error
                } else {
                    syn::Error::new(error.span(), CONTAINER_EXPECTED)
                }
            })
        });
        if let Err(error) = parsed {
            cx.push(error);
        }
    }
    container
}

/// The deserialization name that `#[serde(KEY = "..")]` or `#[serde(KEY(deserialize = ".."))]`
/// gives, if any. Everything else in `#[serde]` is serde's to check, so this never fails: an
/// attribute it cannot read is skipped.
pub fn serde_rename<'a>(
    attrs: impl IntoIterator<Item = &'a Attribute>,
    key: &str,
) -> Option<String> {
    let mut found = None;
    for attr in attrs
        .into_iter()
        .filter(|attr| attr.path().is_ident("serde"))
    {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident(key) {
                if meta.input.peek(Token![=]) {
                    found = Some(meta.value()?.parse::<LitStr>()?.value());
                } else {
                    meta.parse_nested_meta(|inner| {
                        let value = inner.value()?.parse::<LitStr>()?.value();
                        if inner.path.is_ident("deserialize") {
                            found = Some(value);
                        }
                        Ok(())
                    })?;
                }
            } else if meta.input.peek(Token![=]) {
                meta.value()?.parse::<TokenTree>()?;
            } else if !meta.input.is_empty() && !meta.input.peek(Token![,]) {
                meta.input.parse::<Group>()?;
            }
            Ok(())
        });
    }
    found
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
