//! `#[within(schema)]`: the generated JSON Schema carries the bounds, and a JSON Schema
//! validator accepts exactly the documents the checked `Deserialize` accepts.

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::time::Duration;
use within_runtime::Validated;
use within_tests::rng::Rng;

const MAX_RETRIES: u8 = 5;

#[derive(Validated, Debug)]
#[within(deserialize, schema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Every {
    /// Pool size, per node.
    #[within(1, 64)]
    pool_size: u32,
    #[within(0.0..1.0)]
    ratio: f64,
    #[within(-40..)]
    celsius: i16,
    #[within(..=9)]
    digit: i8,
    #[within(..10)]
    below_ten: u64,
    #[within(0, MAX_RETRIES)]
    retries: u8,
    #[within(1, 10)]
    bonus: Option<u8>,
    #[within(len(1..4))]
    tags: Vec<String>,
    #[within(chars(1..=8))]
    name: String,
    #[within(len(..=2))]
    labels: BTreeMap<String, u8>,
    // Left out: a byte length, a bound that names a field, a bound that is not a number.
    #[within(len(1..=8))]
    code: String,
    #[within(0, self.pool_size)]
    min_idle: u32,
    #[within(Duration::ZERO, Duration::from_secs(9))]
    timeout: Duration,
    #[within(nested)]
    inner: Inner,
}

#[derive(Validated, Debug)]
#[within(deserialize, schema)]
struct Inner {
    #[within(1, 3)]
    level: u8,
}

fn root_schema<T: schemars::JsonSchema>() -> Value {
    schemars::SchemaGenerator::default()
        .into_root_schema_for::<T>()
        .to_value()
}

/// The keywords this derive adds, and a few of schemars' own.
fn keywords(property: &Value) -> Value {
    let keys = [
        "minimum",
        "maximum",
        "exclusiveMaximum",
        "minItems",
        "maxItems",
        "minLength",
        "maxLength",
        "minProperties",
        "maxProperties",
        "$ref",
        "description",
    ];
    let object = property.as_object().unwrap();
    Value::Object(
        keys.iter()
            .filter_map(|key| {
                object
                    .get(*key)
                    .map(|value| ((*key).to_owned(), value.clone()))
            })
            .collect(),
    )
}

#[test]
fn every_bound_form_in_the_schema() {
    let schema = root_schema::<Every>();
    assert_eq!(schema["title"], "Every");
    assert_eq!(schema["additionalProperties"], false);
    let properties = &schema["properties"];
    let expected = json!({
        "poolSize": {"minimum": 1, "maximum": 64, "description": "Pool size, per node."},
        "ratio": {"minimum": 0.0, "exclusiveMaximum": 1.0},
        "celsius": {"minimum": -40, "maximum": 32767},
        "digit": {"minimum": -128, "maximum": 9},
        "belowTen": {"minimum": 0, "exclusiveMaximum": 10},
        "retries": {"minimum": 0, "maximum": 5},
        "bonus": {"minimum": 1, "maximum": 10},
        "tags": {"minItems": 1, "maxItems": 3},
        "name": {"minLength": 1, "maxLength": 8},
        "labels": {"maxProperties": 2},
        "code": {},
        "minIdle": {"minimum": 0, "maximum": u32::MAX},
        "timeout": {"$ref": "#/$defs/Duration"},
        "inner": {"$ref": "#/$defs/Inner"},
    });
    for (name, want) in expected.as_object().unwrap() {
        assert_eq!(&keywords(&properties[name]), want, "property {name}");
    }
    assert_eq!(
        properties.as_object().unwrap().len(),
        expected.as_object().unwrap().len()
    );
    let mut required: Vec<_> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|name| name.as_str().unwrap())
        .collect();
    required.sort_unstable();
    let mut want: Vec<_> = expected
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .filter(|name| *name != "bonus")
        .collect();
    want.sort_unstable();
    assert_eq!(required, want);
    assert_eq!(
        keywords(&schema["$defs"]["Inner"]["properties"]["level"]),
        json!({"minimum": 1, "maximum": 3})
    );
}

