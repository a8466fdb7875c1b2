//! The warnings, each on a small schedule with audio of a given length.

use super::*;
use chrono::TimeZone;

fn lints(text: &str, seconds_per_file: u64) -> Vec<String> {
    let s = crate::schedule::parse(
        "s.toml",
        text.to_string(),
        std::path::Path::new("."),
        chrono_tz::UTC,
    )
    .unwrap()
    .schedule;
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
    lint(&s, now, &|_| Some(Duration::from_secs(seconds_per_file)))
        .into_iter()
        .map(|d| d.headline())
        .collect()
}

const HEAD: &str = "[station]\ntimezone = \"Asia/Ho_Chi_Minh\"\n";

#[test]
fn a_clean_schedule_has_no_warnings() {
    let t = format!("{HEAD}[[announcement]]\nid = \"a\"\nfiles = [\"a.mp3\"]\nat = \"05:30\"\n");
    assert_eq!(lints(&t, 20), Vec::<String>::new());
}

#[test]
fn an_ended_window_and_an_impossible_date() {
    let t = format!(
        "{HEAD}[[announcement]]\nid = \"old\"\nfiles = [\"a.mp3\"]\nat = \"05:30\"\nuntil = 2026-11-30\n\n[[announcement]]\nid = \"feb30\"\nfiles = [\"a.mp3\"]\ncron = \"0 0 8 30 2 *\"\n"
    );
    assert_eq!(
        lints(&t, 20),
        [
            "s.toml:3:1: warning: announcement \"old\": its window ended on 2026-11-30; it will not play again",
            "s.toml:12:8: warning: announcement \"feb30\" will not play in the next 366 days: no date in its window matches the cron expression",
        ]
    );
}

#[test]
fn the_same_minute_and_a_broadcast_longer_than_the_gap_once_per_pair() {
    let t = format!(
        "{HEAD}[[announcement]]\nid = \"a\"\nfiles = [\"a.mp3\"]\nat = \"05:30\"\n\n[[announcement]]\nid = \"b\"\nfiles = [\"b.mp3\"]\nat = \"05:30:20\"\n\n[[announcement]]\nid = \"c\"\nfiles = [\"c.mp3\"]\nat = \"05:31\"\n"
    );
    let l = lints(&t, 50);
    assert_eq!(l.len(), 2, "{l:#?}");
    assert!(
        l[0].contains(
            "\"a\" (05:30) and \"b\" (05:30:20) are due in the same minute on 2026-12-02"
        ),
        "{}",
        l[0]
    );
    assert!(
        l[1].contains("\"b\" at 05:30:20 on 2026-12-02 plays until 05:31:40, past 05:31 when \"c\" is due; \"c\" will start late"),
        "{}",
        l[1]
    );
}

#[test]
fn past_ten_of_a_kind_the_rest_are_counted_in_one_line() {
    let mut t = HEAD.to_string();
    for i in 0..14 {
        t +=
            &format!("[[announcement]]\nid = \"a{i:02}\"\nfiles = [\"a.mp3\"]\nat = \"05:30\"\n\n");
    }
    let l = lints(&t, 1);
    assert_eq!(l.len(), MAX_PER_KIND + 1, "{l:#?}");
    assert!(
        l[MAX_PER_KIND]
            .contains("… and 3 more announcements are due in the same minute as another"),
        "{}",
        l[MAX_PER_KIND]
    );
}

#[test]
fn an_emergency_longer_than_its_period() {
    let t = format!(
        "{HEAD}[[emergency]]\nid = \"bao\"\nfiles = [\"a.mp3\"]\nrepeat = 3\nevery = \"1m\"\n"
    );
    assert_eq!(lints(&t, 15), Vec::<String>::new());
    let l = lints(&t, 20);
    assert_eq!(
        l,
        [
            "s.toml:3:1: warning: emergency preset \"bao\" lasts 1:00 but repeats every 1 minute: it will play without a pause"
        ]
    );
}

/// An announcement inside a relay's window that it cannot cut into is said at check time, once,
/// late or skipped; one with a higher priority cuts in and is not.
#[test]
fn an_announcement_a_relay_window_holds_is_warned_late_or_skipped() {
    let t = format!(
        "{HEAD}max_delay = \"10m\"\n\n[[relay]]\nid = \"vov1\"\nstreams = [\"http://radio.example.vn/vov1\"]\nat = \"06:00\"\nduration = \"30m\"\n\n\
[[announcement]]\nid = \"a\"\nfiles = [\"a.mp3\"]\nat = \"06:10\"\n\n\
[[announcement]]\nid = \"b\"\nfiles = [\"b.mp3\"]\nat = \"06:25\"\n\n\
[[announcement]]\nid = \"c\"\nfiles = [\"c.mp3\"]\nat = \"06:15\"\npriority = 5\n"
    );
    let l = lints(&t, 20);
    assert_eq!(l.len(), 2, "{l:#?}");
    assert!(
        l[0].contains("\"a\" at 06:10 on 2026-12-02 falls in the relay \"vov1\" (06:00–06:30), which it cannot cut into (its priority 0 is not higher than the relay's 0); it will be skipped: the relay ends more than max_delay (10 minutes) after its time"),
        "{}",
        l[0]
    );
    assert!(
        l[1].contains("\"b\" at 06:25 on 2026-12-02 falls in the relay \"vov1\" (06:00–06:30)")
            && l[1].contains("it will start late, at 06:30, when the relay ends"),
        "{}",
        l[1]
    );
}
