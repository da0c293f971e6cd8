use crate::TestApp;
use serde_json::{Map, Value, json};

/// One GraphQL request, built up and sent like a client would.
pub struct Gql<'a> {
    app: &'a TestApp,
    query: String,
    variables: Map<String, Value>,
    headers: Vec<(String, String)>,
}

impl<'a> Gql<'a> {
    pub(crate) fn new(app: &'a TestApp, query: &str) -> Self {
        Self { app, query: query.to_owned(), variables: Map::new(), headers: Vec::new() }
    }

    pub fn var(mut self, name: &str, value: Value) -> Self {
        self.variables.insert(name.to_owned(), value);
        self
    }

    pub fn token(self, token: &str) -> Self {
        self.header("authorization", &format!("Bearer {token}"))
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub async fn send(self) -> Value {
        self.send_raw().await.1
    }

    /// The HTTP response too, for status codes and headers.
    pub async fn send_raw(self) -> (reqwest::StatusCode, Value, reqwest::header::HeaderMap) {
        let mut request = self
            .app
            .http
            .post(self.app.url("/graphql"))
            .json(&json!({ "query": self.query, "variables": self.variables }));
        for (name, value) in &self.headers {
            request = request.header(name, value);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.json::<Value>().await.unwrap_or(Value::Null);
        (status, body, headers)
    }
}

/// The `extensions.code` of the first error, if any.
pub fn error_code(response: &Value) -> Option<&str> {
    response["errors"][0]["extensions"]["code"].as_str()
}

pub fn error_codes(response: &Value) -> Vec<&str> {
    response["errors"]
        .as_array()
        .map(|errors| errors.iter().filter_map(|e| e["extensions"]["code"].as_str()).collect())
        .unwrap_or_default()
}
