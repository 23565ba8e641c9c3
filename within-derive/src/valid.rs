//! The rules a well-formed input must follow, one function each. Every violation is recorded,
//! none stops the others from being checked.

use crate::ast::{Field, Input};
use crate::ctxt::Ctxt;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use syn::ext::IdentExt;
use syn::{Expr, ExprLit, ExprUnary, Lit, UnOp, Visibility};

pub fn check(cx: &Ctxt, input: &Input) {
    for field in input.marked_fields() {
        check_private(cx, field);
    }
    for field in input.checked_fields() {
        check_literal_range(cx, field);
    }
    check_unique_names(cx, input);
    check_deserialize(cx, input);
}

/// `#[within(deserialize)]` builds a shadow struct with the same fields; with type or lifetime
/// parameters it would need bounds and borrowing rules this derive does not write.
fn check_deserialize(cx: &Ctxt, input: &Input) {
    if let (Some(span), true) = (input.attrs.deserialize, input.is_generic()) {
        cx.push(syn::Error::new(
            span,
            "#[within(deserialize)] supports structs without type or lifetime parameters",
        ));
    }
}

/// A marked field must be private: `pub`, `pub(crate)`, `pub(super)` or `pub(in path)` would let
/// code write the field directly, around the setter's check. (`pub(self)` is private.)
fn check_private(cx: &Ctxt, field: &Field) {
    let is_private = match field.vis {
        Visibility::Inherited => true,
        Visibility::Restricted(restricted) => restricted.path.is_ident("self"),
        Visibility::Public(_) => false,
    };
    if !is_private {
        cx.error_spanned_by(
            field.vis,
            "a #[within] field must be private: a direct write would bypass the range check",
        );
    }
}

/// Literal bounds must describe a non-empty range: `min <= max`, or `min < max` when the maximum
/// is exclusive. Other bounds (constants, calls) are checked by nothing but their type; an
/// empty range made of them rejects every value.
fn check_literal_range(cx: &Ctxt, field: &Field) {
    let within = field.within();
    let (Some(min_expr), Some(max_expr)) = (&within.min, &within.max) else {
        return;
    };
    let (Some(min), Some(max)) = (Literal::parse(min_expr), Literal::parse(max_expr)) else {
        return;
    };
    let message = match (min.compare(&max), within.max_exclusive) {
        (Some(Ordering::Greater), _) => {
            format!(
                "empty range: min {} is greater than max {}",
                min.text, max.text
            )
        }
        (Some(Ordering::Equal), true) => format!(
            "empty range: min {} is not less than the exclusive max {}",
            min.text, max.text
        ),
        _ => return,
    };
    cx.error_spanned_by(quote::quote!(#min_expr, #max_expr), &message);
}

/// A numeric literal bound, possibly negated, with its text as written.
struct Literal {
    text: String,
    value: Number,
}

enum Number {
    Int(i128),
    /// An integer too large for `i128`; only `u128` has those.
    BigUint(u128),
    Float(f64),
}

impl Literal {
    fn parse(expr: &Expr) -> Option<Self> {
        match expr {
            Expr::Lit(ExprLit { lit, .. }) => Self::from_lit(lit),
            Expr::Unary(ExprUnary {
                op: UnOp::Neg(_),
                expr,
                ..
            }) => {
                let Expr::Lit(ExprLit { lit, .. }) = &**expr else {
                    return None;
                };
                let positive = Self::from_lit(lit)?;
                let value = match positive.value {
                    Number::Int(n) => Number::Int(-n),
                    Number::Float(x) => Number::Float(-x),
                    // No signed type holds it; rustc reports the literal.
                    Number::BigUint(_) => return None,
                };
                Some(Literal {
                    text: format!("-{}", positive.text),
                    value,
                })
            }
            _ => None,
        }
    }

    fn from_lit(lit: &Lit) -> Option<Self> {
        let value = match lit {
            Lit::Int(int) => match int.base10_parse::<i128>() {
                Ok(n) => Number::Int(n),
                Err(_) => Number::BigUint(int.base10_parse::<u128>().ok()?),
            },
            Lit::Float(float) => Number::Float(float.base10_parse::<f64>().ok()?),
            _ => return None,
        };
        Some(Literal {
            text: lit_text(lit),
            value,
        })
    }

    /// `None` when the two cannot be compared here (an integer against a float is a type
    /// error rustc reports better).
    fn compare(&self, other: &Literal) -> Option<Ordering> {
        match (&self.value, &other.value) {
            (Number::Int(a), Number::Int(b)) => Some(a.cmp(b)),
            (Number::BigUint(_), Number::Int(_)) => Some(Ordering::Greater),
            (Number::Int(_), Number::BigUint(_)) => Some(Ordering::Less),
            (Number::BigUint(a), Number::BigUint(b)) => Some(a.cmp(b)),
            (Number::Float(a), Number::Float(b)) => a.partial_cmp(b),
            _ => None,
        }
    }
}

fn lit_text(lit: &Lit) -> String {
    crate::text::expr_text(lit)
}

/// Each generated method needs a name of its own: a field `set_x` beside a field `x`, or a
/// field named `try_new`, would make two methods with one name.
fn check_unique_names(cx: &Ctxt, input: &Input) {
    let mut taken = BTreeMap::new();
    for name in ["try_new", "new_const", "into_inner"] {
        taken.insert(name.to_owned(), None);
    }
    for field in input.marked_fields() {
        for name in [input.getter_name(field), input.setter_name(field)] {
            let name = name.unraw().to_string();
            if let Some(first) = taken.insert(name.clone(), Some(field.name())) {
                let first = match first {
                    Some(first) => format!("a method of field `{first}`"),
                    None => "a generated constructor".to_owned(),
                };
                cx.error_spanned_by(
                    &field.member,
                    &format!("the generated method `{name}` would have the same name as {first}"),
                );
            }
        }
    }
}
