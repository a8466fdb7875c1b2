//! The daemon as an operator's worst day attacks it (issue [5/10]): a request that asks for a
//! billion repeats, every socket slot held while a storm warning must go out, a reload just
//! after start, a kill at every instant around a first sample, a schedule file replaced by a FIFO
//! or `/dev/zero`, signals in the first milliseconds. Each is the real binary on the WAV output.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::time::{Duration, Instant};

use chrono::TimeDelta;
use common::daemon::{Daemon, ahead, hms, now, time};
use common::{Wav, loa, repo};

const BAO: &str =
    "[[emergency]]\nid = \"bao\"\ntitle = \"Cảnh báo bão\"\nfiles = [\"canh-bao-bao.mp3\"]\n";

/// One raw line to the socket, one reply back.
fn raw(d: &Daemon, line: &str) -> serde_json::Value {
    let mut s = UnixStream::connect(d.path("loa.sock")).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(line.as_bytes()).unwrap();
    s.write_all(b"\n").unwrap();
    let mut reply = String::new();
    BufReader::new(&s).read_line(&mut reply).unwrap();
    serde_json::from_str(&reply).unwrap()
}

fn rss_kib(pid: i32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap()
}

#[test]
fn a_request_for_a_billion_repeats_is_refused_at_the_door_and_the_daemon_stays_small() {
    let d = Daemon::start(BAO);
    for (line, says) in [
        (
            r#"{"version":1,"request":"play","target":"bao","repeat":1000000000}"#,
            "it must be 1 to 100",
        ),
        (
            r#"{"version":1,"request":"play","target":"bao","volume":300}"#,
            "bad \"play\" request",
        ),
        (
            r#"{"version":1,"request":"play","target":"bao","repeat":0}"#,
            "it must be 1 to 100",
        ),
    ] {
        let r = raw(&d, line);
        assert_eq!(r["response"], "error", "{r}");
        assert_eq!(r["kind"], "bad-request", "{r}");
        assert!(r["message"].as_str().unwrap().contains(says), "{r}");
    }
    // The most the command line allows is taken, and costs nothing until it plays.
    let chime = repo().join("audio/chime.ogg");
    let out = d.loa(&["play", chime.to_str().unwrap(), "--repeat", "100"]);
    common::assert_success(&out);
    assert!(rss_kib(d.pid()) < 64 * 1024, "{} KiB", rss_kib(d.pid()));
    common::assert_success(&d.loa(&["stop"]));
    assert!(d.status()["paused"].is_boolean());
}

/// A station with the storm preset, and 128 clients holding every ordinary slot of its socket
/// (each answered once, then idle).
fn station_with_every_slot_held() -> (Daemon, Vec<UnixStream>) {
    let d = Daemon::start(&format!(
        "[station]\ntimezone = \"UTC\"\naudio_dir = \"{}\"\noutput = \"null\"\n\n{BAO}",
        repo().join("audio").display()
    ));
    let mut held = Vec::new();
    for _ in 0..loa::control::server::MAX_CLIENTS {
        let mut s = UnixStream::connect(d.path("loa.sock")).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.write_all(b"{\"version\":1,\"request\":\"status\"}\n")
            .unwrap();
        let mut r = BufReader::new(s.try_clone().unwrap());
        let mut line = String::new();
        r.read_line(&mut line).unwrap();
        assert!(line.contains("\"status\""), "{line}");
        held.push(s);
    }
    (d, held)
}

