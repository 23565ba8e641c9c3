use within_runtime::Validated;

// Bounds passed as `$e:expr` arrive in invisible groups; the derive looks inside them.
macro_rules! bounded {
    ($min:expr, $max:expr) => {
        #[derive(Validated)]
        struct Level {
            #[within($min, $max)]
            level: u8,
        }
    };
}

bounded!(9, 1);

fn main() {}
