//! `#[within(crate = ..)]` for users who rename the `within-runtime` dependency. This crate
//! depends on it as `within`, so a derive that ignored the path would not compile.

#[cfg(test)]
mod tests {
    use within::{Tracked, Validated};

    #[derive(Validated, Debug)]
    #[within(crate = ::within)]
    struct Exam {
        #[within(0, 100)]
        math: u32,
    }

    #[derive(Validated, Debug)]
    #[within(crate = within)]
    struct Percent(#[within(0..=100)] u8);

    #[test]
    fn derive_uses_the_given_path() {
        let mut exam = Exam::try_new(50).unwrap();
        assert_eq!(
            exam.set_math(101).unwrap_err().to_string(),
            "Exam.math must be within [0, 100], got 101"
        );
        let tracked = Tracked::new(exam).unwrap();
        assert_eq!(Exam::registry().len(), 1);
        drop(tracked);
        assert!(Exam::registry().is_empty());
        assert_eq!(Percent::try_new(7).unwrap().get(), 7);
        assert!(Percent::try_new(101).is_err());
    }
}
