//! Questions about syn's types that need no model of the input: what a type is (`Option<T>`,
//! a primitive, a string), what an expression is inside `macro_rules!` groups, names of members.

use proc_macro2::{Group, Ident, TokenStream, TokenTree};
use quote::quote;
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::{Expr, GenericArgument, Member, PathArguments, ReturnType, Type};

/// A member's name without `r#`: `math`, or `0` for the first field of a tuple struct.
pub fn member_name(member: &Member) -> String {
    match member {
        Member::Named(ident) => ident.unraw().to_string(),
        Member::Unnamed(index) => index.index.to_string(),
    }
}

pub fn same_member(a: &Member, b: &Member) -> bool {
    match (a, b) {
        (Member::Named(a), Member::Named(b)) => a.unraw() == b.unraw(),
        (Member::Unnamed(a), Member::Unnamed(b)) => a.index == b.index,
        _ => false,
    }
}

/// The type inside `macro_rules!` invisible groups and parentheses.
pub fn ungroup_ty(ty: &Type) -> &Type {
    match ty {
        Type::Group(group) => ungroup_ty(&group.elem),
        Type::Paren(paren) => ungroup_ty(&paren.elem),
        _ => ty,
    }
}

/// The expression inside `macro_rules!` invisible groups and parentheses, which would
/// otherwise warn `unused_parens` about code the user never wrote.
pub fn ungroup_expr(expr: &Expr) -> &Expr {
    match expr {
        Expr::Group(group) => ungroup_expr(&group.expr),
        Expr::Paren(paren) => ungroup_expr(&paren.expr),
        _ => expr,
    }
}

/// `T` in `Name<T>` (any path ending in `Name` with one type argument).
pub fn generic_arg_of<'t>(ty: &'t Type, name: &str) -> Option<&'t Type> {
    let Type::Path(path) = ungroup_ty(ty) else {
        return None;
    };
    if path.qself.is_some() {
        return None;
    }
    let last = path.path.segments.last()?;
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match (last.ident == name, args.args.len(), args.args.first()) {
        (true, 1, Some(GenericArgument::Type(inner))) => Some(inner),
        _ => None,
    }
}

/// The elements `each(..)` checks in a collection type (unwrapped from an `Option`): `T` of a
/// `Vec<T>`, `VecDeque<T>`, `[T; N]`, `Box<[T]>`, `BTreeSet<T>` or `HashSet<T>`, and `V` of a
/// `BTreeMap<K, V>` or `HashMap<K, V>`, recognised by the last path segment.
pub fn element_type(ty: &Type) -> Option<&Type> {
    let ty = generic_arg_of(ty, "Option").unwrap_or(ty);
    match ungroup_ty(ty) {
        Type::Array(array) => Some(&array.elem),
        Type::Path(path) if path.qself.is_none() => {
            let last = path.path.segments.last()?;
            let PathArguments::AngleBracketed(args) = &last.arguments else {
                return None;
            };
            let types: Vec<&Type> = args
                .args
                .iter()
                .filter_map(|arg| match arg {
                    GenericArgument::Type(ty) => Some(ty),
                    _ => None,
                })
                .collect();
            let name = last.ident.to_string();
            match (name.as_str(), types.as_slice()) {
                ("Vec" | "VecDeque" | "BTreeSet", [elem]) => Some(*elem),
                ("HashSet", [elem, ..]) => Some(*elem),
                ("BTreeMap", [_, value]) => Some(*value),
                ("HashMap", [_, value, ..]) => Some(*value),
                ("Box", [inner]) => match ungroup_ty(inner) {
                    Type::Slice(slice) => Some(&slice.elem),
                    _ => None,
                },
                _ => None,
            }
        }
        _ => None,
    }
}

/// Whether `ty` is `Name` itself (a path ending in `Name` without arguments).
pub fn is_named(ty: &Type, name: &str) -> bool {
    match ungroup_ty(ty) {
        Type::Path(path) if path.qself.is_none() => path
            .path
            .segments
            .last()
            .is_some_and(|last| last.ident == name && last.arguments.is_empty()),
        _ => false,
    }
}

/// A primitive number or `char`, which a `const fn` can compare.
pub fn is_primitive(ty: &Type) -> bool {
    primitive_name(ty).is_some()
}

/// Every primitive type's name: what a user's item of the same name can shadow.
pub const PRIMITIVE_TYPES: &[&str] = &[
    "bool", "char", "str", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64",
    "i128", "isize", "f32", "f64",
];

/// The primitive number or `char` that `ty` names: `u8`, or `core::primitive::u8` (`std::`,
/// with or without a leading `::`), the spelling that a user's own `u8` cannot shadow.
pub fn primitive_name(ty: &Type) -> Option<&'static str> {
    const PRIMITIVES: &[&str] = &[
        "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
        "f32", "f64", "char",
    ];
    let Type::Path(path) = ungroup_ty(ty) else {
        return None;
    };
    let segments: Vec<_> = path.path.segments.iter().collect();
    if path.qself.is_some() || segments.iter().any(|s| !s.arguments.is_none()) {
        return None;
    }
    let last = match segments.as_slice() {
        [last] if path.path.leading_colon.is_none() => last,
        [krate, module, last]
            if (krate.ident == "core" || krate.ident == "std") && module.ident == "primitive" =>
        {
            last
        }
        _ => return None,
    };
    PRIMITIVES.iter().copied().find(|name| last.ident == name)
}

