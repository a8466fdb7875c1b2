//! The example programme in config/ is a test: it loads exactly as shipped, every recording it
//! uses decodes to the end, it raises no warning, and its agenda is the commune day it describes.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{NaiveDate, TimeZone, Utc};
use loa::audio::{Depth, probe};
use loa::plan;
use loa::schedule::{self, Order};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("config/schedule.toml")
}

#[test]
fn the_example_loads_without_errors_or_warnings() {
    let loaded = schedule::load(&example(), chrono_tz::UTC).unwrap_or_else(|e| panic!("{e:#?}"));
    assert!(loaded.warnings.is_empty(), "{:#?}", loaded.warnings);
    let s = &loaded.schedule;
    assert_eq!(s.station.name, "Đài truyền thanh xã Phương Hải");
    assert_eq!(s.station.timezone, chrono_tz::Asia::Ho_Chi_Minh);
    assert_eq!(s.announcements.len(), 5);
    let notice = s.announcement("thong-bao-tiem-phong").unwrap();
    let speech = notice.speech.as_ref().unwrap();
    assert!(
        speech
            .reading
            .starts_with("Ủy ban nhân dân xã thông báo: từ ngày bảy tháng mười hai"),
        "{}",
        speech.reading
    );
    assert_eq!(s.emergencies.len(), 1);
    assert_eq!(s.emergency("bao").map(|e| e.repeat), Some(3));
    assert_eq!(
        s.announcement("tuyen-truyen-cchc").map(|a| a.order),
        Some(Order::Rotate)
    );

    let now = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
    let length =
        |f: &loa::schedule::AudioRef| probe(&f.path, Depth::Header).ok().map(|p| p.duration);
    let lints = loa::lint::lint(s, now, &length);
    assert!(lints.is_empty(), "{lints:#?}");
}

#[test]
fn every_recording_of_the_example_decodes_to_the_end() {
    let s = schedule::load(&example(), chrono_tz::UTC).unwrap().schedule;
    let refs = s.audio_refs();
    assert_eq!(refs.len(), 10);
    // The text announcement's sound is rendered when the schedule is used, not shipped.
    let recordings: Vec<_> = refs
        .into_iter()
        .filter(|(r, _)| !r.is_unrendered_text())
        .collect();
    assert_eq!(recordings.len(), 9);
    for (r, user) in recordings {
        let p = probe(&r.path, Depth::Full).unwrap_or_else(|e| panic!("{user}: {e}"));
        assert!(
            p.duration.as_secs_f64() > 1.0,
            "{}: {:?}",
            r.written,
            p.duration
        );
        assert!(
            std::fs::metadata(&r.path).unwrap().len() < 200_000,
            "{} is over 200 KB",
            r.written
        );
    }
}

#[test]
fn the_example_week_is_the_programme_it_describes() {
    let s = schedule::load(&example(), chrono_tz::UTC).unwrap().schedule;
    let tz = s.station.timezone;
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    let agenda = plan::occurrences(
        &s,
        plan::start_of_day(tz, d(10, 25)),
        plan::start_of_day(tz, d(12, 7)),
    );
    // Monday 2026-11-30 .. Sunday 2026-12-06.
    let week: Vec<_> = agenda
        .iter()
        .filter(|o| o.local.date() >= d(11, 30))
        .collect();
    let count = |id: &str| {
        week.iter()
            .filter(|o| s.announcements[o.index].id == id)
            .count()
    };
    assert_eq!(count("ban-tin-sang"), 7);
    assert_eq!(count("ban-tin-chieu"), 7);
    assert_eq!(
        count("tuyen-truyen-cchc"),
        12,
        "06:15 and 17:15, Monday to Saturday"
    );
    assert_eq!(count("ve-sinh-moi-truong"), 2, "Saturday and Sunday");
    // The campaign rotates through its three messages, one per broadcast, from 2026-11-01.
    let cchc: Vec<usize> = agenda
        .iter()
        .filter(|o| s.announcements[o.index].id == "tuyen-truyen-cchc")
        .map(|o| o.rotation.unwrap())
        .collect();
    assert_eq!(&cchc[..4], &[0, 1, 2, 0]);
    let first = agenda
        .iter()
        .find(|o| s.announcements[o.index].id == "tuyen-truyen-cchc")
        .unwrap();
    assert_eq!(
        first.local.to_string(),
        "2026-11-02 06:15:00",
        "the first broadcast on or after `from`"
    );
    // Tết (2027-02-06) is in the station's `except`: a silent day.
    let tet = plan::occurrences(
        &s,
        plan::start_of_day(tz, NaiveDate::from_ymd_opt(2027, 2, 6).unwrap()),
        plan::start_of_day(tz, NaiveDate::from_ymd_opt(2027, 2, 7).unwrap()),
    );
    assert!(tet.is_empty(), "{tet:?}");
}

