//! History on real SQLite files: a writer killed with SIGKILL at random moments never corrupts
//! the file nor loses a row it reported committed; a reader works while a writer writes; an older
//! schema is migrated; and `loa history` reads a real database in all its formats.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::DateTime;
use chrono::{NaiveDateTime, TimeDelta, TimeZone, Utc};
use loa::history::{Filter, Finish, History, NewBroadcast, Outcome, Source};

fn broadcast(i: u64) -> NewBroadcast {
    let scheduled =
        Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap() + TimeDelta::minutes(i as i64);
    NewBroadcast {
        id: format!("a{}", i % 7),
        title: format!("Thông báo số {i}"),
        source: Source::Schedule,
        requested_by: "schedule".into(),
        requested: scheduled,
        scheduled: Some(scheduled),
        occurrence: Some(scheduled.naive_utc() + TimeDelta::hours(7)),
        files: vec![format!("f{i}.mp3")],
        bulletin: None,
        text: None,
    }
}

/// Opens a row and marks its first sample at `t`, as the daemon does.
fn start(h: &mut History, b: &NewBroadcast, t: DateTime<Utc>) -> i64 {
    let row = h.start(b).unwrap();
    h.started(row, t).unwrap();
    row
}

fn finish(h: &mut History, row: i64, ended: DateTime<Utc>, outcome: Outcome, reason: Option<&str>) {
    h.finish(
        row,
        &Finish {
            ended: Some(ended),
            outcome,
            reason: reason.map(Into::into),
            played_seconds: None,
            on_air_seconds: None,
        },
    )
    .unwrap();
}

/// Not a test on its own: the child process of `a_writer_killed_at_random_moments_loses_nothing`.
/// It writes rows until killed, printing each row once its commit has returned.
#[test]
fn writer_child() {
    let Some(dir) = std::env::var_os("LOA_HISTORY_CHILD") else {
        return;
    };
    let mut h = History::open(Path::new(&dir)).unwrap();
    let first: u64 = std::env::var("LOA_HISTORY_FIRST").unwrap().parse().unwrap();
    for i in first.. {
        let b = broadcast(i);
        let t = b.scheduled.unwrap();
        // Committed just before the last kill, unreported: it has its row already.
        if h.occurrence(&b.id, b.occurrence.unwrap())
            .unwrap()
            .is_some()
        {
            continue;
        }
        let row = h.start(&b).unwrap();
        println!("started {i} {row}");
        h.started(row, t).unwrap();
        if i % 3 != 0 {
            finish(
                &mut h,
                row,
                t + TimeDelta::seconds(30),
                Outcome::Played,
                None,
            );
            println!("finished {i} {row}");
        }
    }
}

#[test]
fn a_writer_killed_at_random_moments_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut committed: Vec<(u64, i64, bool)> = Vec::new();
    let mut next = 0u64;
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    for round in 0..50 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        // Killed after a random number of commits, whatever the machine's speed: at a random
        // point of the next write.
        let after = 1 + (seed % 12) as usize;
        let mut child = Command::new(&exe)
            .args(["writer_child", "--exact", "--nocapture", "--test-threads=1"])
            .env("LOA_HISTORY_CHILD", dir.path())
            .env("LOA_HISTORY_FIRST", next.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let started = Instant::now();
        let mut lines = Vec::new();
        while lines.len() < after {
            match rx.recv_timeout(Duration::from_secs(60)) {
                Ok(l) => lines.push(l),
                Err(e) => panic!("round {round}: the writer wrote {} lines: {e}", lines.len()),
            }
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        reader.join().unwrap();
        lines.extend(rx.try_iter());
        for line in lines {
            let w: Vec<&str> = line.split_whitespace().collect();
            match w.as_slice() {
                ["started", i, row] => {
                    committed.push((i.parse().unwrap(), row.parse().unwrap(), false))
                }
                ["finished", i, _] => {
                    let i: u64 = i.parse().unwrap();
                    if let Some(c) = committed.iter_mut().rev().find(|c| c.0 == i) {
                        c.2 = true;
                    }
                }
                _ => {}
            }
        }
        next = committed
            .iter()
            .map(|c| c.0 + 1)
            .max()
            .unwrap_or(next)
            .max(next);
        // The next writer opens the file: integrity, and rows left open are closed.
        let h = History::open(dir.path()).unwrap();
        assert_eq!(
            h.integrity().unwrap(),
            "ok",
            "round {round}, killed after {:?}",
            started.elapsed()
        );
        let rows = h.query(&Filter::default()).unwrap();
        for (i, row, finished) in &committed {
            let r = rows
                .iter()
                .find(|r| r.rowid == *row)
                .unwrap_or_else(|| panic!("round {round}: committed row {row} (#{i}) is gone"));
            assert_eq!(r.title, format!("Thông báo số {i}"));
            if *finished {
                assert_eq!(r.outcome, Some(Outcome::Played), "round {round}: #{i}");
            } else {
                assert!(r.outcome.is_some(), "round {round}: #{i} left open");
            }
        }
        assert!(
            rows.iter().all(|r| r.outcome.is_some()),
            "a row left open after recovery"
        );
    }
    assert!(
        committed.len() >= 50,
        "{} rows in 50 rounds",
        committed.len()
    );
}

