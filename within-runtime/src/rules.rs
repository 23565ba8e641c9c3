//! Rules beyond ranges: a field's `check = path` and `one_of(..)`, a struct's
//! `invariant = path`. Each is one generic function that generated code calls with the user's
//! function (or values) and a `'static` site, so a rule expands to a single call.

use crate::checks::Checks;
use crate::error::Site;
use crate::value::VTableOf;
use crate::{OutOfRange, Violation};
use alloc::format;
use alloc::string::{String, ToString};
use core::borrow::Borrow;
use core::fmt::{Debug, Display};

/// What a `check = path` or `invariant = path` function may return: `bool` (true passes), or
/// `Result<(), E>` whose error's `Display` is the failure's message.
///
/// Generated code names this trait for the function's return type, so a function with another
/// return type is one error, at the path in the attribute.
#[diagnostic::on_unimplemented(
    message = "a #[within(check = ..)] or #[within(invariant = ..)] function must return `bool` or `Result<(), E>` with `E: Display`, not `{Self}`",
    label = "this function returns `{Self}`"
)]
pub trait Outcome {
    /// `Ok` when the value passes; else the failure's own words, if it has any.
    fn verdict(self) -> Result<(), Option<String>>;
}

impl Outcome for bool {
    #[inline(always)]
    fn verdict(self) -> Result<(), Option<String>> {
        if self {
            Ok(())
        } else {
            Err(None)
        }
    }
}

impl<E: Display> Outcome for Result<(), E> {
    #[inline(always)]
    fn verdict(self) -> Result<(), Option<String>> {
        self.map_err(|error| Some(error.to_string()))
    }
}

/// The vtable of `()`, for the sites of rules: their errors hold no value of the field's type.
pub const RULE_VTABLE: &VTableOf<()> = &VTableOf::NEW;

/// Runs the check `rule` on `value`: `Ok`, or the error for `site` with the check's words.
///
/// `rule` takes the value as any type it borrows as: a `String` field's check may take
/// `&String` or `&str`, a `Vec<T>` field's `&[T]`. Generic over the function rather than
/// taking a `fn` pointer, so a check inlines into the setter as a hand-written
/// `if rule(&value)` does.
#[inline(always)]
pub fn check<T: ?Sized + Borrow<U>, U: ?Sized, O: Outcome>(
    value: &T,
    rule: impl FnOnce(&U) -> O,
    site: &'static Site<()>,
) -> Result<(), OutOfRange> {
    match Outcome::verdict(rule(value.borrow())) {
        Ok(()) => Ok(()),
        Err(text) => Err(OutOfRange::rule(site, Violation::Check, text, None)),
    }
}

/// [`check`] for an `Option` field: the `Some` value is checked, `None` always passes.
#[inline(always)]
pub fn check_some<T: Borrow<U>, U: ?Sized, O: Outcome>(
    value: &Option<T>,
    rule: impl FnOnce(&U) -> O,
    site: &'static Site<()>,
) -> Result<(), OutOfRange> {
    match value {
        Some(value) => check(value, rule, site),
        None => Ok(()),
    }
}

/// `one_of(..)`: `Ok` if `is_one` (the comparisons with each value, which the derive writes
/// out) says so, else the error for `site`, showing the value with `Debug`.
#[inline(always)]
pub fn one_of<T: ?Sized + Debug>(
    value: &T,
    is_one: impl FnOnce(&T) -> bool,
    site: &'static Site<()>,
) -> Result<(), OutOfRange> {
    if is_one(value) {
        Ok(())
    } else {
        Err(not_one_of(value, site))
    }
}

#[cold]
#[inline(never)]
fn not_one_of<T: ?Sized + Debug>(value: &T, site: &'static Site<()>) -> OutOfRange {
    // A secret field's value is never formatted at all.
    let shown = (!site.shape().secret).then(|| format!("{value:?}"));
    OutOfRange::rule(site, Violation::OneOf, None, shown)
}

/// [`one_of`] for an `Option` field: `None` always passes.
#[inline(always)]
pub fn one_of_some<T: Debug>(
    value: &Option<T>,
    is_one: impl FnOnce(&T) -> bool,
    site: &'static Site<()>,
) -> Result<(), OutOfRange> {
    match value {
        Some(value) => one_of(value, is_one, site),
        None => Ok(()),
    }
}

