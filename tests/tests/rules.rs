//! Rules beyond bounds: `check = path` on a field, with `message` and `code`, held on every
//! path a bound is: setters, `try_new`, `validate()`, drafts, `Default` and `Deserialize`.

use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use within_runtime::{Validated, Violation};

fn not_blank(value: &str) -> bool {
    !value.trim().is_empty()
}

/// A check with its own words.
fn no_spaces(value: &str) -> Result<(), String> {
    match value.contains(' ') {
        true => Err("must not contain spaces".to_owned()),
        false => Ok(()),
    }
}

#[derive(Debug)]
struct Weak(usize);

impl fmt::Display for Weak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "needs {} more characters", self.0)
    }
}

fn strong(value: &str) -> Result<(), Weak> {
    match value.len() {
        n if n < 12 => Err(Weak(12 - n)),
        _ => Ok(()),
    }
}

fn even(value: &u32) -> bool {
    value.is_multiple_of(2)
}

/// Takes the field's own type, which works as well as a borrowed form.
#[allow(clippy::ptr_arg)]
fn strong_owned(value: &String) -> bool {
    strong(value).is_ok()
}

/// Panics on a value no caller should pass, to show that a panicking check changes nothing.
fn panics_on_boom(value: &String) -> bool {
    assert!(value != "boom", "the check panicked");
    true
}

#[derive(Validated, Debug, Clone, PartialEq)]
#[within(deserialize, default, draft = SignupDraft)]
struct Signup {
    #[within(check = not_blank, message = "must not be blank", default = "ann".to_owned())]
    #[within(check = no_spaces, check = panics_on_boom)]
    username: String,
    #[within(len(8..=64), check = strong, secret, default = "correct horse".to_owned())]
    #[within(check = strong_owned, message = "is too weak")]
    password: String,
    #[within(0..=150, check = even, code = "age", default = 30)]
    age: u32,
    #[within(check = no_spaces, default = None)]
    nickname: Option<String>,
}

fn signup() -> Signup {
    Signup::try_new(
        "ann".to_owned(),
        "correct horse".to_owned(),
        30,
        Some("annie".to_owned()),
    )
    .unwrap()
}

#[test]
fn a_check_with_a_message_reads_as_designed() {
    let mut s = signup();
    let err = s.set_username("  ".to_owned()).unwrap_err();
    assert_eq!(err.to_string(), "Signup.username must not be blank");
    assert_eq!(err.code(), "check");
    assert_eq!(err.violation(), Violation::Check);
    assert_eq!(err.owner(), "Signup");
    assert_eq!(err.field(), "username");
    assert_eq!(err.path(), "username");
    assert_eq!(err.message(), Some("must not be blank"));
    assert_eq!((err.min(), err.max(), err.value()), (None, None, None));
    assert_eq!(s.username(), "ann");
}

#[test]
fn a_check_returning_an_error_says_its_text() {
    let mut s = signup();
    let err = s.set_username("a b".to_owned()).unwrap_err();
    assert_eq!(err.to_string(), "Signup.username must not contain spaces");
    assert_eq!(err.message(), Some("must not contain spaces"));
    let err = s.set_password("short but 8".to_owned()).unwrap_err();
    assert_eq!(err.to_string(), "Signup.password needs 1 more characters");
    assert_eq!(s.password(), "correct horse");
}

#[test]
fn a_bool_check_without_a_message_is_invalid() {
    let mut s = signup();
    let err = s.set_age(31).unwrap_err();
    assert_eq!(err.to_string(), "Signup.age is invalid");
    // `code = ".."` names every rule of its attribute, the range's included.
    assert_eq!(err.code(), "age");
    assert_eq!(err.violation(), Violation::Check);
    let err = s.set_age(152).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Signup.age must be within [0, 150], got 152"
    );
    assert_eq!(err.code(), "age");
    assert_eq!(err.violation(), Violation::AboveMax);
    assert_eq!(s.age(), 30);
    s.set_age(40).unwrap();
    assert_eq!(s.age(), 40);
}

#[test]
fn the_setter_returns_the_first_failure_in_the_order_written() {
    let mut s = signup();
    // Too short and too weak: the length comes first.
    let err = s.set_password("abc".to_owned()).unwrap_err();
    assert_eq!(err.code(), "below_min");
    // Blank is also free of spaces? No: "  " has spaces, but `not_blank` is written first.
    let err = s.set_username("  ".to_owned()).unwrap_err();
    assert_eq!(err.message(), Some("must not be blank"));
}

