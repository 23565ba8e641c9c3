//! `nested` beside a length and rules on one field (`#[within(len(1..=4), nested)]`), and
//! `each(nested)` on every collection DESIGN names: the field's own checks and its structs'
//! checks hold together on every path, each failure at its path.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::atomic::{AtomicU32, Ordering};
use within_runtime::Validated;

#[derive(Validated, Debug, Clone, PartialEq)]
#[within(deserialize, schema)]
struct Upstream {
    #[within(chars(1..=32))]
    host: String,
    #[within(1, 100)]
    weight: u32,
}

fn upstream(host: &str, weight: u32) -> Upstream {
    Upstream::try_new(host.to_owned(), weight).expect("valid")
}

/// Two upstreams on one host would be one.
fn distinct_hosts(upstreams: &[Upstream]) -> Result<(), String> {
    for (index, upstream) in upstreams.iter().enumerate() {
        if upstreams[..index]
            .iter()
            .any(|u| u.host() == upstream.host())
        {
            return Err(format!("names {} twice", upstream.host()));
        }
    }
    Ok(())
}

#[derive(Validated, Debug, Clone, PartialEq)]
#[within(deserialize, schema)]
struct Proxy {
    /// A length and `nested`, in the order DESIGN writes them.
    #[within(len(1..=3), nested)]
    upstreams: Vec<Upstream>,
    /// `nested` first, then the length; a rule in a second attribute.
    #[within(nested, len(..=2))]
    #[within(check = distinct_hosts)]
    fallbacks: Vec<Upstream>,
    /// `each(nested)` on a map's values, with a length of the map.
    #[within(len(..=2), each(nested))]
    regions: BTreeMap<String, Upstream>,
    /// `each(nested)` alone is `nested`: `f_mut()` stays.
    #[within(each(nested))]
    queue: VecDeque<Upstream>,
    #[within(each(nested))]
    by_name: HashMap<String, Upstream>,
    #[within(each(nested))]
    pinned: Box<[Upstream]>,
}

fn proxy() -> Proxy {
    Proxy::try_new(
        vec![upstream("a", 1)],
        vec![upstream("b", 2)],
        BTreeMap::from([("eu".to_owned(), upstream("c", 3))]),
        VecDeque::from([upstream("d", 4)]),
        HashMap::from([("main".to_owned(), upstream("e", 5))]),
        Box::new([upstream("f", 6)]),
    )
    .expect("valid")
}

#[test]
fn a_length_beside_nested_gives_a_checked_setter() {
    let mut proxy = proxy();
    let err = proxy.set_upstreams(Vec::new()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Proxy.upstreams must have a length within [1, 3], got 0"
    );
    assert_eq!(proxy.upstreams().len(), 1, "a rejected set changes nothing");
    proxy
        .set_upstreams(vec![upstream("a", 1), upstream("b", 7)])
        .expect("two is within [1, 3]");
    assert_eq!(proxy.upstreams()[1].weight(), 7);

    let err = proxy
        .set_fallbacks(vec![upstream("b", 1), upstream("b", 2)])
        .unwrap_err();
    assert_eq!(err.code(), "check");
    assert_eq!(err.to_string(), "Proxy.fallbacks names b twice");
    assert_eq!(proxy.fallbacks().len(), 1);

    let err = proxy
        .set_regions(BTreeMap::from([
            ("a".to_owned(), upstream("a", 1)),
            ("b".to_owned(), upstream("b", 1)),
            ("c".to_owned(), upstream("c", 1)),
        ]))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Proxy.regions must have a length of at most 2, got 3"
    );

    // `each(nested)` alone lends the collection, whose structs keep their own checks.
    proxy.queue_mut().push_back(upstream("g", 9));
    proxy.by_name_mut().insert("x".to_owned(), upstream("h", 9));
    assert_eq!(
        proxy.pinned_mut()[0].set_weight(0).unwrap_err().field(),
        "weight"
    );
    proxy.validate().expect("still valid");
}

#[test]
fn try_new_checks_the_length_and_the_rule() {
    let err = Proxy::try_new(
        Vec::new(),
        vec![upstream("b", 1), upstream("b", 2), upstream("c", 3)],
        BTreeMap::new(),
        VecDeque::new(),
        HashMap::new(),
        Box::new([]),
    )
    .unwrap_err();
    let got: Vec<(&str, &str)> = err.errors().iter().map(|e| (e.path(), e.code())).collect();
    assert_eq!(
        got,
        [
            ("upstreams", "below_min"),
            ("fallbacks", "above_max"),
            ("fallbacks", "check"),
        ]
    );
}

