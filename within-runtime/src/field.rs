//! Introspection: what `#[derive(Validated)]` records about each checked field.

/// One field checked by `#[within(..)]`, as written in the struct's source.
///
/// [`Validated::FIELDS`](crate::Validated::FIELDS) lists them in declaration order:
///
/// ```
/// use within_runtime::Validated;
///
/// const PASS: u32 = 50;
///
/// #[derive(Validated)]
/// struct Exam {
///     #[within(PASS, 100)]
///     math: u32,
///     comment: &'static str,
///     #[within(-1.5..1.5)]
///     curve: f64,
///     #[within(1.., secret)]
///     pin: u16,
/// }
///
/// let [math, curve, pin] = Exam::FIELDS else { panic!("three checked fields") };
/// assert_eq!((math.name(), math.min(), math.max(), math.ty()), ("math", Some("PASS"), Some("100"), "u32"));
/// assert_eq!((curve.min(), curve.max(), curve.is_max_exclusive()), (Some("-1.5"), Some("1.5"), true));
/// assert_eq!((pin.min(), pin.max(), pin.is_secret()), (Some("1"), None, true));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FieldSpec {
    name: &'static str,
    min: Option<&'static str>,
    max: Option<&'static str>,
    max_exclusive: bool,
    secret: bool,
    ty: &'static str,
}

impl FieldSpec {
    #[doc(hidden)]
    pub const fn new(
        name: &'static str,
        min: Option<&'static str>,
        max: Option<&'static str>,
        max_exclusive: bool,
        secret: bool,
        ty: &'static str,
    ) -> Self {
        FieldSpec {
            name,
            min,
            max,
            max_exclusive,
            secret,
            ty,
        }
    }

    /// The field's name, without any `r#` prefix; `"0"`, `"1"`, .. in a tuple struct.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The minimum as written in the attribute, such as `"0"`, `"-5"` or `"u8::MIN"`; `None`
    /// for a range without one (`..=9`).
    pub const fn min(&self) -> Option<&'static str> {
        self.min
    }

    /// The maximum as written in the attribute; `None` for a range without one (`1..`).
    pub const fn max(&self) -> Option<&'static str> {
        self.max
    }

    /// Whether the maximum itself is out of range (`0.0..1.0`, `..10`).
    pub const fn is_max_exclusive(&self) -> bool {
        self.max_exclusive
    }

    /// Whether errors leave out the field's value (`#[within(0, 9999, secret)]`).
    pub const fn is_secret(&self) -> bool {
        self.secret
    }

    /// The field's type as written in the struct, such as `"u32"` or `"Option<u8>"`.
    pub const fn ty(&self) -> &'static str {
        self.ty
    }
}