#[test]
fn an_option_field_checks_its_value_and_accepts_none() {
    let mut s = signup();
    let err = s.set_nickname(Some("a b".to_owned())).unwrap_err();
    assert_eq!(err.to_string(), "Signup.nickname must not contain spaces");
    assert_eq!(s.nickname(), Some("annie"));
    s.set_nickname(None).unwrap();
    assert_eq!(s.nickname(), None);
}

#[test]
fn a_panicking_check_leaves_the_struct_as_it_was() {
    let mut s = signup();
    let before = s.clone();
    let outcome = catch_unwind(AssertUnwindSafe(|| s.set_username("boom".to_owned())));
    assert!(outcome.is_err());
    assert_eq!(s, before);
    s.set_username("bob".to_owned()).unwrap();
    assert_eq!(s.username(), "bob");
}

#[test]
fn try_new_reports_every_failure_of_every_rule() {
    let err = Signup::try_new(
        " ".to_owned(),
        "abc".to_owned(),
        151,
        Some("x y".to_owned()),
    )
    .unwrap_err();
    let texts: Vec<String> = err.errors().iter().map(ToString::to_string).collect();
    assert_eq!(
        texts,
        [
            "Signup.username must not be blank",
            "Signup.username must not contain spaces",
            "Signup.password must have a length within [8, 64]",
            "Signup.password needs 9 more characters",
            "Signup.password is too weak",
            "Signup.age must be within [0, 150], got 151",
            "Signup.age is invalid",
            "Signup.nickname must not contain spaces",
        ]
    );
}

#[test]
fn validate_and_drafts_check_the_rules() {
    let s = signup();
    assert!(s.validate().is_ok());
    let draft = SignupDraft {
        username: "ann lee".to_owned(),
        password: "correct horse".to_owned(),
        age: 30,
        nickname: None,
    };
    let err = Signup::try_from(draft).unwrap_err();
    assert_eq!(err.to_string(), "Signup.username must not contain spaces");
}

#[test]
fn default_goes_through_the_rules() {
    let s = Signup::default();
    assert_eq!(s.username(), "ann");
    assert_eq!(s.age(), 30);
}

#[test]
fn deserialize_reports_every_failure_with_paths() {
    let err = serde_json::from_str::<Signup>(
        r#"{"username": "", "password": "short", "age": 7, "nickname": "a b"}"#,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Signup.username must not be blank; \
         Signup.password must have a length within [8, 64]; \
         Signup.password needs 7 more characters; \
         Signup.password is too weak; \
         Signup.age is invalid; \
         Signup.nickname must not contain spaces"
    );
    let ok: Signup = serde_json::from_str(
        r#"{"username": "ann", "password": "correct horse", "age": 8, "nickname": null}"#,
    )
    .unwrap();
    assert_eq!(ok.age(), 8);
}

#[derive(Validated, Debug)]
#[within(deserialize)]
struct Team {
    #[within(check = not_blank)]
    name: String,
    #[within(nested)]
    members: Vec<Signup>,
}

#[test]
fn nested_failures_have_their_paths() {
    let err = serde_json::from_str::<Team>(
        r#"{"name": " ", "members": [
            {"username": "ann", "password": "correct horse", "age": 8, "nickname": null},
            {"username": "a b", "password": "correct horse", "age": 9, "nickname": null}
        ]}"#,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Team.name is invalid; \
         Team.members[1].username must not contain spaces; \
         Team.members[1].age is invalid"
    );
}

#[test]
fn errors_serialize_with_their_message_and_code() {
    let mut s = signup();
    let err = s.set_age(31).unwrap_err();
    let json = serde_json::to_value(&err).unwrap();
    assert_eq!(json["code"], "age");
    assert_eq!(json["message"], "Signup.age is invalid");
    assert_eq!(json["min"], serde_json::Value::Null);
    assert_eq!(json["path"], "age");
}

#[test]
fn validate_reports_a_value_built_around_the_setters() {
    // Inside the defining module a struct literal skips the setters: `validate` still sees it.
    let s = Signup {
        username: "a b".to_owned(),
        password: "correct horse".to_owned(),
        age: 3,
        nickname: None,
    };
    assert_eq!(
        s.validate().unwrap_err().to_string(),
        "Signup.username must not contain spaces; Signup.age is invalid"
    );
}

