//! serde's `rename_all` rules, applied to a field name, so errors from deserialization name a
//! field as it appears on the wire.

/// `name` (a Rust field name, in snake_case) under the serde rule `rule`, or `None` for a rule
/// serde does not have (serde reports that itself).
pub fn rename(name: &str, rule: &str) -> Option<String> {
    let words = name.split('_').filter(|word| !word.is_empty());
    let capitalized = |word: &str| {
        let mut chars = word.chars();
        chars.next().map_or_else(String::new, |first| {
            first.to_uppercase().chain(chars).collect()
        })
    };
    Some(match rule {
        "lowercase" => name.to_lowercase(),
        "UPPERCASE" => name.to_uppercase(),
        "snake_case" => name.to_owned(),
        "SCREAMING_SNAKE_CASE" => name.to_uppercase(),
        "kebab-case" => name.replace('_', "-"),
        "SCREAMING-KEBAB-CASE" => name.to_uppercase().replace('_', "-"),
        "PascalCase" => words.map(capitalized).collect(),
        "camelCase" => {
            let pascal: String = words.map(capitalized).collect();
            let mut chars = pascal.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_lowercase().chain(chars).collect()
            })
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::rename;

    #[test]
    fn every_serde_rule() {
        // `lowercase` and `UPPERCASE` change the case of the whole name, underscores kept.
        let cases = [
            ("lowercase", "math_score"),
            ("UPPERCASE", "MATH_SCORE"),
            ("PascalCase", "MathScore"),
            ("camelCase", "mathScore"),
            ("snake_case", "math_score"),
            ("SCREAMING_SNAKE_CASE", "MATH_SCORE"),
            ("kebab-case", "math-score"),
            ("SCREAMING-KEBAB-CASE", "MATH-SCORE"),
        ];
        for (rule, expected) in cases {
            assert_eq!(
                rename("math_score", rule).as_deref(),
                Some(expected),
                "{rule}"
            );
        }
        assert_eq!(rename("x", "Title Case"), None);
    }
}
