//! docs/fleet.md, word for word: every ```sh block of its English part is run, in order, as a
//! technician pastes it — as root, each in a fresh `bash -euo pipefail` in root's home folder —
//! on a fresh machine that is both the province's server (`mqtt.tinh.example.vn`: Debian's
//! mosquitto, the province's `loa fleet` commands) and a station (loa installed and running),
//! so that the doc cannot drift from what works. The machine is a set of namespaces
//! ([`common::machine`]): `/etc`, `/var` and `/root` are overlays written to a tmpfs (this
//! machine's files are never touched), the network is a loopback of its own (port 8883 is free),
//! and `/etc/hosts` maps `mqtt.tinh.example.vn` to 127.0.0.1. The `loa` on PATH is the one cargo
//! built (`CARGO_BIN_EXE_loa`, through a symlink).
//!
//! Before the first block, the machine is made to look as the doc assumes: the places the doc
//! writes are as the packages leave them (files under /etc/mosquitto that no package owns,
//! mosquitto's state and log, /etc/loa and /var/lib/loa are removed); the station is installed
//! as the Debian package installs it (user `loa`, `/etc/loa/schedule.toml` = the repository's
//! example with `audio_dir = "audio"`, the recordings in /etc/loa/audio) on a machine without a
//! sound card (`output = "null"` in its `[station]`), and its service is running.
//!
//! What the test maps, because it cannot run it as written (shell functions defined before each
//! block, [`MAPPING`]; nothing else is changed):
//!
//! - `apt install PKG…`: checks that each package is installed (scripts/deps.sh installs them).
//! - `systemctl restart mosquitto` (or `reload`): what Debian's unit does — the log and PID
//!   folders made for user mosquitto, the running broker stopped, then
//!   `mosquitto -c /etc/mosquitto/mosquitto.conf -d`, ready when its log says "running" (a
//!   failure prints the log).
//! - `systemctl restart loa`: what loa's unit does — `/run/loa` and `/var/lib/loa` for user
//!   loa, then `loa run --config /etc/loa/schedule.toml` as user loa with umask 0007, ready when
//!   `loa status` answers; `systemctl reload loa`: SIGHUP, as the unit's ExecReload;
//!   `systemctl daemon-reload`: nothing (the drop-in it would read only widens the sandbox a
//!   real unit has and this daemon has not).
//! - `scp [HOST:]PATH… [HOST:]DEST`: a copy, the host dropped (a path without `/` after the
//!   host is in root's home); nothing when source and destination are the same file (one
//!   machine plays both).
//!
//! The test waits (polling, with deadlines) after the blocks that start something: after the
//! station's `systemctl reload loa`, until `loa fleet status --config /etc/loa/province.toml
//! --json` shows the node online; after `loa fleet send`, until the station's `loa history
//! --format json` has that bulletin's row `played` (and its ack); after `loa fleet stop`, until
//! the stop is acked `done`; after `loa fleet push`, until the schedule is acked `installed`
//! and the station's file is the pushed one; after a `loa fleet collect` that follows the
//! broadcast, the collected file must hold its row with the node. Every one of these must have
//! happened by the end. The acks are read with `mosquitto_sub` as the province, with the
//! doc's own password file and CA.
//!
//! The Vietnamese part must give the same commands (the blocks compared without comments):
//! `both_parts_give_the_same_commands`.

mod common;

use std::io::BufRead;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::fleet::NODE;
use common::machine::Machine;
use serde_json::Value;

/// The province's command file, as the doc writes it.
const PROVINCE: &str = "/etc/loa/province.toml";
const PATH: &str =
    "/run/docs-fleet/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// The commands mapped (the module's list), defined before every block.