/// What a length-checked field's getter lends when it is not the type itself: `str` for
/// `String` and `Box<str>`, `[T]` for `Vec<T>` and `Box<[T]>`.
pub fn borrowed(ty: &Type) -> Option<TokenStream> {
    if is_named(ty, "String") {
        return Some(quote!(::core::primitive::str));
    }
    if let Some(elem) = generic_arg_of(ty, "Vec") {
        return Some(quote!([#elem]));
    }
    match ungroup_ty(generic_arg_of(ty, "Box")?) {
        inner @ Type::Slice(_) => Some(inner.to_token_stream()),
        inner if is_named(inner, "str") => Some(quote!(::core::primitive::str)),
        _ => None,
    }
}

/// Whether a value of `ty` is a JSON string (for `chars`) rather than an array.
pub fn is_string_like(ty: &Type) -> bool {
    let ty = generic_arg_of(ty, "Option").unwrap_or(ty);
    is_named(ty, "String")
        || generic_arg_of(ty, "Box").is_some_and(|inner| is_named(inner, "str"))
        || matches!(ungroup_ty(ty), Type::Reference(reference) if is_named(&reference.elem, "str"))
}

/// Whether a value of `ty` is a JSON array: `Vec<T>`, `Box<[T]>`, `[T; N]`, or an `Option` of one.
pub fn is_array_like(ty: &Type) -> bool {
    let ty = generic_arg_of(ty, "Option").unwrap_or(ty);
    generic_arg_of(ty, "Vec").is_some()
        || generic_arg_of(ty, "Box")
            .is_some_and(|inner| matches!(ungroup_ty(inner), Type::Slice(_)))
        || matches!(ungroup_ty(ty), Type::Array(_))
}

/// Whether a value of `ty` is a JSON object: a `BTreeMap` or `HashMap`, or an `Option` of one.
pub fn is_map_like(ty: &Type) -> bool {
    let ty = generic_arg_of(ty, "Option").unwrap_or(ty);
    match ungroup_ty(ty) {
        Type::Path(path) => path
            .path
            .segments
            .last()
            .is_some_and(|last| last.ident == "BTreeMap" || last.ident == "HashMap"),
        _ => false,
    }
}

/// The first lifetime other than `'static` in `ty`, if any.
pub fn borrowed_lifetime(ty: &Type) -> Option<&syn::Lifetime> {
    match ty {
        Type::Reference(reference) => match &reference.lifetime {
            Some(lifetime) if lifetime.ident != "static" => Some(lifetime),
            Some(_) => borrowed_lifetime(&reference.elem),
            // An elided lifetime cannot be written in a struct field.
            None => borrowed_lifetime(&reference.elem),
        },
        Type::Path(path) => {
            if let Some(qself) = &path.qself {
                if let Some(found) = borrowed_lifetime(&qself.ty) {
                    return Some(found);
                }
            }
            path.path
                .segments
                .iter()
                .find_map(|segment| match &segment.arguments {
                    PathArguments::AngleBracketed(args) => {
                        args.args.iter().find_map(|arg| match arg {
                            GenericArgument::Lifetime(lifetime) if lifetime.ident != "static" => {
                                Some(lifetime)
                            }
                            GenericArgument::Type(ty) => borrowed_lifetime(ty),
                            _ => None,
                        })
                    }
                    PathArguments::Parenthesized(args) => args
                        .inputs
                        .iter()
                        .find_map(|arg| borrowed_lifetime(&arg.ty))
                        .or(match &args.output {
                            ReturnType::Type(_, ty) => borrowed_lifetime(ty),
                            ReturnType::Default => None,
                        }),
                    PathArguments::None => None,
                })
        }
        Type::Group(group) => borrowed_lifetime(&group.elem),
        Type::Paren(paren) => borrowed_lifetime(&paren.elem),
        Type::Array(array) => borrowed_lifetime(&array.elem),
        Type::Slice(slice) => borrowed_lifetime(&slice.elem),
        Type::Ptr(ptr) => borrowed_lifetime(&ptr.elem),
        Type::Tuple(tuple) => tuple.elems.iter().find_map(borrowed_lifetime),
        _ => None,
    }
}

/// Calls `f` on every identifier in `tokens`, inside groups too.
pub fn visit_idents(tokens: TokenStream, f: &mut impl FnMut(&Ident)) {
    for token in tokens {
        match token {
            proc_macro2::TokenTree::Ident(ident) => f(&ident),
            proc_macro2::TokenTree::Group(group) => visit_idents(group.stream(), f),
            _ => {}
        }
    }
}

/// `tokens` (a field's type) with `Self` spelled out as `with` (the struct's name and
/// parameters), for a type copied into another item, where `Self` would mean that item: a
/// draft's `children: Vec<Self>` is `Vec<Node>`, not `Vec<NodeDraft>`.
pub fn replace_self(tokens: TokenStream, with: &TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    let mut after_separator = false;
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        let separator = matches!(&token, TokenTree::Punct(p) if p.as_char() == ':');
        match token {
            TokenTree::Ident(ident) if ident == "Self" && !after_separator => {
                let qualified =
                    matches!(tokens.peek(), Some(TokenTree::Punct(p)) if p.as_char() == ':');
                out.extend(match qualified {
                    true => quote!(<#with>),
                    false => with.clone(),
                });
            }
            TokenTree::Group(group) => {
                let mut inner = Group::new(group.delimiter(), replace_self(group.stream(), with));
                inner.set_span(group.span());
                out.extend(Some(TokenTree::Group(inner)));
            }
            other => out.extend(Some(other)),
        }
        after_separator = separator;
    }
    out
}
