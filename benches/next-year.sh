#!/usr/bin/env bash
# Whole-process time of `loa next --days 365` on a 1,000-announcement schedule (half `at`, half
# `cron`), as a table and as JSON, with hyperfine. Goal: under 1 s.
# Usage: benches/next-year.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
cargo build --release --quiet --bin loa --example big_schedule
mkdir -p target/bench
./target/release/examples/big_schedule 1000 "$PWD/audio" > target/bench/big.toml
./target/release/loa check --config target/bench/big.toml > /dev/null 2>&1 || true
n=$(./target/release/loa next --config target/bench/big.toml --date 2026-12-01 --days 365 --json | grep -c '"id"')
echo "broadcasts in the year: $n"
hyperfine --warmup 2 --runs 10 \
    -n 'loa next --days 365 (table)' "./target/release/loa next --config target/bench/big.toml --date 2026-12-01 --days 365 > /dev/null" \
    -n 'loa next --days 365 --json' "./target/release/loa next --config target/bench/big.toml --date 2026-12-01 --days 365 --json > /dev/null"
