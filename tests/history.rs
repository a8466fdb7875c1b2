//! History on real SQLite files: a writer killed with SIGKILL at random moments never corrupts
//! the file nor loses a row it reported committed; a reader works while a writer writes; an older
//! schema is migrated; and `loa history` reads a real database in all its formats.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{NaiveDateTime, TimeDelta, TimeZone, Utc};
use loa::history::{Filter, History, NewBroadcast, Outcome, Source};

fn broadcast(i: u64) -> NewBroadcast {
    let scheduled =
        Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap() + TimeDelta::minutes(i as i64);
    NewBroadcast {
        id: format!("a{}", i % 7),
        title: format!("Thông báo số {i}"),
        source: Source::Schedule,
        requested_by: "schedule".into(),
        scheduled: Some(scheduled),
        occurrence: Some(scheduled.naive_utc() + TimeDelta::hours(7)),
        files: vec![format!("f{i}.mp3")],
    }
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
        let row = h.start(&b, t).unwrap();
        println!("started {i} {row}");
        if i % 3 != 0 {
            h.finish(row, t + TimeDelta::seconds(30), Outcome::Played, None)
                .unwrap();
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
        let wait = Duration::from_millis(20 + seed % 200);
        let mut child = Command::new(&exe)
            .args(["writer_child", "--exact", "--nocapture", "--test-threads=1"])
            .env("LOA_HISTORY_CHILD", dir.path())
            .env("LOA_HISTORY_FIRST", next.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .collect::<Vec<String>>()
        });
        let started = Instant::now();
        std::thread::sleep(wait);
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let lines = reader.join().unwrap();
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
        committed.len() > 100,
        "the writer wrote only {} rows in 50 rounds",
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
            let row = h.start(&b, b.scheduled.unwrap()).unwrap();
            h.finish(
                row,
                b.scheduled.unwrap() + TimeDelta::seconds(5),
                Outcome::Played,
                None,
            )
            .unwrap();
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
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    // A reader sees the old rows without changing the file.
    let r = History::open_read_only(dir.path()).unwrap();
    assert_eq!(r.query(&Filter::default()).unwrap().len(), 2);
    drop(r);
    let v: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 1);
    // The writer migrates.
    let mut h = History::open(dir.path()).unwrap();
    let rows = h.query(&Filter::default()).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].id, "ban-tin-sang");
    assert_eq!(rows[0].requested_by, "schedule");
    assert_eq!(rows[1].reason.as_deref(), Some("daemon was down"));
    assert_eq!(h.integrity().unwrap(), "ok");
    // The new columns work, the occurrence key too.
    let b = broadcast(1);
    h.start(&b, b.scheduled.unwrap()).unwrap();
    assert!(
        h.start(&b, b.scheduled.unwrap()).is_err(),
        "the occurrence key is unique"
    );
    let v: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, loa::history::SCHEMA_VERSION);
}

