//! The monthly report (spec §6): `loa history --summary` agrees with the rows it summarises, for
//! every outcome — a relay that never connected is not airtime, and its fallback is its own
//! outcome —; `--format excel` is the same rows in the reader's language for her spreadsheet;
//! `--since hôm-qua` and its kin name the days a person means.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Duration as TimeDelta, NaiveDateTime, TimeZone, Utc};
use loa::history::{Finish, History, NewBroadcast, Outcome, Source};
use serde_json::Value;

fn at(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    // Station time (UTC+7) of December 2026, as UTC.
    Utc.with_ymd_and_hms(2026, 12, d, h, m, 0).unwrap() - TimeDelta::hours(7)
}

fn row(id: &str, source: Source, requested: DateTime<Utc>) -> NewBroadcast {
    NewBroadcast {
        id: id.into(),
        title: format!("Tiêu đề {id}"),
        source,
        requested_by: "schedule".into(),
        requested,
        scheduled: (source == Source::Schedule).then_some(requested),
        occurrence: (source == Source::Schedule).then(|| {
            NaiveDateTime::parse_from_str(
                &(requested + TimeDelta::hours(7))
                    .format("%Y-%m-%dT%H:%M:%S")
                    .to_string(),
                "%Y-%m-%dT%H:%M:%S",
            )
            .unwrap()
        }),
        files: vec![format!("{id}.mp3")],
        bulletin: None,
        text: None,
    }
}

/// A row that sounded: started at its time, ended `secs` later, with what went out.
fn sounded(
    h: &mut History,
    b: &NewBroadcast,
    secs: i64,
    outcome: Outcome,
    played: f64,
    on_air: Option<f64>,
) {
    let r = h.start(b).unwrap();
    h.started(r, b.requested).unwrap();
    h.finish(
        r,
        &Finish {
            ended: Some(b.requested + TimeDelta::seconds(secs)),
            outcome,
            reason: None,
            played_seconds: Some(played),
            on_air_seconds: on_air,
        },
    )
    .unwrap();
}

/// A month of every outcome of §6, and the relay's two ways of having no live sound.
fn a_month(dir: &Path) {
    let mut h = History::open(dir).unwrap();
    let sched = |id: &str, d, hh| row(id, Source::Schedule, at(d, hh, 0));
    sounded(
        &mut h,
        &sched("sang", 1, 5),
        300,
        Outcome::Played,
        300.0,
        None,
    );
    sounded(
        &mut h,
        &sched("sang", 2, 5),
        300,
        Outcome::Played,
        299.5,
        None,
    );
    sounded(
        &mut h,
        &sched("sang", 3, 5),
        120,
        Outcome::Interrupted,
        120.0,
        None,
    );
    sounded(
        &mut h,
        &sched("sang", 4, 5),
        60,
        Outcome::Stopped,
        60.0,
        None,
    );
    // A file that ended early: failed, but what sounded is airtime.
    sounded(
        &mut h,
        &sched("sang", 5, 5),
        40,
        Outcome::Failed,
        40.0,
        None,
    );
    h.record(&sched("sang", 6, 5), Outcome::Skipped, &"late".into())
        .unwrap();
    h.record(&sched("sang", 7, 5), Outcome::Missed, &"down".into())
        .unwrap();
    // Relays: on air for the whole window; with a loss; never connected, fallback played;
    // never connected and nothing at all. Only live sound is airtime.
    sounded(
        &mut h,
        &sched("vov1", 1, 6),
        1800,
        Outcome::Played,
        1800.0,
        Some(1800.0),
    );
    sounded(
        &mut h,
        &sched("vov1", 2, 6),
        1800,
        Outcome::Played,
        1800.0,
        Some(1500.0),
    );
    sounded(
        &mut h,
        &sched("vov1", 3, 6),
        1800,
        Outcome::Fallback,
        1800.0,
        Some(0.0),
    );
    sounded(
        &mut h,
        &sched("vov1", 4, 6),
        1800,
        Outcome::Failed,
        0.0,
        Some(0.0),
    );
    // An emergency and a manual play; one of last month, outside.
    sounded(
        &mut h,
        &row("bao", Source::Emergency, at(8, 14, 0)),
        90,
        Outcome::Played,
        90.0,
        None,
    );
    sounded(
        &mut h,
        &row("tay", Source::Manual, at(9, 9, 0)),
        30,
        Outcome::Played,
        30.0,
        None,
    );
    let november = row("sang", Source::Manual, at(1, 5, 0) - TimeDelta::days(2));
    sounded(&mut h, &november, 300, Outcome::Played, 300.0, None);
}