#[test]
fn a_storm_warning_gets_through_when_every_slot_is_held() {
    let chime = repo().join("audio/chime.ogg");
    let (d, held) = station_with_every_slot_held();
    // The storm warning goes through a reserved slot.
    let out = d.loa(&["play", "bao"]);
    common::assert_success(&out);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("emergency \"bao\" playing now"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // Anything else is turned away from the reserve…
    let out = d.loa(&["status"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("too many clients"));
    // …and a play the daemon has no room for is played by the client itself.
    let out = d
        .cmd()
        .args(["--output", "null", "play"])
        .arg(&chime)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("too busy") && err.contains("playing it here"),
        "{err}"
    );
    // A stop is taken too.
    common::assert_success(&d.loa(&["stop"]));
    drop(held);
}

/// Found by `scripts/faults.sh socket`: a crowd of clients can take the reserved slots too (each
/// waits up to `RESERVED_IDLE` for its request). The storm warning then knocks again until one
/// comes free, and is carried out by the daemon — not turned away to play by itself.
#[test]
fn a_storm_warning_waits_for_a_reserved_slot_when_the_crowd_holds_them_all() {
    let (d, mut held) = station_with_every_slot_held();
    // Every reserved slot taken by a client that says nothing.
    for _ in 0..loa::control::server::RESERVED {
        held.push(UnixStream::connect(d.path("loa.sock")).unwrap());
    }
    let out = d.loa(&["play", "bao"]);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(
        stdout.contains("emergency \"bao\" playing now") && !stderr.contains("playing it here"),
        "{stdout}{stderr}"
    );
    drop(held);
}

#[test]
fn a_reload_just_after_start_plays_nothing_of_the_past() {
    // A fresh history; two broadcasts that were due before the daemon existed, one to come.
    let (past1, past2) = (
        now() - TimeDelta::seconds(90),
        now() - TimeDelta::seconds(20),
    );
    let (due, at) = ahead(5);
    let mut d = Daemon::start(&format!(
        "[[announcement]]\nid = \"truoc-1\"\nfiles = [\"chime.ogg\"]\nat = \"{}\"\n\n[[announcement]]\nid = \"truoc-2\"\nfiles = [\"chime.ogg\"]\nat = \"{}\"\n\n[[announcement]]\nid = \"sau\"\nfiles = [\"chime.ogg\"]\nat = \"{at}\"\n",
        hms(past1),
        hms(past2)
    ));
    common::assert_success(&d.loa(&["reload"]));
    d.wait("the broadcast to come", Duration::from_secs(20), |d| {
        d.row("sau").is_some()
    });
    assert_eq!(time(&d.row("sau").unwrap()["scheduled"]), due);
    let history = d.history();
    assert!(
        history.iter().all(|r| r["id"] == "sau"),
        "the reload replayed the past: {history:#?}"
    );
}

/// Kills the daemon `offset` from the first sample of a broadcast due a few seconds after its
/// start, starts it again, and says what each run put on the air and what history says.
fn kill_around_the_first_sample(offset_ms: i64) -> (bool, bool, serde_json::Value) {
    let (due, at) = ahead(6);
    let body = |wav: &str| {
        format!(
            "[station]\ntimezone = \"UTC\"\naudio_dir = \"{}\"\noutput = \"wav:{wav}\"\nvolume = 100\n\n[[announcement]]\nid = \"thu\"\nfiles = [\"cchc-01.ogg\"]\nat = \"{at}\"\n",
            repo().join("audio").display()
        )
    };
    let mut d = Daemon::start("");
    d.write_schedule(&body(d.path("first.wav").to_str().unwrap()));
    common::assert_success(&d.loa(&["reload"]));
    let kill_at = due + TimeDelta::milliseconds(offset_ms);
    while now() < kill_at {
        std::thread::sleep(Duration::from_millis(1));
    }
    d.kill9();
    d.write_schedule(&body(d.path("second.wav").to_str().unwrap()));
    d.run();
    d.wait("the occurrence's row", Duration::from_secs(30), |d| {
        d.row("thu").is_some()
    });
    // What the second run does with it is decided at its start; let a catch-up finish.
    d.wait("nothing playing", Duration::from_secs(30), |d| {
        d.status()["playing"].is_null()
    });
    let rows = d.rows("thu");
    assert_eq!(rows.len(), 1, "{rows:#?}");
    d.terminate();
    let sounded = |name: &str| {
        let p = d.path(name);
        p.exists() && Wav::read(&p).sounding(0.01).is_some()
    };
    (sounded("first.wav"), sounded("second.wav"), rows[0].clone())
}

#[test]
fn a_kill_at_any_instant_around_the_first_sample_never_plays_it_twice() {
    // From well before its row is written (half a second ahead) to well after the first sample,
    // two at a time.
    let offsets: Vec<i64> = vec![
        -1200, -800, -550, -450, -300, -150, -50, 0, 50, 150, 400, 900,
    ];
    let mut seen = Vec::new();
    for pair in offsets.chunks(2) {
        let runs: Vec<_> = pair
            .iter()
            .map(|&ms| std::thread::spawn(move || (ms, kill_around_the_first_sample(ms))))
            .collect();
        for r in runs {
            let (ms, (first, second, row)) = r.join().unwrap();
            assert!(
                !(first && second),
                "killed at {ms} ms: it sounded in both runs: {row:#}"
            );
            let outcome = row["outcome"].as_str().unwrap_or("");
            match outcome {
                // Killed before its row was on disk: played once, by the restarted daemon (on
                // time if it was back before the time, else as catch-up).
                "played" => assert!(!first && second, "{ms} ms: {row:#}"),
                // Killed after: the row says so, and it is not played again.
                "interrupted" => assert!(!second, "{ms} ms: {row:#}"),
                other => panic!("killed at {ms} ms: outcome {other}: {row:#}"),
            }
            seen.push((ms, outcome.to_string()));
        }
    }
    // Both sides of the instant were exercised.
    assert!(seen.iter().any(|(_, o)| o == "played"), "{seen:?}");
    assert!(seen.iter().any(|(_, o)| o == "interrupted"), "{seen:?}");
}

#[test]
fn a_schedule_replaced_by_a_fifo_a_device_or_a_huge_file_is_refused_at_once() {
    let (due, at) = ahead(8);
    let mut d = Daemon::start(&format!(
        "[[announcement]]\nid = \"van\"\nfiles = [\"chime.ogg\"]\nat = \"{at}\"\n"
    ));
    let config = d.path("schedule.toml");
    let refused = |d: &Daemon, what: &str| {
        let out = d.loa(&["reload"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains(what), "{err}");
    };
    // A FIFO nobody writes to: refused without waiting for a writer.
    std::fs::remove_file(&config).unwrap();
    let c = std::ffi::CString::new(config.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    refused(&d, "named pipe");
    // A symbolic link to /dev/zero: refused without reading it.
    std::fs::remove_file(&config).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &config).unwrap();
    refused(&d, "a device");
    // A file larger than any schedule (sparse: no disk is spent on it).
    std::fs::remove_file(&config).unwrap();
    std::fs::File::create(&config)
        .unwrap()
        .set_len(40 * 1024 * 1024)
        .unwrap();
    refused(&d, "at most 32 MB");
    // Meanwhile the last good schedule plays on time, and a stop is clean.
    d.wait("the broadcast", Duration::from_secs(20), |d| {
        d.row("van").is_some()
    });
    let row = d.row("van").unwrap();
    assert_eq!(row["outcome"], "played");
    assert_eq!(time(&row["scheduled"]), due);
    let (st, took) = d.terminate();
    assert_eq!(st.code(), Some(0));
    assert!(took < Duration::from_secs(10));
}

#[test]
fn a_daemon_started_on_a_fifo_says_so_and_does_not_hang() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("schedule.toml");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let out = loa()
        .arg("run")
        .arg("--config")
        .arg(&fifo)
        .arg("--socket")
        .arg(dir.path().join("loa.sock"))
        .arg("--state-dir")
        .arg(dir.path().join("state"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("named pipe"), "{err}");
}

/// Whether a process has reached the point where it handles (or holds back) SIGHUP, SIGTERM and
/// SIGINT: its first instant in `main`.
fn signals_in_hand(pid: u32) -> bool {
    let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else {
        return false;
    };
    let mask = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| u64::from_str_radix(v.trim(), 16).ok())
            .unwrap_or(0)
    };
    let want = (1 << (libc::SIGHUP - 1)) | (1 << (libc::SIGTERM - 1)) | (1 << (libc::SIGINT - 1));
    (mask("SigBlk:") | mask("SigCgt:")) & want == want
}

