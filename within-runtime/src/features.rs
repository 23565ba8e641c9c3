//! Macros whose expansion depends on the runtime's features, for generated code: the registry
//! exists only with `std`, a checked `Deserialize` only with `serde`, a schema only with
//! `schemars`. A derive cannot see the runtime's features; these macros, expanded in the
//! runtime's context, can.

/// The body of `Validated::registry` for a struct without generics: a `static` of its own.
/// Without the `std` feature there is no registry, and this expands to nothing.
#[cfg(feature = "std")]
#[doc(hidden)]
#[macro_export]
macro_rules! __within_registry_fn {
    ($ty:ident) => {
        fn registry() -> &'static $crate::Registry<Self> {
            static REGISTRY: $crate::Registry<$ty> = $crate::Registry::new();
            &REGISTRY
        }
    };
}

/// Without `std`, `Validated` has no `registry` method to override.
#[cfg(not(feature = "std"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __within_registry_fn {
    ($ty:ident) => {};
}

/// Emits a `#[within(deserialize)]` impl, or, without the `serde` feature, says how to get one.
#[cfg(feature = "serde")]
#[doc(hidden)]
#[macro_export]
macro_rules! __within_with_serde {
    ($($tokens:tt)*) => { $($tokens)* };
}

/// Without `serde`, `#[within(deserialize)]` is an error that names the missing feature.
#[cfg(not(feature = "serde"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __within_with_serde {
    ($($tokens:tt)*) => {
        ::core::compile_error!(
            "#[within(deserialize)] needs the `serde` feature of within-runtime"
        );
    };
}

/// Emits its input only with the `serde` feature: the check that refuses an unchecked
/// `Deserialize`, which cannot exist without serde.
#[cfg(feature = "serde")]
#[doc(hidden)]
#[macro_export]
macro_rules! __within_if_serde {
    ($($tokens:tt)*) => { $($tokens)* };
}

/// Without `serde`, nothing.
#[cfg(not(feature = "serde"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __within_if_serde {
    ($($tokens:tt)*) => {};
}

/// Emits a `#[within(schema)]` impl, or, without the `schemars` feature, says how to get one.
#[cfg(feature = "schemars")]
#[doc(hidden)]
#[macro_export]
macro_rules! __within_with_schemars {
    ($($tokens:tt)*) => { $($tokens)* };
}

/// Without `schemars`, `#[within(schema)]` is an error that names the missing feature.
#[cfg(not(feature = "schemars"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __within_with_schemars {
    ($($tokens:tt)*) => {
        ::core::compile_error!("#[within(schema)] needs the `schemars` feature of within-runtime");
    };
}

/// Nothing with the `email` feature; without it, its input: the derive's `compile_error!`
/// naming the feature, spanned at the rule's keyword.
#[cfg(feature = "email")]
#[doc(hidden)]
#[macro_export]
macro_rules! __within_needs_email {
    ($($error:tt)*) => {};
}

/// Without `email`, the error the derive wrote.
#[cfg(not(feature = "email"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __within_needs_email {
    ($($error:tt)*) => {
        $($error)*
    };
}

/// Nothing with the `url` feature; without it, its input: the derive's `compile_error!`
/// naming the feature, spanned at the rule's keyword.
#[cfg(feature = "url")]
#[doc(hidden)]
#[macro_export]
macro_rules! __within_needs_url {
    ($($error:tt)*) => {};
}

/// Without `url`, the error the derive wrote.
#[cfg(not(feature = "url"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __within_needs_url {
    ($($error:tt)*) => {
        $($error)*
    };
}

/// Nothing with the `regex` feature; without it, its input: the derive's `compile_error!`
/// naming the feature, spanned at the rule's keyword.
#[cfg(feature = "regex")]
#[doc(hidden)]
#[macro_export]
macro_rules! __within_needs_regex {
    ($($error:tt)*) => {};
}

/// Without `regex`, the error the derive wrote.
#[cfg(not(feature = "regex"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __within_needs_regex {
    ($($error:tt)*) => {
        $($error)*
    };
}
