//! The derive on generated inputs: thousands of structs built from a grammar of what users
//! write, near-misses and typos included, with types and bounds sometimes wrapped in the
//! invisible groups `macro_rules!` makes of `$t:ty` and `$e:expr`. For each, the expansion
//! must not panic and must parse as Rust items; and the text the derive prints for bounds and
//! types must read back as the same tokens.
//!
//! The generator is a seeded xorshift, so every run tries the same inputs; a failure prints
//! the input that caused it.

use crate::text::{expr_text, type_text};
use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use quote::{format_ident, quote};
use std::panic;

/// Inputs tried per run.
const CASES: usize = 6_000;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }
}

fn tokens(source: &str) -> TokenStream {
    match source.parse() {
        Ok(tokens) => tokens,
        Err(error) => panic!("the generator wrote {source:?}, which does not lex: {error}"),
    }
}

/// `tokens` inside an invisible group, as `macro_rules!` passes a fragment, now and then.
fn maybe_group(rng: &mut Rng, tokens: TokenStream) -> TokenStream {
    if rng.chance(4) {
        TokenTree::Group(Group::new(Delimiter::None, tokens)).into()
    } else {
        tokens
    }
}

const TYPES: &[&str] = &[
    "u8",
    "u32",
    "i64",
    "u128",
    "f64",
    "char",
    "bool",
    "usize",
    "Option<u8>",
    "core::option::Option<u16>",
    "std::option::Option<f32>",
    "core::time::Duration",
    "String",
    "Vec<u8>",
    "Box<str>",
    "Box<[u8]>",
    "&'a u32",
    "&'static str",
    "[u8; 4]",
    "T",
    "Option<T>",
    "<L as Limits>::Ty",
    "Vec<Inner>",
    "Inner",
    "Option<Inner>",
    "std::collections::BTreeMap<String, u8>",
    "(u8, u8)",
    "fn(&'a u8) -> &'a u8",
    "Option<&'a u8>",
    "Box<dyn core::fmt::Debug + 'static>",
    "Box<dyn Fn(u8) -> u8 + Send>",
    "Vec<<T as Iterator>::Item>",
    "std::collections::HashMap<String, Vec<Option<u8>>>",
];

const BOUNDS: &[&str] = &[
    "0",
    "1",
    "100",
    "-5",
    "-0.5",
    "1.5",
    "1e3",
    "255u8",
    "u8::MAX",
    "u8::MAX - 1",
    "i32::MAX as i64",
    "MIN",
    "LIMIT",
    "f64::NAN",
    "-core::f32::NAN",
    "f64::INFINITY",
    "'a'",
    "'z'",
    "'{'",
    "'}'",
    "true",
    "false",
    "\"a\"",
    "\"}{\"",
    "b'a'",
    "Duration::from_secs(1)",
    "Lim { v: 10 }.v",
    "T::LOW",
    "<L as Limits>::LOW",
    "(1)",
    "((2))",
    "self.other",
    "self.level",
    "self.missing",
    "self.0",
    "self.level - 1",
    "limit(3)",
    "X.min(3)",
    "[1, 2][0]",
    "[0; 4]",
    "{ 3 }",
    "self::LIMIT",
    "Self::MAX",
    "super::LIMIT",
    "crate::LIMIT",
    "width_of::<u8>()",
    "Vec::from([80, 443])",
    "256",
    "340282366920938463463374607431768211456",
    "if A { 1 } else { 2 }",
    "|x| x",
    "-",
    "",
];

