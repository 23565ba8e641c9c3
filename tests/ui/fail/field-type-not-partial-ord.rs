use within_runtime::Validated;

#[derive(Clone, Copy, Debug, PartialEq)]
struct Point {
    x: i32,
}

#[derive(Validated)]
struct Shape {
    #[within(Point { x: 0 }, Point { x: 9 })]
    corner: Point,
}

fn main() {}
