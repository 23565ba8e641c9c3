//! Your own rules and the built-in string rules: a setter with `check = f` against the same
//! `if f(&v)` by hand; `email`, `url` and `pattern` against their crates called directly; a
//! signup form's `validate()` against garde's and validator's; and 1,000 signup documents
//! deserialized through the checks against serde's derive followed by garde's `validate()`.

use crate::timing::{compare, Case};
use crate::{consume, row, Row};
use regex::Regex;
use std::hint::black_box;
use std::sync::LazyLock;
use within_runtime::Validated;

// ---------------------------------------------------------------------------------------------
// Setters.

/// The custom rule of the setter rows.
fn not_blank(name: &str) -> bool {
    !name.trim().is_empty()
}

/// A name with a custom check; a `&'static str`, so the loop times the check, not an
/// allocation.
#[derive(Validated, Debug)]
pub struct Checked {
    #[within(check = not_blank)]
    name: &'static str,
}

/// The username pattern of every row.
const USERNAME: &str = "^[a-z][a-z0-9_]*$";

/// The three built-in string rules, one field each.
#[derive(Validated, Debug)]
pub struct Contact {
    #[within(email)]
    email: &'static str,
    #[within(url)]
    homepage: &'static str,
    #[within(pattern = "^[a-z][a-z0-9_]*$")]
    username: &'static str,
}

/// The same fields, checked by hand.
pub struct PlainContact {
    name: &'static str,
    email: &'static str,
    homepage: &'static str,
    username: &'static str,
}

/// The pattern compiled once, as a user would keep it.
static USERNAME_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(USERNAME).expect("valid"));

impl PlainContact {
    #[inline]
    #[allow(clippy::result_unit_err)]
    pub fn set_name(&mut self, value: &'static str) -> Result<(), ()> {
        if not_blank(value) {
            self.name = value;
            Ok(())
        } else {
            Err(())
        }
    }

    #[inline]
    #[allow(clippy::result_unit_err)]
    pub fn set_email(&mut self, value: &'static str) -> Result<(), ()> {
        if is_address(value) {
            self.email = value;
            Ok(())
        } else {
            Err(())
        }
    }

    #[inline]
    #[allow(clippy::result_unit_err)]
    pub fn set_homepage(&mut self, value: &'static str) -> Result<(), ()> {
        if url::Url::parse(value).is_ok() {
            self.homepage = value;
            Ok(())
        } else {
            Err(())
        }
    }

    #[inline]
    #[allow(clippy::result_unit_err)]
    pub fn set_username(&mut self, value: &'static str) -> Result<(), ()> {
        if USERNAME_RE.is_match(value) {
            self.username = value;
            Ok(())
        } else {
            Err(())
        }
    }
}

fn plain_contact() -> PlainContact {
    PlainContact {
        name: "orders",
        email: "ann@example.com",
        homepage: "https://example.com/",
        username: "ann",
    }
}

fn contact() -> Contact {
    Contact::try_new("ann@example.com", "https://example.com/", "ann").expect("valid")
}

const NAME: &str = "checkout";
const EMAIL: &str = "ann.lee+news@mail.example.com";
const URL: &str = "https://example.com/users/ann_lee42?tab=posts";
const HANDLE: &str = "ann_lee42";

#[inline(never)]
fn check_ours(n: u64) {
    let mut c = Checked::try_new("orders").expect("valid");
    for _ in 0..n {
        consume(black_box(&mut c).set_name(black_box(NAME)));
    }
}

#[inline(never)]
fn check_hand(n: u64) {
    let mut c = plain_contact();
    for _ in 0..n {
        consume(black_box(&mut c).set_name(black_box(NAME)));
    }
}

#[inline(never)]
fn email_ours(n: u64) {
    let mut c = contact();
    for _ in 0..n {
        consume(black_box(&mut c).set_email(black_box(EMAIL)));
    }
}

#[inline(never)]
fn email_hand(n: u64) {
    let mut c = plain_contact();
    for _ in 0..n {
        consume(black_box(&mut c).set_email(black_box(EMAIL)));
    }
}

