//! The layering rule, checked on the source: a module imports only from layers below its
//! own (edge → workers → service → access → infrastructure → foundation), and no two
//! sibling files import each other, directly or round a longer cycle. The README's
//! architecture section explains the layers; this test keeps the code equal to it.

use std::{
    collections::{BTreeMap, BTreeSet},
    fs,
    path::{Path, PathBuf},
};

/// Each top-level module of the crate and its rank: it may import modules of lower rank.
/// Modules of equal rank are peers and may not import each other.
const RANKS: &[(&str, u8)] = &[
    ("error", 0),
    ("ids", 0),
    ("config", 1),
    ("telemetry", 2),
    ("db", 2),
    ("passwords", 2),
    ("queue", 3),
    ("media", 3),
    ("vault", 3),
    ("platforms", 3),
    ("state", 4),
    ("auth", 5),
    ("mail", 5),
    ("service", 6),
    ("publishing", 7),
    ("analytics", 7),
    ("ports", 7),
    ("jobs", 8),
    ("graphql", 9),
    ("server", 10),
    ("app", 11),
    ("cli", 12),
];

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read the source folder") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `mail/sender.rs` → `["mail", "sender"]`; `mail/mod.rs` → `["mail"]`.
fn module_of(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src_dir()).expect("under src");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned()).collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib" || p == "main") {
        parts.pop();
    }
    parts
}

/// The code before its unit tests, without comments.
fn code(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    text.lines().map(|l| l.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n")
}

/// Expands a use tree (`a::{b, c::{d, e}}`) into its paths.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        return vec![tree.split(" as ").next().unwrap_or_default().trim().to_owned()];
    };
    let prefix = tree[..open].trim_end_matches("::").trim();
    // Prose such as "use a new key" in a string is not a use tree; it may hold a `{` with no `}`.
    let close = tree.rfind('}').filter(|&close| close > open).unwrap_or(tree.len());
    let inner = &tree[open + 1..close];
    let (mut depth, mut start, mut parts) = (0, 0, Vec::new());
    for (i, ch) in inner.char_indices() {
        match ch {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(expand)
        .map(|p| {
            if prefix.is_empty() {
                p
            } else if p == "self" {
                prefix.to_owned()
            } else {
                format!("{prefix}::{p}")
            }
        })
        .collect()
}

/// Every path a file names, from `use` items and from inline `crate::…`/`super::…` paths.
fn paths_in(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("use ") {
        let before = rest[..at].chars().last();
        rest = &rest[at + 4..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let end = rest.find(';').unwrap_or(rest.len());
        paths.extend(expand(&rest[..end]));
    }
    let bytes = code.as_bytes();
    for root in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(pos) = code[from..].find(root) {
            let start = from + pos;
            from = start + root.len();
            if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
                continue;
            }
            let end = code[start..]
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .map_or(code.len(), |e| start + e);
            paths.push(code[start..end].trim_end_matches(':').to_owned());
        }
    }
    paths
}

/// The module a path points into, as the longest prefix that is a module of the crate.
fn resolve(path: &str, from: &[String], modules: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    let mut segments = path.split("::").map(str::trim).filter(|s| !s.is_empty());
    let mut base: Vec<String> = match segments.next()? {
        "crate" => Vec::new(),
        "self" => from.to_vec(),
        "super" => {
            // `a/b.rs` is `a::b` and `a/mod.rs` is `a`: either way `super` is one step up.
            let mut b = from.to_vec();
            b.pop();
            b
        }
        _ => return None,
    };
    for seg in segments {
        if seg == "super" {
            base.pop();
            continue;
        }
        let mut next = base.clone();
        next.push(seg.to_owned());
        if modules.contains(&next) {
            base = next;
        } else {
            break;
        }
    }
    Some(base)
}

struct Graph {
    modules: BTreeSet<Vec<String>>,
    /// file module → modules it names, with the file that names them.
    edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
}