#[derive(Validated, Debug)]
#[within(deserialize)]
struct Pool {
    #[within(1..=64, message = "between 1 and 64 workers", code = "workers")]
    workers: u32,
}

#[test]
fn message_and_code_replace_a_range_s_words_everywhere() {
    let mut pool = Pool::try_new(8).unwrap();
    let err = pool.set_workers(65).unwrap_err();
    assert_eq!(err.to_string(), "Pool.workers between 1 and 64 workers");
    assert_eq!(err.code(), "workers");
    assert_eq!(err.message(), Some("between 1 and 64 workers"));
    // The range is still there for whoever reads it.
    assert_eq!(
        (err.min(), err.max(), err.value()),
        (Some("1".into()), Some("64".into()), Some("65".into()))
    );
    let json = serde_json::to_value(&err).unwrap();
    assert_eq!(json["code"], "workers");
    assert_eq!(json["message"], "Pool.workers between 1 and 64 workers");
    let err = serde_json::from_str::<Pool>(r#"{"workers": 0}"#).unwrap_err();
    assert_eq!(err.to_string(), "Pool.workers between 1 and 64 workers");
    let err = Pool::try_new(0).unwrap_err();
    assert_eq!(err.errors()[0].code(), "workers");
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tier {
    Free,
    Pro,
    Team,
}

#[derive(Validated, Debug)]
#[within(deserialize, default, draft = PlacementDraft)]
struct Placement {
    #[within(one_of("eu", "us"), default = "eu".to_owned())]
    region: String,
    #[within(one_of(1, 2, 4, 8), default = 2)]
    replicas: u8,
    #[within(one_of(Tier::Free, Tier::Pro), secret, default = Tier::Free)]
    #[serde(skip)]
    tier: Tier,
    #[within(one_of("a", "b"), message = "must be a or b", code = "zone", default = None)]
    zone: Option<String>,
}

#[test]
fn one_of_reads_as_designed() {
    let mut p = Placement::try_new("eu".to_owned(), 2, Tier::Pro, None).unwrap();
    let err = p.set_region("mars".to_owned()).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"Placement.region must be one of ["eu", "us"], got "mars""#
    );
    assert_eq!(err.code(), "one_of");
    assert_eq!(err.violation(), Violation::OneOf);
    assert_eq!(err.value().as_deref(), Some(r#""mars""#));
    assert_eq!(p.region(), "eu");
    p.set_region("us".to_owned()).unwrap();
    assert_eq!(p.region(), "us");
    let err = p.set_replicas(3).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Placement.replicas must be one of [1, 2, 4, 8], got 3"
    );
    assert_eq!(p.replicas(), 2);
}

#[test]
fn a_secret_one_of_shows_the_values_but_not_the_value() {
    let mut p = Placement::try_new("eu".to_owned(), 2, Tier::Pro, None).unwrap();
    let err = p.set_tier(Tier::Team).unwrap_err();
    assert_eq!(err.to_string(), "Placement.tier must be one of [Free, Pro]");
    assert_eq!(err.value(), None);
    assert_eq!(*p.tier(), Tier::Pro);
}

#[test]
fn one_of_with_message_and_code_and_none() {
    let mut p = Placement::try_new("eu".to_owned(), 2, Tier::Pro, None).unwrap();
    let err = p.set_zone(Some("c".to_owned())).unwrap_err();
    assert_eq!(err.to_string(), "Placement.zone must be a or b");
    assert_eq!(err.code(), "zone");
    p.set_zone(Some("b".to_owned())).unwrap();
    p.set_zone(None).unwrap();
}

#[test]
fn one_of_holds_on_every_path() {
    let err =
        Placement::try_new("mars".to_owned(), 3, Tier::Team, Some("c".to_owned())).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"Placement.region must be one of ["eu", "us"], got "mars"; Placement.replicas must be one of [1, 2, 4, 8], got 3; Placement.tier must be one of [Free, Pro]; Placement.zone must be a or b"#
    );
    let draft = PlacementDraft {
        region: "eu".to_owned(),
        replicas: 5,
        tier: Tier::Free,
        zone: None,
    };
    assert_eq!(
        Placement::try_from(draft).unwrap_err().to_string(),
        "Placement.replicas must be one of [1, 2, 4, 8], got 5"
    );
    assert_eq!(Placement::default().replicas(), 2);
    let err =
        serde_json::from_str::<Placement>(r#"{"region": "mars", "replicas": 3, "zone": "c"}"#)
            .unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"Placement.region must be one of ["eu", "us"], got "mars"; Placement.replicas must be one of [1, 2, 4, 8], got 3; Placement.zone must be a or b"#
    );
    let built = Placement {
        region: "eu".to_owned(),
        replicas: 7,
        tier: Tier::Free,
        zone: None,
    };
    assert_eq!(
        built.validate().unwrap_err().to_string(),
        "Placement.replicas must be one of [1, 2, 4, 8], got 7"
    );
    let json = serde_json::to_value(built.validate().unwrap_err()).unwrap();
    assert_eq!(json[0]["code"], "one_of");
    assert_eq!(json[0]["value"], "7");
}

#[derive(Validated, Debug)]
#[within(schema)]
#[allow(dead_code)]
struct Shard {
    #[within(one_of("eu", "us \"west\""))]
    region: String,
    #[within(one_of(-1, 2), check = even_i32)]
    weight: Option<i32>,
    #[within(one_of(Tier::Free))]
    #[schemars(with = "String")]
    tier: Tier,
}

fn even_i32(value: &i32) -> bool {
    value % 2 == 0
}

#[test]
fn the_schema_lists_literal_one_of_values_as_enum() {
    let schema = schemars::schema_for!(Shard).to_value();
    let properties = &schema["properties"];
    assert_eq!(
        properties["region"]["enum"],
        serde_json::json!(["eu", "us \"west\""])
    );
    assert_eq!(
        properties["weight"]["enum"],
        serde_json::json!([-1, 2, null])
    );
    assert!(properties["tier"].get("enum").is_none());
}

fn burst_covers_rate(limit: &RateLimit) -> bool {
    limit.burst >= limit.per_second
}

fn not_both_zero(limit: &RateLimit) -> Result<(), String> {
    match (limit.per_second, limit.burst) {
        (0, 0) => Err("must allow some requests".to_owned()),
        _ => Ok(()),
    }
}

fn panics_on_burst_13(limit: &RateLimit) -> bool {
    assert!(limit.burst != 13, "the invariant panicked");
    true
}

#[derive(Validated, Debug, Clone, PartialEq)]
#[within(deserialize, default, draft = RateLimitDraft)]
#[within(invariant = burst_covers_rate, message = "burst must cover per_second")]
#[within(invariant = not_both_zero, invariant = panics_on_burst_13)]
struct RateLimit {
    #[within(0..=10_000, default = 10)]
    per_second: u32,
    #[within(0..=100_000, default = 20)]
    burst: u32,
    #[within(check = not_blank, default = "api".to_owned())]
    name: String,
}

#[test]
fn an_invariant_reads_as_designed() {
    let err = RateLimit::try_new(10, 5, "api".to_owned()).unwrap_err();
    assert_eq!(err.to_string(), "RateLimit burst must cover per_second");
    let err = &err.errors()[0];
    assert_eq!(err.field(), "");
    assert_eq!(err.path(), "");
    assert_eq!(err.owner(), "RateLimit");
    assert_eq!(err.code(), "invariant");
    assert_eq!(err.violation(), Violation::Invariant);
    let err = RateLimit::try_new(0, 0, "api".to_owned()).unwrap_err();
    assert_eq!(err.to_string(), "RateLimit must allow some requests");
}

#[test]
fn every_setter_keeps_the_invariants() {
    let mut limit = RateLimit::try_new(10, 20, "api".to_owned()).unwrap();
    let err = limit.set_burst(5).unwrap_err();
    assert_eq!(err.to_string(), "RateLimit burst must cover per_second");
    assert_eq!(limit.burst(), 20);
    let err = limit.set_per_second(21).unwrap_err();
    assert_eq!(err.code(), "invariant");
    assert_eq!(limit.per_second(), 10);
    // The field's own rules come first.
    let err = limit.set_burst(100_001).unwrap_err();
    assert_eq!(err.code(), "above_max");
    let err = limit.set_name(" ".to_owned()).unwrap_err();
    assert_eq!(err.code(), "check");
    limit.set_burst(15).unwrap();
    limit.set_per_second(15).unwrap();
    limit.set_name("web".to_owned()).unwrap();
    assert_eq!(
        (limit.per_second(), limit.burst(), limit.name()),
        (15, 15, "web")
    );
}

#[test]
fn a_panicking_invariant_leaves_the_struct_as_it_was() {
    let mut limit = RateLimit::try_new(10, 20, "api".to_owned()).unwrap();
    let before = limit.clone();
    let outcome = catch_unwind(AssertUnwindSafe(|| limit.set_burst(13)));
    assert!(outcome.is_err());
    assert_eq!(limit, before);
    limit.set_burst(14).unwrap();
}

#[test]
fn invariants_run_once_the_fields_pass_on_every_path() {
    // A field fails: the invariants, which may rely on it, are not run.
    let err = RateLimit::try_new(10, 5, " ".to_owned()).unwrap_err();
    assert_eq!(err.to_string(), "RateLimit.name is invalid");
    let built = RateLimit {
        per_second: 0,
        burst: 0,
        name: "api".to_owned(),
    };
    assert_eq!(
        built.validate().unwrap_err().to_string(),
        "RateLimit must allow some requests"
    );
    let built = RateLimit {
        per_second: 7,
        burst: 0,
        name: "api".to_owned(),
    };
    assert_eq!(
        built.validate().unwrap_err().to_string(),
        "RateLimit burst must cover per_second"
    );
    let draft = RateLimitDraft {
        per_second: 7,
        burst: 6,
        name: "api".to_owned(),
    };
    assert_eq!(
        RateLimit::try_from(draft).unwrap_err().to_string(),
        "RateLimit burst must cover per_second"
    );
    assert_eq!(RateLimit::default().burst(), 20);
    let err = serde_json::from_str::<RateLimit>(r#"{"per_second": 9, "burst": 8, "name": "x"}"#)
        .unwrap_err();
    assert_eq!(err.to_string(), "RateLimit burst must cover per_second");
    let err = serde_json::from_str::<RateLimit>(r#"{"per_second": 9, "burst": 8, "name": ""}"#)
        .unwrap_err();
    assert_eq!(err.to_string(), "RateLimit.name is invalid");
}

fn never_both(pair: &Pair) -> bool {
    !(pair.a && pair.b)
}

fn never_a(pair: &Pair) -> bool {
    !pair.a
}

#[derive(Validated, Debug)]
// The words of an attribute are its invariants': each needing its own goes in its own.
#[within(invariant = never_both)]
#[within(invariant = never_a, message = "must not set a")]
struct Pair {
    #[within(check = not_blank)]
    label: String,
    a: bool,
    b: bool,
}

#[test]
fn every_failing_invariant_is_reported() {
    let err = Pair::try_new("x".to_owned(), true, true).unwrap_err();
    assert_eq!(err.to_string(), "Pair is invalid; Pair must not set a");
}

fn has_limit_for_every_worker(config: &Config) -> Result<(), String> {
    match config.workers <= config.rate_limit.per_second {
        true => Ok(()),
        false => Err(format!("needs per_second of at least {}", config.workers)),
    }
}

#[derive(Validated, Debug, Clone, PartialEq)]
#[within(deserialize, invariant = has_limit_for_every_worker)]
struct Config {
    #[within(1..=64)]
    workers: u32,
    #[within(nested)]
    rate_limit: RateLimit,
}

#[test]
fn a_nested_invariant_has_the_struct_s_path() {
    let err = serde_json::from_str::<Config>(
        r#"{"workers": 4, "rate_limit": {"per_second": 9, "burst": 8, "name": "x"}}"#,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Config.rate_limit burst must cover per_second"
    );
    let built = Config {
        workers: 4,
        rate_limit: RateLimit {
            per_second: 9,
            burst: 8,
            name: "x".to_owned(),
        },
    };
    let invalid = built.validate().unwrap_err();
    let err = &invalid.errors()[0];
    assert_eq!(
        err.to_string(),
        "Config.rate_limit burst must cover per_second"
    );
    assert_eq!(
        (err.root(), err.path(), err.field()),
        ("Config", "rate_limit", "")
    );
    assert_eq!(err.owner(), "RateLimit");
}

#[test]
fn a_struct_with_an_invariant_sets_its_nested_fields_through_a_checked_setter() {
    let limit = RateLimit::try_new(10, 20, "api".to_owned()).unwrap();
    let mut config = Config::try_new(4, limit).unwrap();
    let err = config
        .set_rate_limit(RateLimit::try_new(2, 2, "api".to_owned()).unwrap())
        .unwrap_err();
    assert_eq!(err.to_string(), "Config needs per_second of at least 4");
    assert_eq!(config.rate_limit().per_second(), 10);
    let err = config.set_workers(11).unwrap_err();
    assert_eq!(err.to_string(), "Config needs per_second of at least 11");
    config
        .set_rate_limit(RateLimit::try_new(64, 64, "api".to_owned()).unwrap())
        .unwrap();
    config.set_workers(11).unwrap();
    let err = Config::try_new(5, RateLimit::try_new(4, 4, "a".to_owned()).unwrap()).unwrap_err();
    assert_eq!(err.to_string(), "Config needs per_second of at least 5");
}

fn strong_password(password: &str) -> Result<(), String> {
    match password.chars().any(|c| c.is_ascii_digit()) {
        true => Ok(()),
        false => Err("must contain a digit".to_owned()),
    }
}

#[derive(Validated, Debug)]
#[within(deserialize, schema)]
struct Account {
    #[within(chars(3..=32), pattern = "^[a-z][a-z0-9_]*$")]
    username: String,
    #[within(email)]
    email: String,
    #[within(chars(8..=64), check = strong_password, secret)]
    password: String,
    #[within(13..=150)]
    age: u8,
    #[within(len(..=8))]
    tags: Vec<String>,
    #[within(url)]
    homepage: Option<String>,
    #[within(pattern = "[0-9]")]
    code: Box<str>,
}

/// A valid account.
fn account() -> Account {
    Account::try_new(
        "ann".into(),
        "ann@example.com".into(),
        "correct horse 1".into(),
        30,
        vec![],
        Some("https://example.com/ann".into()),
        "a1".into(),
    )
    .unwrap()
}

#[test]
fn string_rules_read_as_designed() {
    let mut a = account();
    let err = a.set_email("x".into()).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"Account.email must be an email address, got "x""#
    );
    assert_eq!((err.code(), err.violation()), ("email", Violation::Email));
    let err = a.set_homepage(Some("example.com".into())).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"Account.homepage must be a URL, got "example.com""#
    );
    assert_eq!(err.code(), "url");
    a.set_homepage(None).unwrap();
    let err = a.set_username("Ann".into()).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"Account.username must match ^[a-z][a-z0-9_]*$, got "Ann""#
    );
    assert_eq!(err.code(), "pattern");
    // Unanchored: matches anywhere.
    a.set_code("abc7".into()).unwrap();
    assert!(a.set_code("abc".into()).is_err());
    assert_eq!(a.username(), "ann");
    assert_eq!(a.email(), "ann@example.com");
}

