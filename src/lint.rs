//! Warnings that depend on today or on how long the audio is (spec §2): a window that has ended,
//! two announcements due at the same minute, a broadcast longer than the gap to the next one, an
//! announcement that will not play in the coming year, an emergency that repeats before it ends.
//!
//! Pure: the time and the audio lengths are parameters. Each problem is reported once, at the
//! place in the file to change, with the first date it happens.

use std::collections::HashSet;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

use crate::diagnostic::Diagnostic;
use crate::plan::{self, Occurrence};
use crate::schedule::{AudioRef, Rule, Schedule, hm};

/// How far ahead the lints look.
pub const HORIZON_DAYS: u64 = 366;

pub fn lint(
    s: &Schedule,
    now: DateTime<Utc>,
    file_length: &dyn Fn(&AudioRef) -> Option<Duration>,
) -> Vec<Diagnostic> {
    let src = s.source();
    let tz = s.station.timezone;
    let today = now.with_timezone(&tz).date_naive();
    let end = plan::add_local_days(tz, now, HORIZON_DAYS);
    let agenda = plan::occurrences(s, now, end);
    let mut out = Vec::new();

    for (i, a) in s.announcements.iter().enumerate() {
        if !a.enabled {
            continue;
        }
        if let Some(until) = a.until
            && until < today
        {
            out.push(src.warning(
                a.span.clone(),
                format!(
                    "announcement \"{}\": its window ended on {until}; it will not play again",
                    a.id
                ),
            ));
            continue;
        }
        let starts_soon = a
            .from
            .is_none_or(|f| f <= end.with_timezone(&tz).date_naive());
        if starts_soon && !agenda.iter().any(|o| o.index == i) {
            let why = match &a.rule {
                Rule::Cron(_) => "no date in its window matches the cron expression",
                Rule::At { .. } => "no date in its window matches its days",
            };
            out.push(src.warning(
                a.rule_span.clone(),
                format!(
                    "announcement \"{}\" will not play in the next {HORIZON_DAYS} days: {why}",
                    a.id
                ),
            ));
        }
    }

    same_minute(s, &agenda, &mut out);
    overlaps(s, &agenda, file_length, &mut out);

    for e in &s.emergencies {
        let Some(every) = e.every else { continue };
        let segs: Vec<&AudioRef> = e.alert.iter().chain(e.files.iter()).collect();
        let one: Option<Duration> = segs.iter().map(|f| file_length(f)).sum();
        let total = one.map(|d| d * e.repeat + e.gap * e.repeat.saturating_sub(1));
        if let Some(total) = total
            && total >= every
        {
            out.push(src.warning(
                e.span.clone(),
                format!(
                    "emergency preset \"{}\" lasts {} but repeats every {}: it will play without a pause",
                    e.id,
                    crate::audio::probe::mmss(total.as_secs_f64()),
                    humantime::format_duration(every)
                ),
            ));
        }
    }
    out
}

/// Two different announcements due at the same local minute: once per pair.
fn same_minute(s: &Schedule, agenda: &[Occurrence], out: &mut Vec<Diagnostic>) {
    let src = s.source();
    let mut seen = HashSet::new();
    let minute = |o: &Occurrence| o.at.timestamp().div_euclid(60);
    for (k, o) in agenda.iter().enumerate() {
        for p in agenda[k + 1..]
            .iter()
            .take_while(|p| minute(p) == minute(o))
        {
            if p.index == o.index || !seen.insert((o.index.min(p.index), o.index.max(p.index))) {
                continue;
            }
            let (first, second) = (&s.announcements[o.index], &s.announcements[p.index]);
            out.push(src.warning(
                second.rule_span.clone(),
                format!(
                    "\"{}\" ({}) and \"{}\" ({}) are due in the same minute on {}; they will play one after the other, \"{}\" first",
                    first.id,
                    hm(o.local.time()),
                    second.id,
                    hm(p.local.time()),
                    p.local.date(),
                    first.id
                ),
            ));
        }
    }
}

/// A broadcast still playing when the next one is due: once per pair.
fn overlaps(
    s: &Schedule,
    agenda: &[Occurrence],
    file_length: &dyn Fn(&AudioRef) -> Option<Duration>,
    out: &mut Vec<Diagnostic>,
) {
    let src = s.source();
    let mut seen = HashSet::new();
    for pair in agenda.windows(2) {
        let (o, next) = (&pair[0], &pair[1]);
        if o.at.timestamp().div_euclid(60) == next.at.timestamp().div_euclid(60)
            && o.index != next.index
        {
            continue; // already a same-minute warning
        }
        let Some(len) = plan::length(&plan::playlist(s, o), file_length) else {
            continue;
        };
        let gap = next.at - o.at;
        let Ok(len_delta) = TimeDelta::from_std(len) else {
            continue;
        };
        if len_delta <= gap || !seen.insert((o.index, next.index)) {
            continue;
        }
        let (a, b) = (&s.announcements[o.index], &s.announcements[next.index]);
        out.push(src.warning(
            a.rule_span.clone(),
            format!(
                "\"{}\" at {} on {} lasts {}, longer than the {} until \"{}\" is due; \"{}\" will start late",
                a.id,
                hm(o.local.time()),
                o.local.date(),
                crate::audio::probe::mmss(len.as_secs_f64()),
                crate::audio::probe::mmss(gap.num_milliseconds() as f64 / 1000.0),
                b.id,
                b.id
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
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
        let t =
            format!("{HEAD}[[announcement]]\nid = \"a\"\nfiles = [\"a.mp3\"]\nat = \"05:30\"\n");
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
        assert!(l[1].contains("\"b\" at 05:30:20 on 2026-12-02 lasts 0:50, longer than the 0:40 until \"c\" is due"), "{}", l[1]);
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
                "s.toml:3:1: warning: emergency preset \"bao\" lasts 1:00 but repeats every 1m: it will play without a pause"
            ]
        );
    }
}
