#!/usr/bin/env bash
# Runs the whole test suite, installing what it needs first if it is missing.
# Usage: scripts/test.sh [extra cargo test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
need "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
# The end-to-end tests play through a private PulseAudio server; it ends when this script does.
eval "$(scripts/pulse-server.sh start --watch $$)"
trap 'scripts/pulse-server.sh stop "$LOA_PULSE_DIR"' EXIT
cargo test --all-targets "$@"
cargo test --doc
