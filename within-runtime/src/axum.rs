//! With the `axum` feature: extractors for axum 0.8 that read a `#[within(deserialize)]` type
//! and answer every rejection with every error as JSON.
//!
//! [`Json`], [`Query`] and [`Form`] are used like axum's own, for types with
//! `#[within(deserialize)]`; a handler only runs with a value that passed every check. A
//! rejected request gets an `application/json` body `{"errors": [ERROR, ..]}`, where each
//! ERROR is an [`OutOfRange`](crate::OutOfRange) serialized as in the errors' `Serialize`
//! (`path`, `field`, `code`, `message`, `min`, `max`, `value` and the range's details) or, for a
//! request that could not be read, a [`RequestError`] with the same keys but no range and no
//! value:
//!
//! | the request | status | codes |
//! | --- | --- | --- |
//! | read, but rules broken | 422 | `below_min`, `above_max`, `unordered`: every failure of the document |
//! | a field of the wrong type, missing, unknown, or a value the type cannot take | 422 | `invalid_type`, `missing_field`, `unknown_field`, `invalid_value`: one error at its path |
//! | not JSON (malformed, empty, invalid UTF-8, trailing data) | 400 | `syntax` |
//! | no or another content type (`Json`, and `Form` on a request with a body) | 415 | `content_type` |
//! | body over the limit ([`DefaultBodyLimit`](::axum::extract::DefaultBodyLimit), 2 MB unless set) | 413 | `too_large` |
//! | the body could not be read | axum's | `body` |
//!
//! A data error's path is where the deserializer was, in wire names (`address.city`,
//! `replicas[1].port`); for a missing or unknown field it is that field's own path, and `""`
//! for the document itself (a JSON array where an object was expected). Its message names the
//! kind of value found (`invalid type: string, expected u32`), never the value: the extractor
//! cannot tell a secret field from another, and a rule failure of a `secret` field never shows
//! its value either. A duplicate field is `invalid_value` at that field's path; serde's other
//! errors (`invalid length ..`, a `deserialize_with` function's own message, a query's number
//! that does not parse) are `invalid_value` with their own message.
//!
//! [`Invalid`](crate::Invalid) and [`OutOfRange`](crate::OutOfRange) are responses too (422,
//! the same body), so a handler can `?` the error of `try_new` or of a setter:
//!
//! ```
//! use axum::{routing::post, Router};
//! use within_runtime::axum::Json;
//! use within_runtime::{Invalid, Validated};
//!
//! #[derive(Validated, Debug, serde::Serialize)]
//! #[within(deserialize)]
//! struct Booking {
//!     #[within(1, 12)]
//!     guests: u8,
//!     #[within(len(1..=40))]
//!     name: String,
//! }
//!
//! // Rejected before the handler runs: `{"guests": 0, ..}` is a 422 naming `guests`.
//! async fn book(Json(mut booking): Json<Booking>) -> Result<Json<Booking>, Invalid> {
//!     // A setter's error answers 422 with the same body.
//!     booking.set_guests(booking.guests() + 1)?;
//!     Ok(Json(booking))
//! }
//!
//! let app: Router = Router::new().route("/bookings", post(book));
//! ```
//!
//! Take `Result<Json<T>, Rejection>` to answer a [`Rejection`] your own way, and
//! `Option<Json<T>>` for a body that may be left out: `None` for a request without a content
//! type, as with axum's `Json`.

mod rejection;

pub use self::rejection::{Rejection, RequestError};

use crate::Checked;
use ::axum::body::Bytes;
use ::axum::extract::rejection::BytesRejection;
use ::axum::extract::{FromRequest, FromRequestParts, OptionalFromRequest, Request};
use ::axum::http::request::Parts;
use ::axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use ::axum::response::{IntoResponse, Response};
use alloc::string::{String, ToString};
use core::fmt::Write as _;
use core::ops::{Deref, DerefMut};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// A JSON request body read through the checks, or a JSON response.
///
/// As an extractor, for a `T` with `#[within(deserialize)]`: the request needs
/// `Content-Type: application/json` (or `application/*+json`), a body within the body limit,
/// and a document that reads as `T` and passes every check; otherwise it is rejected with a
/// [`Rejection`]. As a response, for any `T: Serialize`, it is what axum's `Json` gives: the
/// JSON body with `Content-Type: application/json`, or a 500 with the text of the error if
/// serializing fails.
#[derive(Debug, Clone, Copy, Default)]
#[must_use]
pub struct Json<T>(pub T);

