// graphql-schema-linter's rules for schema.graphql (CI runs it through tools/schema-lint).
// Every built-in rule is listed: the ones left off say why.
const path = require("path");

module.exports = {
  schemaPaths: ["schema.graphql"],
  customRulePaths: [path.join(__dirname, "tools/schema-lint/rules/*.js")],
  rules: [
    // Descriptions: every type, field, argument, enum value and input field a client reads.
    // Types through our own rule, which differs from the built-in one only for the
    // generated Relay connection types (see tools/schema-lint/rules).
    "types-have-descriptions-relay-aware",
    "fields-have-descriptions",
    "arguments-have-descriptions",
    "enum-values-have-descriptions",
    "input-object-values-have-descriptions",
    "deprecations-have-a-reason",
    // Relay: connection types, their arguments (first/after, last/before) and PageInfo.
    "relay-connection-types-spec",
    "relay-connection-arguments-spec",
    "relay-page-info-spec",
    // Naming: types PascalCase, fields and input fields camelCase, enum values UPPER_CASE,
    // input object names end in `Input` (our own rule, in tools/schema-lint/rules).
    "types-are-capitalized",
    "fields-are-camel-cased",
    "input-object-values-are-camel-cased",
    "enum-values-all-caps",
    "input-object-names-end-in-input",
    // Every type defined is reachable from a root.
    "defined-types-are-used",

    // Off: "types-have-descriptions" — replaced by "types-have-descriptions-relay-aware".
    // Off: "descriptions-are-capitalized" — descriptions may open with a code name
    //   (`first`, `iOS`) that must keep its case.
    // Off: "type-fields-sorted-alphabetically", "input-object-fields-sorted-alphabetically",
    //   "interface-fields-sorted-alphabetically", "enum-values-sorted-alphabetically" —
    //   fields and values are in reading order (id first, related fields together, enum
    //   values in lifecycle order), which helps a reader more than the alphabet.
  ],
};
