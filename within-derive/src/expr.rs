//! Reading a bound or a default: the tokens up to the next top-level `,` or range, parsed as an
//! expression the derive can read without syn's `full` feature, with a message that fits this
//! derive when it cannot.

use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use syn::parse::{Parse, ParseStream, Parser};
use syn::{Expr, Token};

/// An expression, with a message about what is wrong that fits this derive: syn's own text
/// can be advice about its cargo features, which means nothing to a user of this derive.
///
/// The expression's tokens end at the first `,`, `..` or `..=` outside any group, and only
/// they are parsed: with syn's `full` feature (which any other crate in a build can turn on)
/// `Expr` would read `1..=64` as one range expression.
///
/// Valid Rust that the derive cannot read (`if`, `match`, closures) gets its own message:
/// without syn's `full` feature, which would double the derive's build time, an expression
/// is literals, paths, operators, casts, calls, method calls, struct literals, and arrays,
/// repeats and blocks as operands.
pub fn parse_expr(input: ParseStream, what: &str) -> syn::Result<Expr> {
    if input.is_empty() || input.peek(Token![,]) {
        return Err(input.error(format!("expected {what} here")));
    }
    let complex = starts_complex(input);
    let (tokens, end) = take_operand(input)?;
    let whole = |stream: ParseStream| {
        let expr = Expr::parse(stream)?;
        if !stream.is_empty() {
            return Err(stream.error(LEFTOVER));
        }
        Ok(expr)
    };
    let error = match whole.parse2(tokens.clone()) {
        Ok(expr) => return Ok(expr),
        Err(error) => error,
    };
    // Arrays, repeats and blocks are Rust that syn reads only with its `full` feature: with
    // each such group read as one operand, what is left is an expression the derive can read,
    // and rustc checks the rest. The expression is kept as its tokens.
    if whole.parse2(groups_as_operands(tokens.clone())).is_ok() {
        return Ok(Expr::Verbatim(tokens));
    }
    Err({
        let text = error.to_string();
        if text == LEFTOVER {
            return Err(error);
        }
        let message = if complex {
            format!("for {what} this complex, declare a `const` or a function and name it here")
        } else {
            format!("expected {what}: a constant expression")
        };
        // Parsed on its own, the operand ends nowhere: point where it stops instead.
        let span = if text.starts_with("unexpected end of input") {
            end
        } else {
            error.span()
        };
        syn::Error::new(span, message)
    })
}

/// `tokens` with each `[..]` and `{..}` that starts an operand (`[0; 4]`, `from([80, 443])`, a
/// block) replaced by `0`; an index (`LIMITS[1]`) or a struct literal's braces follow an
/// operand and stay.
fn groups_as_operands(tokens: TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    let mut after_operand = false;
    for token in tokens {
        let token = match token {
            TokenTree::Group(group)
                if !after_operand
                    && matches!(group.delimiter(), Delimiter::Bracket | Delimiter::Brace) =>
            {
                TokenTree::Literal(proc_macro2::Literal::u8_unsuffixed(0))
            }
            TokenTree::Group(group) => {
                let mut inner = Group::new(group.delimiter(), groups_as_operands(group.stream()));
                inner.set_span(group.span());
                TokenTree::Group(inner)
            }
            other => other,
        };
        after_operand = match &token {
            TokenTree::Ident(ident) => !matches!(ident.to_string().as_str(), "as" | "const"),
            TokenTree::Literal(_) | TokenTree::Group(_) => true,
            TokenTree::Punct(_) => false,
        };
        out.extend(Some(token));
    }
    out
}

/// Tokens after a whole expression, where `,` or a range was due: `#[within(0 100)]`.
const LEFTOVER: &str = "expected `,` before this: #[within(min, max)] or #[within(min..=max)]";

/// The tokens up to the next top-level `,`, `..` or `..=`, or the end, and the span of where
/// they stop (the next token, or the last one taken at the end).
fn take_operand(input: ParseStream) -> syn::Result<(TokenStream, Span)> {
    input.step(|cursor| {
        let mut rest = *cursor;
        let mut tokens = TokenStream::new();
        let mut end = cursor.span();
        while let Some((token, next)) = rest.token_tree() {
            end = token.span();
            if let TokenTree::Punct(punct) = &token {
                let range = punct.as_char() == '.'
                    && matches!(next.punct(), Some((second, _)) if second.as_char() == '.');
                if punct.as_char() == ',' || range {
                    break;
                }
            }
            tokens.extend(Some(token));
            rest = next;
        }
        Ok(((tokens, end), rest))
    })
}

/// Whether the next tokens start an expression that only syn's `full` feature reads: a block,
/// an array, a closure, or a keyword like `if` or `match`.
fn starts_complex(input: ParseStream) -> bool {
    const KEYWORDS: &[&str] = &[
        "if", "match", "loop", "while", "for", "unsafe", "async", "move", "return", "break",
        "continue", "let", "static", "const",
    ];
    let mut cursor = input.cursor();
    // Unary operators and invisible groups do not change what follows.
    loop {
        if let Some((punct, rest)) = cursor.punct() {
            if matches!(punct.as_char(), '-' | '!' | '*' | '&') {
                cursor = rest;
                continue;
            }
            return punct.as_char() == '|';
        }
        if let Some((inner, _, _)) = cursor.group(Delimiter::None) {
            cursor = inner;
            continue;
        }
        if let Some((ident, _)) = cursor.ident() {
            return KEYWORDS.iter().any(|keyword| ident == keyword);
        }
        return cursor.group(Delimiter::Brace).is_some()
            || cursor.group(Delimiter::Bracket).is_some();
    }
}
