use within_runtime::Validated;

struct Socket;

// `#[within(default)]` starts an unmarked field at its type's `Default`: the error stands at
// the type that has none.
#[derive(Validated)]
#[within(default)]
struct Server {
    #[within(1, 65535, default = 8080)]
    port: u16,
    socket: Socket,
}

fn main() {}
