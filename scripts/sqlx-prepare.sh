#!/usr/bin/env bash
# Regenerates .sqlx/ (the checked queries' data, committed so a build needs no database) after a
# query or a migration changed: migrates a throwaway database, then `cargo sqlx prepare`.
# For day-to-day work against that database instead: SQLX_OFFLINE=false DATABASE_URL=… cargo check
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"
scripts/tools.sh build >/dev/null
PG_PORT="${MINISTORE_PREPARE_PG_PORT:-54359}"
PGDIR=$(mktemp -d /tmp/ministore-prepare-XXXXXX)
trap 'scripts/pg.sh stop "$PGDIR" || true; rm -rf "$PGDIR"' EXIT
scripts/pg.sh start "$PGDIR" "$PG_PORT" throwaway
export DATABASE_URL="postgres://ministore@127.0.0.1:$PG_PORT/ministore"
cargo sqlx migrate run --source migrations
cargo sqlx prepare --workspace -- -p server --all-targets
echo "[sqlx] .sqlx/ regenerated: commit it with the queries" >&2
