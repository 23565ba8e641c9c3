//! Introspection: what `#[derive(Validated)]` records about each checked field.

/// One field checked by `#[within(min, max)]`, as written in the struct's source.
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
///     #[within(-1.5, 1.5)]
///     curve: f64,
/// }
///
/// let [math, curve] = Exam::FIELDS else { panic!("two checked fields") };
/// assert_eq!((math.name(), math.min(), math.max(), math.ty()), ("math", "PASS", "100", "u32"));
/// assert_eq!((curve.name(), curve.min(), curve.max()), ("curve", "-1.5", "1.5"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FieldSpec {
    name: &'static str,
    min: &'static str,
    max: &'static str,
    ty: &'static str,
}

impl FieldSpec {
    #[doc(hidden)]
    pub const fn new(
        name: &'static str,
        min: &'static str,
        max: &'static str,
        ty: &'static str,
    ) -> Self {
        FieldSpec { name, min, max, ty }
    }

    /// The field's name, without any `r#` prefix.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The minimum as written in the attribute, such as `"0"`, `"-5"` or `"u8::MAX"`.
    pub const fn min(&self) -> &'static str {
        self.min
    }

    /// The maximum as written in the attribute.
    pub const fn max(&self) -> &'static str {
        self.max
    }

    /// The field's type as written in the struct, such as `"u32"`.
    pub const fn ty(&self) -> &'static str {
        self.ty
    }
}
