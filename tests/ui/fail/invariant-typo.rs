use within_runtime::Validated;

fn burst_covers(limit: &RateLimit) -> bool {
    limit.burst() >= 1
}

#[derive(Validated)]
#[within(invarient = burst_covers)]
struct RateLimit {
    #[within(0..=100)]
    burst: u32,
}

fn main() {}
