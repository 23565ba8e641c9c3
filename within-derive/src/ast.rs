//! A borrowed model of the input: the struct and its fields with their parsed attributes.

use crate::attr::{self, Within};
use crate::ctxt::Ctxt;
use syn::{Data, DeriveInput, Fields, Generics, Ident, Type, Visibility};

pub struct Input<'a> {
    pub ident: &'a Ident,
    pub vis: &'a Visibility,
    pub generics: &'a Generics,
    pub fields: Vec<Field<'a>>,
}

pub struct Field<'a> {
    pub ident: &'a Ident,
    pub vis: &'a Visibility,
    pub ty: &'a Type,
    /// Carries any `#[within]` attribute, well-formed or not.
    pub marked: bool,
    /// The bounds, if the field is marked by exactly one well-formed attribute.
    pub within: Option<Within>,
}

impl<'a> Input<'a> {
    /// The model of a struct with named fields, or `None` (with the error recorded) for any
    /// other input.
    pub fn from_syn(cx: &Ctxt, input: &'a DeriveInput) -> Option<Self> {
        for attr in input.attrs.iter().filter(|attr| attr::is_within(attr)) {
            cx.error_spanned_by(attr, "#[within] goes on a field, not on the struct");
        }
        let fields = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(fields) => &fields.named,
                Fields::Unnamed(fields) => {
                    cx.error_spanned_by(fields, NAMED_ONLY);
                    return None;
                }
                Fields::Unit => {
                    cx.error_spanned_by(&input.ident, NAMED_ONLY);
                    return None;
                }
            },
            Data::Enum(data) => {
                cx.error_spanned_by(data.enum_token, NAMED_ONLY);
                return None;
            }
            Data::Union(data) => {
                cx.error_spanned_by(data.union_token, NAMED_ONLY);
                return None;
            }
        };
        Some(Input {
            ident: &input.ident,
            vis: &input.vis,
            generics: &input.generics,
            fields: fields
                .iter()
                .map(|field| Field::from_syn(cx, field))
                .collect(),
        })
    }
}

const NAMED_ONLY: &str = "Validated can only be derived for a struct with named fields";

impl<'a> Field<'a> {
    fn from_syn(cx: &Ctxt, field: &'a syn::Field) -> Self {
        let (marked, within) = attr::parse_field(cx, &field.attrs);
        Field {
            ident: match &field.ident {
                Some(ident) => ident,
                None => unreachable!("called for named fields only"),
            },
            vis: &field.vis,
            ty: &field.ty,
            marked,
            within,
        }
    }
}
