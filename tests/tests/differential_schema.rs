//! The schema of `#[within(schema)]` against the checked `Deserialize` of the same struct: a
//! JSON Schema validator (boon, draft 2020-12 as schemars writes it) must accept exactly the
//! generated documents that `serde_json::from_value` accepts.
//!
//! Left out on purpose, because JSON Schema cannot say them or says them otherwise:
//! - numbers with a fraction or an exponent for an integer field (`1.0`, `1e2`): JSON Schema's
//!   `integer` is any number without a fractional part, where serde reads the text;
//! - a number within half an `f32` step of an `f32` bound (`0.70000001` beside `0.7`): serde
//!   rounds it to the bound itself, JSON Schema compares the decimals;
//! - repeated keys: a validator sees the parsed document, where the last one won;
//! - serde's sequence form of a struct with named fields (`[1, "a"]`): the schema describes
//!   the map a client writes, as schemars' own derive does;
//! - the checks JSON Schema has no keyword for, which the schema leaves out by design: a
//!   bound naming another field, `len(..)` on a string (bytes), bounds on `Duration` or
//!   `char`. The fields here have none of them.
//!
//! - a field read by a function of the user's (`with`, `deserialize_with`): its schema is the
//!   one its `#[schemars(with = "..")]` names (a string, say), which cannot say the bounds on
//!   the number inside the string. `tests/schema.rs` checks such a field's form.

use serde_json::{json, Value};
use std::collections::BTreeMap;
use within_runtime::Validated;
use within_tests::rng::Rng;

/// Disagreements the derive's generated code still has, each with its cause and the change
/// that removes it. The test skips the documents an entry matches and fails if an entry
/// matches none, so that an entry goes once its fix lands.
const KNOWN_DERIVE_MISMATCHES: &[Known] = &[];

struct Known {
    name: &'static str,
    /// The case it is seen in.
    case: &'static str,
    /// Whether it explains a disagreement on this document.
    matches: fn(&Value) -> bool,
}

/// Every bound form with a keyword, names changed by `rename_all` and `rename`, a default, a
/// skipped field, `Option`s and nested structs.
#[derive(Validated, Debug)]
#[within(deserialize, schema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Db {
    #[within(1, 64)]
    pool_size: u32,
    #[within(-5..5)]
    offset: i32,
    #[within(0.0..1.0)]
    ratio: f64,
    #[within(1, 10)]
    bonus: Option<u8>,
    #[within(len(1..=3))]
    tags: Vec<u8>,
    #[within(chars(2..5))]
    name: String,
    #[serde(rename = "hp")]
    #[within(0, 1000)]
    hit_points: u16,
    #[serde(default)]
    #[within(1, 10, default = 5)]
    level: u8,
    #[serde(skip)]
    #[within(0, 9, default = 1)]
    hidden: u8,
    #[serde(rename(deserialize = "max", serialize = "maximum"))]
    #[within(0, 9)]
    max_idle: u8,
    #[within(len(..=2))]
    labels: BTreeMap<String, u8>,
    #[within(nested)]
    inner: Inner,
    #[within(nested)]
    spare: Option<Inner>,
    #[within(nested)]
    nodes: Vec<Inner>,
}

#[derive(Validated, Debug)]
#[within(deserialize, schema)]
struct Inner {
    #[within(1, 3)]
    level: u8,
}

/// Bounds open on one side, on integers wider than 16 bits: the type's own range is the
/// other side.
#[derive(Validated, Debug)]
#[within(deserialize, schema)]
struct Open {
    #[within(1..)]
    count: u32,
    #[within(..=0)]
    low: i64,
    #[within(-1..)]
    small: i32,
    plain: u64,
}

/// `#[serde(default)]` on the struct: every field may be left out.
#[derive(Validated, Debug)]
#[within(deserialize, schema, default)]
#[serde(default, rename_all(deserialize = "kebab-case"))]
struct Whole {
    #[within(1, 10, default = 2)]
    first_one: u8,
    #[within(chars(..=3), default = "ab".to_owned())]
    second_one: String,
}

/// A flattened nested struct: its fields stand beside the outer ones.
#[derive(Validated, Debug)]
#[within(deserialize, schema)]
struct Flat {
    #[within(0, 5)]
    id: u8,
    #[within(nested)]
    #[serde(flatten)]
    inner: Inner,
}

