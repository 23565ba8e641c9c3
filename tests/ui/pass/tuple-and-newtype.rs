use std::convert::TryFrom;
use within_runtime::Validated;

#[derive(Validated, Debug)]
struct Percent(#[within(0, 100)] u8);

#[derive(Validated, Debug)]
struct Rgb(#[within(0, 255)] u16, #[within(0, 255)] u16, #[within(0, 255)] u16, &'static str);

const HALF: Percent = Percent::new_const(50);

fn main() {
    let mut p = Percent::try_from(40).unwrap();
    p.set(HALF.get()).unwrap();
    assert_eq!(p.into_inner(), 50);
    let mut rgb = Rgb::try_new(1, 2, 3, "name").unwrap();
    rgb.set_2(200).unwrap();
    assert_eq!((rgb.get_0(), rgb.get_1(), rgb.get_2(), rgb.3), (1, 2, 200, "name"));
}
