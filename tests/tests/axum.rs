//! The axum extractors as a caller sees them: a real server on 127.0.0.1, a real HTTP client,
//! and the status, content type and body of every answer.

use axum::body::Bytes;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, Method, Request, StatusCode};
use axum::routing::{get, post};
use axum::Router;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::service::TowerToHyperService;
use serde_json::{json, Value};
use std::future::Future;
use std::net::SocketAddr;
use within_runtime::axum::{Form, Json, Query, Rejection};
use within_runtime::{Invalid, OutOfRange, Validated};

#[derive(Validated, Debug)]
#[within(deserialize)]
#[serde(deny_unknown_fields)]
struct Address {
    #[within(len(1..=40))]
    city: String,
    #[within(1000, 99999)]
    zip: u32,
}

#[derive(Validated, Debug)]
#[within(deserialize)]
#[serde(deny_unknown_fields)]
struct Signup {
    #[within(13, 130)]
    age: u8,
    #[within(len(8..=64), secret)]
    password: String,
    #[within(nested)]
    address: Address,
    #[within(nested)]
    #[serde(default)]
    previous: Vec<Address>,
}

#[derive(Validated, Debug)]
#[within(deserialize)]
struct Page {
    #[within(1, 100)]
    per_page: u32,
    #[within(1..)]
    page: u32,
}

/// The password every valid document sends: a test fails if it shows up in any body.
const PASSWORD: &str = "correct-horse-battery";

async fn signup(Json(signup): Json<Signup>) -> Json<Value> {
    Json(json!({
        "age": signup.age(),
        "city": signup.address().city(),
        "previous": signup.previous().len(),
    }))
}

/// A year older: a setter's error, `?`-ed, is the response.
async fn birthday(Json(mut signup): Json<Signup>) -> Result<Json<Value>, OutOfRange> {
    signup.set_age(signup.age() + 1)?;
    Ok(Json(json!({ "age": signup.age() })))
}

/// `try_new`'s error, `?`-ed.
async fn build(Query(page): Query<Page>) -> Result<Json<Value>, Invalid> {
    let next = Page::try_new(page.per_page() * 10, page.page() + 1)?;
    Ok(Json(
        json!({ "per_page": next.per_page(), "page": next.page() }),
    ))
}

async fn search(Query(page): Query<Page>) -> Json<Value> {
    Json(json!({ "per_page": page.per_page(), "page": page.page() }))
}

async fn form(Form(page): Form<Page>) -> Json<Value> {
    Json(json!({ "per_page": page.per_page(), "page": page.page() }))
}

/// A handler that answers a rejection itself.
async fn status_only(signup: Result<Json<Signup>, Rejection>) -> String {
    match signup {
        Ok(_) => "ok".to_owned(),
        Err(rejection) => rejection.status().as_u16().to_string(),
    }
}

/// A body that may be left out.
async fn optional(signup: Option<Json<Signup>>) -> String {
    match signup {
        Some(Json(signup)) => signup.age().to_string(),
        None => "none".to_owned(),
    }
}

fn app() -> Router {
    Router::new()
        .route("/optional", post(optional))
        .route("/signup", post(signup))
        .route("/birthday", post(birthday))
        .route("/search", get(search))
        .route("/build", get(build))
        .route("/form", get(form).post(form))
        .route("/status", post(status_only))
        .route("/small", post(signup).layer(DefaultBodyLimit::max(64)))
}

/// Runs `test` against a server for [`app`] on 127.0.0.1, in a runtime of its own.
fn with_server<F: Future<Output = ()>>(test: impl FnOnce(Caller) -> F) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .unwrap();
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let server = tokio::spawn(serve(listener, app()));
        let client = Client::builder(TokioExecutor::new()).build_http();
        test(Caller { client, address }).await;
        server.abort();
    });
}

/// Serves `app` as `axum::serve` does, one HTTP/1 connection per task. Through hyper directly:
/// `axum::serve` needs axum's `tokio` feature, which turns on tokio's macros and, through them,
/// syn's `full`, which the compile-fail cases must build without (see Cargo.toml).
async fn serve(listener: tokio::net::TcpListener, app: Router) {
    while let Ok((stream, _)) = listener.accept().await {
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(
            hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service),
        );
    }
}

#[derive(Clone)]
struct Caller {
    client: Client<HttpConnector, Full<Bytes>>,
    address: SocketAddr,
}