#[test]
fn a_signup_document_with_a_mistake_in_every_field_reports_them_all() {
    let err = serde_json::from_str::<Account>(
        r#"{
            "username": "A",
            "email": "ann-at-example.com",
            "password": "horse",
            "age": 7,
            "tags": ["a", "b", "c", "d", "e", "f", "g", "h", "i"],
            "homepage": "not a url",
            "code": "none"
        }"#,
    )
    .unwrap_err();
    let text = err.to_string();
    let messages: Vec<&str> = text.split("; ").collect();
    assert_eq!(
        messages,
        [
            r#"Account.username must have a char count within [3, 32], got 1"#,
            r#"Account.username must match ^[a-z][a-z0-9_]*$, got "A""#,
            r#"Account.email must be an email address, got "ann-at-example.com""#,
            "Account.password must have a char count within [8, 64]",
            "Account.password must contain a digit",
            "Account.age must be within [13, 150], got 7",
            "Account.tags must have a length of at most 8, got 9",
            r#"Account.homepage must be a URL, got "not a url""#,
            r#"Account.code must match [0-9], got "none""#,
        ]
    );
}

#[test]
fn the_schema_carries_the_string_rules() {
    let schema = schemars::schema_for!(Account).to_value();
    let properties = &schema["properties"];
    assert_eq!(properties["email"]["format"], "email");
    assert_eq!(properties["homepage"]["format"], "uri");
    assert_eq!(properties["username"]["pattern"], "^[a-z][a-z0-9_]*$");
}

