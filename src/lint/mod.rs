//! Warnings that depend on today or on how long the audio is (spec §2): a window that has ended,
//! two announcements due at the same minute, a broadcast longer than the gap to the next one, an
//! announcement that will not play in the coming year, an emergency that repeats before it ends,
//! a broadcast so long that the next one will be skipped, one that runs into quiet hours, one
//! due inside a relay's window that it cannot cut into (`relays`), an `except` date already past.
//!
//! Pure: the time and the audio lengths are parameters. Each problem is reported once, at the
//! place in the file to change, with the first date it happens.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

use crate::diagnostic::Diagnostic;
use crate::plan::{self, Occurrence};
use crate::schedule::{AudioRef, Rule, Schedule, hm};
use crate::t;

mod relays;
pub use relays::{holding_relay, windows as relay_windows};

/// How far ahead the lints look.
pub const HORIZON_DAYS: u64 = 366;

/// The year is looked at two days at a time: a big schedule's year of occurrences (100,000
/// announcements: tens of millions) is never held at once, nor its week (a week of that file's
/// occurrences held 90 MB). Each window also plans the day either side of it (offsets, gaps),
/// so a single day's window would plan every day three times.
const CHUNK_DAYS: i64 = 2;
/// The most warnings of one kind spelt out; the rest are counted in one more line (ten
/// thousand announcements can make a hundred thousand pairs due in the same minute, and nobody
/// reads the hundred-thousandth).
const MAX_PER_KIND: usize = 10;

pub fn lint(
    s: &Schedule,
    now: DateTime<Utc>,
    file_length: &dyn Fn(&AudioRef) -> Option<Duration>,
) -> Vec<Diagnostic> {
    let src = s.source();
    let tz = s.station.timezone;
    let today = now.with_timezone(&tz).date_naive();
    let end = plan::add_local_days(tz, now, HORIZON_DAYS);
    let mut out = Vec::new();

    // One pass over the year, in chunks that end on a minute boundary (so that occurrences of
    // one minute are never split); the last occurrence of a chunk is carried to the next.
    let mut plays = vec![false; s.announcements.len()];
    let mut pairs = Pairs {
        same_minute: Kind::new(s.announcements.len()),
        overlap: Kind::new(s.announcements.len()),
        in_relay: Kind::new(s.announcements.len()),
    };
    let mut planner = plan::Planner::new(s);
    let mut lengths = Lengths::default();
    let mut into_quiet = HashSet::new();
    let mut holder: Option<(Occurrence, DateTime<Utc>)> = None;
    let mut from = now;
    while from < end {
        let next = from + TimeDelta::days(CHUNK_DAYS);
        let to = if next >= end {
            end
        } else {
            next - TimeDelta::seconds(next.timestamp().rem_euclid(60))
                - TimeDelta::nanoseconds(i64::from(next.timestamp_subsec_nanos()))
        };
        let chunk = planner.occurrences(from, to);
        for o in &chunk {
            plays[o.index] = true;
        }
        same_minute(
            s,
            &chunk,
            file_length,
            &mut lengths,
            &mut pairs.same_minute,
            &mut out,
        );
        into_quiet_hours(
            s,
            chunk.iter(),
            file_length,
            &mut lengths,
            &mut into_quiet,
            &mut out,
        );
        overlaps(
            s,
            chunk.iter(),
            file_length,
            &mut lengths,
            &mut holder,
            &mut pairs.overlap,
            &mut out,
        );
        relays::held_by_relays(
            s,
            &chunk,
            &relays::windows(s, from, to),
            &mut pairs.in_relay,
            &mut out,
        );
        from = to;
    }

    for (i, a) in s.announcements.iter().enumerate() {
        if !a.enabled {
            continue;
        }
        if let Some(until) = a.until
            && until < today
        {
            out.push(src.warning(
                a.span.clone(),
                t!(
                    "lint-window-ended",
                    id = a.id.as_str(),
                    until = until.to_string()
                ),
            ));
            continue;
        }
        let starts_soon = a
            .from
            .is_none_or(|f| f <= end.with_timezone(&tz).date_naive());
        if starts_soon && !plays[i] {
            let why = match &a.rule {
                Rule::Cron(_) => "cron",
                Rule::At { .. } => "days",
            };
            out.push(src.warning(
                a.rule_span.clone(),
                t!(
                    "lint-never-plays",
                    id = a.id.as_str(),
                    days = HORIZON_DAYS,
                    why = why
                ),
            ));
        }
    }

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
                t!(
                    "lint-emergency-no-pause",
                    id = e.id.as_str(),
                    length = crate::audio::probe::mmss(total.as_secs_f64()),
                    every = crate::i18n::words::duration(every)
                ),
            ));
        }
    }
    // No zone in the file, and the system's is UTC (a fresh image, a container): 05:30 would
    // air at 12:30 in Vietnam.
    if !s.station.timezone_from_file && is_utc_alias(s.station.timezone.name()) {
        out.push(
            src.warning(
                0..0,
                t!("lint-zone-utc", now = now.format("%H:%M").to_string()),
            )
            .with_help(t!(
                "lint-zone-utc-help",
                zone = crate::suggest::VIETNAM_ZONE
            )),
        );
    }
    // `except` dates already past: harmless, but a sign the list was copied from last year.
    let past = |spans: &[(chrono::NaiveDate, crate::diagnostic::Span)],
                out: &mut Vec<Diagnostic>| {
        for (d, span) in spans.iter().filter(|(d, _)| *d < today) {
            out.push(
                src.warning(span.clone(), t!("lint-except-past", date = d.to_string()))
                    .with_help(t!("lint-except-past-help")),
            );
        }
    };
    past(&s.station.except_spans, &mut out);
    for r in s.relays.iter().filter(|r| r.enabled) {
        past(&r.except_spans, &mut out);
    }
    for a in s.announcements.iter().filter(|a| a.enabled) {
        past(&a.except_spans, &mut out);
    }
    out.extend(pairs.same_minute.summary("same-minute"));
    out.extend(pairs.overlap.summary("overlap"));
    out.extend(pairs.in_relay.summary("in-relay"));
    // `diagnostic::sort` orders them by place.
    out
}

