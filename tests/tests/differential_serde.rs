//! The checked `Deserialize` of `#[within(deserialize)]` against serde's own derive.
//!
//! Each struct in `ours` has a twin in `oracle` with the same name, fields and `#[serde]`
//! attributes, deriving plain `serde::Deserialize`. The bounds in `ours` admit every value of
//! the field's type, so the checks never reject: whatever differs is the reading itself. Both
//! read the same generated documents (wrong types, missing, unknown and duplicate fields,
//! aliases, sequences of every length instead of maps, nulls, bare values), and must agree on
//! acceptance, on the value read (compared by `Debug`, which shows every field, skipped ones
//! included), and on the exact text of serde's error, position included.

use serde::de::DeserializeOwned;
use std::cell::Cell;
use std::fmt::Debug;
use within_runtime::Checked;
use within_tests::rng::Rng;

/// Disagreements the generated code of the derive still has, each with its cause and the
/// change that removes it. The test skips the documents an entry matches and fails if an
/// entry matches none, so that an entry goes once its fix lands.
const KNOWN_DERIVE_MISMATCHES: &[Known] = &[];

struct Known {
    name: &'static str,
    /// Whether this entry explains the two messages, ours first.
    matches: fn(&str, &str) -> bool,
}

/// The checked structs: every bound spans its whole type.
mod ours {
    use within_runtime::Validated;

    /// Eight fields of every kind, so that serde's sequence form and its messages show.
    #[derive(Validated, Debug)]
    #[within(deserialize)]
    pub struct Plain {
        #[within(u8::MIN, u8::MAX)]
        a: u8,
        #[within(i16::MIN, i16::MAX)]
        b: i16,
        #[within(u32::MIN, u32::MAX)]
        c: u32,
        #[within(i64::MIN, i64::MAX)]
        d: i64,
        #[within(f64::MIN, f64::MAX)]
        e: f64,
        f: bool,
        #[within(len(0..))]
        g: String,
        #[within(u8::MIN, u8::MAX)]
        h: Option<u8>,
    }

    #[derive(Validated, Debug)]
    #[within(deserialize)]
    #[serde(rename_all = "camelCase", rename = "Wire")]
    pub struct Renamed {
        #[within(u32::MIN, u32::MAX)]
        pool_size: u32,
        #[serde(rename = "hp")]
        #[within(u16::MIN, u16::MAX)]
        hit_points: u16,
        #[serde(alias = "lvl", alias = "lv")]
        #[within(u8::MIN, u8::MAX)]
        level: u8,
        #[serde(rename(deserialize = "min", serialize = "minimum"))]
        #[within(i8::MIN, i8::MAX)]
        min_idle: i8,
    }

