//! A service's configuration, the way a real one is built: by field name through a draft, with
//! a pool whose minimum idle count depends on its size, a name with a length and a rule of its
//! own, nested database sections, a rate limit whose fields must agree (an invariant every
//! setter keeps), and a JSON document read with every mistake reported at once.
//!
//! Run with `cargo run --example config --features serde`.

use std::time::Duration;
use within_runtime::{Checked, Validated};

/// One database the service talks to.
#[derive(Validated, serde::Serialize, Debug, Clone)]
#[within(deserialize, default, draft = DbDraft)]
#[serde(rename_all = "camelCase")]
pub struct Db {
    /// Connections the pool keeps.
    #[within(1, 64, default = 8)]
    pool_size: u32,
    /// Connections kept open while idle: never more than the pool.
    #[within(0, self.pool_size, default = 2)]
    min_idle: u32,
    #[within(1024.., default = 5432)]
    port: u16,
}

/// Requests the service accepts: the burst must cover a second's worth.
#[derive(Validated, Debug, Clone)]
#[within(deserialize, default, draft = RateLimitDraft)]
#[within(invariant = burst_covers_rate, message = "burst must cover perSecond")]
#[serde(rename_all = "camelCase")]
pub struct RateLimit {
    #[within(1..=100_000, default = 100)]
    per_second: u32,
    #[within(1..=1_000_000, default = 200)]
    burst: u32,
}

fn burst_covers_rate(limit: &RateLimit) -> bool {
    limit.burst >= limit.per_second
}

/// A name that fits in a metric label: lowercase letters, digits and `-`.
fn label_safe(name: &str) -> Result<(), String> {
    match name
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        Some(c) => Err(format!("must not contain {c:?}")),
        None => Ok(()),
    }
}

/// The whole service.
#[derive(Validated, Debug)]
#[within(deserialize, draft = ServiceDraft)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    /// Shown in logs and metrics.
    #[within(chars(1..=24), check = label_safe, default = "orders".to_owned())]
    name: String,
    #[within(1024.., default = 8080)]
    port: u16,
    #[within(1, 64, default = 4)]
    workers: u16,
    #[within(Duration::from_millis(10), Duration::from_secs(60), default = Duration::from_secs(5))]
    #[serde(skip, default = "default_timeout")]
    timeout: Duration,
    #[within(0.0..=1.0, default = 0.1)]
    sampling: f64,
    #[within(nested)]
    primary: Db,
    /// At most two replicas, each checked: a length beside `nested`.
    #[within(len(..=2), nested)]
    replicas: Vec<Db>,
    #[within(nested)]
    #[serde(default)]
    rate_limit: RateLimit,
}

fn default_timeout() -> Duration {
    Duration::from_secs(5)
}

/// Prints what a step did: the value it left, or the error and the value it kept.
fn step<T: std::fmt::Debug>(what: &str, result: Result<(), within_runtime::OutOfRange>, now: T) {
    match result {
        Ok(()) => println!("  {what:<34} ok, now {now:?}"),
        Err(err) => println!("  {what:<34} rejected: {err}\n  {:<34} kept {now:?}", ""),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("Built by field name, through a draft:");
    let mut service = Service::try_from(ServiceDraft {
        name: "checkout".to_owned(),
        workers: 8,
        replicas: vec![Db::try_from(DbDraft {
            port: 5433,
            ..DbDraft::default()
        })?],
        ..ServiceDraft::default()
    })?;
    println!("  {service:?}\n");

    println!("A draft with mistakes reports every one:");
    let err = Service::try_from(ServiceDraft {
        name: String::new(),
        port: 80,
        workers: 0,
        ..ServiceDraft::default()
    })
    .unwrap_err();
    for error in err.errors() {
        println!("  {error}");
    }
    println!();

    println!("Every mutation keeps every check, pairs of fields included:");
    let db = service.primary_mut();
    let result = db.set_min_idle(9);
    step("primary.set_min_idle(9)", result, db.min_idle());
    let result = db.set_min_idle(6);
    step("primary.set_min_idle(6)", result, db.min_idle());
    let result = db.set_pool_size(4);
    step("primary.set_pool_size(4)", result, db.pool_size());
    let result = service.set_name("a-name-much-longer-than-allowed".to_owned());
    step(
        "set_name(\"a-name-much-longer…\")",
        result,
        service.name().to_owned(),
    );
    let result = service.set_name("checkout-eu".to_owned());
    step(
        "set_name(\"checkout-eu\")",
        result,
        service.name().to_owned(),
    );
    let result = service.set_name("Checkout EU".to_owned());
    step(
        "set_name(\"Checkout EU\")",
        result,
        service.name().to_owned(),
    );
    let result = service.set_timeout(Duration::from_secs(120));
    step("set_timeout(120s)", result, service.timeout());
    let limit = service.rate_limit_mut();
    let result = limit.set_per_second(500);
    step("rate_limit.set_per_second(500)", result, limit.per_second());
    println!();

    let document = r#"{
        "name": "Checkout EU",
        "port": 8443,
        "workers": 100,
        "sampling": 1.5,
        "primary":  {"poolSize": 0,  "minIdle": 2, "port": 5432},
        "replicas": [{"poolSize": 16, "minIdle": 4, "port": 5433},
                     {"poolSize": 4,  "minIdle": 8, "port": 22},
                     {"poolSize": 4,  "minIdle": 1, "port": 5435}],
        "rateLimit": {"perSecond": 500, "burst": 100}
    }"#;
    println!("A document with nine mistakes, read once:");
    let err = serde_json::from_str::<Service>(document).unwrap_err();
    for message in err.to_string().split("; ") {
        println!("  {message}");
    }
    println!();

    println!("The same, kept as data for an API response:");
    let checked: Checked<Service> = serde_json::from_str(document)?;
    let invalid = checked.into_result().unwrap_err();
    let paths: Vec<_> = invalid.errors().iter().map(|e| e.path()).collect();
    println!("  paths: {paths:?}");
    println!("{}", serde_json::to_string_pretty(&invalid)?);
    Ok(())
}
