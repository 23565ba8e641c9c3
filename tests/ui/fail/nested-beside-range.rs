use within_runtime::Validated;

#[derive(Validated)]
struct Port {
    #[within(1, 65535)]
    number: u32,
}

#[derive(Validated)]
struct Server {
    #[within(0, 10, nested)]
    ports: Vec<Port>,
    #[within(nested)]
    #[within(len(1..=4), nested)]
    backups: Vec<Port>,
}

fn main() {}
