#!/usr/bin/env bash
# The server the browser tests run against: a fresh data directory with the
# demo data, the bootstrap admin postmaster, the built site. Started by
# Playwright's webServer (end2end/playwright.config.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
DATA=$(mktemp -d /tmp/postroom-e2e.XXXXXX)
trap 'rm -rf "$DATA"' EXIT
BIN="$CARGO_TARGET_DIR/release/postroom"
"$BIN" demo --data "$DATA" --password "${E2E_PASSWORD:-demo-Pass1}" >/dev/null
POSTROOM_ADMIN_PASSWORD="${E2E_ROOT_PASSWORD:-root-Pass1}" exec "$BIN" serve \
    --listen "127.0.0.1:${E2E_PORT:-3100}" --data "$DATA" --site-root "$POSTROOM_SITE_ROOT"
