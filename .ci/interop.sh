#!/usr/bin/env bash
# Interoperability check: cytoarrow writes Arrow IPC, Parquet and CSV; independent clients read them back
# (JavaScript apache-arrow for the IPC file, DuckDB for Parquet and CSV) and compare row counts, column names,
# raw min/max/mean with `cytoarrow info --json`, and the scaled outputs with each other. Inputs: a small FCS file
# written by an independent generator (interop/make-fcs.mjs, with its own ground truth), plus real files from
# ../shared/testdata when present.
#
# Builds nothing: uses cli/target/cytoarrow.jar from the preceding `./mvnw -B verify`. Skips (exit 0) with a
# message when node/npm are missing or the npm registry cannot be reached.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$(pwd)"

jar="$repo/cli/target/cytoarrow.jar"
if [ ! -f "$jar" ]; then
  echo "interop: $jar is missing; run ./mvnw -B verify first" >&2
  exit 1
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "interop: SKIPPED: node and npm are needed (not found on PATH)"
  exit 0
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 18 ]; then
  echo "interop: SKIPPED: node >= 18 needed, found $(node --version)"
  exit 0
fi

# npm packages (versions pinned in interop/package-lock.json) go to interop/node_modules; reinstalled only when
# the lock file changed.
lock_sum="$(sha256sum interop/package-lock.json | cut -d' ' -f1)"
stamp="interop/node_modules/.cytoarrow-lock-sha256"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  echo "interop: installing pinned npm packages (apache-arrow, @duckdb/node-api)..."
  if ! (cd interop && timeout 300 npm ci --prefer-offline --no-audit --no-fund --loglevel=error --fetch-retries=1 --fetch-timeout=30000); then
    echo "interop: SKIPPED: npm ci failed (registry unreachable?); Arrow/Parquet/CSV interop not checked"
    exit 0
  fi
  echo "$lock_sum" > "$stamp"
fi

java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java"
flags=(--add-opens=java.base/java.nio=ALL-UNNAMED)
major="$("$java_cmd" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1)"
if [ "${major%%.*}" -ge 24 ] 2>/dev/null; then
  flags+=(--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED)
fi
cytoarrow() { "$java_cmd" "${flags[@]}" -jar "$jar" "$@"; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

convert_all() { # NAME FCS-FILE
  local name="$1" fcs="$2"
  cytoarrow info --json "$fcs" > "$work/$name.info.json"
  for values in raw scaled; do
    for ext in arrow parquet csv; do
      cytoarrow convert "$fcs" -o "$work/$name.$values.$ext" --values "$values" > /dev/null
    done
  done
}

names=(generated)
node interop/make-fcs.mjs "$work/generated.fcs" "$work/generated.expected.json"
convert_all generated "$work/generated.fcs"

testdata="$repo/../shared/testdata"
if [ -d "$testdata" ]; then
  convert_all data1 "$testdata/gatingml/data1.fcs"
  convert_all diva "$testdata/fcs/bd-diva/facs_diva_test.fcs"
  names+=(data1 diva)
else
  echo "interop: ../shared/testdata not found: checking the generated file only"
fi

node interop/check.mjs "$work" "${names[@]}"
