//! The grammar of `#[within(..)]`, on fields and on the struct.
//!
//! On a field:
//!
//! ```text
//! #[within(MIN, MAX)]              MIN <= value <= MAX
//! #[within(MIN..=MAX)]             the same, as a Rust range
//! #[within(MIN..MAX)]              MIN <= value < MAX
//! #[within(MIN..)]                 MIN <= value
//! #[within(..=MAX)]                value <= MAX
//! #[within(..MAX)]                 value < MAX
//! #[within(len(RANGE))]            the same forms, on the field's length
//! #[within(chars(RANGE))]          the same forms, on a string's number of chars
//! #[within(nested)]                a struct (or an Option, Box, Vec, map .. of one) with its own checks
//! #[within(key)]                   the struct's key: one live owner per key in its registry
//! ... , secret                     errors never hold the value
//! ... , default = EXPR             the value `#[within(default)]` and a draft start from
//! ... , dynamic                    the bounds are read at each check (`max_conns()`)
//! ... , check = path               `path(&value)` returns `bool` or `Result<(), E>`; repeatable
//! ... , one_of(A, B, ..)           the value equals one of these
//! ... , nested                     also descend into the structs it holds (`len(1..=16), nested`)
//! ... , each(RULES)                the rules of every element; `each(nested)` is `nested`
//! ... , message = "..", code = ".." the words and code of every rule of this attribute
//! ```
//!
//! A rule may also come first (`#[within(check = path)]`), and a field may carry several
//! attributes: rules needing different messages go in separate ones.
//!
//! A bound is a constant expression, or `self.other` for another marked field.
//!
//! On the struct, in one attribute or several: `crate = path`, `default`, `deserialize`,
//! `schema`, `draft = Name`, `manual(Default)`, `manual(Deserialize)`, and
//! `invariant = path` (repeatable; `fn(&Self)` returning `bool` or `Result<(), E>`), with the
//! `message = ".."` and `code = ".."` of the invariants of its attribute.

use crate::ctxt::Ctxt;
use crate::expr::parse_expr;
use crate::helper_attrs::{parse_serde_container, SerdeContainer};
use crate::text::{closest, did_you_mean, expr_text};
use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use syn::parse::{ParseStream, Parser};
use syn::spanned::Spanned;
use syn::{Attribute, Expr, Ident, LitStr, Member, Meta, Path, Token};

/// A well-formed field attribute.
pub struct Within {
    pub check: Check,
    pub secret: Option<Span>,
    pub default: Option<Expr>,
    /// `dynamic`: the constant-looking bounds read run-time state, evaluated at each check.
    pub dynamic: Option<Span>,
    /// `check = path` and `one_of(..)`, in the order written, after the check.
    pub rules: Vec<Rule>,
    /// `message = ".."`: the words of every rule of its attribute, the check's included.
    pub message: Option<LitStr>,
    /// `code = ".."`: the code of every rule of its attribute.
    pub code: Option<LitStr>,
    /// `each(RULES)`: the rules of every element, with the `each` keyword's span.
    pub each: Option<(Span, Box<Within>)>,
    /// `nested` (or `each(nested)`), at the keyword: `validate()` and `Deserialize` descend into
    /// the structs the field holds. Alone, the field's check is `Check::Nested`; beside `len`,
    /// `chars` or rules, it adds to them (see `settle`).
    pub nested: Option<Span>,
    /// `each(nested)` was written, at the `each` keyword: the field must still be a collection.
    pub each_nested: Option<Span>,
}

/// A rule beyond the bounds, with the message and code of the attribute it is in.
pub struct Rule {
    pub kind: RuleKind,
    pub message: Option<LitStr>,
    pub code: Option<LitStr>,
}

pub enum RuleKind {
    /// `check = path`: a function of `&T` returning `bool` or `Result<(), E>`.
    Check(Path),
    /// `one_of(A, B, ..)`: the values the field may have.
    OneOf(Vec<Expr>),
    /// `email`, at the keyword (feature `email`).
    Email(Span),
    /// `url`, at the keyword (feature `url`).
    Url(Span),
    /// `pattern = "REGEX"` (feature `regex`).
    Pattern(LitStr),
}

