use within_runtime::Validated;

fn burst_covers(burst: &u32) -> bool {
    *burst >= 1
}

#[derive(Validated)]
#[within(invariant = burst_covers)]
struct RateLimit {
    #[within(0..=100)]
    burst: u32,
}

fn main() {}
