//! The persisted-query allow-list: read and checked once, at start-up, so a bad file stops
//! the server instead of refusing every client later.

use super::{ConfigError, GraphqlConfig};
use async_graphql::parser::{parse_query, types::ExecutableDocument};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};

/// Allow-listed queries by the lowercase hex SHA-256 of their text, parsed.
#[derive(Clone, Default)]
pub struct AllowList {
    pub queries: HashMap<String, (String, ExecutableDocument)>,
}

impl AllowList {
    pub fn get(&self, hash: &str) -> Option<&(String, ExecutableDocument)> {
        self.queries.get(hash)
    }

    pub fn hash(query: &str) -> String {
        hex::encode(Sha256::digest(query.as_bytes()))
    }
}

impl GraphqlConfig {
    /// The allow-list named by `graphql.persisted_queries` (empty when unset).
    pub fn allow_list(&self) -> Result<AllowList, ConfigError> {
        let invalid = |message: String| ConfigError::Invalid { setting: "graphql.persisted_queries", message };
        let Some(path) = &self.persisted_queries else {
            if self.persisted_only {
                return Err(ConfigError::Invalid {
                    setting: "graphql.persisted_only",
                    message: "needs graphql.persisted_queries, the allow-list file".into(),
                });
            }
            return Ok(AllowList::default());
        };
        let text = std::fs::read_to_string(path)
            .map_err(|err| invalid(format!("cannot be read ({}): {err}", path.display())))?;
        let entries: BTreeMap<String, String> = serde_json::from_str(&text).map_err(|err| {
            invalid(format!("must be a JSON object of sha256 hex to query text ({}): {err}", path.display()))
        })?;
        let mut queries = HashMap::with_capacity(entries.len());
        for (hash, query) in entries {
            let actual = AllowList::hash(&query);
            if hash.to_ascii_lowercase() != actual {
                return Err(invalid(format!("lists {hash}, but its query hashes to {actual}")));
            }
            let document =
                parse_query(&query).map_err(|err| invalid(format!("lists {hash}, which does not parse: {err}")))?;
            queries.insert(actual, (query, document));
        }
        Ok(AllowList { queries })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_file(contents: &str) -> (tempfile::TempDir, GraphqlConfig) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("persisted.json");
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("{e}"));
        (dir, GraphqlConfig { persisted_queries: Some(path), persisted_only: true, ..GraphqlConfig::default() })
    }

    fn refusal(result: Result<AllowList, ConfigError>) -> (&'static str, String) {
        match result {
            Err(ConfigError::Invalid { setting, message }) => (setting, message),
            Err(other) => panic!("unexpected error {other}"),
            Ok(_) => panic!("the allow-list was accepted"),
        }
    }

    #[test]
    fn a_good_list_loads_by_hash() {
        let query = "{ __typename }";
        let (_dir, config) = with_file(&serde_json::json!({ AllowList::hash(query): query }).to_string());
        let list = config.allow_list().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(list.get(&AllowList::hash(query)).map(|(text, _)| text.as_str()), Some(query));
    }

    #[test]
    fn bad_lists_stop_start_up_naming_the_setting() {
        let (_dir, config) = with_file("[1, 2");
        assert_eq!(refusal(config.allow_list()).0, "graphql.persisted_queries");
        let (_dir, config) = with_file(r#"{ "00ff": "{ __typename }" }"#);
        let (setting, message) = refusal(config.allow_list());
        assert_eq!(setting, "graphql.persisted_queries");
        assert!(message.contains("hashes to"), "{message}");
        let broken = "{ me { ";
        let (_dir, config) = with_file(&serde_json::json!({ AllowList::hash(broken): broken }).to_string());
        assert!(refusal(config.allow_list()).1.contains("does not parse"));
        let missing =
            GraphqlConfig { persisted_queries: Some("/nonexistent/list.json".into()), ..GraphqlConfig::default() };
        assert_eq!(refusal(missing.allow_list()).0, "graphql.persisted_queries");
        let unset = GraphqlConfig { persisted_only: true, ..GraphqlConfig::default() };
        assert_eq!(refusal(unset.allow_list()).0, "graphql.persisted_only");
    }
}
