// Runs every operation in flows.graphql against a live server, writes each result into
// Apollo Client's InMemoryCache (default dataIdFromObject: __typename + id) and checks that
// (a) every object with an id normalises, (b) no two different objects share a cache key,
// (c) reading each query back from the cache gives the server's data.
// Usage: node check-cache.mjs <graphql url> <session token> '<variables JSON>'
import { InMemoryCache } from "@apollo/client/cache/index.js";
import { isDeepStrictEqual } from "node:util";
import { readFileSync } from "node:fs";
import { parse, print } from "graphql";

const [url, token, varsJson = "{}"] = process.argv.slice(2);
if (!url || !token) {
  console.error("usage: node check-cache.mjs <url> <token> [variables JSON]");
  process.exit(2);
}
const given = JSON.parse(varsJson);
const failures = [];
const fail = (message) => failures.push(message);

// Apollo reports lost data (an object it could not normalise overwritten by another) as a
// warning; that is exactly the failure this check is for.
for (const level of ["warn", "error"]) {
  const original = console[level];
  console[level] = (...args) => {
    fail(`apollo ${level}: ${args.map(String).join(" ")}`);
    original(...args);
  };
}

const cache = new InMemoryCache();
const source = readFileSync(new URL("./flows.graphql", import.meta.url), "utf8");
const operations = parse(source).definitions.filter((d) => d.kind === "OperationDefinition");

async function run(document, variables) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: print(document), variables }),
  });
  return response.json();
}

// Every object with an id, by its cache key, with the scalar values seen for it.
const seen = new Map();
function walk(value, path, where) {
  if (Array.isArray(value)) return value.forEach((item, i) => walk(item, `${path}.${i}`, where));
  if (value === null || typeof value !== "object") return;
  if ("id" in value) {
    const key = cache.identify(value);
    if (!key) {
      fail(`${where} ${path}: ${value.__typename} has an id but does not normalise`);
    } else {
      const known = seen.get(key) ?? new Map();
      for (const [field, v] of Object.entries(value)) {
        if (v !== null && typeof v === "object") continue;
        const before = known.get(field);
        if (before && !isDeepStrictEqual(before.value, v)) {
          fail(`${key}.${field} collides: ${JSON.stringify(before.value)} at ${before.where}, ${JSON.stringify(v)} at ${where} ${path}`);
        }
        known.set(field, { value: v, where: `${where} ${path}` });
      }
      seen.set(key, known);
    }
  }
  for (const [field, v] of Object.entries(value)) walk(v, `${path}.${field}`, where);
}

const results = [];
for (const operation of operations) {
  const name = operation.name?.value ?? "anonymous";
  const document = cache.transformDocument({ kind: "Document", definitions: [operation] });
  const variables = Object.fromEntries(
    (operation.variableDefinitions ?? []).map((v) => [v.variable.name.value, given[v.variable.name.value]]),
  );
  const response = await run(document, variables);
  if (response.errors || !response.data) {
    fail(`${name}: the server answered ${JSON.stringify(response.errors ?? response)}`);
    continue;
  }
  walk(response.data, "data", name);
  cache.writeQuery({ query: document, variables, data: response.data });
  results.push({ name, document, variables, data: response.data });
}

// Read back only after every write: a later query must not corrupt an earlier one.
for (const { name, document, variables, data } of results) {
  const read = cache.readQuery({ query: document, variables });
  if (!isDeepStrictEqual(read, data)) {
    fail(`${name}: the cache reads back ${JSON.stringify(read)}\n  but the server sent ${JSON.stringify(data)}`);
  }
}

const objects = Object.keys(cache.extract()).filter((k) => k !== "ROOT_QUERY").length;
if (results.length === 0) fail("no operation ran");
if (objects === 0) fail("nothing normalised: no object with an id came back");
for (const f of failures) console.log(`FAIL ${f}`);
console.log(`${results.length} operations, ${objects} normalised objects, ${failures.length} problems`);
process.exit(failures.length === 0 ? 0 : 1);