/// Pairs of announcements already warned about, per kind: each problem is said once, the first
/// `MAX_PER_KIND` of a kind in full; past them, the announcements involved are only counted.
/// Linear in the occurrences, however many share a minute.
struct Pairs {
    same_minute: Kind,
    overlap: Kind,
    in_relay: Kind,
}

struct Kind {
    said: HashSet<(usize, usize)>,
    /// Announcements involved, for the count of what was not said.
    involved: Vec<bool>,
    /// Where the first unsaid one points.
    first_unsaid: Option<Diagnostic>,
}

impl Kind {
    fn new(n: usize) -> Kind {
        Kind {
            said: HashSet::new(),
            involved: vec![false; n],
            first_unsaid: None,
        }
    }

    fn full(&self) -> bool {
        self.said.len() >= MAX_PER_KIND
    }

    /// The summary of what was not said: how many more announcements are involved.
    fn summary(self, what: &str) -> Option<Diagnostic> {
        let named: HashSet<usize> = self.said.iter().flat_map(|&(a, b)| [a, b]).collect();
        let more = self
            .involved
            .iter()
            .enumerate()
            .filter(|&(i, &x)| x && !named.contains(&i))
            .count();
        let mut d = self.first_unsaid?;
        if more == 0 {
            return None;
        }
        d.message = t!("lint-and-more", n = more, kind = what);
        Some(d)
    }
}

/// How long an occurrence's playlist lasts, by announcement and rotation: worked out once, not
/// once per occurrence.
#[derive(Default)]
struct Lengths(HashMap<(usize, Option<usize>), Option<Duration>>);

impl Lengths {
    fn of(
        &mut self,
        s: &Schedule,
        o: &Occurrence,
        file_length: &dyn Fn(&AudioRef) -> Option<Duration>,
    ) -> Option<Duration> {
        *self
            .0
            .entry((o.index, o.rotation))
            .or_insert_with(|| plan::length(&plan::playlist(s, o), file_length))
    }
}

/// Two different announcements due at the same local minute: once per pair.
fn same_minute(
    s: &Schedule,
    agenda: &[Occurrence],
    file_length: &dyn Fn(&AudioRef) -> Option<Duration>,
    lengths: &mut Lengths,
    kind: &mut Kind,
    out: &mut Vec<Diagnostic>,
) {
    let src = s.source();
    let minute = |o: &Occurrence| o.at.timestamp().div_euclid(60);
    let mut k = 0;
    while k < agenda.len() {
        let group = &agenda[k..];
        let n = group
            .iter()
            .take_while(|p| minute(p) == minute(&agenda[k]))
            .count();
        let group = &group[..n];
        k += n;
        if group.iter().all(|o| o.index == group[0].index) {
            continue;
        }
        for o in group {
            kind.involved[o.index] = true;
        }
        for (i, o) in group.iter().enumerate() {
            for p in &group[i + 1..] {
                if p.index == o.index {
                    continue;
                }
                let pair = (o.index.min(p.index), o.index.max(p.index));
                if kind.said.contains(&pair) {
                    continue;
                }
                let (first, second) = (&s.announcements[o.index], &s.announcements[p.index]);
                // The second starts when the first ends: past max_delay, it is skipped.
                let late = lengths
                    .of(s, o, file_length)
                    .and_then(|l| TimeDelta::from_std(l).ok())
                    .map(|l| o.at + l - p.at);
                let skipped = late.is_some_and(|l| will_be_skipped(s, l));
                let d = src.warning(
                    second.rule_span.clone(),
                    t!(
                        "lint-same-minute",
                        first = first.id.as_str(),
                        first_at = hm(o.local.time()),
                        second = second.id.as_str(),
                        second_at = hm(p.local.time()),
                        date = p.local.date().to_string(),
                        outcome = if skipped { "skipped" } else { "after" },
                        max_delay = crate::i18n::words::duration(s.station.max_delay)
                    ),
                );
                if kind.full() {
                    kind.first_unsaid.get_or_insert(d);
                    break;
                }
                kind.said.insert(pair);
                out.push(d);
            }
            if kind.full() && kind.first_unsaid.is_some() {
                break;
            }
        }
    }
}

