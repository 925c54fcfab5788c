#!/usr/bin/env bash
# Builds the portal (wasm, bindgen, wasm-opt, CSS, assets) into $POSTROOM_SITE_ROOT
# and the release server binary, without cargo-leptos (same steps, no downloads).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
NAME=postroom
PKG="$POSTROOM_SITE_ROOT/pkg"

cargo build --locked --package=frontend --lib --target=wasm32-unknown-unknown --profile=wasm-release
rm -rf "$PKG"; mkdir -p "$PKG"
wasm-bindgen --target web --no-typescript --out-dir "$PKG" --out-name "$NAME" \
    "$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/frontend.wasm"
mv "$PKG/${NAME}_bg.wasm" "$PKG/$NAME.wasm"   # <HydrationScripts/> loads /pkg/$NAME.wasm
if [ "${SKIP_WASM_OPT:-0}" != 1 ]; then
    # npm's binaryen (end2end/node_modules/.bin first on PATH), never Debian's 108.
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int "$PKG/$NAME.wasm" -o "$PKG/$NAME.wasm"
fi
cp style/main.css "$PKG/$NAME.css"
cp -r public/. "$POSTROOM_SITE_ROOT/"
cargo build --locked --release --package=server --bin=postroom
echo "built: $CARGO_TARGET_DIR/release/postroom and the site in $POSTROOM_SITE_ROOT"
