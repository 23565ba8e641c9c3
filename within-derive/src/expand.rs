//! Assembles the impls for a checked model. Every path is absolute: `::core::...` for the
//! language, `<runtime>::__private::...` for the runtime (`::within_runtime` unless
//! `#[within(crate = ..)]` says otherwise), so nothing in the user's scope can change what the
//! code means. Every binding the code makes is named `__within_*` with a mixed-site span (or
//! after a field, for the parameters named like the fields), so no item of the user's
//! (`const min: u8 = 3;`) can be taken for a pattern.

use crate::ast::{Field, Input, Style};
use crate::attr::Bound;
use crate::checks::{self, Names, Source};
use crate::ctxt::Ctxt;
use crate::prop::{is_primitive, Kind};
use crate::text::{expr_text, type_text};
use crate::{
    constants, defaults, deserialize, drafts, fallback, lengths, nested, pairs, schema, valid,
};
use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::{DeriveInput, Ident, WhereClause};

pub fn derive(input: &DeriveInput) -> TokenStream {
    let cx = Ctxt::default();
    let model = Input::from_syn(&cx, input);
    if let Some(model) = &model {
        valid::check(&cx, model);
    }
    match (cx.check(), model) {
        (Ok(()), Some(model)) => expand(&model),
        (Err(error), model) => {
            let mut tokens = error.to_compile_error();
            tokens.extend(fallback::expand(input, model.as_ref()));
            tokens
        }
        (Ok(()), None) => unreachable!("a missing model always comes with an error"),
    }
}

/// Input:
///
/// ```text
/// pub struct Exam { #[within(0, 100)] math: u32, note: String }
/// ```
///
/// Output, inside `const _: () = { .. };` (a draft struct, if asked for, stands outside):
///
/// ```text
/// impl Exam {
///     pub const fn math(&self) -> u32 { self.math }
///     pub fn set_math(&mut self, math: u32) -> Result<(), OutOfRange> {
///         <u32 as Field>::set(&mut self.math, math, [(RANGE, SITE)])
///     }
///     pub fn try_new(math: u32, note: String) -> Result<Self, Invalid> {
///         if <u32 as Field>::holds(&math, RANGE) { Ok(Self { math, note }) }
///         else { /* slow_path: report every failure */ }
///     }
///     pub const fn new_const(math: u32, note: String) -> Self { /* panics if out of range */ }
/// }
/// impl Validated for Exam { FIELDS, validate(), __holds(), __report(), registry() }
/// const _: () = /* refuse an unchecked `Default` (and `Deserialize`) of Exam */;
/// ```
///
/// where `RANGE` and `SITE` are inline constants. A newtype also gets `into_inner` and
/// `TryFrom`; struct options add `Default`, `Deserialize`, `JsonSchema` and a draft.
fn expand(input: &Input) -> TokenStream {
    let ident = input.ident;
    let private = input.private();
    let (impl_generics, ty_generics, _) = input.generics.split_for_impl();
    let where_clause = where_clause(input);
    let accessors = input.checked_fields().map(|field| accessors(input, field));
    let try_new = try_new(input);
    let new_const = constants::new_const(input);
    let newtype = newtype(input);
    let fields = input.checked_fields().map(|field| field_spec(input, field));
    let validate = validate(input);
    let registry = registry(input);
    let default = defaults::expand(input);
    let deserialize = deserialize::expand(input);
    let schema = schema::expand(input);
    let draft = drafts::definition(input);
    let draft_impls = drafts::impls(input);
    let assertions = constants::assertions(input);
    quote! {
        #draft

        #[doc(hidden)]
        // `deprecated`: the struct may be, and every impl names it.
        #[allow(
            non_upper_case_globals,
            unused_qualifications,
            clippy::needless_borrow,
            deprecated
        )]
        const _: () = {
            #[automatically_derived]
            // `set_` and `_mut` joined to a field's name (`__x`) can break snake case; the
            // field's own name gets the lint.
            #[allow(dead_code, non_snake_case)]
            impl #impl_generics #ident #ty_generics #where_clause {
                #(#accessors)*
                #try_new
                #new_const
            }

            #newtype

            #[automatically_derived]
            impl #impl_generics #private::Validated for #ident #ty_generics #where_clause {
                const FIELDS: &'static [#private::FieldSpec] = &[#(#fields),*];
                #validate
                #registry
            }

            #default
            #deserialize
            #schema
            #draft_impls
            #assertions
        };
    }
}