/// "UTC", "Etc/UTC", "GMT", "Zulu"…: the names a system without a zone of its own reports.
fn is_utc_alias(name: &str) -> bool {
    let bare = name.strip_prefix("Etc/").unwrap_or(name);
    matches!(
        bare,
        "UTC" | "UCT" | "Universal" | "Zulu" | "GMT" | "GMT0" | "GMT+0" | "GMT-0" | "Greenwich"
    )
}

/// Whether a broadcast that would start `late` after its time is skipped (§3: past `max_delay`).
pub fn will_be_skipped(s: &Schedule, late: TimeDelta) -> bool {
    // The dispatcher skips what is still waiting at its deadline (time + max_delay): one that
    // could only start exactly then is skipped too. On time is never skipped.
    late > TimeDelta::zero()
        && TimeDelta::from_std(s.station.max_delay).is_ok_and(|max| late >= max)
}

/// A broadcast that starts before quiet hours and is still playing when they begin: once per
/// announcement.
fn into_quiet_hours<'a>(
    s: &Schedule,
    agenda: impl Iterator<Item = &'a Occurrence>,
    file_length: &dyn Fn(&AudioRef) -> Option<Duration>,
    lengths: &mut Lengths,
    said: &mut HashSet<usize>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(q) = &s.station.quiet_hours else {
        return;
    };
    let src = s.source();
    for o in agenda {
        if said.contains(&o.index) || q.contains(o.local.time()) {
            continue;
        }
        let Some(len) = lengths.of(s, o, file_length) else {
            continue;
        };
        let Ok(len) = TimeDelta::from_std(len) else {
            continue;
        };
        let mut quiet_from = o.local.date().and_time(q.start);
        if quiet_from <= o.local {
            quiet_from += TimeDelta::days(1);
        }
        let ends = o.local + len;
        if ends <= quiet_from {
            continue;
        }
        said.insert(o.index);
        let a = &s.announcements[o.index];
        out.push(
            src.warning(
                a.rule_span.clone(),
                t!(
                    "lint-into-quiet",
                    id = a.id.as_str(),
                    at = hm(o.local.time()),
                    until = hm(ends.time()),
                    quiet = q.to_string()
                ),
            )
            .with_help(t!("lint-into-quiet-help")),
        );
    }
}

/// A broadcast still playing when the next one is due: once per pair. The output is followed as
/// the dispatcher would hold it (§3): a late broadcast starts when the one before ends, a
/// broadcast later than `max_delay` is skipped and holds nothing, so a chain of them is seen.
fn overlaps<'a>(
    s: &Schedule,
    agenda: impl Iterator<Item = &'a Occurrence>,
    file_length: &dyn Fn(&AudioRef) -> Option<Duration>,
    lengths: &mut Lengths,
    holder: &mut Option<(Occurrence, DateTime<Utc>)>,
    kind: &mut Kind,
    out: &mut Vec<Diagnostic>,
) {
    let src = s.source();
    let mut length = |o: &Occurrence| {
        lengths
            .of(s, o, file_length)
            .and_then(|l| TimeDelta::from_std(l).ok())
            .unwrap_or_default()
    };
    for next in agenda {
        let Some((o, end)) = holder.clone().filter(|(_, end)| *end > next.at) else {
            *holder = Some((next.clone(), next.at + length(next)));
            continue;
        };
        let skipped = will_be_skipped(s, end - next.at);
        let same_minute = o.at.timestamp().div_euclid(60) == next.at.timestamp().div_euclid(60)
            && o.index != next.index;
        let pair = (o.index, next.index);
        // A same-minute pair has its own warning.
        let quiet =
            same_minute || kind.said.contains(&pair) || (kind.full() && kind.involved[o.index]);
        if !quiet {
            kind.involved[o.index] = true;
            let (a, b) = (&s.announcements[o.index], &s.announcements[next.index]);
            let tz = s.station.timezone;
            let d = src
                .warning(
                    a.rule_span.clone(),
                    t!(
                        "lint-overlap",
                        id = a.id.as_str(),
                        at = hm(o.local.time()),
                        date = o.local.date().to_string(),
                        until = hm(end.with_timezone(&tz).time()),
                        next = b.id.as_str(),
                        next_at = hm(next.local.time()),
                        outcome = if skipped { "skipped" } else { "late" },
                        max_delay = crate::i18n::words::duration(s.station.max_delay)
                    ),
                )
                .with_help(t!(
                    "lint-overlap-help",
                    id = a.id.as_str(),
                    next = b.id.as_str()
                ));
            if kind.full() {
                kind.first_unsaid.get_or_insert(d);
            } else {
                kind.said.insert(pair);
                out.push(d);
            }
        }
        if !skipped {
            // It plays late, from the end of the one before.
            *holder = Some((next.clone(), end + length(next)));
        }
    }
}

#[cfg(test)]
mod tests;
