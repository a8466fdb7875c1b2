#!/usr/bin/env bash
# The stations' way of installing loa (docs/install.md §10), for real on this machine, as root:
# scripts/apt-repo.sh makes a signed apt repository of the amd64 package with a key made for the
# run, nginx serves it on 127.0.0.1, and apt, with the key in /etc/apt/keyrings/ and a
# `deb [signed-by=…]` line in /etc/apt/sources.list.d/:
#   - updates from that source alone and installs loa from it: `loa --version`, and
#     `apt-cache policy loa` names the repository;
#   - refuses the repository, keeping what it had, when its Release file no longer matches its
#     signature, when another key signed it, and when it is not signed;
#   - upgrades loa with `apt-get upgrade` (restricted to that source: nothing else on the
#     machine moves) once a newer build is in the repository;
# then removes the package, the source, the key and apt's lists of that source, stops nginx and
# gpg's agent: the machine is left as it was (the loa user and /var/lib/loa too, unless they
# were there before). Refuses to run where loa is installed. CI runs it.
# Usage: scripts/apt-repo-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/deps.sh
. scripts/deps.sh
need reprepro gnupg nginx
export LC_ALL=C DEBIAN_FRONTEND=noninteractive

status=$(dpkg-query -W -f='${Status}' loa 2>/dev/null || true)
case "$status" in
"" | *not-installed) ;;
*)
    echo "apt-repo-check: loa is on this machine ($status); this check installs and purges it:" \
        "remove it first (apt purge loa)" >&2
    exit 1
    ;;
esac
keyring=/etc/apt/keyrings/loa-check.gpg
list=/etc/apt/sources.list.d/loa-check.list
mark="# written by scripts/apt-repo-check.sh, removed when it ends"
if [ -e "$list" ]; then
    grep -qxF "$mark" "$list" || { echo "apt-repo-check: $list is not this script's" >&2; exit 1; }
    echo "== removing $list and $keyring, left by a run that was killed"
    rm -f "$list" "$keyring"
fi
deb=""
for f in target/package/loa_*_amd64.deb; do
    [ -e "$f" ] || continue
    if [ -z "$deb" ] || [ "$f" -nt "$deb" ]; then deb=$f; fi
done
if [ -z "$deb" ]; then
    scripts/package.sh amd64
    deb=$(find target/package -name 'loa_*_amd64.deb' -printf '%T@ %p\n' | sort -n | tail -1 | cut -d' ' -f2-)
fi
version=$(dpkg-deb -f "$deb" Version)

# What to put back as it was.
had_user=0 had_state=0 cached=()
getent passwd loa >/dev/null && had_user=1
[ -e /var/lib/loa ] && had_state=1
tmp=$(mktemp -d /tmp/loa-apt-check.XXXXXX)
chmod 755 "$tmp"
export GNUPGHOME="$tmp/gnupg"
mkdir -m 700 "$GNUPGHOME"
nginx_pid="" port="" installed=0 made_keyrings=0
# Puts back what the run changed; the trap runs it when the script ends, however it ends.
cleanup() {
    if [ -n "$nginx_pid" ]; then
        kill -TERM "$nginx_pid" 2>/dev/null
        wait "$nginx_pid" 2>/dev/null
    fi
    if [ "$installed" = 1 ]; then
        apt-get purge -y -qq -o DPkg::Lock::Timeout=120 loa >/dev/null
    fi
    rm -f "$list" "$keyring"
    [ -z "$port" ] || rm -f /var/lib/apt/lists/127.0.0.1:"${port}"_* /var/lib/apt/lists/partial/127.0.0.1:"${port}"_*
    for f in /var/cache/apt/archives/loa_*.deb; do
        [ -e "$f" ] || continue
        [[ " ${cached[*]} " == *" $f "* ]] || rm -f "$f"
    done
    if [ "$had_state" = 0 ]; then rm -rf /var/lib/loa; fi
    if [ "$had_user" = 0 ] && getent passwd loa >/dev/null; then
        userdel loa
        ! getent group loa >/dev/null || groupdel loa
    fi
    if [ "$made_keyrings" = 1 ]; then rmdir /etc/apt/keyrings; fi
    gpgconf --kill all 2>/dev/null
    rm -rf "$tmp"
}
for f in /var/cache/apt/archives/loa_*.deb; do [ -e "$f" ] && cached+=("$f"); done
on_exit() {
    local rc=$?
    set +e
    cleanup
    exit "$rc"
}
trap on_exit EXIT

echo "== the province's side: scripts/apt-repo.sh with a key made for this run"
repo="$tmp/repo"
scripts/apt-repo.sh --uid "loa apt-repo-check" "$repo" "$deb"
dists="$repo/public/dists/stable"

echo "== serving it with nginx on 127.0.0.1"
mkdir -p "$tmp/nginx"
for _ in $(seq 50); do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
done
cat >"$tmp/nginx/nginx.conf" <<EOF
daemon off;
worker_processes 1;
error_log $tmp/nginx/error.log;
pid $tmp/nginx/nginx.pid;
events { worker_connections 16; }
http {
    default_type application/octet-stream;
    access_log $tmp/nginx/access.log;
    client_body_temp_path $tmp/nginx/body;
    proxy_temp_path $tmp/nginx/proxy;
    fastcgi_temp_path $tmp/nginx/fastcgi;
    uwsgi_temp_path $tmp/nginx/uwsgi;
    scgi_temp_path $tmp/nginx/scgi;
    server {
        listen 127.0.0.1:$port;
        root $repo/public;
    }
}
EOF
nginx -c "$tmp/nginx/nginx.conf" -p "$tmp/nginx" &
nginx_pid=$!
for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    kill -0 "$nginx_pid" 2>/dev/null || { cat "$tmp/nginx/error.log" >&2; exit 1; }
    sleep 0.1
