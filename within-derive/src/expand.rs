//! Generates the impls for a checked model. Every path is absolute: `::core::...` for the
//! language, `<runtime>::__private::...` for the runtime (`::within_runtime` unless
//! `#[within(crate = ..)]` says otherwise), so nothing in the user's scope can change what the
//! code means.

use crate::ast::{Field, Input, Style};
use crate::attr::Within;
use crate::ctxt::Ctxt;
use crate::text::{expr_text, type_text};
use crate::{fallback, valid};
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Ident};

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
/// Output, inside `const _: () = { .. };`:
///
/// ```text
/// impl Exam {
///     pub fn math(&self) -> u32 { <u32 as Field<u32>>::get(&self.math) }
///     pub fn set_math(&mut self, value: u32) -> Result<(), OutOfRange> {
///         <u32 as Field<u32>>::set(&mut self.math, value, RANGE, SITE)
///     }
///     pub fn try_new(math: u32, note: String) -> Result<Self, Invalid> {
///         let mut checks = Checks::new();
///         let math = <u32 as Field<u32>>::check(math, &mut checks, RANGE, SITE);
///         match checks.finish() { Ok(()) => Ok(Self { math, note }), Err(e) => Err(e) }
///     }
///     pub const fn new_const(math: u32, note: String) -> Self { /* panics if out of range */ }
/// }
/// impl Validated for Exam { FIELDS, validate(), registry() }
/// ```
///
/// where `RANGE` and `SITE` are inline constants. A newtype also gets `into_inner` and
/// `TryFrom`.
fn expand(input: &Input) -> TokenStream {
    let ident = input.ident;
    let private = input.private();
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let accessors = input.checked_fields().map(|field| accessors(input, field));
    let try_new = try_new(input);
    let new_const = new_const(input);
    let newtype = newtype(input);
    let deserialize = deserialize(input);
    let fields = input.checked_fields().map(|field| field_spec(input, field));
    let validate = validate(input);
    let registry = registry(input);
    quote! {
        #[doc(hidden)]
        #[allow(non_upper_case_globals, unused_qualifications)]
        const _: () = {
            #[automatically_derived]
            #[allow(dead_code)]
            impl #impl_generics #ident #ty_generics #where_clause {
                #(#accessors)*
                #try_new
                #new_const
            }

            #newtype
            #deserialize

            #[automatically_derived]
            impl #impl_generics #private::Validated for #ident #ty_generics #where_clause {
                const FIELDS: &'static [#private::FieldSpec] = &[#(#fields),*];
                #validate
                #registry
            }
        };
    }
}

/// An intra-doc link to a public runtime item, for generated doc comments.
fn doc_link(input: &Input, item: &str) -> String {
    format!("[`{item}`]({}::{item})", type_text(input.krate()))
}

/// The accepted values in words, as the error message puts them: `within [0, 100]`,
/// `at least 0.0 and less than 1.0`, `at least 1`, `at most 9`, `less than 10`.
fn describe(within: &Within) -> String {
    let min = within.min.as_ref().map(expr_text);
    let max = within.max.as_ref().map(expr_text);
    match (min, max, within.max_exclusive) {
        (Some(min), Some(max), false) => format!("within [{min}, {max}]"),
        (Some(min), Some(max), true) => format!("at least {min} and less than {max}"),
        (Some(min), None, _) => format!("at least {min}"),
        (None, Some(max), false) => format!("at most {max}"),
        (None, Some(max), true) => format!("less than {max}"),
        (None, None, _) => unreachable!("the parser requires a bound"),
    }
}