/// What a caller gets back.
#[derive(Debug)]
struct Answer {
    status: StatusCode,
    content_type: Option<String>,
    text: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|error| panic!("{error}: not JSON: {}", self.text))
    }

    /// The only error of the body, which must be `{"errors": [one]}` in JSON.
    fn error(&self) -> Value {
        let errors = self.errors();
        assert_eq!(errors.len(), 1, "{}", self.text);
        errors.into_iter().next().unwrap()
    }

    fn errors(&self) -> Vec<Value> {
        assert_eq!(
            self.content_type.as_deref(),
            Some("application/json"),
            "{}",
            self.text
        );
        let body = self.json();
        let object = body.as_object().expect("an object");
        assert_eq!(object.len(), 1, "{}", self.text);
        object["errors"].as_array().expect("a list").clone()
    }
}

impl Caller {
    async fn send(
        &self,
        method: Method,
        path: &str,
        content_type: Option<&str>,
        body: impl Into<Bytes>,
    ) -> Answer {
        let mut request = Request::builder()
            .method(method)
            .uri(format!("http://{}{path}", self.address));
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        let request = request.body(Full::new(body.into())).unwrap();
        let response = self.client.request(request).await.unwrap();
        let status = response.status();
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|value| value.to_str().unwrap().to_owned());
        let body = response.into_body().collect().await.unwrap().to_bytes();
        let text = String::from_utf8(body.to_vec()).unwrap();
        assert!(!text.contains(PASSWORD), "the secret in {text}");
        Answer {
            status,
            content_type,
            text,
        }
    }

    async fn post_json(&self, path: &str, body: impl Into<Bytes>) -> Answer {
        self.send(Method::POST, path, Some("application/json"), body)
            .await
    }

    async fn get(&self, path: &str) -> Answer {
        self.send(Method::GET, path, None, Bytes::new()).await
    }
}

/// A document that passes every check, with `change` applied to it.
fn document(change: impl FnOnce(&mut Value)) -> String {
    let mut document = json!({
        "age": 30,
        "password": PASSWORD,
        "address": { "city": "Lyon", "zip": 69001 },
        "previous": [{ "city": "Oslo", "zip": 1234 }],
    });
    change(&mut document);
    document.to_string()
}

#[test]
fn a_valid_document_reaches_the_handler() {
    with_server(|caller| async move {
        let answer = caller.post_json("/signup", document(|_| {})).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        assert_eq!(answer.content_type.as_deref(), Some("application/json"));
        assert_eq!(
            answer.json(),
            json!({"age": 30, "city": "Lyon", "previous": 1})
        );
        // `application/*+json` and parameters are JSON too, as for axum's `Json`.
        for content_type in [
            "application/json; charset=utf-8",
            "application/problem+json",
        ] {
            let answer = caller
                .send(
                    Method::POST,
                    "/signup",
                    Some(content_type),
                    document(|_| {}),
                )
                .await;
            assert_eq!(answer.status, StatusCode::OK, "{content_type}");
        }
    });
}

#[test]
fn broken_rules_are_422_with_every_failure_at_its_path() {
    with_server(|caller| async move {
        let body = document(|d| {
            d["age"] = json!(12);
            d["password"] = json!("short");
            d["address"]["city"] = json!("");
            d["previous"] = json!([
                { "city": "Oslo", "zip": 1234 },
                { "city": "Rome", "zip": 5 },
            ]);
        });
        let answer = caller.post_json("/signup", body).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
        let errors = answer.errors();
        let found: Vec<_> = errors
            .iter()
            .map(|e| (e["path"].as_str().unwrap(), e["code"].as_str().unwrap()))
            .collect();
        assert_eq!(
            found,
            [
                ("age", "below_min"),
                ("password", "below_min"),
                ("address.city", "below_min"),
                ("previous[1].zip", "below_min"),
            ]
        );
        assert_eq!(
            errors[0],
            json!({
                "path": "age", "field": "age", "code": "below_min", "measure": "value",
                "min": "13", "min_exclusive": false, "max": "130", "max_exclusive": false,
                "value": "12", "message": "Signup.age must be within [13, 130], got 12",
            })
        );
        assert_eq!(errors[3]["field"], "zip");
        assert_eq!(
            errors[3]["message"],
            "Signup.previous[1].zip must be within [1000, 99999], got 5"
        );
        // A secret field's error holds neither its value nor its length.
        assert!(errors[1].get("value").is_none(), "{}", errors[1]);
        assert!(!answer.text.contains("short"), "{}", answer.text);
    });
}

