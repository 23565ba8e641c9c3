//! Queries on the model that the checks and the expansion share.

use crate::ast::{Field, Input, Style};
use crate::attr::Within;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use syn::ext::IdentExt;
use syn::{GenericArgument, Member, PathArguments, Type};

impl<'a> Input<'a> {
    /// The fields with a well-formed `#[within]`, in declaration order.
    pub fn checked_fields(&self) -> impl Iterator<Item = &Field<'a>> {
        self.fields.iter().filter(|field| field.within.is_some())
    }

    /// The fields with any `#[within]`, well-formed or not.
    pub fn marked_fields(&self) -> impl Iterator<Item = &Field<'a>> {
        self.fields.iter().filter(|field| field.marked)
    }

    /// The name users know the struct by, for messages.
    pub fn name(&self) -> String {
        self.ident.unraw().to_string()
    }

    /// A struct without type or lifetime parameters can keep its registry in a plain `static`.
    pub fn is_generic(&self) -> bool {
        !self.generics.params.is_empty()
    }

    /// `struct Percent(u8)`: one unnamed field, whose accessors are `get`, `set`, `into_inner`.
    pub fn is_newtype(&self) -> bool {
        self.style == Style::Tuple && self.fields.len() == 1
    }

    /// The runtime's path: `::within_runtime`, or the one given by `#[within(crate = ..)]`.
    pub fn krate(&self) -> TokenStream {
        match &self.attrs.krate {
            Some(path) => quote!(#path),
            None => quote!(::within_runtime),
        }
    }

    /// `<runtime>::__private`, the one door generated code uses.
    pub fn private(&self) -> TokenStream {
        let krate = self.krate();
        quote!(#krate::__private)
    }

    /// The getter's name.
    pub fn getter_name(&self, field: &Field) -> Ident {
        match &field.member {
            // Keeps a raw name raw: `r#type` gives `fn r#type`.
            Member::Named(ident) => ident.clone(),
            Member::Unnamed(_) if self.is_newtype() => Ident::new("get", Span::call_site()),
            Member::Unnamed(index) => format_ident!("get_{}", index.index),
        }
    }

    /// The setter's name; `format_ident!` drops the `r#` of a raw name (`set_type`).
    pub fn setter_name(&self, field: &Field) -> Ident {
        match &field.member {
            Member::Named(ident) => format_ident!("set_{}", ident),
            Member::Unnamed(_) if self.is_newtype() => Ident::new("set", Span::call_site()),
            Member::Unnamed(index) => format_ident!("set_{}", index.index),
        }
    }

    /// The field's parameter in `try_new`. The mixed-site span keeps it out of reach of the
    /// user's bound expressions, which could otherwise name a constant the parameter shadows.
    pub fn param_name(&self, field: &Field) -> Ident {
        let mut ident = match &field.member {
            Member::Named(ident) => ident.clone(),
            Member::Unnamed(_) if self.is_newtype() => Ident::new("value", Span::call_site()),
            Member::Unnamed(index) => format_ident!("value_{}", index.index),
        };
        ident.set_span(Span::mixed_site());
        ident
    }

    /// The field's name as serde reads it: its own `rename`, else the struct's `rename_all`
    /// applied to its name.
    pub fn wire_name(&self, field: &Field) -> String {
        let name = field.name();
        if let Some(rename) = &field.serde_rename {
            return rename.clone();
        }
        match (&self.attrs.serde_rename_all, &field.member) {
            (Some(rule), Member::Named(_)) => crate::case::rename(&name, rule).unwrap_or(name),
            _ => name,
        }
    }

    /// Every checked field is a primitive number or `char`, so a `const fn` can compare it.
    pub fn is_const_checkable(&self) -> bool {
        self.checked_fields().next().is_some()
            && self
                .checked_fields()
                .all(|field| field.option_inner().is_none() && is_primitive(field.ty))
    }
}

impl Field<'_> {
    /// The field's name without `r#`, as it appears in messages and `FieldSpec`; `0` for the
    /// first field of a tuple struct.
    pub fn name(&self) -> String {
        match &self.member {
            Member::Named(ident) => ident.unraw().to_string(),
            Member::Unnamed(index) => index.index.to_string(),
        }
    }

    pub fn within(&self) -> &Within {
        match &self.within {
            Some(within) => within,
            None => unreachable!("only checked fields are expanded"),
        }
    }

    /// `T` for a field of type `Option<T>`, whose bounds are of type `T` and which is checked
    /// only when it is `Some`. Recognised by its last path segment, so `core::option::Option`
    /// and `std::option::Option` qualify too.
    pub fn option_inner(&self) -> Option<&Type> {
        let Type::Path(path) = self.ty else {
            return None;
        };
        if path.qself.is_some() {
            return None;
        }
        let last = path.path.segments.last()?;
        let PathArguments::AngleBracketed(args) = &last.arguments else {
            return None;
        };
        match (last.ident == "Option", args.args.len(), args.args.first()) {
            (true, 1, Some(GenericArgument::Type(inner))) => Some(inner),
            _ => None,
        }
    }

    /// The type the bounds have: the field's type, or `T` for an `Option<T>`.
    pub fn bound_ty(&self) -> &Type {
        self.option_inner().unwrap_or(self.ty)
    }
}

fn is_primitive(ty: &Type) -> bool {
    const PRIMITIVES: &[&str] = &[
        "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
        "f32", "f64", "char",
    ];
    match ty {
        Type::Path(path) if path.qself.is_none() => path
            .path
            .get_ident()
            .is_some_and(|ident| PRIMITIVES.iter().any(|p| ident == p)),
        _ => false,
    }
}