/// The field's bounds as a `Range`, evaluated at compile time. The bound expressions keep
/// their own spans, so a bound of the wrong type is reported on the bound itself.
fn range(input: &Input, field: &Field) -> TokenStream {
    let private = input.private();
    let within = field.within();
    let bound_ty = field.bound_ty();
    // Each bound is first bound to a variable of the field's type, so a bound of the wrong type
    // gets rustc's plain "expected `u32`, found `&str`" on the bound.
    let side = |bound: &Option<syn::Expr>, name: &str| match bound {
        Some(bound) => {
            let var = Ident::new(name, Span::mixed_site());
            (
                quote!(let #var: #bound_ty = #bound;),
                quote!(::core::option::Option::Some(#var)),
            )
        }
        None => (quote!(), quote!(::core::option::Option::None)),
    };
    let (let_min, min) = side(&within.min, "min");
    let (let_max, max) = side(&within.max, "max");
    let max_exclusive = within.max_exclusive;
    quote_spanned! {bound_ty.span()=>
        const {
            #let_min
            #let_max
            #private::Range::<#bound_ty> { min: #min, max: #max, max_exclusive: #max_exclusive }
        }
    }
}

/// Where the field is, for error messages: one `'static` constant per field.
fn site(input: &Input, field: &Field) -> TokenStream {
    site_named(input, field, &field.name())
}

/// A site that names the field `name`, such as its name on the wire. It prints the bounds
/// through a function that evaluates them again, as constants, so an error need not carry them.
fn site_named(input: &Input, field: &Field, name: &str) -> TokenStream {
    let private = input.private();
    let owner = input.name();
    let within = field.within();
    let secret = within.secret;
    let newtype = input.is_newtype();
    let has_min = within.min.is_some();
    let has_max = within.max.is_some();
    let max_exclusive = within.max_exclusive;
    let bound_ty = field.bound_ty();
    let range = range(input, field);
    let fmt_bound = field_op(input, field, "fmt_bound");
    let vtable = field_op(input, field, "VTABLE");
    quote! {
        const {
            &#private::Site::<#bound_ty>::new(
                #owner,
                #name,
                #private::Shape {
                    secret: #secret,
                    newtype: #newtype,
                    has_min: #has_min,
                    has_max: #has_max,
                    max_exclusive: #max_exclusive,
                },
                |max, f| #fmt_bound(#range, max, f),
                #vtable,
            )
        }
    }
}

/// `<Ty as Field>::method`, or `<Option<T> as OptionalField<T>>::method`, spanned at the
/// field's type, so a type that cannot be checked is reported there, once.
fn field_op(input: &Input, field: &Field, method: &str) -> TokenStream {
    let private = input.private();
    let ty = field.ty;
    let method = Ident::new(method, Span::call_site());
    match field.option_inner() {
        Some(inner) => {
            quote_spanned!(ty.span()=> <#ty as #private::OptionalField<#inner>>::#method)
        }
        None => quote_spanned!(ty.span()=> <#ty as #private::Field>::#method),
    }
}

fn accessors(input: &Input, field: &Field) -> TokenStream {
    let vis = input.vis;
    let private = input.private();
    let member = &field.member;
    let ty = field.ty;
    let getter = input.getter_name(field);
    let setter = input.setter_name(field);
    let value = Ident::new("value", Span::mixed_site());
    let name = field.name();
    let accepted = describe(field.within());
    let some = if field.option_inner().is_some() {
        "; `None` is always accepted"
    } else {
        ""
    };
    let get_doc = format!("Returns `{name}`, which is always {accepted}{some}.");
    let set_doc = format!(
        "Sets `{name}` to `value` if it is {accepted}{some}.\n\n\
         Otherwise returns an {} error and leaves the field as it was.",
        doc_link(input, "OutOfRange"),
    );
    let range = range(input, field);
    let site = site(input, field);
    let get = field_op(input, field, "get");
    let set = field_op(input, field, "set");
    quote! {
        #[doc = #get_doc]
        #[inline]
        #vis fn #getter(&self) -> #ty {
            #get(&self.#member)
        }

        #[doc = #set_doc]
        #[inline]
        #vis fn #setter(
            &mut self,
            #value: #ty,
        ) -> ::core::result::Result<(), #private::OutOfRange> {
            #set(&mut self.#member, #value, #range, #site)
        }
    }
}