/// A query string (`?guests=2&name=Ada`) read through the checks, as axum's `Query` reads it
/// (`serde_urlencoded`).
///
/// For a `T` with `#[within(deserialize)]`. A query cannot be malformed, so its rejections
/// are 422: rules broken, or a data error (`guests=two`) at its path.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

/// An HTML form read through the checks, as axum's `Form` reads it: the query string of a
/// `GET` or `HEAD` request, else an `application/x-www-form-urlencoded` body (415 without it).
///
/// For a `T` with `#[within(deserialize)]`; rejections as for [`Query`], and as for [`Json`]'s
/// body (413 over the limit).
#[derive(Debug, Clone, Copy, Default)]
#[must_use]
pub struct Form<T>(pub T);

macro_rules! wrapper {
    ($name:ident) => {
        impl<T> $name<T> {
            /// The value.
            pub fn into_inner(self) -> T {
                self.0
            }
        }

        impl<T> Deref for $name<T> {
            type Target = T;

            fn deref(&self) -> &T {
                &self.0
            }
        }

        impl<T> DerefMut for $name<T> {
            fn deref_mut(&mut self) -> &mut T {
                &mut self.0
            }
        }

        impl<T> From<T> for $name<T> {
            fn from(value: T) -> Self {
                $name(value)
            }
        }
    };
}

wrapper!(Json);
wrapper!(Query);
wrapper!(Form);

impl<T, S> FromRequest<S> for Json<T>
where
    Checked<T>: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Rejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Rejection> {
        if !is_json(req.headers()) {
            return Err(content_type("application/json"));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(body_error)?;
        Self::from_bytes(&bytes)
    }
}

/// `Option<Json<T>>`, as axum's: `None` for a request without a content type, else what
/// `Json<T>` extracts (a 415 for another content type).
impl<T, S> OptionalFromRequest<S> for Json<T>
where
    Checked<T>: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Rejection;

    async fn from_request(req: Request, state: &S) -> Result<Option<Self>, Rejection> {
        if req.headers().get(header::CONTENT_TYPE).is_none() {
            return Ok(None);
        }
        <Self as FromRequest<S>>::from_request(req, state)
            .await
            .map(Some)
    }
}

impl<T> Json<T>
where
    Checked<T>: DeserializeOwned,
{
    /// Reads a JSON document, as the extractor reads a request's body once its content type
    /// and length were accepted.
    ///
    /// ```
    /// use within_runtime::axum::{Json, Rejection};
    /// use within_runtime::Validated;
    ///
    /// #[derive(Validated, Debug)]
    /// #[within(deserialize)]
    /// struct Db {
    ///     #[within(1, 64)]
    ///     pool_size: u32,
    /// }
    ///
    /// let Err(Rejection::Invalid(invalid)) = Json::<Db>::from_bytes(br#"{"pool_size": 0}"#)
    /// else {
    ///     panic!("accepted")
    /// };
    /// assert_eq!(invalid.errors()[0].path(), "pool_size");
    ///
    /// let Err(Rejection::Request(error)) = Json::<Db>::from_bytes(br#"{}"#) else {
    ///     panic!("accepted")
    /// };
    /// assert_eq!((error.code(), error.path()), ("missing_field", "pool_size"));
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Rejection> {
        if bytes.is_empty() {
            return Err(syntax(
                String::new(),
                "empty body, expected a JSON document".into(),
            ));
        }
        let mut deserializer = serde_json::Deserializer::from_slice(bytes);
        let checked: Checked<T> =
            serde_path_to_error::deserialize(&mut deserializer).map_err(json_error)?;
        // Trailing data (`{..} x`) makes the document malformed, as serde_json::from_slice
        // says; read only after the value, so that a rule failure is not reported as syntax.
        deserializer
            .end()
            .map_err(|error| syntax(String::new(), error.to_string()))?;
        checked.into_result().map(Json).map_err(Rejection::Invalid)
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        match serde_json::to_vec(&self.0) {
            Ok(body) => (
                [(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(mime::APPLICATION_JSON.as_ref()),
                )],
                body,
            )
                .into_response(),
            Err(error) => (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response(),
        }
    }
}

impl<T, S> FromRequestParts<S> for Query<T>
where
    Checked<T>: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Rejection> {
        Self::from_query(parts.uri.query().unwrap_or_default())
    }
}

