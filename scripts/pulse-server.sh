#!/usr/bin/env bash
# A private PulseAudio server for the end-to-end audio tests: a null sink `loa_test` whose
# monitor the tests record, and ALSA's default device routed to it, so the real binary plays
# through cpal → ALSA → PulseAudio exactly as on a box with a sound card.
#
#   eval "$(scripts/pulse-server.sh start [--watch PID])"   # prints `export …` lines
#   scripts/pulse-server.sh stop DIR                        # DIR is $LOA_PULSE_DIR
#   scripts/pulse-server.sh restart DIR                     # a server died: a new one, same socket
#
# With --watch, the server and its reader end by themselves once process PID has ended.
#
# Facts this relies on (measured on Debian 12 as root): an idle null sink renders up to 2 s
# ahead, so a new stream would start ~1 s late; a permanent `parec` reader on the monitor with
# 10 ms latency keeps it from doing so. We wait until `pactl list sinks` shows a latency under
# 50 ms. A sample written in cpal's callback reaches a capture of the monitor ~30 ms later.
set -euo pipefail

start() {
    local watch=""
    [ "${1:-}" = "--watch" ] && watch="${2:-}"
    local base
    base=$(mktemp -d /tmp/loa-pulse.XXXXXX)
    mkdir -p "$base/runtime" "$base/config/alsa" "$base/home"
    chmod 700 "$base/runtime"
    export HOME="$base/home" XDG_RUNTIME_DIR="$base/runtime" XDG_CONFIG_HOME="$base/config"
    export PULSE_SERVER="unix:$base/runtime/pulse.sock"
    cat > "$base/loa.pa" <<PA
load-module module-native-protocol-unix auth-anonymous=1 socket=$base/runtime/pulse.sock
load-module module-null-sink sink_name=loa_test rate=48000 channels=2
set-default-sink loa_test
PA
    printf 'pcm.!default { type pulse }\nctl.!default { type pulse }\n' > "$XDG_CONFIG_HOME/alsa/asoundrc"
    cp "$XDG_CONFIG_HOME/alsa/asoundrc" "$HOME/.asoundrc"
    serve "$base"
    if [ -n "$watch" ]; then
        nohup bash -c "while kill -0 $watch 2>/dev/null; do sleep 1; done; '$0' stop '$base'" >/dev/null 2>&1 &
    fi
    # Not HOME: the caller's tools (cargo, rustup) live there. ALSA also reads
    # $XDG_CONFIG_HOME/alsa/asoundrc, and the server needs no cookie (auth-anonymous).
    for v in XDG_RUNTIME_DIR XDG_CONFIG_HOME PULSE_SERVER; do
        printf 'export %s=%q\n' "$v" "${!v}"
    done
    printf 'export LOA_PULSE_DIR=%q LOA_TEST_PULSE=1\n' "$base"
}

# Starts the server of an environment made by `start`, with its reader, and waits until it is
# ready and its latency is low.
serve() {
    local base="$1"
    export HOME="$base/home" XDG_RUNTIME_DIR="$base/runtime" XDG_CONFIG_HOME="$base/config"
    export PULSE_SERVER="unix:$base/runtime/pulse.sock"
    pulseaudio --daemonize=yes --system=false --exit-idle-time=-1 --disallow-exit=yes \
        --use-pid-file=yes -n -F "$base/loa.pa" --log-target=file:"$base/pulse.log" >&2
    local i
    for i in $(seq 1 100); do
        pactl info >/dev/null 2>&1 && break
        sleep 0.1
    done
    pactl info >/dev/null 2>&1 || { echo "PulseAudio did not start; see $base/pulse.log" >&2; exit 1; }
    # The permanent low-latency reader that keeps the null sink from rendering far ahead.
    nohup parec -d loa_test.monitor --raw --latency-msec=10 >/dev/null 2>&1 &
    echo $! > "$base/parec.pid"
    local lat=""
    for i in $(seq 1 100); do
        lat=$(pactl list sinks | awk '/^[[:space:]]*Latency:/ {print $2; exit}')
        [ -n "$lat" ] && [ "${lat%.*}" -lt 50000 ] && break
        sleep 0.1
    done
}

stop() {
    local base="$1"
    [ -f "$base/parec.pid" ] && kill "$(cat "$base/parec.pid")" 2>/dev/null || true
    HOME="$base/home" XDG_RUNTIME_DIR="$base/runtime" PULSE_SERVER="unix:$base/runtime/pulse.sock" \
        pulseaudio --kill 2>/dev/null || true
    rm -rf "$base"
}

case "${1:-}" in
    start) shift; start "$@" ;;
    stop) stop "$2" ;;
    restart) serve "$2" >/dev/null ;;
    *) echo "usage: $0 start [--watch PID] | stop DIR | restart DIR" >&2; exit 2 ;;
esac