#[inline(never)]
fn url_ours(n: u64) {
    let mut c = contact();
    for _ in 0..n {
        consume(black_box(&mut c).set_homepage(black_box(URL)));
    }
}

#[inline(never)]
fn url_hand(n: u64) {
    let mut c = plain_contact();
    for _ in 0..n {
        consume(black_box(&mut c).set_homepage(black_box(URL)));
    }
}

#[inline(never)]
fn pattern_ours(n: u64) {
    let mut c = contact();
    for _ in 0..n {
        consume(black_box(&mut c).set_username(black_box(HANDLE)));
    }
}

#[inline(never)]
fn pattern_hand(n: u64) {
    let mut c = plain_contact();
    for _ in 0..n {
        consume(black_box(&mut c).set_username(black_box(HANDLE)));
    }
}

// ---------------------------------------------------------------------------------------------
// The signup form, three ways, with the same rules.

/// The password rule of all three.
fn has_digit(password: &str) -> bool {
    password.chars().any(|c| c.is_ascii_digit())
}

fn strong_password(password: &str) -> Result<(), &'static str> {
    match has_digit(password) {
        true => Ok(()),
        false => Err("must contain a digit"),
    }
}

/// Ours.
#[derive(Validated, Debug)]
#[within(deserialize)]
pub struct Signup {
    #[within(chars(3..=32), pattern = "^[a-z][a-z0-9_]*$")]
    username: String,
    #[within(email)]
    email: String,
    #[within(chars(8..=64), check = strong_password, secret)]
    password: String,
    #[within(13..=150)]
    age: u8,
    #[within(each(chars(1..=16)))]
    tags: Vec<String>,
    #[within(url)]
    homepage: Option<String>,
}

fn garde_password(password: &str, _: &()) -> garde::Result {
    strong_password(password).map_err(garde::Error::new)
}

/// garde's.
#[derive(garde::Validate, serde::Deserialize, Debug)]
pub struct GardeSignup {
    #[garde(length(chars, min = 3, max = 32), pattern(r"^[a-z][a-z0-9_]*$"))]
    username: String,
    #[garde(email)]
    email: String,
    #[garde(length(chars, min = 8, max = 64), custom(garde_password))]
    password: String,
    #[garde(range(min = 13, max = 150))]
    age: u8,
    #[garde(inner(length(chars, min = 1, max = 16)))]
    tags: Vec<String>,
    #[garde(url)]
    homepage: Option<String>,
}

fn validator_password(password: &str) -> Result<(), validator::ValidationError> {
    strong_password(password).map_err(|_| validator::ValidationError::new("password"))
}

/// validator has no rule on elements: the tags' rule is a custom function.
fn validator_tags(tags: &[String]) -> Result<(), validator::ValidationError> {
    match tags
        .iter()
        .all(|tag| (1..=16).contains(&tag.chars().count()))
    {
        true => Ok(()),
        false => Err(validator::ValidationError::new("tags")),
    }
}

/// validator's.
#[derive(validator::Validate, Debug)]
pub struct ValidatorSignup {
    #[validate(length(min = 3, max = 32), regex(path = *USERNAME_RE))]
    username: String,
    #[validate(email)]
    email: String,
    #[validate(length(min = 8, max = 64), custom(function = "validator_password"))]
    password: String,
    #[validate(range(min = 13, max = 150))]
    age: u8,
    #[validate(custom(function = "validator_tags"))]
    tags: Vec<String>,
    #[validate(url)]
    homepage: Option<String>,
}

/// The fields of one valid signup.
struct Fields {
    username: String,
    email: String,
    password: String,
    age: u8,
    tags: Vec<String>,
    homepage: Option<String>,
}

fn fields(i: usize) -> Fields {
    Fields {
        username: format!("ann_lee{i}"),
        email: format!("ann.lee{i}@example.com"),
        password: format!("correct horse {i}"),
        age: 18 + (i % 60) as u8,
        tags: vec!["rust".to_owned(), "web".to_owned(), "databases".to_owned()],
        homepage: Some(format!("https://example.com/users/ann_lee{i}")),
    }
}