fn lowercase(tag: &str) -> bool {
    tag.chars().all(|c| c.is_ascii_lowercase())
}

#[derive(Validated, Debug)]
#[within(deserialize, default)]
struct Post {
    #[within(len(..=4), each(chars(1..=8), check = lowercase), default = vec![])]
    tags: Vec<String>,
    #[within(each(1..=5), default = [1, 1, 1])]
    scores: [u8; 3],
    #[within(each(one_of("eu", "us")), default = std::collections::BTreeSet::new())]
    regions: std::collections::BTreeSet<String>,
    #[within(each(0..=100), default = std::collections::BTreeMap::new())]
    limits: std::collections::BTreeMap<String, u32>,
    #[within(each(email), default = None)]
    watchers: Option<Vec<String>>,
}

fn post() -> Post {
    Post::try_new(
        vec!["rust".into()],
        [1, 2, 3],
        ["eu".to_owned()].into(),
        [("eu".to_owned(), 10)].into(),
        None,
    )
    .unwrap()
}

#[test]
fn each_checks_every_element_in_the_setter() {
    let mut p = post();
    let err = p.set_tags(vec!["rust".into(), "".into()]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Post.tags[1] must have a char count within [1, 8], got 0"
    );
    assert_eq!(
        (err.field(), err.path(), err.root()),
        ("tags", "tags[1]", "Post")
    );
    let err = p.set_tags(vec!["Rust".into()]).unwrap_err();
    assert_eq!(err.to_string(), "Post.tags[0] is invalid");
    // The collection's own length first.
    let err = p.set_tags(vec!["a".into(); 5]).unwrap_err();
    assert_eq!(err.path(), "tags");
    assert_eq!(p.tags(), ["rust"]);
    p.set_tags(vec!["web".into(), "cli".into()]).unwrap();
    let err = p.set_scores([1, 6, 0]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Post.scores[1] must be within [1, 5], got 6"
    );
    let err = p.set_regions(["mars".to_owned()].into()).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"Post.regions["mars"] must be one of ["eu", "us"], got "mars""#
    );
    let err = p.set_limits([("eu".to_owned(), 101)].into()).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"Post.limits["eu"] must be within [0, 100], got 101"#
    );
    let err = p
        .set_watchers(Some(vec!["a@b.example".into(), "nope".into()]))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"Post.watchers[1] must be an email address, got "nope""#
    );
    p.set_watchers(None).unwrap();
}

