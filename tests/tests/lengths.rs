//! `len(..)` and `chars(..)`: lengths checked at every mutation, borrowed getters, owned
//! setters, and errors that report the length, never the content.

use std::collections::BTreeMap;
use within_runtime::{Measure, Measured, Validated, Violation};

#[derive(Validated, Debug)]
struct User {
    #[within(len(1..=8))]
    name: String,
    #[within(chars(1..=3))]
    initials: String,
    #[within(len(..=3))]
    tags: Vec<u32>,
    #[within(len(2..))]
    code: Box<str>,
    #[within(len(1, 2))]
    scores: Box<[u8]>,
    #[within(chars(..5))]
    nick: Option<String>,
    #[within(len(..=2))]
    labels: BTreeMap<u8, u8>,
}

fn user() -> User {
    User::try_new(
        "ada".into(),
        "AL".into(),
        vec![1, 2],
        "ab".into(),
        vec![7].into(),
        None,
        BTreeMap::new(),
    )
    .unwrap()
}

#[test]
fn getters_lend_and_setters_take_ownership() {
    let mut u = user();
    let name: &str = u.name();
    assert_eq!(name, "ada");
    let tags: &[u32] = u.tags();
    assert_eq!(tags, [1, 2]);
    let code: &str = u.code();
    assert_eq!(code, "ab");
    let scores: &[u8] = u.scores();
    assert_eq!(scores, [7]);
    let nick: Option<&str> = u.nick();
    assert_eq!(nick, None);
    u.set_name("grace".to_owned()).unwrap();
    u.set_nick(Some("gh".to_owned())).unwrap();
    assert_eq!((u.name(), u.nick()), ("grace", Some("gh")));
    assert_eq!(u.labels().len(), 0);
}

#[test]
fn a_length_error_reports_the_length_not_the_content() {
    let mut u = user();
    let err = u.set_name(String::new()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "User.name must have a length within [1, 8], got 0"
    );
    assert_eq!(
        (err.code(), err.violation()),
        ("below_min", Violation::BelowMin)
    );
    assert_eq!(err.measure(), Measure::Len);
    assert_eq!(err.value().as_deref(), Some("0"));
    let err = u.set_name("a name far too long".to_owned()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "User.name must have a length within [1, 8], got 19"
    );
    assert!(!format!("{err:?}").contains("far too long"));
    assert_eq!(u.name(), "ada", "a rejected set leaves the field as it was");
}

#[test]
fn every_range_form() {
    let mut u = user();
    assert_eq!(
        u.set_tags(vec![1, 2, 3, 4]).unwrap_err().to_string(),
        "User.tags must have a length of at most 3, got 4"
    );
    assert_eq!(
        u.set_code("a".into()).unwrap_err().to_string(),
        "User.code must have a length of at least 2, got 1"
    );
    assert_eq!(
        u.set_scores(Box::new([])).unwrap_err().to_string(),
        "User.scores must have a length within [1, 2], got 0"
    );
    assert_eq!(
        u.set_nick(Some("jimmy".into())).unwrap_err().to_string(),
        "User.nick must have a char count less than 5, got 5"
    );
    let full: BTreeMap<u8, u8> = [(1, 1), (2, 2), (3, 3)].into();
    assert_eq!(
        u.set_labels(full).unwrap_err().to_string(),
        "User.labels must have a length of at most 2, got 3"
    );
}

#[test]
fn chars_count_chars_and_len_counts_bytes() {
    let mut u = user();
    // Three chars, six bytes.
    u.set_initials("ÅÉÎ".to_owned()).unwrap();
    let err = u.set_initials("ÅÉÎØ".to_owned()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "User.initials must have a char count within [1, 3], got 4"
    );
    assert_eq!(err.measure(), Measure::Chars);
    // "ÅÉÎØ" is 8 bytes: the byte length fits `name`.
    u.set_name("ÅÉÎØ".to_owned()).unwrap();
    assert!(u.set_name("ÅÉÎØÜ".to_owned()).is_err());
}

#[test]
fn try_new_and_validate_report_every_length() {
    let err = User::try_new(
        String::new(),
        "ABCD".into(),
        vec![],
        "x".into(),
        vec![].into(),
        Some("abcdef".into()),
        BTreeMap::new(),
    )
    .unwrap_err();
    let fields: Vec<_> = err.errors().iter().map(|e| e.field()).collect();
    assert_eq!(fields, ["name", "initials", "code", "scores", "nick"]);
}

#[test]
fn field_spec_says_what_is_measured() {
    let name = &User::FIELDS[0];
    assert_eq!(
        (name.measure(), name.min(), name.max()),
        (Measure::Len, Some("1"), Some("8"))
    );
    assert_eq!(User::FIELDS[1].measure(), Measure::Chars);
}

/// A collection of the user's own, through `Measured`.
#[derive(Debug, Default)]
struct Ring {
    items: Vec<u8>,
}

impl Measured for Ring {
    fn len(&self) -> usize {
        self.items.len()
    }
}

#[derive(Validated, Debug)]
struct Buffer {
    #[within(len(1..=2))]
    ring: Ring,
}

#[test]
fn a_user_type_through_measured() {
    let mut b = Buffer::try_new(Ring { items: vec![1] }).unwrap();
    let ring: &Ring = b.ring();
    assert_eq!(ring.items, [1]);
    let err = b.set_ring(Ring::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Buffer.ring must have a length within [1, 2], got 0"
    );
}

/// A borrowed string may have its length checked: the error keeps only the length.
#[derive(Validated, Debug)]
struct Line<'a> {
    #[within(chars(..=4))]
    text: &'a str,
}

#[test]
fn a_borrowed_field_with_a_length() {
    let err = {
        let owned = String::from("hello");
        let mut line = Line::try_new("hi").unwrap();
        let err = line.set_text(&owned).unwrap_err();
        assert_eq!(line.text(), &"hi");
        err
    };
    // The error outlives the rejected string: it holds the length alone.
    assert_eq!(
        err.to_string(),
        "Line.text must have a char count of at most 4, got 5"
    );
}

#[derive(within_runtime::Validated, Debug)]
struct Labels {
    #[within(len(1..=8))]
    name: std::borrow::Cow<'static, str>,
    #[within(len(..=2))]
    codes: std::borrow::Cow<'static, [u16]>,
}

#[test]
fn len_on_cow() {
    let mut labels = Labels::try_new("api".into(), (&[1u16, 2][..]).into()).unwrap();
    assert_eq!(labels.name(), "api");
    assert_eq!(
        labels.set_name("".into()).unwrap_err().to_string(),
        "Labels.name must have a length within [1, 8], got 0"
    );
    assert!(labels.set_codes(vec![1, 2, 3].into()).is_err());
    labels.set_codes(std::borrow::Cow::Owned(vec![7])).unwrap();
}
