// Input object types are named `<Something>Input` (`CreatePostInput`, `PostFilterInput`),
// so a client can tell inputs from outputs by name alone.
const { ValidationError } = require("graphql-schema-linter/lib/validation_error");

function InputObjectNamesEndInInput(context) {
  return {
    InputObjectTypeDefinition(node) {
      const name = node.name.value;
      if (!name.endsWith("Input")) {
        context.reportError(
          new ValidationError(
            "input-object-names-end-in-input",
            `The input object type \`${name}\` should end in \`Input\`.`,
            [node.name],
          ),
        );
      }
    },
  };
}

module.exports = { InputObjectNamesEndInInput };
