use within_runtime::Validated;

// Packed structs: fields are read and written by value, never borrowed.
#[derive(Validated, Debug, Clone, Copy)]
#[repr(C, packed)]
struct Header {
    #[within(1, 9)]
    version: u8,
    #[within(0..=1500)]
    length: u32,
}

pub trait Unit: Copy + PartialOrd + core::fmt::Debug + Send + Sync + 'static {
    const LO: Self;
    const HI: Self;
}

impl Unit for u16 {
    const LO: Self = 1;
    const HI: Self = 10;
}

// A generic newtype: no `TryFrom<T>` (it would overlap core's), everything else.
#[derive(Validated, Debug)]
struct Level<T: Unit>(#[within(T::LO, T::HI)] T);

// Bound text with braces and quotes reaches messages and `new_const` as text.
#[derive(Validated, Debug)]
struct Glyph {
    #[within('{', '}')]
    brace: char,
}

#[derive(Validated, Debug)]
struct Word {
    #[within("a", "m\"z")]
    word: &'static str,
}

const BRACE: Glyph = Glyph::new_const('|');

fn main() {
    let mut header = Header::try_new(1, 100).unwrap();
    header.set_length(1500).unwrap();
    assert!(header.set_version(10).is_err());
    assert_eq!((header.version(), header.length()), (1, 1500));
    let mut level = Level::<u16>::try_new(5).unwrap();
    assert!(level.set(11).is_err());
    assert_eq!(level.into_inner(), 5);
    assert_eq!(BRACE.brace(), '|');
    assert_eq!(
        Glyph::try_new('~').unwrap_err().to_string(),
        "Glyph.brace must be within ['{', '}'], got '~'"
    );
    assert!(Word::try_new("b").is_ok());
}
