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

# What building loa needs (cpal links ALSA through pkg-config).
BUILD_PACKAGES=(pkg-config libasound2-dev)
