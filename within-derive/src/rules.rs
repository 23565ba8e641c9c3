//! The tokens of a field's rules beyond its bounds (`check = path`, `one_of(..)`), which the
//! setter, `try_new`, `validate` and `Deserialize` share: each rule is one call of the
//! runtime's, with the value, the user's function (or the comparisons) and a `'static` site.

use crate::ast::{Field, Input};
use crate::attr::{Rule, RuleKind};
use crate::text::expr_text;
use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{Ident, LitStr};

/// `Some("..")` or `None`, for a site's `code` and `message`.
pub fn option_str(text: Option<&LitStr>) -> TokenStream {
    match text {
        Some(text) => quote!(::core::option::Option::Some(#text)),
        None => quote!(::core::option::Option::None),
    }
}

/// The site of `rule` on `field` (named `name` in errors): owner, field, how to word it.
fn site(input: &Input, field: &Field, name: &str, rule: &Rule) -> TokenStream {
    let secret = field.within().secret.is_some();
    // An element's errors are located at `tags[1]`, which stands for the field's name.
    site_of(
        input,
        name,
        secret,
        input.is_newtype() || field.element,
        rule,
    )
}

/// `RuleSpec::new(CODE, TEXT)`: the rule as `FIELDS` lists it, with the code its errors carry
/// and its text as written.
pub fn spec(input: &Input, rule: &Rule) -> TokenStream {
    let private = input.private();
    let (default_code, text) = match &rule.kind {
        RuleKind::Check(path) => ("check", format!("check = {}", expr_text(path))),
        RuleKind::OneOf(values) => {
            let values: Vec<String> = values.iter().map(expr_text).collect();
            ("one_of", format!("one_of({})", values.join(", ")))
        }
        RuleKind::Email(_) => ("email", "email".to_owned()),
        RuleKind::Url(_) => ("url", "url".to_owned()),
        RuleKind::Pattern(pattern) => (
            "pattern",
            format!("pattern = {}", pattern.to_token_stream()),
        ),
    };
    let code = rule
        .code
        .as_ref()
        .map_or_else(|| default_code.to_owned(), LitStr::value);
    quote!(#private::RuleSpec::new(#code, #text))
}

/// The site of a rule of the struct's field `name`, or of the whole struct (`""`).
fn site_of(input: &Input, name: &str, secret: bool, newtype: bool, rule: &Rule) -> TokenStream {
    let private = input.private();
    let owner = input.name();
    let code = option_str(rule.code.as_ref());
    let message = option_str(rule.message.as_ref());
    let formatter = Ident::new("__within_formatter", Span::mixed_site());
    let bounds = match &rule.kind {
        RuleKind::Check(_) | RuleKind::Email(_) | RuleKind::Url(_) => {
            quote!(#private::no_bounds)
        }
        // The pattern as the message shows it: `must match ^[a-z]+$`.
        RuleKind::Pattern(text) => {
            quote!(|_, #formatter| ::core::fmt::Formatter::write_str(#formatter, #text))
        }
        RuleKind::OneOf(values) => {
            // The values as the message lists them: `["eu", "us"]`. Each is a `&dyn Debug`, so
            // a value of the wrong type is reported once, where it is compared.
            quote! {
                |_, #formatter| ::core::fmt::Debug::fmt(
                    &[#(&(#values) as &dyn ::core::fmt::Debug),*],
                    #formatter,
                )
            }
        }
    };
    quote! {
        const {
            &#private::Site::<()>::new(
                #owner,
                #name,
                #private::Shape {
                    secret: #secret,
                    newtype: #newtype,
                    measure: #private::Measure::Value,
                    min: #private::Side::Open,
                    max: #private::Side::Open,
                    min_exclusive: false,
                    max_exclusive: false,
                    code: #code,
                    message: #message,
                },
                #bounds,
                #private::RULE_VTABLE,
            )
        }
    }
}

/// One rule run on `value` (a reference to the field's value, or to its type for an
/// `Option` field): an expression of type `Result<(), OutOfRange>`.
///
/// Output: `check(&self.name, not_blank, SITE)`, or
/// `one_of(&self.region, |v| *v == ("eu") || *v == ("us"), SITE)`; the `_some` forms for an
/// `Option` field.
pub fn call(
    input: &Input,
    field: &Field,
    name: &str,
    rule: &Rule,
    value: &TokenStream,
) -> TokenStream {
    let private = input.private();
    let site = site(input, field, name, rule);
    let some = field.option_inner().is_some();
    match &rule.kind {
        RuleKind::Check(path) => {
            let run = match some {
                true => quote!(check_some),
                false => quote!(check),
            };
            // The runtime's function is named at the path, so that a function that does not
            // exist, takes another type or returns something else is reported there, once.
            let run = respan(quote!(#private::#run), path.span());
            let mut args = Group::new(Delimiter::Parenthesis, quote!(#value, #path, #site));
            args.set_span(path.span());
            quote!(#run #args)
        }
        RuleKind::OneOf(values) => {
            let run = match some {
                true => quote!(one_of_some),
                false => quote!(one_of),
            };
            let candidate = Ident::new("__within_candidate", Span::mixed_site());
            // Each comparison at its value, where a value of another type is the mistake.
            let compares = values.iter().map(|value| {
                let value = crate::syntax::ungroup_expr(value);
                quote_spanned!(value.span()=> *#candidate == (#value))
            });
            quote!(#private::#run(#value, |#candidate| #(#compares)||*, #site))
        }
        RuleKind::Email(span) | RuleKind::Url(span) => {
            let run = match &rule.kind {
                RuleKind::Email(_) => quote!(email),
                _ => quote!(url),
            };
            // At the keyword: a field that is not a string is reported there, once (the
            // type is named, so the obligation is the type's, not the argument's).
            let ty = field.ty;
            let run = respan(quote!(#private::#run::<#ty>), *span);
            let mut args = Group::new(Delimiter::Parenthesis, quote!(#value, #site));
            args.set_span(*span);
            quote!(#run #args)
        }
        RuleKind::Pattern(text) => {
            let compiled = pattern_static(input, field, rule);
            let ty = field.ty;
            let run = respan(quote!(#private::pattern::<#ty>), text.span());
            let mut args = Group::new(Delimiter::Parenthesis, quote!(#value, &#compiled, #site));
            args.set_span(text.span());
            quote!(#run #args)
        }
    }
}

/// The `static` that holds a `pattern = ".."` rule's compiled pattern: one per rule, so each
/// pattern is compiled once, whichever generated method runs it first.
fn pattern_static(input: &Input, field: &Field, rule: &Rule) -> Ident {
    let index = field
        .rules()
        .iter()
        .position(|other| std::ptr::eq(other, rule))
        .unwrap_or_default();
    let each = if field.element { "_EACH" } else { "" };
    Ident::new(
        &format!("__WITHIN_PATTERN_{}{each}_{index}", input.index_of(field)),
        Span::call_site(),
    )
}

/// Items for the string rules: a `static` per pattern, and for each rule the runtime's
/// `needs_*!()`, which without the rule's feature is the one error, at the keyword.
pub fn items(input: &Input) -> TokenStream {
    let private = input.private();
    let mut items = TokenStream::new();
    let elements = input
        .checked_fields()
        .filter_map(|field| field.each.as_deref());
    for field in input.checked_fields().chain(elements) {
        for rule in field.rules() {
            let (needs, feature, span) = match &rule.kind {
                RuleKind::Email(span) => (quote!(needs_email), "email", *span),
                RuleKind::Url(span) => (quote!(needs_url), "url", *span),
                RuleKind::Pattern(text) => {
                    let name = pattern_static(input, field, rule);
                    items.extend(quote! {
                        static #name: #private::Pattern = #private::Pattern::new(#text);
                    });
                    (quote!(needs_regex), "regex", text.span())
                }
                RuleKind::Check(_) | RuleKind::OneOf(_) => continue,
            };
            let rule_text = match &rule.kind {
                RuleKind::Pattern(_) => "pattern = \"..\"",
                _ => feature,
            };
            let message =
                format!("#[within({rule_text})] needs the `{feature}` feature of within-runtime");
            // Written here, so that it stands at the keyword.
            let error = respan(quote!(::core::compile_error!(#message);), span);
            items.extend(quote!(#private::#needs! { #error }));
        }
    }
    items
}

/// `tokens` with every token at `span`: for an absolute path of the runtime's, whose meaning
/// does not depend on where it is written, so that rustc reports its obligations there.
pub fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut token| {
            if let TokenTree::Group(group) = &token {
                let mut inner = Group::new(group.delimiter(), respan(group.stream(), span));
                inner.set_span(span);
                token = TokenTree::Group(inner);
            }
            token.set_span(span);
            token
        })
        .collect()
}

/// One invariant run on `value`, a `&Self`: an expression of type `Result<(), OutOfRange>`.
///
/// Output: `invariant(self, burst_covers, SITE)`, whose site names the struct and no field.
fn invariant_call(input: &Input, rule: &Rule, value: &TokenStream) -> TokenStream {
    let private = input.private();
    let site = site_of(input, "", false, false, rule);
    let RuleKind::Check(path) = &rule.kind else {
        unreachable!("an invariant is a function");
    };
    // As for a field's check: the runtime's function is named at the path.
    let run = respan(quote!(#private::invariant), path.span());
    let mut args = Group::new(Delimiter::Parenthesis, quote!(#value, #path, #site));
    args.set_span(path.span());
    quote!(#run #args)
}

/// Whether every invariant holds on `value` (a `&Self`), for the fast paths.
pub fn invariants_hold(input: &Input, value: &TokenStream) -> Vec<TokenStream> {
    input
        .attrs
        .invariants
        .iter()
        .map(|rule| {
            let call = invariant_call(input, rule, value);
            quote!(::core::result::Result::is_ok(&#call))
        })
        .collect()
}

/// Records each invariant that fails on `value` in `checks`: every one is reported.
pub fn invariant_reports(input: &Input, value: &TokenStream, checks: &Ident) -> TokenStream {
    let private = input.private();
    let calls = input
        .attrs
        .invariants
        .iter()
        .map(|rule| invariant_call(input, rule, value));
    quote!(#(#private::report_rule(#checks, #calls);)*)
}

/// The first invariant that fails on `value`, for a setter.
pub fn invariants_first_failure(input: &Input, value: &TokenStream) -> TokenStream {
    let mut calls = input
        .attrs
        .invariants
        .iter()
        .map(|rule| invariant_call(input, rule, value));
    let Some(first) = calls.next() else {
        return quote!(::core::result::Result::Ok(()));
    };
    calls.fold(
        first,
        |chain, next| quote!(::core::result::Result::and_then(#chain, |()| #next)),
    )
}

/// `value` (a `Self` in scope) returned if the invariants hold, else every failure, for
/// `try_new`: an expression of type `Result<Self, Invalid>`.
///
/// Output, with invariants: `{ let built = value; if holds(&built) { Ok(built) } else {
/// match slow_path(|checks| reports(&built)) { .. } } }`; without, `Ok(value)`.
pub fn finish(input: &Input, value: TokenStream) -> TokenStream {
    let private = input.private();
    if input.attrs.invariants.is_empty() {
        return quote!(::core::result::Result::<Self, #private::Invalid>::Ok(#value));
    }
    let built = input.local("built");
    let checks = input.local("checks");
    let error = input.local("error");
    let holds = invariants_hold(input, &quote!(&#built));
    let reports = invariant_reports(input, &quote!(&#built), &checks);
    quote! {{
        let #built = #value;
        if #(#holds)&&* {
            ::core::result::Result::<Self, #private::Invalid>::Ok(#built)
        } else {
            match #private::slow_path(|#checks| { #reports }) {
                ::core::result::Result::Ok(()) => ::core::result::Result::Ok(#built),
                ::core::result::Result::Err(#error) => ::core::result::Result::Err(#error),
            }
        }
    }}
}

/// Whether every rule of `field` passes: `call(..).is_ok() && ..`, for the fast paths.
pub fn holds(input: &Input, field: &Field, name: &str, value: &TokenStream) -> Vec<TokenStream> {
    field
        .rules()
        .iter()
        .map(|rule| {
            let call = call(input, field, name, rule, value);
            quote!(::core::result::Result::is_ok(&#call))
        })
        .collect()
}

/// Records each rule of `field` that fails, in `checks`: the slow paths.
pub fn reports(
    input: &Input,
    field: &Field,
    name: &str,
    value: &TokenStream,
    checks: &Ident,
) -> TokenStream {
    let private = input.private();
    let calls = field
        .rules()
        .iter()
        .map(|rule| call(input, field, name, rule, value));
    quote!(#(#private::report_rule(#checks, #calls);)*)
}

/// The first failure of the rules of `field`, in the order written: an expression of type
/// `Result<(), OutOfRange>` that stops at the first `Err`, for a setter.
pub fn first_failure(input: &Input, field: &Field, value: &TokenStream) -> TokenStream {
    let name = field.name();
    let mut calls = field
        .rules()
        .iter()
        .map(|rule| call(input, field, &name, rule, value));
    let Some(first) = calls.next() else {
        return quote!(::core::result::Result::Ok(()));
    };
    calls.fold(
        first,
        |chain, next| quote!(::core::result::Result::and_then(#chain, |()| #next)),
    )
}
