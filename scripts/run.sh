#!/usr/bin/env bash
# The run command: installs what is missing, starts the private database (unless DATABASE_URL is
# set), migrates, loads demo data, builds and serves on http://127.0.0.1:3000.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
DATA="${MINISTORE_DATA:-$ROOT/.data}"
PG_PORT="${MINISTORE_PG_PORT:-54329}"
export MINISTORE_ADDR="${MINISTORE_ADDR:-127.0.0.1:3000}"
TOOLBIN=$(scripts/tools.sh build | tail -n1)
export PATH="$HOME/.cargo/bin:$TOOLBIN:$PATH"

own_db=0
if [ -z "${DATABASE_URL:-}" ]; then
  scripts/pg.sh start "$DATA/pg" "$PG_PORT" durable
  export DATABASE_URL="postgres://ministore@127.0.0.1:$PG_PORT/ministore"
  own_db=1
fi
stop_db() { [ "$own_db" = 1 ] && scripts/pg.sh stop "$DATA/pg" || true; }
trap stop_db EXIT

echo "[run] building (release)…" >&2
cargo leptos build --release --split

TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
cat <<INFO

  Ministore — http://${MINISTORE_ADDR}   (mini-programs run on the sandbox origin ${MINISTORE_SANDBOX_ORIGIN:-http://localhost:3002})
  Host API demo credential (demo only): Authorization: Bearer ha_demo.demo-secret-not-for-production
  Demo accounts (demo only):
    consumer@ministore.test   ministore-consumer
    developer@ministore.test  ministore-developer
    operator@ministore.test   ministore-operator
    admin@ministore.test      ministore-admin
  Ctrl-C stops the server and the database.

INFO
export LEPTOS_OUTPUT_NAME=ministore LEPTOS_SITE_ROOT="$ROOT/target/site" LEPTOS_SITE_PKG_DIR=pkg
export LEPTOS_SITE_ADDR="$MINISTORE_ADDR" LEPTOS_ENV=PROD MINISTORE_DEMO="${MINISTORE_DEMO:-1}"
export MINISTORE_BLOB_DIR="${MINISTORE_BLOB_DIR:-$DATA/blobs}"
"$TARGET_DIR/release/server" &
server=$!
trap 'kill -INT $server 2>/dev/null; wait $server 2>/dev/null; stop_db' INT TERM
wait $server || true
