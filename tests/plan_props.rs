//! Properties of the planner over random schedules in zones with and without daylight saving:
//! planning [a, c) equals planning [a, b) then [b, c); every occurrence lies inside its window,
//! outside `except` and quiet hours, on a matching day, at one of its times, resolved by the DST
//! rules; the agenda is sorted and has no duplicates; rotation steps one file per occurrence.

use std::collections::HashSet;
use std::path::Path;

use chrono::{DateTime, Datelike, LocalResult, NaiveDate, TimeZone, Utc};
use loa::plan::{self, Occurrence};
use loa::schedule::{self, Order, Schedule};
use proptest::prelude::*;

const ZONES: &[&str] = &[
    "Asia/Ho_Chi_Minh",
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",
];
const DAY_WORDS: &[&str] = &[
    "daily", "weekdays", "weekends", "mon", "t3-t5", "sat-mon", "cn", "fri",
];

fn date_in_2026() -> impl Strategy<Value = NaiveDate> {
    (0u64..365).prop_map(|d| NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(d))
}

fn time_text() -> impl Strategy<Value = String> {
    // Lean towards the small hours, where the clocks change.
    prop_oneof![
        (0u32..24, 0u32..60).prop_map(|(h, m)| format!("{h:02}:{m:02}")),
        (1u32..4, prop::sample::select(vec![0u32, 15, 30, 45]))
            .prop_map(|(h, m)| format!("{h:02}:{m:02}")),
    ]
}

fn announcement(i: usize) -> impl Strategy<Value = String> {
    let when = prop_oneof![
        (
            prop::collection::vec(time_text(), 1..4),
            prop::sample::select(DAY_WORDS)
        )
            .prop_map(|(times, days)| format!("at = {times:?}\ndays = \"{days}\"")),
        (
            prop::sample::subsequence(vec![0u32, 15, 30, 45], 1..3),
            prop::sample::subsequence((0u32..24).collect::<Vec<_>>(), 1..4),
            prop::sample::select(vec!["*", "Mon-Fri", "Sat,Sun", "Tue"]),
            prop::sample::select(vec!["*", "1,15", "*/10"]),
        )
            .prop_map(|(m, h, dow, dom)| {
                let j = |v: Vec<u32>| v.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
                format!("cron = \"0 {} {} {dom} * {dow}\"", j(m), j(h))
            }),
    ];
    (
        when,
        prop::option::of((date_in_2026(), 0u64..120)),
        prop::collection::vec(date_in_2026(), 0..4),
        1usize..4,
        any::<bool>(),
        -2i32..3,
        any::<bool>(),
    )
        .prop_map(move |(when, window, except, files, rotate, priority, enabled)| {
            let mut t = format!("\n[[announcement]]\nid = \"a{i}\"\n{when}\npriority = {priority}\nenabled = {}\n", enabled || i == 0);
            let files: Vec<String> = (0..files).map(|f| format!("a{i}-{f}.ogg")).collect();
            t += &format!("files = {files:?}\n");
            if rotate {
                t += "order = \"rotate\"\n";
            }
            if let Some((from, len)) = window {
                t += &format!("from = {from}\nuntil = {}\n", from + chrono::Days::new(len));
            }
            if !except.is_empty() {
                let e: Vec<String> = except.iter().map(|d| d.to_string()).collect();
                t += &format!("except = [{}]\n", e.join(", "));
            }
            t
        })
}

fn schedule_text() -> impl Strategy<Value = String> {
    (
        prop::sample::select(ZONES),
        prop::option::of((time_text(), time_text())),
        prop::collection::vec(date_in_2026(), 0..3),
        1usize..5,
    )
        .prop_flat_map(|(zone, quiet, except, n)| {
            let anns: Vec<_> = (0..n).map(announcement).collect();
            anns.prop_map(move |anns| {
                let mut t = format!("[station]\ntimezone = \"{zone}\"\n");
                if let Some((a, b)) = &quiet
                    && a != b
                {
                    t += &format!("quiet_hours = \"{a}-{b}\"\n");
                }
                if !except.is_empty() {
                    let e: Vec<String> = except.iter().map(|d| d.to_string()).collect();
                    t += &format!("except = [{}]\n", e.join(", "));
                }
                t + &anns.concat()
            })
        })
}

fn parse(text: &str) -> Schedule {
    match schedule::parse("p.toml", text.to_string(), Path::new("."), chrono_tz::UTC) {
        Ok(l) => l.schedule,
        Err(e) => panic!("generated schedule refused: {e:?}\n{text}"),
    }
}

