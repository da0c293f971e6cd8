use std::path::PathBuf;

#[test]
fn checked_in_schema_matches_the_code() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schema.graphql");
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    let current = postwarden::graphql::sdl();
    assert!(
        checked_in == current,
        "schema.graphql is out of date; regenerate it with `cargo run -- export-schema --out schema.graphql`"
    );
}
