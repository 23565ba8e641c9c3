//! Source text of a bound or type, as a user would write it: `u8::MAX - 1`, not the
//! `u8 :: MAX - 1` that `TokenStream::to_string` and `stringify!` give for macro input.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::ToTokens;

/// The text of an expression, such as a bound.
pub fn expr_text<T: ToTokens>(tokens: T) -> String {
    let mut out = String::new();
    write_stream(&mut out, tokens.into_token_stream(), false);
    out
}

/// The text of a type, where every `<` opens generic arguments.
pub fn type_text<T: ToTokens>(tokens: T) -> String {
    let mut out = String::new();
    write_stream(&mut out, tokens.into_token_stream(), true);
    out
}

/// What the previous token was, which decides the space before the next one.
#[derive(Clone, Copy, PartialEq)]
enum Prev {
    /// Start of the stream or group: never a space.
    Start,
    /// An identifier, literal or group: a following `-` is binary.
    Operand,
    /// A punctuation that glues to what follows (`::`, `.`, `&`, unary `-`, joint halves).
    Glue,
    /// Any other punctuation (`,`, binary `-`, `+`, `as`): a space follows.
    Operator,
}

fn write_stream(out: &mut String, tokens: TokenStream, in_type: bool) {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let alone = tokens.len() == 1;
    let mut prev = Prev::Start;
    // Inside `<..>` only these keep their spaces: two words (`dyn Trait`, `&'a u8`), `as`, a
    // comma, `+`, `=` and `->`: `<L as Limits>`, `Map<K, V>`, `Box<dyn Fn(u8) -> u8 + Send>`.
    let mut spaced_in_angles = false;
    let mut angle_depth = 0usize;
    // The `-` of a `->` was just written: the `>` closes no angle bracket.
    let mut arrow = false;
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        let space_before = match &token {
            TokenTree::Punct(punct) => match punct.as_char() {
                ',' | '.' | ':' | ';' => false,
                '>' if arrow => false,
                '>' if angle_depth > 0 => false,
                '<' if in_type => false,
                _ => prev == Prev::Operand || prev == Prev::Operator,
            },
            TokenTree::Group(group) => {
                let call = prev == Prev::Operand
                    && matches!(
                        group.delimiter(),
                        Delimiter::Parenthesis | Delimiter::Bracket
                    );
                !call && prev != Prev::Start && prev != Prev::Glue
            }
            TokenTree::Ident(_) | TokenTree::Literal(_) => {
                prev == Prev::Operand || prev == Prev::Operator
            }
        };
        let word = matches!(&token, TokenTree::Ident(_) | TokenTree::Literal(_));
        let starts_arrow = matches!(&token, TokenTree::Punct(punct)
            if punct.as_char() == '-' && punct.spacing() == Spacing::Joint)
            && tokens.peek().is_some_and(|next| is_punct(next, '>'));
        let spacer = matches!(&token, TokenTree::Ident(ident) if ident == "as")
            || matches!(&token, TokenTree::Punct(punct) if matches!(punct.as_char(), '+' | '='))
            || starts_arrow;
        let allowed =
            angle_depth == 0 || spaced_in_angles || spacer || (word && prev == Prev::Operand);
        if space_before && allowed {
            out.push(' ');
        }
        let ends_arrow = arrow && is_punct(&token, '>');
        spaced_in_angles = (spacer && !starts_arrow)
            || ends_arrow
            || matches!(&token, TokenTree::Punct(punct) if punct.as_char() == ',');
        prev = match &token {
            TokenTree::Punct(punct) => {
                out.push(punct.as_char());
                let c = punct.as_char();
                // The `>` of generic arguments ends a path: `f::<u8>()` is a call.
                let closes_angle = c == '>' && !ends_arrow && angle_depth > 0;
                if ends_arrow {
                    // `->` is an operator, not a closing bracket.
                } else if c == '<' && (in_type || prev == Prev::Start || out.ends_with("::<")) {
                    angle_depth += 1;
                } else if c == '>' && angle_depth > 0 {
                    angle_depth -= 1;
                }
                arrow = starts_arrow;
                // Unary operators glue to their operand: `-5`, `!0`, `&x`.
                let unary = matches!(c, '-' | '!' | '&' | '*')
                    && matches!(prev, Prev::Start | Prev::Operator | Prev::Glue);
                let glue = (punct.spacing() == Spacing::Joint && !starts_arrow)
                    || c == '.'
                    || (c == ':' && out.ends_with("::"))
                    || (c == '>' && !ends_arrow && tokens.peek().is_some_and(is_colon))
                    || (unary && !starts_arrow);
                if glue {
                    Prev::Glue
                } else if closes_angle {
                    Prev::Operand
                } else {
                    Prev::Operator
                }
            }
            TokenTree::Group(group) => {
                // A `macro_rules!` fragment is one operand: `$e * 2` with `$e` = `1 + 1`
                // reads `(1 + 1) * 2`.
                let bracket = !in_type && !alone && group.stream().into_iter().nth(1).is_some();
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None if bracket => ("(", ")"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                write_stream(out, group.stream(), in_type);
                out.push_str(close);
                Prev::Operand
            }
            TokenTree::Ident(ident) => {
                out.push_str(&ident.to_string());
                if ident == "as" {
                    Prev::Operator
                } else {
                    Prev::Operand
                }
            }
            TokenTree::Literal(literal) => {
                out.push_str(&literal.to_string());
                Prev::Operand
            }
        };
    }
}

