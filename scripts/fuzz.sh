#!/usr/bin/env bash
# Fuzzing with cargo fuzz (libFuzzer, AddressSanitizer, overflow checks on). The targets
# (fuzz/fuzz_targets): schedule (reader and validator), request (control protocol), audio
# (probe and decoder), stream (HLS, MPEG-TS, ICY, stream decoder), bulletin (verifier and the
# checks behind a signature), web_api (the console's JSON bodies, query strings and forms),
# multipart (its uploads: recordings, the province's send and push forms), live (a live sender's
# first message and its PCM and Opus frames), tts (the Vietnamese reader: no digit left), edit
# (the schedule form written into the example schedule: checks clean, comments kept).
#   scripts/fuzz.sh [SECONDS [TARGET...]]   each target for SECONDS (default 1800) in turn
#   scripts/fuzz.sh smoke                    builds every target and runs each for 20 s (CI)
#   scripts/fuzz.sh build                    only builds them (CI does it while the tests run)
# Seeds are kept in fuzz/seeds/TARGET; what a run learns goes to fuzz/corpus/TARGET (not kept); a
# crash is written to fuzz/artifacts/TARGET/ and the run stops: replay it with
# `cargo fuzz run TARGET FILE`, fix it, and keep it as a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
# libFuzzer is C++, built by libfuzzer-sys.
need "${BUILD_PACKAGES[@]}" g++
need_cargo_tool cargo-fuzz
# cargo fuzz needs nightly features: the nightly toolchain when there is one, else stable told
# to allow them.
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    fuzz() { cargo +nightly fuzz "$@"; }
else
    fuzz() { RUSTC_BOOTSTRAP=1 cargo fuzz "$@"; }
fi
all=(schedule request audio stream bulletin web_api multipart live tts edit)
if [ "${1:-}" = smoke ] || [ "${1:-}" = build ]; then
    secs=20; targets=("${all[@]}")
else
    secs=${1:-1800}; shift || true
    if [ $# -gt 0 ]; then targets=("$@"); else targets=("${all[@]}"); fi
fi
fuzz build --debug-assertions
[ "${1:-}" = build ] && exit 0
for t in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$t"
    echo "== $t: ${secs} s"
    fuzz run --debug-assertions "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 2>&1 |
        grep -E '^(#[0-9]+ *DONE|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==|SUMMARY|Done)|panicked|artifact' || true
    if compgen -G "fuzz/artifacts/$t/crash-*" >/dev/null || compgen -G "fuzz/artifacts/$t/timeout-*" >/dev/null || compgen -G "fuzz/artifacts/$t/oom-*" >/dev/null; then
        echo "fuzz: $t found a failure:"; ls "fuzz/artifacts/$t"
        exit 1
    fi
done
