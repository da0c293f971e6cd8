//! Schema-wide policies that no single resolver can enforce.

use crate::{error::ErrorCode, state::RequestMeta};
use async_graphql::{
    Request, Response, ServerResult, Variables,
    extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextPrepareRequest, NextRequest},
    parser::types::{DocumentOperations, ExecutableDocument, Selection, SelectionSet},
};
use std::{
    any::TypeId,
    collections::{HashMap, HashSet},
    sync::{Arc, OnceLock},
    time::Instant,
};

/// Gives every error a code (parse and validation errors become `BAD_USER_INPUT`, the
/// built-in depth, complexity and recursion caps `LIMIT_EXCEEDED`) and the request id, and logs each operation by name and outcome. The query text is never
/// logged: a client may have inlined a password in it.
pub struct ResponsePolicy;

impl ExtensionFactory for ResponsePolicy {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ResponsePolicyRun::default())
    }
}

/// One per request. The request id is read off the request as it is prepared, because
/// the request hook runs before the request's own data is reachable through the context.
#[derive(Default)]
struct ResponsePolicyRun {
    request_id: OnceLock<String>,
}

#[async_trait::async_trait]
impl Extension for ResponsePolicyRun {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        let meta = request.data.get(&TypeId::of::<RequestMeta>());
        if let Some(id) = meta.and_then(|d| d.downcast_ref::<RequestMeta>()).and_then(|m| m.request_id.clone()) {
            let _ = self.request_id.set(id);
        }
        next.run(ctx, request).await
    }

    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let started = Instant::now();
        let mut response = next.run(ctx).await;
        let request_id = self.request_id.get().cloned();
        for error in &mut response.errors {
            let extensions = error.extensions.get_or_insert_with(Default::default);
            if extensions.get("code").is_none() {
                uncoded(&error.message).set_on(extensions);
            }
            if let Some(id) = &request_id {
                extensions.set("requestId", id.clone());
            }
        }
        let codes: Vec<String> = response
            .errors
            .iter()
            .filter_map(|e| match e.extensions.as_ref()?.get("code")? {
                async_graphql::Value::String(code) => Some(code.clone()),
                _ => None,
            })
            .collect();
        tracing::info!(
            elapsed_ms = started.elapsed().as_millis() as u64,
            errors = ?codes,
            "graphql operation"
        );
        response
    }
}

/// async-graphql raises its own limits without a code; these are its messages.
fn uncoded(message: &str) -> ErrorCode {
    let limit = matches!(message, "Query is nested too deep." | "Query is too complex.")
        || message.starts_with("The recursion depth of the query cannot be greater than");
    if limit { ErrorCode::LimitExceeded } else { ErrorCode::BadUserInput }
}

/// Caps root fields and aliases per operation: both multiply work without deepening the
/// query, so depth and complexity limits alone do not catch them.
///
/// Also caps depth, not counting introspection: the standard introspection query of
/// graphql-js nests 15 deep, and what it can reach is bounded by the schema itself.
pub struct OperationLimits {
    pub max_depth: usize,
    pub max_root_fields: usize,
    pub max_aliases: usize,
}

impl ExtensionFactory for OperationLimits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(OperationLimits {
            max_depth: self.max_depth,
            max_root_fields: self.max_root_fields,
            max_aliases: self.max_aliases,
        })
    }
}

#[async_trait::async_trait]
impl Extension for OperationLimits {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let doc = next.run(ctx, query, variables).await?;
        let aliases = count_aliases(&doc);
        if aliases > self.max_aliases {
            return Err(ErrorCode::LimitExceeded.server_error(format!(
                "the operation uses {aliases} aliases; at most {} are allowed",
                self.max_aliases
            )));
        }
        let operations: Vec<&SelectionSet> = match &doc.operations {
            DocumentOperations::Single(op) => vec![&op.node.selection_set.node],
            DocumentOperations::Multiple(ops) => ops.values().map(|op| &op.node.selection_set.node).collect(),
        };
        let mut meter = DepthMeter { doc: &doc, fragments: HashMap::new(), visiting: HashSet::new() };
        for set in &operations {
            let depth = meter.depth(set);
            if depth > self.max_depth {
                return Err(ErrorCode::LimitExceeded.server_error(format!(
                    "the operation nests {depth} levels deep; at most {} are allowed",
                    self.max_depth
                )));
            }
        }
        for set in operations {
            let roots = root_fields(&doc, set, &mut HashSet::new());
            if roots > self.max_root_fields {
                return Err(ErrorCode::LimitExceeded.server_error(format!(
                    "the operation selects {roots} root fields; at most {} are allowed",
                    self.max_root_fields
                )));
            }
        }
        Ok(doc)
    }
}

