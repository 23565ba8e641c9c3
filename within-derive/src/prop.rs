//! Queries on the model that the checks and the expansion share.

use crate::ast::{Field, Input};
use proc_macro2::{Ident, Span};
use quote::format_ident;
use syn::ext::IdentExt;

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
}

impl Field<'_> {
    /// The field's name without `r#`, as it appears in messages and `FieldSpec`.
    pub fn name(&self) -> String {
        self.ident.unraw().to_string()
    }

    /// The getter has the field's own name, raw or not: `r#type` gives `fn r#type`.
    pub fn getter_name(&self) -> &Ident {
        self.ident
    }

    /// `set_<field>`; `format_ident!` drops the `r#` of a raw field name (`r#type` gives
    /// `set_type`).
    pub fn setter_name(&self) -> Ident {
        format_ident!("set_{}", self.ident)
    }

    /// The field's name as a `try_new` parameter. The mixed-site span keeps it out of reach of
    /// the user's bound expressions, which could otherwise name a constant the parameter
    /// shadows.
    pub fn param_name(&self) -> Ident {
        let mut ident = self.ident.clone();
        ident.set_span(Span::mixed_site());
        ident
    }
}