    #[derive(Validated, Debug)]
    #[within(deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Strict {
        #[within(u8::MIN, u8::MAX)]
        size: u8,
        #[serde(alias = "nick")]
        name: Option<String>,
        #[within(i32::MIN, i32::MAX)]
        bonus: Option<i32>,
        #[serde(skip)]
        #[within(u8::MIN, u8::MAX, default = 3)]
        hidden: u8,
    }

    #[derive(Validated, Debug)]
    #[within(deserialize)]
    pub struct Defaults {
        #[serde(default)]
        #[within(u8::MIN, u8::MAX, default = 7)]
        level: u8,
        #[serde(default)]
        #[within(u8::MIN, u8::MAX)]
        plain: u8,
        #[serde(default = "super::twelve")]
        #[within(u16::MIN, u16::MAX)]
        path: u16,
        #[serde(skip_deserializing)]
        #[within(len(0..), default = "kept".to_owned())]
        kept: String,
        #[serde(default)]
        #[within(len(0..))]
        tags: Vec<u8>,
    }

    /// `#[serde(default)]` on the struct reads missing fields from the checked `Default`.
    #[derive(Validated, Debug)]
    #[within(deserialize, default)]
    #[serde(default)]
    pub struct Whole {
        #[within(u8::MIN, u8::MAX, default = 5)]
        first: u8,
        #[within(f64::MIN, f64::MAX, default = 0.5)]
        second: f64,
        third: bool,
    }

    #[derive(Validated, Debug)]
    #[within(deserialize)]
    pub struct Inner {
        #[within(u8::MIN, u8::MAX)]
        level: u8,
        #[within(len(0..))]
        label: String,
    }

    #[derive(Validated, Debug)]
    #[within(deserialize)]
    pub struct Outer {
        #[within(nested)]
        one: Inner,
        #[within(nested)]
        maybe: Option<Inner>,
        #[within(nested)]
        many: Vec<Inner>,
        #[within(nested)]
        pair: [Inner; 2],
        #[within(nested, default = Inner::try_new(4, "spare".to_owned()).unwrap())]
        #[serde(default)]
        spare: Inner,
    }

    #[derive(Validated, Debug)]
    #[within(deserialize)]
    pub struct Flat {
        #[within(u8::MIN, u8::MAX)]
        id: u8,
        #[within(nested)]
        #[serde(flatten)]
        inner: Inner,
    }

    #[derive(Validated, Debug)]
    #[within(deserialize)]
    pub struct Pair(#[within(u8::MIN, u8::MAX)] u8, String);

    #[derive(Validated, Debug)]
    #[within(deserialize)]
    pub struct Tail(
        #[within(u8::MIN, u8::MAX)] u8,
        #[within(u32::MIN, u32::MAX, default = 9)]
        #[serde(default)]
        u32,
    );

    #[derive(Validated, Debug)]
    #[within(deserialize)]
    pub struct Eight(
        #[within(u8::MIN, u8::MAX)] u8,
        i16,
        u32,
        i64,
        f64,
        bool,
        String,
        Option<u8>,
    );

    #[derive(Validated, Debug)]
    #[within(deserialize)]
    pub struct Wrap(#[within(u16::MIN, u16::MAX)] u16);

    #[derive(Validated, Debug)]
    #[within(deserialize)]
    #[serde(transparent)]
    pub struct Clear {
        #[within(i32::MIN, i32::MAX)]
        value: i32,
    }

    #[derive(Validated, Debug)]
    #[within(deserialize)]
    pub struct Converted {
        #[serde(deserialize_with = "super::u16_from_text")]
        #[within(u16::MIN, u16::MAX)]
        port: u16,
        #[serde(with = "super::text")]
        #[within(u8::MIN, u8::MAX)]
        level: u8,
    }
}

/// serde's derive on the same fields: the reading `ours` must match.
// Their fields are read through `Debug` only, which dead-code analysis does not count.
#[allow(dead_code)]
mod oracle {
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    pub struct Plain {
        a: u8,
        b: i16,
        c: u32,
        d: i64,
        e: f64,
        f: bool,
        g: String,
        h: Option<u8>,
    }

    #[derive(Deserialize, Debug)]
    #[serde(rename_all = "camelCase", rename = "Wire")]
    pub struct Renamed {
        pool_size: u32,
        #[serde(rename = "hp")]
        hit_points: u16,
        #[serde(alias = "lvl", alias = "lv")]
        level: u8,
        #[serde(rename(deserialize = "min", serialize = "minimum"))]
        min_idle: i8,
    }

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    pub struct Strict {
        size: u8,
        #[serde(alias = "nick")]
        name: Option<String>,
        bonus: Option<i32>,
        #[serde(skip, default = "super::three")]
        hidden: u8,
    }

    #[derive(Deserialize, Debug)]
    pub struct Defaults {
        #[serde(default = "super::seven")]
        level: u8,
        #[serde(default)]
        plain: u8,
        #[serde(default = "super::twelve")]
        path: u16,
        #[serde(skip_deserializing, default = "super::kept")]
        kept: String,
        #[serde(default)]
        tags: Vec<u8>,
    }

    #[derive(Deserialize, Debug)]
    #[serde(default)]
    pub struct Whole {
        first: u8,
        second: f64,
        third: bool,
    }

    impl Default for Whole {
        fn default() -> Self {
            Whole {
                first: 5,
                second: 0.5,
                third: false,
            }
        }
    }

    #[derive(Deserialize, Debug)]
    pub struct Inner {
        level: u8,
        label: String,
    }

    #[derive(Deserialize, Debug)]
    pub struct Outer {
        one: Inner,
        maybe: Option<Inner>,
        many: Vec<Inner>,
        pair: [Inner; 2],
        #[serde(default = "spare")]
        spare: Inner,
    }

    fn spare() -> Inner {
        Inner {
            level: 4,
            label: "spare".to_owned(),
        }
    }

    #[derive(Deserialize, Debug)]
    pub struct Flat {
        id: u8,
        #[serde(flatten)]
        inner: Inner,
    }

    #[derive(Deserialize, Debug)]
    pub struct Pair(u8, String);

    #[derive(Deserialize, Debug)]
    pub struct Tail(u8, #[serde(default = "super::nine")] u32);

    #[derive(Deserialize, Debug)]
    pub struct Eight(u8, i16, u32, i64, f64, bool, String, Option<u8>);

    #[derive(Deserialize, Debug)]
    pub struct Wrap(u16);

    #[derive(Deserialize, Debug)]
    #[serde(transparent)]
    pub struct Clear {
        value: i32,
    }

    #[derive(Deserialize, Debug)]
    pub struct Converted {
        #[serde(deserialize_with = "super::u16_from_text")]
        port: u16,
        #[serde(with = "super::text")]
        level: u8,
    }
}

// The twins' defaults are functions where ours are `default = ..` in `#[within]`.
fn three() -> u8 {
    3
}
fn seven() -> u8 {
    7
}
fn nine() -> u32 {
    9
}
fn twelve() -> u16 {
    12
}
fn kept() -> String {
    "kept".to_owned()
}

fn u16_from_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u16, D::Error> {
    text::deserialize(deserializer)
}

/// A number written as a string, as some configuration formats have it.
mod text {
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D, T>(deserializer: D) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
        T: std::str::FromStr,
        T::Err: std::fmt::Display,
    {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// What a field holds, as far as the generator needs to know.
#[derive(Clone, Copy)]
enum Ty {
    Int,
    Float,
    Bool,
    Text,
    /// A number written as a string.
    NumberText,
    Opt(&'static Ty),
    List(&'static Ty),
    /// A fixed number of elements.
    Array(&'static Ty, usize),
    Map(&'static [Field]),
}

#[derive(Clone, Copy)]
struct Field {
    /// The wire name first, then its aliases (and for the generator's sake, names that only
    /// look right: a Rust name a rename replaced).
    names: &'static [&'static str],
    ty: Ty,
    /// In few documents: a field that a document should not hold.
    rare: bool,
}

/// The shape of a whole document.
#[derive(Clone, Copy)]
enum Shape {
    /// A struct with named fields: a map, or serde's sequence form.
    Named(&'static [Field]),
    /// A tuple struct: a sequence.
    Tuple(&'static [Ty]),
    /// A newtype or transparent struct: the bare value.
    Bare(Ty),
}

const fn f(names: &'static [&'static str], ty: Ty) -> Field {
    Field {
        names,
        ty,
        rare: false,
    }
}

const fn rare(names: &'static [&'static str], ty: Ty) -> Field {
    Field {
        names,
        ty,
        rare: true,
    }
}

/// Numbers at and past the edges of every integer type, fractions, and forms serde reads
/// differently (`-0`, exponents).
const NUMBERS: &[&str] = &[
    "0",
    "1",
    "-1",
    "7",
    "127",
    "128",
    "-128",
    "-129",
    "255",
    "256",
    "32767",
    "32768",
    "-32768",
    "-32769",
    "65535",
    "65536",
    "2147483647",
    "-2147483649",
    "4294967295",
    "4294967296",
    "9223372036854775807",
    "-9223372036854775808",
    "-9223372036854775809",
    "18446744073709551615",
    "18446744073709551616",
    "-0",
    "0.5",
    "-2.25",
    "1.0",
    "1e2",
    "1e400",
];

const TEXTS: &[&str] = &["", "a", "é🦀", "line\nbreak", "quote\"d", "12", "300", "x1"];

/// Values of no particular type, for a field or a document of the wrong shape.
const JUNK: &[&str] = &[
    "null",
    "true",
    "false",
    "\"s\"",
    "[]",
    "[1]",
    "[1,2]",
    "{}",
    r#"{"a":1}"#,
    "-3",
    "2.5",
];

/// A value that fits `ty` most of the time, and anything some of the time.
fn value(rng: &mut Rng, ty: Ty, depth: usize) -> String {
    // Fewer mistakes deeper down, so that a document with nested structs may still be whole.
    if rng.chance(12 * (depth + 1)) {
        return (*rng.pick(JUNK)).to_owned();
    }
    match ty {
        Ty::Int | Ty::Float => {
            // Mostly small, so that most documents fit every field.
            if rng.chance(3 * (depth + 1)) {
                (*rng.pick(NUMBERS)).to_owned()
            } else {
                rng.below(100).to_string()
            }
        }
        Ty::Bool => rng.pick(&["true", "false"]).to_string(),
        Ty::Text => serde_json::to_string(rng.pick(TEXTS)).unwrap(),
        Ty::NumberText => {
            let text = if rng.chance(3) {
                *rng.pick(TEXTS)
            } else {
                rng.pick(&["0", "80", "255", "8080"])
            };
            serde_json::to_string(text).unwrap()
        }
        Ty::Opt(inner) => {
            if rng.chance(3) {
                "null".to_owned()
            } else {
                value(rng, *inner, depth)
            }
        }
        Ty::List(inner) => {
            let len = rng.below(4);
            list((0..len).map(|_| value(rng, *inner, depth + 1)))
        }
        Ty::Array(inner, len) => {
            let len = if rng.chance(4) {
                rng.below(len + 2)
            } else {
                len
            };
            list((0..len).map(|_| value(rng, *inner, depth + 1)))
        }
        Ty::Map(fields) => named(rng, fields, depth + 1),
    }
}

fn list(items: impl Iterator<Item = String>) -> String {
    format!("[{}]", items.collect::<Vec<_>>().join(","))
}

/// A struct with named fields: mostly a map with each field under one of its names, sometimes
/// with one missing, repeated or unknown, sometimes the sequence form of any length.
fn named(rng: &mut Rng, fields: &[Field], depth: usize) -> String {
    if rng.chance(8 * (depth + 1)) {
        let len = rng.below(fields.len() + 2);
        return list((0..len).map(|index| match fields.get(index) {
            Some(field) if !rng.chance(6) => value(rng, field.ty, depth),
            _ => (*rng.pick(JUNK)).to_owned(),
        }));
    }
    let mut entries = Vec::new();
    for field in fields {
        let present = if field.rare {
            rng.chance(10)
        } else {
            !rng.chance(14 * (depth + 1))
        };
        if !present {
            continue;
        }
        let name = if rng.chance(3) {
            rng.pick(field.names)
        } else {
            &field.names[0]
        };
        entries.push((name.to_string(), value(rng, field.ty, depth)));
    }
    if !entries.is_empty() && rng.chance(12) {
        let repeated = rng.pick(&entries).clone();
        entries.push(repeated);
    }
    if rng.chance(10) {
        entries.push(("unknown".to_owned(), value(rng, Ty::Int, depth)));
    }
    if rng.chance(4) {
        let (a, b) = (rng.below(entries.len() + 1), rng.below(entries.len() + 1));
        if a < entries.len() && b < entries.len() {
            entries.swap(a, b);
        }
    }
    let body: Vec<String> = entries
        .into_iter()
        .map(|(name, value)| format!("{}:{value}", serde_json::to_string(&name).unwrap()))
        .collect();
    format!("{{{}}}", body.join(","))
}

fn document(rng: &mut Rng, shape: Shape) -> String {
    if rng.chance(20) {
        return (*rng.pick(JUNK)).to_owned();
    }
    match shape {
        Shape::Named(fields) => named(rng, fields, 0),
        Shape::Tuple(types) => {
            if rng.chance(10) {
                return named(rng, &[f(&["0"], Ty::Int)], 0);
            }
            let len = if rng.chance(3) {
                rng.below(types.len() + 2)
            } else {
                types.len()
            };
            list((0..len).map(|index| match types.get(index) {
                Some(ty) => value(rng, *ty, 0),
                None => (*rng.pick(JUNK)).to_owned(),
            }))
        }
        Shape::Bare(ty) => value(rng, ty, 0),
    }
}

/// Documents every case has, whatever the generator draws.
const FIXED: &[&str] = &[
    "[]",
    "{}",
    "null",
    "7",
    "\"x\"",
    "[[]]",
    "[null]",
    "{\"a\":1,\"a\":2}",
];

/// How many generated documents each case reads.
const DOCUMENTS: usize = 1500;

/// Reads generated documents of `shape` as `O` (ours), also through `Checked<O>`, and as `S`
/// (serde's), and returns every disagreement not explained by a known mismatch, after
/// counting those in `hits`.
fn differences<O, S>(seed: u64, shape: Shape, hits: &[Cell<usize>]) -> (Vec<String>, [usize; 2])
where
    O: DeserializeOwned + Debug,
    Checked<O>: DeserializeOwned,
    S: DeserializeOwned + Debug,
{
    let mut rng = Rng(seed);
    let mut found = Vec::new();
    let mut outcomes = [0; 2];
    let generated = (0..DOCUMENTS).map(|_| document(&mut rng, shape));
    let fixed = FIXED.iter().map(|doc| (*doc).to_owned());
    // Each document is read from its text and, when it is one (no repeated key), from a
    // `serde_json::Value`, whose deserializer calls the visitors differently.
    let mut reads = Vec::new();
    for doc in fixed.chain(generated) {
        let ours = serde_json::from_str::<O>(&doc).map(|value| format!("{value:?}"));
        let oracle = serde_json::from_str::<S>(&doc).map(|value| format!("{value:?}"));
        outcomes[usize::from(oracle.is_ok())] += 1;
        // `Checked` keeps check failures as data, and passes serde's errors on as they are.
        let checked = serde_json::from_str::<Checked<O>>(&doc).map(|checked| {
            let value = checked.into_result().expect("every bound spans its type");
            format!("{value:?}")
        });
        let oracle_again = serde_json::from_str::<S>(&doc).map(|value| format!("{value:?}"));
        reads.push((format!("{doc} (as Checked)"), checked, oracle_again));
        if let Ok(tree) = serde_json::from_str::<serde_json::Value>(&doc) {
            let ours = serde_json::from_value::<O>(tree.clone()).map(|value| format!("{value:?}"));
            let oracle = serde_json::from_value::<S>(tree).map(|value| format!("{value:?}"));
            reads.push((format!("{doc} (as a Value)"), ours, oracle));
        }
        reads.push((doc, ours, oracle));
    }
    for (doc, ours, oracle) in reads {
        let (ours, oracle) = match (ours, oracle) {
            (Ok(ours), Ok(oracle)) if ours == oracle => continue,
            (Ok(ours), Ok(oracle)) => (ours, oracle),
            (Err(ours), Err(oracle)) => (ours.to_string(), oracle.to_string()),
            (Ok(ours), Err(oracle)) => (ours, format!("rejected: {oracle}")),
            (Err(ours), Ok(oracle)) => (format!("rejected: {ours}"), oracle),
        };
        if ours == oracle {
            continue;
        }
        if let Some(index) = KNOWN_DERIVE_MISMATCHES
            .iter()
            .position(|known| (known.matches)(&ours, &oracle))
        {
            hits[index].set(hits[index].get() + 1);
            continue;
        }
        found.push(format!(
            "{}\n  document: {doc}\n  ours:     {ours}\n  serde's:  {oracle}",
            std::any::type_name::<O>()
        ));
    }
    (found, outcomes)
}

type Run = fn(u64, Shape, &[Cell<usize>]) -> (Vec<String>, [usize; 2]);

const INNER: &[Field] = &[f(&["level"], Ty::Int), f(&["label"], Ty::Text)];

/// Each pair, with the shape of the documents it reads.
const CASES: &[(&str, Run, Shape)] = &[
    (
        "Plain",
        differences::<ours::Plain, oracle::Plain>,
        Shape::Named(&[
            f(&["a"], Ty::Int),
            f(&["b"], Ty::Int),
            f(&["c"], Ty::Int),
            f(&["d"], Ty::Int),
            f(&["e"], Ty::Float),
            f(&["f"], Ty::Bool),
            f(&["g"], Ty::Text),
            f(&["h"], Ty::Opt(&Ty::Int)),
        ]),
    ),
    (
        "Renamed",
        differences::<ours::Renamed, oracle::Renamed>,
        Shape::Named(&[
            f(&["poolSize", "pool_size"], Ty::Int),
            f(&["hp", "hitPoints"], Ty::Int),
            f(&["level", "lvl", "lv"], Ty::Int),
            f(&["min", "minimum", "minIdle"], Ty::Int),
        ]),
    ),
    (
        "Strict",
        differences::<ours::Strict, oracle::Strict>,
        Shape::Named(&[
            f(&["size"], Ty::Int),
            f(&["name", "nick"], Ty::Opt(&Ty::Text)),
            f(&["bonus"], Ty::Opt(&Ty::Int)),
            rare(&["hidden"], Ty::Int),
        ]),
    ),
    (
        "Defaults",
        differences::<ours::Defaults, oracle::Defaults>,
        Shape::Named(&[
            f(&["level"], Ty::Int),
            f(&["plain"], Ty::Int),
            f(&["path"], Ty::Int),
            f(&["kept"], Ty::Text),
            f(&["tags"], Ty::List(&Ty::Int)),
        ]),
    ),
    (
        "Whole",
        differences::<ours::Whole, oracle::Whole>,
        Shape::Named(&[
            f(&["first"], Ty::Int),
            f(&["second"], Ty::Float),
            f(&["third"], Ty::Bool),
        ]),
    ),
    (
        "Outer",
        differences::<ours::Outer, oracle::Outer>,
        Shape::Named(&[
            f(&["one"], Ty::Map(INNER)),
            f(&["maybe"], Ty::Opt(&Ty::Map(INNER))),
            f(&["many"], Ty::List(&Ty::Map(INNER))),
            f(&["pair"], Ty::Array(&Ty::Map(INNER), 2)),
            rare(&["spare"], Ty::Map(INNER)),
        ]),
    ),
    (
        "Flat",
        differences::<ours::Flat, oracle::Flat>,
        Shape::Named(&[
            f(&["id"], Ty::Int),
            f(&["level"], Ty::Int),
            f(&["label"], Ty::Text),
            rare(&["inner"], Ty::Map(INNER)),
        ]),
    ),
    (
        "Pair",
        differences::<ours::Pair, oracle::Pair>,
        Shape::Tuple(&[Ty::Int, Ty::Text]),
    ),
    (
        "Tail",
        differences::<ours::Tail, oracle::Tail>,
        Shape::Tuple(&[Ty::Int, Ty::Int]),
    ),
    (
        "Eight",
        differences::<ours::Eight, oracle::Eight>,
        Shape::Tuple(&[
            Ty::Int,
            Ty::Int,
            Ty::Int,
            Ty::Int,
            Ty::Float,
            Ty::Bool,
            Ty::Text,
            Ty::Opt(&Ty::Int),
        ]),
    ),
    (
        "Wrap",
        differences::<ours::Wrap, oracle::Wrap>,
        Shape::Bare(Ty::Int),
    ),
    (
        "Clear",
        differences::<ours::Clear, oracle::Clear>,
        Shape::Bare(Ty::Int),
    ),
    (
        "Converted",
        differences::<ours::Converted, oracle::Converted>,
        Shape::Named(&[f(&["port"], Ty::NumberText), f(&["level"], Ty::NumberText)]),
    ),
];

#[test]
fn checked_deserialize_reads_as_serde_derive() {
    let hits: Vec<Cell<usize>> = KNOWN_DERIVE_MISMATCHES
        .iter()
        .map(|_| Cell::new(0))
        .collect();
    let mut report = Vec::new();
    for (index, (name, run, shape)) in CASES.iter().enumerate() {
        let (found, [rejected, accepted]) = run(0x5eed_0000 + index as u64, *shape, &hits);
        // Both outcomes are well represented, so agreement means something.
        if accepted < DOCUMENTS / 20 || rejected < DOCUMENTS / 20 {
            report.push(format!("{name}: {accepted} accepted, {rejected} rejected"));
        }
        report.extend(found.into_iter().take(3));
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
    for (known, hits) in KNOWN_DERIVE_MISMATCHES.iter().zip(&hits) {
        assert!(
            hits.get() > 0,
            "no document shows the known mismatch \"{}\" any more: delete its entry",
            known.name
        );
    }
}
