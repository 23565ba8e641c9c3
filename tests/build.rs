//! Writes `generated_structs.rs` for `tests/generated.rs`: structs drawn from a grammar of
//! what users have in scope and write, each in a module of its own with a test that checks
//! what its derive must do. The grammar draws:
//!
//! - items of the user's that shadow what an expansion could name: `struct bool;`,
//!   `struct str;`, `type usize = u8;`, `struct u8;`, `struct Option;`, `struct Some;`,
//!   `struct Default;`, and lower-case `const`s named like the derive's locals;
//! - field names like the trait's functions and the derive's locals (`registry`, `validate`,
//!   `default`, `__within_checks`, `__within_value`, `r#type`, ...);
//! - bounds and defaults in every path form (`self::`, `super::`, `crate::`, `Self::`), as
//!   turbofish calls, array indexes, repeats, blocks and parenthesized arithmetic;
//! - struct options: `default`, `draft = ..`, `deserialize`.
//!
//! A seeded xorshift makes the same structs every build; the expected values and texts are
//! computed here, beside the source that should give them.

use std::fmt::Write as _;
use std::{env, fs, path::Path};

/// Structs per build: enough to draw every form many times, few enough to compile in seconds.
const STRUCTS: usize = 48;

#[path = "src/rng.rs"]
#[allow(dead_code)]
mod rng;

use rng::Rng;

/// Shadowing items, each a line of the module.
const SHADOWS: &[&str] = &[
    "pub struct bool;",
    "pub struct str;",
    "pub type usize = u8;",
    "pub struct u8;",
    "pub struct u32;",
    "pub struct char;",
    "pub struct Option;",
    "pub struct Some;",
    "pub struct None;",
    "pub struct Result;",
    "pub struct Ok;",
    "pub struct Default;",
    "pub struct String;",
    "pub struct Vec;",
    "pub const checks: core::primitive::u8 = 1;",
    "pub const value: core::primitive::u8 = 2;",
    "pub const error: core::primitive::u8 = 3;",
    "pub fn registry() {}",
    "pub fn validate() {}",
];

/// Field names, none of which makes two generated methods share a name.
const NAMES: &[&str] = &[
    "registry",
    "validate",
    "default",
    "deserialize",
    "try_from",
    "schema_name",
    "checks",
    "error",
    "value",
    "min",
    "max",
    "__within_checks",
    "__within_value",
    "__within_error",
    "__within_other",
    "__within_default_0",
    "__WITHIN_0_MAX",
    "r#type",
    "level",
];