fn is_punct(token: &TokenTree, c: char) -> bool {
    matches!(token, TokenTree::Punct(punct) if punct.as_char() == c)
}

fn is_colon(token: &TokenTree) -> bool {
    matches!(token, TokenTree::Punct(punct) if punct.as_char() == ':')
}

/// The candidate closest to `word` by edit distance, if it is close enough to be what was
/// meant: at most one edit in a short word, one in three in a longer one.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let allowed = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .filter(|candidate| *candidate != word)
        .map(|candidate| (edit_distance(word, candidate), candidate))
        .filter(|(distance, _)| *distance <= allowed)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// `; did you mean `x`?` for the candidate closest to `word`, or nothing.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    match closest(word, candidates) {
        Some(candidate) => format!("; did you mean `{candidate}`?"),
        None => String::new(),
    }
}

/// Levenshtein distance, with a swap of two neighbours counted as one edit (`lenght`).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut rows = vec![vec![0; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::{closest, did_you_mean, expr_text, type_text};
    use syn::{Expr, Type};

    fn expr(source: &str) -> String {
        expr_text(syn::parse_str::<Expr>(source).unwrap())
    }

    fn ty(source: &str) -> String {
        type_text(syn::parse_str::<Type>(source).unwrap())
    }

    #[test]
    fn expressions_read_as_written() {
        for source in [
            "0",
            "-5",
            "-0.5",
            "u8::MAX",
            "u8::MAX - 1",
            "-(1 + 2) * 3",
            "Duration::from_secs(60)",
            "Duration::from_millis(1).saturating_mul(2)",
            "LIMITS[0]",
            "i32::MAX as i64",
            "<u8>::MAX",
            "Wrapper::<u8>::MAX",
            "'a'",
            "!0",
            "<L as Limits>::LOW",
            "<T as core::ops::Add>::Output::MAX",
            "Lim { v: 10 }.v",
            "'{'",
            "\"}\"",
            "width_of::<u8>()",
            "Vec::<u8>::new()",
            "size_of::<[u8; 4]>() * 2",
            "a < b",
        ] {
            assert_eq!(expr(source), source);
        }
    }

    #[test]
    fn suggestions_are_close_words_only() {
        assert_eq!(closest("lenght", ["len", "chars", "nested"]), None);
        assert_eq!(closest("nestd", ["len", "chars", "nested"]), Some("nested"));
        assert_eq!(closest("defualt", ["default", "draft"]), Some("default"));
        assert_eq!(
            closest("pool_sise", ["pool_size", "min_idle"]),
            Some("pool_size")
        );
        assert_eq!(closest("chras", ["len", "chars"]), Some("chars"));
        assert_eq!(closest("x", ["len"]), None);
        assert_eq!(
            did_you_mean("secrt", ["secret"]),
            "; did you mean `secret`?"
        );
    }

    /// Arrays, repeats and blocks, which the derive keeps as tokens (syn reads them only with
    /// its `full` feature).
    #[test]
    fn token_expressions_read_as_written() {
        for source in ["[0; 4]", "Vec::from([80, 443])", "[1, 2][0]", "{ LIMIT }"] {
            let tokens: proc_macro2::TokenStream = source.parse().unwrap();
            assert_eq!(expr_text(tokens), source);
        }
    }

    #[test]
    fn types_read_as_written() {
        for source in [
            "u32",
            "Option<u8>",
            "Vec<Option<u8>>",
            "&'a str",
            "[u8; 4]",
            "core::time::Duration",
            "T",
            "<L as Limits>::Unit",
            "BTreeMap<String, Vec<u8>>",
            "Option<&'a u8>",
            "Box<dyn core::fmt::Debug + 'static>",
            "Box<dyn Fn(u8) -> u8 + Send>",
            "fn(&'a u8) -> &'a u8",
            "Vec<<T as Iterator>::Item>",
        ] {
            assert_eq!(ty(source), source);
        }
    }
}
