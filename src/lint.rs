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
                    "\"{}\" and \"{}\" are both due at {} on {}; they will play one after the other, \"{}\" first",
                    first.id,
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
