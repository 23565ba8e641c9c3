//! What this derive reads of the other derives' attributes on the same struct: `#[serde(..)]`,
//! for the checked `Deserialize` and the names errors give, and `#[schemars(..)]`, for the
//! schema. serde's own attributes are serde's to check: reading them never fails.

use crate::ctxt::Ctxt;
use proc_macro2::{Group, Span, TokenTree};
use syn::spanned::Spanned;
use syn::{Attribute, Ident, LitStr, Path, Token};

#[derive(Default)]
pub struct SerdeContainer {
    /// `rename_all = ".."` or `rename_all(deserialize = "..")`.
    pub rename_all: Option<String>,
    /// `default`, or `default = "path"`: missing fields come from a default value.
    pub default: Option<Span>,
    /// `default = "path"` rather than the bare form, which uses `Default`.
    pub default_path: bool,
    /// `deny_unknown_fields`.
    pub deny_unknown_fields: bool,
    /// `from = ".."` or `try_from = ".."`: serde builds the struct from another type's
    /// `Deserialize`, which a shadow struct cannot follow.
    pub converted: Option<Span>,
}

/// What the derive needs of the struct's `#[serde(..)]`. Everything else in `#[serde]` is
/// serde's to check, so this never fails: an attribute it cannot read is skipped.
pub fn parse_serde_container(attrs: &[Attribute]) -> SerdeContainer {
    let mut serde = SerdeContainer {
        rename_all: serde_value(attrs, "rename_all"),
        ..SerdeContainer::default()
    };
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("default") {
                serde.default = Some(meta.path.span());
                serde.default_path = meta.input.peek(Token![=]);
            } else if meta.path.is_ident("deny_unknown_fields") {
                serde.deny_unknown_fields = true;
            } else if meta.path.is_ident("from") || meta.path.is_ident("try_from") {
                serde.converted = Some(meta.path.span());
            }
            skip_meta_value(&meta)
        });
    }
    serde
}

/// Whether `#[serde(KEY)]`, bare or with a value, is among `attrs`.
pub fn serde_has<'a>(attrs: impl IntoIterator<Item = &'a Attribute>, key: &str) -> bool {
    serde_key(attrs, key).is_some()
}

/// Where `#[serde(KEY)]`, `#[serde(KEY = "..")]` or `#[serde(KEY(..))]` is among `attrs`, and
/// whether it has a value; like `parse_serde_container`, never fails.
pub fn serde_key<'a>(
    attrs: impl IntoIterator<Item = &'a Attribute>,
    key: &str,
) -> Option<(Span, bool)> {
    let mut found = None;
    for attr in attrs
        .into_iter()
        .filter(|attr| attr.path().is_ident("serde"))
    {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident(key) {
                found = Some((
                    meta.path.span(),
                    !meta.input.is_empty() && !meta.input.peek(Token![,]),
                ));
            }
            skip_meta_value(&meta)
        });
    }
    found
}

/// The deserialization value that `#[serde(KEY = "..")]` or `#[serde(KEY(deserialize = ".."))]`
/// gives, if any; like `parse_serde_container`, never fails.
pub fn serde_value<'a>(
    attrs: impl IntoIterator<Item = &'a Attribute>,
    key: &str,
) -> Option<String> {
    let mut found = None;
    for attr in attrs
        .into_iter()
        .filter(|attr| attr.path().is_ident("serde"))
    {
        let _ = attr.parse_nested_meta(|meta| {
            if !meta.path.is_ident(key) {
                return skip_meta_value(&meta);
            }
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
            Ok(())
        });
    }
    found
}

/// Every value of `#[serde(KEY = "..")]` among `attrs` (`alias` may be given many times); like
/// `parse_serde_container`, never fails.
pub fn serde_values<'a>(attrs: impl IntoIterator<Item = &'a Attribute>, key: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in attrs
        .into_iter()
        .filter(|attr| attr.path().is_ident("serde"))
    {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident(key) && meta.input.peek(Token![=]) {
                found.push(meta.value()?.parse::<LitStr>()?.value());
                return Ok(());
            }
            skip_meta_value(&meta)
        });
    }
    found
}

/// What `#[schemars(..)]` says, on the struct or a field, of the options `#[within(schema)]`
/// follows.
#[derive(Default)]
pub struct Schemars {
    /// `with = "Type"`: the field's schema is `Type`'s.
    pub with: Option<syn::Type>,
    /// `schema_with = "path"`: the field's schema is what `path(generator)` returns.
    pub schema_with: Option<Path>,
    /// `title = ".."`, on the struct.
    pub title: Option<String>,
    /// `description = ".."`: in place of the doc comment.
    pub description: Option<String>,
}

/// The options of `#[schemars(..)]` that `#[within(schema)]` follows, on a field or (`on_field`
/// false) on the struct. Any other is an error, spanned at it, rather than silently left out
/// of the schema.
pub fn parse_schemars(cx: &Ctxt, attrs: &[Attribute], on_field: bool) -> Schemars {
    let mut schemars = Schemars::default();
    let supported = if on_field {
        "`with`, `schema_with` and `description`"
    } else {
        "`title` and `description`"
    };
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("schemars")) {
        let parsed = attr.parse_nested_meta(|meta| {
            let key = meta.path.get_ident().map(Ident::to_string);
            let string = |meta: &syn::meta::ParseNestedMeta| -> syn::Result<LitStr> {
                meta.value()?.parse::<LitStr>()
            };
            match key.as_deref() {
                Some("with") if on_field => schemars.with = Some(string(&meta)?.parse()?),
                Some("schema_with") if on_field => {
                    schemars.schema_with = Some(string(&meta)?.parse()?);
                }
                Some("title") if !on_field => schemars.title = Some(string(&meta)?.value()),
                Some("description") => schemars.description = Some(string(&meta)?.value()),
                _ => {
                    let name = key.unwrap_or_default();
                    return Err(meta.error(format!(
                        "#[within(schema)] follows {supported} of #[schemars(..)], not `{name}`"
                    )));
                }
            }
            Ok(())
        });
        if let Err(error) = parsed {
            cx.push(error);
        }
    }
    schemars
}

/// Steps over the value of a serde meta item that the derive does not read.
fn skip_meta_value(meta: &syn::meta::ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.value()?.parse::<TokenTree>()?;
    } else if !meta.input.is_empty() && !meta.input.peek(Token![,]) {
        meta.input.parse::<Group>()?;
    }
    Ok(())
}