/// The struct's where clause, plus a bound for each checked field whose type names a type
/// parameter (`T: Field` for `#[within(T::LO, T::HI)] level: T`), as std's derives add
/// `T: Clone`: the methods then exist for the instantiations that can be checked.
pub fn where_clause(input: &Input) -> Option<WhereClause> {
    let mut clause = input.generics.where_clause.clone();
    for field in input.checked_fields() {
        if input.mentions_type_param(field.ty) {
            let ty = field.ty;
            let bound = checks::field_trait(input, field);
            push_predicate(&mut clause, quote!(#ty: #bound));
        }
    }
    clause
}

fn push_predicate(clause: &mut Option<WhereClause>, predicate: TokenStream) {
    let clause = clause.get_or_insert_with(|| syn::parse_quote!(where));
    match syn::parse2(predicate) {
        Ok(predicate) => clause.predicates.push(predicate),
        Err(_) => unreachable!("the derive writes well-formed predicates"),
    }
}

/// An intra-doc link to a public runtime item, for generated doc comments.
pub fn doc_link(input: &Input, item: &str) -> String {
    format!("[`{item}`]({}::{item})", type_text(input.krate()))
}

fn accessors(input: &Input, field: &Field) -> TokenStream {
    match field.kind() {
        Kind::Nested => nested::accessors(input, field),
        Kind::Len(..) => length_accessors(input, field),
        Kind::Value | Kind::OptionValue => value_accessors(input, field),
    }
}

fn value_accessors(input: &Input, field: &Field) -> TokenStream {
    let vis = input.vis;
    let member = &field.member;
    let ty = field.ty;
    let getter = input.getter_name(field);
    let get_doc = getter_doc(field);
    let getter = if is_primitive(field.value_ty()) {
        // A `const fn`, so a `new_const` value can be read in a constant.
        quote! {
            #[doc = #get_doc]
            #[inline]
            #vis const fn #getter(&self) -> #ty {
                self.#member
            }
        }
    } else {
        let get = checks::field_op(input, field, "get");
        let value = checks::value_ref(input, field, Source::SelfFields);
        quote! {
            #[doc = #get_doc]
            #[inline]
            #vis fn #getter(&self) -> #ty {
                #get(#value)
            }
        }
    };
    let setter = setter(input, field);
    quote!(#getter #setter)
}

/// "Returns `f`, which is always within [0, 100]."
fn getter_doc(field: &Field) -> String {
    format!(
        "Returns `{}`, which is always {}{}.",
        field.name(),
        checks::describe(field),
        checks::none_note(field)
    )
}

fn length_accessors(input: &Input, field: &Field) -> TokenStream {
    let vis = input.vis;
    let getter = input.getter_name(field);
    let (lent, body) = lengths::getter(field);
    let get_doc = getter_doc(field);
    let setter = setter(input, field);
    quote! {
        #[doc = #get_doc]
        #[inline]
        #vis fn #getter(&self) -> #lent {
            #body
        }

        #setter
    }
}

/// The checked setter: the field's own check, then the bounds other fields put on it.
fn setter(input: &Input, field: &Field) -> TokenStream {
    let vis = input.vis;
    let private = input.private();
    let member = &field.member;
    let ty = field.ty;
    let setter = input.setter_name(field);
    let param = input.param_name(field);
    let some = checks::none_note(field);
    let implied_bounds = input.implied_bounds(field);
    let implied = implied_bounds
        .iter()
        .map(|implied| pairs::implied_check(input, field, implied));
    let keeps = implied_bounds
        .iter()
        .map(|implied| format!("`{}`", implied.by.name()))
        .collect::<Vec<_>>();
    let keeps = if keeps.is_empty() {
        String::new()
    } else {
        format!(", and keeps the bounds it is for {}", keeps.join(", "))
    };
    let set_doc = format!(
        "Sets `{}` if the new value is {}{some}{keeps}.\n\n\
         Otherwise returns an {} error and leaves the field as it was.",
        field.name(),
        checks::describe(field),
        doc_link(input, "OutOfRange"),
    );
    let set = checks::field_op(input, field, "set");
    let check = checks::check(input, field, Source::SelfFields, Names::Rust);
    let result = quote! {
        ::core::result::Result<(), #private::OutOfRange>
    };
    let body = if input.packed {
        // A packed field cannot be borrowed: check a copy, then write it back.
        let copy = Ident::new("__within_field", Span::mixed_site());
        let outcome = Ident::new("__within_outcome", Span::mixed_site());
        quote! {
            let mut #copy = self.#member;
            let #outcome = #set(&mut #copy, #param, [#check #(, #implied)*]);
            self.#member = #copy;
            #outcome
        }
    } else {
        quote! {
            #set(&mut self.#member, #param, [#check #(, #implied)*])
        }
    };
    quote! {
        #[doc = #set_doc]
        #[inline]
        #vis fn #setter(&mut self, #param: #ty) -> #result {
            #body
        }
    }
}

