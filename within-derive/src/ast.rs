//! A borrowed model of the input: the struct and its fields with their parsed attributes.

use crate::attr::{self, Container, Within};
use crate::ctxt::Ctxt;
use syn::{Attribute, Data, DeriveInput, Fields, Generics, Ident, Index, Member, Type, Visibility};

pub struct Input<'a> {
    pub ident: &'a Ident,
    /// The struct's `#[serde(..)]` attributes, for the `Deserialize` impl's shadow struct.
    pub serde_attrs: Vec<&'a Attribute>,
    pub vis: &'a Visibility,
    pub generics: &'a Generics,
    pub attrs: Container,
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
    /// The bounds, if the field is marked by exactly one well-formed attribute.
    pub within: Option<Within>,
    /// `#[serde(rename = "..")]`, for the name errors give when deserializing.
    pub serde_rename: Option<String>,
    /// The field's `#[serde(..)]` attributes, for the shadow struct.
    pub serde_attrs: Vec<&'a Attribute>,
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
        let fields = fields
            .iter()
            .enumerate()
            .map(|(index, field)| Field::from_syn(cx, index, field))
            .collect();
        Some(Input {
            ident: &input.ident,
            serde_attrs: serde_attrs(&input.attrs),
            vis: &input.vis,
            generics: &input.generics,
            attrs,
            style,
            fields,
        })
    }
}

const STRUCT_ONLY: &str = "Validated can only be derived for a struct with fields";

impl<'a> Field<'a> {
    fn from_syn(cx: &Ctxt, index: usize, field: &'a syn::Field) -> Self {
        let (marked, within) = attr::parse_field(cx, &field.attrs);
        Field {
            member: match &field.ident {
                Some(ident) => Member::Named(ident.clone()),
                None => Member::Unnamed(Index::from(index)),
            },
            vis: &field.vis,
            ty: &field.ty,
            marked,
            within,
            serde_rename: attr::serde_rename(&field.attrs, "rename"),
            serde_attrs: serde_attrs(&field.attrs),
        }
    }
}

fn serde_attrs(attrs: &[Attribute]) -> Vec<&Attribute> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("serde"))
        .collect()
}