/// Runs the invariant `rule` on the whole struct: `Ok`, or its error for `site`.
#[inline(always)]
pub fn invariant<S: ?Sized, O: Outcome>(
    value: &S,
    rule: impl FnOnce(&S) -> O,
    site: &'static Site<()>,
) -> Result<(), OutOfRange> {
    match Outcome::verdict(rule(value)) {
        Ok(()) => Ok(()),
        Err(text) => Err(OutOfRange::rule(site, Violation::Invariant, text, None)),
    }
}

/// The setter of a field of a struct with invariants: if `value` passes the field's own
/// `checks`, it is written where `place` says, then the struct's `invariants` run on the whole
/// struct. If they fail, the old value is put back, the new one dropped, and the failure
/// returned; if they panic, the old value is put back as the panic unwinds, so the struct is
/// as it was either way.
#[inline]
pub fn set_tentatively<S: ?Sized, F>(
    owner: &mut S,
    place: impl Fn(&mut S) -> &mut F,
    value: F,
    checks: impl FnOnce(&F) -> Result<(), OutOfRange>,
    invariants: impl FnOnce(&S) -> Result<(), OutOfRange>,
) -> Result<(), OutOfRange> {
    /// Puts `old` back when dropped while it still holds it: on a failure, or a panic.
    struct Restore<'a, S: ?Sized, F, P: Fn(&mut S) -> &mut F> {
        owner: &'a mut S,
        place: P,
        old: Option<F>,
    }

    impl<S: ?Sized, F, P: Fn(&mut S) -> &mut F> Drop for Restore<'_, S, F, P> {
        fn drop(&mut self) {
            if let Some(old) = self.old.take() {
                *(self.place)(self.owner) = old;
            }
        }
    }

    checks(&value)?;
    let old = core::mem::replace(place(owner), value);
    let mut restore = Restore {
        owner,
        place,
        old: Some(old),
    };
    let outcome = invariants(restore.owner);
    if outcome.is_ok() {
        // Kept: the old value is dropped once the struct is whole again.
        let old = restore.old.take();
        drop(restore);
        drop(old);
    }
    outcome
}

/// Records the failure of a rule, if it failed: the slow path of `try_new`, `validate` and a
/// checked `Deserialize`.
#[inline]
pub fn report_rule(checks: &mut Checks, outcome: Result<(), OutOfRange>) {
    if let Err(error) = outcome {
        checks.push(error);
    }
}

/// A field the string rules (`email`, `url`, `pattern`) apply to: a `String`, `Box<str>`,
/// `Cow<str>` or `&str`, or an `Option` of one (`None` is not checked).
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot have #[within(email)], #[within(url)] or #[within(pattern = ..)]",
    label = "these rules check a `String`, `Box<str>`, `Cow<str>` or `&str`, or an `Option` of one"
)]
pub trait StrField {
    /// The text to check, or `None` when there is none (`None`).
    fn text(&self) -> Option<&str>;
}

