//! The checked setter of a field checked by value or by length: its own check, then the bounds
//! other fields put on it.

use crate::ast::{Field, Input};
use crate::checks::{self, Names, Source};
use crate::pairs;
use crate::prop::Kind;
use crate::rules;
use crate::tokens::doc_link;
use proc_macro2::TokenStream;
use quote::quote;

/// "Returns `f`, which is always within [0, 100]."
pub fn getter_doc(field: &Field) -> String {
    format!(
        "Returns `{}`, which is always {}{}.",
        field.name(),
        checks::describe(field),
        checks::none_note(field)
    )
}

/// The checked setter: the field's own check, then the bounds other fields put on it.
pub fn setter(input: &Input, field: &Field) -> TokenStream {
    let vis = input.vis;
    let private = input.private();
    let member = &field.member;
    let ty = field.ty;
    let setter = input.setter_name(field);
    let param = input.param_name(field);
    let some = checks::none_note(field);
    let implied_bounds = input.implied_bounds(field);
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
    let result = quote! {
        ::core::result::Result<(), #private::OutOfRange>
    };
    let body = if !input.attrs.invariants.is_empty() {
        tentative_body(input, field)
    } else if field.kind() == Kind::Rules {
        // The rules see the new value before it is stored: a rule that fails or panics
        // leaves the field as it was, and the value is dropped.
        let rules = checks::first_failure(input, field, &quote!(&#param));
        let error = input.local("error");
        quote! {
            match #rules {
                ::core::result::Result::Ok(()) => {
                    self.#member = #param;
                    ::core::result::Result::Ok(())
                }
                ::core::result::Result::Err(#error) => ::core::result::Result::Err(#error),
            }
        }
    } else {
        bounded_body(input, field)
    };
    quote! {
        #[doc = #set_doc]
        #[inline]
        #vis fn #setter(&mut self, #param: #ty) -> #result {
            #body
        }
    }
}

/// The body of a setter of a struct with invariants: the field's own checks, then the value
/// written and the invariants run on the whole struct, the old value put back if they fail
/// (or panic).
///
/// Output:
///
/// ```text
/// let checks = [CHECK, IMPLIED..];
/// set_tentatively(self, |owner| &mut owner.f, f, |value| test(value, checks).and_then(RULES),
///     |owner| INVARIANTS(owner))
/// ```
pub fn tentative_body(input: &Input, field: &Field) -> TokenStream {
    let private = input.private();
    let member = &field.member;
    let param = input.param_name(field);
    let owner = input.local("owner");
    let value = input.local("value");
    let checks_local = input.local("checks");
    let ty = field.ty;
    let rules = checks::first_failure(input, field, &quote!(#value));
    let (checks, test) = match field.kind() {
        // A nested field's structs keep their own checks.
        Kind::Nested => (TokenStream::new(), quote!(::core::result::Result::Ok(()))),
        Kind::Rules => (TokenStream::new(), rules),
        _ => {
            let check = checks::check(input, field, Source::SelfFields, Names::Rust);
            let implied = input
                .implied_bounds(field)
                .iter()
                .map(|implied| pairs::implied_check(input, field, implied))
                .collect::<Vec<_>>();
            let test = checks::field_op(input, field, "test");
            // The bounds that read other fields are read before `self` is lent out.
            (
                quote!(let #checks_local = [#check #(, #implied)*];),
                quote! {
                    ::core::result::Result::and_then(#test(#value, #checks_local), |()| #rules)
                },
            )
        }
    };
    let invariants = rules::invariants_first_failure(input, &quote!(#owner));
    quote! {
        #checks
        #private::set_tentatively(
            self,
            |#owner: &mut Self| &mut #owner.#member,
            #param,
            |#value: &#ty| { let _ = #value; #test },
            |#owner| #invariants,
        )
    }
}

/// The body of the setter of a field with bounds: the bounds, those the field implies, then
/// its rules, before the value is stored.
fn bounded_body(input: &Input, field: &Field) -> TokenStream {
    let member = &field.member;
    let param = input.param_name(field);
    let implied = input
        .implied_bounds(field)
        .iter()
        .map(|implied| pairs::implied_check(input, field, implied))
        .collect::<Vec<_>>();
    let check = checks::check(input, field, Source::SelfFields, Names::Rust);
    let (set, rules) = if field.rules().is_empty() && field.each.is_none() {
        (checks::field_op(input, field, "set"), TokenStream::new())
    } else {
        let value = input.local("value");
        let rules = checks::first_failure(input, field, &quote!(#value));
        (
            checks::field_op(input, field, "set_with"),
            quote!(, |#value| #rules),
        )
    };
    if input.packed {
        // A packed field cannot be borrowed: check a copy, then write it back.
        let copy = input.local("field");
        let outcome = input.local("outcome");
        quote! {
            let mut #copy = self.#member;
            let #outcome = #set(&mut #copy, #param, [#check #(, #implied)*] #rules);
            self.#member = #copy;
            #outcome
        }
    } else {
        quote! {
            #set(&mut self.#member, #param, [#check #(, #implied)*] #rules)
        }
    }
}
