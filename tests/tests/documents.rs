//! A checked `Deserialize` of a whole document: every failure at every level, once, with its
//! path in wire names, in declaration order (a struct's own fields before the nested ones').

use serde::Serialize;
use within_runtime::Validated;

#[derive(Validated, Serialize, Debug, Clone, PartialEq)]
#[within(deserialize)]
#[serde(rename_all = "camelCase")]
struct Db {
    #[within(1, 64)]
    pool_size: u32,
    #[within(0, self.pool_size)]
    min_idle: u32,
    #[within(1024..)]
    port: u16,
    #[within(nested)]
    #[serde(rename = "tls")]
    tls_settings: Option<Tls>,
}

#[derive(Validated, Serialize, Debug, Clone, PartialEq)]
#[within(deserialize)]
struct Tls {
    #[within(1, 3)]
    version: u8,
    #[within(len(1..=4))]
    ciphers: Vec<String>,
}

#[derive(Validated, Serialize, Debug, Clone, PartialEq)]
#[within(deserialize)]
struct Config {
    #[within(chars(1..=16))]
    name: String,
    #[within(nested)]
    primary: Db,
    #[within(nested)]
    replicas: Vec<Db>,
    #[within(0.0..=1.0)]
    #[serde(rename = "sample")]
    sampling: f64,
}

const VALID: &str = r#"{
    "name": "orders",
    "primary": {"poolSize": 8, "minIdle": 2, "port": 5432,
                "tls": {"version": 3, "ciphers": ["aes"]}},
    "replicas": [{"poolSize": 4, "minIdle": 0, "port": 5433, "tls": null},
                 {"poolSize": 4, "minIdle": 4, "port": 5434, "tls": null}],
    "sample": 0.25
}"#;

#[test]
fn a_valid_document_round_trips() {
    let config: Config = serde_json::from_str(VALID).unwrap();
    assert_eq!(config.primary().pool_size(), 8);
    assert_eq!(config.replicas()[1].min_idle(), 4);
    let json = serde_json::to_string(&config).unwrap();
    let again: Config = serde_json::from_str(&json).unwrap();
    assert_eq!(again, config);
}

/// Errors at three levels, in an `Option`, in a `Vec` element and in renamed fields.
const BAD: &str = r#"{
    "name": "",
    "primary": {"poolSize": 0, "minIdle": 2, "port": 80,
                "tls": {"version": 9, "ciphers": []}},
    "replicas": [{"poolSize": 4, "minIdle": 0, "port": 5433, "tls": null},
                 {"poolSize": 4, "minIdle": 5, "port": 22, "tls": null}],
    "sample": 1.5
}"#;

#[test]
fn every_failure_of_the_document_once_with_its_path() {
    let err = serde_json::from_str::<Config>(BAD).unwrap_err();
    let message = err.to_string();
    let expected = [
        "Config.name must have a char count within [1, 16], got 0",
        "Config.sample must be within [0.0, 1.0], got 1.5",
        "Config.primary.poolSize must be within [1, 64], got 0",
        "Config.primary.minIdle must be within [0, poolSize = 0], got 2",
        "Config.primary.port must be at least 1024, got 80",
        "Config.primary.tls.version must be within [1, 3], got 9",
        "Config.primary.tls.ciphers must have a length within [1, 4], got 0",
        "Config.replicas[1].minIdle must be within [0, poolSize = 4], got 5",
        "Config.replicas[1].port must be at least 1024, got 22",
    ];
    assert!(message.starts_with(&expected.join("; ")), "{message}");
    // Nothing more than those, apart from the format's position.
    assert_eq!(
        message.matches(" must ").count(),
        expected.len(),
        "{message}"
    );
}

#[test]
fn validate_reports_the_same_paths_in_rust_names() {
    let mut config: Config = serde_json::from_str(VALID).unwrap();
    config.replicas[1].port = 22;
    config.primary.tls_settings.as_mut().unwrap().version = 9;
    let err = config.validate().unwrap_err();
    let paths: Vec<_> = err.errors().iter().map(|e| e.path()).collect();
    assert_eq!(paths, ["primary.tls_settings.version", "replicas[1].port"]);
}

