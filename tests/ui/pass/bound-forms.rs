use core::time::Duration;
use within_runtime::Validated;

const MAX_RETRIES: u8 = 5;

mod limits {
    pub const LOW: i32 = -40;
}

#[derive(Validated)]
struct Config {
    #[within(0, MAX_RETRIES)]
    retries: u8,
    #[within(limits::LOW, 85)]
    celsius: i32,
    #[within(u16::MIN + 1, u16::MAX)]
    port: u16,
    #[within(-1.0e3, 1e3)]
    offset: f64,
    #[within(Duration::from_millis(10), Duration::from_secs(2 * 60))]
    timeout: Duration,
    #[within(i32::MAX as i64 + 1, i64::MAX)]
    beyond_i32: i64,
    #[within(1, 100,)]
    trailing_comma: u8,
}

fn main() {
    let _ = Config::try_new(
        3,
        20,
        8080,
        0.0,
        Duration::from_secs(1),
        i64::MAX,
        1,
    );
}
