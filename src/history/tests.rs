//! The history file's rules, on real SQLite (in memory, or in a temporary folder).
use super::*;
use chrono::TimeZone;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 22, 30, 0).unwrap()
}

fn b(id: &str, occ: Option<&str>) -> NewBroadcast {
    NewBroadcast {
        id: id.into(),
        title: format!("Bản tin {id}"),
        source: Source::Schedule,
        requested_by: "schedule".into(),
        requested: t0(),
        scheduled: Some(t0()),
        occurrence: occ.map(|o| NaiveDateTime::parse_from_str(o, OCCURRENCE_FORMAT).unwrap()),
        files: vec!["ban-tin-sang.mp3".into()],
        bulletin: None,
        text: None,
    }
}

fn played(ended: DateTime<Utc>) -> Finish {
    Finish {
        ended: Some(ended),
        outcome: Outcome::Played,
        reason: None,
        played_seconds: Some(20.0),
        on_air_seconds: None,
    }
}

#[test]
fn a_row_lives_from_starting_to_finish() {
    let mut h = History::open_in_memory().unwrap();
    let t = t0();
    let row = h.start(&b("sang", Some("2026-12-02T05:30:00"))).unwrap();
    let r = &h.last(1).unwrap()[0];
    assert_eq!((r.outcome, r.ended, r.started), (None, None, None));
    assert_eq!(r.requested, t);
    h.started(row, t).unwrap();
    h.finish(row, &played(t + chrono::TimeDelta::seconds(20)))
        .unwrap();
    let r = &h.last(1).unwrap()[0];
    assert_eq!(r.outcome, Some(Outcome::Played));
    assert_eq!(r.started, Some(t));
    assert_eq!(r.played_seconds, Some(20.0));
    assert_eq!(r.title, "Bản tin sang");
    assert_eq!(r.files, ["ban-tin-sang.mp3"]);
    let occ = NaiveDateTime::parse_from_str("2026-12-02T05:30:00", OCCURRENCE_FORMAT).unwrap();
    assert!(h.occurrence("sang", occ).unwrap().is_some());
    assert!(h.occurrence("chieu", occ).unwrap().is_none());
}

#[test]
fn an_occurrence_has_at_most_one_row() {
    let mut h = History::open_in_memory().unwrap();
    let row = h.start(&b("sang", Some("2026-12-02T05:30:00"))).unwrap();
    // Put back before it sounded, started again: the same row.
    assert_eq!(
        h.start(&b("sang", Some("2026-12-02T05:30:00"))).unwrap(),
        row
    );
    h.started(row, t0()).unwrap();
    assert!(h.start(&b("sang", Some("2026-12-02T05:30:00"))).is_err());
    assert!(
        h.record(
            &b("sang", Some("2026-12-02T05:30:00")),
            Outcome::Skipped,
            &"x".into()
        )
        .is_err()
    );
    // Ad-hoc plays have no occurrence and may repeat.
    h.start(&b("x.mp3", None)).unwrap();
    h.start(&b("x.mp3", None)).unwrap();
}

#[test]
fn rows_a_crash_left_open_are_closed_at_the_last_instant_known() {
    let dir = tempfile::tempdir().unwrap();
    let t = t0();
    let (playing, starting) = {
        let mut h = History::open(dir.path()).unwrap();
        let playing = h.start(&b("sang", Some("2026-12-02T05:30:00"))).unwrap();
        h.started(playing, t).unwrap();
        h.seen(playing, t + chrono::TimeDelta::seconds(12)).unwrap();
        let starting = h.start(&b("chieu", Some("2026-12-02T17:00:00"))).unwrap();
        (playing, starting)
    };
    let h = History::open(dir.path()).unwrap();
    let rows = h.query(&Filter::default()).unwrap();
    let p = rows.iter().find(|r| r.rowid == playing).unwrap();
    assert_eq!(p.outcome, Some(Outcome::Interrupted));
    assert_eq!(p.reason, Some(crashed()));
    assert_eq!(p.ended, Some(t + chrono::TimeDelta::seconds(12)));
    let s = rows.iter().find(|r| r.rowid == starting).unwrap();
    assert_eq!(s.outcome, Some(Outcome::Interrupted));
    assert_eq!(s.reason, Some(crashed_starting()));
    assert_eq!((s.started, s.ended), (None, None));
}

