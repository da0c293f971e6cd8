// `types-have-descriptions`, except for Relay connection types that hold nothing but the
// Relay fields (`edges`, `nodes`, `pageInfo`, `totalCount`): the server generates them
// from the node type, their shape is fixed by the Relay spec, and what they list is said
// on the field that returns them. Every other type needs its own description.
const { ValidationError } = require("graphql-schema-linter/lib/validation_error");

const RELAY_FIELDS = new Set(["edges", "nodes", "pageInfo", "totalCount"]);

function isGeneratedConnection(node) {
  return (
    node.kind === "ObjectTypeDefinition" &&
    node.name.value.endsWith("Connection") &&
    (node.fields || []).length > 0 &&
    node.fields.every((f) => RELAY_FIELDS.has(f.name.value))
  );
}

function TypesHaveDescriptionsRelayAware(context) {
  const check = (kind) => (node) => {
    if (node.description || isGeneratedConnection(node)) return;
    context.reportError(
      new ValidationError(
        "types-have-descriptions-relay-aware",
        `The ${kind} type \`${node.name.value}\` is missing a description.`,
        [node],
      ),
    );
  };
  return {
    ScalarTypeDefinition: check("scalar"),
    ObjectTypeDefinition: check("object"),
    InterfaceTypeDefinition: check("interface"),
    UnionTypeDefinition: check("union"),
    EnumTypeDefinition: check("enum"),
    InputObjectTypeDefinition: check("input object"),
  };
}

module.exports = { TypesHaveDescriptionsRelayAware };
