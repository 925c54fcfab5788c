#!/usr/bin/env bash
# Installs what building and testing Postroom needs, when it is missing, from
# the package registries only (Debian, crates.io, npm). Idempotent: a second run
# checks versions and does nothing.
#   scripts/install.sh          build tools (wasm target, wasm-bindgen CLI, npm packages)
#   scripts/install.sh --test   also Chromium, PostgreSQL 15 and Dovecot for the test suite
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
want_test=${1:-}

apt_install() {
    local missing=()
    for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "installing Debian packages: ${missing[*]}"
    local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    # Not Debian's binaryen: its wasm-opt 108 breaks hydration (npm's is used).
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

apt_install pkg-config
if [ "$want_test" = "--test" ]; then
    apt_install chromium postgresql-15 dovecot-core dovecot-imapd
fi

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

# The wasm-bindgen CLI must be exactly the version in Cargo.lock.
wb=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/"/,"",$3); print $3; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wb" ]; then
    echo "installing wasm-bindgen-cli $wb (a few minutes)"
    # No --locked: its lock pins a webpki-roots the registry mirror lacks; its own
    # crates are =-pinned, so the bindgen schema is exactly $wb.
    cargo install wasm-bindgen-cli --version "$wb" --quiet
fi

# npm: Playwright's runner and binaryen's wasm-opt (no browser download).
if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ ! -x end2end/node_modules/.bin/playwright ] \
    || ! cmp -s end2end/package-lock.json end2end/node_modules/.package-lock.json.copy 2>/dev/null; then
    (cd end2end && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.package-lock.json.copy)
fi
