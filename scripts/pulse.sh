# Sourced by scripts/test.sh: a private PulseAudio server with a null sink `loa_test` whose
# monitor the end-to-end tests record, and ALSA's default device routed to it, so that the real
# binary plays through cpal → ALSA → PulseAudio exactly as on a box with a sound card.
#
# Facts this relies on (measured on Debian 12 as root): an idle null sink renders up to 2 s ahead,
# so a new stream starts ~1 s late; a permanent `parec` reader on the monitor with 10 ms latency
# keeps the sink's latency low. We wait until `pactl list sinks` shows it under 50 ms.
#
# Exports PULSE_SERVER, XDG_RUNTIME_DIR, XDG_CONFIG_HOME, HOME, LOA_TEST_PULSE=1.
# `pulse_stop` ends the server and the reader.

pulse_start() {
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
    cat > "$XDG_CONFIG_HOME/alsa/asoundrc" <<ASOUND
pcm.!default { type pulse }
ctl.!default { type pulse }
ASOUND
    # ALSA reads ~/.asoundrc too; point both at the pulse plugin.
    cp "$XDG_CONFIG_HOME/alsa/asoundrc" "$HOME/.asoundrc"
    pulseaudio --daemonize=yes --system=false --exit-idle-time=-1 --disallow-exit=yes \
        --use-pid-file=yes -n -F "$base/loa.pa" --log-target=file:"$base/pulse.log"
    local i
    for i in $(seq 1 100); do
        pactl info >/dev/null 2>&1 && break
        sleep 0.1
    done
    pactl info >/dev/null 2>&1 || { echo "PulseAudio did not start; see $base/pulse.log" >&2; return 1; }
    # The permanent low-latency reader that keeps the null sink from rendering far ahead.
    parec -d loa_test.monitor --raw --latency-msec=10 > /dev/null 2>&1 &
    LOA_PAREC_KEEPER=$!
    for i in $(seq 1 100); do
        local lat
        lat=$(pactl list sinks | awk '/^\s*Latency:/ {print $2; exit}')
        [ -n "$lat" ] && [ "${lat%.*}" -lt 50000 ] && break
        sleep 0.1
    done
    export LOA_TEST_PULSE=1 LOA_PULSE_DIR="$base"
}

pulse_stop() {
    [ -n "${LOA_PAREC_KEEPER:-}" ] && kill "$LOA_PAREC_KEEPER" 2>/dev/null || true
    pulseaudio --kill 2>/dev/null || true
}
