#!/usr/bin/env bash
# Installs the amd64 package on this machine (as root), checks what it installed, upgrades it
# over itself and removes it: what CI does with every landing.
#   - the installed `loa check` of /etc/loa/schedule.toml, run as user loa;
#   - the unit, verified (systemd-analyze verify);
#   - a play recorded in /var/lib/loa survives the upgrade and the removal;
#   - the commune's edits to /etc/loa/schedule.toml survive the upgrade (a conffile).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
need systemd
deb=$(ls -t target/package/loa_*_amd64.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { scripts/package.sh amd64 && deb=$(ls -t target/package/loa_*_amd64.deb | head -1); }
echo "== installing $deb"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$deb" >/dev/null
id loa
test "$(stat -c '%U:%G %a' /var/lib/loa)" = "loa:loa 750"
echo "== loa check, as user loa"
runuser -u loa -- loa check --config /etc/loa/schedule.toml
echo "== the unit"
systemd-analyze verify /usr/lib/systemd/system/loa.service
echo "== the installed daemon as user loa records a play in /var/lib/loa"
sock=/tmp/loa-package-check.sock
setpriv --reuid loa --regid loa --init-groups \
    loa --socket "$sock" --state-dir /var/lib/loa --output null run 2>/dev/null &
daemon=$!
for _ in $(seq 100); do loa --socket "$sock" status >/dev/null 2>&1 && break; sleep 0.1; done
loa --socket "$sock" play bao --emergency
rows() { loa --state-dir /var/lib/loa history --format json | grep -o '"id"' | wc -l; }
for _ in $(seq 300); do [ "$(rows)" -ge 1 ] && break; sleep 0.1; done
kill -TERM "$daemon"
wait "$daemon"
before=$(rows)
test "$before" -ge 1
test "$(stat -c '%U %a' /var/lib/loa/history.sqlite)" = "loa 640"
echo "# edited by the commune" >>/etc/loa/schedule.toml
echo "== upgrading over itself"
DEBIAN_FRONTEND=noninteractive dpkg -i --force-confold "$deb" >/dev/null
grep -q "edited by the commune" /etc/loa/schedule.toml
test "$(rows)" = "$before"
echo "== removing"
dpkg -r loa >/dev/null
test ! -e /usr/bin/loa
test -f /var/lib/loa/history.sqlite
dpkg --purge loa >/dev/null
test -f /var/lib/loa/history.sqlite
echo "== installed, checked, upgraded and removed; the history stayed"