#[test]
fn the_last_sign_of_life_is_the_latest_row_or_start() {
    let mut h = History::open_in_memory().unwrap();
    assert_eq!(h.last_active().unwrap(), None);
    h.mark_started(t0()).unwrap();
    assert_eq!(h.last_active().unwrap(), Some(t0()));
    let later = t0() + chrono::TimeDelta::minutes(5);
    let row = h
        .start(&NewBroadcast {
            requested: later,
            ..b("x", None)
        })
        .unwrap();
    h.started(row, later).unwrap();
    h.seen(row, later + chrono::TimeDelta::seconds(30)).unwrap();
    assert_eq!(
        h.last_active().unwrap(),
        Some(later + chrono::TimeDelta::seconds(30))
    );
}

#[test]
fn summaries_count_outcomes_and_airtime_by_the_time_requested() {
    let mut h = History::open_in_memory().unwrap();
    let t = t0();
    let r = h.start(&b("sang", Some("2026-12-02T05:30:00"))).unwrap();
    h.started(r, t).unwrap();
    h.finish(r, &played(t + chrono::TimeDelta::seconds(90)))
        .unwrap();
    h.record(
        &b("sang", Some("2026-12-03T05:30:00")),
        Outcome::Missed,
        &"daemon was down".into(),
    )
    .unwrap();
    // A failed manual play: no schedule, no start, but asked for at a time.
    let failed = NewBroadcast {
        scheduled: None,
        occurrence: None,
        source: Source::Emergency,
        ..b("bao", None)
    };
    let row = h.start(&failed).unwrap();
    h.finish(
        row,
        &Finish {
            ended: None,
            outcome: Outcome::Failed,
            reason: Some("no audio output".into()),
            played_seconds: Some(0.0),
            on_air_seconds: None,
        },
    )
    .unwrap();
    let s = h.summary(&Filter::default()).unwrap();
    assert_eq!(s.len(), 2);
    assert_eq!(s[1].counts.get("played"), Some(&1));
    assert_eq!(s[1].counts.get("missed"), Some(&1));
    // Airtime is the sound that went out (20 s of it), not the 90 s from start to end.
    assert_eq!(s[1].airtime_seconds, 20.0);
    let since = Filter {
        since: Some(t - chrono::TimeDelta::hours(1)),
        ..Filter::default()
    };
    let bao = h.summary(&since).unwrap();
    assert_eq!(bao[0].id, "bao");
    assert_eq!(bao[0].counts.get("failed"), Some(&1));
}

#[test]
fn a_full_database_refuses_a_row_and_takes_it_when_there_is_room() {
    let mut h = History::open_in_memory().unwrap();
    let pages = h.page_count().unwrap();
    h.set_max_pages(pages).unwrap();
    let mut n = 0;
    let err = loop {
        match h.record(&b(&format!("a{n}"), None), Outcome::Skipped, &"x".into()) {
            Ok(_) => n += 1,
            Err(e) => break e,
        }
    };
    assert!(err.is_disk_full(), "{err}");
    assert!(err.is_transient());
    assert!(err.to_string().contains("the disk is full"), "{err}");
    h.set_max_pages(pages + 100).unwrap();
    h.record(&b("later", None), Outcome::Skipped, &"x".into())
        .unwrap();
}

/// Root recording in the service's folder (`sudo loa run` by a technician, with the service
/// stopped) leaves the files to the folder's owner: the service, running as `loa`, can still
/// write its history afterwards. Only root can show it; CI runs as root.
#[test]
fn root_leaves_the_history_to_the_folder_owner() {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("not root: nothing to show here");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("loa");
    std::fs::create_dir(&state).unwrap();
    std::os::unix::fs::chown(&state, Some(65534), Some(65534)).unwrap();
    let h = History::open(&state).unwrap();
    drop(h);
    let m = std::fs::metadata(state.join(FILE_NAME)).unwrap();
    assert_eq!((m.uid(), m.gid()), (65534, 65534));
}
