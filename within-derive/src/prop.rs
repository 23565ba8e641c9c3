//! Queries on the model that the checks and the expansion share.

use crate::ast::{Field, Input, Style};
use crate::attr::{Bound, Bounds, Check, Measure, Within};
use crate::syntax::{generic_arg_of, is_primitive, member_name, same_member, visit_idents};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote, ToTokens};
use syn::ext::IdentExt;
use syn::{GenericParam, Member, Type};

impl<'a> Input<'a> {
    /// The fields with a well-formed `#[within]`, in declaration order.
    pub fn checked_fields(&self) -> impl Iterator<Item = &Field<'a>> {
        self.fields.iter().filter(|field| field.within.is_some())
    }

    /// The checked fields that check their own value: bounds (by value or by length) or
    /// rules (`check = path`, `one_of(..)`).
    pub fn bounded_fields(&self) -> impl Iterator<Item = &Field<'a>> {
        self.checked_fields().filter(|field| {
            field.bounds().is_some() || !field.rules().is_empty() || field.each.is_some()
        })
    }

    /// The `#[within(key)]` field, if there is one.
    pub fn key_field(&self) -> Option<&Field<'a>> {
        self.checked_fields()
            .find(|field| field.kind() == Kind::Key)
    }

    /// The fields that descend into the structs they hold (`nested`, alone or beside `len`,
    /// `chars` or rules).
    pub fn nested_fields(&self) -> impl Iterator<Item = &Field<'a>> {
        self.checked_fields().filter(|field| field.is_nested())
    }

    /// The nested fields whose type does not name the struct itself: the ones a `where` clause
    /// or an assertion may ask about (see `mentions_self`).
    pub fn outer_nested_fields(&self) -> impl Iterator<Item = &Field<'a>> {
        self.nested_fields()
            .filter(|field| !self.mentions_self(field.ty))
    }

    /// The fields with any `#[within]`, well-formed or not.
    pub fn marked_fields(&self) -> impl Iterator<Item = &Field<'a>> {
        self.fields.iter().filter(|field| field.marked)
    }

    /// The position of `field` among the struct's fields.
    pub fn index_of(&self, field: &Field) -> usize {
        match self
            .fields
            .iter()
            .position(|other| same_member(&other.member, &field.member))
        {
            Some(index) => index,
            None => unreachable!("a field of the model is among its fields"),
        }
    }

    /// The field that `member` names, if there is one.
    pub fn field(&self, member: &Member) -> Option<&Field<'a>> {
        self.fields
            .iter()
            .find(|field| same_member(&field.member, member))
    }

    /// The name users know the struct by, for messages.
    pub fn name(&self) -> String {
        self.ident.unraw().to_string()
    }

    /// Has type or lifetime parameters: no `static` registry, no compile-time probes.
    pub fn is_generic(&self) -> bool {
        !self.generics.params.is_empty()
    }

    /// The type the compile-time probes ask about: the struct itself, with `'static` for
    /// each lifetime parameter. `None` with a type or const parameter, since an impl's bounds
    /// would have to be decided for every instantiation.
    pub fn probe_type(&self) -> Option<TokenStream> {
        let mut lifetimes = Vec::new();
        for param in &self.generics.params {
            match param {
                GenericParam::Lifetime(_) => lifetimes.push(quote!('static)),
                GenericParam::Type(_) | GenericParam::Const(_) => return None,
            }
        }
        let ident = self.ident;
        Some(if lifetimes.is_empty() {
            quote!(#ident)
        } else {
            quote!(#ident<#(#lifetimes),*>)
        })
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

    /// The setter's name; `format_ident!` drops the `r#` of a raw name (`set_type`). A nested
    /// field has `f_mut` instead.
    pub fn setter_name(&self, field: &Field) -> Ident {
        // With invariants, a nested field has a checked setter too; so has one with a length or
        // rules beside `nested` (its kind is theirs).
        if field.is_only_nested() && self.attrs.invariants.is_empty() {
            return match &field.member {
                Member::Named(ident) => format_ident!("{}_mut", ident),
                Member::Unnamed(_) if self.is_newtype() => Ident::new("get_mut", Span::call_site()),
                Member::Unnamed(index) => format_ident!("get_{}_mut", index.index),
            };
        }
        match &field.member {
            Member::Named(ident) => format_ident!("set_{}", ident),
            Member::Unnamed(_) if self.is_newtype() => Ident::new("set", Span::call_site()),
            Member::Unnamed(index) => format_ident!("set_{}", index.index),
        }
    }

    /// The field's parameter in `try_new`, `new_const` and its setter: the field's own name,
    /// so editors show `math:` at call sites. The mixed-site span keeps it apart from any local
    /// of the generated code. Tuple fields get `__within_0`, ..
    pub fn param_name(&self, field: &Field) -> Ident {
        let mut ident = match &field.member {
            Member::Named(ident) => ident.clone(),
            Member::Unnamed(index) => format_ident!("__within_{}", index.index),
        };
        ident.set_span(Span::mixed_site());
        ident
    }

    /// A local of the generated code, `__within_NAME` with a mixed-site span: no item of the
    /// user's can be taken for it, and, with as many `_` added as it takes, no parameter named
    /// after a field either (a field may be called `__within_checks`).
    pub fn local(&self, name: &str) -> Ident {
        let mut text = format!("__within_{name}");
        while self
            .fields
            .iter()
            .any(|field| matches!(&field.member, Member::Named(ident) if ident.unraw() == text))
        {
            text.push('_');
        }
        Ident::new(&text, Span::mixed_site())
    }

    /// The name of an item the derive adds to the struct's inherent impls (a bound's constant, a
    /// default's function): `base`, with as many `_` added as it takes to differ from every
    /// generated getter and setter, since a field may have any name.
    pub fn hidden_item(&self, base: String) -> Ident {
        let mut text = base;
        let taken = |text: &str| {
            self.marked_fields().any(|field| {
                self.getter_name(field).unraw() == text || self.setter_name(field).unraw() == text
            })
        };
        while taken(&text) {
            text.push('_');
        }
        Ident::new(&text, Span::call_site())
    }

    /// The field's name as serde reads it: its own `rename`, else the struct's `rename_all`
    /// applied to its name.
    pub fn wire_name(&self, field: &Field) -> String {
        let name = field.name();
        if let Some(rename) = &field.serde_rename {
            return rename.clone();
        }
        match (&self.attrs.serde.rename_all, &field.member) {
            (Some(rule), Member::Named(_)) => crate::case::rename(&name, rule).unwrap_or(name),
            _ => name,
        }
    }

    /// Every checked field is a primitive number or `char` (or an `Option` of one) compared by
    /// value, so a `const fn` can check it.
    pub fn is_const_checkable(&self) -> bool {
        // A rule is a function call, which a `const fn` cannot make.
        self.checked_fields().next().is_some()
            && self.checked_fields().all(|field| {
                !field.is_dynamic()
                    && matches!(field.kind(), Kind::Value | Kind::OptionValue)
                    && is_primitive(field.value_ty())
                    && field.rules().is_empty()
            })
    }

    /// The type parameters of the struct, by name.
    pub fn type_params(&self) -> Vec<&Ident> {
        self.generics
            .params
            .iter()
            .filter_map(|param| match param {
                GenericParam::Type(param) => Some(&param.ident),
                _ => None,
            })
            .collect()
    }

    /// Whether `ty` names one of the struct's type parameters: its checks then need a bound
    /// on the impls, as std's derives add `T: Clone`.
    pub fn mentions_type_param(&self, ty: &Type) -> bool {
        let params = self.type_params();
        if params.is_empty() {
            return false;
        }
        let mut found = false;
        visit_idents(ty.to_token_stream(), &mut |ident| {
            found |= params.contains(&ident);
        });
        found
    }

    /// Whether `ty` names the struct itself (`Vec<Node>`, `Option<Box<Self>>`): a recursive
    /// type, whose impls are the ones being derived, so that a bound on them in a `where`
    /// clause would send the trait solver round in a loop.
    ///
    /// A path names it when it is `Self`, or ends in the struct's name and is either bare or
    /// starts at this crate (`crate::`, `self::`, `super::`): `other::Config` is another type.
    pub fn mentions_self(&self, ty: &Type) -> bool {
        names_struct(ty.to_token_stream(), self.ident)
    }

    /// Fields that another field's bound names, with the fields that name them: the bounds a
    /// setter of the named field must keep (`set_pool_size(3)` fails while `min_idle` is 4).
    pub fn implied_bounds<'s>(&'s self, field: &Field) -> Vec<Implied<'s, 'a>> {
        let mut implied = Vec::new();
        for other in self.bounded_fields() {
            let Some(bounds) = other.bounds() else {
                continue;
            };
            // `other <= field`: the field is at least `other` (more than it, if exclusive).
            if let Some(Bound::Field { member, .. }) = &bounds.max {
                if same_member(member, &field.member) {
                    implied.push(Implied {
                        by: other,
                        field_is_max: true,
                        exclusive: bounds.max_exclusive,
                    });
                }
            }
            // `field <= other`: the field is at most `other`.
            if let Some(Bound::Field { member, .. }) = &bounds.min {
                if same_member(member, &field.member) {
                    implied.push(Implied {
                        by: other,
                        field_is_max: false,
                        exclusive: false,
                    });
                }
            }
        }
        implied
    }
}

/// A bound that another field's attribute puts on a field.
pub struct Implied<'s, 'a> {
    /// The field whose attribute names the field.
    pub by: &'s Field<'a>,
    /// `by` is at most the field (the field is its maximum): the field has `by` as its minimum.
    pub field_is_max: bool,
    /// `by` must be less than the field, not only at most.
    pub exclusive: bool,
}

/// What a checked field's getter, setter and checks work on.
#[derive(Clone, Copy, PartialEq)]
pub enum Kind {
    /// `T`, compared by value.
    Value,
    /// `Option<T>`, compared by value when `Some`.
    OptionValue,
    /// A length, of the value or of the `Some` value.
    Len(Measure, bool),
    /// `#[within(nested)]`.
    Nested,
    /// `#[within(key)]`.
    Key,
    /// Rules only (`check = path`, `one_of(..)`), no bounds: any type, lent by the getter.
    Rules,
}

impl Field<'_> {
    /// The field's name without `r#`, as it appears in messages and `FieldSpec`; `0` for the
    /// first field of a tuple struct.
    pub fn name(&self) -> String {
        member_name(&self.member)
    }

    /// The type a field checked by value is compared as: its own, or `T` for an `Option<T>`.
    pub fn value_ty(&self) -> &Type {
        self.option_inner().unwrap_or(self.ty)
    }

    pub fn within(&self) -> &Within {
        match &self.within {
            Some(within) => within,
            None => unreachable!("only checked fields are expanded"),
        }
    }

    /// The field's `default = ..`, if it has one.
    pub fn default(&self) -> Option<&syn::Expr> {
        self.within.as_ref()?.default.as_ref()
    }

    /// The field's bounds, unless it is nested.
    pub fn bounds(&self) -> Option<&Bounds> {
        match &self.within.as_ref()?.check {
            Check::Range(bounds) | Check::Len(_, bounds) => Some(bounds),
            Check::Nested | Check::Key | Check::Rules => None,
        }
    }

    /// The field's `check = path` and `one_of(..)` rules, in the order written.
    pub fn rules(&self) -> &[crate::attr::Rule] {
        match &self.within {
            Some(within) => &within.rules,
            None => &[],
        }
    }

    /// `#[serde(skip)]` or `skip_deserializing`: never read from a document.
    pub fn serde_skipped(&self) -> bool {
        let attrs = || self.serde_attrs.iter().copied();
        crate::helper_attrs::serde_has(attrs(), "skip")
            || crate::helper_attrs::serde_has(attrs(), "skip_deserializing")
    }

    /// Whether serde fills the field from its type's `Default` when the document lacks it: a
    /// bare `#[serde(default)]`, or `skip`/`skip_deserializing` without `default = ".."`.
    pub fn reads_type_default(&self) -> bool {
        match crate::helper_attrs::serde_key(self.serde_attrs.iter().copied(), "default") {
            Some((_, has_path)) => !has_path,
            None => self.serde_skipped(),
        }
    }

    /// `dynamic`: the bounds are expressions read at each check, not constants.
    pub fn is_dynamic(&self) -> bool {
        self.within
            .as_ref()
            .is_some_and(|within| within.dynamic.is_some())
    }

    /// Whether the getter lends the value rather than copying it: a length-checked field, or
    /// one with rules only whose type is not a primitive.
    pub fn lends(&self) -> bool {
        match self.kind() {
            Kind::Len(..) => true,
            Kind::Rules => !is_primitive(self.value_ty()),
            _ => false,
        }
    }

    /// `nested` with nothing else declared (`Kind::Nested`); `false` for a malformed field.
    pub fn is_only_nested(&self) -> bool {
        self.within
            .as_ref()
            .is_some_and(|within| matches!(within.check, Check::Nested))
    }

    /// `nested` or `each(nested)`: `validate()` and `Deserialize` descend into the structs the
    /// field holds. Its kind is `Kind::Nested` only if nothing else is declared on it.
    pub fn is_nested(&self) -> bool {
        self.within
            .as_ref()
            .is_some_and(|within| within.nested.is_some())
    }

    pub fn kind(&self) -> Kind {
        match &self.within().check {
            Check::Range(_) if self.option_inner().is_some() => Kind::OptionValue,
            Check::Range(_) => Kind::Value,
            Check::Len(measure, _) => Kind::Len(*measure, self.option_inner().is_some()),
            Check::Nested => Kind::Nested,
            Check::Key => Kind::Key,
            Check::Rules => Kind::Rules,
        }
    }

    /// `T` for a field of type `Option<T>`, whose bounds are of type `T` and which is checked
    /// only when it is `Some`. Recognised by its last path segment, so `core::option::Option`
    /// and `std::option::Option` qualify too, even through a `macro_rules!` type fragment.
    pub fn option_inner(&self) -> Option<&Type> {
        generic_arg_of(self.ty, "Option")
    }

    /// The type the bounds have: the field's type, `T` for an `Option<T>`, `usize` for a
    /// length. `None` for a nested field.
    pub fn bound_ty(&self) -> Option<TokenStream> {
        match self.kind() {
            Kind::Value | Kind::OptionValue => Some(self.value_ty().to_token_stream()),
            Kind::Len(..) => Some(quote!(::core::primitive::usize)),
            Kind::Nested | Kind::Key | Kind::Rules => None,
        }
    }
}

/// Whether `tokens` (a type) name the struct `ident`: see `Input::mentions_self`.
fn names_struct(tokens: TokenStream, ident: &Ident) -> bool {
    let mut after_separator = false;
    // Whether the path being read started bare or at this crate.
    let mut local_path = true;
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        match &token {
            proc_macro2::TokenTree::Ident(name) => {
                if !after_separator {
                    local_path = true;
                    if name == "Self" {
                        return true;
                    }
                    let continues = matches!(
                        tokens.peek(),
                        Some(proc_macro2::TokenTree::Punct(p)) if p.as_char() == ':'
                    );
                    if continues && !(name == "crate" || name == "self" || name == "super") {
                        local_path = false;
                    }
                }
                let last = !matches!(
                    tokens.peek(),
                    Some(proc_macro2::TokenTree::Punct(p)) if p.as_char() == ':'
                );
                if last && local_path && name == ident {
                    return true;
                }
            }
            proc_macro2::TokenTree::Group(group) => {
                if names_struct(group.stream(), ident) {
                    return true;
                }
            }
            proc_macro2::TokenTree::Punct(_) | proc_macro2::TokenTree::Literal(_) => {}
        }
        after_separator = matches!(&token, proc_macro2::TokenTree::Punct(p) if p.as_char() == ':');
    }
    false
}