/// What the validator test generates documents for: every check JSON Schema can state.
#[derive(Validated, Debug)]
#[within(deserialize, schema)]
#[serde(deny_unknown_fields)]
struct Stated {
    #[within(1, 64)]
    size: u32,
    #[within(-1.5..1.5)]
    curve: f64,
    #[within(..=9)]
    digit: i8,
    #[within(0, 10)]
    bonus: Option<u8>,
    #[within(len(1..=3))]
    tags: Vec<u8>,
    #[within(chars(2..5))]
    name: String,
    #[within(nested)]
    nodes: Vec<Inner>,
    #[within(nested)]
    share: Percent,
    #[within(nested)]
    span: Span,
}

/// A newtype: serde reads the bare number.
#[derive(Validated, Debug)]
#[within(deserialize, schema)]
struct Percent(#[within(0, 100)] u8);

/// Transparent: serde reads the one field's value bare.
#[derive(Validated, Debug)]
#[within(deserialize, schema)]
#[serde(transparent)]
struct Level {
    #[within(1, 5)]
    value: u8,
}

/// A tuple struct whose last field has a default: serde reads one element or two.
#[derive(Validated, Debug)]
#[within(deserialize, schema)]
struct Tail(
    #[within(1, 10)] u8,
    #[within(1, 10, default = 5)]
    #[serde(default)]
    u32,
);

/// A tuple struct: serde reads an array of exactly two.
#[derive(Validated, Debug)]
#[within(deserialize, schema)]
struct Span(#[within(-5, 5)] i32, #[within(len(..=2))] Vec<u8>);

#[test]
fn newtypes_and_tuple_structs_have_the_shape_serde_reads() {
    let schema = root_schema::<Percent>();
    assert_eq!(
        schema,
        json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "Percent",
            "type": "integer",
            "format": "uint8",
            "minimum": 0,
            "maximum": 100,
        })
    );
    // `#[serde(transparent)]`: a struct with one named field is read bare too.
    assert_eq!(
        root_schema::<Level>(),
        json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "Level",
            "type": "integer",
            "format": "uint8",
            "minimum": 1,
            "maximum": 5,
        })
    );
    assert_eq!(serde_json::from_str::<Level>("3").unwrap().value(), 3);
    // A trailing field with a default may be left out, by serde and by the schema; its
    // `default = ..` is what it starts at.
    let schema = root_schema::<Tail>();
    assert_eq!(
        (&schema["minItems"], &schema["maxItems"]),
        (&json!(1), &json!(2))
    );
    let tail: Tail = serde_json::from_str("[3]").unwrap();
    assert_eq!((tail.get_0(), tail.get_1()), (3, 5));
    let schema = root_schema::<Span>();
    assert_eq!(schema["type"], "array");
    assert_eq!(
        (&schema["minItems"], &schema["maxItems"]),
        (&json!(2), &json!(2))
    );
    let items = schema["prefixItems"].as_array().unwrap();
    assert_eq!(
        items.iter().map(keywords).collect::<Vec<_>>(),
        [json!({"minimum": -5, "maximum": 5}), json!({"maxItems": 2})]
    );
}

/// A number in `low..=high`.
fn int(rng: &mut Rng, low: i64, high: i64) -> i64 {
    low + rng.below((high - low + 1) as usize) as i64
}

/// A document near the bounds: each field in range, just outside, or of the wrong shape.
fn document(rng: &mut Rng) -> Value {
    let mut doc = serde_json::Map::new();
    doc.insert("size".into(), json!(int(rng, -1, 66)));
    let curves = [-1.6, -1.5, -0.1, 0.0, 1.4999, 1.5, 2.0];
    doc.insert("curve".into(), json!(curves[rng.below(7)]));
    doc.insert("digit".into(), json!(int(rng, -128, 12)));
    match rng.below(3) {
        0 => {}
        1 => {
            doc.insert("bonus".into(), Value::Null);
        }
        _ => {
            doc.insert("bonus".into(), json!(int(rng, 0, 12)));
        }
    }
    let tags: Vec<_> = (0..rng.below(5)).map(|i| json!(i)).collect();
    doc.insert("tags".into(), json!(tags));
    let alphabet = ['a', 'é', '中', '🦀'];
    let name: String = (0..rng.below(7)).map(|_| alphabet[rng.below(4)]).collect();
    doc.insert("name".into(), json!(name));
    let nodes: Vec<_> = (0..rng.below(3))
        .map(|_| json!({"level": int(rng, 0, 4)}))
        .collect();
    doc.insert("nodes".into(), json!(nodes));
    doc.insert("share".into(), json!(int(rng, -1, 102)));
    // Mostly well formed, so that enough documents pass every field.
    let span = match rng.below(16) {
        0 => json!([int(rng, -6, 6)]),
        1 => json!([int(rng, -6, 6), [1, 2], 0]),
        2 => json!([int(rng, -6, 6), [1, 2, 3]]),
        _ => {
            let bytes: Vec<_> = (0..rng.below(3)).collect();
            json!([int(rng, -6, 6), bytes])
        }
    };
    doc.insert("span".into(), span);
    if rng.below(10) == 0 {
        doc.insert("extra".into(), json!(1));
    }
    if rng.below(10) == 0 {
        doc.remove("size");
    }
    Value::Object(doc)
}

