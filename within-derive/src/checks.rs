//! The tokens of one field's check, which every generated method shares: where its value is,
//! what is measured, its range and its site.

use crate::ast::{Field, Input};
use crate::attr::{Bound, Measure};
use crate::prop::Kind;
use crate::rules;
use crate::syntax::ungroup_expr;
use crate::text::expr_text;
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::Ident;

/// Where generated code reads the fields' values.
#[derive(Clone, Copy, PartialEq)]
pub enum Source {
    /// `self.field`, in getters, setters and `validate`.
    SelfFields,
    /// The parameters named by `Input::param_name`, in constructors.
    Params,
    /// An element of an `each(..)` field, a reference named by `element_ident`.
    Element,
}

/// The closure parameter that holds an element, in the checks of `each(..)`.
pub fn element_ident() -> Ident {
    Ident::new("__within_element", Span::mixed_site())
}

/// Which names errors give the fields.
#[derive(Clone, Copy, PartialEq)]
pub enum Names {
    /// As in the struct.
    Rust,
    /// As serde reads them, for `Deserialize`.
    Wire,
}

/// The name a site gives `field`.
pub fn field_name(input: &Input, field: &Field, names: Names) -> String {
    match names {
        Names::Rust => field.name(),
        Names::Wire => input.wire_name(field),
    }
}

