use std::time::Duration;
use within_runtime::Validated;

type Wait = Duration;

// The derive compares the two types by their text: an alias must be spelled the same.
#[derive(Validated)]
struct Retry {
    #[within(Duration::ZERO, Duration::from_secs(60))]
    limit: Wait,
    #[within(Duration::ZERO, self.limit)]
    wait: Duration,
}

fn main() {}