/// A bound or default of value `n` (0..=200) and type `ty` (`u8`, or `usize` for a length),
/// written in one of the forms users write: the text the derive must show for it.
fn form(
    rng: &mut Rng,
    n: u32,
    ty: &str,
    consts: &mut Vec<String>,
    impl_consts: &mut Vec<String>,
) -> String {
    let id = consts.len() + impl_consts.len();
    // The shared constants are `u8`s: a length reads them through a cast.
    let cast = match ty {
        "u8" => String::new(),
        _ => format!(" as core::primitive::{ty}"),
    };
    match rng.below(11) {
        0 => format!("{n}"),
        1 => {
            consts.push(format!("const LIMIT_{id}: core::primitive::{ty} = {n};"));
            format!("self::LIMIT_{id}")
        }
        2 => {
            impl_consts.push(format!("const LIMIT_{id}: core::primitive::{ty} = {n};"));
            format!("Self::LIMIT_{id}")
        }
        3 => format!("crate::generated::N{n}{cast}"),
        4 => format!("super::super::generated::N{n}{cast}"),
        5 => format!("crate::generated::same::<{n}>(){cast}"),
        6 => format!("[{n}, 7][0]"),
        7 => format!("[{n}; 3][1]"),
        8 => format!("{{ {n} }}"),
        9 => format!("({n} + 1) - 1"),
        _ => format!("{n} as core::primitive::{ty}"),
    }
}

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let mut rng = Rng(0x1234_5678_9abc_def1);
    let mut out = String::new();
    // The constants the paths name: `N0` to `N200`, and `same::<N>()`.
    out.push_str("pub mod generated {\n");
    for n in 0..=200 {
        let _ = writeln!(out, "    pub const N{n}: core::primitive::u8 = {n};");
    }
    out.push_str(
        "    pub const fn same<const N: core::primitive::u8>() -> core::primitive::u8 { N }\n",
    );
    // The structs a `len(..)` beside `nested` field holds.
    out.push_str(
        "    #[derive(within_runtime::Validated, Debug, Clone)]\n    #[within(deserialize)]\n    pub struct Leaf {\n        #[within(1, 9)]\n        v: core::primitive::u8,\n    }\n",
    );
    out.push_str(
        "    pub fn leaves(n: usize) -> std::vec::Vec<Leaf> {\n        std::vec::Vec::from_iter(core::iter::repeat_n(Leaf::try_new(5).unwrap(), n))\n    }\n",
    );
    for case in 0..STRUCTS {
        let _ = writeln!(out, "    pub mod case_{case} {{");
        out.push_str("        #![allow(dead_code, non_camel_case_types, non_upper_case_globals, unused_braces, non_snake_case, clippy::all)]\n");
        let mut consts = Vec::new();
        let mut impl_consts = Vec::new();
        let draft = rng.chance(3);
        let deserialize = rng.chance(3);
        let mut names: Vec<&str> = Vec::new();
        while names.len() < 1 + rng.below(3) {
            let name = NAMES[rng.below(NAMES.len())];
            if !names.contains(&name) {
                names.push(name);
            }
        }
        // (name, kind, min, max, default, min text, max text)
        // A lower-case `const` named like a field would make that field's parameter in
        // `try_new` a pattern, as in any hand-written function: the shadows skip those.
        for shadow in SHADOWS {
            let named_like_a_field = names.iter().any(|name| {
                shadow.contains(&format!(" {name}:")) || shadow.contains(&format!(" {name}("))
            });
            if rng.chance(2) && !named_like_a_field {
                let _ = writeln!(out, "        {shadow}");
            }
        }
        let mut fields = Vec::new();
        for name in &names {
            let min = rng.below(100) as u32;
            let max = min + rng.below(100) as u32;
            let start = min + rng.below((max - min + 1) as usize) as u32;
            let kind = rng.below(4);
            let ty = if kind >= 2 { "usize" } else { "u8" };
            let lo = form(&mut rng, min, ty, &mut consts, &mut impl_consts);
            let hi = form(&mut rng, max, ty, &mut consts, &mut impl_consts);
            let default = form(&mut rng, start, ty, &mut consts, &mut impl_consts);
            fields.push((*name, kind, min, max, start, lo, hi, default));
        }
        for line in &consts {
            let _ = writeln!(out, "        {line}");
        }
        let mut options = vec!["default".to_owned()];
        if draft {
            options.push(format!("draft = Draft{case}"));
        }
        if deserialize {
            options.push("deserialize".to_owned());
        }
        let _ = writeln!(out, "        #[derive(within_runtime::Validated, Debug)]");
        let _ = writeln!(out, "        #[within({})]", options.join(", "));
        let _ = writeln!(out, "        pub struct Case {{");
        for (name, kind, _, _, _, lo, hi, default) in &fields {
            let (attr, ty) = match kind {
                0 => (
                    format!("#[within({lo}, {hi}, default = {default})]"),
                    "core::primitive::u8",
                ),
                1 => (
                    format!("#[within({lo}..={hi}, default = {default})]"),
                    "core::option::Option<core::primitive::u8>",
                ),
                2 => (
                    format!("#[within(len({lo}..={hi}), default = std::vec::Vec::from([7; {default}]))]"),
                    "std::vec::Vec<core::primitive::u8>",
                ),
                // `nested` beside the length, in each order and in an attribute of its own.
                _ => (
                    match rng.below(3) {
                        0 => format!("#[within(len({lo}..={hi}), nested, default = crate::generated::leaves({default}))]"),
                        1 => format!("#[within(nested, len({lo}..={hi}), default = crate::generated::leaves({default}))]"),
                        _ => format!("#[within(nested)]\n            #[within(len({lo}..={hi}), default = crate::generated::leaves({default}))]"),
                    },
                    "std::vec::Vec<crate::generated::Leaf>",
                ),
            };
            let _ = writeln!(out, "            {attr}\n            {name}: {ty},");
        }
        out.push_str("        }\n");
        let _ = writeln!(out, "        impl Case {{");
        for line in &impl_consts {
            let _ = writeln!(out, "            {line}");
        }
        out.push_str("        }\n");
        // The test: the defaults, each field's edges through the setter, `try_new` and the
        // texts of `FIELDS`.
        let _ = writeln!(out, "        #[test]\n        fn case() {{");
        out.push_str(
            "            let mut subject = <Case as core::default::Default>::default();\n",
        );
        out.push_str(
            "            assert!(within_runtime::Validated::validate(&subject).is_ok());\n",
        );
        out.push_str("            let specs = <Case as within_runtime::Validated>::FIELDS;\n");
        for (index, (name, kind, min, max, start, lo, hi, _)) in fields.iter().enumerate() {
            let plain = name.trim_start_matches("r#");
            let setter = format!("set_{plain}");
            let _ = writeln!(
                out,
                "            assert_eq!((specs[{index}].name(), specs[{index}].min(), specs[{index}].max()), ({plain:?}, core::option::Option::Some({lo:?}), core::option::Option::Some({hi:?})));"
            );
            match kind {
                0 => {
                    let _ = writeln!(out, "            assert_eq!(subject.{name}(), {start});");
                    if *min > 0 {
                        let _ = writeln!(out, "            assert!(subject.{setter}({}).is_err());\n            assert_eq!(subject.{name}(), {start});", min - 1);
                    }
                    let _ = writeln!(out, "            subject.{setter}({min}).unwrap();\n            subject.{setter}({max}).unwrap();");
                    if *max < 255 {
                        let _ = writeln!(out, "            assert_eq!(subject.{setter}({}).unwrap_err().field(), {plain:?});\n            assert_eq!(subject.{name}(), {max});", max + 1);
                    }
                }
                1 => {
                    let _ = writeln!(out, "            assert_eq!(subject.{name}(), core::option::Option::Some({start}));\n            subject.{setter}(core::option::Option::None).unwrap();");
                    if *min > 0 {
                        let _ = writeln!(out, "            assert!(subject.{setter}(core::option::Option::Some({})).is_err());\n            assert_eq!(subject.{name}(), core::option::Option::None);", min - 1);
                    }
                    let _ = writeln!(
                        out,
                        "            subject.{setter}(core::option::Option::Some({max})).unwrap();"
                    );
                }
                // A list of `n` items: bytes, or checked structs beside `nested`.
                _ => {
                    let list = |n: u32| match kind {
                        2 => format!("vec![7; {n}]"),
                        _ => format!("crate::generated::leaves({n})"),
                    };
                    let _ = writeln!(
                        out,
                        "            assert_eq!(subject.{name}().len(), {start});\n            assert_eq!(specs[{index}].is_nested(), {});",
                        *kind == 3
                    );
                    if *min > 0 {
                        let _ = writeln!(out, "            assert!(subject.{setter}({}).is_err());\n            assert_eq!(subject.{name}().len(), {start});", list(min - 1));
                    }
                    let _ = writeln!(out, "            subject.{setter}({}).unwrap();\n            assert!(subject.{setter}({}).is_err());", list(*max), list(max + 1));
                }
            }
        }
        if draft {
            let _ = writeln!(
                out,
                "            let unchecked = <Draft{case} as core::default::Default>::default();\n            assert!(<Case as core::convert::TryFrom<Draft{case}>>::try_from(unchecked).is_ok());"
            );
        }
        if deserialize {
            // Every field out of range at once: each is reported, by its name.
            let mut document = Vec::new();
            for (name, kind, _, max, _, _, _, _) in &fields {
                let plain = name.trim_start_matches("r#");
                let value = match kind {
                    0 | 1 => format!("{}", max + 1),
                    2 => format!("[{}]", vec!["7"; *max as usize + 1].join(", ")),
                    // Too many, the first of them out of its own range: both reported.
                    _ => {
                        let mut leaves = vec![r#"{"v": 5}"#; *max as usize + 1];
                        leaves[0] = r#"{"v": 0}"#;
                        format!("[{}]", leaves.join(", "))
                    }
                };
                document.push(format!("\"{plain}\": {value}"));
            }
            let document = format!("{{{}}}", document.join(", "));
            let _ = writeln!(
                out,
                "            let message = serde_json::from_str::<Case>({document:?}).unwrap_err().to_string();"
            );
            for (name, kind, _, _, _, _, _, _) in &fields {
                let plain = name.trim_start_matches("r#");
                let _ = writeln!(
                    out,
                    "            assert!(message.contains(\"Case.{plain} \"), \"{{message}}\");"
                );
                if *kind == 3 {
                    let _ = writeln!(
                        out,
                        "            assert!(message.contains(\"Case.{plain}[0].v \"), \"{{message}}\");"
                    );
                }
            }
        }
        out.push_str("        }\n    }\n");
    }
    out.push_str("}\n");
    let path =
        Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("generated_structs.rs");
    fs::write(path, out).expect("OUT_DIR is writable");
}
