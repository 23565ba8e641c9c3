//! `#[within(schema)]`: a `schemars::JsonSchema` impl whose properties carry the bounds, as
//! the runtime's `schema` module lists them, in the names and with the required fields of the
//! checked `Deserialize`.

use crate::ast::{Field, Input, Style};
use crate::attr::{Bound, Measure, RuleKind};
use crate::checks::{self, End};
use crate::helper_attrs::Schemars;
use crate::prop::Kind;
use crate::syntax::{is_array_like, is_map_like, is_primitive, is_string_like};
use crate::tokens::assert_nested;
use proc_macro2::TokenStream;
use quote::quote;
use syn::{Expr, ExprLit, Lit, Meta};

/// Output, for `struct Db { #[within(1, 64)] pool_size: u32 }`:
///
/// ```text
/// impl JsonSchema for Db {
///     fn schema_name() -> Cow<'static, str> { "Db".into() }
///     fn json_schema(generator: &mut SchemaGenerator) -> Schema {
///         object("Db", None, [Property {
///             name: "pool_size", schema: generator.subschema_for::<u32>(), required: true,
///             min: Some(("minimum", number(&1))), max: Some(("maximum", number(&64))), ..
///         }], false)
///     }
/// }
/// ```
pub fn expand(input: &Input) -> TokenStream {
    if input.attrs.schema.is_none() {
        return TokenStream::new();
    }
    let private = input.private();
    let ident = input.ident;
    let name = input.name();
    let generator = input.local("generator");
    // The fields a document holds (not `#[serde(skip)]`), and their properties.
    let read: Vec<&Field> = input.fields.iter().filter(|f| !f.serde_skipped()).collect();
    let properties: Vec<_> = read
        .iter()
        .map(|field| property(input, field, &generator))
        .collect();
    let deny = input.attrs.serde.deny_unknown_fields;
    // The shape serde reads: a map of a struct's fields, a newtype's field bare (and so any
    // `#[serde(transparent)]` struct's one field that is not skipped), a tuple struct's fields
    // as a sequence.
    let transparent =
        crate::helper_attrs::serde_has(input.serde_attrs.iter().copied(), "transparent");
    // The struct's title and description: `#[schemars(..)]`'s, else its name and doc comment.
    let title = input.schemars.title.clone().unwrap_or_else(|| name.clone());
    let description = description(&input.schemars, &input.docs);
    let schema = match input.style {
        _ if transparent && properties.len() == 1 => {
            let field = &properties[0];
            quote!(#private::schema::newtype(#name, #field))
        }
        Style::Named => quote! {
            #private::schema::object(
                #title,
                #description,
                [#(#properties),*],
                #deny,
            )
        },
        Style::Tuple if input.is_newtype() => {
            let field = property(input, &input.fields[0], &generator);
            quote!(#private::schema::newtype(#name, #field))
        }
        Style::Tuple => {
            // A sequence may stop early where every later element has a default.
            let min_items = if input.attrs.serde.default.is_some() {
                0
            } else {
                read.iter()
                    .rposition(|f| !f.serde_default)
                    .map_or(0, |last| last + 1)
            };
            quote!(#private::schema::tuple(#name, #min_items, [#(#properties),*]))
        }
    };
    // Each nested type must have a schema with its bounds too: asked at the field's type, so
    // that a type without `#[within(schema)]` is told so there.
    let asserted = assert_nested(input, &quote!(#private::schema::NestedSchema));
    // A recursive field's schema is the one being written: no bound on it (rustc would loop).
    let nested_types: Vec<_> = input.outer_nested_fields().map(|field| field.ty).collect();
    quote! {
        #private::with_schemars! {
            #asserted

            #[automatically_derived]
            impl #private::schema::NestedSchema for #ident {}

            // Behind a `for<'a>`, a nested type without a schema leaves this impl out instead
            // of adding an error to the one asked above.
            #[automatically_derived]
            impl #private::schemars::JsonSchema for #ident
            where
                #(for<'__within> #nested_types: #private::schemars::JsonSchema,)*
            {
                fn schema_name() -> #private::schema::Cow<'static, ::core::primitive::str> {
                    #private::schema::Cow::Borrowed(#name)
                }

                fn schema_id() -> #private::schema::Cow<'static, ::core::primitive::str> {
                    #private::schema::Cow::Borrowed(::core::concat!(::core::module_path!(), "::", #name))
                }

                fn json_schema(
                    #generator: &mut #private::schemars::SchemaGenerator,
                ) -> #private::schemars::Schema {
                    #schema
                }
            }
        }
    }
}

fn property(input: &Input, field: &Field, generator: &syn::Ident) -> TokenStream {
    let private = input.private();
    let ty = field.ty;
    let name = input.wire_name(field);
    let flatten = field.serde_flatten;
    // What the field's `#[schemars(..)]` says it reads (a `deserialize_with` field needs it),
    // else its type's schema.
    let schema = match (&field.schemars.with, &field.schemars.schema_with) {
        (_, Some(function)) => quote!(#function(#generator)),
        (Some(with), None) => {
            quote!(#private::schemars::SchemaGenerator::subschema_for::<#with>(#generator))
        }
        (None, None) if flatten => {
            quote!(<#ty as #private::schemars::JsonSchema>::json_schema(#generator))
        }
        (None, None) => {
            quote!(#private::schemars::SchemaGenerator::subschema_for::<#ty>(#generator))
        }
    };
    let aliases = &field.serde_aliases;
    let required = field.option_inner().is_none()
        && !field.serde_default
        && input.attrs.serde.default.is_none();
    let description = description(&field.schemars, &field.docs);
    let (min, max) = keywords(input, field);
    let one_of = match one_of_json(field) {
        Some(json) => quote!(::core::option::Option::Some(#json)),
        None => quote!(::core::option::Option::None),
    };
    // A schema the user gave describes another form; else the string rules' keywords, the
    // first of each (JSON Schema has one `format` and one `pattern` per schema).
    let own = field.schemars.with.is_none() && field.schemars.schema_with.is_none();
    // `each(..)`: the element's keywords, for the schema's `items` (a map's
    // `additionalProperties`).
    let items = match field.each.as_deref().filter(|_| own) {
        Some(element) => {
            let element = property(input, element, generator);
            quote!(::core::option::Option::Some(#private::schema::Items::new(#element)))
        }
        None => quote!(::core::option::Option::None),
    };
    let format = field
        .rules()
        .iter()
        .filter(|_| own)
        .find_map(|rule| match &rule.kind {
            RuleKind::Email(_) => Some("email"),
            RuleKind::Url(_) => Some("uri"),
            _ => None,
        });
    let format = match format {
        Some(format) => quote!(::core::option::Option::Some(#format)),
        None => quote!(::core::option::Option::None),
    };
    let pattern = field
        .rules()
        .iter()
        .filter(|_| own)
        .find_map(|rule| match &rule.kind {
            RuleKind::Pattern(text) => Some(text),
            _ => None,
        });
    let pattern = match pattern {
        Some(text) => quote!(::core::option::Option::Some(#text)),
        None => quote!(::core::option::Option::None),
    };
    quote! {
        #private::schema::Property {
            name: #name,
            schema: #schema,
            required: #required,
            aliases: &[#(#aliases),*],
            flatten: #flatten,
            description: #description,
            min: #min,
            max: #max,
            one_of: #one_of,
            format: #format,
            pattern: #pattern,
            items: #items,
        }
    }
}

/// The values of the field's `one_of(..)` as a JSON array's text, for the schema's `enum`
/// (with `null` for an `Option` field): when the field has one such rule, of literals only.
/// Other values (`Tier::Free`) would need the field's type to serialize, which a schema does
/// not otherwise ask, so such a rule is left out of the schema, as a `check` is.
fn one_of_json(field: &Field) -> Option<String> {
    if field.schemars.with.is_some() || field.schemars.schema_with.is_some() {
        return None;
    }
    let mut lists = field.rules().iter().filter_map(|rule| match &rule.kind {
        RuleKind::OneOf(values) => Some(values),
        _ => None,
    });
    let (Some(values), None) = (lists.next(), lists.next()) else {
        return None;
    };
    let mut items = values
        .iter()
        .map(|value| json_literal(crate::syntax::ungroup_expr(value)))
        .collect::<Option<Vec<String>>>()?;
    if field.option_inner().is_some() {
        items.push("null".to_owned());
    }
    Some(format!("[{}]", items.join(",")))
}

/// A literal as JSON text: a string, a number (with its minus sign) or a bool.
fn json_literal(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Lit(ExprLit { lit, .. }) => match lit {
            Lit::Str(text) => {
                let mut json = String::from("\"");
                for c in text.value().chars() {
                    match c {
                        '"' => json.push_str("\\\""),
                        '\\' => json.push_str("\\\\"),
                        c if (c as u32) < 0x20 => json.push_str(&format!("\\u{:04x}", c as u32)),
                        c => json.push(c),
                    }
                }
                json.push('"');
                Some(json)
            }
            Lit::Int(int) => Some(int.base10_digits().to_owned()),
            Lit::Float(float) => {
                let digits = float.base10_digits();
                digits.parse::<f64>().ok().filter(|f| f.is_finite())?;
                Some(digits.to_owned())
            }
            Lit::Bool(b) => Some(b.value.to_string()),
            _ => None,
        },
        Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            expr,
            ..
        }) => match crate::syntax::ungroup_expr(expr) {
            Expr::Lit(ExprLit {
                lit: Lit::Int(_) | Lit::Float(_),
                ..
            }) => json_literal(expr).map(|digits| format!("-{digits}")),
            _ => None,
        },
        _ => None,
    }
}

/// The keywords for the field's constant bounds, as `Option<(&str, Value)>` expressions.
fn keywords(input: &Input, field: &Field) -> (TokenStream, TokenStream) {
    let private = input.private();
    let none = quote!(::core::option::Option::None);
    let Some(bounds) = field.bounds() else {
        return (none.clone(), none);
    };
    // A schema the user gave describes the document's form, which the bounds may not fit
    // (a number read from a string).
    // A dynamic bound, which changes at run time, would make a schema true only for a while.
    let user_schema = field.schemars.with.is_some() || field.schemars.schema_with.is_some();
    if user_schema || field.is_dynamic() {
        return (none.clone(), none);
    }
    // The keyword names, or nothing for a check JSON Schema cannot express.
    let names = match field.kind() {
        Kind::Value | Kind::OptionValue => {
            let bound_ty = field.value_ty();
            let max = if bounds.max_exclusive {
                "exclusiveMaximum"
            } else {
                "maximum"
            };
            is_primitive(bound_ty).then_some(("minimum", max, false))
        }
        Kind::Len(Measure::Chars, _) if is_string_like(field.ty) => {
            Some(("minLength", "maxLength", true))
        }
        Kind::Len(Measure::Len, _) if is_array_like(field.ty) => {
            Some(("minItems", "maxItems", true))
        }
        Kind::Len(Measure::Len, _) if is_map_like(field.ty) => {
            Some(("minProperties", "maxProperties", true))
        }
        _ => None,
    };
    let Some((min_name, max_name, length)) = names else {
        return (none.clone(), none);
    };
    let side = |bound: &Option<Bound>, end, name: &str, exclusive: bool| match bound {
        Some(Bound::Const(_)) => {
            let value = checks::bound_value(input, field, end, &quote!(Self));
            let number = if length {
                quote!(#private::schema::length(#value, #exclusive))
            } else {
                quote!(#private::schema::number(&#value))
            };
            quote!(::core::option::Option::map(#number, |__within_value| (#name, __within_value)))
        }
        _ => none.clone(),
    };
    (
        side(&bounds.min, End::Min, min_name, false),
        side(&bounds.max, End::Max, max_name, bounds.max_exclusive),
    )
}

/// A schema's description, as an `Option<&str>` expression: `#[schemars(description = "..")]`,
/// else the doc comment.
fn description(schemars: &Schemars, docs: &[&syn::Attribute]) -> TokenStream {
    match schemars.description.clone().or_else(|| doc_text(docs)) {
        Some(text) => quote!(::core::option::Option::Some(#text)),
        None => quote!(::core::option::Option::None),
    }
}

/// A doc comment, one line per `///`, as schemars writes a description.
fn doc_text(docs: &[&syn::Attribute]) -> Option<String> {
    let lines: Vec<String> = docs
        .iter()
        .filter_map(|attr| match &attr.meta {
            Meta::NameValue(meta) => match &meta.value {
                Expr::Lit(ExprLit {
                    lit: Lit::Str(text),
                    ..
                }) => Some(text.value().trim().to_owned()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    let text = lines.join("\n").trim().to_owned();
    (!text.is_empty()).then_some(text)
}
