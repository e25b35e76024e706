#!/usr/bin/env bash
# Installs the build and test tools Ministore needs, only where missing. Idempotent.
# Facts behind each step: ../shared/TOOLCHAIN.md (measured on this kind of machine).
#   - wasm32-unknown-unknown target (rustup)
#   - cargo-leptos 0.3.11 (its lockfile needs a one-crate downgrade to build on rustc 1.95)
#   - wasm-bindgen CLI, exactly the version pinned in Cargo.lock
#   - wasm-opt from npm's binaryen 123 (never Debian's v108: it breaks hydration)
#   - sqlx-cli 0.8.6 (postgres only): `cargo sqlx prepare --check` keeps .sqlx/ in step
#   - leptosfmt 0.1.33: the formatter of `view!` macros (rustfmt leaves them alone)
#   - Debian's chromium for Playwright, and the end2end node modules
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TOOLS="${MINISTORE_TOOLS:-$HOME/.cache/ministore/tools}"
mkdir -p "$TOOLS"
export PATH="$HOME/.cargo/bin:$TOOLS/node_modules/.bin:$PATH"
CARGO_LEPTOS_VERSION=0.3.11
SQLX_CLI_VERSION=0.8.6
LEPTOSFMT_VERSION=0.1.33
BINARYEN_VERSION=123.0.0
log() { printf '\033[1;34m[tools]\033[0m %s\n' "$*" >&2; }

want="${1:-all}" # all | build | browser

registry_src() { ls -d "$HOME"/.cargo/registry/src/*/"$1" 2>/dev/null | head -n1 || true; }

# Installs crate $1@$2 from its own lockfile after `cargo update -p $3 --precise $4`.
install_patched() {
  local crate=$1 version=$2 pkg=$3 precise=$4 src tmp
  src=$(registry_src "$crate-$version")
  if [ -z "$src" ]; then
    # A failing --locked install is the quickest way to get the crate source into the registry.
    cargo install --locked "$crate@$version" >/dev/null 2>&1 || true
    src=$(registry_src "$crate-$version")
  fi
  [ -n "$src" ] || { echo "could not fetch the source of $crate $version" >&2; exit 1; }
  tmp=$(mktemp -d)
  cp -r "$src" "$tmp/src"
  (cd "$tmp/src" && cargo update -p "$pkg" --precise "$precise" &&
    cargo install --locked --path . --root "$HOME/.cargo")
  rm -rf "$tmp"
}

build_tools() {
  if ! rustup target list --installed | grep -q wasm32-unknown-unknown; then
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! cargo-leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    log "building cargo-leptos $CARGO_LEPTOS_VERSION (about 12 minutes on 2 cores, once)"
    install_patched cargo-leptos "$CARGO_LEPTOS_VERSION" cargo-util-schemas 0.14.1
  fi
  local wbg
  wbg=$(grep -A1 '^name = "wasm-bindgen"$' "$ROOT/Cargo.lock" | sed -n 's/^version = "\(.*\)"/\1/p')
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$wbg"; then
    log "building wasm-bindgen-cli $wbg (about 2 minutes, once)"
    install_patched wasm-bindgen-cli "$wbg" webpki-roots 1.0.10
  fi
  if ! cargo sqlx --version 2>/dev/null | grep -q "$SQLX_CLI_VERSION"; then
    log "building sqlx-cli $SQLX_CLI_VERSION (a few minutes, once)"
    cargo install --locked "sqlx-cli@$SQLX_CLI_VERSION" --no-default-features --features postgres,rustls --root "$HOME/.cargo" ||
      cargo install "sqlx-cli@$SQLX_CLI_VERSION" --no-default-features --features postgres,rustls --root "$HOME/.cargo"
  fi
  if ! leptosfmt --version 2>/dev/null | grep -q "$LEPTOSFMT_VERSION"; then
    log "building leptosfmt $LEPTOSFMT_VERSION (a few minutes, once)"
    cargo install --locked "leptosfmt@$LEPTOSFMT_VERSION" --root "$HOME/.cargo"
  fi
  if ! wasm-opt --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}"; then
    log "installing wasm-opt (binaryen $BINARYEN_VERSION from npm)"
    npm i --silent --no-save --prefix "$TOOLS" "binaryen@$BINARYEN_VERSION" >/dev/null
  fi
}

apt_install() {
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  fi
}

browser_tools() {
  if [ ! -x /usr/bin/chromium ]; then
    log "installing Debian's chromium"
    apt_install chromium fonts-dejavu-core fonts-noto-color-emoji
  fi
  # Chinese names and descriptions must render as text, not boxes, in screenshots and tests.
  if [ ! -d /usr/share/fonts/opentype/noto ] || ! ls /usr/share/fonts/opentype/noto | grep -q CJK; then
    log "installing a CJK font (Noto Sans CJK)"
    apt_install fonts-noto-cjk
  fi
  if [ ! -d "$ROOT/end2end/node_modules/@playwright/test" ]; then
    log "installing Playwright (no browser download; Debian's chromium is used)"
    (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --silent)
  fi
}

bench_tools() {
  local missing=()
  command -v oha >/dev/null || command -v wrk >/dev/null || missing+=(wrk)
  command -v nginx >/dev/null || missing+=(nginx-light)
  command -v brotli >/dev/null || missing+=(brotli)
  [ ${#missing[@]} -eq 0 ] || { log "installing ${missing[*]}"; apt_install "${missing[@]}"; }
}

case "$want" in
  build) build_tools ;;
  browser) browser_tools ;;
  bench) build_tools; bench_tools ;;
  all) build_tools; browser_tools ;;
esac
echo "$TOOLS/node_modules/.bin"
