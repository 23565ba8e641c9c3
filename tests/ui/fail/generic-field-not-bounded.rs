use within_runtime::Validated;

pub trait Limits {
    const LOW: Self;
    const HIGH: Self;
}

impl Limits for String {
    const LOW: Self = String::new();
    const HIGH: Self = String::new();
}

// The struct derives for any `T`; its checked methods exist where `T` can be checked. A
// `String` cannot: one error, at the use.
#[derive(Validated)]
struct Level<T: Limits> {
    #[within(T::LOW, T::HIGH)]
    level: T,
}

fn main() {
    let _ = Level::<String>::try_new(String::new());
}
