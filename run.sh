#!/usr/bin/env bash
# Runs Postroom: installs what is missing, builds the portal and the server,
# and serves on http://127.0.0.1:3000 with SQLite in ./data. Extra arguments go
# to `postroom serve` (see `postroom serve --help`).
set -euo pipefail
cd "$(dirname "$0")"
scripts/install.sh
source scripts/env.sh
scripts/build-site.sh
exec "$CARGO_TARGET_DIR/release/postroom" serve --data ./data --site-root "$POSTROOM_SITE_ROOT" "$@"