#[test]
fn a_reader_works_while_a_writer_writes() {
    let dir = tempfile::tempdir().unwrap();
    History::open(dir.path()).unwrap();
    let path = dir.path().to_path_buf();
    let writer = std::thread::spawn(move || {
        let mut h = History::open(&path).unwrap();
        for i in 0..300 {
            let b = broadcast(i);
            let row = start(&mut h, &b, b.scheduled.unwrap());
            finish(
                &mut h,
                row,
                b.scheduled.unwrap() + TimeDelta::seconds(5),
                Outcome::Played,
                None,
            );
        }
    });
    let mut seen = 0;
    let mut reads = 0;
    loop {
        let finished = writer.is_finished();
        let h = History::open_read_only(dir.path()).unwrap();
        let n = h.query(&Filter::default()).unwrap().len();
        assert!(n >= seen, "rows went from {seen} to {n}");
        seen = n;
        reads += 1;
        if finished {
            break;
        }
    }
    writer.join().unwrap();
    assert_eq!(seen, 300);
    assert!(reads > 1);
}

#[test]
fn a_version_1_database_is_migrated_on_open_and_readable_before() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(loa::history::FILE_NAME);
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(
            "CREATE TABLE broadcasts (rowid INTEGER PRIMARY KEY, announcement TEXT NOT NULL, source TEXT NOT NULL,
                scheduled TEXT, started TEXT, ended TEXT, outcome TEXT, reason TEXT);
             INSERT INTO broadcasts VALUES (1, 'ban-tin-sang', 'schedule', '2026-11-01T22:30:00.000Z',
                '2026-11-01T22:30:00.004Z', '2026-11-01T22:30:20.000Z', 'played', NULL);
             INSERT INTO broadcasts VALUES (2, 'ban-tin-chieu', 'schedule', '2026-11-02T10:00:00.000Z',
                NULL, NULL, 'missed', 'daemon was down');
             INSERT INTO broadcasts VALUES (3, 'ban-tin-le', 'manual', NULL, NULL, NULL, 'failed',
                'no audio output');
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    // A reader sees the old rows without changing the file.
    let r = History::open_read_only(dir.path()).unwrap();
    assert_eq!(r.query(&Filter::default()).unwrap().len(), 3);
    drop(r);
    let v: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 1);
    // The writer migrates.
    let mut h = History::open(dir.path()).unwrap();
    let rows = h.query(&Filter::default()).unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].id, "ban-tin-sang");
    assert_eq!(rows[0].requested_by, "schedule");
    assert_eq!(rows[1].reason, Some("daemon was down".into()));
    assert_eq!(h.integrity().unwrap(), "ok");
    // The new columns work, the occurrence key too.
    let b = broadcast(1);
    start(&mut h, &b, b.scheduled.unwrap());
    assert!(h.start(&b).is_err(), "the occurrence key is unique");
    // Every old row has its place in time: its own, or its neighbour's.
    assert_eq!(
        rows[1].requested,
        Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap()
    );
    let undated = rows.iter().find(|r| r.id == "ban-tin-le").unwrap();
    assert_eq!(
        undated.requested,
        Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap()
    );
    let v: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, loa::history::SCHEMA_VERSION);
}

