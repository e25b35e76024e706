#!/usr/bin/env bash
# Benchmarks (results as JSON in bench-results/bench.json):
#   - SSR throughput and latency of the storefront home page (wrk on loopback, release build)
#   - the storefront wasm bundle: raw, gzip and brotli sizes
#   - resolve (the host API's hot path: random user ids against the demo's running grayscale
#     plan) vs nginx serving a static JSON file of the same size, in the same run
#   - package download vs nginx serving the same zip
#   - search: a synthetic catalogue of 100,000 listings (English and Chinese) in its own
#     database; index build time and memory; suggest and search-with-facets over a fixed set of
#     200 queries through the host API, against PostgreSQL full-text search (tsvector + GIN)
#     and pg_trgm (GIN) on the same rows (pgbench), with the relevance of both
#   - analytics: events ingested through POST /api/v1/events for 60 s in batches of 1000 (count
#     in = count stored, retries counted once), and the overview's queries over 10 million
#     events in rollups (server/examples/analytics_bench.rs)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
TOOLBIN=$(scripts/tools.sh bench | tail -n1)
export PATH="$HOME/.cargo/bin:$TOOLBIN:$PATH"
OUT="$ROOT/bench-results"
mkdir -p "$OUT"
DURATION="${BENCH_DURATION:-10}"
PG_PORT="${MINISTORE_BENCH_PG_PORT:-54349}"
PORT="${MINISTORE_BENCH_PORT:-3200}"

cargo leptos build --release --split
cargo build --release -p server --example analytics_bench
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')

PGDIR=$(mktemp -d /tmp/ministore-bench-XXXXXX)
server=""
nginx_pid=""
search_server=""
cleanup() {
  # Each step may find its process gone already: none may stop the rest of the cleanup.
  for pid in "$server" "$search_server" "$nginx_pid"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  scripts/pg.sh stop "$PGDIR" || true
  rm -rf "$PGDIR"
}
trap cleanup EXIT
scripts/pg.sh start "$PGDIR" "$PG_PORT" throwaway
DATABASE_URL="postgres://ministore@127.0.0.1:$PG_PORT/ministore" MINISTORE_DEMO=1 MINISTORE_ADDR="127.0.0.1:$PORT" MINISTORE_SANDBOX_ADDR="127.0.0.1:$((PORT + 2))" MINISTORE_BLOB_DIR="$PGDIR/blobs" \
  LEPTOS_OUTPUT_NAME=ministore LEPTOS_SITE_ROOT="$ROOT/target/site" LEPTOS_SITE_PKG_DIR=pkg LEPTOS_ENV=PROD RUST_LOG=warn \
  "$TARGET_DIR/release/server" &
server=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

# wrk prints latency percentiles with --latency; parse them into JSON.
run_wrk() { # name url [extra wrk args...]
  local name="$1" url="$2"; shift 2
  wrk -t2 -c"${WRK_CONNECTIONS:-32}" -d"${DURATION}s" --latency "$@" "$url" > "$OUT/$name.wrk.txt"
  python3 - "$name" "$OUT/$name.wrk.txt" <<'PY'
import json, re, sys
name, path = sys.argv[1], sys.argv[2]
t = open(path).read()
def ms(v):
    n, u = re.match(r"([\d.]+)(us|ms|s)", v).groups()
    return float(n) * {"us": 0.001, "ms": 1, "s": 1000}[u]
lat = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", t, re.M))
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
tr = re.search(r"Transfer/sec:\s+([\d.]+)(B|KB|MB|GB)", t)
mbps = float(tr.group(1)) * {"B": 1e-6, "KB": 1e-3, "MB": 1, "GB": 1e3}[tr.group(2)] if tr else 0
errs = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
print(json.dumps({"name": name, "requests_per_sec": rps, "transfer_mb_per_sec": mbps, "latency_ms": {"p50": ms(lat["50"]), "p99": ms(lat["99"])},
                  "non_2xx": int(errs.group(1)) if errs else 0}))
PY
}
home=$(run_wrk storefront_home "http://127.0.0.1:$PORT/")