/// `deny_unknown_fields` beside a flattened struct: serde refuses a key neither reads.
#[derive(Validated, Debug)]
#[within(deserialize, schema)]
#[serde(deny_unknown_fields)]
struct FlatStrict {
    #[within(0, 5)]
    id: u8,
    #[within(nested)]
    #[serde(flatten)]
    inner: StrictInner,
}

/// Flattened, its `deny_unknown_fields` refuses nothing: serde hands it its own keys only.
#[derive(Validated, Debug)]
#[within(deserialize, schema)]
#[serde(deny_unknown_fields)]
struct StrictInner {
    #[within(1, 3)]
    level: u8,
}

#[derive(Validated, Debug)]
#[within(deserialize, schema)]
struct FlatOfStrict {
    #[within(0, 5)]
    id: u8,
    #[within(nested)]
    #[serde(flatten)]
    inner: StrictInner,
}

#[derive(Validated, Debug)]
#[within(deserialize, schema)]
struct Single {
    #[within(0.1, 0.7)]
    ratio: f32,
}

/// A tuple struct whose last field may be left out.
#[derive(Validated, Debug)]
#[within(deserialize, schema)]
struct Span(
    #[within(-5, 5)] i32,
    #[within(len(..=2))] Vec<u8>,
    #[within(1, 3, default = 2)]
    #[serde(default)]
    u8,
);

#[derive(Validated, Debug)]
#[within(deserialize, schema)]
#[serde(rename_all = "camelCase")]
struct Aliased {
    #[serde(alias = "size", alias = "pool")]
    #[within(1, 64)]
    pool_size: u32,
    #[within(0, 9)]
    digit: u8,
}

/// Connection settings.
#[derive(Validated, Debug)]
#[within(deserialize, schema)]
struct Documented {
    #[within(1, 9)]
    level: u8,
}