/// A small real database: a played bulletin, a skipped campaign message, an emergency stopped by
/// a user, a manual file play, an emergency whose output could not open (never started, never
/// scheduled: only `requested` places it in time), and November's bulletin.
fn sample_db(dir: &Path) {
    let mut h = History::open(dir).unwrap();
    let t = |d, hh, mm, ss| Utc.with_ymd_and_hms(2026, 12, d, hh, mm, ss).unwrap();
    let occ = |s: &str| Some(NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").unwrap());
    let sang = NewBroadcast {
        id: "ban-tin-sang".into(),
        title: "Bản tin buổi sáng".into(),
        source: Source::Schedule,
        requested_by: "schedule".into(),
        requested: t(1, 22, 30, 0),
        scheduled: Some(t(1, 22, 30, 0)),
        occurrence: occ("2026-12-02T05:30:00"),
        files: vec!["ban-tin-sang.mp3".into()],
        bulletin: None,
        text: None,
    };
    let r = start(&mut h, &sang, t(1, 22, 30, 0) + TimeDelta::milliseconds(3));
    finish(
        &mut h,
        r,
        t(1, 22, 30, 20) + TimeDelta::milliseconds(286),
        Outcome::Played,
        None,
    );
    let cchc = NewBroadcast {
        id: "tuyen-truyen-cchc".into(),
        title: "Tuyên truyền cải cách hành chính".into(),
        requested: t(1, 23, 15, 0),
        scheduled: Some(t(1, 23, 15, 0)),
        occurrence: occ("2026-12-02T06:15:00"),
        files: vec!["cchc-02.ogg".into()],
        ..sang.clone()
    };
    h.record(
        &cchc,
        Outcome::Skipped,
        &"could not start within max_delay (10m)".into(),
    )
    .unwrap();
    let bao = NewBroadcast {
        id: "bao".into(),
        title: "Cảnh báo bão".into(),
        source: Source::Emergency,
        requested_by: "nguyen".into(),
        requested: t(2, 3, 0, 0),
        scheduled: None,
        occurrence: None,
        files: vec!["siren.ogg".into(), "canh-bao-bao.mp3".into()],
        bulletin: None,
        text: None,
    };
    let r = start(&mut h, &bao, t(2, 3, 0, 0));
    finish(
        &mut h,
        r,
        t(2, 3, 1, 0),
        Outcome::Stopped,
        Some("stopped by nguyen"),
    );
    let manual = NewBroadcast {
        id: "/media/usb/hop-dan.mp3".into(),
        title: "hop-dan.mp3".into(),
        source: Source::Manual,
        requested: t(2, 4, 0, 0),
        files: vec!["/media/usb/hop-dan.mp3".into()],
        ..bao.clone()
    };
    let r = start(&mut h, &manual, t(2, 4, 0, 0));
    finish(&mut h, r, t(2, 4, 2, 30), Outcome::Played, None);
    // The output could not open: a row that never started.
    let failed = NewBroadcast {
        requested: t(2, 5, 0, 0),
        requested_by: "tran".into(),
        ..bao.clone()
    };
    h.record(
        &failed,
        Outcome::Failed,
        &"no audio output available".into(),
    )
    .unwrap();
    // November: outside a December summary.
    let nov = NewBroadcast {
        requested: t(1, 0, 0, 0) - TimeDelta::days(3),
        scheduled: Some(t(1, 0, 0, 0) - TimeDelta::days(3)),
        occurrence: occ("2026-11-28T07:00:00"),
        ..sang.clone()
    };
    let r = start(&mut h, &nov, nov.scheduled.unwrap());
    finish(
        &mut h,
        r,
        nov.scheduled.unwrap() + TimeDelta::seconds(20),
        Outcome::Played,
        None,
    );
}

fn history(dir: &Path, args: &[&str]) -> (i32, String, Vec<u8>) {
    let out = common::loa()
        .arg("history")
        .arg("--state-dir")
        .arg(dir)
        .arg("--config")
        .arg(common::repo().join("config/schedule.toml"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.stdout,
    )
}

#[test]
fn loa_history_json_has_the_fields_of_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    sample_db(dir.path());
    let (code, err, out) = history(dir.path(), &["--format", "json", "--since", "2026-12-01"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 5, "{v:#}");
    let first = &rows[0];
    assert_eq!(first["id"], "ban-tin-sang");
    assert_eq!(first["source"], "schedule");
    assert_eq!(first["requested"], "2026-12-02T05:30:00.000+07:00");
    assert_eq!(first["scheduled"], "2026-12-02T05:30:00+07:00");
    assert_eq!(first["started"], "2026-12-02T05:30:00.003+07:00");
    assert_eq!(first["ended"], "2026-12-02T05:30:20.286+07:00");
    assert_eq!(first["outcome"], "played");
    assert!(first["reason"].is_null());
    let skipped = &rows[1];
    assert_eq!(
        (
            skipped["outcome"].as_str(),
            skipped["started"].is_null(),
            skipped["ended"].is_null()
        ),
        (Some("skipped"), true, true)
    );
    assert_eq!(skipped["reason"], "could not start within max_delay (10m)");
    let bao = &rows[2];
    assert_eq!(
        (bao["source"].as_str(), bao["requested_by"].as_str()),
        (Some("emergency"), Some("nguyen"))
    );
    assert!(bao["scheduled"].is_null());
    assert_eq!(rows[3]["source"], "manual");
    // The emergency that never started is in the report, at the time it was asked for.
    let failed = &rows[4];
    assert_eq!(
        (failed["outcome"].as_str(), failed["requested_by"].as_str()),
        (Some("failed"), Some("tran"))
    );
    assert!(failed["started"].is_null() && failed["scheduled"].is_null());
    assert_eq!(failed["requested"], "2026-12-02T12:00:00.000+07:00");
    // Oldest first, by the time requested; every row has one.
    let requested: Vec<&str> = rows
        .iter()
        .map(|r| r["requested"].as_str().unwrap())
        .collect();
    let mut sorted = requested.clone();
    sorted.sort();
    assert_eq!(requested, sorted);
}

#[test]
fn loa_history_csv_opens_in_a_spreadsheet_with_vietnamese_intact() {
    let dir = tempfile::tempdir().unwrap();
    sample_db(dir.path());
    let (code, err, out) = history(
        dir.path(),
        &["--format", "csv", "--id", "tuyen-truyen-cchc"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with(b"\xEF\xBB\xBF"), "no byte-order mark");
    let text = String::from_utf8(out[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 2, "{text:?}");
    assert!(
        lines[0].starts_with("id,title,source,requested_by,requested,scheduled,started,ended"),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("tuyen-truyen-cchc,Tuyên truyền cải cách hành chính,schedule,schedule,2026-12-02 06:15:00,2026-12-02 06:15:00,,,,,skipped,"), "{}", lines[1]);
}

#[test]
fn loa_history_table_and_monthly_summary() {
    let dir = tempfile::tempdir().unwrap();
    sample_db(dir.path());
    let (code, err, out) = history(dir.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let table = String::from_utf8(out).unwrap();
    assert!(table.lines().next().unwrap().starts_with("WHEN"));
    assert!(
        table.contains("2026-12-02 05:30:00  ban-tin-sang"),
        "{table}"
    );
    assert!(table.contains("stopped by nguyen"), "{table}");

    let (code, err, out) = history(dir.path(), &["--summary", "--month", "2026-12"]);
    assert_eq!(code, 0, "{err}");
    let s = String::from_utf8(out).unwrap();
    assert!(
        s.starts_with("broadcasts, 2026-12 (Asia/Ho_Chi_Minh)"),
        "{s}"
    );
    let sang = s.lines().find(|l| l.starts_with("ban-tin-sang")).unwrap();
    // Each outcome's count, then the airtime.
    let numbers: Vec<&str> = sang.split_whitespace().rev().take(8).collect();
    // played 1 (November's is outside), airtime 0:20.
    assert_eq!(numbers[0], "0:20", "{sang}");
    assert_eq!(numbers[7], "1", "{sang}");
    // The columns keep their order; `fallback` (a relay's) came last.
    assert!(
        s.lines()
            .nth(1)
            .unwrap()
            .split_whitespace()
            .rev()
            .take(2)
            .eq(["AIRTIME", "fallback"]),
        "{s}"
    );
    // 20.3 s + 60 s + 150 s.
    assert!(s.contains("total airtime: 3 minutes 50 seconds"), "{s}");

    let (code, _, out) = history(
        dir.path(),
        &["--summary", "--month", "2026-12", "--format", "json"],
    );
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["period"], "2026-12");
    let bao = v["announcements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "bao")
        .unwrap();
    assert_eq!(bao["counts"]["stopped"], 1);
    // The emergency that could not play counts in the month it was asked for.
    assert_eq!(bao["counts"]["failed"], 1);
}

#[test]
fn loa_history_without_a_database_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (code, err, out) = history(dir.path(), &["--format", "json"]);
    assert_eq!(code, 0);
    assert!(err.contains("nothing recorded yet"), "{err}");
    assert_eq!(String::from_utf8(out).unwrap().trim(), "[]");
}

#[test]
fn the_history_is_for_the_daemon_and_its_group_only() {
    use std::os::unix::fs::PermissionsExt;
    let base = tempfile::tempdir().unwrap();
    let dir = base.path().join("state");
    History::open(&dir).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o750);
    let db = dir.join(loa::history::FILE_NAME);
    assert_eq!(mode(&db) & 0o007, 0, "{:o}", mode(&db));
    let wal = dir.join(format!("{}-wal", loa::history::FILE_NAME));
    if wal.exists() {
        assert_eq!(mode(&wal) & 0o007, 0, "{:o}", mode(&wal));
    }
    // A folder an older loa made readable by all is closed on the next open.
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    History::open(&dir).unwrap();
    assert_eq!(mode(&dir), 0o750);
    assert_eq!(mode(&db) & 0o007, 0);
    // Another user (not in the group) is told why it cannot read, not "nothing recorded".
    if unsafe { libc::geteuid() } == 0 {
        use std::os::unix::process::CommandExt;
        std::fs::set_permissions(base.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        // A copy of the binary the other user can run (the build folder may be private).
        let exe = base.path().join("loa");
        std::fs::copy(env!("CARGO_BIN_EXE_loa"), &exe).unwrap();
        std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
        let out = Command::new(&exe)
            .args(["history", "--state-dir"])
            .arg(&dir)
            .env("LOA_LOG", "warn")
            .uid(65534)
            .gid(65534)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(
            err.contains("permission denied") && err.contains("group `loa`"),
            "{err}"
        );
    }
}
