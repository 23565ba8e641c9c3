use within_runtime::Validated;

// Copy, PartialOrd and Debug, but not Send: an error carrying it could not cross threads.
#[derive(Validated)]
struct Cursor {
    #[within(core::ptr::null(), core::ptr::null())]
    at: *const u8,
}

fn main() {}
