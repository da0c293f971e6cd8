//! The SDL the server exports against the checked-in `schema.graphql`, compared by meaning:
//! on drift the failure lists each change and marks the ones that break existing clients,
//! so a reviewer sees what a regenerated `schema.graphql` would change.

use async_graphql::parser::{
    parse_schema,
    types::{InputValueDefinition, TypeKind, TypeSystemDefinition},
};
use std::{
    collections::{BTreeMap, BTreeSet},
    path::PathBuf,
};

/// Input values (arguments or input fields): name -> (type, has a default).
type Inputs = BTreeMap<String, (String, bool)>;

/// A type as a client sees it: its kind and its members, each member rendered comparably.
#[derive(Default)]
struct Shape {
    kind: &'static str,
    /// Output fields: name -> (type, arguments).
    fields: BTreeMap<String, (String, Inputs)>,
    inputs: Inputs,
    /// Enum values, union members or implemented interfaces.
    members: BTreeSet<String>,
}

fn shapes(sdl: &str) -> BTreeMap<String, Shape> {
    let document = parse_schema(sdl).unwrap_or_else(|e| panic!("the SDL does not parse: {e}"));
    let inputs = |values: &[async_graphql::Positioned<InputValueDefinition>]| {
        values
            .iter()
            .map(|v| (v.node.name.node.to_string(), (v.node.ty.node.to_string(), v.node.default_value.is_some())))
            .collect::<Inputs>()
    };
    let mut out = BTreeMap::new();
    for definition in document.definitions {
        let TypeSystemDefinition::Type(ty) = definition else { continue };
        let ty = ty.node;
        let mut shape = Shape::default();
        match &ty.kind {
            TypeKind::Scalar => shape.kind = "scalar",
            TypeKind::Object(object) => {
                shape.kind = "type";
                shape.members = object.implements.iter().map(|i| i.node.to_string()).collect();
                for f in &object.fields {
                    let f = &f.node;
                    shape.fields.insert(f.name.node.to_string(), (f.ty.node.to_string(), inputs(&f.arguments)));
                }
            }
            TypeKind::Interface(interface) => {
                shape.kind = "interface";
                shape.members = interface.implements.iter().map(|i| i.node.to_string()).collect();
                for f in &interface.fields {
                    let f = &f.node;
                    shape.fields.insert(f.name.node.to_string(), (f.ty.node.to_string(), inputs(&f.arguments)));
                }
            }
            TypeKind::Union(union) => {
                shape.kind = "union";
                shape.members = union.members.iter().map(|m| m.node.to_string()).collect();
            }
            TypeKind::Enum(e) => {
                shape.kind = "enum";
                shape.members = e.values.iter().map(|v| v.node.value.node.to_string()).collect();
            }
            TypeKind::InputObject(input) => {
                shape.kind = "input";
                shape.inputs = inputs(&input.fields);
            }
        }
        out.insert(ty.name.node.to_string(), shape);
    }
    out
}

/// One change; `breaking` when a client written against the old schema can fail.
struct Change {
    breaking: bool,
    what: String,
}

fn change(breaking: bool, what: String) -> Change {
    Change { breaking, what }
}

/// An output may only tighten: `T` -> `T!` is safe, anything else can break a client.
fn output_change_breaks(old: &str, new: &str) -> bool {
    new.strip_suffix('!') != Some(old)
}

/// An input may only loosen: `T!` -> `T` is safe, anything else can break a client.
fn input_change_breaks(old: &str, new: &str) -> bool {
    old.strip_suffix('!') != Some(new)
}

fn input_changes(place: &str, old: &Inputs, new: &Inputs, out: &mut Vec<Change>) {
    for (name, (ty, _)) in old {
        match new.get(name) {
            None => out.push(change(true, format!("{place}: input `{name}: {ty}` removed"))),
            Some((now, _)) if now != ty => {
                out.push(change(input_change_breaks(ty, now), format!("{place}: input `{name}` {ty} -> {now}")))
            }
            Some(_) => {}
        }
    }
    for (name, (ty, has_default)) in new {
        if !old.contains_key(name) {
            let required = ty.ends_with('!') && !has_default;
            out.push(change(
                required,
                format!("{place}: input `{name}: {ty}` added{}", if required { " (required)" } else { "" }),
            ));
        }
    }
}

