//! `#[within(schema)]` (feature `schemars`): a `schemars::JsonSchema` whose properties carry
//! the bounds, so a client validating a document against the schema accepts and rejects what
//! the checks do.
//!
//! | check | keywords |
//! | --- | --- |
//! | `#[within(MIN, MAX)]` on a number | `minimum`, `maximum` (`exclusiveMaximum` for `MIN..MAX`) |
//! | `len(..)` on a `Vec`, slice or array | `minItems`, `maxItems` |
//! | `len(..)` on a map | `minProperties`, `maxProperties` |
//! | `chars(..)` on a string | `minLength`, `maxLength` (JSON Schema counts characters) |
//! | `#[within(nested)]` | the nested struct's schema, by reference |
//! | `one_of(..)` of literals | `enum` (with `null` for an `Option` field) |
//! | `email`, `url` | `format: email`, `format: uri` |
//! | `pattern = ".."` | `pattern` |
//! | `each(..)` | the element's keywords in `items` (a map's values: `additionalProperties`) |
//!
//! An integer's type range stands on a side its bounds leave open (on every integer field),
//! where schemars leaves it out for 32 and 64 bits: serde refuses `4294967296` for a `u32`.
//!
//! A struct is an object; a newtype, which serde reads bare, is its field's schema; a tuple
//! struct is an array of its fields (`prefixItems`), which may stop where every later field
//! has a `#[serde(default)]`.
//!
//! Left out, because JSON Schema cannot say them: `check = path` functions, `one_of(..)` with
//! values that are not literals (the field's type need not serialize), bounds that name another field
//! (`self.pool_size`), bounds of a type that is not a number (`Duration`, `char`), and `len(..)`
//! on a string, which counts bytes where JSON Schema counts characters. Every constant bound
//! of a number is in, literal or not (`MAX_RETRIES` is evaluated).

pub use alloc::borrow::Cow;
use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;
pub use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::Serialize;
use serde_json::{Map, Value};