#[test]
fn signals_from_the_first_instant_are_handled() {
    let d = Daemon::start("");
    let mut d = d;
    d.terminate();
    for sig in [libc::SIGHUP, libc::SIGTERM, libc::SIGINT] {
        for offset in [0u64, 1, 3, 10, 30] {
            let mut child = d
                .cmd()
                .arg("run")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            let deadline = Instant::now() + Duration::from_secs(10);
            while !signals_in_hand(child.id()) {
                assert!(Instant::now() < deadline, "never reached main");
                std::hint::spin_loop();
            }
            std::thread::sleep(Duration::from_millis(offset));
            unsafe { libc::kill(child.id() as i32, sig) };
            if sig == libc::SIGHUP {
                // A reload: the daemon lives on and answers.
                d.wait("the socket answers", Duration::from_secs(15), |d| {
                    d.loa(&["status", "--json"]).status.success()
                });
                assert!(child.try_wait().unwrap().is_none(), "SIGHUP at {offset} ms");
                unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
            }
            let st = child.wait().unwrap();
            assert_eq!(
                st.code(),
                Some(0),
                "signal {sig} at {offset} ms after main: {st}"
            );
        }
    }
}

/// Runs `args` inside the mount namespace of process `pid` (where the test's tmpfs is).
fn in_namespace_of(pid: i32, args: &[&str]) -> std::process::Output {
    let root = unsafe { libc::geteuid() } == 0;
    let mut c = std::process::Command::new("nsenter");
    c.arg("--target").arg(pid.to_string());
    if !root {
        c.arg("--user");
    }
    c.arg("--mount").arg("--").args(args);
    c.output().unwrap()
}

