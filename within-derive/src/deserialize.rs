//! `Deserialize`: refused when it would skip the checks, generated through them with
//! `#[within(deserialize)]`.
//!
//! The generated impl reads an unchecked *shadow* struct with the same fields and `#[serde]`
//! attributes (a nested field holds its own type's shadow), then checks it from the outside in,
//! collecting every failure of the document with its path in wire names; the value is built
//! only if there is none. The runtime's `deserialize` module has the other half.

use crate::ast::{Input, Style};
use crate::checks::{self, Names, Source};
use crate::syntax::PRIMITIVE_TYPES;
use crate::text::type_text;
use crate::tokens::{assert_nested, construct, default_value, escape_format, literal};
use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::Ident;

pub fn expand(input: &Input) -> TokenStream {
    if input.attrs.deserialize.is_some() {
        checked(input)
    } else {
        probe(input)
    }
}

/// With the `serde` feature, fails the build if the struct implements `Deserialize` without
/// the derive (a plain `#[derive(Deserialize)]`), unless marked `manual(Deserialize)`.
fn probe(input: &Input) -> TokenStream {
    let Some(probed) = input.probe_type() else {
        return TokenStream::new();
    };
    if input.attrs.manual_deserialize.is_some()
        || (input.bounded_fields().next().is_none() && input.attrs.invariants.is_empty())
    {
        return TokenStream::new();
    }
    let private = input.private();
    let message = escape_format(&format!(
        "`{}` implements `Deserialize`, which would read its #[within] fields unchecked: \
         replace #[derive(Deserialize)] with #[within(deserialize)], which checks every field \
         and reports every failure, or mark a hand-written impl that goes through `try_new` \
         with #[within(manual(Deserialize))]",
        input.name()
    ));
    quote! {
        #private::if_serde! {
            const _: () = {
                use #private::NoDeserialize as _;
                if #private::Probe::<#probed>::IS_DESERIALIZE {
                    ::core::panic!(#message)
                }
            };
        }
    }
}

