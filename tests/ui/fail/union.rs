use within_runtime::Validated;

#[derive(Validated)]
union Bits {
    int: u32,
    float: f32,
}

fn main() {}