/// What a field's attribute checks.
pub enum Check {
    /// The value is within the bounds.
    Range(Bounds),
    /// The length (`len`) or number of chars (`chars`) is within the bounds.
    Len(Measure, Bounds),
    /// The value holds structs that check themselves, and nothing else is declared: the field
    /// lends `f_mut()`.
    Nested,
    /// The struct's key in its registry, which keeps one live owner per key: a getter, no
    /// setter.
    Key,
    /// No bounds: the field has rules only (`#[within(check = path)]`).
    Rules,
}

#[derive(Clone, Copy, PartialEq)]
pub enum Measure {
    Len,
    Chars,
}

/// `MIN..MAX` and friends: at least one side is present.
pub struct Bounds {
    pub min: Option<Bound>,
    pub max: Option<Bound>,
    /// `MIN..MAX` or `..MAX`: the maximum itself is out of range.
    pub max_exclusive: bool,
}

pub enum Bound {
    /// A constant expression of the bound type.
    Const(Expr),
    /// `self.other`: the current value of another marked field.
    Field {
        /// The whole `self.other`, for spans and text.
        expr: Expr,
        member: Member,
    },
}

impl Bound {
    pub fn expr(&self) -> &Expr {
        match self {
            Bound::Const(expr) | Bound::Field { expr, .. } => expr,
        }
    }
}

/// What the struct-level attributes say.
#[derive(Default)]
pub struct Container {
    /// `crate = path`: where the runtime is, when the dependency is renamed.
    pub krate: Option<Path>,
    /// `deserialize`, with the keyword's span for errors about it.
    pub deserialize: Option<Span>,
    /// `default`: a checked `impl Default` from each field's `default = ..`.
    pub default: Option<Span>,
    /// `schema`: a `schemars::JsonSchema` impl that carries the bounds.
    pub schema: Option<Span>,
    /// `draft = Name`: an unchecked struct with public fields, and `TryFrom` it.
    pub draft: Option<Ident>,
    /// `manual(Default)`: a hand-written `Default` that goes through the checks.
    pub manual_default: Option<Span>,
    /// `manual(Deserialize)`: likewise for `Deserialize`.
    pub manual_deserialize: Option<Span>,
    /// What the struct's `#[serde]` attributes say that the derive needs to know.
    pub serde: SerdeContainer,
    /// An attribute on the struct was malformed: what it said is unknown, so checks that
    /// depend on it (is a field's `default = ..` used?) would only add errors.
    pub invalid: bool,
    /// `invariant = path`, in the order written, each with its attribute's words.
    pub invariants: Vec<Rule>,
}

/// The `message = ".."` and `code = ".."` of one struct attribute, for its invariants.
#[derive(Default)]
struct Words {
    message: Option<LitStr>,
    code: Option<LitStr>,
    /// Where the first of them is, for the error when the attribute has no invariant.
    span: Option<Span>,
}

const CONTAINER_EXPECTED: &str = "on a struct, #[within] takes `crate = path`, `default`, \
     `deserialize`, `schema`, `draft = Name` or `manual(Default)` / `manual(Deserialize)`; \
     bounds go on its fields";

pub const EXPECTED: &str = "expected #[within(min, max)] or #[within(min..=max)]";

pub fn is_within(attr: &Attribute) -> bool {
    attr.path().is_ident("within")
}

/// Parses the `#[within]` attributes of one field. Returns whether the field is marked at all
/// (even by a malformed attribute, so the fallback still declares its methods) and what its
/// well-formed attributes say together: one of them may have bounds (or be `nested`), the
/// others add rules, each with its own `message` and `code`.
pub fn parse_field(cx: &Ctxt, attrs: &[Attribute]) -> (bool, Option<Within>) {
    let mut marked = false;
    let mut within: Option<Within> = None;
    let mut invalid = false;
    for attr in attrs.iter().filter(|attr| is_within(attr)) {
        marked = true;
        let parsed = parse_list(attr).and_then(|list| {
            list.parse_args_with(|input: ParseStream| parse_within(input, &list.tokens))
        });
        let parsed = match parsed {
            Ok(parsed) => parsed,
            Err(error) => {
                invalid = true;
                cx.push(error);
                continue;
            }
        };
        let Some(merged) = &mut within else {
            within = Some(parsed);
            continue;
        };
        if let Err(error) = merge(merged, parsed, attr) {
            invalid = true;
            cx.push(error);
        }
    }
    if let (Some(within), false) = (&mut within, invalid) {
        if let Err(error) = settle(within) {
            invalid = true;
            cx.push(error);
        }
    }
    // A field with a malformed attribute is not expanded: its other attributes may say
    // anything.
    (marked, within.filter(|_| !invalid))
}

