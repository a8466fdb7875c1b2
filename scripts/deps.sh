# Sourced by the other scripts: `need PKG...` installs the Debian/Ubuntu packages that are missing
# (with sudo when not root), and does nothing when all are there.
need() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "installing: ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# What building and running loa needs (cpal links ALSA through pkg-config; libopus, for Opus
# recordings, is built into the binary with cmake; espeak-ng reads the example schedule's text
# announcement aloud, spec §13).
BUILD_PACKAGES=(pkg-config libasound2-dev cmake espeak-ng)
# What the tests use besides: the audio server and ALSA's plugin to reach it (end-to-end tests),
# ffmpeg to make the format fixtures; unshare and nsenter (util-linux) for the full-disk test's
# tmpfs in a mount namespace of its own; icecast2 and nginx, the stream and web servers the relay
# tests start (Icecast, and HLS as ffmpeg writes it); openssl, for their HTTPS certificates;
# mosquitto and its clients, the MQTT broker the provincial feed's tests start; iproute2 and
# nftables, for the network faults they make real (a namespace per node, a link cut, loss).
# chromium and its WebDriver for the console's pages (tests/web_pages.rs); npm (scripts/test.sh
# installs Debian's when no npm is on the PATH: a machine with NodeSource's nodejs has its own) to
# fetch axe-core, the accessibility checker those tests run in the page, into target/axe once.
TEST_PACKAGES=(pulseaudio pulseaudio-utils libasound2-plugins ffmpeg util-linux icecast2 nginx openssl mosquitto mosquitto-clients iproute2 nftables chromium chromium-driver)

# The cargo tools some scripts use, from crates.io once, at the version they were written for:
# `need_cargo_tool cargo-deb` (scripts/package.sh) or `need_cargo_tool cargo-fuzz` (scripts/fuzz.sh).
need_cargo_tool() {
    local version
    case "$1" in
    cargo-deb) version=3.8.0 ;;
    cargo-fuzz) version=0.13.2 ;;
    *)
        echo "need_cargo_tool: no pinned version for $1" >&2
        return 2
        ;;
    esac
    command -v "$1" >/dev/null && return 0
    echo "installing $1 $version (cargo install, once)" >&2
    cargo install "$1" --version "$version" --locked
}