fn signup() -> Signup {
    let f = fields(42);
    Signup::try_new(f.username, f.email, f.password, f.age, f.tags, f.homepage).expect("valid")
}

fn garde_signup() -> GardeSignup {
    let f = fields(42);
    GardeSignup {
        username: f.username,
        email: f.email,
        password: f.password,
        age: f.age,
        tags: f.tags,
        homepage: f.homepage,
    }
}

fn validator_signup() -> ValidatorSignup {
    let f = fields(42);
    ValidatorSignup {
        username: f.username,
        email: f.email,
        password: f.password,
        age: f.age,
        tags: f.tags,
        homepage: f.homepage,
    }
}

#[inline(never)]
fn validate_ours(n: u64) {
    let s = signup();
    for _ in 0..n {
        consume(black_box(&s).validate());
    }
}

#[inline(never)]
fn validate_garde(n: u64) {
    use garde::Validate;
    let s = garde_signup();
    for _ in 0..n {
        consume(black_box(&s).validate());
    }
}

#[inline(never)]
fn validate_validator(n: u64) {
    use validator::Validate;
    let s = validator_signup();
    for _ in 0..n {
        consume(black_box(&s).validate());
    }
}

/// An address alone, each part as `email_address` reads it: what `#[within(email)]` runs, by
/// hand.
#[inline]
fn is_address(text: &str) -> bool {
    use email_address::EmailAddress;
    text.rsplit_once('@').is_some_and(|(local, domain)| {
        EmailAddress::is_valid_local_part(local) && EmailAddress::is_valid_domain(domain)
    })
}

/// The form's address through each library's email rule: `email_address`'s parts (ours), its
/// `is_valid` (which also takes a display name, and allocates), garde's and validator's own
/// parsers. Not the same rule: they accept different sets of addresses.
#[inline(never)]
fn email_crate(n: u64, address: &str) {
    for _ in 0..n {
        black_box(is_address(black_box(address)));
    }
}

#[inline(never)]
fn email_is_valid(n: u64, address: &str) {
    for _ in 0..n {
        black_box(email_address::EmailAddress::is_valid(black_box(address)));
    }
}

#[inline(never)]
fn email_garde(n: u64, address: &str) {
    for _ in 0..n {
        consume(garde::rules::email::parse_email(black_box(address)));
    }
}

#[inline(never)]
fn email_validator(n: u64, address: &str) {
    use validator::ValidateEmail;
    for _ in 0..n {
        black_box(black_box(address).validate_email());
    }
}

/// Signup documents deserialized per operation.
const DOCUMENTS: usize = 1_000;

fn documents() -> Vec<String> {
    (0..DOCUMENTS)
        .map(|i| {
            let f = fields(i);
            serde_json::json!({
                "username": f.username,
                "email": f.email,
                "password": f.password,
                "age": f.age,
                "tags": f.tags,
                "homepage": f.homepage,
            })
            .to_string()
        })
        .collect()
}

#[inline(never)]
fn read_ours(n: u64, documents: &[String]) {
    for _ in 0..n {
        for document in documents {
            consume(serde_json::from_str::<Signup>(black_box(document)));
        }
    }
}

#[inline(never)]
fn read_garde(n: u64, documents: &[String]) {
    use garde::Validate;
    for _ in 0..n {
        for document in documents {
            match serde_json::from_str::<GardeSignup>(black_box(document)) {
                Ok(signup) => {
                    consume(signup.validate());
                    drop(black_box(signup));
                }
                Err(error) => drop(black_box(error)),
            }
        }
    }
}

