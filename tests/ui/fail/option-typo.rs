use within_runtime::Validated;

#[derive(Validated)]
struct Login {
    #[within(8, 64, secrt)]
    password_len: u8,
}

fn main() {}