fn history(dir: &Path, lang: &str, args: &[&str]) -> (i32, String, Vec<u8>) {
    let out = common::loa()
        .arg("history")
        .arg("--state-dir")
        .arg(dir)
        .arg("--config")
        .arg(common::repo().join("config/schedule.toml"))
        .env("LOA_LANG", lang)
        .env("LOA_FAKE_NOW", "2026-12-15T10:00:00+07:00")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.stdout,
    )
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let (code, err, out) = history(dir, "en", args);
    assert_eq!(code, 0, "{err}");
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn the_summary_agrees_with_the_rows_for_every_outcome() {
    let dir = tempfile::tempdir().unwrap();
    a_month(dir.path());
    let rows = json(dir.path(), &["--month", "2026-12", "--format", "json"]);
    let summary = json(
        dir.path(),
        &["--month", "2026-12", "--summary", "--format", "json"],
    );
    // Worked out here from the rows, as a reader of the JSON would.
    let mut counts: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    let mut airtime: BTreeMap<String, f64> = BTreeMap::new();
    for r in rows.as_array().unwrap() {
        let id = r["id"].as_str().unwrap().to_string();
        let outcome = r["outcome"].as_str().unwrap().to_string();
        *counts
            .entry(id.clone())
            .or_default()
            .entry(outcome)
            .or_default() += 1;
        let went_out = r["on_air_seconds"]
            .as_f64()
            .or(r["played_seconds"].as_f64())
            .unwrap_or(0.0);
        *airtime.entry(id).or_default() += went_out;
    }
    let seen: Vec<&str> = counts
        .values()
        .flat_map(|c| c.keys())
        .map(String::as_str)
        .collect();
    for o in [
        "played",
        "fallback",
        "skipped",
        "interrupted",
        "stopped",
        "missed",
        "failed",
    ] {
        assert!(seen.contains(&o), "the month has no {o} row");
    }
    let announcements = summary["announcements"].as_array().unwrap();
    assert_eq!(announcements.len(), counts.len(), "{summary:#}");
    for a in announcements {
        let id = a["id"].as_str().unwrap();
        let got: BTreeMap<String, u64> = serde_json::from_value(a["counts"].clone()).unwrap();
        assert_eq!(got, counts[id], "{id}");
        let air = a["airtime_seconds"].as_f64().unwrap();
        assert!(
            (air - airtime[id]).abs() < 0.01,
            "{id}: {air} vs {}",
            airtime[id]
        );
    }
    // The relay: 1800 + 1500 s of live sound, not four windows; the never-connected one is
    // "fallback" or "failed", not "played".
    let vov1 = announcements.iter().find(|a| a["id"] == "vov1").unwrap();
    assert_eq!(vov1["airtime_seconds"], 3300.0);
    assert_eq!(vov1["counts"]["played"], 2);
    assert_eq!(vov1["counts"]["fallback"], 1);
    assert_eq!(vov1["counts"]["failed"], 1);
    let total: f64 = airtime.values().sum();
    assert!((summary["airtime_seconds"].as_f64().unwrap() - total).abs() < 0.01);
    // November's play is outside the month.
    assert_eq!(counts["sang"].values().sum::<u64>(), 7);
}

/// `--format excel`: her headers and words, `;` between fields, a decimal comma, the mark that
/// tells Excel the text is UTF-8; `--format csv` keeps the machine's for scripts.
#[test]
fn excel_gets_the_readers_words_and_csv_the_machines() {
    let dir = tempfile::tempdir().unwrap();
    a_month(dir.path());
    let (code, err, out) = history(
        dir.path(),
        "vi",
        &["--month", "2026-12", "--id", "sang", "--format", "excel"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(out[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert!(
        lines[0].starts_with("MÃ;TÊN BẢN TIN;NGUỒN;NGƯỜI YÊU CẦU;YÊU CẦU LÚC"),
        "{}",
        lines[0]
    );
    // The second play: 299,5 s, in her words.
    let second = lines
        .iter()
        .find(|l| l.contains("2026-12-02 05:00"))
        .unwrap();
    assert!(second.contains(";theo lịch;"), "{second}");
    assert!(second.contains(";299,5;"), "{second}");
    assert!(second.contains(";đã phát;"), "{second}");
    let summary = history(
        dir.path(),
        "vi",
        &["--month", "2026-12", "--summary", "--format", "excel"],
    )
    .2;
    let summary = String::from_utf8(summary[3..].to_vec()).unwrap();
    assert!(
        summary.starts_with("MÃ;TÊN BẢN TIN;đã phát;bị bỏ;bị ngắt;bị dừng;bị lỡ;lỗi;phát dự phòng;THỜI GIAN PHÁT (PHÚT)"),
        "{summary}"
    );
    // 1800 + 1500 s of live sound: 55 minutes.
    assert!(
        summary.contains("vov1;Tiêu đề vov1;2;0;0;0;0;1;1;55,0"),
        "{summary}"
    );
    assert!(summary.contains("TỔNG CỘNG;tháng 12/2026;"), "{summary}");

    let (_, _, csv) = history(
        dir.path(),
        "vi",
        &["--month", "2026-12", "--id", "sang", "--format", "csv"],
    );
    let csv = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert!(
        csv.starts_with("id,title,source,requested_by,requested"),
        "{csv}"
    );
    assert!(
        csv.contains(",schedule,") && csv.contains(",299.5,"),
        "{csv}"
    );
}

/// `--since hôm-qua` (and `hôm qua`, `tuần trước`, `tháng trước`): the days a person means, in
/// the station's zone.
#[test]
fn since_and_until_take_the_words_a_person_uses() {
    let dir = tempfile::tempdir().unwrap();
    a_month(dir.path());
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        json(dir.path(), &all)
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                format!(
                    "{} {}",
                    r["id"].as_str().unwrap(),
                    &r["requested"].as_str().unwrap()[..10]
                )
            })
            .collect()
    };
    // "Today" is 2026-12-15: last week is 7–13 December.
    assert_eq!(
        ids(&["--since", "tuần trước", "--until", "tuần-trước"]),
        ["sang 2026-12-07", "bao 2026-12-08", "tay 2026-12-09"]
    );
    assert_eq!(
        ids(&["--since", "tháng trước", "--until", "tháng trước"]),
        ["sang 2026-11-29"]
    );
    assert!(ids(&["--since", "hôm qua"]).is_empty());
    assert_eq!(
        ids(&["--since", "last-week", "--until", "last-week"]).len(),
        3
    );
    let (code, err, _) = history(dir.path(), "vi", &["--since", "hôm kia nữa"]);
    assert_eq!(code, 2);
    assert!(err.contains("không phải là ngày"), "{err}");
}