#[test]
fn serde_errors_still_come_as_serde_reports_them() {
    let err =
        serde_json::from_str::<Config>(r#"{"name": "x", "primary": {"poolSize": 1}}"#).unwrap_err();
    assert!(
        err.to_string().starts_with("missing field `minIdle`"),
        "{err}"
    );
}

/// `#[serde(default)]` on the struct fills missing fields from the checked `Default`;
/// `deny_unknown_fields`, `flatten` and `with` work as serde has them.
#[derive(Validated, Debug, PartialEq)]
#[within(deserialize, default)]
#[serde(default, deny_unknown_fields)]
struct Limits {
    #[within(1, 100, default = 10)]
    connections: u32,
    #[within(0.0..1.0, default = 0.5)]
    ratio: f64,
}

#[derive(Validated, Debug)]
#[within(deserialize)]
struct Service {
    #[within(nested)]
    #[serde(flatten)]
    limits: Limits,
    #[within(1024..)]
    #[serde(with = "port_as_string")]
    port: u16,
}

mod port_as_string {
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u16, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[test]
fn serde_default_fills_from_the_checked_default() {
    let limits: Limits = serde_json::from_str(r#"{"ratio": 0.25}"#).unwrap();
    assert_eq!((limits.connections(), limits.ratio()), (10, 0.25));
    let err = serde_json::from_str::<Limits>(r#"{"connections": 0}"#).unwrap_err();
    assert!(err
        .to_string()
        .starts_with("Limits.connections must be within [1, 100], got 0"));
    let err = serde_json::from_str::<Limits>(r#"{"conections": 5}"#).unwrap_err();
    assert!(
        err.to_string().starts_with("unknown field `conections`"),
        "{err}"
    );
}

#[test]
fn flatten_and_with() {
    let service: Service = serde_json::from_str(r#"{"port": "8080", "connections": 3}"#).unwrap();
    assert_eq!((service.port(), service.limits().connections()), (8080, 3));
    let err = serde_json::from_str::<Service>(r#"{"port": "80", "connections": 300}"#).unwrap_err();
    // A flattened struct's fields stand at the outer level, on the wire and in paths.
    assert!(
        err.to_string().starts_with(
            "Service.port must be at least 1024, got 80; \
             Service.connections must be within [1, 100], got 300"
        ),
        "{err}"
    );
}

#[test]
fn checked_keeps_the_failures_as_data() {
    let checked: within_runtime::Checked<Config> = serde_json::from_str(BAD).unwrap();
    let invalid = checked.into_result().unwrap_err();
    assert_eq!(invalid.errors().len(), 9);
    assert_eq!(invalid.errors()[7].path(), "replicas[1].minIdle");
    let checked: within_runtime::Checked<Config> = serde_json::from_str(VALID).unwrap();
    assert_eq!(checked.into_result().unwrap().primary().port(), 5432);
    // serde's own errors are still the format's.
    assert!(serde_json::from_str::<within_runtime::Checked<Config>>("{").is_err());
}

/// `#[serde(default)]` on fields: a checked field's type default is checked like any value; a
/// nested field's comes from its struct's checked `Default`.
#[derive(Validated, Debug)]
#[within(deserialize)]
struct Defaults {
    #[within(1, 100)]
    #[serde(default)]
    level: u32,
    #[within(nested)]
    #[serde(default)]
    limits: Limits,
}

#[test]
fn field_defaults() {
    let parsed: Defaults = serde_json::from_str(r#"{"level": 3}"#).unwrap();
    assert_eq!(parsed.limits().connections(), 10);
    let err = serde_json::from_str::<Defaults>("{}").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("Defaults.level must be within [1, 100], got 0"),
        "{err}"
    );
}

/// A field's own `default = ..` is what serde fills it with when the document lacks it, for
/// `#[serde(default)]` (alone or beside other options) and for a skipped field: not its type's
/// default, which may be out of range.
#[derive(Validated, Debug)]
#[within(deserialize, default)]
struct Tuning {
    #[within(1, 10, default = 5)]
    #[serde(default)]
    level: u8,
    #[within(chars(..=4), default = "auto".to_owned())]
    #[serde(rename = "style", default)]
    mode: String,
    #[within(1, 64, default = 8)]
    #[serde(skip)]
    workers: u32,
    #[within(1.0, 2.0, default = 1.5)]
    #[serde(skip_deserializing)]
    factor: f64,
    #[within(1, 9, default = None)]
    #[serde(default)]
    hint: Option<u8>,
    #[within(nested, default = Limits::try_new(20, 0.1).unwrap())]
    #[serde(default)]
    limits: Limits,
}

#[test]
fn serde_default_on_a_field_is_the_field_default() {
    let tuning: Tuning = serde_json::from_str("{}").unwrap();
    assert_eq!(
        (
            tuning.level(),
            tuning.mode(),
            tuning.workers(),
            tuning.factor(),
            tuning.hint()
        ),
        (5, "auto", 8, 1.5, None)
    );
    assert_eq!(tuning.limits().connections(), 20);
    let tuning: Tuning =
        serde_json::from_str(r#"{"level": 2, "style": "fast", "hint": 3}"#).unwrap();
    assert_eq!(
        (tuning.level(), tuning.mode(), tuning.hint()),
        (2, "fast", Some(3))
    );
    // `rename` beside `default` in one attribute still holds; a skipped field is not read.
    let err = serde_json::from_str::<Tuning>(r#"{"style": "turbo", "workers": 100}"#).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("Tuning.style must have a char count of at most 4, got 5"),
        "{err}"
    );
    assert!(!err.to_string().contains("workers"), "{err}");
}

/// `#[serde(transparent)]` on a checked newtype: the document holds the bare value.
#[derive(Validated, Debug)]
#[within(deserialize)]
#[serde(transparent)]
struct Port(#[within(1024..)] u16);

#[test]
fn a_transparent_newtype() {
    let port: Port = serde_json::from_str("8080").unwrap();
    assert_eq!(port.get(), 8080);
    let err = serde_json::from_str::<Port>("80").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("Port must be at least 1024, got 80"),
        "{err}"
    );
}

/// serde's own derive on the same fields: the oracle for what a document error reads.
#[derive(serde::Deserialize, Debug)]
#[allow(dead_code)]
struct PlainTwin {
    a: u8,
    b: u8,
}

mod checked_twin {
    use within_runtime::Validated;

    #[derive(Validated, Debug)]
    #[within(deserialize)]
    pub struct PlainTwin {
        #[within(0, 255)]
        a: u8,
        #[within(0, 255)]
        b: u8,
    }

    #[derive(Validated, Debug)]
    #[within(deserialize)]
    pub struct Pair(#[within(0, 9)] u8, #[within(0, 9)] u8);
}

#[derive(serde::Deserialize, Debug)]
#[allow(dead_code)]
struct Pair(u8, u8);

#[test]
fn serde_errors_read_as_serde_derive_writes_them() {
    for document in [
        "[]",
        "[1]",
        "5",
        "\"x\"",
        "{\"a\": 1}",
        "{\"a\": 1, \"b\": \"x\"}",
        "null",
    ] {
        let ours = serde_json::from_str::<checked_twin::PlainTwin>(document).unwrap_err();
        let serde = serde_json::from_str::<PlainTwin>(document).unwrap_err();
        assert_eq!(ours.to_string(), serde.to_string(), "{document}");
    }
    for document in ["[]", "[1]", "[1, 2, 3]", "{}", "7"] {
        let ours = serde_json::from_str::<checked_twin::Pair>(document).unwrap_err();
        let serde = serde_json::from_str::<Pair>(document).unwrap_err();
        assert_eq!(ours.to_string(), serde.to_string(), "{document}");
    }
}
