//! The driver: parse, check, then hand the model to each capability, or the input to the
//! fallback when it has mistakes. It generates nothing itself but the frame the capabilities'
//! items stand in.
//!
//! Every path the capabilities write is absolute: `::core::...` for the language,
//! `<runtime>::__private::...` for the runtime (`::within_runtime` unless
//! `#[within(crate = ..)]` says otherwise), so nothing in the user's scope can change what the
//! code means. Every binding they make is named `__within_*` with a mixed-site span (or after a
//! field, for the parameters named like the fields), so no item of the user's
//! (`const min: u8 = 3;`) can be taken for a pattern.

use crate::ast::{Field, Input};
use crate::ctxt::Ctxt;
use crate::generics::where_clause;
use crate::prop::Kind;
use crate::{
    accessors, checks, constants, constructors, defaults, deserialize, drafts, fallback, keys,
    lengths, nested, schema, tokens, valid, validated,
};
use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

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
    let try_new = constructors::try_new(input);
    let new_const = constants::new_const(input);
    let newtype = constructors::newtype(input);
    let fields = input
        .checked_fields()
        .map(|field| validated::field_spec(input, field));
    let validate = validated::validate(input);
    let registry = validated::registry(input);
    let key_fn = keys::key_fn(input);
    let default = defaults::expand(input);
    let deserialize = deserialize::expand(input);
    let schema = schema::expand(input);
    let draft = drafts::definition(input);
    let draft_impls = drafts::impls(input);
    let keyed = keys::keyed(input);
    let assertions = constants::assertions(input);
    let rule_items = crate::rules::items(input);
    let bound_consts = checks::bound_items(input);
    let default_fns = tokens::default_fns(input);
    // The defaults stand in an impl with the struct's own bounds only, so that a draft's
    // `Default`, which has no more, can call them.
    let default_fns = (!default_fns.is_empty()).then(|| {
        let own_where = &input.generics.where_clause;
        quote! {
            #[automatically_derived]
            impl #impl_generics #ident #ty_generics #own_where {
                #default_fns
            }
        }
    });
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
                #bound_consts
                #(#accessors)*
                #try_new
                #new_const
            }

            #default_fns
            #newtype

            #[automatically_derived]
            impl #impl_generics #private::Validated for #ident #ty_generics #where_clause {
                const FIELDS: &'static [#private::FieldSpec] = &[#(#fields),*];
                #validate
                #registry
                #key_fn
            }

            #default
            #deserialize
            #schema
            #draft_impls
            #keyed
            #assertions
            #rule_items
        };
    }
}

fn accessors(input: &Input, field: &Field) -> TokenStream {
    match field.kind() {
        Kind::Nested => nested::accessors(input, field),
        Kind::Key => keys::accessors(input, field),
        Kind::Len(..) => lengths::accessors(input, field),
        Kind::Rules if field.lends() => lengths::accessors(input, field),
        Kind::Value | Kind::OptionValue | Kind::Rules => accessors::value_accessors(input, field),
    }
}
