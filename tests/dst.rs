//! Daylight-saving transitions, planned in three zones with the rules of spec §2: a local time that
//! does not exist plays at the first instant after the gap; one that occurs twice plays once, at
//! its first occurrence; the same for `at` and `cron`. Expected instants were computed
//! independently with Python's zoneinfo.

use std::path::Path;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use loa::plan;
use loa::schedule::{self, Schedule};

fn schedule(zone: &str, rule: &str) -> Schedule {
    let files = if rule.contains("files") {
        ""
    } else {
        "files = [\"a.mp3\"]\n"
    };
    let text = format!(
        "[station]\ntimezone = \"{zone}\"\n\n[[announcement]]\nid = \"a\"\n{files}{rule}\n"
    );
    schedule::parse("t.toml", text, Path::new("."), chrono_tz::UTC)
        .unwrap_or_else(|e| panic!("{e:?}"))
        .schedule
}

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// (scheduled local time, instant in UTC) of every occurrence on a local date.
fn day(s: &Schedule, date: &str) -> Vec<(String, String)> {
    let d: NaiveDate = date.parse().unwrap();
    let tz = s.station.timezone;
    let from = plan::start_of_day(tz, d);
    let to = plan::start_of_day(tz, d.succ_opt().unwrap());
    plan::occurrences(s, from, to)
        .into_iter()
        .map(|o| {
            (
                o.local.format("%H:%M").to_string(),
                o.at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            )
        })
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn a_time_in_the_gap_plays_when_the_gap_ends_at_and_cron_alike() {
    let cases = [
        ("Europe/Berlin", "2026-03-29", "2026-03-29T01:00:00Z"),
        ("America/New_York", "2026-03-08", "2026-03-08T07:00:00Z"),
    ];
    for (zone, date, expected) in cases {
        for rule in ["at = \"02:30\"", "cron = \"0 30 2 * * *\""] {
            let s = schedule(zone, rule);
            assert_eq!(
                day(&s, date),
                pairs(&[("02:30", expected)]),
                "{zone} {rule}"
            );
        }
    }
    // Lord Howe moves by half an hour: 02:00 → 02:30.
    for rule in ["at = \"02:15\"", "cron = \"0 15 2 * * *\""] {
        let s = schedule("Australia/Lord_Howe", rule);
        assert_eq!(
            day(&s, "2026-10-04"),
            pairs(&[("02:15", "2026-10-03T15:30:00Z")]),
            "{rule}"
        );
    }
}

#[test]
fn a_time_that_occurs_twice_plays_once_at_the_first() {
    let cases = [
        (
            "Europe/Berlin",
            "2026-10-25",
            "02:30",
            "2026-10-25T00:30:00Z",
        ),
        (
            "America/New_York",
            "2026-11-01",
            "01:30",
            "2026-11-01T05:30:00Z",
        ),
        (
            "Australia/Lord_Howe",
            "2026-04-05",
            "01:45",
            "2026-04-04T14:45:00Z",
        ),
    ];
    for (zone, date, time, expected) in cases {
        let (h, m) = time.split_once(':').unwrap();
        for rule in [
            format!("at = \"{time}\""),
            format!(
                "cron = \"0 {} {} * * *\"",
                m.trim_start_matches('0').parse::<u32>().unwrap_or(0),
                h.parse::<u32>().unwrap()
            ),
        ] {
            let s = schedule(zone, &rule);
            assert_eq!(day(&s, date), pairs(&[(time, expected)]), "{zone} {rule}");
        }
    }
}

#[test]
fn the_days_around_a_change_are_unchanged() {
    let s = schedule("Europe/Berlin", "at = [\"02:30\", \"12:00\"]");
    assert_eq!(
        day(&s, "2026-03-28"),
        pairs(&[
            ("02:30", "2026-03-28T01:30:00Z"),
            ("12:00", "2026-03-28T11:00:00Z")
        ])
    );
    assert_eq!(
        day(&s, "2026-03-30"),
        pairs(&[
            ("02:30", "2026-03-30T00:30:00Z"),
            ("12:00", "2026-03-30T10:00:00Z")
        ])
    );
}

#[test]
fn a_cron_every_quarter_hour_does_not_burst_after_the_gap_nor_repeat_the_fold() {
    let s = schedule("Europe/Berlin", "cron = \"0 */15 * * * *\"");
    let spring = day(&s, "2026-03-29");
    // 96 quarter-hours, 02:00–02:45 do not exist and join 03:00: one broadcast at 03:00 CEST.
    assert_eq!(spring.len(), 96 - 4);
    let at_gap: Vec<_> = spring
        .iter()
        .filter(|(_, u)| u == "2026-03-29T01:00:00Z")
        .collect();
    assert_eq!(
        at_gap,
        [&("02:00".to_string(), "2026-03-29T01:00:00Z".to_string())]
    );
    let autumn = day(&s, "2026-10-25");
    // 02:00–02:45 happen twice but play once (CEST); 96 broadcasts over a 25-hour day.
    assert_eq!(autumn.len(), 96);
    let after: Vec<_> = autumn
        .iter()
        .skip_while(|(l, _)| l != "02:45")
        .take(2)
        .cloned()
        .collect();
    assert_eq!(
        after,
        pairs(&[
            ("02:45", "2026-10-25T00:45:00Z"),
            ("03:00", "2026-10-25T02:00:00Z")
        ])
    );
}

#[test]
fn two_times_of_one_announcement_moved_onto_the_same_instant_play_once() {
    let s = schedule("America/New_York", "at = [\"02:30\", \"03:00\"]");
    assert_eq!(
        day(&s, "2026-03-08"),
        pairs(&[("02:30", "2026-03-08T07:00:00Z")])
    );
}

#[test]
fn the_agenda_of_a_dst_week_through_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("berlin.toml");
    std::fs::write(
        &path,
        "[station]\ntimezone = \"Europe/Berlin\"\n\n[[announcement]]\nid = \"nacht\"\nfiles = [\"x.mp3\"]\nat = \"02:30\"\ndays = \"sun\"\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_loa"))
        .args(["next", "--date", "2026-03-22", "--days", "14", "--json"])
        .arg("--config")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let at: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["at"].as_str().unwrap())
        .collect();
    assert_eq!(
        at,
        ["2026-03-22T02:30:00+01:00", "2026-03-29T03:00:00+02:00"]
    );
    assert_eq!(items[1]["local"], "2026-03-29T02:30:00");
}

#[test]
fn rotation_counts_a_merged_occurrence_once_whatever_the_window() {
    let s = schedule(
        "America/New_York",
        "at = [\"02:30\", \"03:00\"]\nfiles = [\"b.mp3\", \"c.mp3\", \"d.mp3\"]\norder = \"rotate\"",
    );
    let (a, b, c) = (
        utc("2026-03-01T00:00:00Z"),
        utc("2026-03-12T00:00:00Z"),
        utc("2026-03-20T00:00:00Z"),
    );
    let whole = plan::occurrences(&s, a, c);
    let mut halves = plan::occurrences(&s, a, b);
    halves.extend(plan::occurrences(&s, b, c));
    assert_eq!(whole, halves);
    let on_the_8th: Vec<_> = whole.iter().filter(|o| o.local.date().day() == 8).collect();
    assert_eq!(on_the_8th.len(), 1);
}