#[test]
fn the_fields_describe_length_and_nested_together() {
    let spec = |name: &str| {
        Proxy::FIELDS
            .iter()
            .find(|field| field.name() == name)
            .expect("listed")
    };
    let upstreams = spec("upstreams");
    assert!(upstreams.is_nested());
    assert_eq!(upstreams.min(), Some("1"));
    assert_eq!(upstreams.max(), Some("3"));
    assert!(spec("queue").is_nested());
    assert!(spec("regions").is_nested());
    assert_eq!(spec("regions").max(), Some("2"));
}

const DOCUMENT: &str = r#"{
    "upstreams": [
        {"host": "a", "weight": 1},
        {"host": "b", "weight": 0},
        {"host": "c", "weight": 1},
        {"host": "", "weight": 101}
    ],
    "fallbacks": [{"host": "b", "weight": 1}, {"host": "b", "weight": 2}],
    "regions": {"eu": {"host": "e", "weight": 1}, "mars": {"host": "m", "weight": 500}, "us": {"host": "u", "weight": 1}},
    "queue": [{"host": "q", "weight": 0}],
    "by_name": {"main": {"host": "", "weight": 1}},
    "pinned": [{"host": "p", "weight": 1}, {"host": "p", "weight": 200}]
}"#;

#[test]
fn deserialize_reports_the_length_the_rule_and_every_struct() {
    let checked: within_runtime::Checked<Proxy> =
        serde_json::from_str(DOCUMENT).expect("well-formed");
    let err = checked.into_result().unwrap_err();
    let got: Vec<String> = err.errors().iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        [
            // The struct's own fields first, in declaration order, as `validate` reports
            // them; then the structs they hold, each field's rules once its structs are built.
            "Proxy.upstreams must have a length within [1, 3], got 4",
            "Proxy.regions must have a length of at most 2, got 3",
            "Proxy.upstreams[1].weight must be within [1, 100], got 0",
            "Proxy.upstreams[3].host must have a char count within [1, 32], got 0",
            "Proxy.upstreams[3].weight must be within [1, 100], got 101",
            "Proxy.fallbacks names b twice",
            "Proxy.regions[\"mars\"].weight must be within [1, 100], got 500",
            "Proxy.queue[0].weight must be within [1, 100], got 0",
            "Proxy.by_name[\"main\"].host must have a char count within [1, 32], got 0",
            "Proxy.pinned[1].weight must be within [1, 100], got 200",
        ]
    );
    let paths: Vec<&str> = err.errors().iter().map(|e| e.path()).collect();
    assert_eq!(paths[6], "regions[\"mars\"].weight");
    assert_eq!(paths[1], "regions");
}

#[test]
fn a_valid_document_round_trips() {
    let value = proxy();
    let text = serde_json::to_string(&ProxyView::from(&value)).expect("serializes");
    let back: Proxy = serde_json::from_str(&text).expect("valid");
    assert_eq!(back, value);
}

/// What `Proxy` serializes as, written by hand since the derive gives it no `Serialize`.
#[derive(serde::Serialize)]
struct ProxyView<'a> {
    upstreams: Vec<UpstreamView<'a>>,
    fallbacks: Vec<UpstreamView<'a>>,
    regions: BTreeMap<&'a str, UpstreamView<'a>>,
    queue: Vec<UpstreamView<'a>>,
    by_name: BTreeMap<&'a str, UpstreamView<'a>>,
    pinned: Vec<UpstreamView<'a>>,
}

#[derive(serde::Serialize)]
struct UpstreamView<'a> {
    host: &'a str,
    weight: u32,
}

impl<'a> From<&'a Upstream> for UpstreamView<'a> {
    fn from(upstream: &'a Upstream) -> Self {
        UpstreamView {
            host: upstream.host(),
            weight: upstream.weight(),
        }
    }
}

impl<'a> From<&'a Proxy> for ProxyView<'a> {
    fn from(proxy: &'a Proxy) -> Self {
        let list = |items: &'a [Upstream]| items.iter().map(UpstreamView::from).collect();
        let map = |items: Box<dyn Iterator<Item = (&'a String, &'a Upstream)> + 'a>| {
            items
                .map(|(key, value)| (key.as_str(), UpstreamView::from(value)))
                .collect()
        };
        ProxyView {
            upstreams: list(proxy.upstreams()),
            fallbacks: list(proxy.fallbacks()),
            regions: map(Box::new(proxy.regions().iter())),
            queue: proxy.queue().iter().map(UpstreamView::from).collect(),
            by_name: map(Box::new(proxy.by_name().iter())),
            pinned: list(proxy.pinned()),
        }
    }
}

