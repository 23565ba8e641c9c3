//! What a user has in scope never changes the expansion: primitive names shadowed by the user's
//! own items, fields named like the trait's functions or the derive's locals, and bounds and
//! defaults written as any constant expression (`self::`, `super::`, `crate::`, `Self::`,
//! turbofish calls, arrays and repeats).

#![allow(dead_code, non_camel_case_types, non_upper_case_globals)]

/// A bound through `crate::`.
pub const GLOBAL_MIN: u8 = 1;

/// A bound through `super::`.
pub const OUTER_LIMIT: u8 = 40;

/// A `const fn` called with a turbofish.
pub const fn width_of<T>() -> core::primitive::usize {
    core::mem::size_of::<T>() * 8
}

mod shadowed {
    use within_runtime::Validated;

    // Each primitive name the expansion could use, taken by an item of the user's.
    pub struct bool;
    pub struct str;
    pub type usize = u8;
    pub struct char;
    pub struct u32;

    const LIMIT: u8 = 9;

    #[derive(Validated, Debug)]
    #[within(default, draft = PackageDraft)]
    pub struct Package {
        /// Named like `Validated::registry`.
        #[within(len(1..=8), default = std::string::String::from("crates"))]
        registry: std::string::String,
        /// Named like `Validated::validate`, with a bound through `self::`.
        #[within(0, self::LIMIT, default = 3)]
        validate: u8,
        /// Named like a local of `try_new`, with bounds and a default of `Self`.
        #[within(1, Self::MAX_WORKERS, default = Self::DEFAULT_WORKERS)]
        __within_checks: core::primitive::u32,
        /// Named like `Default::default`, bounded through `super::` and `crate::`.
        #[within(crate::GLOBAL_MIN, super::OUTER_LIMIT, default = 2)]
        default: u8,
        /// A turbofish call as a bound.
        #[within(8, crate::width_of::<u64>(), default = 16)]
        width: core::primitive::usize,
        /// Defaults written as arrays and repeats.
        #[within(len(1..=4), default = std::vec::Vec::from([80, 443]))]
        ports: std::vec::Vec<u16>,
        #[within(len(4..=4), default = [0; 4])]
        mask: [u8; 4],
        /// A field named like another of the derive's locals.
        #[within(0, 1, default = 0)]
        __within_value: u8,
    }

    impl Package {
        const MAX_WORKERS: core::primitive::u32 = 64;
        const DEFAULT_WORKERS: core::primitive::u32 = 4;
    }

    #[test]
    fn every_method_works_beside_shadowed_primitives() {
        let mut package = <Package as Default>::default();
        assert_eq!(package.registry(), "crates");
        assert_eq!(package.validate(), 3);
        assert_eq!(package.__within_checks(), 4);
        assert_eq!(package.default(), 2);
        assert_eq!(package.width(), 16);
        assert_eq!(package.ports(), &[80, 443][..]);
        assert_eq!(package.mask(), &[0; 4]);

        // Each check holds: a rejected value leaves the field as it was.
        assert!(package.set_validate(10).is_err());
        assert_eq!(package.validate(), 3);
        assert!(package.set___within_checks(65).is_err());
        package.set___within_checks(64).unwrap();
        assert!(package.set_default(0).is_err());
        assert!(package.set_default(41).is_err());
        assert!(package.set_width(65).is_err());
        assert!(package.set_registry("too-long-name".into()).is_err());
        assert_eq!(package.registry(), "crates");
        assert!(package.set___within_value(2).is_err());

        // The trait's functions, through the trait.
        assert!(<Package as within_runtime::Validated>::validate(&package).is_ok());
        let registry = <Package as within_runtime::Validated>::registry();
        assert!(registry.is_empty());
    }

    #[test]
    fn try_new_reports_every_field_whatever_its_name() {
        let error = Package::try_new(
            std::string::String::new(),
            10,
            0,
            0,
            0,
            std::vec::Vec::new(),
            [0; 4],
            5,
        )
        .unwrap_err();
        let fields: std::vec::Vec<_> = error.errors().iter().map(|e| e.field()).collect();
        assert_eq!(
            fields,
            [
                "registry",
                "validate",
                "__within_checks",
                "default",
                "width",
                "ports",
                "__within_value"
            ]
        );
    }

    #[test]
    fn a_draft_starts_at_the_defaults_of_self() {
        let draft = PackageDraft::default();
        assert_eq!(draft.__within_checks, 4);
        let package = Package::try_from(draft).unwrap();
        assert_eq!(package.__within_checks(), 4);
    }

    #[test]
    fn bounds_read_as_written() {
        let spec = |name: &core::primitive::str| {
            <Package as within_runtime::Validated>::FIELDS
                .iter()
                .find(|spec| spec.name() == name)
                .unwrap()
        };
        assert_eq!(spec("validate").max(), Some("self::LIMIT"));
        assert_eq!(spec("__within_checks").max(), Some("Self::MAX_WORKERS"));
        assert_eq!(spec("default").min(), Some("crate::GLOBAL_MIN"));
        assert_eq!(spec("width").max(), Some("crate::width_of::<u64>()"));
    }
}

/// The checked `Deserialize` and schema, with the same names.
mod documents {
    use within_runtime::Validated;

    pub struct bool;
    pub type usize = u8;

    #[derive(Validated, Debug)]
    #[within(deserialize, schema)]
    pub struct Config {
        #[within(len(1..=16))]
        registry: std::string::String,
        #[within(0, 10)]
        validate: u8,
        #[within(1, 64)]
        __within_checks: u32,
    }

    #[test]
    fn reads_and_rejects_documents() {
        let config: Config =
            serde_json::from_str(r#"{"registry": "crates", "validate": 3, "__within_checks": 8}"#)
                .unwrap();
        assert_eq!(
            (
                config.registry(),
                config.validate(),
                config.__within_checks()
            ),
            ("crates", 3, 8)
        );
        let error = serde_json::from_str::<Config>(
            r#"{"registry": "", "validate": 11, "__within_checks": 0}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains("Config.registry"), "{error}");
        assert!(error.contains("Config.validate"), "{error}");
        assert!(error.contains("Config.__within_checks"), "{error}");
        let schema = schemars::schema_for!(Config);
        assert!(schema.as_value()["properties"]["validate"].is_object());
    }
}