impl StrField for String {
    #[inline(always)]
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

impl StrField for alloc::boxed::Box<str> {
    #[inline(always)]
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

impl StrField for alloc::borrow::Cow<'_, str> {
    #[inline(always)]
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

impl StrField for &str {
    #[inline(always)]
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

impl<T: StrField> StrField for Option<T> {
    #[inline(always)]
    fn text(&self) -> Option<&str> {
        self.as_ref()?.text()
    }
}

/// Runs a string rule: `Ok` if `passes` accepts the text (or there is none), else the error
/// for `site`, showing the text unless the field is secret.
#[cfg(any(feature = "email", feature = "url", feature = "regex"))]
#[inline(always)]
fn string_rule<T: ?Sized + StrField>(
    value: &T,
    passes: impl FnOnce(&str) -> bool,
    violation: Violation,
    site: &'static Site<()>,
) -> Result<(), OutOfRange> {
    match value.text() {
        Some(text) if !passes(text) => Err(rejected_text(text, violation, site)),
        _ => Ok(()),
    }
}

#[cfg(any(feature = "email", feature = "url", feature = "regex"))]
#[cold]
#[inline(never)]
fn rejected_text(text: &str, violation: Violation, site: &'static Site<()>) -> OutOfRange {
    let shown = (!site.shape().secret).then(|| format!("{text:?}"));
    OutOfRange::rule(site, violation, None, shown)
}

/// `#[within(email)]`: an address alone (`local@domain`, no display name), its parts as
/// `email_address` parses them (RFC 5321/5322), no DNS.
#[inline]
pub fn email<T: ?Sized + StrField>(value: &T, site: &'static Site<()>) -> Result<(), OutOfRange> {
    #[cfg(feature = "email")]
    return string_rule(value, is_address, Violation::Email, site);
    #[cfg(not(feature = "email"))]
    return stub(value, site);
}

/// An address alone (`local@domain`), each part as `email_address` reads it: not
/// `EmailAddress::is_valid`, which also accepts a display name (`Ann <ann@example.com>`, not an
/// address a form means) and allocates a copy of the text to return, then frees it. The
/// domain is the text after the last `@`, as the crate splits it (a quoted local part may hold
/// one). Measured side by side on `ann.lee42@example.com`, in one run: 137 ns for `is_valid`,
/// 71 ns for this (`cargo run --release --manifest-path bench/Cargo.toml -- --only rules`).
#[cfg(feature = "email")]
#[inline]
fn is_address(text: &str) -> bool {
    use email_address::EmailAddress;
    text.rsplit_once('@').is_some_and(|(local, domain)| {
        EmailAddress::is_valid_local_part(local) && EmailAddress::is_valid_domain(domain)
    })
}

/// `#[within(url)]`: an absolute URL, as `url::Url::parse` reads it.
#[inline]
pub fn url<T: ?Sized + StrField>(value: &T, site: &'static Site<()>) -> Result<(), OutOfRange> {
    #[cfg(feature = "url")]
    return string_rule(
        value,
        |text| url::Url::parse(text).is_ok(),
        Violation::Url,
        site,
    );
    #[cfg(not(feature = "url"))]
    return stub(value, site);
}

/// What a string rule is without its feature, where `needs_*!` has failed the build.
#[cfg(not(all(feature = "email", feature = "url", feature = "regex")))]
fn stub<T: ?Sized + StrField>(value: &T, site: &'static Site<()>) -> Result<(), OutOfRange> {
    let _ = (value, site);
    unreachable!("a string rule without its feature does not build")
}

/// A `pattern = ".."`, compiled the first time it is used.
pub struct Pattern {
    #[cfg_attr(not(feature = "regex"), allow(dead_code))]
    source: &'static str,
    #[cfg(feature = "regex")]
    compiled: std::sync::OnceLock<regex::Regex>,
}

impl Pattern {
    /// The pattern `source`, which the derive has parsed: it compiles.
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            #[cfg(feature = "regex")]
            compiled: std::sync::OnceLock::new(),
        }
    }

    #[cfg(feature = "regex")]
    fn regex(&self) -> &regex::Regex {
        self.compiled
            .get_or_init(|| match regex::Regex::new(self.source) {
                Ok(regex) => regex,
                // The derive parsed it with the same syntax; only a pattern too large for the
                // default size limit gets here.
                Err(error) => panic!("#[within(pattern = {:?})]: {error}", self.source),
            })
    }
}

/// `#[within(pattern = "..")]`: the text matches anywhere, unless anchored with `^`/`$`, as
/// JSON Schema's `pattern`.
#[inline]
pub fn pattern<T: ?Sized + StrField>(
    value: &T,
    pattern: &'static Pattern,
    site: &'static Site<()>,
) -> Result<(), OutOfRange> {
    #[cfg(feature = "regex")]
    return string_rule(
        value,
        |text| pattern.regex().is_match(text),
        Violation::Pattern,
        site,
    );
    #[cfg(not(feature = "regex"))]
    return {
        let _ = pattern;
        stub(value, site)
    };
}

/// Prints nothing: the `bounds` of a site whose rule has none.
pub fn no_bounds(_max: bool, _f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
    Ok(())
}