#[test]
fn data_errors_are_422_with_one_error_at_its_path() {
    with_server(|caller| async move {
        let cases = [
            (
                document(|d| d["previous"][0]["zip"] = json!("1234")),
                "previous[0].zip",
                "zip",
                "invalid_type",
                "invalid type: string, expected u32",
            ),
            (
                document(|d| {
                    d["address"].as_object_mut().unwrap().remove("city");
                }),
                "address.city",
                "city",
                "missing_field",
                "missing field `city`",
            ),
            (
                document(|d| d["address"]["county"] = json!("Rhône")),
                "address.county",
                "county",
                "unknown_field",
                "unknown field `county`, expected `city` or `zip`",
            ),
            (
                document(|d| d["age"] = json!(300)),
                "age",
                "age",
                "invalid_value",
                "invalid value: integer, expected u8",
            ),
            (
                "[]".to_owned(),
                "",
                "",
                "invalid_value",
                "invalid length 0, expected struct Signup with 4 elements",
            ),
            (
                "null".to_owned(),
                "",
                "",
                "invalid_type",
                "invalid type: null, expected struct Signup",
            ),
        ];
        for (body, path, field, code, message) in cases {
            let answer = caller.post_json("/signup", body).await;
            assert_eq!(
                answer.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{}",
                answer.text
            );
            assert_eq!(
                answer.error(),
                json!({
                    "path": path, "field": field, "code": code,
                    "min": null, "max": null, "message": message,
                })
            );
        }
    });
}

#[test]
fn a_secret_of_the_wrong_type_is_not_echoed() {
    with_server(|caller| async move {
        // The password where a number belongs, and a number where the password belongs: the
        // message names the kind of value, never the value (`send` checks every body).
        let answer = caller
            .post_json("/signup", document(|d| d["age"] = json!(PASSWORD)))
            .await;
        assert_eq!(
            answer.error()["message"],
            "invalid type: string, expected u8"
        );
        let answer = caller
            .post_json("/signup", document(|d| d["password"] = json!(987654321)))
            .await;
        assert_eq!(answer.error()["path"], "password");
        assert!(!answer.text.contains("987654321"), "{}", answer.text);
    });
}

#[test]
fn documents_that_are_not_json_are_400_syntax() {
    with_server(|caller| async move {
        let cases: [(&[u8], &str); 4] = [
            (
                b"{\"age\": 30,",
                "EOF while parsing a value at line 1 column 11",
            ),
            (b"{\"age\" 30}", "expected `:` at line 1 column 8"),
            (b"", "empty body, expected a JSON document"),
            (
                b"{\"address\": {\"city\": \"\xff\"}}",
                "invalid unicode code point at line 1 column 23",
            ),
        ];
        for (body, message) in cases {
            let answer = caller.post_json("/signup", body.to_vec()).await;
            assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.text);
            let error = answer.error();
            assert_eq!(
                (&error["code"], &error["message"]),
                (&json!("syntax"), &json!(message))
            );
        }
        // Data after a document that passes: malformed as a whole, as serde_json::from_slice
        // says.
        let answer = caller.post_json("/signup", document(|_| {}) + " {}").await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.text);
        let error = answer.error();
        assert_eq!(error["code"], "syntax");
        assert!(
            error["message"]
                .as_str()
                .unwrap()
                .starts_with("trailing characters"),
            "{error}"
        );
    });
}

