#!/usr/bin/env bash
# Runs the daemon in the foreground on the example programme (config/schedule.toml), installing
# what it needs first if it is missing. Stop it with Ctrl-C.
# Usage: scripts/run-example.sh [extra loa arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
need "${BUILD_PACKAGES[@]}"
cargo build --release --quiet --bin loa
./target/release/loa check --config config/schedule.toml
exec ./target/release/loa run --config config/schedule.toml "$@"
