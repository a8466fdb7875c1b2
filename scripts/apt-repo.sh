#!/usr/bin/env bash
# The province's side of installing loa with apt: puts loa's Debian packages into a signed apt
# repository (reprepro) that nginx, or any web server, serves to the communes' stations, which
# then install with `apt install loa` and upgrade with `apt upgrade` (docs/install.md §10).
# Usage: scripts/apt-repo.sh [--key FINGERPRINT] [--uid TEXT] DIR [PACKAGE.deb...]
#   DIR        the repository. DIR/conf and DIR/db are reprepro's (kept on the build machine);
#              DIR/public is what the web server serves: dists/, pool/, and the public key
#              (loa.gpg, loa.asc) that a station puts in /etc/apt/keyrings/.
#   PACKAGE    default: the newest target/package/loa_*_amd64.deb and loa_*_arm64.deb
#              (scripts/package.sh builds them).
#   --key F    signs with that secret key of gpg's keyring ($GNUPGHOME, else ~/.gnupg).
#              Without it: the key DIR was made with, else the keyring's key named --uid, else a
#              new one (ed25519, no expiry, no passphrase so that a build can sign unattended:
#              keep that account's ~/.gnupg safe and backed up, the stations trust nothing else).
#   --uid TEXT the name of the key to find or make (default "loa apt repository").
# Run it again with each new build: the repository keeps one version of each architecture, the
# newest, and a station takes it with `apt update && apt upgrade`. A new build needs a higher
# version than the one the stations have (Cargo.toml's, or `cargo deb --deb-revision N`).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/deps.sh
. scripts/deps.sh

usage() {
    echo "usage: scripts/apt-repo.sh [--key FINGERPRINT] [--uid TEXT] DIR [PACKAGE.deb...]" >&2
    exit 2
}
key="" uid="loa apt repository"
while [ $# -gt 0 ]; do
    case "$1" in
    --key) [ $# -ge 2 ] || usage; key=$2; shift 2 ;;
    --uid) [ $# -ge 2 ] || usage; uid=$2; shift 2 ;;
    -h | --help) usage ;;
    -*) usage ;;
    *) break ;;
    esac
done
[ $# -ge 1 ] || usage
dir=$1
shift
suite=stable
need reprepro gnupg

# The newest of the files given (by modification time), or nothing.
newest() {
    local f n=""
    for f in "$@"; do
        [ -e "$f" ] || continue
        if [ -z "$n" ] || [ "$f" -nt "$n" ]; then n=$f; fi
    done
    echo "$n"
}
debs=("$@")
if [ ${#debs[@]} -eq 0 ]; then
    for arch in amd64 arm64; do
        d=$(newest target/package/loa_*_"$arch".deb)
        [ -z "$d" ] || debs+=("$d")
    done
fi
[ ${#debs[@]} -gt 0 ] || {
    echo "apt-repo: no package in target/package/: scripts/package.sh builds them" >&2
    exit 1
}

# The files a web server reads must be readable by its workers.
umask 022
mkdir -p "$dir/conf"
if [ -z "$key" ] && [ -f "$dir/conf/distributions" ]; then
    key=$(sed -n 's/^SignWith: *//p' "$dir/conf/distributions")
fi
# The fingerprint of a secret key in the keyring, or nothing.
fingerprint() {
    { gpg --batch --list-secret-keys --with-colons "$1" 2>/dev/null || true; } |
        awk -F: '$1 == "fpr" && !n++ { print $10 }'
}
if [ -z "$key" ]; then
    key=$(fingerprint "=$uid")
    if [ -z "$key" ]; then
        echo "== making the repository's signing key \"$uid\" (gpg, ed25519)"
        gpg --batch --quiet --passphrase '' --quick-generate-key "$uid" ed25519 sign never
        key=$(fingerprint "=$uid")
    fi
fi
fpr=$(fingerprint "$key")
[ -n "$fpr" ] || {
    echo "apt-repo: no secret key $key in gpg's keyring (${GNUPGHOME:-~/.gnupg})" >&2
    exit 1
}

# reprepro's own files stay in DIR; what is served goes to DIR/public.
cat >"$dir/conf/options" <<EOF
outdir +b/public
EOF
cat >"$dir/conf/distributions" <<EOF
Origin: loa
Label: loa
Suite: $suite
Codename: $suite
Architectures: amd64 arm64
Components: main
Description: loa, the commune loudspeaker daemon, for the province's stations
SignWith: $fpr
EOF

for deb in "${debs[@]}"; do
    echo "== adding $deb"
    reprepro --silent -b "$dir" includedeb "$suite" "$deb" || {
        echo "apt-repo: reprepro refused $deb: a build whose version is already in the repository" \
            "with other contents needs a higher version (Cargo.toml's, or cargo deb --deb-revision N)" >&2
        exit 1
    }
done
# Signed again even when nothing was added (a new key, a Release file to refresh).
reprepro --silent -b "$dir" export "$suite"
gpg --batch --export "$fpr" >"$dir/public/loa.gpg"
gpg --batch --armor --export "$fpr" >"$dir/public/loa.asc"

echo "== $dir/public is the repository, signed by:"
gpg --batch --show-keys --with-fingerprint "$dir/public/loa.gpg" | sed "/^ *$/d; s/^/   /"
echo "== in it:"
reprepro -b "$dir" list "$suite" | sed 's/^/   /'
cat <<EOF
== serve $dir/public over HTTP (docs/install.md §10: nginx), then on a station:
   sudo install -m 644 loa.gpg /etc/apt/keyrings/loa.gpg    # check its fingerprint: gpg --show-keys loa.gpg
   echo "deb [signed-by=/etc/apt/keyrings/loa.gpg] http://SERVER/PATH $suite main" | sudo tee /etc/apt/sources.list.d/loa.list
   sudo apt update && sudo apt install loa
EOF
