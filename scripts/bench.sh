#!/usr/bin/env bash
# The benchmarks (arguments go to postroom-bench; see `postroom-bench --help`):
#   scripts/bench.sh [--duration 8 --connections 64 --only ...]
#       starts Postroom and a bare axum JSON handler, loads both with 64
#       keep-alive connections on loopback, and prints requests/second, p50/p99
#       and each figure's ratio to the bare handler.
#   scripts/bench.sh domains [--count 100000 --samples 200]
#       seeds one company with 100,000 domains through the engine and times
#       search_domains pages, get_domain and change_domain, on SQLite and on a
#       throwaway PostgreSQL cluster (or the one --postgres names).
#   scripts/bench.sh users [--count 1000000 --pg-count 200000 --samples 100]
#       creates a million accounts in one domain through the engine's bulk path
#       (as CSV import) against a bare SQL insert of the same rows, then times
#       search_users pages, get_user, change_user, and BCRYPT-10 creation
#       against bare bcrypt; SQLite, then PostgreSQL as above. With --keep the
#       databases stay; `users --seeded URL` times the calls again on one.
#   scripts/bench.sh mail [--messages 100000 --deleted 10000 --folders 50]
#       one mailbox of 100,000 messages over 50 folders with 10,000 deleted:
#       the first index build, get_deleted_messages, get_user_messages pages,
#       restores of 1,000 ids (SQLite, then PostgreSQL); then LMTP delivery of
#       10 KB messages against writing and fsyncing the same files directly.
#   scripts/bench.sh bulletins [--mailboxes 100000]
#       a bulletin posted to a domain of 100,000 mailboxes (mailboxes/second)
#       against hard-linking one file into each mailbox in the same run; then
#       one with per-recipient variables; SQLite, then PostgreSQL.
#   scripts/bench.sh stats [--users 100000 --rollup-users 1000000 --samples 200]
#       usage statistics: a company of 100,000 accounts (10 domains) with a
#       year of history: stats_summary by day/week/month call by call (target
#       p99 <= 50 ms by day); then a million accounts' events for one day:
#       recorded in memory, written (flush), and that day's rollup (seconds);
#       SQLite, then PostgreSQL as above.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
source scripts/env.sh
cargo build --locked --release --package=server --bin=postroom --package=bench --bin=postroom-bench
if [ "${1:-}" = mail ]; then
    if [ -z "${POSTROOM_TEST_PG_URL:-}" ] && [[ " $* " != *" --postgres "* ]]; then
        source scripts/pg.sh start
        trap 'scripts/pg.sh stop' EXIT
    fi
    "$CARGO_TARGET_DIR/release/postroom-bench" "$@" --postroom "$CARGO_TARGET_DIR/release/postroom"
    exit
fi
if [ "${1:-}" = domains ] || [ "${1:-}" = users ] || [ "${1:-}" = bulletins ] || [ "${1:-}" = stats ]; then
    if [ -z "${POSTROOM_TEST_PG_URL:-}" ] && [[ " $* " != *" --postgres "* ]]; then
        source scripts/pg.sh start
        trap 'scripts/pg.sh stop' EXIT
    fi
    "$CARGO_TARGET_DIR/release/postroom-bench" "$@"
    exit
fi
exec "$CARGO_TARGET_DIR/release/postroom-bench" --postroom "$CARGO_TARGET_DIR/release/postroom" "$@"