const MAPPING: &str = r#"
M=/run/docs-fleet
apt() {
  [ "${1-}" = install ] || return 0
  shift
  local p
  for p in "$@"; do
    case $p in -*) continue ;; esac
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" \
      || { echo "docs_fleet: the package $p is not installed (scripts/deps.sh installs it)" >&2; return 1; }
  done
}
scp() {
  local a args=() dst to
  for a in "$@"; do
    case $a in *:*) a=${a#*:}; [[ $a == /* ]] || a=$HOME/$a ;; esac
    args+=("$a")
  done
  dst=${args[-1]}
  for a in "${args[@]:0:${#args[@]}-1}"; do
    to=$dst; [ -d "$to" ] && to=$to/${a##*/}
    [ "$a" -ef "$to" ] || cp "$a" "$to"
  done
}
mosquitto_restart() {
  mkdir -m 740 -p /var/log/mosquitto /run/mosquitto
  chown mosquitto /var/log/mosquitto /run/mosquitto
  local old log=/var/log/mosquitto/mosquitto.log from i
  if [ -s /run/mosquitto/mosquitto.pid ]; then
    old=$(cat /run/mosquitto/mosquitto.pid)
    kill "$old" 2>/dev/null || true
    for i in $(seq 200); do kill -0 "$old" 2>/dev/null || break; sleep 0.05; done
  fi
  from=$(stat -c %s "$log" 2>/dev/null || echo 0)
  mosquitto -c /etc/mosquitto/mosquitto.conf -d </dev/null >>"$M/mosquitto.out" 2>&1 \
    || { echo "docs_fleet: mosquitto did not start:" >&2; cat "$M/mosquitto.out" >&2; return 1; }
  for i in $(seq 400); do
    tail -c +$((from + 1)) "$log" 2>/dev/null | grep -q ' running$' && return 0
    tail -c +$((from + 1)) "$log" 2>/dev/null | grep -q 'Error' && break
    sleep 0.05
  done
  echo "docs_fleet: mosquitto did not start:" >&2
  tail -c +$((from + 1)) "$log" >&2
  cat "$M/mosquitto.out" >&2
  return 1
}
loa_start() {
  install -d -o loa -g loa -m 750 /run/loa /var/lib/loa
  setpriv --reuid=loa --regid=loa --init-groups \
    env -i PATH="$PATH" LANG=C.UTF-8 LOA_LOG=info sh -c 'umask 0007; exec loa run --config /etc/loa/schedule.toml' \
    </dev/null >>"$M/loa.log" 2>&1 &
  echo $! > "$M/loa.pid"
  local i
  for i in $(seq 600); do
    loa status >/dev/null 2>&1 && return 0
    kill -0 "$(cat "$M/loa.pid")" 2>/dev/null || break
    sleep 0.05
  done
  echo "docs_fleet: loa run did not answer:" >&2
  cat "$M/loa.log" >&2
  return 1
}
loa_stop() {
  local p i
  p=$(cat "$M/loa.pid")
  kill "$p"
  for i in $(seq 200); do kill -0 "$p" 2>/dev/null || return 0; sleep 0.05; done
  echo "docs_fleet: loa run did not stop" >&2
  return 1
}
systemctl() {
  case "$*" in
    "restart mosquitto" | "reload mosquitto") mosquitto_restart ;;
    "restart loa") loa_stop && loa_start ;;
    "reload loa") kill -HUP "$(cat "$M/loa.pid")" ;;
    daemon-reload) ;;
    *) echo "docs_fleet: no mapping for systemctl $*" >&2; return 1 ;;
  esac
}
"#;

/// The machine as the doc assumes it (the module's list), and the station's service started.
const FRESH: &str = r#"
mkdir -p "$M/bin"
ln -s "$LOA_BIN" "$M/bin/loa"
find /etc/mosquitto -mindepth 1 -type f | while read -r f; do
  dpkg -S "$f" >/dev/null 2>&1 || rm -f "$f"
