//! Collects every error found in one derive, so a user with three mistakes sees three errors.

use std::cell::RefCell;

#[derive(Default)]
pub struct Ctxt {
    errors: RefCell<Vec<syn::Error>>,
}

impl Ctxt {
    pub fn push(&self, error: syn::Error) {
        self.errors.borrow_mut().push(error);
    }

    pub fn error_spanned_by<T: quote::ToTokens>(&self, tokens: T, message: &str) {
        self.push(syn::Error::new_spanned(tokens, message));
    }

    /// All errors pushed so far, combined into one, or `Ok` if there were none.
    pub fn check(self) -> syn::Result<()> {
        let mut errors = self.errors.into_inner().into_iter();
        let Some(mut combined) = errors.next() else {
            return Ok(());
        };
        for error in errors {
            combined.combine(error);
        }
        Err(combined)
    }
}