#[test]
fn a_missing_or_wrong_content_type_is_415() {
    with_server(|caller| async move {
        for content_type in [
            None,
            Some("text/plain"),
            Some("application/jsonx"),
            Some(""),
        ] {
            let answer = caller
                .send(Method::POST, "/signup", content_type, document(|_| {}))
                .await;
            assert_eq!(
                answer.status,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "{content_type:?}"
            );
            assert_eq!(
                answer.error(),
                json!({
                    "path": "", "field": "", "code": "content_type", "min": null, "max": null,
                    "message": "expected a request with `Content-Type: application/json`",
                })
            );
        }
        let answer = caller
            .send(
                Method::POST,
                "/form",
                Some("application/json"),
                "per_page=1&page=1",
            )
            .await;
        assert_eq!(answer.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert_eq!(answer.error()["code"], "content_type");
    });
}

#[test]
fn a_body_over_the_limit_is_413_in_the_same_shape() {
    with_server(|caller| async move {
        // One byte over axum's default limit of 2 MiB, so the server reads the whole body
        // before it answers and the client is never cut off mid-request.
        let mut body = document(|d| d["address"]["city"] = json!(""));
        body.push_str(&" ".repeat(2 * 1024 * 1024 + 1 - body.len()));
        let answer = caller.post_json("/signup", body).await;
        assert_eq!(
            answer.status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{}",
            answer.text
        );
        let error = answer.error();
        assert_eq!(
            (&error["code"], &error["path"]),
            (&json!("too_large"), &json!(""))
        );

        // A route's own `DefaultBodyLimit` is kept.
        let answer = caller.post_json("/small", document(|_| {})).await;
        assert_eq!(
            answer.status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{}",
            answer.text
        );
        assert_eq!(answer.error()["code"], "too_large");
    });
}

#[test]
fn errors_returned_with_question_mark_are_422() {
    with_server(|caller| async move {
        let answer = caller.post_json("/birthday", document(|_| {})).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        assert_eq!(answer.json(), json!({"age": 31}));

        // A setter's error.
        let answer = caller
            .post_json("/birthday", document(|d| d["age"] = json!(130)))
            .await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
        let error = answer.error();
        assert_eq!(
            error["message"],
            "Signup.age must be within [13, 130], got 131"
        );
        assert_eq!(
            (&error["path"], &error["value"]),
            (&json!("age"), &json!("131"))
        );

        // `try_new`'s, every failure.
        let answer = caller.get("/build?per_page=20&page=1").await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
        let errors = answer.errors();
        assert_eq!(errors.len(), 1, "{}", answer.text);
        assert_eq!(
            errors[0]["message"],
            "Page.per_page must be within [1, 100], got 200"
        );
    });
}

#[test]
fn query_strings_and_forms_are_checked() {
    with_server(|caller| async move {
        let answer = caller.get("/search?per_page=10&page=2").await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        assert_eq!(answer.json(), json!({"per_page": 10, "page": 2}));

        let answer = caller.get("/search?per_page=0&page=0").await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
        let paths: Vec<_> = answer.errors().iter().map(|e| e["path"].clone()).collect();
        assert_eq!(paths, [json!("per_page"), json!("page")]);

        let answer = caller.get("/search?per_page=ten&page=1").await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
        let error = answer.error();
        assert_eq!(
            (&error["path"], &error["code"]),
            (&json!("per_page"), &json!("invalid_value"))
        );

        let answer = caller.get("/search?page=1").await;
        let error = answer.error();
        assert_eq!(
            (&error["path"], &error["code"]),
            (&json!("per_page"), &json!("missing_field"))
        );

        // A form's body, and a GET form's query string.
        let form = Some("application/x-www-form-urlencoded");
        let answer = caller
            .send(Method::POST, "/form", form, "per_page=5&page=3")
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        assert_eq!(answer.json(), json!({"per_page": 5, "page": 3}));
        let answer = caller
            .send(Method::POST, "/form", form, "per_page=500&page=3")
            .await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(answer.error()["code"], "above_max");
        let answer = caller.get("/form?per_page=5&page=0").await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(answer.error()["path"], "page");
    });
}

#[test]
fn a_handler_can_take_the_rejection_itself() {
    with_server(|caller| async move {
        let answer = caller
            .post_json("/status", document(|d| d["age"] = json!(1)))
            .await;
        assert_eq!(
            (answer.status, answer.text.as_str()),
            (StatusCode::OK, "422")
        );
        let answer = caller.post_json("/status", "{").await;
        assert_eq!(answer.text, "400");
    });
}

#[test]
fn an_optional_body_is_none_without_a_content_type() {
    with_server(|caller| async move {
        let answer = caller.send(Method::POST, "/optional", None, "").await;
        assert_eq!(
            (answer.status, answer.text.as_str()),
            (StatusCode::OK, "none")
        );
        let answer = caller.post_json("/optional", document(|_| {})).await;
        assert_eq!(answer.text, "30");
        // Present, it is checked as `Json<T>` is.
        let answer = caller
            .post_json("/optional", document(|d| d["age"] = json!(140)))
            .await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(answer.error()["code"], "above_max");
        let answer = caller
            .send(Method::POST, "/optional", Some("text/plain"), "{}")
            .await;
        assert_eq!(answer.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    });
}

#[test]
fn a_hundred_concurrent_requests_are_each_answered_right() {
    with_server(|caller| async move {
        let mut requests = tokio::task::JoinSet::new();
        for i in 0..100u32 {
            let caller = caller.clone();
            requests.spawn(async move {
                // Even: valid, with an age of its own; odd: out of range by its own amount.
                let age = if i % 2 == 0 { 13 + i % 100 } else { 130 + i };
                let age = age.min(255);
                let answer = caller
                    .post_json("/signup", document(|d| d["age"] = json!(age)))
                    .await;
                (i, age, answer)
            });
        }
        let mut answered = 0;
        while let Some(result) = requests.join_next().await {
            let (i, age, answer) = result.unwrap();
            if i % 2 == 0 {
                assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
                assert_eq!(answer.json()["age"], json!(age));
            } else {
                assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
                let error = answer.error();
                assert_eq!(error["value"], json!(age.to_string()), "{}", answer.text);
            }
            answered += 1;
        }
        assert_eq!(answered, 100);
    });
}