#[test]
fn a_validator_agrees_with_the_checks_on_generated_documents() {
    let schema = root_schema::<Stated>();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("mem://stated.json", schema).unwrap();
    let index = compiler.compile("mem://stated.json", &mut schemas).unwrap();
    let mut rng = Rng(0x5eed_cafe_f00d_d00d);
    let (mut accepted, mut rejected) = (0, 0);
    for _ in 0..400 {
        let doc = document(&mut rng);
        let by_schema = schemas.validate(&doc, index).is_ok();
        let by_checks = serde_json::from_value::<Stated>(doc.clone());
        assert_eq!(
            by_schema,
            by_checks.is_ok(),
            "disagreement on {doc}: {:?}",
            by_checks.err().map(|err| err.to_string())
        );
        if by_schema {
            accepted += 1;
        } else {
            rejected += 1;
        }
    }
    // Both outcomes are well represented, so agreement means something.
    assert!(
        accepted >= 20 && rejected >= 200,
        "{accepted} accepted, {rejected} rejected"
    );
}

/// A server, as the schema describes it.
#[derive(Validated, Debug)]
#[within(deserialize, schema)]
#[schemars(title = "Server settings")]
struct Aliased {
    /// The port to listen on.
    #[within(1, 65535)]
    #[serde(alias = "listen_port", alias = "p")]
    port: u16,
    #[within(0, 10)]
    #[serde(default, alias = "prio")]
    #[schemars(description = "Higher runs first.")]
    priority: u8,
    #[within(1, 64)]
    #[serde(deserialize_with = "from_text")]
    #[schemars(with = "String")]
    workers: u8,
}

fn from_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u8, D::Error> {
    let text = <String as serde::Deserialize>::deserialize(deserializer)?;
    text.parse().map_err(serde::de::Error::custom)
}

#[test]
fn aliases_readers_and_schemars_options_are_what_deserialize_accepts() {
    let schema = root_schema::<Aliased>();
    assert_eq!(schema["title"], "Server settings");
    assert_eq!(
        schema["description"],
        "A server, as the schema describes it."
    );
    assert_eq!(
        schema["properties"]["port"]["description"],
        "The port to listen on."
    );
    assert_eq!(
        schema["properties"]["priority"]["description"],
        "Higher runs first."
    );
    assert_eq!(schema["properties"]["workers"]["type"], "string");
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("mem://aliased.json", schema).unwrap();
    let index = compiler
        .compile("mem://aliased.json", &mut schemas)
        .unwrap();
    let documents = [
        r#"{"port": 80, "workers": "4"}"#,
        r#"{"listen_port": 80, "workers": "4"}"#,
        r#"{"p": 80, "prio": 3, "workers": "4"}"#,
        r#"{"port": 80, "p": 81, "workers": "4"}"#,
        r#"{"priority": 1, "prio": 2, "port": 80, "workers": "4"}"#,
        r#"{"workers": "4"}"#,
        r#"{"port": 0, "workers": "4"}"#,
        r#"{"listen_port": 70000, "workers": "4"}"#,
        r#"{"port": 80, "workers": 4}"#,
    ];
    let mut accepted = 0;
    for document in documents {
        let value: Value = serde_json::from_str(document).unwrap();
        let by_schema = schemas.validate(&value, index).is_ok();
        let by_checks = serde_json::from_str::<Aliased>(document);
        assert_eq!(
            by_schema,
            by_checks.is_ok(),
            "disagreement on {document}: {:?}",
            by_checks.err().map(|err| err.to_string())
        );
        accepted += usize::from(by_schema);
    }
    assert_eq!(accepted, 3);
}
