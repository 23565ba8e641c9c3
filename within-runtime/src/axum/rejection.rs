//! What the extractors reject a request with, and how every error becomes the same JSON body.

use crate::{Invalid, OutOfRange};
use ::axum::http::{header, HeaderValue, StatusCode};
use ::axum::response::{IntoResponse, Response};
use alloc::borrow::ToOwned;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt::{self, Display};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// Why a [`Json`](super::Json), [`Query`](super::Query) or [`Form`](super::Form) extractor
/// refused a request. As a response it is `application/json` `{"errors": [..]}` with the
/// [status](Rejection::status) below; see the [module documentation](super) for the body.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Rejection {
    /// The document was read but broke the rules: `422 Unprocessable Entity`, with every
    /// failure of the document.
    Invalid(Invalid),
    /// The request could not be read as the type: one error, whose status is its own.
    Request(RequestError),
}

impl Rejection {
    /// The status the response has: 422 for [`Rejection::Invalid`], else the error's own.
    pub fn status(&self) -> StatusCode {
        match self {
            Rejection::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Rejection::Request(error) => error.status(),
        }
    }
}

impl Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::Invalid(invalid) => Display::fmt(invalid, f),
            Rejection::Request(error) => Display::fmt(error, f),
        }
    }
}

impl core::error::Error for Rejection {}

impl From<Invalid> for Rejection {
    fn from(invalid: Invalid) -> Self {
        Rejection::Invalid(invalid)
    }
}

impl From<RequestError> for Rejection {
    fn from(error: RequestError) -> Self {
        Rejection::Request(error)
    }
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        match self {
            Rejection::Invalid(invalid) => invalid.into_response(),
            Rejection::Request(error) => error.into_response(),
        }
    }
}

/// A request that could not be read as the extractor's type, before any rule was checked: a
/// wrong content type, a body that is not JSON, a field of the wrong type, a missing field.
///
/// It serializes like an [`OutOfRange`] without a range: `path`, `field`, `code`, `min` and
/// `max` (both `null`) and `message`, and never a `value`. The message names the kind of
/// value found (`invalid type: string, expected u32`) but never the value itself, which could
/// be a secret field's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestError {
    status: StatusCode,
    code: &'static str,
    path: String,
    message: String,
}

impl RequestError {
    pub(crate) fn new(
        status: StatusCode,
        code: &'static str,
        path: String,
        message: String,
    ) -> Self {
        RequestError {
            status,
            code,
            path,
            message,
        }
    }

    /// The response's status: 400, 413, 415 or 422, or axum's for a body it could not read
    /// (see the [module documentation](super)).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// A stable, machine-readable name of the failure: `syntax`, `content_type`,
    /// `invalid_type`, `missing_field`, `unknown_field`, `invalid_value`, `too_large` or
    /// `body`.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// Where in the document, in wire names: `address.city`, `replicas[1].port`; a missing or
    /// unknown field's own path; empty for the document itself.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The last field name of the [path](RequestError::path) (`city` for `address.city`,
    /// `replicas` for `replicas[1]`); empty when the path names no field.
    pub fn field(&self) -> &str {
        last_field(&self.path)
    }

    /// What went wrong, without the document's values: ``missing field `city` ``.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}

impl core::error::Error for RequestError {}

impl Serialize for RequestError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(6))?;
        map.serialize_entry("path", &self.path)?;
        map.serialize_entry("field", self.field())?;
        map.serialize_entry("code", self.code)?;
        map.serialize_entry("min", &None::<&str>)?;
        map.serialize_entry("max", &None::<&str>)?;
        map.serialize_entry("message", &self.message)?;
        map.end()
    }
}

impl IntoResponse for RequestError {
    fn into_response(self) -> Response {
        respond(self.status, &Errors(core::slice::from_ref(&self)), 1)
    }
}

