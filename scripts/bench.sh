#!/usr/bin/env bash
# Benchmarks (results as JSON in bench-results/bench.json):
#   - SSR throughput and latency of the storefront home page (wrk on loopback, release build)
#   - the storefront wasm bundle: raw, gzip and brotli sizes
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

cargo leptos build --release
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')

PGDIR=$(mktemp -d /tmp/ministore-bench-XXXXXX)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; scripts/pg.sh stop "$PGDIR" || true; rm -rf "$PGDIR"; }
trap cleanup EXIT
scripts/pg.sh start "$PGDIR" "$PG_PORT" throwaway
DATABASE_URL="postgres://ministore@127.0.0.1:$PG_PORT/ministore" MINISTORE_DEMO=1 MINISTORE_ADDR="127.0.0.1:$PORT" \
  LEPTOS_OUTPUT_NAME=ministore LEPTOS_SITE_ROOT="$ROOT/target/site" LEPTOS_SITE_PKG_DIR=pkg LEPTOS_ENV=PROD RUST_LOG=warn \
  "$TARGET_DIR/release/server" &
server=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

# wrk prints latency percentiles with --latency; parse them into JSON.
run_wrk() { # name url
  wrk -t2 -c32 -d"${DURATION}s" --latency "$2" > "$OUT/$1.wrk.txt"
  python3 - "$1" "$OUT/$1.wrk.txt" <<'PY'
import json, re, sys
name, path = sys.argv[1], sys.argv[2]
t = open(path).read()
def ms(v):
    n, u = re.match(r"([\d.]+)(us|ms|s)", v).groups()
    return float(n) * {"us": 0.001, "ms": 1, "s": 1000}[u]
lat = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", t, re.M))
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
errs = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
print(json.dumps({"name": name, "requests_per_sec": rps, "latency_ms": {"p50": ms(lat["50"]), "p99": ms(lat["99"])},
                  "non_2xx": int(errs.group(1)) if errs else 0}))
PY
}
home=$(run_wrk storefront_home "http://127.0.0.1:$PORT/")

wasm=$(ls "$ROOT"/target/site/pkg/*.wasm | head -n1)
raw=$(stat -c %s "$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
br=$(brotli -c -q 11 "$wasm" | wc -c)

python3 - "$home" "$raw" "$gz" "$br" "$DURATION" > "$OUT/bench.json" <<'PY'
import json, sys, datetime
home, raw, gz, br, dur = json.loads(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
print(json.dumps({
  "measured_at": datetime.datetime.utcnow().isoformat() + "Z",
  "machine": {"cores": __import__("os").cpu_count()},
  "load": {"tool": "wrk", "threads": 2, "connections": 32, "seconds": dur},
  "storefront_home_ssr": home,
  "storefront_wasm_bytes": {"raw": raw, "gzip": gz, "brotli": br},
}, indent=2))
PY
cat "$OUT/bench.json"