/// The field's value, by value: `self.f` or the parameter. Used for bounds that name
/// another field, whose type is `Copy`.
pub fn value(input: &Input, field: &Field, source: Source) -> TokenStream {
    match source {
        Source::SelfFields => {
            let member = &field.member;
            quote!(self.#member)
        }
        Source::Params => input.param_name(field).into_token_stream(),
        Source::Element => {
            let element = element_ident();
            quote!((*#element))
        }
    }
}

/// A reference to the field's value: `&self.f`, `&{ self.f }` in a packed struct (whose
/// checked-by-value fields are `Copy`), or `&param`.
pub fn value_ref(input: &Input, field: &Field, source: Source) -> TokenStream {
    if source == Source::Element {
        return element_ident().into_token_stream();
    }
    let value = value(input, field, source);
    if source == Source::SelfFields && input.packed {
        quote!(&{ #value })
    } else {
        quote!(&#value)
    }
}

/// The trait of the runtime's that checks this kind of field.
pub fn field_trait(input: &Input, field: &Field) -> TokenStream {
    let private = input.private();
    let tr = match (field.kind(), field.option_inner()) {
        (Kind::OptionValue, Some(inner)) => quote!(OptionalField<#inner>),
        (Kind::Len(Measure::Len, false), _) => quote!(LenField),
        (Kind::Len(Measure::Len, true), _) => quote!(OptionalLenField),
        (Kind::Len(Measure::Chars, false), _) => quote!(CharsField),
        (Kind::Len(Measure::Chars, true), _) => quote!(OptionalCharsField),
        (Kind::Nested, _) => quote!(Nested),
        (Kind::Key, _) => unreachable!("a key is not checked"),
        _ => quote!(Field),
    };
    quote!(#private::#tr)
}

/// `<Ty as Trait>::item` for the trait that checks this kind of field, spanned at the field's
/// type, so a type that cannot be checked this way is reported there, once.
pub fn field_op(input: &Input, field: &Field, item: &str) -> TokenStream {
    let ty = field.ty;
    let tr = field_trait(input, field);
    let item = Ident::new(item, Span::call_site());
    quote_spanned!(ty.span()=> <#ty as #tr>::#item)
}

/// The vtable of the bound type, for the field's sites.
pub fn vtable(input: &Input, field: &Field) -> TokenStream {
    match field.kind() {
        Kind::Len(..) => {
            let private = input.private();
            quote!(#private::LEN_VTABLE)
        }
        _ => field_op(input, field, "VTABLE"),
    }
}

/// Which side of a range a bound is.
#[derive(Clone, Copy, PartialEq)]
pub enum End {
    Min,
    Max,
}

/// The associated item that holds a bound of `field` written as an expression:
/// `__WITHIN_2_MAX` for the maximum of the third field, a constant, or `__within_2_max`, a
/// function, for a `dynamic` one.
fn bound_item_name(input: &Input, field: &Field, end: End) -> Ident {
    let end = match end {
        End::Min => "min",
        End::Max => "max",
    };
    let index = input.index_of(field);
    // An element's bounds are apart from its collection's own (`len(..)`).
    let each = if field.element { "_each" } else { "" };
    input.hidden_item(match field.is_dynamic() {
        true => format!("__within_{index}{each}_{end}"),
        false => format!(
            "__WITHIN_{index}{}_{}",
            each.to_uppercase(),
            end.to_uppercase()
        ),
    })
}

/// A bound written as an expression, read where `bound_items` declares it: every use reads it
/// there, so the bound's own tokens are emitted once, and a mistake in them (a literal out of
/// range, a wrong type, a call that is not `const`) is reported once, at the bound. A
/// `dynamic` bound is a call, evaluated at each check.
///
/// Output: `Self::__WITHIN_2_MAX`, `<Pool>::__WITHIN_2_MAX` where `Self` is another type, or
/// `Self::__within_2_max()`.
pub fn bound_value(input: &Input, field: &Field, end: End, owner: &TokenStream) -> TokenStream {
    let name = bound_item_name(input, field, end);
    match field.is_dynamic() {
        true => quote!(#owner::#name()),
        false => quote!(#owner::#name),
    }
}

/// The declarations of every bound written as an expression, for the struct's inherent impl.
///
/// Output, for `#[within(1, MAX_POOL)] pool_size: u32` as the third field:
///
/// ```text
/// const __WITHIN_2_MIN: u32 = 1;
/// const __WITHIN_2_MAX: u32 = MAX_POOL;
/// ```
///
/// and, for `#[within(1, max_conns(), dynamic)]`, `fn __within_2_max() -> u32 { max_conns() }`.
/// Each declaration carries the bound's span, so a bound of the wrong type gets rustc's plain
/// "expected `u32`, found `&str`" on the bound itself.
pub fn bound_items(input: &Input) -> TokenStream {
    let mut consts = TokenStream::new();
    let elements = input
        .checked_fields()
        .filter_map(|field| field.each.as_deref());
    for field in input.bounded_fields().chain(elements) {
        let Some(bounds) = field.bounds() else {
            continue;
        };
        let bound_ty = field.bound_ty();
        for (bound, end) in [(&bounds.min, End::Min), (&bounds.max, End::Max)] {
            if let Some(Bound::Const(expr)) = bound {
                let name = bound_item_name(input, field, end);
                let expr = ungroup_expr(expr);
                consts.extend(match field.is_dynamic() {
                    true => quote_spanned! {expr.span()=>
                        #[doc(hidden)]
                        #[inline]
                        fn #name() -> #bound_ty {
                            #expr
                        }
                    },
                    false => quote_spanned! {expr.span()=>
                        #[doc(hidden)]
                        const #name: #bound_ty = #expr;
                    },
                });
            }
        }
    }
    consts
}

/// `Some(CONST)`, a constant side of a range.
pub fn const_side(input: &Input, field: &Field, end: End) -> TokenStream {
    let value = bound_value(input, field, end, &quote!(Self));
    quote!(::core::option::Option::Some(#value))
}

/// A side of a range that is `other`'s value: `Some(value)`, or the `Option` itself for an
/// optional field, which bounds nothing while it is `None`.
pub fn partner(input: &Input, other: &Field, source: Source) -> TokenStream {
    let value = value(input, other, source);
    match other.kind() {
        Kind::OptionValue => value,
        _ => quote!(::core::option::Option::Some(#value)),
    }
}

/// The field's declared range, with the values of the fields it names read from `source`.
pub fn range(input: &Input, field: &Field, source: Source) -> TokenStream {
    range_with(input, field, |bound, end| match bound {
        Bound::Const(_) => const_side(input, field, end),
        Bound::Field { member, .. } => match input.field(member) {
            Some(other) => partner(input, other, source),
            None => unreachable!("a bound names an existing field, or the input is invalid"),
        },
    })
}

/// The constant sides of the field's range only, as a constant: what a site prints.
pub fn const_range(input: &Input, field: &Field) -> TokenStream {
    range_with(input, field, |bound, end| match bound {
        Bound::Const(_) if !field.is_dynamic() => const_side(input, field, end),
        Bound::Const(_) => quote!(::core::option::Option::None),
        Bound::Field { .. } => quote!(::core::option::Option::None),
    })
}

/// A `Range` of the field's bound type whose present sides are `side(bound)`.
fn range_with(
    input: &Input,
    field: &Field,
    side: impl Fn(&Bound, End) -> TokenStream,
) -> TokenStream {
    let private = input.private();
    let Some(bounds) = field.bounds() else {
        unreachable!("only fields with bounds have a range");
    };
    let bound_ty = field.bound_ty();
    let side = |bound: &Option<Bound>, end| match bound {
        Some(bound) => side(bound, end),
        None => quote!(::core::option::Option::None),
    };
    let min = side(&bounds.min, End::Min);
    let max = side(&bounds.max, End::Max);
    let max_exclusive = bounds.max_exclusive;
    quote! {
        #private::Range::<#bound_ty> {
            min: #min,
            max: #max,
            min_exclusive: false,
            max_exclusive: #max_exclusive,
        }
    }
}

/// How the site of a check describes one side of its range.
pub fn side_shape(
    input: &Input,
    field: &Field,
    bound: Option<&Bound>,
    names: Names,
) -> TokenStream {
    let private = input.private();
    match bound {
        None => quote!(#private::Side::Open),
        Some(Bound::Const(expr)) if field.is_dynamic() => {
            let text = expr_text(ungroup_expr(expr));
            quote!(#private::Side::Dynamic(#text))
        }
        Some(Bound::Const(_)) => quote!(#private::Side::Const),
        Some(Bound::Field { member, .. }) => match input.field(member) {
            Some(other) => side_field(input, other, names),
            None => unreachable!("a bound names an existing field, or the input is invalid"),
        },
    }
}

/// `Side::Field(name, secret)` for a side that is `other`'s value.
pub fn side_field(input: &Input, other: &Field, names: Names) -> TokenStream {
    let private = input.private();
    let name = field_name(input, other, names);
    let secret = other.within().secret.is_some();
    quote!(#private::Side::Field(#name, #secret))
}

/// The parts of a site: where the check is and how to word its errors.
pub struct SiteParts {
    pub name: String,
    pub measure: TokenStream,
    pub min: TokenStream,
    pub max: TokenStream,
    pub min_exclusive: bool,
    pub max_exclusive: bool,
    /// A constant `Range` whose sides the site prints when they are constants.
    pub const_range: TokenStream,
    /// `Some("..")` or `None`: the attribute's `code = ".."` and `message = ".."`.
    pub code: TokenStream,
    pub message: TokenStream,
}

/// Where the field's own check is, for error messages: one `'static` constant per check.
pub fn site(input: &Input, field: &Field, names: Names) -> TokenStream {
    let private = input.private();
    let Some(bounds) = field.bounds() else {
        unreachable!("only fields with bounds have a site");
    };
    let measure = match field.kind() {
        Kind::Len(Measure::Len, _) => quote!(#private::Measure::Len),
        Kind::Len(Measure::Chars, _) => quote!(#private::Measure::Chars),
        _ => quote!(#private::Measure::Value),
    };
    site_from(
        input,
        field,
        SiteParts {
            name: field_name(input, field, names),
            measure,
            min: side_shape(input, field, bounds.min.as_ref(), names),
            max: side_shape(input, field, bounds.max.as_ref(), names),
            min_exclusive: false,
            max_exclusive: bounds.max_exclusive,
            const_range: const_range(input, field),
            code: rules::option_str(field.within().code.as_ref()),
            message: rules::option_str(field.within().message.as_ref()),
        },
    )
}

/// A site for a check of `field` described by `parts`.
pub fn site_from(input: &Input, field: &Field, parts: SiteParts) -> TokenStream {
    let private = input.private();
    let owner = input.name();
    let secret = field.within().secret.is_some();
    // An element's errors are located at `tags[1]`, which stands for the field's name.
    let newtype = input.is_newtype() || field.element;
    let bound_ty = field.bound_ty();
    let vtable = vtable(input, field);
    let fmt_bound = match field.kind() {
        Kind::Len(..) => quote!(<::core::primitive::usize as #private::Field>::fmt_bound),
        _ => field_op(input, field, "fmt_bound"),
    };
    let max_side = Ident::new("__within_max", Span::mixed_site());
    let formatter = Ident::new("__within_formatter", Span::mixed_site());
    let SiteParts {
        name,
        measure,
        min,
        max,
        min_exclusive,
        max_exclusive,
        const_range,
        code,
        message,
    } = parts;
    quote! {
        const {
            &#private::Site::<#bound_ty>::new(
                #owner,
                #name,
                #private::Shape {
                    secret: #secret,
                    newtype: #newtype,
                    measure: #measure,
                    min: #min,
                    max: #max,
                    min_exclusive: #min_exclusive,
                    max_exclusive: #max_exclusive,
                    code: #code,
                    message: #message,
                },
                |#max_side, #formatter| #fmt_bound(#const_range, #max_side, #formatter),
                #vtable,
            )
        }
    }
}

/// `(RANGE, SITE)`: the field's own check.
pub fn check(input: &Input, field: &Field, source: Source, names: Names) -> TokenStream {
    let range = range(input, field, source);
    let site = site(input, field, names);
    quote!((#range, #site))
}

/// `<Ty as Field>::holds(&value, RANGE)`: whether the field passes its own check, and each
/// of its rules.
pub fn holds(input: &Input, field: &Field, source: Source) -> TokenStream {
    let value = value_ref(input, field, source);
    let mut holds = rules::holds(input, field, &field.name(), &value);
    if field.bounds().is_some() {
        let range_holds = field_op(input, field, "holds");
        let range = range(input, field, source);
        holds.insert(0, quote!(#range_holds(#value, #range)));
    }
    if let Some(element) = field.each.as_deref() {
        let private = input.private();
        let each = element_ident();
        let element_holds = self::holds(input, element, Source::Element);
        holds.push(quote!(#private::each_holds(#value, |#each| #element_holds)));
    }
    if holds.is_empty() {
        return quote!(true);
    }
    quote!(#(#holds)&&*)
}

/// The first failure of the field's rules and elements (not its bounds, which the runtime's
/// setter checks), for a setter: an expression of type `Result<(), OutOfRange>`; `value` is a
/// reference to the new value.
pub fn first_failure(input: &Input, field: &Field, value: &TokenStream) -> TokenStream {
    let rules = rules::first_failure(input, field, value);
    let Some(element) = field.each.as_deref() else {
        return rules;
    };
    let private = input.private();
    let each = element_ident();
    let owner = input.name();
    let name = field.name();
    let mut element_first = rules::first_failure(input, element, &quote!(#each));
    if element.bounds().is_some() {
        let test = field_op(input, element, "test");
        let check = check(input, element, Source::Element, Names::Rust);
        element_first =
            quote!(::core::result::Result::and_then(#test(#each, [#check]), |()| #element_first));
    }
    quote! {
        ::core::result::Result::and_then(#rules, |()| {
            #private::each_first(#value, #owner, #name, |#each| #element_first)
        })
    }
}

/// `<Ty as Field>::report(&value, checks, (RANGE, SITE));`: records the field if it fails.
pub fn report(
    input: &Input,
    field: &Field,
    checks: &Ident,
    source: Source,
    names: Names,
) -> TokenStream {
    let value = value_ref(input, field, source);
    let rules = report_rules(input, field, checks, &value, names);
    if field.bounds().is_none() {
        return rules;
    }
    let report = field_op(input, field, "report");
    let check = check(input, field, source, names);
    quote!(#report(#value, #checks, #check); #rules)
}

/// The report of a length checked on a nested field's unchecked shadow, before its structs are
/// checked and built: the trait is named without the field's type, which the shadow's is not
/// (a `Vec` of the structs' shadows has the same length).
pub fn report_shadow_len(
    input: &Input,
    field: &Field,
    checks: &Ident,
    names: Names,
) -> TokenStream {
    if !matches!(field.kind(), Kind::Len(..)) {
        return TokenStream::new();
    }
    let value = value_ref(input, field, Source::Params);
    let tr = field_trait(input, field);
    let check = check(input, field, Source::Params, names);
    quote!(#tr::report(#value, #checks, #check);)
}

/// The reports of the field's rules and elements, not its bounds; `value` is a reference to
/// the value.
pub fn report_rules(
    input: &Input,
    field: &Field,
    checks: &Ident,
    value: &TokenStream,
    names: Names,
) -> TokenStream {
    let mut rules = rules::reports(
        input,
        field,
        &field_name(input, field, names),
        value,
        checks,
    );
    if let Some(element) = field.each.as_deref() {
        let private = input.private();
        let each = element_ident();
        let owner = input.name();
        let name = field_name(input, field, names);
        let element_reports = self::report(input, element, checks, Source::Element, names);
        rules.extend(quote! {
            #private::each_report(#value, #checks, #owner, #name, |#each, #checks| {
                #element_reports
            });
        });
    }
    rules
}

/// `; `None` is always accepted`, for the docs of an `Option` field's accessors.
pub fn none_note(field: &Field) -> &'static str {
    if field.option_inner().is_some() {
        "; `None` is always accepted"
    } else {
        ""
    }
}

/// The accepted values in words, for doc comments: `within [0, 100]`, `at least 1`,
/// `at most pool_size`, `a length within [1, 64]`.
pub fn describe(field: &Field) -> String {
    let Some(bounds) = field.bounds() else {
        return match field.kind() {
            Kind::Rules => "accepted by its rules".to_owned(),
            _ => "valid by its own checks".to_owned(),
        };
    };
    let text = |bound: &Option<Bound>| {
        bound.as_ref().map(|bound| match bound {
            Bound::Const(expr) => expr_text(ungroup_expr(expr)),
            Bound::Field { member, .. } => crate::syntax::member_name(member),
        })
    };
    let (min, max) = (text(&bounds.min), text(&bounds.max));
    let range = match (min, max, bounds.max_exclusive) {
        (Some(min), Some(max), false) => format!("within [{min}, {max}]"),
        (Some(min), Some(max), true) => format!("at least {min} and less than {max}"),
        (Some(min), None, _) => format!("at least {min}"),
        (None, Some(max), false) => format!("at most {max}"),
        (None, Some(max), true) => format!("less than {max}"),
        (None, None, _) => unreachable!("the parser requires a bound"),
    };
    let described = match field.kind() {
        Kind::Len(Measure::Len, _) => format!("of a length {range}"),
        Kind::Len(Measure::Chars, _) => format!("of a char count {range}"),
        _ => range,
    };
    match field.rules().is_empty() {
        true => described,
        false => format!("{described} and accepted by its rules"),
    }
}

/// The step `field` adds to a path: its name, or none when serde flattens it.
pub fn segment(input: &Input, field: &Field, names: Names) -> TokenStream {
    let private = input.private();
    if names == Names::Wire && field.serde_flatten {
        return quote!(#private::Segment::Same);
    }
    let name = field_name(input, field, names);
    quote!(#private::Segment::Field(#name))
}

/// `<T as Nested>::item`, spanned at the field's type: the trait that descends into a nested
/// field, whatever else the field declares.
fn nested_op(input: &Input, field: &Field, item: &str) -> TokenStream {
    let private = input.private();
    let ty = field.ty;
    let item = Ident::new(item, Span::call_site());
    quote_spanned!(ty.span()=> <#ty as #private::Nested>::#item)
}

/// `<T as Nested>::holds(&self.f)`: the fast path of `validate` for one nested field.
pub fn nested_holds(input: &Input, field: &Field) -> TokenStream {
    let holds = nested_op(input, field, "holds");
    let member = &field.member;
    quote!(#holds(&self.#member))
}

/// Records every failure inside `self.f`, one step further down the path.
pub fn nested_report(input: &Input, field: &Field, checks: &Ident) -> TokenStream {
    let private = input.private();
    let report = nested_op(input, field, "report");
    let member = &field.member;
    let owner = input.name();
    let segment = segment(input, field, Names::Rust);
    quote! {
        #private::Checks::enter(#checks, #owner, #segment, |#checks| #report(&self.#member, #checks));
    }
}
