//! The two library crates are pipelines: no file imports from a file that imports it back,
//! directly or through others. A cycle means a helper lives in the file of its caller; this test
//! names the files of each cycle and what ties them, so the helper can move down.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// For each module file of `src` (its `*.rs` files, by stem), the other modules it names
/// through `crate::`.
fn imports(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut modules = BTreeMap::new();
    for entry in fs::read_dir(src).expect("the crate's src folder is readable") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_none_or(|ext| ext != "rs") {
            continue;
        }
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        if stem == "lib" {
            continue;
        }
        let text = fs::read_to_string(&path).expect("a source file is readable");
        modules.insert(stem, named_modules(&text));
    }
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    for (module, names) in &mut modules {
        names.retain(|name| name != module && known.contains(name));
    }
    modules
}

/// The first path segment after each `crate::` in `text`, reading into `crate::{a, b::c}`.
/// Comments are skipped, so a doc comment that names a module ties nothing.
fn named_modules(text: &str) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .map(|line| match line.trim_start().starts_with("//") {
            true => "",
            false => line,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut names = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        let preceded = rest[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
        rest = &rest[at + "crate::".len()..];
        if preceded {
            // `$crate::`, `my_crate::`: not this crate's path.
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = matching_brace(group);
            for item in top_level_items(&group[..end]) {
                names.insert(first_segment(item));
            }
        } else {
            names.insert(first_segment(rest));
        }
    }
    names
}

fn first_segment(path: &str) -> String {
    let name: String = path
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    // The runtime's door is declared `#[path = "private.rs"] pub mod __private`.
    match name.as_str() {
        "__private" => "private".to_owned(),
        _ => name,
    }
}

/// The index of the `}` that closes a group whose `{` was just read.
fn matching_brace(text: &str) -> usize {
    let mut depth = 1;
    for (index, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return index;
                }
            }
            _ => {}
        }
    }
    text.len()
}

/// `a, b::{c, d}, e` split at its top-level commas.
fn top_level_items(text: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (index, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&text[start..index]);
                start = index + 1;
            }
            _ => {}
        }
    }
    items.push(&text[start..]);
    items
}

/// Every cycle of the graph, each as the files along it, found by a depth-first search that
/// reports a back edge as the cycle it closes.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        found: &mut Vec<Vec<String>>,
    ) {
        if let Some(at) = stack.iter().position(|open| open == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node.to_owned());
            found.push(cycle);
            return;
        }
        if done.contains(node) {
            return;
        }
        stack.push(node.to_owned());
        for next in &graph[node] {
            visit(next, graph, stack, done, found);
        }
        stack.pop();
        done.insert(node.to_owned());
    }
    let (mut done, mut found) = (BTreeSet::new(), Vec::new());
    for node in graph.keys() {
        visit(node, graph, &mut Vec::new(), &mut done, &mut found);
    }
    found
}

fn assert_acyclic(krate: &str) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(krate)
        .join("src");
    let graph = imports(&src);
    assert!(
        graph.len() > 5,
        "{krate}: only {} modules read",
        graph.len()
    );
    let cycles = cycles(&graph);
    assert!(
        cycles.is_empty(),
        "{krate}: files that import each other in a loop (each `a -> b` is `a` naming \
         `crate::b`):\n{}",
        cycles
            .iter()
            .map(|cycle| cycle.join(" -> "))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_derive_has_no_import_cycle() {
    assert_acyclic("within-derive");
}

#[test]
fn the_runtime_has_no_import_cycle() {
    assert_acyclic("within-runtime");
}

#[test]
fn the_reader_finds_the_imports_a_cycle_is_made_of() {
    let a = "use crate::b::{self, Thing};\nfn f() { crate::c::g(); }\n// crate::d in a comment\n";
    let b = "use crate::{a, c::{x, y}, __private::z};\nconst X: &str = \"$crate::e\";\n";
    assert_eq!(
        named_modules(a),
        BTreeSet::from(["b".to_owned(), "c".to_owned()])
    );
    assert_eq!(
        named_modules(b),
        BTreeSet::from(["a".to_owned(), "c".to_owned(), "private".to_owned()])
    );
    let graph = BTreeMap::from([
        ("a".to_owned(), named_modules(a)),
        ("b".to_owned(), BTreeSet::from(["a".to_owned()])),
        ("c".to_owned(), BTreeSet::new()),
    ]);
    assert_eq!(cycles(&graph), vec![vec!["a", "b", "a"]]);
}
