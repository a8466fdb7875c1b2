#!/usr/bin/env bash
# The installed package under a real systemd, with every hardening line of the unit: systemd
# boots as PID 1 of a private PID and mount namespace, on an overlay of / whose writes go to a
# tmpfs (nothing reaches the host's files; the units that would touch the host's kernel, clock or
# devices are masked), the amd64 package is installed there and `loa.service` started as
# shipped, plus the drop-in docs/install.md gives for a system-wide PulseAudio. A broadcast is
# scheduled 10 s ahead: it must play (history: played), be heard on the null sink's monitor, and
# the unit must show its STATUS= line and its watchdog. This is how a SystemCallFilter that
# killed the daemon (SIGSYS on clock_adjtime) was found.
# Usage (root): scripts/systemd-check.sh [PACKAGE.deb]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
need systemd pulseaudio pulseaudio-utils libasound2-plugins util-linux procps python3
deb=${1:-$(ls -t target/package/loa_*_amd64.deb 2>/dev/null | head -1)}
[ -n "$deb" ] || { scripts/package.sh amd64 && deb=$(ls -t target/package/loa_*_amd64.deb | head -1); }
deb=$(realpath "$deb")
work=$(mktemp -d /var/tmp/loa-systemd.XXXXXX)
pid=""
cleanup() {
    # Killing PID 1 of the namespace ends everything in it; the overlay's tmpfs goes with it.
    [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
cp "$deb" "$work/loa.deb"

cat >"$work/boot.sh" <<BOOT
#!/bin/sh
set -e
w=$work
mount -t tmpfs tmpfs \$w/ovl
mkdir -p \$w/ovl/upper \$w/ovl/work \$w/ovl/root
mount -t overlay overlay -o lowerdir=/,upperdir=\$w/ovl/upper,workdir=\$w/ovl/work \$w/ovl/root
r=\$w/ovl/root
mount -t proc proc \$r/proc
mount --rbind /sys \$r/sys
mount --rbind /dev \$r/dev
mount -t tmpfs tmpfs \$r/run
mount -t tmpfs tmpfs \$r/tmp
# A target with nothing in it; and off with what would reach the host (the clock, sysctl,
# binfmt, modules, devices) or is not ours to start.
mkdir -p \$r/etc/systemd/system
printf '[Unit]\nDescription=loa check\n' >\$r/etc/systemd/system/loa-check.target
for u in systemd-timesyncd systemd-sysctl systemd-binfmt systemd-modules-load systemd-udevd \
    systemd-udev-trigger systemd-udev-settle systemd-tmpfiles-setup-dev systemd-remount-fs \
    systemd-hwdb-update systemd-random-seed systemd-update-utmp systemd-journal-flush \
    systemd-pstore systemd-firstboot systemd-machine-id-commit ntpsec chrony; do
    ln -sf /dev/null \$r/etc/systemd/system/\$u.service
done
ln -sf /dev/null \$r/etc/systemd/system/systemd-udevd-control.socket
ln -sf /dev/null \$r/etc/systemd/system/systemd-udevd-kernel.socket
cp $work/loa.deb \$r/root/loa.deb
cd \$r
exec chroot . /lib/systemd/systemd --system --unit=loa-check.target --log-target=console --log-level=warning
BOOT
chmod +x "$work/boot.sh"
mkdir -p "$work/ovl"
unshare --pid --fork --mount --propagation private "$work/boot.sh" >"$work/boot.log" 2>&1 &
unshared=$!
inside() { nsenter -t "$pid" -m -p -r -w -- "$@"; }
for _ in $(seq 100); do
    pid=$(pgrep -P "$unshared" -x systemd || true)
    [ -n "$pid" ] && inside systemctl is-system-running 2>/dev/null | grep -qE "running|degraded" && break
    sleep 0.2
done
if [ -z "$pid" ] || ! inside systemctl is-system-running 2>/dev/null | grep -qE "running|degraded"; then
    echo "systemd did not boot in a namespace here:" >&2
    cat "$work/boot.log" >&2
    exit 1
fi
echo "== systemd $(inside systemctl --version | head -1 | cut -d' ' -f2) is PID 1 of a namespace"

at=$(date -u -d "+10 seconds" +%H:%M:%S)
inside sh -es <<IN
rm -rf /var/lib/loa
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /root/loa.deb >/dev/null 2>&1
# A system-wide PulseAudio with its null sink, and the drop-in docs/install.md gives for it.
pulseaudio --system --daemonize --disallow-exit --exit-idle-time=-1 2>/dev/null
usermod -aG pulse-access loa
mkdir -p /etc/systemd/system/loa.service.d
printf '[Service]\nEnvironment=PULSE_SERVER=unix:/run/pulse/native\nSupplementaryGroups=audio pulse-access\n' \
    >/etc/systemd/system/loa.service.d/pulse.conf
cat >/etc/loa/schedule.toml <<TOML
[station]
timezone = "UTC"
audio_dir = "audio"
output = "pulse"
volume = 100

[[announcement]]
id = "thu"
files = ["ban-tin-chieu.mp3"]
at = "$at"
TOML
systemctl daemon-reload
systemctl restart loa
IN
echo "== loa.service (as shipped, plus the PulseAudio drop-in) started; a broadcast due at $at"
inside sh -c 'setpriv --reuid loa --regid loa --init-groups env PULSE_SERVER=unix:/run/pulse/native \
    timeout 30 parec -d auto_null.monitor --file-format=wav /tmp/heard.wav >/dev/null 2>&1 &'
for _ in $(seq 300); do
    inside loa history --format json 2>/dev/null | grep -q '"outcome": *"played"' && break
    sleep 0.1
done
inside systemctl status loa --no-pager | sed -n '1,8p'
inside loa history
inside loa history --format json | grep -q '"outcome": *"played"' || {
    inside journalctl -u loa --no-pager | tail -20
    exit 1
}
test "$(inside systemctl show loa -p WatchdogUSec --value)" = 1min
# The kernel's clock state is readable inside the sandbox (require_clock_sync depends on it).
inside loa status --json | grep -qE '"clock_synced": *(true|false)' || {
    echo "the daemon cannot read the clock's state under the unit:" >&2
    inside loa status --json >&2
    inside journalctl -u loa --no-pager | grep -i clock >&2
    exit 1
}
inside systemctl show loa -p StatusText --value | grep -q 'next: "thu"'
# parec writes the WAV's header when it stops.
inside pkill -INT -x parec || true
for _ in $(seq 50); do inside pgrep -x parec >/dev/null || break; sleep 0.1; done
inside python3 - <<'PY'
import array, wave
w = wave.open("/tmp/heard.wav")
a = array.array("h", w.readframes(w.getnframes()))
loud = sum(1 for x in a if abs(x) > 300) / w.getnchannels() / w.getframerate()
print(f"== heard on the null sink's monitor: {loud:.1f} s above -40 dBFS, peak {max(map(abs, a))}")
assert loud > 2, "nothing heard"
PY
echo "== loa.service plays through PulseAudio with every hardening line"
