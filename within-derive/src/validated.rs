//! `impl Validated`: the checks as written (`FIELDS`), `validate` with its fast and slow
//! paths, and the registry.

use crate::ast::{Field, Input};
use crate::attr::Bound;
use crate::checks::{self, Names, Source};
use crate::prop::Kind;
use crate::rules;
use crate::syntax::{ungroup_expr, ungroup_ty};
use crate::text::{expr_text, type_text};
use proc_macro2::TokenStream;
use quote::quote;

pub fn field_spec(input: &Input, field: &Field) -> TokenStream {
    let private = input.private();
    let name = field.name();
    let ty = type_text(ungroup_ty(field.ty));
    let mut spec = quote!(#private::FieldSpec::new(#name, #ty));
    let side = |bound: &Option<Bound>| {
        bound.as_ref().map(|bound| {
            let text = expr_text(ungroup_expr(bound.expr()));
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
        _ => {}
    }
    if field.is_nested() {
        spec.extend(quote!(.with_nested()));
    }
    if field.within().secret.is_some() {
        spec.extend(quote!(.with_secret()));
    }
    if field.is_dynamic() {
        spec.extend(quote!(.with_dynamic()));
    }
    if !field.rules().is_empty() {
        let rules = field.rules().iter().map(|rule| rules::spec(input, rule));
        spec.extend(quote!(.with_rules(&[#(#rules),*])));
    }
    if let Some(element) = field.each.as_deref() {
        let element = field_spec(input, element);
        spec.extend(quote!(.with_each(&#element)));
    }
    spec
}

/// `validate`, with its fast path `__holds` and its slow path `__report`, which a struct
/// holding this one calls to descend into it.
pub fn validate(input: &Input) -> TokenStream {
    let private = input.private();
    let checks = input.local("checks");
    let own_holds = input
        .bounded_fields()
        .map(|field| checks::holds(input, field, Source::SelfFields));
    let nested_holds = input
        .nested_fields()
        .map(|field| checks::nested_holds(input, field));
    let invariants_hold = crate::rules::invariants_hold(input, &quote!(self));
    let holds: Vec<_> = own_holds
        .chain(invariants_hold)
        .chain(nested_holds)
        .collect();
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
        .map(|field| checks::nested_report(input, field, &checks));
    // The invariants run once the struct's own fields pass: a function of the whole struct
    // may rely on each field's rules.
    let invariants = (!input.attrs.invariants.is_empty()).then(|| {
        let before = input.local("before");
        let reports = crate::rules::invariant_reports(input, &quote!(self), &checks);
        quote! {
            if #private::Checks::count(#checks) == #before {
                #reports
            }
        }
    });
    let before = input.local("before");
    let count = invariants
        .as_ref()
        .map(|_| quote!(let #before = #private::Checks::count(#checks);));
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
        fn __holds(&self) -> ::core::primitive::bool {
            #holds
        }

        fn __report(&self, #checks: &mut #private::Checks) {
            let _ = &#checks;
            #count
            #(#own_reports)*
            #invariants
            #(#nested_reports)*
        }
    }
}

/// A non-generic struct keeps its registry in a `static`; a generic one uses the trait's
/// default, a table keyed by type, since a `static` in a generic impl would be shared by every
/// instantiation (and cannot name the type parameters anyway).
pub fn registry(input: &Input) -> TokenStream {
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
