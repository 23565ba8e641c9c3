//! The rules a well-formed input must follow, one function each. Every violation is recorded,
//! none stops the others from being checked.

use crate::ast::{Field, Input};
use crate::attr::{Bound, Bounds, Check, RuleKind};
use crate::ctxt::Ctxt;
use crate::prop::Kind;
use crate::syntax::{borrowed_lifetime, primitive_name, ungroup_expr, ungroup_ty};
use crate::text::type_text;
use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use syn::ext::IdentExt;
use syn::{Expr, ExprLit, ExprUnary, Lit, UnOp, Visibility};

pub fn check(cx: &Ctxt, input: &Input) {
    for field in input.marked_fields() {
        check_private(cx, field);
        check_each(cx, field);
    }
    for field in input.checked_fields() {
        check_static(cx, field);
        check_options(cx, input, field);
        check_packed(cx, input, field);
        if let Some(bounds) = field.bounds() {
            check_literal_range(cx, bounds);
            check_nan(cx, bounds);
            check_self_in_const(cx, bounds);
            check_bound_fields(cx, input, field, bounds);
            check_literal_default(cx, field, bounds);
        }
    }
    check_keys(cx, input);
    check_packed_invariants(cx, input);
    check_struct_default(cx, input);
    check_serde_default(cx, input);
    check_serde_conversion(cx, input);
    check_serde_nested(cx, input);
    check_schema_readers(cx, input);
    check_manual(cx, input);
    check_unique_names(cx, input);
    check_generic_options(cx, input);
    check_draft_name(cx, input);
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

/// A field checked by value must be `'static`: an error keeps the rejected value, and errors
/// outlive any borrow. (A length check keeps only the length, so a `&'a str` may have one.)
fn check_static(cx: &Ctxt, field: &Field) {
    if !matches!(field.kind(), Kind::Value | Kind::OptionValue) {
        return;
    }
    if let Some(lifetime) = borrowed_lifetime(field.ty) {
        cx.error_spanned_by(
            lifetime,
            "a #[within] field must be 'static: an error keeps the rejected value; \
             to check the length of a borrowed value, use #[within(len(..))]",
        );
    }
}

/// `secret` hides a rejected value, which a nested field does not have: its own fields
/// declare their own. `default = ..` without anything that uses it is a mistake.
fn check_options(cx: &Ctxt, input: &Input, field: &Field) {
    let within = field.within();
    if let (Check::Nested, Some(dynamic)) = (&within.check, within.dynamic) {
        cx.push(syn::Error::new(
            dynamic,
            "`dynamic` applies to bounds; a nested struct's fields declare their own",
        ));
    }
    if let (Check::Nested, Some(secret)) = (&within.check, within.secret) {
        cx.push(syn::Error::new(
            secret,
            "`secret` applies to a checked value; a nested struct's fields declare their own",
        ));
    }
    if let Some(default) = &within.default {
        let filled_by_serde = input.attrs.deserialize.is_some() && field.reads_type_default();
        // After a malformed struct attribute, `#[within(default)]` may be what it meant.
        let unused = input.attrs.default.is_none() && input.attrs.draft.is_none();
        if unused && !filled_by_serde && !input.attrs.invalid {
            cx.error_spanned_by(
                default,
                "`default = ..` is used by #[within(default)] or #[within(draft = ..)] on the \
                 struct, or with #[within(deserialize)] by the field's #[serde(default)] or \
                 #[serde(skip)]; add one of them",
            );
        }
    }
}

/// A packed struct's fields cannot be borrowed, and a length-checked or nested field's getter
/// lends it out.
fn check_packed(cx: &Ctxt, input: &Input, field: &Field) {
    if input.packed && matches!(field.kind(), Kind::Len(..) | Kind::Nested) {
        cx.error_spanned_by(
            field.ty,
            "a #[within(len(..))], #[within(chars(..))] or #[within(nested)] field cannot be in \
             a #[repr(packed)] struct: its getter returns a reference to it",
        );
    }
    if input.packed && field.kind() == Kind::Rules && field.lends() {
        cx.error_spanned_by(
            field.ty,
            "a field with rules in a #[repr(packed)] struct must be a primitive, which its \
             getter copies: a getter of any other type returns a reference to it",
        );
    }
}

/// `each(..)` needs a collection whose elements the derive knows, and takes the rules of a
/// value: bounds that are constants, `len`, `chars` and the rules (its `nested` is the field's,
/// moved there by the parser), not `default`, a bound naming a field, or `each` again.
fn check_each(cx: &Ctxt, field: &Field) {
    if let Some(span) = field.each_unknown {
        cx.push(syn::Error::new(
            span,
            "`each(..)` checks the elements of a `Vec`, `VecDeque`, array, `Box<[T]>`, \
             `BTreeSet` or `HashSet`, or the values of a `BTreeMap` or `HashMap`, or of an \
             `Option` of one",
        ));
    }
    let Some(element) = field.each.as_deref() else {
        return;
    };
    let within = element.within();
    if let Some(default) = &within.default {
        cx.error_spanned_by(
            default,
            "`default = ..` goes outside `each(..)`, on the field",
        );
    }
    if let Some((span, _)) = &within.each {
        cx.push(syn::Error::new(
            *span,
            "`each(..)` inside `each(..)` is not supported",
        ));
    }
    if let Some(bounds) = element.bounds() {
        for bound in [&bounds.min, &bounds.max].into_iter().flatten() {
            if let Bound::Field { expr, .. } = bound {
                cx.error_spanned_by(
                    expr,
                    "an element's bound is a constant: `each(..)` cannot name another field",
                );
            }
        }
        check_literal_range(cx, bounds);
        check_nan(cx, bounds);
    }
}

/// A setter of a struct with invariants writes the value in place to run them, through a
/// reference a packed struct's field cannot give.
fn check_packed_invariants(cx: &Ctxt, input: &Input) {
    if !input.packed {
        return;
    }
    for invariant in &input.attrs.invariants {
        if let RuleKind::Check(path) = &invariant.kind {
            cx.error_spanned_by(
                path,
                "a #[repr(packed)] struct cannot have invariants: its setters would have to \
                 lend out a field to run them",
            );
        }
    }
}

/// Literal bounds must describe a non-empty range: `min <= max`, or `min < max` when the maximum
/// is exclusive. (Other constant bounds of a primitive type are checked by a constant the
/// expansion evaluates.)
fn check_literal_range(cx: &Ctxt, bounds: &Bounds) {
    let (Some(Bound::Const(min_expr)), Some(Bound::Const(max_expr))) = (&bounds.min, &bounds.max)
    else {
        return;
    };
    let (Some(min), Some(max)) = (Literal::parse(min_expr), Literal::parse(max_expr)) else {
        return;
    };
    let message = match (min.compare(&max), bounds.max_exclusive) {
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
    let mut span = min_expr.to_token_stream();
    span.extend(max_expr.to_token_stream());
    cx.error_spanned_by(span, &message);
}

/// No value compares with NaN, so a NaN bound rejects everything.
fn check_nan(cx: &Ctxt, bounds: &Bounds) {
    for bound in [&bounds.min, &bounds.max].into_iter().flatten() {
        if let Bound::Const(expr) = bound {
            if is_nan(expr) {
                cx.error_spanned_by(
                    expr,
                    "a NaN bound rejects every value: NaN compares with nothing",
                );
            }
        }
    }
}

/// `f64::NAN`, `-core::f32::NAN` and the like.
fn is_nan(expr: &Expr) -> bool {
    match ungroup_expr(expr) {
        Expr::Unary(ExprUnary {
            op: UnOp::Neg(_),
            expr,
            ..
        }) => is_nan(expr),
        Expr::Path(path) if path.qself.is_none() => {
            let segments: Vec<_> = path
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            matches!(
                segments
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .as_slice(),
                ["f32" | "f64", "NAN"] | ["core" | "std", "f32" | "f64", "NAN"]
            )
        }
        _ => false,
    }
}

/// `self.other` is a bound on its own; inside an expression `self` means nothing the derive
/// could check. A path through `self::` (`self::LIMIT`) is a path, not a field.
fn check_self_in_const(cx: &Ctxt, bounds: &Bounds) {
    for bound in [&bounds.min, &bounds.max].into_iter().flatten() {
        if let Bound::Const(expr) = bound {
            if mentions_self_value(expr.to_token_stream()) {
                cx.error_spanned_by(
                    expr,
                    "a bound names another field as `self.field` alone, not inside an expression",
                );
            }
        }
    }
}

/// Whether `tokens` use the value `self`: `self` not followed by `::`.
fn mentions_self_value(tokens: TokenStream) -> bool {
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        match token {
            TokenTree::Ident(ident) if ident == "self" => {
                let path = matches!(tokens.peek(), Some(TokenTree::Punct(p)) if p.as_char() == ':');
                if !path {
                    return true;
                }
            }
            TokenTree::Group(group) if mentions_self_value(group.stream()) => return true,
            _ => {}
        }
    }
    false
}

/// A bound that names another field (`self.pool_size`): that field exists, is another one,
/// is checked by value, and has the same bound type; a length is bounded by constants only.
fn check_bound_fields(cx: &Ctxt, input: &Input, field: &Field, bounds: &Bounds) {
    for bound in [&bounds.min, &bounds.max].into_iter().flatten() {
        let Bound::Field { expr, member } = bound else {
            continue;
        };
        if matches!(field.kind(), Kind::Len(..)) {
            cx.error_spanned_by(expr, "a length's bounds must be constants");
            continue;
        }
        let Some(other) = input.field(member) else {
            let name = crate::syntax::member_name(member);
            let names: Vec<String> = input.fields.iter().map(Field::name).collect();
            let hint = crate::text::did_you_mean(&name, names.iter().map(String::as_str));
            cx.error_spanned_by(
                expr,
                &format!("`{}` has no field `{name}`{hint}", input.name()),
            );
            continue;
        };
        if crate::syntax::same_member(&other.member, &field.member) {
            cx.error_spanned_by(expr, "a field cannot bound itself");
            continue;
        }
        if !matches!(
            other.within.as_ref().map(|_| other.kind()),
            Some(Kind::Value | Kind::OptionValue)
        ) {
            cx.error_spanned_by(
                expr,
                &format!(
                    "`{}` must be marked #[within(..)] and checked by value to bound another \
                     field: its setter then keeps the pair",
                    other.name()
                ),
            );
            continue;
        }
        // Both are checked by value here: a length or nested field has no bound to name. Two
        // primitives are compared by name (`u8` is `core::primitive::u8`), other types by
        // their text: the derive cannot see through an alias, and left to the compiler a
        // mismatch would be a handful of errors inside the expansion instead of this one.
        let (ours, theirs) = (field.value_ty(), other.value_ty());
        let primitives = (primitive_name(ours), primitive_name(theirs));
        let text = |ty: &syn::Type, primitive: Option<&str>| match primitive {
            Some(name) => name.to_owned(),
            None => type_text(ungroup_ty(ty)),
        };
        let (ours, theirs) = (text(ours, primitives.0), text(theirs, primitives.1));
        if ours != theirs {
            let hint = match primitives {
                (Some(_), Some(_)) => "",
                _ => "; the two must be spelled the same (an alias is compared by name)",
            };
            cx.error_spanned_by(
                expr,
                &format!(
                    "`{}` bounds values of type `{theirs}`, but this field's bounds are \
                     `{ours}`{hint}",
                    other.name(),
                ),
            );
        }
    }
}

/// A literal default must be within literal bounds (`Some(5)` for an `Option`).
fn check_literal_default(cx: &Ctxt, field: &Field, bounds: &Bounds) {
    let Some(default) = &field.within().default else {
        return;
    };
    if !matches!(field.kind(), Kind::Value | Kind::OptionValue) {
        return;
    }
    let default_expr = match (field.kind(), ungroup_expr(default)) {
        (Kind::OptionValue, Expr::Call(call)) if call.args.len() == 1 => match &*call.func {
            Expr::Path(path) if path.path.is_ident("Some") => &call.args[0],
            _ => return,
        },
        _ => default,
    };
    let Some(value) = Literal::parse(default_expr) else {
        return;
    };
    let side = |bound: &Option<Bound>| match bound {
        Some(Bound::Const(expr)) => Literal::parse(expr),
        _ => None,
    };
    let below = side(&bounds.min).is_some_and(|min| value.compare(&min) == Some(Ordering::Less));
    let above = side(&bounds.max).is_some_and(|max| match value.compare(&max) {
        Some(Ordering::Greater) => true,
        Some(Ordering::Equal) => bounds.max_exclusive,
        _ => false,
    });
    if below || above {
        cx.error_spanned_by(
            default,
            &format!("the default {} is out of this field's range", value.text),
        );
    }
}

/// A registry keeps one live owner per key, so a struct has one key at most; the key is shown
/// in `duplicate_key` errors, so it cannot be `secret`; and the key lives in the registry of a
/// concrete type.
fn check_keys(cx: &Ctxt, input: &Input) {
    let mut keys = input
        .checked_fields()
        .filter(|field| field.kind() == Kind::Key);
    let Some(first) = keys.next() else {
        return;
    };
    for extra in keys {
        cx.error_spanned_by(
            &extra.member,
            &format!(
                "a struct has one key at most, and `{}` is already it",
                first.name()
            ),
        );
    }
    for field in input.checked_fields().filter(|f| f.kind() == Kind::Key) {
        let within = field.within();
        if let Some(span) = within.secret.or(within.dynamic) {
            cx.push(syn::Error::new(
                span,
                "a key takes no `secret` or `dynamic`: it is shown in `duplicate_key` errors, and \
                 has no bounds",
            ));
        }
    }
    if input.is_generic() {
        cx.error_spanned_by(
            input.generics,
            "#[within(key)] supports structs without type or lifetime parameters",
        );
    }
}

/// `#[within(default)]` builds every checked field from its `default = ..`: a field without
/// one would have no checked value to start from. (A nested field uses its type's `Default`,
/// which its own derive checks.)
fn check_struct_default(cx: &Ctxt, input: &Input) {
    if input.attrs.default.is_none() {
        return;
    }
    for field in input.bounded_fields() {
        if field.within().default.is_none() {
            let hint = if field.kind() == Kind::OptionValue {
                " (`default = None` for none)"
            } else {
                ""
            };
            cx.error_spanned_by(
                &field.member,
                &format!(
                    "#[within(default)] needs `default = ..` on each checked field{hint}: \
                     `{}` has none",
                    field.name()
                ),
            );
        }
    }
}

/// `#[serde(default)]` on the struct fills missing fields from the struct's `Default`, which
/// must then be a checked one.
fn check_serde_default(cx: &Ctxt, input: &Input) {
    let (Some(_), Some(span)) = (input.attrs.deserialize, input.attrs.serde.default) else {
        return;
    };
    let has_default = input.attrs.default.is_some() || input.attrs.manual_default.is_some();
    if input.attrs.serde.default_path {
        cx.push(syn::Error::new(
            span,
            "#[serde(default = \"..\")] would fill missing fields from a value built without \
             its checks: use #[serde(default)] with a checked `Default`, from #[within(default)] \
             or one that goes through `try_new` marked #[within(manual(Default))]",
        ));
    } else if !has_default {
        cx.push(syn::Error::new(
            span,
            "#[serde(default)] fills missing fields from the struct's `Default`: derive a \
             checked one with #[within(default)], or declare yours with \
             #[within(manual(Default))]",
        ));
    }
}

/// A nested field is read as its type's unchecked shadow, so that its errors come with the
/// others: a `#[serde]` option that reads the field's own type instead cannot apply.
fn check_serde_nested(cx: &Ctxt, input: &Input) {
    if input.attrs.deserialize.is_none() && input.attrs.schema.is_none() {
        return;
    }
    // A flattened map's keys are fields of the struct on the wire, where the errors of its
    // structs would need their own path and the schema would lose them.
    for field in input.nested_fields() {
        if field.serde_flatten && crate::syntax::is_map_like(field.ty) {
            if let Some((span, _)) =
                crate::helper_attrs::serde_key(field.serde_attrs.iter().copied(), "flatten")
            {
                cx.push(syn::Error::new(
                    span,
                    "a #[within(nested)] map cannot be #[serde(flatten)]: its keys would be the \
                     struct's own fields, which neither the errors' paths nor the schema can \
                     name; keep the map under its own field",
                ));
            }
        }
    }
    if input.attrs.deserialize.is_none() {
        return;
    }
    for field in input.nested_fields() {
        let attrs = field.serde_attrs.iter().copied();
        for key in ["with", "deserialize_with"] {
            if let Some((span, _)) = crate::helper_attrs::serde_key(attrs.clone(), key) {
                cx.push(syn::Error::new(
                    span,
                    format!(
                        "a #[within(nested)] field is read as its type's unchecked shadow and \
                         checked with the rest of the document, which #[serde({key} = ..)] \
                         would bypass: drop one of the two"
                    ),
                ));
            }
        }
        if let Some((span, true)) = crate::helper_attrs::serde_key(attrs, "default") {
            cx.push(syn::Error::new(
                span,
                "a #[within(nested)] field is read as its type's unchecked shadow, which \
                 #[serde(default = \"..\")] cannot make: use #[serde(default)] (the type's \
                 checked `Default`), or `default = ..` in the field's #[within]",
            ));
        }
    }
}

/// A field that serde reads with a function of the user's (`with`, `deserialize_with`) accepts
/// what that function does, which the schema cannot see: `#[schemars(with = "Type")]` or
/// `schema_with` says it.
fn check_schema_readers(cx: &Ctxt, input: &Input) {
    if input.attrs.schema.is_none() {
        return;
    }
    for field in &input.fields {
        if field.serde_skipped()
            || field.schemars.with.is_some()
            || field.schemars.schema_with.is_some()
        {
            continue;
        }
        for key in ["with", "deserialize_with"] {
            if let Some((span, _)) =
                crate::helper_attrs::serde_key(field.serde_attrs.iter().copied(), key)
            {
                cx.push(syn::Error::new(
                    span,
                    format!(
                        "#[within(schema)] cannot see what #[serde({key} = ..)] reads: describe \
                         it with #[schemars(with = \"Type\")] or #[schemars(schema_with = \"path\")]"
                    ),
                ));
            }
        }
    }
}

/// `#[serde(from = "T")]` makes serde build the struct from `T`'s `Deserialize`: the checked
/// way is `TryFrom<T>` through `try_new`, declared as `manual(Deserialize)`.
fn check_serde_conversion(cx: &Ctxt, input: &Input) {
    if let (Some(_), Some(span)) = (input.attrs.deserialize, input.attrs.serde.converted) {
        cx.push(syn::Error::new(
            span,
            "#[within(deserialize)] reads the struct's own fields; for #[serde(from = ..)] or \
             #[serde(try_from = ..)], derive serde's `Deserialize` with a `TryFrom` that goes \
             through `try_new`, and mark it #[within(manual(Deserialize))]",
        ));
    }
}

/// The derive cannot both generate an impl and be told it is written by hand.
fn check_manual(cx: &Ctxt, input: &Input) {
    let attrs = &input.attrs;
    if let (Some(_), Some(manual)) = (attrs.default, attrs.manual_default) {
        cx.push(syn::Error::new(
            manual,
            "#[within(default)] generates `Default`; `manual(Default)` says it is hand-written",
        ));
    }
    if let (Some(_), Some(manual)) = (attrs.deserialize, attrs.manual_deserialize) {
        cx.push(syn::Error::new(
            manual,
            "#[within(deserialize)] generates `Deserialize`; `manual(Deserialize)` says it is \
             hand-written",
        ));
    }
}

/// Each generated method needs a name of its own: a field `set_x` beside a field `x`, or a
/// field named `try_new`, would make two inherent methods with one name, which Rust cannot
/// have. A getter named like a trait's function (`validate`, `registry`, `default`) is fine:
/// generated code calls every trait function by its full path, and so can the user
/// (`<Config as Validated>::registry()`).
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

/// `deserialize` and `schema` build a shadow struct and a schema with the same fields; with
/// type or lifetime parameters they would need bounds this derive does not write.
fn check_generic_options(cx: &Ctxt, input: &Input) {
    if !input.is_generic() {
        return;
    }
    for (span, option) in [
        (input.attrs.deserialize, "deserialize"),
        (input.attrs.schema, "schema"),
    ] {
        if let Some(span) = span {
            cx.push(syn::Error::new(
                span,
                format!("#[within({option})] supports structs without type or lifetime parameters"),
            ));
        }
    }
}

/// A draft is a second struct beside this one.
fn check_draft_name(cx: &Ctxt, input: &Input) {
    if let Some(draft) = &input.attrs.draft {
        if draft == input.ident {
            cx.error_spanned_by(draft, "a draft needs a name of its own");
        }
    }
}

/// A literal bound, possibly negated, with its text as written.
pub struct Literal {
    pub text: String,
    value: Value,
}

enum Value {
    Int(i128),
    /// An integer too large for `i128`; only `u128` has those.
    BigUint(u128),
    Float(f64),
    Char(char),
    Bool(bool),
    Str(String),
    Bytes(Vec<u8>),
}

impl Literal {
    pub fn parse(expr: &Expr) -> Option<Self> {
        match ungroup_expr(expr) {
            Expr::Lit(ExprLit { lit, .. }) => Self::from_lit(lit),
            Expr::Unary(ExprUnary {
                op: UnOp::Neg(_),
                expr,
                ..
            }) => {
                let Expr::Lit(ExprLit { lit, .. }) = ungroup_expr(expr) else {
                    return None;
                };
                let positive = Self::from_lit(lit)?;
                let value = match positive.value {
                    Value::Int(n) => Value::Int(-n),
                    Value::Float(x) => Value::Float(-x),
                    // No signed type holds it, and the others have no negation; rustc
                    // reports those.
                    _ => return None,
                };
                Some(Literal {
                    text: format!("-{}", positive.text),
                    value,
                })
            }
            _ => None,
        }
    }

    /// Whether `expr`, an integer literal or a negated one, is a value of the primitive integer
    /// type `ty` (`usize` and `isize` taken as 64 bits); `None` when either is something else.
    pub fn fits(expr: &Expr, ty: &str) -> Option<bool> {
        let (negative, lit) = match ungroup_expr(expr) {
            Expr::Lit(ExprLit { lit, .. }) => (false, lit),
            Expr::Unary(ExprUnary {
                op: UnOp::Neg(_),
                expr,
                ..
            }) => match ungroup_expr(expr) {
                Expr::Lit(ExprLit { lit, .. }) => (true, lit),
                _ => return None,
            },
            _ => return None,
        };
        let Lit::Int(int) = lit else {
            return None;
        };
        let (bits, signed) = match ty {
            "u8" => (8, false),
            "u16" => (16, false),
            "u32" => (32, false),
            "u64" | "usize" => (64, false),
            "u128" => (128, false),
            "i8" => (8, true),
            "i16" => (16, true),
            "i32" => (32, true),
            "i64" | "isize" => (64, true),
            "i128" => (128, true),
            _ => return None,
        };
        // A literal past `u128::MAX` fits no type.
        let Ok(magnitude) = int.base10_parse::<u128>() else {
            return Some(false);
        };
        let limit = |bits: u32| match bits {
            128 => u128::MAX,
            bits => (1u128 << bits) - 1,
        };
        Some(match (signed, negative) {
            (false, false) => magnitude <= limit(bits),
            (false, true) => magnitude == 0,
            (true, false) => magnitude <= limit(bits - 1),
            (true, true) => magnitude <= limit(bits - 1) + 1,
        })
    }

    fn from_lit(lit: &Lit) -> Option<Self> {
        let value = match lit {
            Lit::Int(int) => match int.base10_parse::<i128>() {
                Ok(n) => Value::Int(n),
                Err(_) => Value::BigUint(int.base10_parse::<u128>().ok()?),
            },
            Lit::Float(float) => Value::Float(float.base10_parse::<f64>().ok()?),
            Lit::Char(c) => Value::Char(c.value()),
            Lit::Bool(b) => Value::Bool(b.value),
            Lit::Str(s) => Value::Str(s.value()),
            Lit::Byte(b) => Value::Int(i128::from(b.value())),
            Lit::ByteStr(b) => Value::Bytes(b.value()),
            _ => return None,
        };
        Some(Literal {
            text: crate::text::expr_text(lit),
            value,
        })
    }

    /// `None` when the two cannot be compared here (an integer against a float is a type
    /// error rustc reports better).
    pub fn compare(&self, other: &Literal) -> Option<Ordering> {
        match (&self.value, &other.value) {
            (Value::Int(a), Value::Int(b)) => Some(a.cmp(b)),
            (Value::BigUint(_), Value::Int(_)) => Some(Ordering::Greater),
            (Value::Int(_), Value::BigUint(_)) => Some(Ordering::Less),
            (Value::BigUint(a), Value::BigUint(b)) => Some(a.cmp(b)),
            (Value::Float(a), Value::Float(b)) => a.partial_cmp(b),
            (Value::Char(a), Value::Char(b)) => Some(a.cmp(b)),
            (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
            (Value::Str(a), Value::Str(b)) => Some(a.cmp(b)),
            (Value::Bytes(a), Value::Bytes(b)) => Some(a.cmp(b)),
            _ => None,
        }
    }
}