/// One property of a struct's schema, as the derive describes it.
pub struct Property {
    /// The name on the wire.
    pub name: &'static str,
    /// The field type's schema (a reference for a struct), or, for a flattened field, its
    /// whole schema, whose properties join the struct's.
    pub schema: Schema,
    /// The field must be present.
    pub required: bool,
    /// The other names serde reads the field by (`#[serde(alias = "..")]`).
    pub aliases: &'static [&'static str],
    /// `#[serde(flatten)]`.
    pub flatten: bool,
    /// The field's doc comment.
    pub description: Option<&'static str>,
    /// The keyword and value for the minimum, if the schema can say it.
    pub min: Option<(&'static str, Value)>,
    /// The keyword and value for the maximum, if the schema can say it.
    pub max: Option<(&'static str, Value)>,
    /// The values of `one_of(..)`, as a JSON array's text, for `enum`.
    pub one_of: Option<&'static str>,
    /// `email` or `uri`, for `#[within(email)]` and `#[within(url)]`.
    pub format: Option<&'static str>,
    /// A `pattern = ".."`.
    pub pattern: Option<&'static str>,
    /// `each(..)`: the element's property, whose keywords join the schema's `items` (or a
    /// map's `additionalProperties`).
    pub items: Option<Items>,
}

/// The element of an `each(..)` field, as a property of its own.
pub struct Items(alloc::boxed::Box<Property>);

impl Items {
    /// Wraps the element's property.
    pub fn new(property: Property) -> Self {
        Items(alloc::boxed::Box::new(property))
    }
}

/// A bound as a JSON number, or `None` when it is not a finite number.
///
/// A float is written as its shortest decimal, as serde reads it back: as a value, an `f32`
/// bound `0.7` would widen to `0.699999988079071`, which a document's `0.7` exceeds although
/// serde reads it as that very `f32`.
pub fn number<T: Serialize>(bound: &T) -> Option<Value> {
    let value = serde_json::to_value(bound).ok().filter(Value::is_number)?;
    if value.is_f64() {
        let text = serde_json::to_string(bound).ok()?;
        return serde_json::from_str(&text).ok();
    }
    Some(value)
}

/// A length bound as a JSON number: the largest length allowed, for a maximum (one less than
/// an exclusive one).
pub fn length(bound: usize, exclusive: bool) -> Option<Value> {
    match (bound, exclusive) {
        (0, true) => None,
        (bound, true) => Some(Value::from(bound - 1)),
        (bound, false) => Some(Value::from(bound)),
    }
}

/// The schema of a struct: an object with these properties.
pub fn object<const N: usize>(
    title: &'static str,
    description: Option<&'static str>,
    properties: [Property; N],
    deny_unknown_fields: bool,
) -> Schema {
    let mut fields = Map::new();
    let mut required = Vec::new();
    // What a field with aliases asks: one of its names, if required, and never two at once,
    // which serde refuses as a duplicate field.
    let mut all_of = Vec::new();
    for property in properties {
        if property.flatten {
            merge(&mut fields, &mut required, property.schema);
            continue;
        }
        let names: Vec<&'static str> = core::iter::once(property.name)
            .chain(property.aliases.iter().copied())
            .collect();
        if names.len() > 1 {
            all_of.extend(one_name_of(&names, property.required));
        } else if property.required {
            required.push(Value::from(property.name));
        }
        let schema = bounded(property).to_value();
        for name in names {
            fields.insert(name.to_owned(), schema.clone());
        }
    }
    let mut object = Map::new();
    object.insert("title".to_owned(), Value::from(title));
    if let Some(description) = description {
        object.insert("description".to_owned(), Value::from(description));
    }
    object.insert("type".to_owned(), Value::from("object"));
    object.insert("properties".to_owned(), Value::Object(fields));
    if !required.is_empty() {
        object.insert("required".to_owned(), Value::Array(required));
    }
    if deny_unknown_fields {
        object.insert("additionalProperties".to_owned(), Value::Bool(false));
    }
    if !all_of.is_empty() {
        object.insert("allOf".to_owned(), Value::Array(all_of));
    }
    Schema::from(object)
}

/// The constraints on a field read by several `names`: at most one of them present, and one if
/// the field is required.
fn one_name_of(names: &[&'static str], required: bool) -> Vec<Value> {
    let needs = |names: &[&'static str]| {
        let mut object = Map::new();
        object.insert(
            "required".to_owned(),
            Value::Array(names.iter().copied().map(Value::from).collect()),
        );
        Value::Object(object)
    };
    let mut constraints = Vec::new();
    let mut pairs = Vec::new();
    for (index, first) in names.iter().enumerate() {
        for second in &names[index + 1..] {
            pairs.push(needs(&[first, second]));
        }
    }
    let mut any = Map::new();
    any.insert("anyOf".to_owned(), Value::Array(pairs));
    let mut not = Map::new();
    not.insert("not".to_owned(), Value::Object(any));
    constraints.push(Value::Object(not));
    if required {
        let each: Vec<Value> = names.iter().map(|name| needs(&[name])).collect();
        let mut any = Map::new();
        any.insert("anyOf".to_owned(), Value::Array(each));
        constraints.push(Value::Object(any));
    }
    constraints
}

/// The schema of a newtype, `struct Port(u16)`: its field's, which serde reads bare, with the
/// struct's title.
pub fn newtype(title: &'static str, field: Property) -> Schema {
    let mut schema = bounded(field);
    if schema.get("$ref").is_none() {
        schema.insert("title".to_owned(), Value::from(title));
    }
    schema
}

/// The schema of a tuple struct, `struct Span(u32, u32)`: an array of its fields, in order,
/// as serde reads it, of at least `min_items` (the later ones have defaults) and at most all.
pub fn tuple<const N: usize>(
    title: &'static str,
    min_items: usize,
    fields: [Property; N],
) -> Schema {
    let items: Vec<Value> = fields
        .into_iter()
        .map(|field| bounded(field).to_value())
        .collect();
    let mut array = Map::new();
    array.insert("title".to_owned(), Value::from(title));
    array.insert("type".to_owned(), Value::from("array"));
    array.insert("minItems".to_owned(), Value::from(min_items));
    array.insert("maxItems".to_owned(), Value::from(items.len()));
    array.insert("prefixItems".to_owned(), Value::Array(items));
    Schema::from(array)
}

/// A field's schema with its bounds and its doc comment.
fn bounded(property: Property) -> Schema {
    let mut schema = property.schema;
    // A `$ref` stands for a whole schema and takes no keywords beside it here.
    if let (Some(items), None) = (property.items, schema.get("$ref")) {
        let Value::Object(keywords) = bounded(*items.0).to_value() else {
            unreachable!("a property's schema is an object");
        };
        // A list's or set's elements are its `items`, a map's values its
        // `additionalProperties`.
        for key in ["items", "additionalProperties"] {
            if let Some(Value::Object(element)) = schema.get_mut(key) {
                if element.get("$ref").is_none() {
                    element.extend(keywords.clone());
                }
            }
        }
    }
    if schema.get("$ref").is_none() {
        for (keyword, value) in [property.min, property.max].into_iter().flatten() {
            schema.insert(keyword.to_owned(), value);
        }
        // The derive wrote the text from literals, so it parses.
        if let Some(values) = property
            .one_of
            .and_then(|text| serde_json::from_str(text).ok())
        {
            schema.insert("enum".to_owned(), values);
        }
        if let Some(format) = property.format {
            schema.insert("format".to_owned(), Value::from(format));
        }
        if let Some(pattern) = property.pattern {
            schema.insert("pattern".to_owned(), Value::from(pattern));
        }
        type_range(&mut schema);
    }
    if let Some(description) = property.description {
        schema.insert("description".to_owned(), Value::from(description));
    }
    schema
}

/// The range of the integer type schemars names in `format`, on each side that has no bound:
/// schemars states it for 8 and 16 bits only.
fn type_range(schema: &mut Schema) {
    let (min, max): (Value, Value) = match schema.get("format").and_then(Value::as_str) {
        Some("int32") => (i32::MIN.into(), i32::MAX.into()),
        Some("int64") => (i64::MIN.into(), i64::MAX.into()),
        Some("int") => (isize::MIN.into(), isize::MAX.into()),
        Some("uint32") => (0.into(), u32::MAX.into()),
        Some("uint64") => (0.into(), u64::MAX.into()),
        Some("uint") => (0.into(), usize::MAX.into()),
        _ => return,
    };
    for (keywords, value) in [
        (["minimum", "exclusiveMinimum"], min),
        (["maximum", "exclusiveMaximum"], max),
    ] {
        if keywords
            .iter()
            .all(|keyword| schema.get(*keyword).is_none())
        {
            schema.insert(keywords[0].to_owned(), value);
        }
    }
}

/// Adds a flattened struct's properties and required names to the struct's own.
fn merge(fields: &mut Map<String, Value>, required: &mut Vec<Value>, schema: Schema) {
    let Value::Object(mut schema) = schema.to_value() else {
        return;
    };
    if let Some(Value::Object(properties)) = schema.remove("properties") {
        fields.extend(properties);
    }
    if let Some(Value::Array(names)) = schema.remove("required") {
        required.extend(names);
    }
}

/// A type whose schema carries its checks: one with `#[within(schema)]`, or an `Option`, `Vec`,
/// `VecDeque`, array, `Box`, `Box<[T]>` or map (its values) of one. A `#[within(nested)]` field of a struct with `#[within(schema)]`
/// needs one, since a schema from schemars' own derive would leave the bounds out.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no #[within(schema)]",
    label = "a #[within(nested)] field of a #[within(schema)] struct needs a type with #[within(schema)] too, so that its schema carries its bounds"
)]
pub trait NestedSchema {}

impl<T: NestedSchema> NestedSchema for Option<T> {}
impl<T: NestedSchema> NestedSchema for Vec<T> {}
impl<T: NestedSchema, const N: usize> NestedSchema for [T; N] {}
impl<T: NestedSchema> NestedSchema for alloc::boxed::Box<T> {}
impl<T: NestedSchema> NestedSchema for alloc::boxed::Box<[T]> {}
impl<T: NestedSchema> NestedSchema for alloc::collections::VecDeque<T> {}
impl<K, V: NestedSchema> NestedSchema for alloc::collections::BTreeMap<K, V> {}
#[cfg(feature = "std")]
impl<K, V: NestedSchema, S> NestedSchema for std::collections::HashMap<K, V, S> {}