/// A small real database: a played bulletin, a skipped campaign message, an emergency stopped by
/// a user, a manual file play, one still playing.
fn sample_db(dir: &Path) {
    let mut h = History::open(dir).unwrap();
    let t = |d, hh, mm, ss| Utc.with_ymd_and_hms(2026, 12, d, hh, mm, ss).unwrap();
    let occ = |s: &str| Some(NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").unwrap());
    let sang = NewBroadcast {
        id: "ban-tin-sang".into(),
        title: "Bản tin buổi sáng".into(),
        source: Source::Schedule,
        requested_by: "schedule".into(),
        scheduled: Some(t(1, 22, 30, 0)),
        occurrence: occ("2026-12-02T05:30:00"),
        files: vec!["ban-tin-sang.mp3".into()],
    };
    let r = h
        .start(&sang, t(1, 22, 30, 0) + TimeDelta::milliseconds(3))
        .unwrap();
    h.finish(
        r,
        t(1, 22, 30, 20) + TimeDelta::milliseconds(286),
        Outcome::Played,
        None,
    )
    .unwrap();
    let cchc = NewBroadcast {
        id: "tuyen-truyen-cchc".into(),
        title: "Tuyên truyền cải cách hành chính".into(),
        scheduled: Some(t(1, 23, 15, 0)),
        occurrence: occ("2026-12-02T06:15:00"),
        files: vec!["cchc-02.ogg".into()],
        ..sang.clone()
    };
    h.record(
        &cchc,
        Outcome::Skipped,
        "could not start within max_delay (10m)",
    )
    .unwrap();
    let bao = NewBroadcast {
        id: "bao".into(),
        title: "Cảnh báo bão".into(),
        source: Source::Emergency,
        requested_by: "nguyen".into(),
        scheduled: None,
        occurrence: None,
        files: vec!["siren.ogg".into(), "canh-bao-bao.mp3".into()],
    };
    let r = h.start(&bao, t(2, 3, 0, 0)).unwrap();
    h.finish(
        r,
        t(2, 3, 1, 0),
        Outcome::Stopped,
        Some("stopped by nguyen"),
    )
    .unwrap();
    let manual = NewBroadcast {
        id: "/media/usb/hop-dan.mp3".into(),
        title: "hop-dan.mp3".into(),
        source: Source::Manual,
        files: vec!["/media/usb/hop-dan.mp3".into()],
        ..bao.clone()
    };
    let r = h.start(&manual, t(2, 4, 0, 0)).unwrap();
    h.finish(r, t(2, 4, 2, 30), Outcome::Played, None).unwrap();
    // November: outside a December summary.
    let nov = NewBroadcast {
        scheduled: Some(t(1, 0, 0, 0) - TimeDelta::days(3)),
        occurrence: occ("2026-11-28T07:00:00"),
        ..sang.clone()
    };
    let r = h.start(&nov, nov.scheduled.unwrap()).unwrap();
    h.finish(
        r,
        nov.scheduled.unwrap() + TimeDelta::seconds(20),
        Outcome::Played,
        None,
    )
    .unwrap();
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
    assert_eq!(rows.len(), 4, "{v:#}");
    let first = &rows[0];
    assert_eq!(first["id"], "ban-tin-sang");
    assert_eq!(first["source"], "schedule");
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
    // Oldest first.
    let started: Vec<&str> = rows
        .iter()
        .map(|r| r["started"].as_str().or(r["scheduled"].as_str()).unwrap())
        .collect();
    let mut sorted = started.clone();
    sorted.sort();
    assert_eq!(started, sorted);
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
    assert!(lines[0].starts_with("id,title,source,requested_by,scheduled,started,ended"));
    assert!(lines[1].starts_with("tuyen-truyen-cchc,Tuyên truyền cải cách hành chính,schedule,schedule,2026-12-02 06:15:00,,,,skipped,"), "{}", lines[1]);
}

#[test]
fn loa_history_table_and_monthly_summary() {
    let dir = tempfile::tempdir().unwrap();
    sample_db(dir.path());
    let (code, err, out) = history(dir.path(), &[]);
    assert_eq!(code, 0, "{err}");
    let table = String::from_utf8(out).unwrap();
    assert!(table.lines().next().unwrap().starts_with("STARTED"));
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
    let numbers: Vec<&str> = sang.split_whitespace().rev().take(7).collect();
    // played 1 (November's is outside), airtime 0:20.
    assert_eq!(numbers[0], "0:20", "{sang}");
    assert_eq!(numbers[6], "1", "{sang}");
    // 20.3 s + 60 s + 150 s.
    assert!(s.contains("total airtime: 3:50"), "{s}");

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
}

#[test]
fn loa_history_without_a_database_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (code, err, out) = history(dir.path(), &["--format", "json"]);
    assert_eq!(code, 0);
    assert!(err.contains("nothing recorded yet"), "{err}");
    assert_eq!(String::from_utf8(out).unwrap().trim(), "[]");
}