fn bound(rng: &mut Rng) -> TokenStream {
    let text = tokens(rng.pick(BOUNDS));
    let bound = maybe_group(rng, text);
    if rng.chance(8) {
        // A fragment inside an expression: `$e * 2`, `-$e`.
        let other = tokens(rng.pick(&["1 + 1", "2", "u8::MAX"]));
        let other = maybe_group(rng, other);
        return match rng.below(3) {
            0 => quote!(#bound * #other),
            1 => quote!(#other - #bound),
            _ => quote!(-#bound),
        };
    }
    bound
}

/// A range or pair, valid or not.
fn range(rng: &mut Rng) -> TokenStream {
    let (min, max) = (bound(rng), bound(rng));
    match rng.below(9) {
        0 => quote!(#min, #max),
        1 => quote!(#min ..= #max),
        2 => quote!(#min .. #max),
        3 => quote!(#min ..),
        4 => quote!(..= #max),
        5 => quote!(.. #max),
        6 => quote!(#min),
        7 => quote!(#min, #max, #min),
        _ => quote!(..),
    }
}

/// The inside of a field's `#[within(..)]`.
fn field_args(rng: &mut Rng) -> TokenStream {
    let mut args = match rng.below(10) {
        0 => {
            let range = range(rng);
            quote!(len(#range))
        }
        1 => {
            let range = range(rng);
            quote!(chars(#range))
        }
        2 => quote!(nested),
        3 => tokens(rng.pick(&["0,,10", "-, 10", "0 10", "len()", "len", "nested(1)", ""])),
        4 => tokens(rng.pick(&[
            "check = is_valid",
            "check = crate::rules::ok, check = ok",
            "one_of(1, 2, 3)",
            "one_of(\"eu\", \"us\")",
            "one_of()",
            "message = \"is wrong\"",
            "chek = f",
            "check",
            "check = ",
            "email",
            "url, message = \"x\"",
            "pattern = \"^[a-z]+$\"",
            "pattern = \"[\"",
            "pattern",
            "each(1..=5)",
            "each(chars(1..=8), check = ok)",
            "each(nested)",
            "each()",
            "len(..=4), each(one_of(1, 2))",
            "len(..=4), nested",
            "nested, len(1..=3)",
            "nested, check = ok",
            "each(nested), len(..=2)",
            "len(1..), each(nested, check = ok)",
            "1..=8, nested",
        ])),
        _ => range(rng),
    };
    for _ in 0..rng.below(3) {
        let option = match rng.below(6) {
            0 | 1 => quote!(secret),
            2..=4 => {
                let value = bound(rng);
                quote!(default = #value)
            }
            5 if rng.chance(2) => tokens(rng.pick(&[
                "check = is_valid",
                "one_of(1, 2)",
                "message = \"x\"",
                "code = \"y\"",
                "mesage = \"x\"",
                "code = 3",
                "email",
                "url",
                "pattern = \"a+\"",
            ])),
            _ => tokens(rng.pick(&["hidden", "default", "default =", "= 3", "secret = 1"])),
        };
        args.extend(quote!(, #option));
    }
    args
}

fn field_attrs(rng: &mut Rng) -> TokenStream {
    let mut attrs = TokenStream::new();
    match rng.below(8) {
        0 => {}
        1 => attrs.extend(quote!(#[within])),
        2 => attrs.extend(quote!(#[within = 3])),
        _ => {
            let args = field_args(rng);
            attrs.extend(quote!(#[within(#args)]));
        }
    }
    if rng.chance(8) {
        let args = field_args(rng);
        attrs.extend(quote!(#[within(#args)]));
    }
    if rng.chance(5) {
        attrs.extend(tokens(rng.pick(&[
            "#[serde(rename = \"x\")]",
            "#[serde(default)]",
            "#[serde(flatten)]",
            "#[serde(with = \"module\")]",
            "#[serde(skip)]",
            "#[serde(rename(deserialize = \"y\"))]",
            "#[serde(default = \"path\")]",
        ])));
    }
    if rng.chance(4) {
        attrs.extend(quote!(#[doc = " A field."]));
    }
    attrs
}

const NAMES: &[&str] = &[
    "level",
    "other",
    "value",
    "min",
    "max",
    "checks",
    "error",
    "validate",
    "registry",
    "default",
    "r#type",
    "set_level",
    "try_new",
    "level_mut",
    "__within_value",
    "deserialize",
    "schema_name",
    "__within_checks",
    "__within_default_0",
    "__WITHIN_0_MAX",
];

fn struct_attrs(rng: &mut Rng) -> TokenStream {
    let mut attrs = TokenStream::new();
    for _ in 0..rng.below(3) {
        let mut options = Vec::new();
        for _ in 0..1 + rng.below(2) {
            options.push(tokens(rng.pick(&[
                "crate = ::within_runtime",
                "crate = within",
                "crate",
                "deserialize",
                "default",
                "schema",
                "draft = LevelDraft",
                "draft = Level",
                "draft",
                "manual(Default)",
                "manual(Deserialize)",
                "manual(Clone)",
                "manual",
                "deserialise",
                "0, 100",
                "invariant = holds",
                "invariant = self::holds, message = \"is wrong\"",
                "invariant",
                "code = \"c\"",
            ])));
        }
        attrs.extend(quote!(#[within(#(#options),*)]));
    }
    if rng.chance(4) {
        attrs.extend(tokens(rng.pick(&[
            "#[serde(default)]",
            "#[serde(rename_all = \"camelCase\")]",
            "#[serde(deny_unknown_fields)]",
            "#[serde(rename_all(deserialize = \"kebab-case\"))]",
        ])));
    }
    if rng.chance(8) {
        attrs.extend(tokens(
            rng.pick(&["#[repr(C, packed)]", "#[repr(packed(2))]"]),
        ));
    }
    attrs
}

/// A whole item that `#[derive(Validated)]` could be put on.
fn item(rng: &mut Rng) -> TokenStream {
    let attrs = struct_attrs(rng);
    let generics = tokens(rng.pick(&[
        "",
        "",
        "<T>",
        "<T: Limits>",
        "<'a>",
        "<'a, T: Copy, const N: usize>",
    ]));
    let count = rng.below(4) + usize::from(rng.chance(2));
    let named = !rng.chance(4);
    let mut fields = Vec::new();
    for i in 0..count {
        let attrs = field_attrs(rng);
        let vis = tokens(rng.pick(&["", "", "", "pub", "pub(crate)", "pub(self)"]));
        let ty = tokens(rng.pick(TYPES));
        let ty = maybe_group(rng, ty);
        if named {
            let name = tokens(rng.pick(NAMES));
            // Names repeat at times: rustc reports that, the derive must still not panic.
            let name = if rng.chance(3) {
                quote!(#name)
            } else {
                format_ident!("f{}", i).into_token_stream()
            };
            fields.push(quote!(#attrs #vis #name: #ty));
        } else {
            fields.push(quote!(#attrs #vis #ty));
        }
    }
    match rng.below(12) {
        0 => quote!(#attrs enum Level #generics { A, B }),
        1 => quote!(#attrs union Level #generics { a: u8 }),
        2 => quote!(#attrs struct Level #generics;),
        _ if named => quote!(#attrs struct Level #generics { #(#fields),* }),
        _ => quote!(#attrs struct Level #generics (#(#fields),*);),
    }
}

use quote::ToTokens;

/// Runs the derive on `input`, failing the test with the input if it panics or writes
/// something that is not Rust items.
fn expand_checked(source: &TokenStream) {
    let Ok(input) = syn::parse2::<syn::DeriveInput>(source.clone()) else {
        // Not a derive input: rustc reports it before any derive runs.
        return;
    };
    let expanded = panic::catch_unwind(|| crate::expand::derive(&input));
    let output = match expanded {
        Ok(output) => output,
        Err(_) => panic!("the derive panicked on:\n{source}"),
    };
    if let Err(error) = syn::parse2::<syn::File>(output.clone()) {
        panic!("the derive wrote tokens that are not Rust items ({error}) for:\n{source}\n\nwrote:\n{output}");
    }
    dump(source, &output);
}

/// With `WITHIN_DUMP_EXPANSIONS=FILE`, appends each input and its expansion to `FILE`: two
/// dumps, before and after a change that should not change the expansion, compare with `diff`.
fn dump(source: &TokenStream, output: &TokenStream) {
    use std::io::Write as _;
    let Some(path) = std::env::var_os("WITHIN_DUMP_EXPANSIONS") else {
        return;
    };
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .expect("the dump file opens");
    writeln!(file, "INPUT {source}\nOUTPUT {output}\n").expect("the dump file takes a write");
}

#[test]
fn the_derive_never_panics_and_always_writes_rust() {
    // The default hook would print every expected panic's message; there are none expected,
    // and a failure reports its input below.
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut derived = 0;
    for _ in 0..CASES {
        let source = item(&mut rng);
        if syn::parse2::<syn::DeriveInput>(source.clone()).is_ok() {
            derived += 1;
        }
        expand_checked(&source);
    }
    // Most inputs reach the derive, so the property is about the derive, not the parser.
    assert!(
        derived > CASES / 2,
        "only {derived} of {CASES} inputs parsed"
    );
}

#[test]
fn bound_and_type_text_read_back_as_the_same_tokens() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let expr_words = |tokens: TokenStream| words(normalize(tokens, false));
    let type_words = |tokens: TokenStream| words(normalize(tokens, true));
    for _ in 0..2_000 {
        let source = bound(&mut rng);
        if let Ok(expr) = syn::parse2::<syn::Expr>(source.clone()) {
            let text = expr_text(&expr);
            let back: TokenStream = match text.parse() {
                Ok(back) => back,
                Err(error) => panic!("{text:?}, the text of `{source}`, does not lex: {error}"),
            };
            assert_eq!(
                expr_words(back),
                expr_words(expr.to_token_stream()),
                "text {text:?}"
            );
        }
        let source = tokens(rng.pick(TYPES));
        let source = maybe_group(&mut rng, source);
        if let Ok(ty) = syn::parse2::<syn::Type>(source.clone()) {
            let text = type_text(&ty);
            let back: TokenStream = match text.parse() {
                Ok(back) => back,
                Err(error) => panic!("{text:?}, the text of `{source}`, does not lex: {error}"),
            };
            assert_eq!(
                type_words(back),
                type_words(ty.to_token_stream()),
                "text {text:?}"
            );
        }
    }
}

/// `tokens` as their text shows them: an invisible group opened, or, for a fragment of several
/// tokens among others in an expression, in parentheses (`$e * 2` with `$e` = `1 + 1`).
fn normalize(tokens: TokenStream, in_type: bool) -> TokenStream {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let alone = tokens.len() == 1;
    tokens
        .into_iter()
        .flat_map(|token| match token {
            TokenTree::Group(group) if group.delimiter() == Delimiter::None => {
                let inner = normalize(group.stream(), in_type);
                if !in_type && !alone && inner.clone().into_iter().nth(1).is_some() {
                    vec![TokenTree::Group(Group::new(Delimiter::Parenthesis, inner))]
                } else {
                    inner.into_iter().collect::<Vec<_>>()
                }
            }
            TokenTree::Group(group) => {
                let inner = Group::new(group.delimiter(), normalize(group.stream(), in_type));
                vec![TokenTree::Group(inner)]
            }
            other => vec![other],
        })
        .collect()
}

/// Each token as text, groups as their delimiters: what spacing and joint punctuation do not
/// change.
fn words(tokens: TokenStream) -> Vec<String> {
    let mut out = Vec::new();
    for token in tokens {
        match token {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => ("", ""),
                };
                out.push(open.to_owned());
                out.extend(words(group.stream()));
                out.push(close.to_owned());
            }
            TokenTree::Punct(punct) => out.push(punct.as_char().to_string()),
            other => out.push(other.to_string()),
        }
    }
    out
}

/// A well-formed struct with one mistake planted in it, the mistake's kind, and what its one
/// error must say.
fn one_mistake(rng: &mut Rng) -> (TokenStream, &'static str) {
    const MISTAKES: &[(&str, &str, &str)] = &[
        // (the field's attribute, what the error says, the struct's attribute)
        ("lenght(1..=8)", "did you mean `len`", ""),
        ("chras(1..=8)", "did you mean `chars`", ""),
        ("nestd", "did you mean `nested`", ""),
        ("length(min = 1, max = 8)", "here it is `len(1..=8)`", ""),
        ("range(min = 1, max = 8)", "here it is `1..=8`", ""),
        ("dive", "here it is `nested`", ""),
        ("1, 8, secrt", "did you mean `secret`", ""),
        ("1, 8, defualt = 3", "did you mean `default`", ""),
        ("nested, 0, 10", "`nested` takes no bounds", ""),
        ("0, self.levl", "did you mean `level`", ""),
        ("1, 8, default = 3", "did you mean `default`", "defualt"),
        (
            "1, 8, default = 3",
            "did you mean `deserialize`",
            "deserialise",
        ),
        ("8, 1", "empty range", ""),
        ("1, 8, chek = f", "did you mean `check`", ""),
        ("chekc = f", "did you mean `check`", ""),
        (
            "1, 8, check = f, mesage = \"x\"",
            "did you mean `message`",
            "",
        ),
        ("oneof(1, 2)", "did you mean `one_of`", ""),
        ("one_of()", "expected the accepted values", ""),
        ("1, 8, nested", "which a range cannot compare", ""),
        ("len(1..=8), nested, nested", "duplicate `nested`", ""),
    ];
    let (attr, says, container) = MISTAKES[rng.below(MISTAKES.len())];
    let attr = tokens(attr);
    let container = if container.is_empty() {
        quote!(#[within(draft = PoolDraft)])
    } else {
        let container = tokens(container);
        quote!(#[within(#container)])
    };
    let name = format_ident!("{}", rng.pick(&["count", "total", "width"]));
    let ty = tokens(rng.pick(&["u8", "core::primitive::u32", "Option<u16>"]));
    let source = quote! {
        #container
        struct Pool {
            #[within(1, 64, default = 8)]
            level: u32,
            #[within(#attr)]
            #name: #ty,
            other: String,
        }
    };
    (source, says)
}

#[test]
fn one_mistake_is_one_error_that_says_what_was_meant() {
    let mut rng = Rng(0x0dd_ba11_5eed_f00d);
    for _ in 0..400 {
        let (source, says) = one_mistake(&mut rng);
        let input: syn::DeriveInput = syn::parse2(source.clone()).expect("the grammar is Rust");
        let output = crate::expand::derive(&input).to_string();
        let errors = output.matches("compile_error").count();
        assert_eq!(
            errors, 1,
            "{errors} errors for one mistake in:\n{source}\n\n{output}"
        );
        assert!(
            output.contains(says),
            "the error does not say {says:?} for:\n{source}\n\n{output}"
        );
    }
}
