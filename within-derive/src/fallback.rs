//! What is emitted beside the errors of an invalid input: the items a valid input would have
//! produced, with bodies that are never run. Code that uses them then compiles, so one mistake
//! in an attribute gives one error, not one more for every call of a missing method.

use crate::ast::{Field, Input};
use crate::prop::Kind;
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use std::collections::BTreeSet;
use syn::ext::IdentExt;
use syn::DeriveInput;

pub fn expand(original: &DeriveInput, input: Option<&Input>) -> TokenStream {
    let ident = &original.ident;
    let private = input.map_or(quote!(::within_runtime::__private), Input::private);
    let (impl_generics, ty_generics, where_clause) = original.generics.split_for_impl();
    let inherent = input.map(|input| {
        let vis = input.vis;
        // A name clash is one of the errors being reported; declaring the clashing methods
        // again would add rustc's "duplicate definitions" to it.
        let mut declared = BTreeSet::from(["try_new".to_owned()]);
        let mut fresh = |name: &Ident| declared.insert(name.unraw().to_string());
        let mut accessors = TokenStream::new();
        for field in input.marked_fields() {
            let ty = field.ty;
            let getter = input.getter_name(field);
            let setter = input.setter_name(field);
            if fresh(&getter) {
                let returned = getter_type(field);
                accessors.extend(quote! {
                    #vis fn #getter(&self) -> #returned {
                        #private::unreachable!()
                    }
                });
            }
            if fresh(&setter) && kind(field) != Some(Kind::Key) {
                if kind(field) == Some(Kind::Nested) && input.attrs.invariants.is_empty() {
                    accessors.extend(quote! {
                        #vis fn #setter(&mut self) -> &mut #ty {
                            #private::unreachable!()
                        }
                    });
                } else {
                    accessors.extend(quote! {
                        #vis fn #setter(
                            &mut self,
                            _: #ty,
                        ) -> ::core::result::Result<(), #private::OutOfRange> {
                            #private::unreachable!()
                        }
                    });
                }
            }
        }
        let params = input.fields.iter().map(|field| {
            let ty = field.ty;
            quote!(_: #ty)
        });
        // Not beside `manual(..)`: the user's own impl exists, and the clash is the error.
        let default = input.attrs.default.filter(|_| input.attrs.manual_default.is_none()).map(|_| {
            quote! {
                impl #impl_generics ::core::default::Default for #ident #ty_generics #where_clause {
                    fn default() -> Self {
                        #private::unreachable!()
                    }
                }
            }
        });
        // A draft named like the struct is one of the errors.
        let draft = match &input.attrs.draft {
            Some(draft) if draft == input.ident => TokenStream::new(),
            Some(draft) => {
                let definition = crate::drafts::definition(input);
                quote! {
                    #definition
                    impl #impl_generics ::core::convert::TryFrom<#draft #ty_generics>
                        for #ident #ty_generics #where_clause
                    {
                        type Error = #private::Invalid;
                        fn try_from(
                            _: #draft #ty_generics,
                        ) -> ::core::result::Result<Self, #private::Invalid> {
                            #private::unreachable!()
                        }
                    }
                }
            }
            None => TokenStream::new(),
        };
        let newtype = newtype(input);
        let deserialize = deserialize(input);
        let schema = schema(input);
        quote! {
            #[allow(dead_code, clippy::too_many_arguments)]
            impl #impl_generics #ident #ty_generics #where_clause {
                #accessors
                #vis fn try_new(
                    #(#params),*
                ) -> ::core::result::Result<Self, #private::Invalid> {
                    #private::unreachable!()
                }
            }

            #default
            #draft
            #newtype
            #deserialize
            #schema
        }
    });
    quote! {
        #[doc(hidden)]
        const _: () = {
            impl #impl_generics #private::Validated
                for #ident #ty_generics #where_clause
            {
                const FIELDS: &'static [#private::FieldSpec] = &[];
                fn validate(
                    &self,
                ) -> ::core::result::Result<(), #private::Invalid> {
                    #private::unreachable!()
                }
            }
        };
        #inherent
    }
}

/// The kind of a field whose attribute was read, else `None`.
fn kind(field: &Field) -> Option<Kind> {
    field.within.as_ref().map(|_| field.kind())
}

/// What the getter of a valid input would return.
fn getter_type(field: &Field) -> TokenStream {
    let ty = field.ty;
    match kind(field) {
        Some(Kind::Len(..)) => crate::lengths::getter(field).0,
        Some(Kind::Rules) if field.lends() => crate::lengths::getter(field).0,
        Some(Kind::Nested) => quote!(&#ty),
        Some(Kind::Key) => crate::keys::getter_type(field),
        _ => quote!(#ty),
    }
}

/// A newtype's `into_inner` and `TryFrom` of its field.
fn newtype(input: &Input) -> TokenStream {
    let [field] = input.fields.as_slice() else {
        return TokenStream::new();
    };
    // Marked, even if its attribute is the mistake: the valid input would have them.
    if !input.is_newtype() || !field.marked {
        return TokenStream::new();
    }
    let (ident, vis, ty, private) = (input.ident, input.vis, field.ty, input.private());
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let try_from = (!input.mentions_type_param(ty)).then(|| {
        quote! {
            impl #impl_generics ::core::convert::TryFrom<#ty> for #ident #ty_generics #where_clause {
                type Error = #private::Invalid;
                fn try_from(_: #ty) -> ::core::result::Result<Self, #private::Invalid> {
                    #private::unreachable!()
                }
            }
        }
    });
    quote! {
        #[allow(dead_code)]
        impl #impl_generics #ident #ty_generics #where_clause {
            #vis fn into_inner(self) -> #ty {
                #private::unreachable!()
            }
        }
        #try_from
    }
}

/// `Deserialize` and what a struct that nests this one asks for, for `#[within(deserialize)]`
/// (which a generic struct is refused).
fn deserialize(input: &Input) -> TokenStream {
    let attrs = &input.attrs;
    if attrs.deserialize.is_none() || attrs.manual_deserialize.is_some() || input.is_generic() {
        return TokenStream::new();
    }
    let (ident, private) = (input.ident, input.private());
    quote! {
        #private::with_serde! {
            // What a struct that nests this one asks for.
            impl #private::Deserializable for #ident {
                type Shadow = ();
                fn check_shadow(
                    _: (),
                    _: &mut #private::Checks,
                ) -> ::core::option::Option<Self> {
                    #private::unreachable!()
                }
                fn into_shadow(self) {
                    #private::unreachable!()
                }
            }

            impl<'de> #private::serde::Deserialize<'de> for #ident {
                fn deserialize<__D>(
                    _: __D,
                ) -> ::core::result::Result<Self, <__D as #private::serde::Deserializer<'de>>::Error>
                where
                    __D: #private::serde::Deserializer<'de>,
                {
                    #private::unreachable!()
                }
            }
        }
    }
}

/// `JsonSchema`, for `#[within(schema)]` (which a generic struct is refused).
fn schema(input: &Input) -> TokenStream {
    if input.attrs.schema.is_none() || input.is_generic() {
        return TokenStream::new();
    }
    let (ident, private) = (input.ident, input.private());
    quote! {
        #private::with_schemars! {
            impl #private::schema::NestedSchema for #ident {}

            impl #private::schemars::JsonSchema for #ident {
                fn schema_name() -> #private::schema::Cow<'static, ::core::primitive::str> {
                    #private::unreachable!()
                }
                fn json_schema(
                    _: &mut #private::schemars::SchemaGenerator,
                ) -> #private::schemars::Schema {
                    #private::unreachable!()
                }
            }
        }
    }
}