/// 422 Unprocessable Entity with `{"errors": [..]}`, every failure: so that a handler can `?`
/// the error of `try_new` or [`Validated::validate`](crate::Validated::validate).
impl IntoResponse for Invalid {
    fn into_response(self) -> Response {
        let errors = self.errors();
        respond(
            StatusCode::UNPROCESSABLE_ENTITY,
            &Errors(errors),
            errors.len(),
        )
    }
}

/// 422 Unprocessable Entity with `{"errors": [..]}` holding this one error: so that a handler
/// can `?` a setter's error.
impl IntoResponse for OutOfRange {
    fn into_response(self) -> Response {
        respond(
            StatusCode::UNPROCESSABLE_ENTITY,
            &Errors(core::slice::from_ref(&self)),
            1,
        )
    }
}

/// `{"errors": [..]}`.
struct Errors<'a, E>(&'a [E]);

impl<E: Serialize> Serialize for Errors<'_, E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("errors", &List(self.0))?;
        map.end()
    }
}

struct List<'a, E>(&'a [E]);

impl<E: Serialize> Serialize for List<'_, E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for error in self.0 {
            seq.serialize_element(error)?;
        }
        seq.end()
    }
}

/// `body` as JSON with `status`; `errors` is how many errors it holds, to size the buffer once
/// (a range error serializes to about 300 bytes, a request error to about 120).
fn respond(status: StatusCode, body: &impl Serialize, errors: usize) -> Response {
    let mut buffer = Vec::with_capacity(16 + 320 * errors);
    match serde_json::to_writer(&mut buffer, body) {
        Ok(()) => (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static(mime::APPLICATION_JSON.as_ref()),
            )],
            buffer,
        )
            .into_response(),
        // Strings, numbers and maps into a `Vec` cannot fail; kept as a response rather than a
        // panic all the same, as axum's `Json` does.
        Err(error) => (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response(),
    }
}

/// The field a path ends in: its last name once trailing `[i]` are removed.
fn last_field(path: &str) -> &str {
    let mut named = path;
    while named.ends_with(']') {
        match named.rfind('[') {
            Some(at) => named = &named[..at],
            None => break,
        }
    }
    match named.rfind('.') {
        Some(dot) => &named[dot + 1..],
        None => named,
    }
}

/// A serde data error of a document at `path` (from `serde_path_to_error`), given its message
/// without a position: 422 with the code of serde's error kind, the missing or unknown field
/// appended to the path, and the document's values left out of the message.
pub(crate) fn data_error(path: String, message: &str) -> RequestError {
    let (code, message, field) = classify(message);
    let path = match field {
        // serde_path_to_error stops at the struct that lacks the field (or, for an unknown
        // key, may already have entered it): the field's own path either way.
        Some(field) if !path_ends_with(&path, field) => join(&path, field),
        _ => path,
    };
    RequestError::new(StatusCode::UNPROCESSABLE_ENTITY, code, path, message)
}

fn path_ends_with(path: &str, field: &str) -> bool {
    path == field
        || path
            .strip_suffix(field)
            .is_some_and(|head| head.ends_with('.'))
}

fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_owned()
    } else {
        format!("{path}.{field}")
    }
}

/// The code, the message to show, and the field a missing/unknown-field error names, from the
/// wording of serde's `de::Error` constructors (the only structure a format's error keeps).
fn classify(message: &str) -> (&'static str, String, Option<&str>) {
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.strip_suffix('`').unwrap_or(rest);
        return ("missing_field", message.to_owned(), Some(field));
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        // The key is the document's, but a key, not a value: kept, to name the path.
        let (field, _) = split_quoted(rest);
        return ("unknown_field", message.to_owned(), Some(field));
    }
    if let Some(rest) = message.strip_prefix("duplicate field `") {
        let field = rest.strip_suffix('`').unwrap_or(rest);
        return ("invalid_value", message.to_owned(), Some(field));
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        return ("invalid_type", without_value("invalid type: ", rest), None);
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        return (
            "invalid_value",
            without_value("invalid value: ", rest),
            None,
        );
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        // The variant is the document's value: left out.
        let (_, tail) = split_quoted(rest);
        return ("invalid_value", format!("unknown variant{tail}"), None);
    }
    // `invalid length ..` and the custom messages of a format or a
    // `deserialize_with` function (serde_urlencoded's `invalid digit found in string`): a
    // value the type could not take.
    ("invalid_value", message.to_owned(), None)
}