done
url="http://127.0.0.1:$port"

echo "== the station's side: the key in $keyring, the source in $list"
[ -d /etc/apt/keyrings ] || { install -d -m 755 /etc/apt/keyrings && made_keyrings=1; }
install -m 644 "$repo/public/loa.gpg" "$keyring"
printf '%s\ndeb [signed-by=%s] %s stable main\n' "$mark" "$keyring" "$url" >"$list"
sed 's/^/   /' "$list"
# That source alone, and the other sources' lists kept (apt deletes the lists of the sources it
# was not given otherwise).
only=(-o "Dir::Etc::sourcelist=$list" -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0
    -o DPkg::Lock::Timeout=120)
apt-get "${only[@]}" update

echo "== apt-get install loa"
installed=1
apt-get install -y -qq -o DPkg::Lock::Timeout=120 loa >/dev/null
said=$(loa --version)
echo "   $said"
[[ "$said" == *" ${version%-*}"* ]]
test "$(dpkg-query -W -f='${Version}' loa)" = "$version"
# The installed version's source, in apt-cache policy: the line after "*** VERSION".
from() { apt-cache policy loa | awk '/^ \*\*\* / { getline; if (!n++) print $2, $3 }'; }
apt-cache policy loa | sed 's/^/   /'
test "$(from)" = "$url stable/main"
good=$(sha256sum /var/lib/apt/lists/127.0.0.1:"${port}"_dists_stable_InRelease)

# Each tampering is undone from this copy, times included (so that apt's If-Modified-Since
# finds the good files unchanged).
cp -a "$dists" "$tmp/dists.good"
restore() { rm -rf "$dists" && cp -a "$tmp/dists.good" "$dists"; }
refused() {
    local what=$1 expect=$2 out
    echo "== apt refuses the repository when $what"
    # apt keeps the lists it had and only warns; --error-on=any makes that an exit status.
    if out=$(apt-get "${only[@]}" --error-on=any update 2>&1); then
        echo "$out" >&2
        echo "apt-repo-check: apt accepted the repository when $what" >&2
        exit 1
    fi
    grep -qE "$expect" <<<"$out" || {
        echo "$out" >&2
        echo "apt-repo-check: apt refused, but without saying $expect" >&2
        exit 1
    }
    grep -m1 -E "$expect" <<<"$out" | sed 's/^ */   /'
    # What apt had stays: the same Release file, loa still from the repository.
    test "$(sha256sum /var/lib/apt/lists/127.0.0.1:"${port}"_dists_stable_InRelease)" = "$good"
    test "$(from)" = "$url stable/main"
    restore
}
# A Release file altered after it was signed (a line of its own, and its copy in InRelease).
sed -i 's/^Label: loa$/Label: not loa/' "$dists/InRelease" "$dists/Release"
refused "its Release file does not match its signature" "BADSIG"
# The same Release signed by a key the station does not know: signed-by trusts only its own.
gpg --batch --quiet --passphrase '' --quick-generate-key "someone else" ed25519 sign never
rm -f "$dists/InRelease" "$dists/Release.gpg"
gpg --batch --quiet -u "=someone else" --clearsign -o "$dists/InRelease" "$dists/Release"
gpg --batch --quiet -u "=someone else" --detach-sign --armor -o "$dists/Release.gpg" "$dists/Release"
refused "another key signed it" "NO_PUBKEY"
# No signature at all.
rm -f "$dists/InRelease" "$dists/Release.gpg"
refused "it is not signed" "is (not|no longer) signed"

echo "== a newer build in the repository: apt-get upgrade takes it"
newer="$version+apt1"
dpkg-deb -R "$deb" "$tmp/newer"
sed -i "s/^Version: .*/Version: $newer/" "$tmp/newer/DEBIAN/control"
dpkg-deb -Zgzip -z1 -b "$tmp/newer" "$tmp/loa_${newer}_amd64.deb" >/dev/null
scripts/apt-repo.sh "$repo" "$tmp/loa_${newer}_amd64.deb" >/dev/null
apt-get "${only[@]}" -qq update
apt-get "${only[@]}" -y -qq upgrade >/dev/null
test "$(dpkg-query -W -f='${Version}' loa)" = "$newer"
test "$(from)" = "$url stable/main"
echo "   loa $(dpkg-query -W -f='${Version}' loa), from $(from)"

echo "== removing loa, the source, the key, apt's lists of it; stopping nginx"
apt-get purge -y -qq -o DPkg::Lock::Timeout=120 loa >/dev/null
installed=0
kill -TERM "$nginx_pid"
wait "$nginx_pid" || true
nginx_pid=""
echo "   nginx answered $(grep -c '" 200 ' "$tmp/nginx/access.log") requests with 200"
trap - EXIT
cleanup
test ! -e "$list" && test ! -e "$keyring" && test ! -e /usr/bin/loa && test ! -e "$tmp"
if compgen -G "/var/lib/apt/lists/127.0.0.1:${port}_*" >/dev/null; then
    echo "apt-repo-check: apt's lists of the source are still there" >&2
    exit 1
fi
echo "== installed from a signed apt repository, refused tampered ones, upgraded, removed"