impl<T> Query<T>
where
    Checked<T>: DeserializeOwned,
{
    /// Reads a query string, without its `?`, as the extractor reads a request's.
    pub fn from_query(query: &str) -> Result<Self, Rejection> {
        urlencoded(query.as_bytes()).map(Query)
    }
}

impl<T, S> FromRequest<S> for Form<T>
where
    Checked<T>: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Rejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Rejection> {
        // As axum's `Form`: a GET or HEAD form is its query string, whatever the headers say.
        if req.method() == Method::GET || req.method() == Method::HEAD {
            let query = req.uri().query().unwrap_or_default();
            return urlencoded(query.as_bytes()).map(Form);
        }
        if !is_form(req.headers()) {
            return Err(content_type("application/x-www-form-urlencoded"));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(body_error)?;
        urlencoded(&bytes).map(Form)
    }
}

/// `application/json` or `application/*+json`, with any parameters, as axum's `Json` accepts.
fn is_json(headers: &HeaderMap) -> bool {
    mime_of(headers).is_some_and(|mime| {
        mime.type_() == mime::APPLICATION
            && (mime.subtype() == mime::JSON || mime.suffix() == Some(mime::JSON))
    })
}

fn is_form(headers: &HeaderMap) -> bool {
    mime_of(headers).is_some_and(|mime| mime.essence_str() == mime::APPLICATION_WWW_FORM_URLENCODED)
}

fn mime_of(headers: &HeaderMap) -> Option<mime::Mime> {
    headers
        .get(header::CONTENT_TYPE)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

fn content_type(expected: &str) -> Rejection {
    let mut message = String::from("expected a request with `Content-Type: ");
    message.push_str(expected);
    message.push('`');
    RequestError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "content_type",
        String::new(),
        message,
    )
    .into()
}

/// axum's rejection of a body it could not buffer, with its status: 413 over the limit.
fn body_error(rejection: BytesRejection) -> Rejection {
    let status = rejection.status();
    let code = if status == StatusCode::PAYLOAD_TOO_LARGE {
        "too_large"
    } else {
        "body"
    };
    RequestError::new(status, code, String::new(), rejection.body_text()).into()
}

fn syntax(path: String, message: String) -> Rejection {
    RequestError::new(StatusCode::BAD_REQUEST, "syntax", path, message).into()
}

/// A serde_json error: 400 for a document that is not JSON (the message keeps serde_json's
/// line and column), 422 for a data error at its path (whose message needs no position).
fn json_error(error: serde_path_to_error::Error<serde_json::Error>) -> Rejection {
    let path = path_text(error.path());
    let error = error.into_inner();
    match error.classify() {
        serde_json::error::Category::Data => {
            let mut message = error.to_string();
            let position = alloc::format!(" at line {} column {}", error.line(), error.column());
            if message.ends_with(&position) {
                message.truncate(message.len() - position.len());
            }
            rejection::data_error(path, &message).into()
        }
        // `Io` cannot happen on a slice; `Eof` is a document cut short.
        _ => syntax(path, error.to_string()),
    }
}

/// Reads an urlencoded document, as axum's `Query` and `Form` do (serde_urlencoded).
fn urlencoded<T>(bytes: &[u8]) -> Result<T, Rejection>
where
    Checked<T>: DeserializeOwned,
{
    let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(bytes));
    let checked: Checked<T> = serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = path_text(error.path());
        rejection::data_error(path, &error.into_inner().to_string())
    })?;
    checked.into_result().map_err(Rejection::Invalid)
}

/// A path as the checks write theirs: `replicas[1].port`, `""` for the document. It stops
/// before a key not yet read (a document cut short after a `,`), which has no name to show.
fn path_text(path: &serde_path_to_error::Path) -> String {
    let mut text = String::new();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => {
                let _ = write!(text, "[{index}]");
            }
            serde_path_to_error::Segment::Map { key }
            | serde_path_to_error::Segment::Enum { variant: key } => {
                if !text.is_empty() {
                    text.push('.');
                }
                text.push_str(key);
            }
            serde_path_to_error::Segment::Unknown => break,
        }
    }
    text
}