#[test]
fn each_reports_every_bad_element_on_every_path() {
    let err = Post::try_new(
        vec!["".into(), "ok".into(), "Bad".into()],
        [0, 2, 9],
        ["eu".to_owned(), "mars".to_owned()].into(),
        [("us".to_owned(), 200)].into(),
        Some(vec!["x".into()]),
    )
    .unwrap_err();
    let texts: Vec<String> = err.errors().iter().map(ToString::to_string).collect();
    assert_eq!(
        texts,
        [
            "Post.tags[0] must have a char count within [1, 8], got 0",
            "Post.tags[2] is invalid",
            "Post.scores[0] must be within [1, 5], got 0",
            "Post.scores[2] must be within [1, 5], got 9",
            r#"Post.regions["mars"] must be one of ["eu", "us"], got "mars""#,
            r#"Post.limits["us"] must be within [0, 100], got 200"#,
            r#"Post.watchers[0] must be an email address, got "x""#,
        ]
    );
    let err = serde_json::from_str::<Post>(
        r#"{"tags": ["a", "B"], "scores": [1, 1, 7], "regions": [], "limits": {}, "watchers": null}"#,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Post.tags[1] is invalid; Post.scores[2] must be within [1, 5], got 7"
    );
    assert!(Post::default().validate().is_ok());
    let built = Post {
        tags: vec![],
        scores: [1, 1, 0],
        regions: Default::default(),
        limits: Default::default(),
        watchers: None,
    };
    assert_eq!(
        built.validate().unwrap_err().errors()[0].path(),
        "scores[2]"
    );
}

