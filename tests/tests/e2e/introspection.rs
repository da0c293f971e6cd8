//! The introspection query GraphiQL and codegen tools send passes the limits wherever
//! introspection is on, while an equally deep ordinary query is still refused.

use postwarden_tests::{TestApp, error_code};

/// `getIntrospectionQuery({ specifiedByUrl: true, directiveIsRepeatable: true,
/// schemaDescription: true, inputValueDeprecation: true })` of graphql-js 16, verbatim.
const INTROSPECTION: &str = r#"
    query IntrospectionQuery {
      __schema {
        description
        queryType { name }
        mutationType { name }
        subscriptionType { name }
        types { ...FullType }
        directives {
          name
          description
          isRepeatable
          locations
          args(includeDeprecated: true) { ...InputValue }
        }
      }
    }

    fragment FullType on __Type {
      kind
      name
      description
      specifiedByURL
      fields(includeDeprecated: true) {
        name
        description
        args(includeDeprecated: true) { ...InputValue }
        type { ...TypeRef }
        isDeprecated
        deprecationReason
      }
      inputFields(includeDeprecated: true) { ...InputValue }
      interfaces { ...TypeRef }
      enumValues(includeDeprecated: true) {
        name
        description
        isDeprecated
        deprecationReason
      }
      possibleTypes { ...TypeRef }
    }

    fragment InputValue on __InputValue {
      name
      description
      type { ...TypeRef }
      defaultValue
      isDeprecated
      deprecationReason
    }

    fragment TypeRef on __Type {
      kind
      name
      ofType {
        kind
        name
        ofType {
          kind
          name
          ofType {
            kind
            name
            ofType {
              kind
              name
              ofType {
                kind
                name
                ofType {
                  kind
                  name
                  ofType {
                    kind
                    name
                    ofType {
                      kind
                      name
                      ofType {
                        kind
                        name
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
"#;

#[tokio::test]
async fn the_standard_introspection_query_passes_the_limits() {
    let app = TestApp::spawn().await;
    let response = app.gql(INTROSPECTION).send().await;
    assert!(response["errors"].is_null(), "{response}");
    let types = response["data"]["__schema"]["types"].as_array().expect("types");
    assert!(types.iter().any(|t| t["name"] == "Query"), "the schema came back");
    let big_int = types.iter().find(|t| t["name"] == "BigInt").expect("BigInt is in the schema");
    assert!(big_int["specifiedByURL"].is_string(), "custom scalars say where they are specified: {big_int}");
}

#[tokio::test]
async fn a_deep_ordinary_query_is_still_refused() {
    let app = TestApp::spawn_with(|c| c.graphql.max_depth = 3).await;
    let session = app.signup("ann@example.com").await;
    let deep = app.gql("{ me { workspaces { nodes { name } } } }").token(&session.token).send().await;
    assert_eq!(error_code(&deep), Some("LIMIT_EXCEEDED"), "{deep}");
    let deep_by_fragment = app
        .gql("query { ...A } fragment A on Query { me { ...B } } fragment B on User { workspaces { nodes { name } } }")
        .token(&session.token)
        .send()
        .await;
    assert_eq!(error_code(&deep_by_fragment), Some("LIMIT_EXCEEDED"), "{deep_by_fragment}");
    let shallow = app.gql("{ me { email } }").token(&session.token).send().await;
    assert!(shallow["errors"].is_null(), "{shallow}");
}
