#!/usr/bin/env bash
# Runs the daemon in the foreground on the example programme (config/schedule.toml), installing
# what building needs first if it is missing. Stop it with Ctrl-C. Talk to it from another
# terminal with scripts/loa (status, play bao, stop, history…).
# Usage: scripts/run-example.sh [loa run arguments]
#   scripts/run-example.sh --output null        # a machine without sound: plays into nothing
#   scripts/run-example.sh --output wav:/tmp/loa.wav
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
need "${BUILD_PACKAGES[@]}"
. scripts/example-env.sh
echo "building loa (release; the first build takes a few minutes)…" >&2
cargo build --release --bin loa
bin="$(loa_binary)"
mkdir -p "$LOA_STATE_DIR" "$(dirname "$LOA_SOCKET")"
"$bin" check "$@"
shown=$LOA_CONFIG
args=("$@")
for i in "${!args[@]}"; do
    if [ "${args[$i]}" = --config ] && [ $((i + 1)) -lt ${#args[@]} ]; then shown=${args[$((i + 1))]}; fi
done
echo "schedule: $shown; history: $LOA_STATE_DIR; socket: $LOA_SOCKET" >&2
echo "in another terminal: scripts/loa status, scripts/loa play bao, scripts/loa stop" >&2
exec "$bin" run "$@"
