use within_runtime::Validated;

#[derive(Validated)]
#[within(message = "burst must cover per_second")]
struct RateLimit {
    #[within(0..=100)]
    burst: u32,
}

fn main() {}
