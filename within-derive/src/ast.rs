//! A borrowed model of the input: the struct and its fields with their parsed attributes.

use crate::attr::{self, Container, Within};
use crate::ctxt::Ctxt;
use syn::{
    Attribute, Data, DeriveInput, Fields, Generics, Ident, Index, Member, Meta, Type, Visibility,
};

pub struct Input<'a> {
    pub ident: &'a Ident,
    pub vis: &'a Visibility,
    pub generics: &'a Generics,
    pub attrs: Container,
    /// The struct's `#[serde(..)]` attributes, for the `Deserialize` impl's shadow struct.
    pub serde_attrs: Vec<&'a Attribute>,
    /// The struct's doc comments, for the schema's description.
    pub docs: Vec<&'a Attribute>,
    /// What `#[schemars(..)]` on the struct says, read with `#[within(schema)]` only.
    pub schemars: crate::helper_attrs::Schemars,
    /// `#[repr(packed)]`: fields are read and written by value, never borrowed.
    pub packed: bool,
    pub style: Style,
    pub fields: Vec<Field<'a>>,
}

#[derive(Clone, Copy, PartialEq)]
pub enum Style {
    /// `struct S { a: T }`
    Named,
    /// `struct S(T, U)`
    Tuple,
}

pub struct Field<'a> {
    /// `a` for a named field, `0` for a tuple field.
    pub member: Member,
    pub vis: &'a Visibility,
    pub ty: &'a Type,
    /// Carries any `#[within]` attribute, well-formed or not.
    pub marked: bool,
    /// The attribute, if the field is marked by exactly one well-formed one.
    pub within: Option<Within>,
    /// `#[serde(rename = "..")]`, for the name errors give when deserializing.
    pub serde_rename: Option<String>,
    /// `#[serde(flatten)]`: a nested struct's fields stand at this struct's level on the wire.
    pub serde_flatten: bool,
    /// `#[serde(default ..)]` on the field: it may be missing from a document.
    pub serde_default: bool,
    /// The field's `#[serde(..)]` attributes, for the shadow struct.
    pub serde_attrs: Vec<&'a Attribute>,
    /// The field's doc comments, for a draft and the schema.
    pub docs: Vec<&'a Attribute>,
    /// `#[serde(alias = "..")]`, each name the field is also read by.
    pub serde_aliases: Vec<String>,
    /// What `#[schemars(..)]` on the field says, read with `#[within(schema)]` only.
    pub schemars: crate::helper_attrs::Schemars,
    /// `each(RULES)`: the elements, as a field of the element type with those rules.
    pub each: Option<Box<Field<'a>>>,
    /// This is the element of another field's `each(..)`.
    pub element: bool,
    /// `each(..)` on a type whose elements are unknown: the `each` keyword, for the error.
    pub each_unknown: Option<proc_macro2::Span>,
}

impl<'a> Input<'a> {
    /// The model of a struct with fields, or `None` (with the error recorded) for any other
    /// input.
    pub fn from_syn(cx: &Ctxt, input: &'a DeriveInput) -> Option<Self> {
        let attrs = attr::parse_container(cx, &input.attrs);
        let (style, fields) = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(fields) => (Style::Named, &fields.named),
                Fields::Unnamed(fields) => (Style::Tuple, &fields.unnamed),
                Fields::Unit => {
                    cx.error_spanned_by(&input.ident, STRUCT_ONLY);
                    return None;
                }
            },
            Data::Enum(data) => {
                cx.error_spanned_by(data.enum_token, STRUCT_ONLY);
                return None;
            }
            Data::Union(data) => {
                cx.error_spanned_by(data.union_token, STRUCT_ONLY);
                return None;
            }
        };
        // `#[schemars]` may serve another derive; with `#[within(schema)]` it is this one's.
        let schema = attrs.schema.is_some();
        let fields = fields
            .iter()
            .enumerate()
            .map(|(index, field)| Field::from_syn(cx, index, field, schema))
            .collect();
        let schemars = match schema {
            true => crate::helper_attrs::parse_schemars(cx, &input.attrs, false),
            false => crate::helper_attrs::Schemars::default(),
        };
        Some(Input {
            ident: &input.ident,
            vis: &input.vis,
            generics: &input.generics,
            attrs,
            serde_attrs: attrs_named(&input.attrs, "serde"),
            docs: attrs_named(&input.attrs, "doc"),
            schemars,
            packed: is_packed(&input.attrs),
            style,
            fields,
        })
    }
}

const STRUCT_ONLY: &str = "Validated can only be derived for a struct with fields";

impl<'a> Field<'a> {
    fn from_syn(cx: &Ctxt, index: usize, field: &'a syn::Field, schema: bool) -> Self {
        let (marked, mut within) = attr::parse_field(cx, &field.attrs);
        let serde_attrs = attrs_named(&field.attrs, "serde");
        let each = within.as_mut().and_then(|within| within.each.take());
        let mut each_unknown = None;
        // `each(nested)` became the field's `nested`, but still says the field is a collection.
        if let Some(span) = within.as_ref().and_then(|within| within.each_nested) {
            if crate::syntax::element_type(&field.ty).is_none() {
                each_unknown = Some(span);
            }
        }
        let each = each.and_then(|(span, inner)| {
            let Some(elem) = crate::syntax::element_type(&field.ty) else {
                each_unknown = Some(span);
                return None;
            };
            Some(Box::new(Field {
                member: match &field.ident {
                    Some(ident) => Member::Named(ident.clone()),
                    None => Member::Unnamed(Index::from(index)),
                },
                vis: &field.vis,
                ty: elem,
                marked: true,
                within: Some(*inner),
                serde_rename: crate::helper_attrs::serde_value(
                    serde_attrs.iter().copied(),
                    "rename",
                ),
                serde_flatten: false,
                serde_default: false,
                serde_aliases: Vec::new(),
                serde_attrs: Vec::new(),
                docs: Vec::new(),
                schemars: crate::helper_attrs::Schemars::default(),
                each: None,
                element: true,
                each_unknown: None,
            }))
        });
        Field {
            member: match &field.ident {
                Some(ident) => Member::Named(ident.clone()),
                None => Member::Unnamed(Index::from(index)),
            },
            vis: &field.vis,
            ty: &field.ty,
            marked,
            within,
            serde_rename: crate::helper_attrs::serde_value(serde_attrs.iter().copied(), "rename"),
            serde_flatten: crate::helper_attrs::serde_has(serde_attrs.iter().copied(), "flatten"),
            serde_default: crate::helper_attrs::serde_has(serde_attrs.iter().copied(), "default"),
            serde_aliases: crate::helper_attrs::serde_values(serde_attrs.iter().copied(), "alias"),
            serde_attrs,
            docs: attrs_named(&field.attrs, "doc"),
            schemars: match schema {
                true => crate::helper_attrs::parse_schemars(cx, &field.attrs, true),
                false => crate::helper_attrs::Schemars::default(),
            },
            each,
            element: false,
            each_unknown,
        }
    }
}

fn attrs_named<'a>(attrs: &'a [Attribute], name: &str) -> Vec<&'a Attribute> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident(name))
        .collect()
}

/// `#[repr(packed)]` or `#[repr(C, packed(2))]`.
fn is_packed(attrs: &[Attribute]) -> bool {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("repr"))
        .any(|attr| match &attr.meta {
            Meta::List(list) => list.tokens.clone().into_iter().any(
                |token| matches!(token, proc_macro2::TokenTree::Ident(ident) if ident == "packed"),
            ),
            _ => false,
        })
}
