# Sourced by scripts/run-example.sh and scripts/loa: where the example's daemon keeps its things,
# and where the release binary is. A demo never touches an installed station's files: its history
# is in target/demo/ and its socket in the runtime folder, whoever runs it (root included).
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# LOA_CONFIG set beforehand names another schedule for both scripts.
export LOA_CONFIG="${LOA_CONFIG:-$repo/config/schedule.toml}"
export LOA_STATE_DIR="${LOA_DEMO_STATE_DIR:-$repo/target/demo/state}"
runtime="${XDG_RUNTIME_DIR:-/tmp/loa-demo-$(id -u)}"
export LOA_SOCKET="$runtime/loa-demo.sock"

# The release binary, wherever cargo puts it (CARGO_TARGET_DIR, a workspace's target…).
loa_binary() {
    local target
    target="$(cd "$repo" && cargo metadata --format-version 1 --no-deps |
        sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')"
    echo "${target:-$repo/target}/release/loa"
}