# nginx from Debian, serving the same bytes as the endpoints under test.
AUTH="Authorization: Bearer ha_demo.demo-secret-not-for-production"
NGINX_PORT="${MINISTORE_BENCH_NGINX_PORT:-3210}"
STATIC="$PGDIR/static"
mkdir -p "$STATIC"
curl -sf -H "$AUTH" "http://127.0.0.1:$PORT/api/v1/miniprograms/mp_calculator/resolve?user_id=bench-user&platform=ios" > "$STATIC/resolve.json"
sha=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sha256"])' "$STATIC/resolve.json")
curl -sf "http://127.0.0.1:$PORT/packages/$sha.zip" > "$STATIC/package.zip"
chmod -R a+rX "$PGDIR"
cat > "$PGDIR/nginx.conf" <<NGINX
worker_processes auto;
daemon off;
pid $PGDIR/nginx.pid;
error_log stderr warn;
$( [ "$(id -u)" = 0 ] && echo "user root;" )
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  sendfile on;
  types { application/json json; application/zip zip; }
  server { listen 127.0.0.1:$NGINX_PORT; root $STATIC; }
}
NGINX
nginx -c "$PGDIR/nginx.conf" -p "$PGDIR" &
nginx_pid=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$NGINX_PORT/resolve.json" >/dev/null && break; sleep 0.1; done

# Resolve with a different (random) user id per request, so the plan is evaluated each time.
cat > "$PGDIR/resolve.lua" <<'LUA'
wrk.headers["Authorization"] = "Bearer ha_demo.demo-secret-not-for-production"
math.randomseed(42)
request = function()
  return wrk.format("GET", "/api/v1/miniprograms/mp_calculator/resolve?user_id=u" .. math.random(1, 10000000) .. "&platform=ios")
end
LUA
resolve=$(run_wrk resolve "http://127.0.0.1:$PORT" -s "$PGDIR/resolve.lua")
resolve_nginx=$(run_wrk resolve_nginx "http://127.0.0.1:$NGINX_PORT/resolve.json")
package=$(run_wrk package "http://127.0.0.1:$PORT/packages/$sha.zip")
package_nginx=$(run_wrk package_nginx "http://127.0.0.1:$NGINX_PORT/package.zip")
resolve_bytes=$(stat -c %s "$STATIC/resolve.json")
package_bytes=$(stat -c %s "$STATIC/package.zip")

