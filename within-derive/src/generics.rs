//! The where clauses of the generated impls.

use crate::ast::Input;
use crate::checks;
use proc_macro2::TokenStream;
use quote::quote;
use syn::WhereClause;

/// The struct's where clause, plus a bound for each checked field whose type names a type
/// parameter (`T: Field` for `#[within(T::LO, T::HI)] level: T`), as std's derives add
/// `T: Clone`: the methods then exist for the instantiations that can be checked.
pub fn where_clause(input: &Input) -> Option<WhereClause> {
    let mut clause = input.generics.where_clause.clone();
    // A field with rules only needs what its functions ask, which their own bounds say. The
    // elements of an `each(..)` field are bounded like a field of their type.
    let elements = input
        .checked_fields()
        .filter_map(|field| field.each.as_deref());
    for field in input.checked_fields().chain(elements) {
        if input.mentions_type_param(field.ty) && field.kind() != crate::prop::Kind::Rules {
            let ty = field.ty;
            let bound = checks::field_trait(input, field);
            push_predicate(&mut clause, quote!(#ty: #bound));
        }
        // `nested` beside a length or rules descends as `nested` alone does.
        if input.mentions_type_param(field.ty)
            && field.is_nested()
            && field.kind() != crate::prop::Kind::Nested
        {
            let ty = field.ty;
            let private = input.private();
            push_predicate(&mut clause, quote!(#ty: #private::Nested));
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