/// How to make a value for a field.
#[derive(Clone, Copy)]
enum Gen {
    /// One of these JSON texts: usual values, or now and then values at and past the
    /// field's bounds and its type's range.
    Pick(&'static [&'static str], &'static [&'static str]),
    /// A string of usually between these many characters, some of more than one byte.
    Text(usize, usize),
    /// A list of usually between these many elements.
    List(&'static Gen, usize, usize),
    /// A map from short keys, of usually between these many entries.
    Dict(&'static Gen, usize, usize),
    Opt(&'static Gen),
    Object(&'static [Field]),
    Tuple(&'static [Gen]),
}

#[derive(Clone, Copy)]
struct Field {
    /// The wire name first, then other names a document may use for it: its aliases, or
    /// names that only look right (the Rust name a rename replaced).
    names: &'static [&'static str],
    value: Gen,
}

const fn f(names: &'static [&'static str], value: Gen) -> Field {
    Field { names, value }
}

/// Values of the wrong type for most fields.
const JUNK: &[&str] = &["null", "true", "\"7\"", "-1", "0.5", "[]", "{}"];

const DIGITS: Gen = Gen::Pick(&["1", "2", "3"], &["0", "4", "256"]);
const INNER: Gen = Gen::Object(&[f(&["level"], DIGITS)]);

fn value(rng: &mut Rng, value: Gen) -> Value {
    if rng.chance(50) {
        // serde reads a struct with named fields from a sequence too, which the schema
        // leaves out (see above): a struct's junk is no sequence.
        let junk = if matches!(value, Gen::Object(_)) {
            &JUNK[..4]
        } else {
            JUNK
        };
        let text = *rng.pick(junk);
        return serde_json::from_str(text).unwrap();
    }
    match value {
        Gen::Pick(usual, edges) => {
            let texts = if rng.chance(8) { edges } else { usual };
            let text = *rng.pick(texts);
            serde_json::from_str(text).unwrap()
        }
        Gen::Text(min, max) => {
            let alphabet = ['a', 'é', '中', '🦀'];
            let len = length(rng, min, max);
            Value::from((0..len).map(|_| *rng.pick(&alphabet)).collect::<String>())
        }
        Gen::List(element, min, max) => {
            let len = length(rng, min, max);
            (0..len).map(|_| self::value(rng, *element)).collect()
        }
        Gen::Dict(element, min, max) => {
            let len = length(rng, min, max);
            Value::Object(
                (0..len)
                    .map(|index| (format!("k{index}"), self::value(rng, *element)))
                    .collect(),
            )
        }
        Gen::Opt(inner) => {
            if rng.chance(3) {
                Value::Null
            } else {
                self::value(rng, *inner)
            }
        }
        Gen::Object(fields) => {
            let mut object = serde_json::Map::new();
            for field in fields {
                if rng.chance(30) {
                    continue;
                }
                let name = if rng.chance(8) {
                    rng.pick(field.names)
                } else {
                    &field.names[0]
                };
                object.insert((*name).to_owned(), self::value(rng, field.value));
            }
            if rng.chance(12) {
                // A skipped field's name is as unknown to serde as any other.
                let name = rng.pick(&["unknown", "hidden"]);
                object.insert((*name).to_owned(), json!(1));
            }
            Value::Object(object)
        }
        Gen::Tuple(elements) => {
            let len = if rng.chance(3) {
                rng.below(elements.len() + 2)
            } else {
                elements.len()
            };
            (0..len)
                .map(|index| match elements.get(index) {
                    Some(element) => self::value(rng, *element),
                    None => json!(0),
                })
                .collect()
        }
    }
}

/// A length between `min` and `max`, or now and then one from 0 to past `max`.
fn length(rng: &mut Rng, min: usize, max: usize) -> usize {
    if rng.chance(6) {
        rng.below(max + 2)
    } else {
        min + rng.below(max - min + 1)
    }
}

/// How many generated documents each case checks.
const DOCUMENTS: usize = 1200;

fn root_schema<T: schemars::JsonSchema>() -> Value {
    schemars::SchemaGenerator::default()
        .into_root_schema_for::<T>()
        .to_value()
}

/// The validator's verdict and the checked `Deserialize`'s on generated documents of
/// `shape`: every disagreement no known mismatch explains (counting those in `hits`), and
/// how many documents each accepted.
fn disagreements<T>(
    case: &str,
    seed: u64,
    shape: Gen,
    hits: &mut [usize],
) -> (Vec<String>, [usize; 2])
where
    T: schemars::JsonSchema + serde::de::DeserializeOwned,
{
    let schema = root_schema::<T>();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    let url = format!("mem://{case}.json");
    compiler.add_resource(&url, schema).unwrap();
    let index = compiler.compile(&url, &mut schemas).unwrap();
    let mut rng = Rng(seed);
    let mut found = Vec::new();
    let mut outcomes = [0; 2];
    for _ in 0..DOCUMENTS {
        let doc = value(&mut rng, shape);
        let by_schema = schemas.validate(&doc, index).is_ok();
        let by_checks = serde_json::from_value::<T>(doc.clone());
        outcomes[usize::from(by_checks.is_ok())] += 1;
        if by_schema == by_checks.is_ok() {
            continue;
        }
        if let Some(known) = KNOWN_DERIVE_MISMATCHES
            .iter()
            .position(|known| known.case == case && (known.matches)(&doc))
        {
            hits[known] += 1;
            continue;
        }
        found.push(format!(
            "{case}: {doc}\n  schema: {}\n  checks: {}",
            if by_schema { "accepts" } else { "rejects" },
            by_checks.map_or_else(|err| format!("reject: {err}"), |_| "accept".to_owned()),
        ));
    }
    (found, outcomes)
}

type Run = fn(&str, u64, Gen, &mut [usize]) -> (Vec<String>, [usize; 2]);

/// Each struct, with the shape of the documents it reads.
const CASES: &[(&str, Run, Gen)] = &[
    (
        "Db",
        disagreements::<Db>,
        Gen::Object(&[
            f(
                &["poolSize", "pool_size"],
                Gen::Pick(&["1", "8", "64"], &["0", "65", "-1"]),
            ),
            f(
                &["offset"],
                Gen::Pick(&["-5", "0", "4"], &["-6", "5", "0.5"]),
            ),
            f(
                &["ratio"],
                Gen::Pick(&["0", "0.0", "0.5", "0.99"], &["-0.1", "1", "1.0"]),
            ),
            f(
                &["bonus"],
                Gen::Opt(&Gen::Pick(&["1", "5", "10"], &["0", "11", "-1"])),
            ),
            f(&["tags"], Gen::List(&DIGITS, 1, 3)),
            f(&["name"], Gen::Text(2, 4)),
            f(
                &["max", "maximum", "maxIdle"],
                Gen::Pick(&["0", "9"], &["10"]),
            ),
            f(
                &["hp", "hitPoints"],
                Gen::Pick(&["0", "7", "1000"], &["1001", "-1", "70000"]),
            ),
            f(
                &["level"],
                Gen::Pick(&["1", "5", "10"], &["0", "11", "256"]),
            ),
            f(&["labels"], Gen::Dict(&DIGITS, 0, 2)),
            f(&["inner"], INNER),
            f(&["spare"], Gen::Opt(&INNER)),
            f(&["nodes"], Gen::List(&INNER, 0, 2)),
        ]),
    ),
    (
        "Open",
        disagreements::<Open>,
        Gen::Object(&[
            f(
                &["count"],
                Gen::Pick(&["1", "9", "4294967295"], &["0", "4294967296"]),
            ),
            f(
                &["low"],
                Gen::Pick(
                    &["0", "-3", "-9223372036854775808"],
                    &["1", "9223372036854775807"],
                ),
            ),
            f(
                &["small"],
                Gen::Pick(&["-1", "7", "2147483647"], &["-2", "2147483648"]),
            ),
            f(
                &["plain"],
                Gen::Pick(&["0", "5", "18446744073709551615"], &["-1"]),
            ),
        ]),
    ),
    (
        "Whole",
        disagreements::<Whole>,
        Gen::Object(&[
            f(
                &["first-one", "first_one"],
                Gen::Pick(&["1", "5", "10"], &["0", "11", "-1"]),
            ),
            f(&["second-one"], Gen::Text(0, 3)),
        ]),
    ),
    (
        "Flat",
        disagreements::<Flat>,
        Gen::Object(&[
            f(&["id"], Gen::Pick(&["0", "3", "5"], &["6", "-1"])),
            f(&["level"], DIGITS),
            f(&["inner"], INNER),
        ]),
    ),
    (
        "FlatStrict",
        disagreements::<FlatStrict>,
        Gen::Object(&[
            f(&["id"], Gen::Pick(&["0", "3", "5"], &["6", "-1"])),
            f(&["level"], DIGITS),
        ]),
    ),
    (
        "FlatOfStrict",
        disagreements::<FlatOfStrict>,
        Gen::Object(&[
            f(&["id"], Gen::Pick(&["0", "3", "5"], &["6", "-1"])),
            f(&["level"], DIGITS),
        ]),
    ),
    (
        "Single",
        disagreements::<Single>,
        Gen::Object(&[f(
            &["ratio"],
            Gen::Pick(
                &["0.1", "0.5", "0.7"],
                &["0.0999999", "0.1000000001", "0.69999999", "0.7000001"],
            ),
        )]),
    ),
    (
        "Span",
        disagreements::<Span>,
        Gen::Tuple(&[
            Gen::Pick(&["-5", "0", "5"], &["-6", "6"]),
            Gen::List(&DIGITS, 0, 2),
            Gen::Pick(&["1", "2", "3"], &["0", "4"]),
        ]),
    ),
    (
        "Aliased",
        disagreements::<Aliased>,
        Gen::Object(&[
            f(
                &["poolSize", "size", "pool", "pool_size"],
                Gen::Pick(&["1", "9", "64"], &["0", "65"]),
            ),
            f(&["digit"], Gen::Pick(&["0", "4", "9"], &["10", "-1"])),
        ]),
    ),
];

#[test]
fn a_validator_accepts_what_the_checked_deserialize_accepts() {
    let mut hits = vec![0; KNOWN_DERIVE_MISMATCHES.len()];
    let mut report = Vec::new();
    for (index, (case, run, shape)) in CASES.iter().enumerate() {
        let (found, [rejected, accepted]) =
            run(case, 0x5c4e_3a00 + index as u64, *shape, &mut hits);
        // Both outcomes are well represented, so agreement means something.
        if accepted < DOCUMENTS / 20 || rejected < DOCUMENTS / 20 {
            report.push(format!("{case}: {accepted} accepted, {rejected} rejected"));
        }
        report.extend(found.into_iter().take(3));
    }
    // The description is no verdict of the validator's, but what a client reads first.
    let schema = root_schema::<Documented>();
    if schema.get("description") != Some(&json!("Connection settings.")) {
        match KNOWN_DERIVE_MISMATCHES
            .iter()
            .position(|known| known.case == "Documented")
        {
            Some(known) => hits[known] += 1,
            None => report.push(format!("Documented: no description in {schema}")),
        }
    }
    let documented: Documented = serde_json::from_value(json!({"level": 3})).unwrap();
    assert_eq!(documented.level(), 3);
    assert!(report.is_empty(), "{}", report.join("\n"));
    for (known, hits) in KNOWN_DERIVE_MISMATCHES.iter().zip(&hits) {
        assert!(
            *hits > 0,
            "no document shows the known mismatch \"{}\" any more: delete its entry",
            known.name
        );
    }
}