# Search on 100k listings, in a database of its own, against PostgreSQL's own search.
SEARCH_PORT=$((PORT + 20))  # PORT + 10 is nginx's
SB="$PGDIR/search"
mkdir -p "$SB"
python3 scripts/bench_search.py generate "$SB" > "$SB/generated.json"
BENCH_DB="postgres://ministore@127.0.0.1:$PG_PORT/ministore_search_bench"
psql -q "postgres://ministore@127.0.0.1:$PG_PORT/ministore" -c "CREATE DATABASE ministore_search_bench"
start_search_server() {
  DATABASE_URL="$BENCH_DB" MINISTORE_ADDR="127.0.0.1:$SEARCH_PORT" MINISTORE_SANDBOX_ADDR="127.0.0.1:$((SEARCH_PORT + 2))" \
    MINISTORE_BLOB_DIR="$PGDIR/blobs-search" LEPTOS_OUTPUT_NAME=ministore LEPTOS_SITE_ROOT="$ROOT/target/site" \
    LEPTOS_SITE_PKG_DIR=pkg LEPTOS_ENV=PROD RUST_LOG="warn,app::server::search=info" \
    "$TARGET_DIR/release/server" > "$SB/server.log" 2>&1 &
  search_server=$!
}
# First start: migrations only; then the catalogue is loaded and the server started again, so
# its start-up builds the index from 100k rows.
start_search_server
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$SEARCH_PORT/readyz" >/dev/null && break; sleep 0.2; done
kill "$search_server"; wait "$search_server" 2>/dev/null || true
load_started=$(date +%s.%N)
psql -q -v ON_ERROR_STOP=1 "$BENCH_DB" -f "$SB/load.sql" > /dev/null
psql -q -v ON_ERROR_STOP=1 "$BENCH_DB" -f "$SB/queries.sql" > /dev/null
load_seconds=$(python3 -c "import time,sys; print(round(time.time() - float(sys.argv[1]), 1))" "$load_started")
start_search_server
for _ in $(seq 1 1500); do curl -sf "http://127.0.0.1:$SEARCH_PORT/readyz" >/dev/null && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$SEARCH_PORT/readyz" > "$SB/readyz.json"
# (The log is coloured: its escapes are taken out first.)
build_ms=$(sed 's/\x1b\[[0-9;]*m//g' "$SB/server.log" | sed -n 's/.*search index built.* ms=\([0-9]*\).*/\1/p' | tail -n1)
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$search_server/status")
cat > "$SB/urls.lua" <<'LUA'
wrk.headers["Authorization"] = "Bearer ha_bench.bench-secret"
local urls = {}
for line in io.lines(os.getenv("BENCH_URLS")) do urls[#urls + 1] = line end
local i = 0
request = function()
  i = i % #urls + 1
  return wrk.format("GET", urls[i])
end
LUA
# Throughput with 32 connections (requests queue behind 2 cores, so their latency is mostly
# waiting); latency as one request at a time sees it, with 2 connections (one per core).
suggest=$(BENCH_URLS="$SB/suggest.urls" run_wrk search_suggest "http://127.0.0.1:$SEARCH_PORT" -s "$SB/urls.lua")
search=$(BENCH_URLS="$SB/search.urls" run_wrk search_facets "http://127.0.0.1:$SEARCH_PORT" -s "$SB/urls.lua")
suggest_lat=$(WRK_CONNECTIONS=2 BENCH_URLS="$SB/suggest.urls" run_wrk search_suggest_c2 "http://127.0.0.1:$SEARCH_PORT" -s "$SB/urls.lua")
search_lat=$(WRK_CONNECTIONS=2 BENCH_URLS="$SB/search.urls" run_wrk search_facets_c2 "http://127.0.0.1:$SEARCH_PORT" -s "$SB/urls.lua")
relevance=$(python3 scripts/bench_search.py relevance "$SB" "http://127.0.0.1:$SEARCH_PORT" "Bearer ha_bench.bench-secret" "$BENCH_DB")
kill "$search_server"; wait "$search_server" 2>/dev/null || true
# PostgreSQL's search, same queries, same load shape (32 clients), prepared statements.
{ echo '\set r random(1, 200)'; python3 scripts/bench_search.py pg-query; echo ';'; } > "$SB/pg.sql"
(cd "$SB" && pgbench -n -c 32 -j 2 -T "$DURATION" -M prepared -f pg.sql --log --log-prefix=pglog "$BENCH_DB" > pgbench.txt 2>&1)
pg=$(python3 - "$SB" <<'PY'
import glob, json, re, sys
d = sys.argv[1]
t = open(f"{d}/pgbench.txt").read()
tps = float(re.search(r"tps = ([\d.]+)", t).group(1))
lat = sorted(int(l.split()[2]) for f in glob.glob(f"{d}/pglog*") for l in open(f) if l.strip())
pct = lambda p: round(lat[min(len(lat) - 1, int(len(lat) * p))] / 1000, 2) if lat else None
print(json.dumps({"name": "postgresql_fts_trgm", "queries_per_sec": tps, "latency_ms": {"p50": pct(0.5), "p99": pct(0.99)}}))
PY
)
python3 - "$SB" "$build_ms" "$rss_kb" "$load_seconds" "$suggest" "$search" "$pg" "$relevance" "$suggest_lat" "$search_lat" > "$OUT/search.json" <<'PY'
import json, sys
d, build_ms, rss_kb, load_s = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
suggest, search, pg, rel, suggest_lat, search_lat = (json.loads(a) for a in sys.argv[5:11])
gen = json.load(open(f"{d}/generated.json"))
ready = json.load(open(f"{d}/readyz.json"))
print(json.dumps({
  "documents": gen["documents"], "queries": gen["queries"], "database_load_seconds": float(load_s),
  "index_build_ms": int(build_ms) if build_ms else None,
  "server_rss_mb_after_build": round(int(rss_kb) / 1024, 1), "indexed": ready["search"]["documents"],
  "suggest": suggest, "search_with_facets": search, "postgresql_same_queries": pg,
  "latency_2_connections": {"suggest": suggest_lat, "search_with_facets": search_lat},
  "throughput_ratio_search_to_postgresql": round(search["requests_per_sec"] / pg["queries_per_sec"], 2),
  "relevance": rel,
  "targets": {"suggest_p99_ms": 5, "search_p99_ms": 10, "ratio_to_postgresql": 10},
}))
PY


# Analytics: ingest against the demo server (its rollup task running as in production), then
# the charts' queries over 10 million events in a database of their own.
BENCH_BIN="$TARGET_DIR/release/examples/analytics_bench"
DATABASE_URL="postgres://ministore@127.0.0.1:$PG_PORT/ministore" "$BENCH_BIN" ingest "http://127.0.0.1:$PORT" \
  "Bearer ha_demo.demo-secret-not-for-production" "${BENCH_INGEST_SECONDS:-60}" "${BENCH_INGEST_WORKERS:-8}" > "$OUT/ingest.json"
psql -q "postgres://ministore@127.0.0.1:$PG_PORT/ministore" -c "CREATE DATABASE ministore_analytics_bench"
DATABASE_URL="postgres://ministore@127.0.0.1:$PG_PORT/ministore_analytics_bench" "$BENCH_BIN" rollup \
  "${BENCH_ANALYTICS_EVENTS:-10000000}" > "$OUT/rollup.json"

# The storefront's bundle (what every visitor downloads); the portal's and the admin console's
# code is split into lazily loaded files, measured apart.
wasm="$ROOT/target/site/pkg/ministore.wasm"
raw=$(stat -c %s "$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
br=$(brotli -c -q 11 "$wasm" | wc -c)
lazy_files=$(find "$ROOT/target/site/pkg" -name '*.wasm' ! -name ministore.wasm | wc -l)
lazy_raw=$(find "$ROOT/target/site/pkg" -name '*.wasm' ! -name ministore.wasm -printf '%s\n' | awk '{s+=$1} END {print s+0}')
lazy_gz=$(find "$ROOT/target/site/pkg" -name '*.wasm' ! -name ministore.wasm -exec gzip -9 -c {} \; | wc -c)

python3 - "$home" "$raw" "$gz" "$br" "$DURATION" "$resolve" "$resolve_nginx" "$package" "$package_nginx" "$resolve_bytes" "$package_bytes" "$lazy_files" "$lazy_raw" "$lazy_gz" "$OUT/search.json" "$OUT/ingest.json" "$OUT/rollup.json" > "$OUT/bench.json" <<'PY'
import json, sys, datetime
home, raw, gz, br, dur = json.loads(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
resolve, resolve_nginx, package, package_nginx = (json.loads(a) for a in sys.argv[6:10])
resolve_bytes, package_bytes = int(sys.argv[10]), int(sys.argv[11])
lazy_files, lazy_raw, lazy_gz = int(sys.argv[12]), int(sys.argv[13]), int(sys.argv[14])
def ratio(a, b): return round(a["requests_per_sec"] / b["requests_per_sec"], 3) if b["requests_per_sec"] else None
print(json.dumps({
  "measured_at": datetime.datetime.utcnow().isoformat() + "Z",
  "machine": {"cores": __import__("os").cpu_count()},
  "load": {"tool": "wrk", "threads": 2, "connections": 32, "seconds": dur},
  "storefront_home_ssr": home,
  "storefront_wasm_bytes": {"raw": raw, "gzip": gz, "brotli": br},
  "portal_admin_wasm_split_off": {"files": lazy_files, "raw": lazy_raw, "gzip": lazy_gz},
  "resolve": {"ministore": resolve, "nginx_static_same_size": resolve_nginx, "body_bytes": resolve_bytes,
              "ratio_to_nginx": ratio(resolve, resolve_nginx),
              "targets": {"requests_per_sec": 20000, "p99_ms": 5, "ratio_to_nginx": 0.5}},
  "package_download": {"ministore": package, "nginx_same_file": package_nginx, "body_bytes": package_bytes,
                       "ratio_to_nginx": ratio(package, package_nginx), "targets": {"ratio_to_nginx": 0.8}},
  "search_100k": json.load(open(sys.argv[15])),
  "analytics": {"ingest": json.load(open(sys.argv[16])), "rollups_10m_events": json.load(open(sys.argv[17]))},
}, indent=2))
PY
cat "$OUT/bench.json"
