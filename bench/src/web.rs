//! A JSON API's request, whole: a client sends an order over loopback, axum reads it through
//! `within_runtime::axum::Json` or through axum-valid's `Garde<Json<T>>` (answering as ours
//! does: 422, every error as JSON), and the client reads the answer.
//!
//! Client and server share one current-thread tokio runtime and one keep-alive connection, so a
//! round trip is the CPU work of both sides plus the loopback system calls, without a thread
//! hand-off whose scheduling would dwarf the extractors' difference.

use crate::timing::{compare, Case};
use crate::{row, Row};
use axum::body::{Body, Bytes};
use axum::extract::FromRequest;
use axum::http::{header, Request, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use axum::Router;
use axum_valid::Garde;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use std::hint::black_box;
use tokio::runtime::Runtime;
use within_runtime::Validated;

/// An order as ours reads it.
#[derive(Validated, Debug)]
#[within(deserialize)]
pub struct Order {
    #[within(1, 100)]
    quantity: u32,
    #[within(len(1..=64))]
    name: String,
    #[within(0, 10_000)]
    price_cents: u32,
}

/// The same order and rules, for garde.
#[derive(garde::Validate, serde::Deserialize, Debug)]
pub struct GardeOrder {
    #[garde(range(min = 1, max = 100))]
    quantity: u32,
    #[garde(length(bytes, min = 1, max = 64))]
    name: String,
    #[garde(range(min = 0, max = 10_000))]
    price_cents: u32,
}

async fn ours(within_runtime::axum::Json(order): within_runtime::axum::Json<Order>) -> StatusCode {
    black_box(order);
    StatusCode::NO_CONTENT
}

async fn garde(Garde(axum::Json(order)): Garde<axum::Json<GardeOrder>>) -> StatusCode {
    black_box(order);
    StatusCode::NO_CONTENT
}

const VALID: &str = r#"{"quantity": 3, "name": "keyboard", "price_cents": 4999}"#;
/// Every field out of its range: three errors to report.
const INVALID: &str = r#"{"quantity": 0, "name": "", "price_cents": 20000}"#;

struct Loopback {
    runtime: Runtime,
    client: Client<HttpConnector, Full<Bytes>>,
    base: String,
}

impl Loopback {
    fn start() -> Self {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()
            .expect("a tokio runtime");
        let base = runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("a port on 127.0.0.1");
            let address = listener.local_addr().expect("the bound address");
            let app = Router::new()
                .route("/ours", post(ours))
                .route("/garde", post(garde));
            tokio::spawn(async move { axum::serve(listener, app).await });
            format!("http://{address}")
        });
        let client = Client::builder(TokioExecutor::new()).build_http();
        Loopback {
            runtime,
            client,
            base,
        }
    }

    /// Sends `body` to `path` `n` times, one after the other; returns the last answer.
    fn post(&self, path: &str, body: &'static str, n: u64) -> (StatusCode, Bytes) {
        let uri = format!("{}{path}", self.base);
        self.runtime.block_on(async {
            let mut last = (StatusCode::OK, Bytes::new());
            for _ in 0..n {
                let request = Request::post(&uri)
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Full::new(Bytes::from_static(body.as_bytes())))
                    .expect("a request");
                let response = self.client.request(request).await.expect("an answer");
                let status = response.status();
                let body = response
                    .into_body()
                    .collect()
                    .await
                    .expect("a body")
                    .to_bytes();
                last = (status, black_box(body));
            }
            last
        })
    }
}

/// The extractor alone, in process: a request built in memory goes through `E`, and a
/// rejection is turned into its response (whose body is built then), as axum would.
async fn extract<E: FromRequest<()>>(body: &'static str, n: u64)
where
    E::Rejection: IntoResponse,
{
    for _ in 0..n {
        let request = Request::post("/")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
            .expect("a request");
        match E::from_request(request, &()).await {
            Ok(value) => drop(black_box(value)),
            Err(rejection) => drop(black_box(rejection.into_response())),
        }
    }
}

pub fn rows() -> Vec<Row> {
    eprintln!("timing: a JSON API's round trip over loopback");
    let loopback = Loopback::start();
    // Both sides answer alike before they are timed: 204 for the valid order, 422 with the
    // three errors as JSON for the other.
    for path in ["/ours", "/garde"] {
        let (status, _) = loopback.post(path, VALID, 1);
        assert_eq!(status, StatusCode::NO_CONTENT, "{path}");
        let (status, body) = loopback.post(path, INVALID, 1);
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        let body: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
        eprintln!("  {path} rejects with {body}");
    }
    let t = compare(&mut [
        Case::new(|n| drop(loopback.post("/ours", VALID, n))),
        Case::new(|n| drop(loopback.post("/garde", VALID, n))),
        Case::new(|n| drop(loopback.post("/ours", INVALID, n))),
        Case::new(|n| drop(loopback.post("/garde", INVALID, n))),
    ]);
    // The same without the network, where the extractors' own work is not lost in the noise
    // of two tasks and a socket.
    let runtime = &loopback.runtime;
    type Ours = within_runtime::axum::Json<Order>;
    type Theirs = Garde<axum::Json<GardeOrder>>;
    let e = compare(&mut [
        Case::new(|n| runtime.block_on(extract::<Ours>(VALID, n))),
        Case::new(|n| runtime.block_on(extract::<Theirs>(VALID, n))),
        Case::new(|n| runtime.block_on(extract::<Ours>(INVALID, n))),
        Case::new(|n| runtime.block_on(extract::<Theirs>(INVALID, n))),
    ]);
    vec![
        row(
            "POST a valid order over loopback, `within_runtime::axum::Json<Order>`: request, 204",
            t[0],
            "axum-valid 0.25 `Garde<Json<GardeOrder>>` (garde 0.23), same rules",
            t[1],
            Some(1.0),
        ),
        row(
            "POST an order with 3 fields out of range: 422, every error as JSON",
            t[2],
            "axum-valid 0.25 `Garde<Json<GardeOrder>>`, `422` + `into_json` features",
            t[3],
            Some(1.0),
        ),
        row(
            "the valid order through `Json<Order>` alone, in process (no network)",
            e[0],
            "`Garde<Json<GardeOrder>>` alone",
            e[1],
            Some(1.0),
        ),
        row(
            "the rejected order through `Json<Order>` alone, and its 422 response",
            e[2],
            "`Garde<Json<GardeOrder>>` alone, and its 422 response",
            e[3],
            Some(1.0),
        ),
    ]
}