/// Puts `nested` where the field's attributes together say it is: `each(nested)` is `nested`
/// on the field (its elements are the structs), and `nested` beside `len`, `chars` or a rule
/// makes the field a checked one (a getter and `set_f`, no `f_mut`, which could break them)
/// that also descends. `nested` with nothing else is `Check::Nested`.
fn settle(within: &mut Within) -> syn::Result<()> {
    if let Some((each, element)) = &mut within.each {
        if let Some(span) = element.nested.take() {
            if within.nested.replace(span).is_some() {
                return Err(syn::Error::new(span, "duplicate `nested`"));
            }
            within.each_nested = Some(*each);
            // What else the element declares stays with it.
            if matches!(element.check, Check::Nested) {
                element.check = Check::Rules;
            }
        }
        if matches!(element.check, Check::Rules)
            && element.rules.is_empty()
            && element.each.is_none()
        {
            // Options with no rule left to apply to: the structs' own fields declare theirs.
            let idle = [element.secret, element.dynamic]
                .into_iter()
                .flatten()
                .chain(element.message.as_ref().map(LitStr::span))
                .chain(element.code.as_ref().map(LitStr::span))
                .next();
            if let Some(span) = idle {
                return Err(syn::Error::new(
                    span,
                    "`each(nested)` has no rule of its own for this to apply to: the nested \
                     structs' fields declare their own",
                ));
            }
            within.each = None;
        }
    }
    let has_rules = !within.rules.is_empty() || within.each.is_some();
    match (&within.check, within.nested) {
        (Check::Range(bounds), Some(span)) => {
            let at = bounds
                .min
                .as_ref()
                .or(bounds.max.as_ref())
                .map_or(span, |bound| bound.expr().span());
            Err(syn::Error::new(
                at,
                "`nested` descends into structs, which a range cannot compare: bound their \
                 fields, or the field's length with `len(..)`",
            ))
        }
        (Check::Key, Some(span)) => Err(syn::Error::new(span, "a key is not `nested`")),
        (Check::Rules, Some(_)) if !has_rules => {
            within.check = Check::Nested;
            Ok(())
        }
        (Check::Nested, _) if has_rules => {
            within.check = Check::Rules;
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Adds a later attribute of the same field to what the earlier ones say.
fn merge(within: &mut Within, later: Within, attr: &Attribute) -> syn::Result<()> {
    let Within {
        check,
        secret,
        default,
        dynamic,
        rules,
        message,
        code,
        each,
        nested,
        each_nested,
    } = later;
    if each_nested.is_some() {
        within.each_nested = each_nested;
    }
    if let Some(span) = nested {
        if within.nested.replace(span).is_some() {
            return Err(syn::Error::new(span, "duplicate `nested`"));
        }
    }
    if let Some(span) = dynamic {
        if within.dynamic.replace(span).is_some() {
            return Err(syn::Error::new(span, "duplicate `dynamic`"));
        }
    }
    if let Some((span, each)) = each {
        if within.each.replace((span, each)).is_some() {
            return Err(syn::Error::new(span, "duplicate `each`"));
        }
    }
    // `nested` declares no bounds: it goes with any one attribute's `len` or `chars`.
    if !matches!(check, Check::Rules | Check::Nested) {
        if !matches!(within.check, Check::Rules | Check::Nested) {
            return Err(syn::Error::new_spanned(
                attr,
                "duplicate #[within] bounds: a field has one range, `len`, `chars` or `nested`; \
                 further #[within(..)] attributes add rules such as `check = path`",
            ));
        }
        within.check = check;
        // The check's own words are those of the attribute it is in.
        within.message = message;
        within.code = code;
    }
    if let Some(span) = secret {
        if within.secret.replace(span).is_some() {
            return Err(syn::Error::new(span, "duplicate `secret`"));
        }
    }
    if let Some(value) = default {
        if within.default.is_some() {
            return Err(syn::Error::new_spanned(value, "duplicate `default`"));
        }
        within.default = Some(value);
    }
    within.rules.extend(rules);
    Ok(())
}

/// Parses the struct's own `#[within(..)]` attributes and what the derive reads of its
/// `#[serde]` attributes.
pub fn parse_container(cx: &Ctxt, attrs: &[Attribute]) -> Container {
    let mut container = Container {
        serde: parse_serde_container(attrs),
        ..Container::default()
    };
    for attr in attrs.iter().filter(|attr| is_within(attr)) {
        let first_invariant = container.invariants.len();
        let mut words = Words::default();
        let parsed = parse_list(attr)
            .map_err(|error| syn::Error::new(error.span(), CONTAINER_EXPECTED))
            .and_then(|list| {
                list.parse_nested_meta(|meta| {
                    parse_container_option(&mut container, &mut words, meta)
                })
                .map_err(|error| {
                    // syn's own words about what a nested meta item looks like (a literal where
                    // an identifier goes) say nothing about this attribute.
                    let message = error.to_string();
                    if message.starts_with("unexpected") || message.starts_with("expected ident") {
                        syn::Error::new(error.span(), CONTAINER_EXPECTED)
                    } else {
                        error
                    }
                })
            });
        if let Err(error) = parsed {
            container.invalid = true;
            cx.push(error);
            continue;
        }
        let added = &mut container.invariants[first_invariant..];
        match (words.span, added.is_empty()) {
            (Some(span), true) => cx.push(syn::Error::new(
                span,
                "on a struct, `message` and `code` word its invariants: add \
                 `invariant = path` to this attribute",
            )),
            _ => {
                for invariant in added {
                    invariant.message.clone_from(&words.message);
                    invariant.code.clone_from(&words.code);
                }
            }
        }
    }
    container
}

fn parse_container_option(
    container: &mut Container,
    words: &mut Words,
    meta: syn::meta::ParseNestedMeta,
) -> syn::Result<()> {
    let path = &meta.path;
    let name = path.get_ident().map(|ident| ident.to_string());
    let flag = |slot: &mut Option<Span>, name: &str| {
        if !meta.input.is_empty() && !meta.input.peek(Token![,]) {
            return Err(meta.error(format!("`{name}` takes no value")));
        }
        if slot.replace(path.span()).is_some() {
            return Err(meta.error(format!("duplicate #[within({name})]")));
        }
        Ok(())
    };
    match name.as_deref() {
        Some("crate") => {
            const CRATE: &str = "expected `crate = path::to::within_runtime`";
            let value: Path = meta
                .value()
                .map_err(|error| syn::Error::new(error.span(), CRATE))?
                .parse()
                .map_err(|error| syn::Error::new(error.span(), CRATE))?;
            if container.krate.replace(value).is_some() {
                return Err(meta.error("duplicate #[within(crate = ..)]"));
            }
        }
        Some("invariant") => {
            const INVARIANT: &str = "expected `invariant = path::to::function`";
            let path: Path = meta
                .value()
                .map_err(|error| syn::Error::new(error.span(), INVARIANT))?
                .parse()
                .map_err(|error| syn::Error::new(error.span(), INVARIANT))?;
            container.invariants.push(Rule {
                kind: RuleKind::Check(path),
                message: None,
                code: None,
            });
        }
        Some(key @ ("message" | "code")) => {
            let what = format!("expected `{key} = \"..\"`");
            let text: LitStr = meta
                .value()
                .map_err(|error| syn::Error::new(error.span(), &what))?
                .parse()
                .map_err(|error| syn::Error::new(error.span(), &what))?;
            let slot = match key {
                "message" => &mut words.message,
                _ => &mut words.code,
            };
            if slot.replace(text).is_some() {
                return Err(meta.error(format!("duplicate `{key}`")));
            }
            words.span.get_or_insert(path.span());
        }
        Some("deserialize") => flag(&mut container.deserialize, "deserialize")?,
        Some("default") => flag(&mut container.default, "default")?,
        Some("schema") => flag(&mut container.schema, "schema")?,
        Some("draft") => {
            const DRAFT: &str = "expected `draft = Name`, a struct name";
            let path: Path = meta
                .value()
                .map_err(|error| syn::Error::new(error.span(), DRAFT))?
                .parse()
                .map_err(|error| syn::Error::new(error.span(), DRAFT))?;
            // A path would name a struct elsewhere; the draft is declared beside this one.
            let Some(value) = path.get_ident().cloned() else {
                return Err(syn::Error::new_spanned(path, DRAFT));
            };
            if container.draft.replace(value).is_some() {
                return Err(meta.error("duplicate #[within(draft = ..)]"));
            }
        }
        Some("manual") => meta.parse_nested_meta(|inner| {
            if inner.path.is_ident("Default") {
                if container
                    .manual_default
                    .replace(inner.path.span())
                    .is_some()
                {
                    return Err(inner.error("duplicate #[within(manual(Default))]"));
                }
            } else if inner.path.is_ident("Deserialize") {
                if container
                    .manual_deserialize
                    .replace(inner.path.span())
                    .is_some()
                {
                    return Err(inner.error("duplicate #[within(manual(Deserialize))]"));
                }
            } else {
                return Err(inner.error(
                    "expected `manual(Default)` or `manual(Deserialize)`: the impls the \
                     derive would otherwise refuse",
                ));
            }
            Ok(())
        })?,
        _ => {
            let hint = match &name {
                Some(name) => did_you_mean(
                    name,
                    [
                        "crate",
                        "default",
                        "deserialize",
                        "schema",
                        "draft",
                        "manual",
                        "invariant",
                        "message",
                        "code",
                    ],
                ),
                None => String::new(),
            };
            return Err(match hint.is_empty() {
                true => meta.error(CONTAINER_EXPECTED),
                false => meta.error(format!(
                    "unknown option `{}` on a struct{hint}",
                    name.unwrap_or_default()
                )),
            });
        }
    }
    Ok(())
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

/// The whole field attribute: the check, then options. `all` is every token inside the
/// parentheses, to point at when the arity is wrong.
fn parse_within(input: ParseStream, all: &TokenStream) -> syn::Result<Within> {
    let mut nested = None;
    let check = if starts_rule(input) {
        Check::Rules
    } else if input.peek(syn::Ident) && input.peek2(syn::token::Paren) {
        let fork = input.fork();
        let keyword: Ident = fork.parse()?;
        let measure = if keyword == "len" {
            Some(Measure::Len)
        } else if keyword == "chars" {
            Some(Measure::Chars)
        } else {
            None
        };
        match measure {
            Some(measure) => {
                input.parse::<Ident>()?;
                Check::Len(measure, parse_measure_bounds(input)?)
            }
            None => {
                let args = fork
                    .fork()
                    .parse::<Group>()
                    .ok()
                    .map(|group| group.stream());
                Check::Range(
                    parse_bounds(input, all)
                        .map_err(|error| misspelled_rule(&keyword, args).unwrap_or(error))?,
                )
            }
        }
    } else if input.peek(syn::Ident) && (input.peek2(Token![,]) || peek_end2(input)) {
        let fork = input.fork();
        let keyword: Ident = fork.parse()?;
        if keyword == "nested" {
            nested = Some(input.parse::<Ident>()?.span());
            Check::Nested
        } else if keyword == "key" {
            input.parse::<Ident>()?;
            Check::Key
        } else {
            Check::Range(
                parse_bounds(input, all)
                    .map_err(|error| misspelled_rule(&keyword, None).unwrap_or(error))?,
            )
        }
    } else {
        Check::Range(parse_bounds(input, all)?)
    };
    let mut within = Within {
        check,
        secret: None,
        default: None,
        dynamic: None,
        rules: Vec::new(),
        message: None,
        code: None,
        each: None,
        nested,
        each_nested: None,
    };
    // A leading rule has no `,` before it.
    let mut lead = matches!(within.check, Check::Rules);
    while !input.is_empty() {
        if !core::mem::take(&mut lead) {
            input.parse::<Token![,]>().map_err(expected)?;
            if input.is_empty() {
                break;
            }
        }
        let only_nested = matches!(within.check, Check::Nested);
        let option: Ident = input.parse().map_err(|error| {
            let message = if only_nested {
                "`nested` takes no bounds: the nested struct's own fields declare theirs"
            } else {
                "expected `secret` or `default = ..` here: a range has two bounds, \
                 #[within(min, max)]"
            };
            syn::Error::new(error.span(), message)
        })?;
        if option == "secret" {
            if within.secret.replace(option.span()).is_some() {
                return Err(syn::Error::new(option.span(), "duplicate `secret`"));
            }
        } else if option == "nested" {
            if within.nested.replace(option.span()).is_some() {
                return Err(syn::Error::new(option.span(), "duplicate `nested`"));
            }
        } else if (option == "len" || option == "chars") && matches!(within.check, Check::Len(..)) {
            return Err(syn::Error::new(
                option.span(),
                "duplicate #[within] bounds: a field has one `len` or `chars`",
            ));
        } else if (option == "len" || option == "chars") && only_nested {
            // `nested, len(1..=16)`: the length goes with `nested` in either order.
            let measure = if option == "len" {
                Measure::Len
            } else {
                Measure::Chars
            };
            within.check = Check::Len(measure, parse_measure_bounds(input)?);
        } else if option == "dynamic" {
            if within.dynamic.replace(option.span()).is_some() {
                return Err(syn::Error::new(option.span(), "duplicate `dynamic`"));
            }
        } else if option == "default" {
            input
                .parse::<Token![=]>()
                .map_err(|error| syn::Error::new(error.span(), "expected `default = value`"))?;
            let value = parse_expr(input, "a default value")?;
            if within.default.replace(value).is_some() {
                return Err(syn::Error::new(option.span(), "duplicate `default`"));
            }
        } else if !parse_rule_option(input, &option, &mut within)? {
            let name = option.to_string();
            let message = if matches!(name.as_str(), "len" | "chars") {
                format!("`{name}` goes first in #[within(..)], before any option")
            } else if name == "invariant" {
                "`invariant = path` goes on the struct, where its function sees every field; \
                 a field's own function is `check = path`"
                    .to_owned()
            } else {
                match did_you_mean(&name, RULE_OPTIONS) {
                    hint if hint.is_empty() => format!(
                        "unknown option `{name}`: after the bounds come rules (`check = path`, \
                         `one_of(..)`, `each(..)`, ..) and options (`secret`, `dynamic`, \
                         `default = ..`, `message = ..`, `code = ..`)"
                    ),
                    hint => format!("unknown option `{name}`{hint}"),
                }
            };
            return Err(syn::Error::new(option.span(), message));
        }
    }
    if within.rules.is_empty() && within.each.is_none() && matches!(within.check, Check::Rules) {
        return Err(syn::Error::new_spanned(
            all,
            "`message` and `code` word a rule: add one, such as `check = path`, or bounds",
        ));
    }
    // The attribute's words are every one of its rules'.
    for rule in &mut within.rules {
        rule.message.clone_from(&within.message);
        rule.code.clone_from(&within.code);
    }
    Ok(within)
}

/// `(1..=64)` after `len` or `chars`.
fn parse_measure_bounds(input: ParseStream) -> syn::Result<Bounds> {
    let content;
    let parens = syn::parenthesized!(content in input);
    if content.is_empty() {
        return Err(syn::Error::new(
            parens.span.join(),
            "expected a range of lengths: `len(1..=64)` or `len(1, 64)`",
        ));
    }
    let inner = content.cursor().token_stream();
    let bounds = parse_bounds(&content, &inner)?;
    if !content.is_empty() {
        return Err(content.error(EXPECTED));
    }
    Ok(bounds)
}

/// What may follow the bounds, for "did you mean".
const RULE_OPTIONS: [&str; 12] = [
    "secret", "default", "dynamic", "check", "one_of", "message", "code", "email", "url",
    "pattern", "each", "nested",
];

/// With the `regex` feature, a pattern that does not parse is an error at the string. Without
/// it, the runtime lacks `regex` too, and the expansion names that feature.
fn check_pattern(text: &LitStr) -> syn::Result<()> {
    #[cfg(feature = "regex")]
    if let Err(error) = regex_syntax::Parser::new().parse(&text.value()) {
        return Err(syn::Error::new(
            text.span(),
            format!("invalid pattern: {error}"),
        ));
    }
    let _ = text;
    Ok(())
}

/// Whether the attribute starts with a rule rather than bounds: `check = ..`, `one_of(..)`,
/// `message = ..` or `code = ..`, or a name followed by `=`, which no bound is (a typo of one
/// of these, which the options' loop names).
fn starts_rule(input: ParseStream) -> bool {
    let fork = input.fork();
    let Ok(keyword) = fork.parse::<Ident>() else {
        return false;
    };
    ((keyword == "one_of" || keyword == "each") && fork.peek(syn::token::Paren))
        || ((keyword == "email" || keyword == "url") && (fork.is_empty() || fork.peek(Token![,])))
        || (fork.peek(Token![=]) && !fork.peek(Token![==]) && !fork.peek(Token![=>]))
}

/// Parses `check = path`, `one_of(..)`, `message = ".."` or `code = ".."` after `option`
/// into `within`; `Ok(false)`, consuming nothing, for any other option.
fn parse_rule_option(input: ParseStream, option: &Ident, within: &mut Within) -> syn::Result<bool> {
    let rule = |kind| Rule {
        kind,
        message: None,
        code: None,
    };
    if option == "check" {
        input.parse::<Token![=]>().map_err(|error| {
            syn::Error::new(error.span(), "expected `check = path::to::function`")
        })?;
        let path: Path = input.parse().map_err(|error| {
            syn::Error::new(error.span(), "expected `check = path::to::function`")
        })?;
        within.rules.push(rule(RuleKind::Check(path)));
        return Ok(true);
    }
    if option == "one_of" {
        let content;
        let parens = syn::parenthesized!(content in input);
        let mut values = Vec::new();
        while !content.is_empty() {
            values.push(parse_expr(&content, "a value")?);
            if !content.is_empty() {
                content.parse::<Token![,]>()?;
            }
        }
        if values.is_empty() {
            return Err(syn::Error::new(
                parens.span.join(),
                "expected the accepted values: `one_of(A, B, ..)`",
            ));
        }
        within.rules.push(rule(RuleKind::OneOf(values)));
        return Ok(true);
    }
    if option == "each" {
        let content;
        syn::parenthesized!(content in input);
        let all = content.cursor().token_stream();
        let inner = parse_within(&content, &all)?;
        if within
            .each
            .replace((option.span(), Box::new(inner)))
            .is_some()
        {
            return Err(syn::Error::new(option.span(), "duplicate `each`"));
        }
        return Ok(true);
    }
    if option == "email" || option == "url" {
        within.rules.push(rule(match option == "email" {
            true => RuleKind::Email(option.span()),
            false => RuleKind::Url(option.span()),
        }));
        return Ok(true);
    }
    if option == "pattern" {
        const PATTERN: &str = "expected `pattern = \"REGEX\"`";
        input
            .parse::<Token![=]>()
            .map_err(|error| syn::Error::new(error.span(), PATTERN))?;
        let text: LitStr = input
            .parse()
            .map_err(|error| syn::Error::new(error.span(), PATTERN))?;
        check_pattern(&text)?;
        within.rules.push(rule(RuleKind::Pattern(text)));
        return Ok(true);
    }
    let slot = if option == "message" {
        &mut within.message
    } else if option == "code" {
        &mut within.code
    } else {
        return Ok(false);
    };
    let what = format!("expected `{option} = \"..\"`");
    input
        .parse::<Token![=]>()
        .map_err(|error| syn::Error::new(error.span(), &what))?;
    let text: LitStr = input
        .parse()
        .map_err(|error| syn::Error::new(error.span(), &what))?;
    if slot.replace(text).is_some() {
        return Err(syn::Error::new(
            option.span(),
            format!("duplicate `{option}`"),
        ));
    }
    Ok(true)
}

/// An error for a rule named `keyword` that this derive does not have but that was surely
/// meant as one: a typo of `len`, `chars` or `nested`, or another library's spelling
/// (`length(min = 1, max = 64)`, `range(min = 1)`, `dive`), with what to write instead.
/// `None` when `keyword` is far from every rule (it may be a function called as a bound).
fn misspelled_rule(keyword: &Ident, args: Option<TokenStream>) -> Option<syn::Error> {
    let name = keyword.to_string();
    let foreign = |rewrite: String| {
        syn::Error::new(
            keyword.span(),
            format!("`{name}` is another validation library's spelling; here it is `{rewrite}`"),
        )
    };
    if name == "dive" {
        return Some(foreign("nested".to_owned()));
    }
    if name == "length" || name == "range" {
        let (min, max) = args.as_ref().map(min_max_args).unwrap_or_default();
        let range = match (min, max) {
            (Some(min), Some(max)) => format!("{min}..={max}"),
            (Some(min), None) => format!("{min}.."),
            (None, Some(max)) => format!("..={max}"),
            (None, None) => "MIN..=MAX".to_owned(),
        };
        return Some(foreign(match name.as_str() {
            "length" => format!("len({range})"),
            _ => range,
        }));
    }
    // `length` stands for `len`, so that `lenght` finds it.
    let meant = closest(&name, ["len", "chars", "nested", "key", "length", "one_of"])?;
    let meant = if meant == "length" { "len" } else { meant };
    Some(syn::Error::new(
        keyword.span(),
        format!("unknown rule `{name}`; did you mean `{meant}`?"),
    ))
}

/// The values of `min = ..` and `max = ..` in another library's `length(..)` or `range(..)`.
fn min_max_args(args: &TokenStream) -> (Option<String>, Option<String>) {
    let (mut min, mut max) = (None, None);
    let tokens: Vec<TokenTree> = args.clone().into_iter().collect();
    for item in tokens.split(|token| matches!(token, TokenTree::Punct(p) if p.as_char() == ',')) {
        if let [TokenTree::Ident(key), TokenTree::Punct(eq), value @ ..] = item {
            if eq.as_char() == '=' && !value.is_empty() {
                let text = expr_text(value.iter().cloned().collect::<TokenStream>());
                match key.to_string().as_str() {
                    "min" => min = Some(text),
                    "max" => max = Some(text),
                    _ => {}
                }
            }
        }
    }
    (min, max)
}

/// Whether the token after the next one ends the input.
fn peek_end2(input: ParseStream) -> bool {
    let cursor = input.cursor();
    match cursor.token_tree() {
        Some((_, rest)) => rest.eof(),
        None => false,
    }
}

/// `MIN, MAX` or a range. `all` is what to point at when a side is missing.
fn parse_bounds(input: ParseStream, all: &TokenStream) -> syn::Result<Bounds> {
    if let Some(range) = range_fragment(input) {
        let inner = |stream: ParseStream| parse_bounds(stream, all);
        return inner.parse2(range);
    }
    let wrong_arity = || syn::Error::new_spanned(all, EXPECTED);
    let min = if input.peek(Token![..]) {
        None
    } else {
        Some(parse_bound(input)?)
    };
    if input.peek(Token![..=]) || input.peek(Token![..]) {
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
        return Ok(Bounds {
            // `MIN..` has no maximum to exclude.
            max_exclusive: max_exclusive && max.is_some(),
            min,
            max,
        });
    }
    if input.is_empty() {
        return Err(wrong_arity());
    }
    input.parse::<Token![,]>().map_err(expected)?;
    if input.is_empty() {
        return Err(wrong_arity());
    }
    let max = parse_bound(input)?;
    Ok(Bounds {
        min,
        max: Some(max),
        max_exclusive: false,
    })
}

/// A whole range passed through `macro_rules!` as one `$r:expr` (`0..=10` in an invisible
/// group) is read as the range it holds: its tokens, taken out of the group.
fn range_fragment(input: ParseStream) -> Option<TokenStream> {
    let (inner, _, rest) = input.cursor().group(Delimiter::None)?;
    let ends = rest.eof()
        || rest
            .punct()
            .is_some_and(|(punct, _)| punct.as_char() == ',');
    let stream = inner.token_stream();
    let tokens: Vec<TokenTree> = stream.clone().into_iter().collect();
    let has_range = tokens.windows(2).any(|pair| {
        matches!(&pair[0], TokenTree::Punct(a) if a.as_char() == '.')
            && matches!(&pair[1], TokenTree::Punct(b) if b.as_char() == '.')
    });
    if !ends || !has_range {
        return None;
    }
    input
        .step(|cursor| match cursor.token_tree() {
            Some((_, rest)) => Ok(((), rest)),
            None => Err(cursor.error("unreachable: a group was seen")),
        })
        .ok()?;
    Some(stream)
}

/// One bound: a constant expression, or `self.field`.
fn parse_bound(input: ParseStream) -> syn::Result<Bound> {
    let expr = parse_expr(input, "a bound")?;
    let plain = crate::syntax::ungroup_expr(&expr);
    if let Expr::Field(field) = plain {
        if is_self(&field.base) {
            return Ok(Bound::Field {
                member: field.member.clone(),
                expr,
            });
        }
    }
    Ok(Bound::Const(expr))
}

/// `self`, possibly inside invisible groups.
pub fn is_self(expr: &Expr) -> bool {
    match crate::syntax::ungroup_expr(expr) {
        Expr::Path(path) => path.qself.is_none() && path.path.is_ident("self"),
        _ => false,
    }
}

fn expected(error: syn::Error) -> syn::Error {
    syn::Error::new(error.span(), EXPECTED)
}
