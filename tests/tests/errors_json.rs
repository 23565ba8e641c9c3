//! With the `serde` feature, errors serialize as data for an API's error response.

use serde_json::json;
use within_runtime::Validated;

#[derive(Validated, Debug)]
struct Db {
    #[within(1, 64)]
    pool_size: u32,
    #[within(0, 9999, secret)]
    pin: u16,
    #[within(len(..4))]
    tags: Vec<u8>,
    #[within(1.0..)]
    weight: f64,
}

#[derive(Validated, Debug)]
struct Config {
    #[within(nested)]
    primary: Db,
}

#[test]
fn an_error_serializes_field_by_field() {
    let mut db = Db::try_new(8, 1234, vec![], 1.0).unwrap();
    let err = db.set_pool_size(65).unwrap_err();
    assert_eq!(
        serde_json::to_value(&err).unwrap(),
        json!({
            "path": "pool_size",
            "field": "pool_size",
            "code": "above_max",
            "measure": "value",
            "min": "1",
            "min_exclusive": false,
            "max": "64",
            "max_exclusive": false,
            "value": "65",
            "message": "Db.pool_size must be within [1, 64], got 65",
        })
    );
}

#[test]
fn a_secret_value_is_absent_and_an_open_side_is_null() {
    let mut db = Db::try_new(8, 1234, vec![], 1.0).unwrap();
    let err = db.set_pin(10_000).unwrap_err();
    assert_eq!(
        serde_json::to_value(&err).unwrap(),
        json!({
            "path": "pin",
            "field": "pin",
            "code": "above_max",
            "measure": "value",
            "min": "0",
            "min_exclusive": false,
            "max": "9999",
            "max_exclusive": false,
            "message": "Db.pin must be within [0, 9999]",
        })
    );
    let err = db.set_weight(0.5).unwrap_err();
    let value = serde_json::to_value(&err).unwrap();
    assert_eq!(
        (&value["min"], &value["max"]),
        (&json!("1.0"), &json!(null))
    );
    let err = db.set_tags(vec![1, 2, 3, 4]).unwrap_err();
    let value = serde_json::to_value(&err).unwrap();
    // A length: the value is the length, and the exclusive maximum says why 4 is out.
    assert_eq!(
        (
            &value["value"],
            &value["code"],
            &value["measure"],
            &value["max"],
            &value["max_exclusive"]
        ),
        (
            &json!("4"),
            &json!("above_max"),
            &json!("len"),
            &json!("4"),
            &json!(true)
        )
    );
}

#[test]
fn invalid_serializes_as_a_list_with_paths() {
    let config = Config {
        primary: Db {
            pool_size: 0,
            pin: 1,
            tags: vec![1, 2, 3, 4],
            weight: 2.0,
        },
    };
    let err = config.validate().unwrap_err();
    let value = serde_json::to_value(&err).unwrap();
    let items = value.as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["path"], "primary.pool_size");
    assert_eq!(items[0]["field"], "pool_size");
    assert_eq!(
        items[0]["message"],
        "Config.primary.pool_size must be within [1, 64], got 0"
    );
    assert_eq!(items[1]["path"], "primary.tags");
}
