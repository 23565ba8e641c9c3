use within_runtime::Validated;

fn burst_covers(limit: &RateLimit) -> bool {
    limit.burst() >= 1
}

#[derive(Validated)]
struct RateLimit {
    #[within(0..=100, invariant = burst_covers)]
    burst: u32,
}

fn main() {}