#[test]
fn a_full_disk_never_silences_the_station_and_loses_no_row() {
    let (due_a, at_a) = ahead(7);
    let (due_b, at_b) = ahead(13);
    let mut d = Daemon::prepare(
        &format!(
            "[[announcement]]\nid = \"mot\"\nfiles = [\"chime.ogg\"]\nat = \"{at_a}\"\n\n[[announcement]]\nid = \"hai\"\nfiles = [\"chime.ogg\"]\nat = \"{at_b}\"\n"
        ),
        None,
        &[],
    );
    // The state directory is a 1 MB tmpfs, filled to the last block before the daemon starts,
    // in a mount namespace of the daemon's own (as root; otherwise in a user namespace too).
    let state = d.path("state");
    std::fs::create_dir_all(&state).unwrap();
    let root = unsafe { libc::geteuid() } == 0;
    let mut run = d.cmd();
    run.arg("run");
    let program = format!("{:?}", run.get_program());
    let args: Vec<String> = run
        .get_args()
        .map(|a| format!("{:?}", a.to_string_lossy()))
        .collect();
    let script = format!(
        "set -e; mount -t tmpfs -o size=1m tmpfs {state:?}; dd if=/dev/zero of={state:?}/filler bs=4k 2>/dev/null || true; exec {program} {}",
        args.join(" ")
    );
    let mut unshare = std::process::Command::new("unshare");
    if !root {
        unshare.arg("--map-root-user");
    }
    let log = std::fs::File::create(d.path("daemon.log")).unwrap();
    let child = unshare
        .args(["--mount", "--propagation", "private", "sh", "-c", &script])
        .env("LOA_LOG", "info")
        .env_remove("LOA_CONFIG")
        .env_remove("LOA_SOCKET")
        .env_remove("LOA_STATE_DIR")
        .stderr(log)
        .spawn()
        .unwrap();
    d.adopt(child);
    let pid = d.pid();
    // It started, says why history cannot be written, and plays.
    let st = d.status();
    assert!(
        st["last_error"]
            .as_str()
            .is_some_and(|e| e.contains("the disk is full")),
        "{st:#}"
    );
    assert_eq!(st["history"]["state"], "failing", "{st:#}");
    d.wait("the first broadcast", Duration::from_secs(30), |d| {
        d.status()["playing"]["id"] == "mot"
    });
    d.wait(
        "its end, its row kept in memory",
        Duration::from_secs(30),
        |d| {
            let st = d.status();
            st["history"]["waiting_rows"].as_u64() >= Some(1) && st["playing"].is_null()
        },
    );
    // Room again: the rows that waited are written, the second broadcast too.
    let freed = in_namespace_of(pid, &["rm", state.join("filler").to_str().unwrap()]);
    common::assert_success(&freed);
    d.wait("the history written again", Duration::from_secs(40), |d| {
        let st = d.status();
        st["history"]["state"] == "ok" && st["history"]["waiting_rows"] == 0
    });
    let history = || -> Vec<serde_json::Value> {
        let exe = env!("CARGO_BIN_EXE_loa");
        let out = in_namespace_of(
            pid,
            &[
                exe,
                "history",
                "--format",
                "json",
                "--state-dir",
                state.to_str().unwrap(),
            ],
        );
        serde_json::from_slice::<serde_json::Value>(&out.stdout)
            .ok()
            .and_then(|v| v.as_array().cloned())
            .unwrap_or_default()
    };
    d.wait("both rows", Duration::from_secs(30), |_| {
        let h = history();
        ["mot", "hai"]
            .iter()
            .all(|id| h.iter().any(|r| r["id"] == *id && r["outcome"] == "played"))
    });
    // Each once, on time, from the schedule: nothing aired was replayed.
    let rows = history();
    assert_eq!(rows.len(), 2, "{rows:#?}");
    for (id, due) in [("mot", due_a), ("hai", due_b)] {
        let r = rows.iter().find(|r| r["id"] == id).unwrap();
        assert_eq!(r["source"], "schedule", "{r:#}");
        let late = time(&r["started"]) - due;
        assert!(late.abs() < TimeDelta::milliseconds(50), "{id}: {late}");
    }
    let (st, _) = d.terminate();
    assert_eq!(st.code(), Some(0));
}
