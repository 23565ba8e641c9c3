//! Introspection: what `#[derive(Validated)]` records about each checked field.

use crate::Measure;

/// One field checked by `#[within(..)]`, as written in the struct's source.
///
/// [`Validated::FIELDS`](crate::Validated::FIELDS) lists them in declaration order:
///
/// ```
/// use within_runtime::{Measure, Validated};
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
///     #[within(0, self.math)]
///     bonus: u32,
///     #[within(len(1..=64))]
///     name: String,
/// }
///
/// let [math, curve, pin, bonus, name] = Exam::FIELDS else { panic!("five checked fields") };
/// assert_eq!((math.name(), math.min(), math.max(), math.ty()), ("math", Some("PASS"), Some("100"), "u32"));
/// assert_eq!((curve.min(), curve.max(), curve.is_max_exclusive()), (Some("-1.5"), Some("1.5"), true));
/// assert_eq!((pin.min(), pin.max(), pin.is_secret()), (Some("1"), None, true));
/// assert_eq!((bonus.max(), bonus.max_field()), (Some("self.math"), Some("math")));
/// assert_eq!((name.measure(), name.min(), name.max()), (Measure::Len, Some("1"), Some("64")));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FieldSpec {
    name: &'static str,
    ty: &'static str,
    measure: Measure,
    nested: bool,
    min: Option<&'static str>,
    max: Option<&'static str>,
    min_field: Option<&'static str>,
    max_field: Option<&'static str>,
    min_exclusive: bool,
    max_exclusive: bool,
    secret: bool,
    dynamic: bool,
    rules: &'static [RuleSpec],
    each: Option<&'static FieldSpec>,
}

/// A rule of a field beyond its bounds, as written: `check = not_blank`, `email`,
/// `pattern = "^[a-z]+$"`, `one_of("eu", "us")`.
///
/// ```
/// use within_runtime::Validated;
///
/// fn not_blank(value: &str) -> bool {
///     !value.trim().is_empty()
/// }
///
/// #[derive(Validated)]
/// struct Signup {
///     #[within(len(3..=32), check = not_blank)]
///     #[within(one_of("eu", "us"), code = "region")]
///     region: String,
///     #[within(each(chars(1..=16)))]
///     tags: Vec<String>,
/// }
///
/// let [region, tags] = Signup::FIELDS else { panic!("two checked fields") };
/// let rules: Vec<_> = region.rules().iter().map(|rule| (rule.code(), rule.text())).collect();
/// assert_eq!(rules, [("check", "check = not_blank"), ("region", r#"one_of("eu", "us")"#)]);
/// let element = tags.each().expect("each(..)");
/// assert_eq!((element.min(), element.max()), (Some("1"), Some("16")));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RuleSpec {
    code: &'static str,
    text: &'static str,
}

impl RuleSpec {
    #[doc(hidden)]
    pub const fn new(code: &'static str, text: &'static str) -> Self {
        RuleSpec { code, text }
    }

    /// The code its errors carry: the rule's own (`"check"`, `"email"`, `"url"`,
    /// `"pattern"`, `"one_of"`) or the attribute's `code = ".."`.
    pub const fn code(&self) -> &'static str {
        self.code
    }

    /// The rule as written in the attribute.
    pub const fn text(&self) -> &'static str {
        self.text
    }
}

#[doc(hidden)]
impl FieldSpec {
    /// A field `name` of type `ty`, checked by value, with no bounds yet.
    pub const fn new(name: &'static str, ty: &'static str) -> Self {
        FieldSpec {
            name,
            ty,
            measure: Measure::Value,
            nested: false,
            min: None,
            max: None,
            min_field: None,
            max_field: None,
            min_exclusive: false,
            max_exclusive: false,
            secret: false,
            dynamic: false,
            rules: &[],
            each: None,
        }
    }

    pub const fn with_min(
        mut self,
        text: &'static str,
        field: Option<&'static str>,
        exclusive: bool,
    ) -> Self {
        self.min = Some(text);
        self.min_field = field;
        self.min_exclusive = exclusive;
        self
    }

    pub const fn with_max(
        mut self,
        text: &'static str,
        field: Option<&'static str>,
        exclusive: bool,
    ) -> Self {
        self.max = Some(text);
        self.max_field = field;
        self.max_exclusive = exclusive;
        self
    }

    pub const fn with_measure(mut self, measure: Measure) -> Self {
        self.measure = measure;
        self
    }

    pub const fn with_secret(mut self) -> Self {
        self.secret = true;
        self
    }

    pub const fn with_nested(mut self) -> Self {
        self.nested = true;
        self
    }

    pub const fn with_dynamic(mut self) -> Self {
        self.dynamic = true;
        self
    }

    pub const fn with_rules(mut self, rules: &'static [RuleSpec]) -> Self {
        self.rules = rules;
        self
    }

    pub const fn with_each(mut self, each: &'static FieldSpec) -> Self {
        self.each = Some(each);
        self
    }
}

impl FieldSpec {
    /// The field's name, without any `r#` prefix; `"0"`, `"1"`, .. in a tuple struct.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The field's type as written in the struct, such as `"u32"` or `"Option<u8>"`.
    pub const fn ty(&self) -> &'static str {
        self.ty
    }

    /// What the bounds apply to: the value, its length (`len(..)`) or its `char`s
    /// (`chars(..)`).
    pub const fn measure(&self) -> Measure {
        self.measure
    }

    /// Whether the field holds validated structs, checked by their own bounds
    /// (`#[within(nested)]` or `each(nested)`); it may have a length of its own beside
    /// (`#[within(len(1..=16), nested)]`).
    pub const fn is_nested(&self) -> bool {
        self.nested
    }

    /// Whether the bounds are read at each check (`#[within(1, max_conns(), dynamic)]`).
    pub const fn is_dynamic(&self) -> bool {
        self.dynamic
    }

    /// The field's rules beyond its bounds, in the order written.
    pub const fn rules(&self) -> &'static [RuleSpec] {
        self.rules
    }

    /// What `each(..)` checks on every element, as a spec of its own (named after the field).
    pub const fn each(&self) -> Option<&'static FieldSpec> {
        self.each
    }

    /// The minimum as written in the attribute, such as `"0"`, `"-5"`, `"u8::MIN"` or
    /// `"self.low"`; `None` for a range without one (`..=9`).
    pub const fn min(&self) -> Option<&'static str> {
        self.min
    }

    /// The maximum as written in the attribute; `None` for a range without one (`1..`).
    pub const fn max(&self) -> Option<&'static str> {
        self.max
    }

    /// The other field that the minimum names (`#[within(self.low..)]` gives `"low"`).
    pub const fn min_field(&self) -> Option<&'static str> {
        self.min_field
    }

    /// The other field that the maximum names (`#[within(0, self.pool_size)]` gives
    /// `"pool_size"`).
    pub const fn max_field(&self) -> Option<&'static str> {
        self.max_field
    }

    /// Whether the minimum itself is out of range.
    pub const fn is_min_exclusive(&self) -> bool {
        self.min_exclusive
    }

    /// Whether the maximum itself is out of range (`0.0..1.0`, `..10`).
    pub const fn is_max_exclusive(&self) -> bool {
        self.max_exclusive
    }

    /// Whether errors leave out the field's value (`#[within(0, 9999, secret)]`).
    pub const fn is_secret(&self) -> bool {
        self.secret
    }
}