/// Three instants a <= b <= c within 2026, to the second.
fn instants() -> impl Strategy<Value = (DateTime<Utc>, DateTime<Utc>, DateTime<Utc>)> {
    let start = Utc
        .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .unwrap()
        .timestamp();
    (0i64..365 * 86400, 0i64..20 * 86400, 0i64..20 * 86400).prop_map(move |(a, ab, bc)| {
        let t = |s| DateTime::from_timestamp(s, 0).unwrap();
        (t(start + a), t(start + a + ab), t(start + a + ab + bc))
    })
}

fn check_occurrence(s: &Schedule, o: &Occurrence) {
    let a = &s.announcements[o.index];
    let tz = s.station.timezone;
    let date = o.local.date();
    assert!(a.enabled);
    assert!(
        a.from.is_none_or(|f| date >= f) && a.until.is_none_or(|u| date <= u),
        "outside window"
    );
    assert!(
        !a.except.contains(&date) && !s.station.except.contains(&date),
        "on an except date"
    );
    assert!(
        a.rule.matches_weekday_and_fields(date),
        "on a day the rule does not match"
    );
    assert!(
        a.rule.times().contains(&o.local.time()),
        "at a time the rule does not have"
    );
    let local_start = o.at.with_timezone(&tz).time();
    assert!(
        s.station
            .quiet_hours
            .as_ref()
            .is_none_or(|q| !q.contains(local_start)),
        "inside quiet hours"
    );
    match tz.from_local_datetime(&o.local) {
        LocalResult::Single(t) => assert_eq!(o.at, t),
        LocalResult::Ambiguous(x, y) => assert_eq!(o.at, x.min(y)),
        LocalResult::None => {
            assert!(o.at.with_timezone(&tz).naive_local() > o.local);
            let before = o.at - chrono::TimeDelta::seconds(1);
            assert!(
                before.with_timezone(&tz).naive_local() < o.local,
                "not the first instant after the gap"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn planning_a_window_equals_planning_its_two_halves(text in schedule_text(), (a, b, c) in instants()) {
        let s = parse(&text);
        let whole = plan::occurrences(&s, a, c);
        let mut halves = plan::occurrences(&s, a, b);
        halves.extend(plan::occurrences(&s, b, c));
        prop_assert_eq!(&whole, &halves);
        // A planner that remembers its rotation counts between windows agrees too, and so
        // does one asked about an earlier window after a later one.
        let mut planner = plan::Planner::new(&s);
        let mut chunked = planner.occurrences(a, b);
        chunked.extend(planner.occurrences(b, c));
        prop_assert_eq!(&whole, &chunked);
        prop_assert_eq!(planner.occurrences(a, b), plan::occurrences(&s, a, b));
    }

    #[test]
    fn every_occurrence_obeys_the_rules(text in schedule_text(), (a, _, c) in instants()) {
        let s = parse(&text);
        let agenda = plan::occurrences(&s, a, c);
        let mut seen = HashSet::new();
        for o in &agenda {
            prop_assert!(a <= o.at && o.at < c);
            check_occurrence(&s, o);
            prop_assert!(seen.insert((o.index, o.local)), "duplicate occurrence");
        }
        for w in agenda.windows(2) {
            let key = |o: &Occurrence| (o.at, -o.priority, o.index);
            prop_assert!(key(&w[0]) < key(&w[1]), "not in broadcast order");
        }
    }

    #[test]
    fn rotation_steps_one_file_per_occurrence(text in schedule_text()) {
        let s = parse(&text);
        let (a, c) = (Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(), Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap());
        let agenda = plan::occurrences(&s, a, c);
        for (i, ann) in s.announcements.iter().enumerate() {
            let turns: Vec<usize> = agenda.iter().filter(|o| o.index == i).filter_map(|o| o.rotation).collect();
            if ann.order != Order::Rotate {
                prop_assert!(turns.is_empty());
                continue;
            }
            for w in turns.windows(2) {
                prop_assert_eq!(w[1], (w[0] + 1) % ann.files.len());
            }
            // With `from`, the first occurrence in the window plays the first file.
            if let (Some(from), Some(first)) = (ann.from, agenda.iter().find(|o| o.index == i))
                && from.year() == 2026
            {
                prop_assert_eq!(first.rotation, Some(0));
            }
        }
    }
}
