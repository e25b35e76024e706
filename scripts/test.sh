#!/usr/bin/env bash
# The test command: format, clippy, unit, database and HTTP tests (on a throwaway private
# PostgreSQL), then Playwright end-to-end tests in Debian's Chromium against a freshly started
# server and database; last, a check that the committed query data (.sqlx/) matches the queries
# and the migrations. Exits non-zero on the first failure.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
TOOLBIN=$(scripts/tools.sh all | tail -n1)
export PATH="$HOME/.cargo/bin:$TOOLBIN:$PATH"
step() { printf '\n\033[1;32m==> %s\033[0m\n' "$1"; shift; "$@"; }

step "format (rustfmt)" cargo fmt --all -- --check
step "format (leptosfmt, the view! macros)" leptosfmt --check --quiet app/src frontend/src
step "clippy (server, engines, packages)" cargo clippy -p server -p ministore-rules -p ministore-package -p ministore-search --all-targets -- -D warnings
step "clippy (browser)" cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

PG_PORT="${MINISTORE_TEST_PG_PORT:-54339}"
PGDIR=$(mktemp -d /tmp/ministore-test-XXXXXX)
cleanup() { scripts/pg.sh stop "$PGDIR" || true; rm -rf "$PGDIR"; }
trap cleanup EXIT
trap "exit 130" INT TERM
scripts/pg.sh start "$PGDIR" "$PG_PORT" throwaway
export DATABASE_URL="postgres://ministore@127.0.0.1:$PG_PORT/ministore"

step "unit, database and HTTP tests" cargo test -p ministore-rules -p ministore-package -p app -p server --features app/ssr

step "build for the browser tests" cargo leptos build --split
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
createdb() { /usr/lib/postgresql/*/bin/psql -h 127.0.0.1 -p "$PG_PORT" -U ministore -d postgres -qc "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"; }
createdb ministore_e2e
export E2E_DATABASE_URL="postgres://ministore@127.0.0.1:$PG_PORT/ministore_e2e"
export E2E_SERVER_BIN="$TARGET_DIR/debug/server" E2E_SITE_ROOT="$ROOT/target/site" E2E_BLOB_DIR="$PGDIR/blobs"
step "end-to-end tests (Playwright, Debian's Chromium)" bash -c 'cd end2end && npx playwright test'

# The checked queries were compiled from .sqlx/ (SQLX_OFFLINE, .cargo/config.toml); here they are
# compiled again against a database migrated from migrations/, and must give the same data.
createdb ministore_schema
export DATABASE_URL="postgres://ministore@127.0.0.1:$PG_PORT/ministore_schema"
step "migrations apply to an empty database" cargo sqlx migrate run --source migrations
step ".sqlx is in step with the queries and migrations" cargo sqlx prepare --workspace --check -- -p server --all-targets
echo
echo "All tests passed."
