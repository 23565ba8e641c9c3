use within_runtime::Validated;

#[derive(Validated)]
struct Tagged<'a, T: Clone, const N: usize> {
    label: &'a str,
    items: [T; N],
    #[within(0, 9)]
    level: u8,
}

fn main() {
    let tagged = Tagged::try_new("x", [1u8; 3], 4).unwrap();
    assert_eq!(tagged.level(), 4);
    assert!(tagged.validate().is_ok());
}
