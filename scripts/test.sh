#!/usr/bin/env bash
# Runs the whole test suite, installing what it needs first if it is missing.
# Usage: scripts/test.sh [extra cargo test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
need "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
# axe-core, run inside the console's pages by tests/web_pages.rs (from npm, once, into target/).
command -v npm >/dev/null || need npm
[ -f target/axe/node_modules/axe-core/axe.min.js ] ||
    npm install --silent --no-audit --no-fund --prefix target/axe axe-core@4.10 >/dev/null
# The end-to-end tests play through a private PulseAudio server; it ends when this script does.
eval "$(scripts/pulse-server.sh start --watch $$)"
trap 'scripts/pulse-server.sh stop "$LOA_PULSE_DIR"' EXIT
cargo test --all-targets "$@"
cargo test --doc
