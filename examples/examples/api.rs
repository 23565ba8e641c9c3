//! A small booking API with axum: it serves on 127.0.0.1, sends itself valid and invalid
//! requests with a real HTTP client, prints each exchange, and exits.
//!
//! Run with `cargo run --example api --features axum`.

use axum::body::Bytes;
use axum::http::{header, Method, Request, StatusCode};
use axum::routing::{get, post};
use axum::Router;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde::Serialize;
use std::net::SocketAddr;
use within_runtime::axum::{Json, Query};
use within_runtime::{OutOfRange, Validated};

/// One guest of a booking.
#[derive(Validated, Serialize, Debug)]
#[within(deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guest {
    #[within(chars(1..=40))]
    name: String,
    #[within(0, 120)]
    age: u8,
}

/// What a client sends to book a room.
#[derive(Validated, Serialize, Debug)]
#[within(deserialize)]
#[serde(deny_unknown_fields)]
pub struct Booking {
    #[within(1, 30)]
    nights: u8,
    #[within(nested)]
    guests: Vec<Guest>,
    /// Never echoed: not by the handler, and not in an error.
    #[within(len(12..=19), secret)]
    #[serde(skip_serializing)]
    card: String,
}

/// A query string: `?nights=3&guests=2`.
#[derive(Validated, Serialize, Debug)]
#[within(deserialize)]
pub struct Search {
    #[within(1, 30)]
    nights: u8,
    #[within(1, 6)]
    guests: u8,
}

async fn book(Json(booking): Json<Booking>) -> (StatusCode, Json<Booking>) {
    (StatusCode::CREATED, Json(booking))
}

/// Adds nights to a booking: the setter's error, `?`-ed, is a 422 like any other.
async fn extend(
    Query(Extra { nights }): Query<Extra>,
    Json(mut booking): Json<Booking>,
) -> Result<Json<Booking>, OutOfRange> {
    booking.set_nights(booking.nights().saturating_add(nights))?;
    Ok(Json(booking))
}

/// How many nights to add.
#[derive(Validated, Debug)]
#[within(deserialize)]
pub struct Extra {
    #[within(1, 30)]
    nights: u8,
}

async fn rooms(Query(search): Query<Search>) -> Json<Search> {
    Json(search)
}

fn app() -> Router {
    Router::new()
        .route("/bookings", post(book))
        .route("/bookings/extend", post(extend))
        .route("/rooms", get(rooms))
}

const CARD: &str = "4111111111111111";

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port on 127.0.0.1");
        let address = listener.local_addr().expect("the bound address");
        tokio::spawn(async move { axum::serve(listener, app()).await });
        println!("serving on http://{address}\n");
        let caller = Caller {
            client: Client::builder(TokioExecutor::new()).build_http(),
            address,
        };
        let json = Some("application/json");
        let valid = format!(
            r#"{{"nights": 3, "guests": [{{"name": "Ada", "age": 36}}], "card": "{CARD}"}}"#
        );

        caller.send(Method::POST, "/bookings", json, &valid).await;
        // Every broken rule, with its path; the card's error shows neither card nor length.
        let body = r#"{"nights": 0, "guests": [{"name": "Ada", "age": 36}, {"name": "", "age": 130}], "card": "4111"}"#;
        caller.send(Method::POST, "/bookings", json, body).await;
        // serde's own errors: one, at its path.
        let body = format!(r#"{{"nights": "three", "guests": [], "card": "{CARD}"}}"#);
        caller.send(Method::POST, "/bookings", json, &body).await;
        let body = format!(r#"{{"nights": 3, "guests": [{{"age": 36}}], "card": "{CARD}"}}"#);
        caller.send(Method::POST, "/bookings", json, &body).await;
        // Not JSON; not said to be JSON.
        caller.send(Method::POST, "/bookings", json, r#"{"nights": 3,"#).await;
        caller.send(Method::POST, "/bookings", None, &valid).await;
        // A query string, and a setter's error returned with `?`.
        caller.send(Method::GET, "/rooms?nights=2&guests=2", None, "").await;
        caller.send(Method::GET, "/rooms?nights=40&guests=0", None, "").await;
        caller.send(Method::POST, "/bookings/extend?nights=28", json, &valid).await;
    });
}

struct Caller {
    client: Client<HttpConnector, Full<Bytes>>,
    address: SocketAddr,
}

impl Caller {
    /// Sends one request and prints it with the answer.
    async fn send(&self, method: Method, path: &str, content_type: Option<&str>, body: &str) {
        println!("{method} {path}");
        let mut request = Request::builder()
            .method(method)
            .uri(format!("http://{}{path}", self.address));
        if let Some(content_type) = content_type {
            println!("content-type: {content_type}");
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        if !body.is_empty() {
            println!("{body}");
        }
        let request = request
            .body(Full::new(Bytes::from(body.to_owned())))
            .expect("a request");
        let response = self.client.request(request).await.expect("an answer");
        let status = response.status();
        let body = response
            .into_body()
            .collect()
            .await
            .expect("the answer's body")
            .to_bytes();
        // The body as sent, so the keys keep the server's order.
        println!("-> {status}\n{}\n", String::from_utf8_lossy(&body));
    }
}