/// Aliases as executed: a fragment counts once per place it is spread, so reusing one
/// cannot multiply aliased fields past the cap. Each fragment's own count is worked out
/// once (memoised), and a cycle (invalid, but parsing comes before validation) counts 0.
struct AliasCounter<'a> {
    doc: &'a ExecutableDocument,
    fragments: HashMap<&'a str, usize>,
    visiting: HashSet<&'a str>,
}

impl<'a> AliasCounter<'a> {
    fn count(&mut self, set: &'a SelectionSet) -> usize {
        set.items.iter().fold(0usize, |total, item| {
            let here = match &item.node {
                Selection::Field(f) => {
                    usize::from(f.node.alias.is_some()).saturating_add(self.count(&f.node.selection_set.node))
                }
                Selection::InlineFragment(f) => self.count(&f.node.selection_set.node),
                Selection::FragmentSpread(spread) => self.fragment(spread.node.fragment_name.node.as_str()),
            };
            total.saturating_add(here)
        })
    }

    fn fragment(&mut self, name: &'a str) -> usize {
        if let Some(known) = self.fragments.get(name) {
            return *known;
        }
        let Some((key, fragment)) = self.doc.fragments.get_key_value(name) else { return 0 };
        if !self.visiting.insert(key.as_str()) {
            return 0;
        }
        let counted = self.count(&fragment.node.selection_set.node);
        self.visiting.remove(key.as_str());
        self.fragments.insert(key.as_str(), counted);
        counted
    }
}

/// How deep a selection nests, fragments expanded, introspection fields left out. Each
/// fragment's depth is worked out once, so the walk is linear in the document's size; a
/// cycle (invalid, but parsing comes before validation) counts 0.
struct DepthMeter<'a> {
    doc: &'a ExecutableDocument,
    fragments: HashMap<&'a str, usize>,
    visiting: HashSet<&'a str>,
}

impl<'a> DepthMeter<'a> {
    fn depth(&mut self, set: &'a SelectionSet) -> usize {
        set.items
            .iter()
            .map(|item| match &item.node {
                Selection::Field(f) if f.node.name.node.starts_with("__") => 0,
                Selection::Field(f) => 1 + self.depth(&f.node.selection_set.node),
                Selection::InlineFragment(f) => self.depth(&f.node.selection_set.node),
                Selection::FragmentSpread(spread) => self.fragment(spread.node.fragment_name.node.as_str()),
            })
            .max()
            .unwrap_or(0)
    }

    fn fragment(&mut self, name: &'a str) -> usize {
        if let Some(known) = self.fragments.get(name) {
            return *known;
        }
        let Some((key, fragment)) = self.doc.fragments.get_key_value(name) else { return 0 };
        if !self.visiting.insert(key.as_str()) {
            return 0;
        }
        let depth = self.depth(&fragment.node.selection_set.node);
        self.visiting.remove(key.as_str());
        self.fragments.insert(key.as_str(), depth);
        depth
    }
}

fn count_aliases(doc: &ExecutableDocument) -> usize {
    let mut counter = AliasCounter { doc, fragments: HashMap::new(), visiting: HashSet::new() };
    match &doc.operations {
        DocumentOperations::Single(op) => counter.count(&op.node.selection_set.node),
        DocumentOperations::Multiple(ops) => {
            ops.values().fold(0, |total, op| total.saturating_add(counter.count(&op.node.selection_set.node)))
        }
    }
}

fn root_fields<'a>(doc: &'a ExecutableDocument, set: &'a SelectionSet, seen: &mut HashSet<&'a str>) -> usize {
    set.items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(_) => 1,
            Selection::InlineFragment(f) => root_fields(doc, &f.node.selection_set.node, seen),
            Selection::FragmentSpread(spread) => {
                let name = spread.node.fragment_name.node.as_str();
                match doc.fragments.get(name) {
                    Some(fragment) if seen.insert(name) => root_fields(doc, &fragment.node.selection_set.node, seen),
                    _ => 0,
                }
            }
        })
        .sum()
}
