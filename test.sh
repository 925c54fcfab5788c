#!/usr/bin/env bash
# Runs every test: installs what is missing (Debian packages, wasm target,
# wasm-bindgen CLI, npm packages), builds, starts a throwaway PostgreSQL, then
# runs formatting and lint checks, the engine tests on SQLite and PostgreSQL,
# the HTTP wire and CLI tests, and the Playwright browser tests in Chromium.
set -euo pipefail
cd "$(dirname "$0")"
started=$(date +%s)
step() { echo; echo "== $* ($(( $(date +%s) - started ))s)"; }

step "install"
scripts/install.sh --test
source scripts/env.sh

step "format and lint"
cargo fmt --all --check
cargo clippy --locked --release --workspace --exclude frontend --all-targets -- -D warnings

step "build"
scripts/build-site.sh

step "PostgreSQL"
source scripts/pg.sh start
trap 'scripts/pg.sh stop' EXIT
export POSTROOM_REQUIRE_PG=1 POSTROOM_REQUIRE_DOVECOT=1

step "cargo tests (engine on SQLite and PostgreSQL, wire, CLI)"
# A log of this run's own (two checkouts may test at once on one machine).
cargo_log=$(mktemp /tmp/postroom-cargo-test.XXXXXX)
cargo test --locked --release --workspace --exclude frontend 2>&1 | tee "$cargo_log"
cargo_summary=$(grep -E '^test result:' "$cargo_log" | awk '{p+=$4; f+=$6} END {print p" passed, "f" failed"}')
rm -f "$cargo_log"

step "browser tests (Playwright, Chromium; hydrated and without JavaScript)"
(cd end2end && PLAYWRIGHT_JSON_OUTPUT_NAME=test-results/results.json npx playwright test --reporter=list,json)
e2e_summary=$(node -e 'const s=require("./end2end/test-results/results.json").stats; console.log(`${s.expected} passed, ${s.unexpected + s.flaky} failed`)')

step "done"
echo "cargo tests: $cargo_summary"
echo "browser tests: $e2e_summary"
echo "all tests passed in $(( $(date +%s) - started ))s"