/// `Self { a: a, b: b }` or `Self(__within_0, __within_1)` from the parameters.
pub fn construct(input: &Input) -> TokenStream {
    let params = input.fields.iter().map(|field| input.param_name(field));
    literal(input, quote!(Self), params)
}

/// `path { a: A, b: B }`, or `path(A, B)` for a tuple struct: a struct literal (or pattern)
/// with the struct's fields and one value per field, in order.
pub fn literal<V: quote::ToTokens>(
    input: &Input,
    path: TokenStream,
    values: impl IntoIterator<Item = V>,
) -> TokenStream {
    let values = values.into_iter();
    match input.style {
        Style::Named => {
            let members = input.fields.iter().map(|field| &field.member);
            quote!(#path { #(#members: #values),* })
        }
        Style::Tuple => quote!(#path(#(#values),*)),
    }
}

pub fn params<'a>(input: &'a Input) -> impl Iterator<Item = TokenStream> + 'a {
    input.fields.iter().map(|field| {
        let param = input.param_name(field);
        let ty = field.ty;
        quote!(#param: #ty)
    })
}

/// An expression of type `Result<Self, Invalid>` that checks the parameters, which are in
/// scope, and builds the struct from them. Nested values are valid by construction and are
/// not checked again.
///
/// Output:
///
/// ```text
/// if <A as Field>::holds(&a, RANGE_A) && <B as Field>::holds(&b, RANGE_B) {
///     Ok(Self { a, b })
/// } else {
///     match slow_path(|checks| {
///         <A as Field>::report(&a, checks, (RANGE_A, SITE_A));
///         <B as Field>::report(&b, checks, (RANGE_B, SITE_B));
///     }) {
///         Ok(()) => Ok(Self { a, b }), // only if `PartialOrd` answered differently twice
///         Err(error) => Err(error),
///     }
/// }
/// ```
pub fn checked_construct(input: &Input) -> TokenStream {
    let private = input.private();
    let checks = Ident::new("__within_checks", Span::mixed_site());
    let error = Ident::new("__within_error", Span::mixed_site());
    let construct = construct(input);
    if input.bounded_fields().next().is_none() {
        return quote!(::core::result::Result::<Self, #private::Invalid>::Ok(#construct));
    }
    let holds = input
        .bounded_fields()
        .map(|field| checks::holds(input, field, Source::Params));
    let reports = input
        .bounded_fields()
        .map(|field| checks::report(input, field, &checks, Source::Params, Names::Rust));
    quote! {
        if #(#holds)&&* {
            ::core::result::Result::<Self, #private::Invalid>::Ok(#construct)
        } else {
            match #private::slow_path(|#checks| { #(#reports)* }) {
                ::core::result::Result::Ok(()) => ::core::result::Result::Ok(#construct),
                ::core::result::Result::Err(#error) => ::core::result::Result::Err(#error),
            }
        }
    }
}

fn try_new(input: &Input) -> TokenStream {
    let vis = input.vis;
    let private = input.private();
    let name = input.name();
    let params = params(input);
    let body = checked_construct(input);
    let mut doc = format!("Returns a new `{name}` from every field in declaration order");
    if input.bounded_fields().next().is_some() {
        doc.push_str(", checking that:\n");
        for field in input.bounded_fields() {
            doc.push_str(&format!(
                "\n- `{}` is {}",
                field.name(),
                checks::describe(field)
            ));
        }
        doc.push_str(&format!(
            "\n\nReturns an {} error naming every field out of range.",
            doc_link(input, "Invalid")
        ));
    } else {
        doc.push('.');
    }
    quote! {
        #[doc = #doc]
        #[inline]
        #[allow(clippy::too_many_arguments)]
        #vis fn try_new(
            #(#params),*
        ) -> ::core::result::Result<Self, #private::Invalid> {
            #body
        }
    }
}

/// For `struct Percent(#[within(0, 100)] u8)`: `into_inner` and `TryFrom<u8>`. A newtype over
/// a type parameter gets no `TryFrom<T>`: it would overlap core's `impl<T> TryFrom<U> for T
/// where U: Into<T>` for the instantiations where `T` is the newtype itself.
fn newtype(input: &Input) -> TokenStream {
    let [field] = input.fields.as_slice() else {
        return TokenStream::new();
    };
    if !input.is_newtype() || field.within.is_none() {
        return TokenStream::new();
    }
    let ident = input.ident;
    let vis = input.vis;
    let private = input.private();
    let ty = field.ty;
    let (impl_generics, ty_generics, _) = input.generics.split_for_impl();
    let where_clause = where_clause(input);
    let try_from = if input.mentions_type_param(ty) {
        TokenStream::new()
    } else {
        quote! {
            #[automatically_derived]
            impl #impl_generics ::core::convert::TryFrom<#ty> for #ident #ty_generics #where_clause {
                type Error = #private::Invalid;

                #[inline]
                fn try_from(
                    __within_value: #ty,
                ) -> ::core::result::Result<Self, #private::Invalid> {
                    Self::try_new(__within_value)
                }
            }
        }
    };
    quote! {
        #[automatically_derived]
        #[allow(dead_code)]
        impl #impl_generics #ident #ty_generics #where_clause {
            /// Returns the value, which is always in range, and drops the wrapper.
            #[inline]
            #vis fn into_inner(self) -> #ty {
                self.0
            }
        }

        #try_from
    }
}

