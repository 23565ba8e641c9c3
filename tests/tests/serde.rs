//! `#[within(deserialize)]`: deserializing goes through the checks, so out-of-range input never
//! becomes a value; serializing is serde's own derive, unchanged.

use serde::Serialize;
use within_runtime::Validated;

#[derive(Validated, Serialize, Debug, PartialEq)]
#[within(deserialize)]
struct Exam {
    #[within(0, 100)]
    math: u32,
    #[within(0.0..=1.0)]
    weight: f64,
    comment: String,
}

#[test]
fn valid_input_deserializes() {
    let exam: Exam =
        serde_json::from_str(r#"{"math": 95, "weight": 0.5, "comment": "ok"}"#).unwrap();
    assert_eq!(exam, Exam::try_new(95, 0.5, "ok".to_owned()).unwrap());
}

#[test]
fn out_of_range_input_fails_with_our_message_listing_every_field() {
    let err =
        serde_json::from_str::<Exam>(r#"{"math": 101, "weight": 1.5, "comment": ""}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Exam.math must be within [0, 100], got 101; \
         Exam.weight must be within [0.0, 1.0], got 1.5"
    );
}

#[test]
fn serde_errors_are_unchanged() {
    let err = serde_json::from_str::<Exam>(r#"{"math": "high"}"#).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("invalid type: string \"high\", expected u32"),
        "{err}"
    );
    let err = serde_json::from_str::<Exam>(r#"{"math": 1}"#).unwrap_err();
    assert!(
        err.to_string().starts_with("missing field `weight`"),
        "{err}"
    );
    // serde's messages name the struct, not the shadow it reads into.
    let err = serde_json::from_str::<Exam>("[]").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("invalid length 0, expected struct Exam"),
        "{err}"
    );
    let err = serde_json::from_str::<Exam>("7").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("invalid type: integer `7`, expected struct Exam"),
        "{err}"
    );
}

#[test]
fn serializing_is_unchanged() {
    let exam = Exam::try_new(90, 0.25, "x".to_owned()).unwrap();
    let json = serde_json::to_string(&exam).unwrap();
    assert_eq!(json, r#"{"math":90,"weight":0.25,"comment":"x"}"#);
    assert_eq!(serde_json::from_str::<Exam>(&json).unwrap(), exam);
}

/// Errors from the checks carry no position: serde_json adds one only to errors raised while
/// it reads, and the checks run once every field is read.
///
/// Errors name fields as they appear on the wire: `rename_all` and `rename` are honoured.
#[derive(Validated, Serialize, Debug)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[within(deserialize)]
struct Player {
    #[within(1, 99)]
    skill_level: u8,
    #[serde(rename = "hp")]
    #[within(0..=1000)]
    hit_points: u16,
    #[within(0, 10)]
    bonus: Option<u8>,
}

#[test]
fn errors_use_wire_names() {
    let err = serde_json::from_str::<Player>(r#"{"skillLevel": 0, "hp": 2000, "bonus": 11}"#)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Player.skillLevel must be within [1, 99], got 0; \
         Player.hp must be within [0, 1000], got 2000; \
         Player.bonus must be within [0, 10], got 11"
    );
    // Outside deserialization, the Rust names.
    let err = Player::try_new(0, 0, None).unwrap_err();
    assert_eq!(err.errors()[0].field(), "skill_level");
    // The struct's other serde attributes apply to the input too.
    let err =
        serde_json::from_str::<Player>(r#"{"skillLevel": 5, "hp": 1, "bonus": null, "x": 1}"#)
            .unwrap_err();
    assert!(err.to_string().starts_with("unknown field `x`"), "{err}");
    let ok: Player = serde_json::from_str(r#"{"skillLevel": 5, "hp": 1, "bonus": null}"#).unwrap();
    assert_eq!(
        (ok.skill_level(), ok.hit_points(), ok.bonus()),
        (5, 1, None)
    );
}

/// A newtype deserializes from the bare value, through the check.
#[derive(Validated, Serialize, Debug, PartialEq)]
#[within(deserialize)]
struct Percent(#[within(0, 100)] u8);

#[test]
fn newtype_deserializes_transparently() {
    assert_eq!(
        serde_json::from_str::<Percent>("42").unwrap(),
        Percent::try_new(42).unwrap()
    );
    let err = serde_json::from_str::<Percent>("142").unwrap_err();
    assert_eq!(err.to_string(), "Percent must be within [0, 100], got 142");
    assert_eq!(
        serde_json::to_string(&Percent::try_new(7).unwrap()).unwrap(),
        "7"
    );
}

/// A secret field stays secret in deserialization errors.
#[derive(Validated, Debug)]
#[within(deserialize)]
struct Login {
    #[within(0, 9999, secret)]
    pin: u16,
}

#[test]
fn secret_values_stay_out_of_deserialization_errors() {
    let err = serde_json::from_str::<Login>(r#"{"pin": 31337}"#).unwrap_err();
    assert_eq!(err.to_string(), "Login.pin must be within [0, 9999]");
}