/// The three agree on what is valid and what is not, so the rows compare the same work.
fn agree() {
    use garde::Validate as _;
    use validator::Validate as _;
    assert!(signup().validate().is_ok());
    assert!(garde_signup().validate().is_ok());
    assert!(validator_signup().validate().is_ok());
    let bad = r#"{"username": "Ann", "email": "x", "password": "no digits here", "age": 12,
        "tags": ["", "seventeen chars!!"], "homepage": "example.com"}"#;
    let ours = serde_json::from_str::<Signup>(bad).expect_err("invalid");
    assert_eq!(ours.to_string().matches(" must ").count(), 7, "{ours}");
    let garde = serde_json::from_str::<GardeSignup>(bad)
        .expect("well formed")
        .validate()
        .expect_err("invalid");
    assert_eq!(garde.iter().count(), 7, "{garde}");
    let mut c = contact();
    assert!(c.set_email("x").is_err() && plain_contact().set_email("x").is_err());
    assert!(c.set_homepage("example.com").is_err());
    assert!(plain_contact().set_homepage("example.com").is_err());
    assert!(c.set_username("Ann").is_err() && plain_contact().set_username("Ann").is_err());
}

pub fn rows() -> Vec<Row> {
    agree();
    let mut rows = Vec::new();
    eprintln!("timing: rules in setters");
    let t = compare(&mut [Case::new(check_ours), Case::new(check_hand)]);
    rows.push(row(
        "`set_name(\"checkout\")` with `#[within(check = not_blank)]`",
        t[0],
        "hand-written `if not_blank(&v)`",
        t[1],
        Some(1.05),
    ));
    let t = compare(&mut [
        Case::new(email_ours),
        Case::new(email_hand),
        Case::new(url_ours),
        Case::new(url_hand),
        Case::new(pattern_ours),
        Case::new(pattern_hand),
    ]);
    rows.push(row(
        &format!("`set_email({EMAIL:?})` with `#[within(email)]`"),
        t[0],
        "hand-written `if is_valid_local_part(l) && is_valid_domain(d)` after `rsplit_once('@')` (email_address 0.2)",
        t[1],
        Some(1.05),
    ));
    rows.push(row(
        &format!("`set_homepage({URL:?})` with `#[within(url)]`"),
        t[2],
        "hand-written `if Url::parse(v).is_ok()` (url 2)",
        t[3],
        Some(1.05),
    ));
    rows.push(row(
        &format!("`set_username({HANDLE:?})` with `#[within(pattern = \"{USERNAME}\")]`"),
        t[4],
        "hand-written `if RE.is_match(v)`, a `LazyLock<Regex>` (regex 1)",
        t[5],
        Some(1.05),
    ));

    eprintln!("timing: a signup form's validate()");
    let t = compare(&mut [
        Case::new(validate_ours),
        Case::new(validate_garde),
        Case::new(validate_validator),
    ]);
    let form = "`signup.validate()`: username chars + pattern, email, password chars + check, \
                age range, 3 tags each chars, url; valid";
    rows.push(row(form, t[0], "garde 0.23 `validate()`", t[1], Some(1.0)));
    rows.push(row(
        form,
        t[0],
        "validator 0.21 `validate()` (tags by a custom fn)",
        t[2],
        Some(1.0),
    ));
    let address = signup().email().to_owned();
    let t = compare(&mut [
        Case::new(|n| email_crate(n, &address)),
        Case::new(|n| email_garde(n, &address)),
        Case::new(|n| email_validator(n, &address)),
        Case::new(|n| email_is_valid(n, &address)),
    ]);
    let ours = format!("of which the email rule, `{address:?}`: `email_address`'s local part and domain");
    rows.push(row(&ours, t[0], "garde's own email parser", t[1], None));
    rows.push(row(&ours, t[0], "validator's own email check", t[2], None));
    rows.push(row(
        &ours,
        t[0],
        "`EmailAddress::is_valid` (also takes a display name; allocates a copy)",
        t[3],
        None,
    ));

    eprintln!("timing: deserializing {DOCUMENTS} signup documents");
    let documents = documents();
    let t = compare(&mut [
        Case::new(|n| read_ours(n, &documents)),
        Case::new(|n| read_garde(n, &documents)),
    ]);
    rows.push(row(
        &format!("`from_str::<Signup>` of {DOCUMENTS} documents, all valid"),
        t[0],
        "serde's derive, then garde's `validate()`",
        t[1],
        Some(1.0),
    ));
    rows
}