/// Splits `` name`, expected .. `` into the name and `, expected ..`. The name comes from the
/// document and may hold a backtick: the tail is found from the right, since serde's own
/// wording after it (`, expected ..`, `, there are no ..`) holds none of `` `, expected ``.
fn split_quoted(rest: &str) -> (&str, &str) {
    let end = [rest.rfind("`, expected "), rest.rfind("`, there are no ")]
        .into_iter()
        .flatten()
        .max()
        .or_else(|| rest.strip_suffix('`').map(|name| name.len()));
    match end {
        Some(end) => (&rest[..end], &rest[end + 1..]),
        None => (rest, ""),
    }
}

/// `invalid type: string "hunter2", expected u32` as `invalid type: string, expected u32`:
/// serde's `Unexpected` prints the value after its kind (`integer `5``, `string "a"`); the
/// kind is kept and the value dropped.
fn without_value(prefix: &str, rest: &str) -> String {
    // The value may hold `, expected `; the expectation, written by the type, comes last.
    let (unexpected, expected) = match rest.rfind(", expected ") {
        Some(at) => (&rest[..at], &rest[at..]),
        None => (rest, ""),
    };
    let kind = [unexpected.find(" `"), unexpected.find(" \"")]
        .into_iter()
        .flatten()
        .min()
        .map_or(unexpected, |at| &unexpected[..at]);
    let mut text = String::with_capacity(prefix.len() + kind.len() + expected.len());
    text.push_str(prefix);
    text.push_str(kind);
    text.push_str(expected);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_left_out_of_type_and_value_errors() {
        let cases = [
            (
                "invalid type: string \"hunter2, expected x\", expected u32",
                "invalid type: string, expected u32",
            ),
            (
                "invalid type: integer `5`, expected a string",
                "invalid type: integer, expected a string",
            ),
            (
                "invalid value: integer `300`, expected u8",
                "invalid value: integer, expected u8",
            ),
            (
                "invalid type: null, expected u32",
                "invalid type: null, expected u32",
            ),
            (
                "invalid type: map, expected u32",
                "invalid type: map, expected u32",
            ),
            (
                "invalid type: floating point `1.5`, expected u32",
                "invalid type: floating point, expected u32",
            ),
        ];
        for (message, shown) in cases {
            assert_eq!(classify(message).1, shown, "{message}");
        }
    }

    #[test]
    fn fields_of_missing_and_unknown_field_errors_join_the_path() {
        let missing = data_error("address".into(), "missing field `city`");
        assert_eq!(
            (missing.code(), missing.path(), missing.field()),
            ("missing_field", "address.city", "city")
        );
        let unknown = data_error(
            String::new(),
            "unknown field `ci`ty`, expected `name` or `city`",
        );
        assert_eq!((unknown.code(), unknown.path()), ("unknown_field", "ci`ty"));
        let entered = data_error(
            "address.cty".into(),
            "unknown field `cty`, there are no fields",
        );
        assert_eq!(entered.path(), "address.cty");
        let variant = data_error(
            "mode".into(),
            "unknown variant `secret`, expected `a` or `b`",
        );
        assert_eq!(
            (variant.code(), variant.message()),
            ("invalid_value", "unknown variant, expected `a` or `b`")
        );
    }

    #[test]
    fn the_field_is_the_last_name_of_the_path() {
        for (path, field) in [
            ("", ""),
            ("port", "port"),
            ("address.city", "city"),
            ("replicas[1].port", "port"),
            ("replicas[1]", "replicas"),
            ("line2[0][3]", "line2"),
            ("[0]", ""),
        ] {
            assert_eq!(last_field(path), field, "{path}");
        }
    }
}