#[derive(Validated, Debug)]
struct Team2 {
    #[within(nested)]
    posts: Vec<Post>,
}

#[test]
fn element_paths_nest() {
    let built = Team2 {
        posts: vec![
            post(),
            Post {
                tags: vec!["X".into()],
                ..post()
            },
        ],
    };
    assert_eq!(
        built.validate().unwrap_err().to_string(),
        "Team2.posts[1].tags[0] is invalid"
    );
}

#[derive(Validated, Debug)]
#[within(schema)]
#[allow(dead_code)]
struct Tagged {
    #[within(len(..=4), each(chars(1..=8), pattern = "^[a-z]+$"))]
    tags: Vec<String>,
    #[within(each(0..=100))]
    limits: std::collections::BTreeMap<String, u32>,
    #[within(each(one_of("eu", "us")))]
    regions: Option<Vec<String>>,
}

#[test]
fn the_schema_s_items_carry_the_element_rules() {
    let schema = schemars::schema_for!(Tagged).to_value();
    let properties = &schema["properties"];
    assert_eq!(properties["tags"]["maxItems"], 4);
    let items = &properties["tags"]["items"];
    assert_eq!(
        (&items["minLength"], &items["maxLength"], &items["pattern"]),
        (&1.into(), &8.into(), &"^[a-z]+$".into())
    );
    let values = &properties["limits"]["additionalProperties"];
    assert_eq!(
        (&values["minimum"], &values["maximum"]),
        (&0.into(), &100.into())
    );
    assert_eq!(
        properties["regions"]["items"]["enum"],
        serde_json::json!(["eu", "us"])
    );
}