#[test]
fn the_schema_has_the_length_and_the_structs_schema() {
    let schema = schemars::schema_for!(Proxy);
    let json = serde_json::to_value(&schema).expect("serializes");
    let upstreams = &json["properties"]["upstreams"];
    assert_eq!(upstreams["minItems"], 1);
    assert_eq!(upstreams["maxItems"], 3);
    assert_eq!(upstreams["items"]["$ref"], "#/$defs/Upstream");
    assert_eq!(json["properties"]["regions"]["maxProperties"], 2);
    assert_eq!(
        json["$defs"]["Upstream"]["properties"]["weight"]["maximum"],
        100
    );
}

/// A limit read at each check, so that structs valid when made can break it later.
static MAX_WEIGHT: AtomicU32 = AtomicU32::new(100);

fn max_weight() -> u32 {
    MAX_WEIGHT.load(Ordering::Relaxed)
}

#[derive(Validated, Debug)]
struct Weighted {
    #[within(1, max_weight(), dynamic)]
    weight: u32,
}

#[derive(Validated, Debug)]
struct Pool {
    #[within(len(1..=3), nested)]
    members: Vec<Weighted>,
    #[within(len(..=1), each(nested))]
    spares: BTreeMap<&'static str, Weighted>,
}

#[test]
fn validate_descends_beside_the_length() {
    let weighted = |weight| Weighted::try_new(weight).expect("valid");
    let pool = Pool::try_new(
        vec![weighted(10), weighted(60), weighted(90)],
        BTreeMap::from([("x", weighted(70))]),
    )
    .expect("valid");
    assert!(pool.validate().is_ok());
    assert!(Weighted::FIELDS[0].is_dynamic());
    assert!(!Pool::FIELDS[0].is_dynamic());
    MAX_WEIGHT.store(50, Ordering::Relaxed);
    let err = pool.validate().unwrap_err();
    MAX_WEIGHT.store(100, Ordering::Relaxed);
    let got: Vec<String> = err.errors().iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        [
            "Pool.members[1].weight must be within [1, 50], got 60",
            "Pool.members[2].weight must be within [1, 50], got 90",
            "Pool.spares[\"x\"].weight must be within [1, 50], got 70",
        ]
    );
}

#[derive(Validated, Debug, Clone, PartialEq)]
#[within(deserialize)]
struct Db {
    #[within(1, 64)]
    pool_size: u32,
}

fn has_room(db: &Db) -> Result<(), &'static str> {
    match db.pool_size() > 1 {
        true => Ok(()),
        false => Err("needs a pool of two or more"),
    }
}

/// A rule beside `nested` on one struct: the field gets a checked `set_db`, not `db_mut`.
#[derive(Validated, Debug)]
#[within(deserialize)]
struct Service {
    #[within(nested, check = has_room)]
    db: Db,
}

