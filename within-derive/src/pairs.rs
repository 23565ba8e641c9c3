//! Bounds that name another field: `#[within(0, self.pool_size)]`.
//!
//! The derive knows each pair, so every mutation keeps it: the field's own setter, `try_new`,
//! `validate`, `new_const` and `Deserialize` check the field against the other field's value,
//! and the other field's setter checks the bound the pair implies on it
//! (`set_pool_size(3)` fails while `min_idle` is 4).

use crate::ast::{Field, Input};
use crate::checks::{self, Names, SiteParts, Source};
use crate::prop::Implied;
use proc_macro2::TokenStream;
use quote::quote;

/// A check a setter of `field` makes beyond its own bounds: a bound another field's
/// attribute puts on it (`Input::implied_bounds`), against that field's current value.
///
/// Input: `#[within(0, self.pool_size)] min_idle: u32`. Output, for `set_pool_size`:
///
/// ```text
/// (Range::<u32> { min: Some(self.min_idle), max: None, .. }, SITE)
/// ```
///
/// where `SITE` words the error `Pool.pool_size must be at least min_idle = 4, got 3`.
pub fn implied_check(input: &Input, field: &Field, implied: &Implied) -> TokenStream {
    let private = input.private();
    let bound_ty = field.bound_ty();
    let by = checks::partner(input, implied.by, Source::SelfFields);
    let none = quote!(::core::option::Option::None);
    let (min, max) = if implied.field_is_max {
        (by, none.clone())
    } else {
        (none.clone(), by)
    };
    let min_exclusive = implied.field_is_max && implied.exclusive;
    let range = quote! {
        #private::Range::<#bound_ty> {
            min: #min,
            max: #max,
            min_exclusive: #min_exclusive,
            max_exclusive: false,
        }
    };
    let side = checks::side_field(input, implied.by, Names::Rust);
    let open = quote!(#private::Side::Open);
    let (min_shape, max_shape) = if implied.field_is_max {
        (side, open)
    } else {
        (open, side)
    };
    let site = checks::site_from(
        input,
        field,
        SiteParts {
            name: field.name(),
            measure: quote!(#private::Measure::Value),
            min: min_shape,
            max: max_shape,
            min_exclusive,
            max_exclusive: false,
            const_range: quote! {
                #private::Range::<#bound_ty> {
                    min: #none,
                    max: #none,
                    min_exclusive: false,
                    max_exclusive: false,
                }
            },
            // The bound is the other field's: this field's words are not about it.
            code: none.clone(),
            message: none,
        },
    );
    quote!((#range, #site))
}
