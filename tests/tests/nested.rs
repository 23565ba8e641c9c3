//! `#[within(nested)]`: `validate()` descends, and every failure has its path.

use within_runtime::Validated;

#[derive(Validated, Debug, Clone, PartialEq)]
struct Db {
    #[within(1, 64)]
    pool_size: u32,
    #[within(1024..)]
    port: u16,
}

#[derive(Validated, Debug, Clone, PartialEq)]
struct Cluster {
    #[within(nested)]
    primary: Db,
    #[within(nested)]
    replicas: Vec<Db>,
    #[within(nested)]
    standby: Option<Db>,
    #[within(nested)]
    pair: [Db; 2],
    #[within(1, 9)]
    shards: u8,
}

#[derive(Validated, Debug, Clone, PartialEq)]
struct Config {
    #[within(nested)]
    cluster: Cluster,
    #[within(0.0..=1.0)]
    sampling: f64,
}

fn db(pool_size: u32, port: u16) -> Db {
    Db::try_new(pool_size, port).unwrap()
}

fn config() -> Config {
    let cluster = Cluster::try_new(
        db(8, 5432),
        vec![db(4, 5433), db(4, 5434)],
        None,
        [db(1, 6000), db(1, 6001)],
        3,
    )
    .unwrap();
    Config::try_new(cluster, 0.5).unwrap()
}

#[test]
fn accessors_lend_and_the_inner_setters_keep_their_checks() {
    let mut config = config();
    assert_eq!(config.cluster().primary().pool_size(), 8);
    let err = config
        .cluster_mut()
        .primary_mut()
        .set_pool_size(0)
        .unwrap_err();
    // A setter's error is the inner struct's: it knows nothing of where the struct is.
    assert_eq!(
        err.to_string(),
        "Db.pool_size must be within [1, 64], got 0"
    );
    assert_eq!(err.path(), "pool_size");
    config.cluster_mut().replicas_mut().push(db(2, 7000));
    assert_eq!(config.cluster().replicas().len(), 3);
    assert!(config.validate().is_ok());
}

/// Values built inside their own module bypass the setters; `validate` finds them, at every
/// level, each with its path, the outer fields before the inner ones.
#[test]
fn validate_descends_with_paths() {
    let mut config = config();
    config.sampling = 2.0;
    config.cluster.shards = 0;
    config.cluster.primary.pool_size = 0;
    config.cluster.replicas[1].port = 80;
    config.cluster.standby = Some(Db {
        pool_size: 100,
        port: 5000,
    });
    config.cluster.pair[0].port = 1;
    let err = config.validate().unwrap_err();
    let paths: Vec<_> = err.errors().iter().map(|e| e.path()).collect();
    assert_eq!(
        paths,
        [
            "sampling",
            "cluster.shards",
            "cluster.primary.pool_size",
            "cluster.replicas[1].port",
            "cluster.standby.pool_size",
            "cluster.pair[0].port",
        ]
    );
    let messages: Vec<_> = err.errors().iter().map(ToString::to_string).collect();
    assert_eq!(
        messages[0],
        "Config.sampling must be within [0.0, 1.0], got 2.0"
    );
    assert_eq!(
        messages[2],
        "Config.cluster.primary.pool_size must be within [1, 64], got 0"
    );
    assert_eq!(
        messages[3],
        "Config.cluster.replicas[1].port must be at least 1024, got 80"
    );
    let inner = &err.errors()[3];
    assert_eq!(
        (inner.owner(), inner.field(), inner.root()),
        ("Db", "port", "Config")
    );
}

#[test]
fn a_nested_field_is_introspectable() {
    let primary = &Cluster::FIELDS[0];
    assert!(primary.is_nested());
    assert_eq!(
        (primary.name(), primary.min(), primary.max()),
        ("primary", None, None)
    );
}

/// A newtype adds no step to a path.
#[derive(Validated, Debug)]
struct Percent(#[within(0, 100)] u8);

#[derive(Validated, Debug)]
struct Report {
    #[within(nested)]
    score: Percent,
}

#[test]
fn a_nested_newtype_is_its_field() {
    let report = Report {
        score: Percent(101),
    };
    let err = report.validate().unwrap_err();
    assert_eq!(err.errors()[0].path(), "score");
    assert_eq!(
        err.to_string(),
        "Report.score must be within [0, 100], got 101"
    );
    assert_eq!(Percent(101).validate().unwrap_err().errors()[0].path(), "");
}

/// A list through `Option<Box<T>>`: `nested` reaches through the box.
#[derive(Validated, Debug)]
struct Link {
    #[within(1..=9)]
    weight: u8,
    #[within(nested)]
    next: Option<Box<Link>>,
}

#[derive(Validated, Debug)]
#[within(deserialize)]
struct Leaf {
    #[within(1, 64)]
    pool_size: u32,
    #[within(1024..)]
    port: u16,
}

#[derive(Validated, Debug)]
#[within(deserialize)]
struct Boxed {
    #[within(nested)]
    db: Box<Leaf>,
    #[within(nested)]
    spare: Option<Box<Leaf>>,
}

#[test]
fn nested_reaches_through_box() {
    let link = |weight, next: Option<Link>| Link {
        weight,
        next: next.map(Box::new),
    };
    let list = link(1, Some(link(0, Some(link(10, None)))));
    assert_eq!(
        list.validate().unwrap_err().to_string(),
        "Link.next.weight must be within [1, 9], got 0; \
         Link.next.next.weight must be within [1, 9], got 10"
    );
    let mut list = Link::try_new(1, Some(Box::new(Link::try_new(2, None).unwrap()))).unwrap();
    assert!(list.next_mut().as_mut().unwrap().set_weight(0).is_err());
    assert!(list.validate().is_ok());

    let err = serde_json::from_str::<Boxed>(
        r#"{"db": {"pool_size": 0, "port": 5432}, "spare": {"pool_size": 8, "port": 80}}"#,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Boxed.db.pool_size must be within [1, 64], got 0; \
         Boxed.spare.port must be at least 1024, got 80"
    );
    let boxed: Boxed =
        serde_json::from_str(r#"{"db": {"pool_size": 8, "port": 5432}, "spare": null}"#).unwrap();
    assert_eq!(boxed.db().pool_size(), 8);
}