done
rm -rf /var/lib/mosquitto/* /var/log/mosquitto/* /etc/loa /var/lib/loa /etc/systemd/system/loa.service.d
getent passwd loa >/dev/null \
  || useradd --system --user-group --no-create-home --home-dir / --shell /usr/sbin/nologin loa
# The daemon runs as loa: when the build is where loa cannot reach it, a copy.
setpriv --reuid=loa --regid=loa --clear-groups test -x "$M/bin/loa" \
  || { rm "$M/bin/loa"; cp "$LOA_BIN" "$M/bin/loa"; }
install -d -m 755 /etc/loa /etc/loa/audio
install -m 644 "$REPO"/audio/*.mp3 "$REPO"/audio/*.ogg /etc/loa/audio/
sed -e 's|^audio_dir = "../audio" *#.*|audio_dir = "audio"|' -e 's|^output = .*|output = "null"|' \
  "$REPO/config/schedule.toml" > /etc/loa/schedule.toml
grep -q '^audio_dir = "audio"$' /etc/loa/schedule.toml
grep -q '^output = "null"$' /etc/loa/schedule.toml
install -d -o loa -g loa -m 750 /var/lib/loa
loa_start
"#;

/// A fenced block of the doc: its info string, its text, the line it starts on.
#[derive(Debug)]
struct Block {
    info: String,
    text: String,
    line: usize,
}

fn doc() -> String {
    std::fs::read_to_string(common::repo().join("docs/fleet.md")).unwrap()
}

/// The fenced blocks between the heading `from` and the next `## ` heading (or the end).
fn blocks(doc: &str, from: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut inside = false;
    let mut open: Option<Block> = None;
    for (i, line) in doc.lines().enumerate() {
        if open.is_none() && line.starts_with("## ") {
            inside = line.trim() == from;
            continue;
        }
        if !inside {
            continue;
        }
        match open.take() {
            None => {
                if let Some(info) = line.strip_prefix("```") {
                    open = Some(Block {
                        info: info.trim().to_string(),
                        text: String::new(),
                        line: i + 1,
                    });
                }
            }
            Some(b) if line.trim_end() == "```" => out.push(b),
            Some(mut b) => {
                b.text += line;
                b.text.push('\n');
                open = Some(b);
            }
        }
    }
    assert!(open.is_none(), "docs/fleet.md: a block is not closed");
    out
}

fn sh(doc: &str, part: &str) -> Vec<Block> {
    let b: Vec<Block> = blocks(doc, part)
        .into_iter()
        .filter(|b| b.info == "sh")
        .collect();
    assert!(
        !b.is_empty(),
        "docs/fleet.md: no ```sh block under \"{part}\""
    );
    b
}

/// A shell line without its comment: a whole-line comment goes, and so does a ` # …` outside
/// quotes.
fn without_comment(line: &str) -> &str {
    let (mut single, mut double) = (false, false);
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '#' if !single && !double && prev.is_whitespace() => return line[..i].trim_end(),
            _ => {}
        }
        prev = c;
    }
    line.trim_end()
}

fn commands(b: &Block) -> Vec<&str> {
    b.text
        .lines()
        .map(without_comment)
        .filter(|l| !l.trim().is_empty())
        .collect()
}

#[test]
fn both_parts_give_the_same_commands() {
    let doc = doc();
    let (vi, en) = (sh(&doc, "## Tiếng Việt"), sh(&doc, "## English"));
    for (i, (v, e)) in vi.iter().zip(&en).enumerate() {
        assert_eq!(
            commands(v),
            commands(e),
            "docs/fleet.md: ```sh block {} differs between the Vietnamese part (line {}) and the English part (line {})",
            i + 1,
            v.line,
            e.line
        );
    }
    assert_eq!(
        vi.len(),
        en.len(),
        "docs/fleet.md: the Vietnamese part has {} ```sh blocks, the English part {}",
        vi.len(),
        en.len()
    );
}

/// The acks the province reads (`mosquitto_sub` on `loa/v1/ack/#`), as they come.
struct Acks {
    seen: Arc<Mutex<Vec<Value>>>,
    _sub: std::process::Child,
}

impl Acks {
    /// Subscribes as the province, with the doc's password file and CA; returns once the broker
    /// has acknowledged the subscription.
    fn start(m: &Machine) -> Acks {
        let mut sub = m
            .command("bash")
            .arg("-c")
            .arg(
                "exec stdbuf -oL mosquitto_sub -h mqtt.tinh.example.vn -p 8883 \
                 --cafile /etc/mosquitto/certs/ca.pem -u tinh -P \"$(cat /etc/loa/tinh-password)\" \
                 -t 'loa/v1/ack/#' -v -d",
            )
            .env("PATH", PATH)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = std::io::BufReader::new(sub.stdout.take().unwrap()).lines();
        loop {
            match lines.next() {
                Some(Ok(l)) if l.contains("SUBACK") => break,
                Some(Ok(_)) => {}
                _ => panic!("mosquitto_sub ended before it subscribed to the acks"),
            }
        }
        let seen = Arc::new(Mutex::new(Vec::new()));
        let into = seen.clone();
        std::thread::spawn(move || {
            for l in lines.map_while(Result::ok) {
                if let Some((_, body)) = l.split_once(' ').filter(|(t, _)| t.starts_with("loa/"))
                    && let Ok(v) = serde_json::from_str::<Value>(body)
                {
                    into.lock().unwrap().push(v);
                }
            }
        });
        Acks { seen, _sub: sub }
    }

    fn find(&self, ok: impl Fn(&Value) -> bool) -> Option<Value> {
        self.seen.lock().unwrap().iter().find(|a| ok(a)).cloned()
    }

    fn all(&self) -> String {
        let seen = self.seen.lock().unwrap();
        seen.iter().map(|a| format!("{a}\n")).collect()
    }
}

/// Polls `f` until it gives something, at most `limit`; the panic says what was awaited and
/// what the machine said.
fn until<T>(m: &Machine, what: &str, limit: Duration, mut f: impl FnMut() -> Option<T>) -> T {
    let end = Instant::now() + limit;
    loop {
        if let Some(t) = f() {
            return t;
        }
        if Instant::now() > end {
            panic!("timed out waiting for {what}\n{}", logs(m));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn logs(m: &Machine) -> String {
    format!(
        "--- the station's daemon (loa run):\n{}\n--- mosquitto:\n{}",
        m.read("/run/docs-fleet/loa.log"),
        m.read("/var/log/mosquitto/mosquitto.log")
    )
}

/// A command of the checks (not of the doc), as root on the machine; its stdout as JSON.
fn json(m: &Machine, command: &str) -> Value {
    let out = m.bash(command, &[("PATH", PATH)], Duration::from_secs(60));
    serde_json::from_slice(&out.stdout).unwrap_or(Value::Null)
}

fn bulletin_row(rows: &Value, id: &str) -> Option<Value> {
    rows.as_array()?
        .iter()
        .find(|r| r["source"] == "bulletin" && r["bulletin"] == id && r["outcome"] == "played")
        .cloned()
}

/// The word after `flag` in a block (as the shell will read it: `~` is left to the shell).
fn arg<'a>(b: &'a Block, flag: &str) -> &'a str {
    b.text
        .split_whitespace()
        .skip_while(|w| *w != flag)
        .nth(1)
        .unwrap_or_else(|| panic!("docs/fleet.md line {}: no {flag} in\n{}", b.line, b.text))
}

/// What the walk-through must have done by its end.
#[derive(Default)]
struct Done {
    online: bool,
    played: Option<String>,
    stopped: bool,
    installed: bool,
    collected: bool,
}

#[test]
fn the_walk_through_runs_word_for_word_on_a_fresh_machine() {
    let doc = doc();
    let blocks = sh(&doc, "## English");
    let m = Machine::start(&["mqtt.tinh.example.vn"]);
    let repo = common::repo();
    let (repo, bin) = (repo.to_str().unwrap(), env!("CARGO_BIN_EXE_loa"));
    let env = [("PATH", PATH), ("REPO", repo), ("LOA_BIN", bin)];
    let out = m.bash(
        &format!("{MAPPING}\n{FRESH}"),
        &env,
        Duration::from_secs(120),
    );
    assert!(
        out.status.success(),
        "the station could not be installed before the walk-through:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let mut done = Done::default();
    let mut acks: Option<Acks> = None;
    for (i, b) in blocks.iter().enumerate() {
        let has = |s: &str| b.text.contains(s);
        if acks.is_none()
            && (has("loa fleet send") || has("loa fleet stop") || has("loa fleet push"))
        {
            acks = Some(Acks::start(&m));
        }
        let out = m.bash(
            &format!("{MAPPING}\n{}", b.text),
            &[("PATH", PATH)],
            Duration::from_secs(300),
        );
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        println!(
            "=== docs/fleet.md line {} (block {})\n{}--- said:\n{said}",
            b.line,
            i + 1,
            b.text
        );
        assert!(
            out.status.success(),
            "docs/fleet.md line {}: this block failed ({}):\n{}--- it said:\n{said}\n{}",
            b.line,
            out.status,
            b.text,
            logs(&m)
        );
        if has("systemctl reload loa") {
            until(
                &m,
                "the node to be online at the province",
                Duration::from_secs(60),
                || {
                    json(&m, &format!("loa fleet status --config {PROVINCE} --json"))
                        .as_array()?
                        .iter()
                        .any(|n| n["node"] == NODE && n["online"] == true)
                        .then_some(())
                },
            );
            done.online = true;
        }
        if has("loa fleet send") {
            // "Sent ID (LEVEL) to TOPIC; …"
            let id = String::from_utf8_lossy(&out.stdout)
                .lines()
                .find_map(|l| l.strip_prefix("Sent ").and_then(|r| r.split(' ').next()))
                .map(str::to_string)
                .unwrap_or_else(|| panic!("loa fleet send printed no id:\n{said}"));
            until(
                &m,
                "the bulletin to play at the station",
                Duration::from_secs(240),
                || bulletin_row(&json(&m, "loa history --format json"), &id),
            );
            let acks = acks.as_ref().unwrap();
            until(
                &m,
                "the bulletin's ack 'played'",
                Duration::from_secs(30),
                || acks.find(|a| a["id"] == id.as_str() && a["state"] == "played"),
            );
            done.played = Some(id);
        }
        if has("loa fleet stop") {
            let acks = acks.as_ref().unwrap();
            until(&m, "the stop to be acked", Duration::from_secs(60), || {
                acks.find(|a| a["kind"] == "stop" && a["state"] == "done")
            });
            done.stopped = true;
        }
        if has("loa fleet push") {
            let acks = acks.as_ref().unwrap();
            let a = until(
                &m,
                "the pushed schedule's ack",
                Duration::from_secs(120),
                || acks.find(|a| a["kind"] == "schedule" && a["state"] != "received"),
            );
            assert_eq!(a["state"], "installed", "{a}\nall acks:\n{}", acks.all());
            let pushed = m.bash(
                &format!("cat {}", arg(b, "--file")),
                &[("PATH", PATH)],
                Duration::from_secs(10),
            );
            assert!(pushed.status.success() && !pushed.stdout.is_empty());
            assert_eq!(
                m.read("/etc/loa/schedule.toml"),
                String::from_utf8_lossy(&pushed.stdout),
                "the station runs the pushed schedule"
            );
            done.installed = true;
        }
        if has("loa fleet collect")
            && let Some(id) = &done.played
        {
            let db = arg(b, "--db");
            let rows = json(&m, &format!("loa history --db {db} --format json"));
            let row = bulletin_row(&rows, id)
                .unwrap_or_else(|| panic!("{db} does not hold the bulletin's row: {rows}"));
            assert_eq!(row["node"], NODE, "{row}");
            done.collected = true;
        }
    }
    assert!(done.online, "no block brought the station onto the feed");
    assert!(done.played.is_some(), "no block sent a bulletin");
    assert!(done.stopped, "no block stopped what the province sent");
    assert!(done.installed, "no block pushed a schedule");
    assert!(done.collected, "no block collected the broadcast's history");
}