fn diff(old: &BTreeMap<String, Shape>, new: &BTreeMap<String, Shape>) -> Vec<Change> {
    let mut out = Vec::new();
    for (name, before) in old {
        let Some(after) = new.get(name) else {
            out.push(change(true, format!("{} {name} removed", before.kind)));
            continue;
        };
        if before.kind != after.kind {
            out.push(change(true, format!("{name}: {} -> {}", before.kind, after.kind)));
            continue;
        }
        for (field, (ty, args)) in &before.fields {
            let place = format!("{name}.{field}");
            match after.fields.get(field) {
                None => out.push(change(true, format!("{place}: field removed"))),
                Some((now, now_args)) => {
                    if now != ty {
                        out.push(change(output_change_breaks(ty, now), format!("{place}: type {ty} -> {now}")));
                    }
                    input_changes(&place, args, now_args, &mut out);
                }
            }
        }
        for (field, (ty, _)) in &after.fields {
            if !before.fields.contains_key(field) {
                out.push(change(false, format!("{name}.{field}: field added ({ty})")));
            }
        }
        input_changes(name, &before.inputs, &after.inputs, &mut out);
        let what = match before.kind {
            "enum" => "value",
            "union" => "member",
            _ => "interface",
        };
        for gone in before.members.difference(&after.members) {
            out.push(change(true, format!("{name}: {what} {gone} removed")));
        }
        for added in after.members.difference(&before.members) {
            // A new enum value or union member is safe to send, but a client's exhaustive
            // switch may not know it yet.
            out.push(change(false, format!("{name}: {what} {added} added")));
        }
    }
    for (name, after) in new {
        if !old.contains_key(name) {
            out.push(change(false, format!("{} {name} added", after.kind)));
        }
    }
    out
}

fn report(changes: &[Change]) -> String {
    let mut lines: Vec<String> =
        changes.iter().map(|c| format!("  {} {}", if c.breaking { "BREAKING" } else { "safe    " }, c.what)).collect();
    lines.sort_by_key(|l| !l.starts_with("  BREAKING"));
    let breaking = changes.iter().filter(|c| c.breaking).count();
    format!("{} changes, {breaking} breaking for clients:\n{}", changes.len(), lines.join("\n"))
}

#[test]
fn the_exported_schema_matches_the_checked_in_one() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schema.graphql");
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    let current = postwarden::graphql::sdl();
    if checked_in == current {
        return;
    }
    let changes = diff(&shapes(&checked_in), &shapes(&current));
    let detail =
        if changes.is_empty() { "only descriptions, directives or order differ".to_owned() } else { report(&changes) };
    panic!(
        "schema.graphql is out of date ({detail})\nregenerate it with `cargo run -q -p postwarden -- export-schema --out schema.graphql`"
    );
}

#[test]
fn the_diff_marks_what_breaks_clients() {
    let old = shapes(
        "type Query { a: String! b(x: Int!): Int c: Int gone: Int }
         enum E { A B } union U = Query
         input I { x: Int! y: Int }
         type Dropped { a: Int }",
    );
    let new = shapes(
        "type Query { a: String b(x: Int, y: Int!): Int! c: Int! added: Int }
         enum E { A C } union U = Query
         input I { x: Int y: Int! z: Int = 1 }
         type New { a: Int }",
    );
    let changes = diff(&old, &new);
    let verdict = |needle: &str| {
        changes
            .iter()
            .find(|c| c.what.contains(needle))
            .map(|c| c.breaking)
            .unwrap_or_else(|| panic!("no change about {needle:?} in\n{}", report(&changes)))
    };
    assert!(verdict("Query.a: type String! -> String"), "non-null -> nullable output");
    assert!(!verdict("Query.c: type Int -> Int!"), "nullable -> non-null output");
    assert!(verdict("Query.gone: field removed"));
    assert!(!verdict("Query.added: field added"));
    assert!(!verdict("Query.b: input `x` Int! -> Int"), "a loosened argument");
    assert!(verdict("Query.b: input `y: Int!` added"), "a new required argument");
    assert!(verdict("E: value B removed"));
    assert!(!verdict("E: value C added"));
    assert!(verdict("I: input `y` Int -> Int!"), "nullable -> non-null input");
    assert!(!verdict("I: input `z: Int` added"));
    assert!(verdict("type Dropped removed"));
    assert!(!verdict("type New added"));
    assert!(report(&changes).lines().nth(1).is_some_and(|l| l.contains("BREAKING")));
}