/// Output, for `struct Config { #[within(1, 64)] pool_size: u32, #[within(nested)] db: Db }`:
///
/// ```text
/// #[derive(Deserialize)] #[serde(rename = "Config", ..the struct's #[serde]..)]
/// pub struct Shadow { pool_size: u32, db: <Db as Deserializable>::Shadow }
/// impl Deserializable for Config {
///     type Shadow = Shadow;
///     fn check_shadow(shadow, checks) -> Option<Self> {
///         let Shadow { pool_size, db } = shadow;
///         report(&pool_size, .., checks, (RANGE, SITE_ON_THE_WIRE));
///         let db = checks.enter("Config", Segment::Field("db"), |c| Db::check_shadow(db, c));
///         if checks.count() != before { return None; }
///         Some(Self { pool_size, db: db? })
///     }
///     fn into_shadow(self) -> Shadow { .. }
/// }
/// impl<'de> Deserialize<'de> for Config { /* read a Shadow, then from_shadow */ }
/// ```
fn checked(input: &Input) -> TokenStream {
    let ident = input.ident;
    let private = input.private();
    // The shadow has the struct's own name, in a block of its own, so that serde's derive
    // writes the struct's name wherever the shadow's shows: in messages ("expected struct
    // Plain with 8 elements", exactly as serde's derive on the struct itself) and to formats.
    // In that block the struct is named through an alias declared outside it.
    let mut shadow = ident.clone();
    shadow.set_span(Span::call_site());
    let real = Ident::new("__WithinReal", Span::call_site());
    let from_real = Ident::new("__within_from_real", Span::call_site());
    let in_block = |ty: &syn::Type| outer_names(input, ty.to_token_stream(), &real);
    let prim_names: Vec<Ident> = PRIMITIVE_TYPES
        .iter()
        .map(|name| Ident::new(name, Span::call_site()))
        .collect();
    let prim_aliases: Vec<Ident> = PRIMITIVE_TYPES
        .iter()
        .map(|name| primitive_alias(name))
        .collect();
    let checks = input.local("checks");
    let before = input.local("before");
    let value = input.local("value");
    let serde_path = format!("{}::__private::serde", type_text(input.krate()));
    let name = input.name();
    let container_attrs = &input.serde_attrs;
    // Each nested type must have a checked `Deserialize` too. Asked once, at the field's type,
    // and behind a `for<'a>` everywhere else: a type without one then fails that one
    // obligation instead of every use of its shadow.
    // A recursive field (`Vec<Node>` in `Node`) is left out: its bound is the impl being
    // written, which rustc cannot assume without looping.
    let nested_types: Vec<_> = input
        .outer_nested_fields()
        .map(|field| in_block(field.ty))
        .collect();
    // A nested field's length is measured on its shadow: assumed measurable the same way, so
    // that a nested type without a checked `Deserialize` is that one error, not one more here.
    let measured_shadows = input
        .outer_nested_fields()
        .filter(|field| matches!(field.kind(), crate::prop::Kind::Len(..)))
        .map(|field| {
            let ty = in_block(field.ty);
            let tr = checks::field_trait(input, field);
            quote!(for<'__within> <#ty as #private::Deserializable>::Shadow: #tr,)
        });
    let assumed = quote! {
        #(for<'__within> #nested_types: #private::Deserializable,)*
        #(#measured_shadows)*
    };
    // The same way, a shadow that serde's derive could not implement (a mistake in a
    // `#[serde]` attribute, which serde reports) leaves the struct's impls out instead of
    // adding errors about them.
    // Not for a recursive struct, whose shadow's fields name its own impl (rustc would loop):
    // there a mistake in a `#[serde]` attribute costs a few more errors.
    let recursive = input
        .nested_fields()
        .any(|field| input.mentions_self(field.ty));
    let readable = match recursive {
        true => TokenStream::new(),
        false => quote!(for<'__within> #shadow: #private::serde::de::DeserializeOwned,),
    };
    let asserted = assert_nested(input, &quote!(#private::Deserializable));
    let shadow_ty = |field: &crate::ast::Field| {
        let ty = in_block(field.ty);
        if field.is_nested() {
            quote!(<#ty as #private::Deserializable>::Shadow)
        } else {
            quote!(#ty)
        }
    };
    let params = input.fields.iter().map(|field| input.param_name(field));
    let destructure = literal(input, quote!(#shadow), params);
    let rebuild = literal(
        input,
        quote!(#shadow),
        input
            .fields
            .iter()
            .map(|field| into_shadow(input, field, &value, &real)),
    );
    // A field missing from the document starts at its `default = ..`, not its type's default.
    let mut default_fns = Vec::new();
    let mut field_attrs = Vec::new();
    for (index, field) in input.fields.iter().enumerate() {
        match field.default().filter(|_| field.reads_type_default()) {
            Some(_) => {
                let function = format_ident!("__within_default_{}", index);
                let path = format!("{shadow}::{function}");
                let ty = shadow_ty(field);
                let mut start = default_value(input, field, &quote!(<#real>));
                if field.is_nested() {
                    let field_ty = in_block(field.ty);
                    start = quote!(<#field_ty as #private::Deserializable>::into_shadow(#start));
                }
                default_fns.push(quote!(fn #function() -> #ty { #start }));
                let mut attrs = without_bare_default(&field.serde_attrs);
                attrs.extend(quote!(#[serde(default = #path)]));
                field_attrs.push(attrs);
            }
            None => {
                let attrs = &field.serde_attrs;
                field_attrs.push(quote!(#(#attrs)*));
            }
        }
    }
    let shadow_def = match input.style {
        Style::Named => {
            let fields = input.fields.iter().zip(&field_attrs).map(|(field, attrs)| {
                let member = &field.member;
                let ty = shadow_ty(field);
                quote!(#attrs #member: #ty)
            });
            quote!(pub struct #shadow where #assumed { #(#fields),* })
        }
        Style::Tuple => {
            let fields = input.fields.iter().zip(&field_attrs).map(|(field, attrs)| {
                let ty = shadow_ty(field);
                quote!(#attrs #ty)
            });
            quote!(pub struct #shadow(#(#fields),*) where #assumed;)
        }
    };
    // In declaration order, as `validate` reports them. A nested field's length is its
    // shadow's, reported here; its rules wait for its structs (a rule's function takes them,
    // not their shadows). Each other field's fast check first: the report walks the same rules
    // building paths (an element's `tags[1]`), which only a failure needs.
    let reports = input.bounded_fields().map(|field| {
        if field.is_nested() {
            return checks::report_shadow_len(input, field, &checks, Names::Wire);
        }
        let holds = checks::holds(input, field, Source::Params);
        let report = checks::report(input, field, &checks, Source::Params, Names::Wire);
        quote!(if !(#holds) { #report })
    });
    let nested = input.nested_fields().map(|field| {
        let param = input.param_name(field);
        let ty = in_block(field.ty);
        let segment = checks::segment(input, field, Names::Wire);
        let rules = checks::report_rules(input, field, &checks, &quote!(#param), Names::Wire);
        let rules = match rules.is_empty() {
            true => rules,
            false => quote! {
                if let ::core::option::Option::Some(#param) = &#param {
                    #rules
                }
            },
        };
        quote! {
            let #param = #private::Checks::enter(#checks, #name, #segment, |#checks| {
                <#ty as #private::Deserializable>::check_shadow(#param, #checks)
            });
            #rules
        }
    });
    let unwrap_nested = input.nested_fields().map(|field| {
        let param = input.param_name(field);
        quote!(let #param = #param?;)
    });
    let construct = construct(input);
    // The invariants run on the struct built from fields that passed, each failure reported.
    let finish = if input.attrs.invariants.is_empty() {
        quote!(::core::option::Option::Some(#construct))
    } else {
        let built = input.local("built");
        let reports = crate::rules::invariant_reports(input, &quote!(&#built), &checks);
        quote! {
            let #built = #construct;
            #reports
            if #private::Checks::count(#checks) != #before {
                return ::core::option::Option::None;
            }
            ::core::option::Option::Some(#built)
        }
    };
    quote! {
        #asserted
        #private::with_serde! {
            #[doc(hidden)]
            type #real = #ident;
            #(
                #[doc(hidden)]
                #[allow(non_camel_case_types)]
                type #prim_aliases = #prim_names;
            )*

            const _: () = {
                // serde's derive names primitives by their bare names, which an item of the
                // user's (`struct str;`) would take: here they are the primitives, and the
                // fields' own types name them through the aliases above, as the user meant.
                #[allow(unused_imports)]
                use ::core::primitive::{#(#prim_names),*};

                #[derive(#private::serde::Deserialize)]
                #[serde(crate = #serde_path)]
                #(#container_attrs)*
                #[allow(unreachable_pub, clippy::redundant_pub_crate, non_camel_case_types, non_snake_case)]
                #shadow_def

                // Behind a `for<'a>`, a bound that does not hold leaves the impl out instead
                // of failing the build: the shadow has a `Default` when the struct has one,
                // for `#[serde(default)]`.
                #[automatically_derived]
                impl ::core::default::Default for #shadow
                where
                    for<'__within> #real: ::core::default::Default,
                    #assumed
                {
                    fn default() -> Self {
                        #shadow::#from_real(<#real as ::core::default::Default>::default())
                    }
                }

                #[automatically_derived]
                impl #shadow where #assumed {
                    #(#default_fns)*

                    fn #from_real(#value: #real) -> Self {
                        #rebuild
                    }
                }

                #[automatically_derived]
                impl #private::Deserializable for #real where #readable #assumed {
                    type Shadow = #shadow;

                    fn check_shadow(
                        __within_shadow: #shadow,
                        #checks: &mut #private::Checks,
                    ) -> ::core::option::Option<Self> {
                        let #destructure = __within_shadow;
                        let #before = #private::Checks::count(#checks);
                        #(#reports)*
                        #(#nested)*
                        if #private::Checks::count(#checks) != #before {
                            return ::core::option::Option::None;
                        }
                        #(#unwrap_nested)*
                        #finish
                    }

                    fn into_shadow(self) -> #shadow {
                        #shadow::#from_real(self)
                    }
                }

                #[automatically_derived]
                impl<'de> #private::serde::Deserialize<'de> for #real where #readable #assumed {
                    fn deserialize<__D>(
                        __within_deserializer: __D,
                    ) -> ::core::result::Result<Self, <__D as #private::serde::Deserializer<'de>>::Error>
                    where
                        __D: #private::serde::Deserializer<'de>,
                    {
                        let __within_shadow =
                            <#shadow as #private::serde::Deserialize<'de>>::deserialize(__within_deserializer)?;
                        #private::from_shadow::<Self, <__D as #private::serde::Deserializer<'de>>::Error>(
                            __within_shadow,
                        )
                    }
                }
            };
        }
    }
}

/// The alias that names, in the shadow's block, what a primitive's name means where the
/// struct is: `__within_u8`.
fn primitive_alias(name: &str) -> Ident {
    Ident::new(&format!("__within_{name}"), Span::call_site())
}

/// `tokens` (a field's type) as written inside the shadow's block, where the struct's name
/// means the shadow and primitive names mean the primitives: the struct itself, by its own
/// name or as `Self`, is `real` there, and `u8` is `__within_u8`, whatever it was outside.
fn outer_names(input: &Input, tokens: TokenStream, real: &Ident) -> TokenStream {
    let mut out = TokenStream::new();
    let mut after_path_separator = false;
    for token in tokens {
        let token = match token {
            TokenTree::Ident(ident)
                if !after_path_separator && (ident == "Self" || ident == *input.ident) =>
            {
                TokenTree::Ident(real.clone())
            }
            TokenTree::Ident(ident)
                if !after_path_separator && PRIMITIVE_TYPES.iter().any(|name| ident == name) =>
            {
                let mut alias = primitive_alias(&ident.to_string());
                alias.set_span(ident.span());
                TokenTree::Ident(alias)
            }
            TokenTree::Group(group) => {
                let mut inner = proc_macro2::Group::new(
                    group.delimiter(),
                    outer_names(input, group.stream(), real),
                );
                inner.set_span(group.span());
                TokenTree::Group(inner)
            }
            other => other,
        };
        after_path_separator = matches!(&token, TokenTree::Punct(p) if p.as_char() == ':');
        out.extend(Some(token));
    }
    out
}

/// A field of `value` as its shadow: the value itself, or a nested value's shadow.
fn into_shadow(
    input: &Input,
    field: &crate::ast::Field,
    value: &Ident,
    real: &Ident,
) -> TokenStream {
    let member = &field.member;
    if field.is_nested() {
        let private = input.private();
        let ty = outer_names(input, field.ty.to_token_stream(), real);
        quote!(<#ty as #private::Deserializable>::into_shadow(#value.#member))
    } else {
        quote!(#value.#member)
    }
}

/// The `#[serde(..)]` attributes with each bare `default` taken out, so that a
/// `default = ".."` can take its place (serde refuses both). An attribute left empty is
/// dropped.
fn without_bare_default(attrs: &[&syn::Attribute]) -> TokenStream {
    let mut kept = TokenStream::new();
    for attr in attrs {
        let syn::Meta::List(list) = &attr.meta else {
            kept.extend(quote!(#attr));
            continue;
        };
        let mut items: Vec<Vec<TokenTree>> = vec![Vec::new()];
        for token in list.tokens.clone() {
            match &token {
                TokenTree::Punct(punct) if punct.as_char() == ',' => items.push(Vec::new()),
                _ => items.last_mut().expect("never empty").push(token),
            }
        }
        let items: Vec<TokenStream> = items
            .into_iter()
            .filter(|item| {
                !item.is_empty()
                    && !matches!(item.as_slice(), [TokenTree::Ident(ident)] if ident == "default")
            })
            .map(TokenStream::from_iter)
            .collect();
        if !items.is_empty() {
            let path = &list.path;
            kept.extend(quote_spanned!(attr.span()=> #[#path(#(#items),*)]));
        }
    }
    kept
}
