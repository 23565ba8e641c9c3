use within_runtime::Validated;

#[derive(Validated)]
struct Port {
    #[within(1, 65535)]
    number: u32,
}

#[derive(Validated)]
struct Server {
    #[within(len(1..=4), nested)]
    ports: Vec<Port>,
}

fn main() {
    let mut server = Server::try_new(vec![Port::try_new(80).unwrap()]).unwrap();
    // A change through `&mut` could empty the list: the field has a checked setter instead.
    server.ports_mut().clear();
}
