#!/usr/bin/env bash
# Live sound's delay and cost (issue [15/17], BENCHMARKS.md "Live"): a minute (or SECONDS) of
# sound sent to `loa run` over the console's WebSocket and played through cpal → ALSA → a
# PulseAudio null sink, beside `ffmpeg -f pulse … -f pulse` (a plain capture-to-output loop) on
# the same server in the same run; benches/live.rs says how each delay is measured.
# Usage: benches/live.sh [SECONDS]   (default 60; LOA_BENCH_METRICS=FILE appends the p99s and CPUs
# as `NAME VALUE` lines for scripts/bench's table)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
need pulseaudio pulseaudio-utils ffmpeg libasound2-plugins
exec cargo bench --quiet --bench live -- run "${1:-60}"