#[test]
fn an_error_stays_56_bytes() {
    // The size the README states: a rule's words and a nested path share one box.
    assert_eq!(std::mem::size_of::<within_runtime::OutOfRange>(), 56);
}

trait Floor {
    const FLOOR: Self;
}

impl Floor for i8 {
    const FLOOR: i8 = 0;
}

#[derive(Validated, Debug)]
struct Levels<T: Floor> {
    #[within(len(1..), each(T::FLOOR..))]
    levels: Vec<T>,
}

#[test]
fn each_on_a_generic_element_adds_its_bound() {
    let mut levels = Levels::<i8>::try_new(vec![1, 2]).unwrap();
    let err = levels.set_levels(vec![1, -1]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Levels.levels[1] must be at least 0, got -1"
    );
}

#[test]
fn fields_list_every_rule_as_written_with_its_code() {
    let rules = |name: &str| -> Vec<(&str, &str)> {
        Account::FIELDS
            .iter()
            .find(|field| field.name() == name)
            .expect("listed")
            .rules()
            .iter()
            .map(|rule| (rule.code(), rule.text()))
            .collect()
    };
    assert_eq!(
        rules("username"),
        [("pattern", r#"pattern = "^[a-z][a-z0-9_]*$""#)]
    );
    assert_eq!(rules("email"), [("email", "email")]);
    assert_eq!(rules("password"), [("check", "check = strong_password")]);
    assert_eq!(rules("homepage"), [("url", "url")]);
    assert!(rules("age").is_empty());
}

#[test]
fn email_takes_an_address_alone() {
    let mut a = account();
    // A display name is how a mail header writes an address, not an address.
    assert!(a.set_email("Ann Lee <ann@example.com>".into()).is_err());
    for address in [
        "ann.lee+news@mail.example.com",
        "\"ann@home\"@example.com",
        "ann@[127.0.0.1]",
        "ann@localhost",
    ] {
        a.set_email(address.into())
            .unwrap_or_else(|e| panic!("{address}: {e}"));
    }
    for address in [
        "ann",
        "@example.com",
        "ann@",
        "ann@-example.com",
        "a b@example.com",
    ] {
        assert!(a.set_email(address.into()).is_err(), "{address}");
    }
    assert_eq!(a.email(), "ann@localhost");
}

#[derive(Validated, Debug)]
struct Label {
    #[within(chars(3..=12))]
    text: String,
    #[within(chars(..6))]
    short: Option<String>,
}

/// A char count is taken from the bytes when they decide it: every string of up to 8 chars of
/// 1, 2, 3 and 4 bytes gets the verdict counting gives.
#[test]
fn chars_is_the_count_whatever_the_bytes() {
    let mut texts = vec![String::new()];
    for _ in 0..8 {
        let longer: Vec<String> = texts
            .iter()
            .filter(|text| text.chars().count() == texts.last().map_or(0, |t| t.chars().count()))
            .flat_map(|text| ["a", "é", "€", "𝄞"].map(|c| format!("{text}{c}")))
            .collect();
        texts.extend(longer);
    }
    assert_eq!(texts.len(), (0..=8).map(|n| 4usize.pow(n)).sum::<usize>());
    for text in &texts {
        let count = text.chars().count();
        let made = Label::try_new(text.clone(), None);
        assert_eq!(made.is_ok(), (3..=12).contains(&count), "{text:?}");
        if let Ok(label) = made {
            assert!(label.validate().is_ok());
        }
        let short = Label::try_new("abc".to_owned(), Some(text.clone()));
        assert_eq!(short.is_ok(), count < 6, "{text:?}");
    }
}