#[test]
fn a_rule_beside_nested_holds_on_every_path() {
    let db = |size| Db::try_new(size).expect("valid");
    let mut service = Service::try_new(db(4)).expect("valid");
    let err = service.set_db(db(1)).unwrap_err();
    assert_eq!(err.to_string(), "Service.db needs a pool of two or more");
    assert_eq!(
        service.db().pool_size(),
        4,
        "a rejected set changes nothing"
    );
    assert_eq!(
        Service::try_new(db(1)).unwrap_err().to_string(),
        "Service.db needs a pool of two or more"
    );
    // From a document: the struct's own failure first; the rule runs once the struct is
    // valid, since its function takes a `Db`.
    let read = |text: &str| {
        serde_json::from_str::<within_runtime::Checked<Service>>(text)
            .expect("well-formed")
            .into_result()
    };
    let err = read(r#"{"db": {"pool_size": 0}}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Service.db.pool_size must be within [1, 64], got 0"
    );
    let err = read(r#"{"db": {"pool_size": 1}}"#).unwrap_err();
    assert_eq!(err.to_string(), "Service.db needs a pool of two or more");
    assert_eq!(err.errors()[0].path(), "db");
    assert!(read(r#"{"db": {"pool_size": 2}}"#).is_ok());
}

fn one_db() -> Vec<Db> {
    vec![Db::try_new(8).expect("valid")]
}

#[derive(Validated, Debug)]
#[within(default, draft = ClusterDraft)]
struct Cluster {
    #[within(len(1..=2), nested, default = one_db())]
    dbs: Vec<Db>,
}

#[test]
fn default_and_drafts_check_the_length_beside_nested() {
    assert_eq!(Cluster::default().dbs().len(), 1);
    let err = Cluster::try_from(ClusterDraft { dbs: Vec::new() }).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Cluster.dbs must have a length within [1, 2], got 0"
    );
    let mut draft = ClusterDraft::default();
    draft.dbs.extend(one_db());
    assert_eq!(Cluster::try_from(draft).expect("two").dbs().len(), 2);
}

/// A recursive type: a tree through `Vec<Self>` and a list through `Option<Box<Node>>`, read
/// with every failure at its path, and a schema that refers to itself.
#[derive(Validated, Debug)]
#[within(deserialize, schema)]
struct Node {
    #[within(1, 100)]
    weight: u32,
    #[within(len(..=2), nested)]
    children: Vec<Self>,
    #[within(nested)]
    next: Option<Box<Node>>,
}

#[test]
fn a_recursive_type_reads_and_describes_itself() {
    let text = r#"{
        "weight": 5,
        "children": [
            {"weight": 0, "children": [], "next": null},
            {"weight": 1, "children": [{"weight": 101, "children": [], "next": null}], "next": null},
            {"weight": 1, "children": [], "next": null}
        ],
        "next": {"weight": 200, "children": [], "next": null}
    }"#;
    let err = serde_json::from_str::<within_runtime::Checked<Node>>(text)
        .expect("well-formed")
        .into_result()
        .unwrap_err();
    let got: Vec<&str> = err.errors().iter().map(|e| e.path()).collect();
    assert_eq!(
        got,
        [
            "children",
            "children[0].weight",
            "children[1].children[0].weight",
            "next.weight"
        ]
    );
    let node: Node = serde_json::from_str(
        r#"{"weight": 5, "children": [], "next": {"weight": 6, "children": [], "next": null}}"#,
    )
    .expect("valid");
    assert_eq!(node.next().as_ref().map(|next| next.weight()), Some(6));

    let schema = serde_json::to_value(schemars::schema_for!(Node)).expect("serializes");
    assert_eq!(schema["properties"]["children"]["maxItems"], 2);
    assert_eq!(schema["properties"]["children"]["items"]["$ref"], "#");
    assert_eq!(schema["properties"]["weight"]["maximum"], 100);
}

/// A generic struct with `nested` beside a length: bounded on `Nested` as `nested` alone is.
#[derive(Validated, Debug)]
struct Batch<T: Validated + 'static> {
    #[within(len(1..=2), nested)]
    items: Vec<T>,
    #[within(nested, check = not_empty)]
    spare: Vec<T>,
}

fn not_empty<T>(items: &[T]) -> bool {
    !items.is_empty()
}

#[test]
fn a_generic_struct_takes_nested_beside_a_length() {
    let db = |size| Db::try_new(size).expect("valid");
    let mut batch = Batch::try_new(vec![db(2)], vec![db(3)]).expect("valid");
    assert!(batch.set_items(vec![db(1), db(2), db(3)]).is_err());
    assert_eq!(
        batch.set_spare(Vec::new()).unwrap_err().to_string(),
        "Batch.spare is invalid"
    );
    assert!(batch.validate().is_ok());
}

/// A recursive type written with `Self`, with a draft and `Default`: in the draft, `Self` is
/// still the struct.
#[derive(Validated, Debug)]
#[within(draft = TreeDraft, default)]
struct Tree {
    #[within(1, 100, default = 1)]
    weight: u32,
    #[within(len(..=2), nested, default = Vec::new())]
    children: Vec<Self>,
}

#[test]
fn a_draft_of_a_recursive_type_holds_the_struct() {
    let leaf = Tree::default();
    let draft = TreeDraft {
        weight: 5,
        children: vec![leaf],
    };
    let tree = Tree::try_from(draft).expect("valid");
    assert_eq!(tree.children().len(), 1);
    let too_many = TreeDraft {
        weight: 5,
        children: (0..3).map(|_| Tree::default()).collect(),
    };
    assert_eq!(
        Tree::try_from(too_many).unwrap_err().to_string(),
        "Tree.children must have a length of at most 2, got 3"
    );
}