fn graph() -> Graph {
    let mut files = Vec::new();
    rust_files(&src_dir(), &mut files);
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(f)).collect();
    let mut edges = BTreeMap::new();
    for file in &files {
        let from = module_of(file);
        let text = fs::read_to_string(file).expect("read a source file");
        let targets: BTreeSet<Vec<String>> = paths_in(&code(&text))
            .iter()
            .filter_map(|p| resolve(p, &from, &modules))
            .filter(|t| !t.is_empty() && *t != from)
            .collect();
        edges.insert(from, targets);
    }
    Graph { modules, edges }
}

fn rank(top: &str) -> Option<u8> {
    RANKS.iter().find(|(m, _)| *m == top).map(|(_, r)| *r)
}

#[test]
fn no_module_imports_a_layer_above_its_own() {
    let graph = graph();
    let mut problems = BTreeSet::new();
    for (from, targets) in &graph.edges {
        let Some(top) = from.first() else { continue };
        let Some(own) = rank(top) else {
            problems.insert(format!("`{top}` has no layer in this test's table; give it one"));
            continue;
        };
        for target in targets {
            let other = &target[0];
            if other == top {
                continue;
            }
            match rank(other) {
                Some(r) if r < own => {}
                _ => {
                    problems.insert(format!(
                        "{} imports {} (a layer at or above its own)",
                        from.join("::"),
                        target.join("::")
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "layering broken:\n{}", problems.into_iter().collect::<Vec<_>>().join("\n"));
}

#[test]
fn sibling_files_import_no_cycle() {
    let graph = graph();
    // Only edges between files where neither contains the other: a parent re-exporting its
    // children, and children naming their parent's items, are how modules are built.
    let related = |a: &[String], b: &[String]| a.starts_with(b) || b.starts_with(a);
    let mut adjacency: BTreeMap<&Vec<String>, Vec<&Vec<String>>> = BTreeMap::new();
    for (from, targets) in &graph.edges {
        for target in targets {
            // A path into a module names the file of that module or of its nearest ancestor.
            let file = (0..=target.len()).rev().map(|n| target[..n].to_vec()).find(|m| graph.modules.contains(m));
            if let Some(file) = file.and_then(|f| graph.modules.get(&f))
                && !related(from, file)
            {
                adjacency.entry(from).or_default().push(file);
            }
        }
    }
    let mut cycles = Vec::new();
    let mut state: BTreeMap<&Vec<String>, u8> = BTreeMap::new();
    fn visit<'a>(
        node: &'a Vec<String>,
        adjacency: &BTreeMap<&'a Vec<String>, Vec<&'a Vec<String>>>,
        state: &mut BTreeMap<&'a Vec<String>, u8>,
        stack: &mut Vec<&'a Vec<String>>,
        cycles: &mut Vec<String>,
    ) {
        state.insert(node, 1);
        stack.push(node);
        for next in adjacency.get(node).into_iter().flatten() {
            match state.get(next) {
                Some(1) => {
                    let at = stack.iter().position(|n| n == next).unwrap_or(0);
                    let names: Vec<String> = stack[at..].iter().map(|n| n.join("::")).collect();
                    cycles.push(format!("{} -> {}", names.join(" -> "), next.join("::")));
                }
                Some(_) => {}
                None => visit(next, adjacency, state, stack, cycles),
            }
        }
        stack.pop();
        state.insert(node, 2);
    }
    for node in graph.edges.keys() {
        if !state.contains_key(node) {
            visit(node, &adjacency, &mut state, &mut Vec::new(), &mut cycles);
        }
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_checker_sees_grouped_and_inline_imports() {
    let paths = paths_in("use crate::{jobs::lease, service::{a, b::c}};\nfn f() { crate::graphql::relay::x(); }");
    for expected in ["crate::jobs::lease", "crate::service::a", "crate::service::b::c", "crate::graphql::relay::x"] {
        assert!(paths.iter().any(|p| p == expected), "{expected} not found in {paths:?}");
    }
}
