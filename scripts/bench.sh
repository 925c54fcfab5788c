#!/usr/bin/env bash
# The benchmark: starts Postroom and a bare axum JSON handler, loads both with
# 64 keep-alive connections on loopback, and prints requests/second, p50/p99
# and each figure's ratio to the bare handler. Arguments go to postroom-bench
# (see `postroom-bench --help`: --duration, --connections, --only ...).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
source scripts/env.sh
cargo build --locked --release --package=server --bin=postroom --package=bench --bin=postroom-bench
exec "$CARGO_TARGET_DIR/release/postroom-bench" --postroom "$CARGO_TARGET_DIR/release/postroom" "$@"
