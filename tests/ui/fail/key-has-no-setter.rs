use within_runtime::Validated;

// A tracked owner's key never changes: it has a getter and no setter.
#[derive(Validated)]
struct Account {
    #[within(key)]
    id: u64,
    #[within(0, 1000)]
    balance: u32,
}

fn main() {
    let mut account = Account::try_new(1, 10).unwrap();
    let _ = account.set_id(2);
}