fn field_spec(input: &Input, field: &Field) -> TokenStream {
    let private = input.private();
    let name = field.name();
    let ty = type_text(crate::prop::ungroup_ty(field.ty));
    let mut spec = quote!(#private::FieldSpec::new(#name, #ty));
    let side = |bound: &Option<Bound>| {
        bound.as_ref().map(|bound| {
            let text = expr_text(crate::prop::ungroup_expr(bound.expr()));
            let other = match bound {
                Bound::Field { member, .. } => match input.field(member) {
                    Some(other) => {
                        let name = other.name();
                        quote!(::core::option::Option::Some(#name))
                    }
                    None => quote!(::core::option::Option::None),
                },
                Bound::Const(_) => quote!(::core::option::Option::None),
            };
            (text, other)
        })
    };
    if let Some(bounds) = field.bounds() {
        if let Some((text, other)) = side(&bounds.min) {
            spec.extend(quote!(.with_min(#text, #other, false)));
        }
        if let Some((text, other)) = side(&bounds.max) {
            let exclusive = bounds.max_exclusive;
            spec.extend(quote!(.with_max(#text, #other, #exclusive)));
        }
    }
    match field.kind() {
        Kind::Len(crate::attr::Measure::Len, _) => {
            spec.extend(quote!(.with_measure(#private::Measure::Len)));
        }
        Kind::Len(crate::attr::Measure::Chars, _) => {
            spec.extend(quote!(.with_measure(#private::Measure::Chars)));
        }
        Kind::Nested => spec.extend(quote!(.with_nested())),
        _ => {}
    }
    if field.within().secret.is_some() {
        spec.extend(quote!(.with_secret()));
    }
    spec
}

/// `validate`, with its fast path `__holds` and its slow path `__report`, which a struct
/// holding this one calls to descend into it.
fn validate(input: &Input) -> TokenStream {
    let private = input.private();
    let checks = Ident::new("__within_checks", Span::mixed_site());
    let own_holds = input
        .bounded_fields()
        .map(|field| checks::holds(input, field, Source::SelfFields));
    let nested_holds = input
        .nested_fields()
        .map(|field| nested::holds(input, field));
    let holds: Vec<_> = own_holds.chain(nested_holds).collect();
    let holds = if holds.is_empty() {
        quote!(true)
    } else {
        quote!(#(#holds)&&*)
    };
    // The struct's own fields first, then the nested ones': outer before inner.
    let own_reports = input
        .bounded_fields()
        .map(|field| checks::report(input, field, &checks, Source::SelfFields, Names::Rust));
    let nested_reports = input
        .nested_fields()
        .map(|field| nested::report(input, field, &checks));
    quote! {
        #[inline]
        fn validate(&self) -> ::core::result::Result<(), #private::Invalid> {
            if <Self as #private::Validated>::__holds(self) {
                ::core::result::Result::Ok(())
            } else {
                #private::slow_path(|#checks| <Self as #private::Validated>::__report(self, #checks))
            }
        }

        #[inline]
        fn __holds(&self) -> bool {
            #holds
        }

        fn __report(&self, #checks: &mut #private::Checks) {
            let _ = &#checks;
            #(#own_reports)*
            #(#nested_reports)*
        }
    }
}

/// A non-generic struct keeps its registry in a `static`; a generic one uses the trait's
/// default, a table keyed by type, since a `static` in a generic impl would be shared by every
/// instantiation (and cannot name the type parameters anyway).
fn registry(input: &Input) -> TokenStream {
    if input.is_generic() {
        return TokenStream::new();
    }
    let private = input.private();
    let ident = input.ident;
    // A macro of the runtime's, so the method exists only when the runtime has `std`.
    quote! {
        #private::registry_fn!(#ident);
    }
}

/// Text escaped for a format string: a bound written `'{'` must not open a placeholder.
pub fn escape_format(text: &str) -> String {
    text.replace('{', "{{").replace('}', "}}")
}
