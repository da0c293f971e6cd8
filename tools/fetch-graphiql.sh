#!/usr/bin/env bash
# Refreshes the GraphiQL page's assets in api/assets/graphiql from the npm registry, at the
# pinned versions below, checking each package's published integrity. The assets are
# committed so the page works offline and the build needs no network.
set -euo pipefail
cd "$(dirname "$0")/.."
out=api/assets/graphiql
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fetch() { # name version integrity
  local tgz
  tgz=$(cd "$work" && npm pack --silent "$1@$2")
  local got
  got="sha512-$(openssl dgst -sha512 -binary "$work/$tgz" | base64 -w0)"
  [ "$got" = "$3" ] || { echo "integrity mismatch for $1@$2" >&2; exit 1; }
  mkdir -p "$work/$1" && tar xzf "$work/$tgz" -C "$work/$1"
}

fetch graphiql 3.8.3 sha512-cuPDYtXVKV86Pu5PHBX642Odi/uVEE2y1Jxq5rGO/Qy1G2lRp7ZZ7a/T30RzxhuLSWo9zUbzq0P3U49//H0Ugw==
fetch react 18.3.1 sha512-wS+hAgJShR0KhEvPJArfuPVN1+Hz1t0Y6n5jLrGQbkb4urgPE/0Rve+1kMB1v/oWgHgm4WIcV+i7F2pTVj+2iQ==
fetch react-dom 18.3.1 sha512-5m4nQKp+rZRb09LNH59GM4BxTh9251/ylbKIbpe7TpGxfJ+9kv6BLkLBXIjjspbgbnIBNqlI23tRnTWT0snUIw==

cp "$work/react/package/umd/react.production.min.js" "$work/react-dom/package/umd/react-dom.production.min.js" "$out/"
# Source maps are not shipped; their comments would only point at missing files.
sed '/^\/\/# sourceMappingURL=/d' "$work/graphiql/package/graphiql.min.js" > "$out/graphiql.min.js"
sed 's#/\*\# sourceMappingURL=[^*]*\*/##' "$work/graphiql/package/graphiql.min.css" > "$out/graphiql.min.css"
{
  echo "GraphiQL 3.8.3, React 18.3.1 and ReactDOM 18.3.1, as published on the npm registry."
  echo
  for p in graphiql react react-dom; do echo "== $p =="; cat "$work/$p/package/LICENSE"; echo; done
} > "$out/LICENSES.txt"
echo "assets refreshed in $out"