#[test]
fn loa_check_accepts_the_example_and_prints_a_summary() {
    let state = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_loa"))
        .args(["check", "--config"])
        .arg(example())
        .arg("--state-dir")
        .arg(state.path())
        .env("LOA_LANG", "en")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for needle in [
        "ok (no warnings)",
        "Đài truyền thanh xã Phương Hải",
        "Asia/Ho_Chi_Minh (UTC+07:00)",
        "station time:",
        "announcements:      5",
        "emergency presets:  1 (bao)",
        "audio:              10 files",
        "next broadcasts:",
    ] {
        assert!(stdout.contains(needle), "missing {needle:?} in\n{stdout}");
    }
    assert_eq!(
        stdout
            .lines()
            .skip_while(|l| !l.starts_with("next broadcasts"))
            .count(),
        6,
        "{stdout}"
    );
}

#[test]
fn loa_next_json_for_the_first_week_of_december() {
    let out = Command::new(env!("CARGO_BIN_EXE_loa"))
        .args(["next", "--date", "2026-12-01", "--days", "7", "--json"])
        .env("LOA_CONFIG", example())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = items.as_array().unwrap();
    // 7 × 2 bulletins + 6 × 2 campaign + Sat & Sun clean-up (Dec 5, 6) + Friday's notice = 29.
    assert_eq!(items.len(), 29);
    let notice: Vec<&serde_json::Value> = items
        .iter()
        .filter(|i| i["id"] == "thong-bao-tiem-phong")
        .collect();
    assert_eq!(notice.len(), 1);
    assert_eq!(notice[0]["at"], "2026-12-04T18:00:00+07:00");
    assert!(
        notice[0]["text"]
            .as_str()
            .is_some_and(|t| t.contains("UBND xã thông báo")),
        "{}",
        notice[0]
    );
    let first = &items[0];
    assert_eq!(first["id"], "ban-tin-sang");
    assert_eq!(first["at"], "2026-12-01T05:30:00+07:00");
    assert_eq!(first["files"], serde_json::json!(["ban-tin-sang.mp3"]));
    assert_eq!(first["priority"], 10);
    assert_eq!(first["title"], "Bản tin buổi sáng");
    let cchc: Vec<&serde_json::Value> = items
        .iter()
        .filter(|i| i["id"] == "tuyen-truyen-cchc")
        .collect();
    assert_eq!(cchc[0]["at"], "2026-12-01T06:15:00+07:00");
    assert_eq!(cchc[0]["files"].as_array().unwrap().len(), 1);
    assert_ne!(
        cchc[0]["files"], cchc[1]["files"],
        "rotation changes the file each time"
    );
    let last = items.last().unwrap();
    assert_eq!(last["at"], "2026-12-07T17:15:00+07:00");
    let ats: Vec<&str> = items.iter().map(|i| i["at"].as_str().unwrap()).collect();
    let mut sorted = ats.clone();
    sorted.sort();
    assert_eq!(ats, sorted);
}
