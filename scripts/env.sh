# Shared settings of the build and test scripts (sourced, not run).
# The cargo target dir lives outside the checkout so that a fresh clone on the
# same machine (CI) reuses earlier builds; a fresh machine starts cold.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/postroom/target}
export POSTROOM_SITE_ROOT=${POSTROOM_SITE_ROOT:-$CARGO_TARGET_DIR/site}
export LEPTOS_SITE_ROOT=$POSTROOM_SITE_ROOT
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export PATH="$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"