/// `Self { a: a, b: b }` or `Self(value_0, value_1)` from the `try_new` parameters.
fn construct(input: &Input) -> TokenStream {
    let params = input.fields.iter().map(|field| input.param_name(field));
    match input.style {
        Style::Named => {
            let members = input.fields.iter().map(|field| &field.member);
            quote!(Self { #(#members: #params),* })
        }
        Style::Tuple => quote!(Self(#(#params),*)),
    }
}

fn params<'a>(input: &'a Input) -> impl Iterator<Item = TokenStream> + 'a {
    input.fields.iter().map(|field| {
        let param = input.param_name(field);
        let ty = field.ty;
        quote!(#param: #ty)
    })
}

/// Which names errors give the fields.
#[derive(Clone, Copy, PartialEq)]
enum Names {
    /// As in the struct.
    Rust,
    /// As serde reads them, for `Deserialize`.
    Wire,
}

/// Whether every checked field (there is at least one) holds its bounds, `value_of` naming
/// each field's value (a `try_new` parameter or `&self.field`): the fast path, with no error
/// machinery.
fn all_hold(input: &Input, value_of: impl Fn(&Field) -> TokenStream) -> TokenStream {
    let holds = input.checked_fields().map(|field| {
        let holds = field_op(input, field, "holds");
        let range = range(input, field);
        let value = value_of(field);
        quote!(#holds(#value, #range))
    });
    quote!(#(#holds)&&*)
}

/// Statements that record every out-of-range field in `checks`: the slow path.
fn report_each(
    input: &Input,
    checks: &Ident,
    names: Names,
    value_of: impl Fn(&Field) -> TokenStream,
) -> TokenStream {
    input
        .checked_fields()
        .map(|field| {
            let report = field_op(input, field, "report");
            let range = range(input, field);
            let site = match names {
                Names::Rust => site(input, field),
                Names::Wire => site_named(input, field, &input.wire_name(field)),
            };
            let value = value_of(field);
            quote!(#report(#value, #checks, #range, #site);)
        })
        .collect()
}

/// An expression of type `Result<Self, Invalid>` that checks the `try_new` parameters, which
/// are in scope, and builds the struct from them.
///
/// Output:
///
/// ```text
/// if holds(&a, RANGE_A) && holds(&b, RANGE_B) {
///     Ok(Self { a, b })
/// } else {
///     match slow_path(|checks| {
///         report(&a, checks, RANGE_A, SITE_A);
///         report(&b, checks, RANGE_B, SITE_B);
///     }) {
///         Ok(()) => Ok(Self { a, b }), // only if `PartialOrd` answered differently twice
///         Err(error) => Err(error),
///     }
/// }
/// ```
fn checked_construct(input: &Input, names: Names) -> TokenStream {
    let private = input.private();
    let checks = Ident::new("__within_checks", Span::mixed_site());
    let construct = construct(input);
    let param = |field: &Field| {
        let param = input.param_name(field);
        quote!(&#param)
    };
    if input.checked_fields().next().is_none() {
        return quote!(::core::result::Result::<Self, #private::Invalid>::Ok(#construct));
    }
    let all_hold = all_hold(input, param);
    let report_each = report_each(input, &checks, names, param);
    quote! {
        if #all_hold {
            ::core::result::Result::<Self, #private::Invalid>::Ok(#construct)
        } else {
            match #private::slow_path(|#checks| { #report_each }) {
                ::core::result::Result::Ok(()) => ::core::result::Result::Ok(#construct),
                ::core::result::Result::Err(error) => ::core::result::Result::Err(error),
            }
        }
    }
}

fn try_new(input: &Input) -> TokenStream {
    let vis = input.vis;
    let private = input.private();
    let name = input.name();
    let params = params(input);
    let body = checked_construct(input, Names::Rust);
    let mut doc = format!("Returns a new `{name}` from every field in declaration order");
    if input.checked_fields().next().is_some() {
        doc.push_str(", checking that:\n");
        for field in input.checked_fields() {
            doc.push_str(&format!(
                "\n- `{}` is {}",
                field.name(),
                describe(field.within())
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

/// `new_const`, for structs whose checked fields are all primitive numbers or `char`, which a
/// `const fn` can compare. Evaluated in a constant, an out-of-range value fails the build.
fn new_const(input: &Input) -> TokenStream {
    if !input.is_const_checkable() {
        return TokenStream::new();
    }
    let vis = input.vis;
    let name = input.name();
    let params = params(input);
    let construct = construct(input);
    let checks = input.checked_fields().map(|field| {
        let param = input.param_name(field);
        let range = range(input, field);
        let range_var = Ident::new("__within_range", Span::mixed_site());
        let message = if input.is_newtype() {
            format!("{name} must be {}", describe(field.within()))
        } else {
            format!(
                "{name}.{} must be {}",
                field.name(),
                describe(field.within())
            )
        };
        // Primitive comparisons are allowed in a `const fn`; `PartialOrd::le` is not.
        quote! {
            let #range_var = #range;
            let above_min = match #range_var.min {
                ::core::option::Option::Some(min) => min <= #param,
                ::core::option::Option::None => true,
            };
            let below_max = match #range_var.max {
                ::core::option::Option::Some(max) if #range_var.max_exclusive => #param < max,
                ::core::option::Option::Some(max) => #param <= max,
                ::core::option::Option::None => true,
            };
            if !(above_min && below_max) {
                ::core::panic!(#message);
            }
        }
    });
    let doc = format!(
        "Returns a new `{name}`, checked at compile time when called in a constant: an \
         out-of-range value there fails the build. Called at run time, it panics instead; \
         prefer `try_new` there.\n\n\
         # Panics\n\nIf a field is out of range."
    );
    quote! {
        #[doc = #doc]
        #[inline]
        #[track_caller]
        #[allow(clippy::too_many_arguments)]
        #vis const fn new_const(#(#params),*) -> Self {
            #(#checks)*
            #construct
        }
    }
}

/// For `struct Percent(#[within(0, 100)] u8)`: `into_inner` and `TryFrom<u8>`.
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
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
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

        #[automatically_derived]
        impl #impl_generics ::core::convert::TryFrom<#ty> for #ident #ty_generics #where_clause {
            type Error = #private::Invalid;

            #[inline]
            fn try_from(value: #ty) -> ::core::result::Result<Self, #private::Invalid> {
                Self::try_new(value)
            }
        }
    }
}

/// `#[within(deserialize)]`: a `serde::Deserialize` impl that reads a shadow struct with the same
/// fields and `#[serde]` attributes, then builds the value through the checks, so no
/// out-of-range value is ever constructed. Errors name fields as they are on the wire.
///
/// Expands inside the runtime's `with_serde!`, which reports a missing `serde` feature.
fn deserialize(input: &Input) -> TokenStream {
    if input.attrs.deserialize.is_none() {
        return TokenStream::new();
    }
    let ident = input.ident;
    let private = input.private();
    let shadow = Ident::new("__WithinUnchecked", Span::call_site());
    let serde_path = format!("{}::__private::serde", type_text(input.krate()));
    let container_attrs = &input.serde_attrs;
    // The shadow takes the struct's name where serde shows it: to formats (`rename`) and in
    // messages (`expecting`), unless the struct sets them itself.
    let name = input.name();
    let serde_attrs = || input.serde_attrs.iter().copied();
    let mut rename = TokenStream::new();
    if crate::attr::serde_rename(serde_attrs(), "rename").is_none() {
        rename.extend(quote!(#[serde(rename = #name)]));
    }
    if crate::attr::serde_rename(serde_attrs(), "expecting").is_none() {
        let expecting = match input.style {
            Style::Named => format!("struct {name}"),
            Style::Tuple => format!("tuple struct {name}"),
        };
        rename.extend(quote!(#[serde(expecting = #expecting)]));
    }
    let params: Vec<_> = input
        .fields
        .iter()
        .map(|field| input.param_name(field))
        .collect();
    let (shadow_def, destructure) = match input.style {
        Style::Named => {
            let fields = input.fields.iter().map(|field| {
                let attrs = &field.serde_attrs;
                let member = &field.member;
                let ty = field.ty;
                quote!(#(#attrs)* #member: #ty)
            });
            let members = input.fields.iter().map(|field| &field.member);
            (
                quote!(struct #shadow { #(#fields),* }),
                quote!(#shadow { #(#members: #params),* }),
            )
        }
        Style::Tuple => {
            let fields = input.fields.iter().map(|field| {
                let attrs = &field.serde_attrs;
                let ty = field.ty;
                quote!(#(#attrs)* #ty)
            });
            (
                quote!(struct #shadow(#(#fields),*);),
                quote!(#shadow(#(#params),*)),
            )
        }
    };
    let checked = checked_construct(input, Names::Wire);
    quote! {
        #private::with_serde! {
            #[derive(#private::serde::Deserialize)]
            #[serde(crate = #serde_path)]
            #rename
            #(#container_attrs)*
            #shadow_def

            #[automatically_derived]
            impl<'de> #private::serde::Deserialize<'de> for #ident {
                fn deserialize<__D>(
                    deserializer: __D,
                ) -> ::core::result::Result<Self, <__D as #private::serde::Deserializer<'de>>::Error>
                where
                    __D: #private::serde::Deserializer<'de>,
                {
                    let #destructure =
                        <#shadow as #private::serde::Deserialize<'de>>::deserialize(deserializer)?;
                    let checked: ::core::result::Result<Self, #private::Invalid> = #checked;
                    checked.map_err(
                        <<__D as #private::serde::Deserializer<'de>>::Error as #private::serde::de::Error>::custom,
                    )
                }
            }
        }
    }
}

fn field_spec(input: &Input, field: &Field) -> TokenStream {
    let private = input.private();
    let within = field.within();
    let name = field.name();
    let text = |bound: &Option<syn::Expr>| match bound {
        Some(bound) => {
            let text = expr_text(bound);
            quote!(::core::option::Option::Some(#text))
        }
        None => quote!(::core::option::Option::None),
    };
    let min = text(&within.min);
    let max = text(&within.max);
    let max_exclusive = within.max_exclusive;
    let secret = within.secret;
    let ty = type_text(field.ty);
    quote! {
        #private::FieldSpec::new(#name, #min, #max, #max_exclusive, #secret, #ty)
    }
}

fn validate(input: &Input) -> TokenStream {
    let private = input.private();
    let checks = Ident::new("__within_checks", Span::mixed_site());
    let field_ref = |field: &Field| {
        let member = &field.member;
        quote!(&self.#member)
    };
    if input.checked_fields().next().is_none() {
        return quote! {
            #[inline]
            fn validate(&self) -> ::core::result::Result<(), #private::Invalid> {
                ::core::result::Result::Ok(())
            }
        };
    }
    let all_hold = all_hold(input, field_ref);
    let report_each = report_each(input, &checks, Names::Rust, field_ref);
    quote! {
        #[inline]
        fn validate(&self) -> ::core::result::Result<(), #private::Invalid> {
            if #all_hold {
                ::core::result::Result::Ok(())
            } else {
                #private::slow_path(|#checks| { #report_each })
            }
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
