#!/usr/bin/env bash
# Runs the whole test suite, installing what it needs first if it is missing.
# Usage: scripts/test.sh [extra cargo test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
need "${BUILD_PACKAGES[@]}"
cargo test --all-targets "$@"
cargo test --doc
