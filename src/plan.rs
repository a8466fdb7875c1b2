//! The planner: every occurrence a schedule produces between two instants. Pure: no clock, no I/O.
//!
//! An occurrence is identified by its announcement and its *scheduled local time* (the wall-clock
//! time written in the file on that date); it plays at an instant found by these rules (spec §2):
//!
//! - a local time that does not exist that day (skipped by a daylight-saving change) plays at the
//!   first instant after the gap; a local time that occurs twice plays once, at its first
//!   occurrence; the same for `at` and `cron`;
//! - if that moves two times of one announcement onto the same instant (02:30 and 03:00 on a
//!   spring-forward day), it plays once, as the earlier scheduled time;
//! - dates outside `from`..=`until`, in the announcement's or the station's `except`, and start
//!   times inside quiet hours produce no occurrence; a disabled announcement produces none.
//!
//! Order: by instant, then priority (high first), then order in the file.
//!
//! Rotation (`order = "rotate"`): occurrences are numbered from the first one on or after `from`
//! (or on or after [`ROTATION_EPOCH`] when there is no `from`); occurrence *n* plays file
//! *n mod len*. The numbering counts the occurrences this planner produces, so a date in `except`
//! or a time in quiet hours does not use up a file, and a broadcast skipped or missed at run time
//! does not shift the rotation. Planning any window gives the same file for the same occurrence.

use std::collections::HashMap;
use std::ops::Range;

use chrono::{DateTime, Days, LocalResult, NaiveDate, NaiveDateTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

use crate::schedule::{Announcement, AudioRef, Order, Relay, Rule, Schedule};

/// What the planner needs of an entry that plays at set times: an announcement or a relay.
pub trait Timing {
    fn rule(&self) -> &Rule;
    fn from(&self) -> Option<NaiveDate>;
    fn until(&self) -> Option<NaiveDate>;
    /// Sorted.
    fn except(&self) -> &[NaiveDate];
}

impl Timing for Announcement {
    fn rule(&self) -> &Rule {
        &self.rule
    }
    fn from(&self) -> Option<NaiveDate> {
        self.from
    }
    fn until(&self) -> Option<NaiveDate> {
        self.until
    }
    fn except(&self) -> &[NaiveDate] {
        &self.except
    }
}

impl Timing for Relay {
    fn rule(&self) -> &Rule {
        &self.rule
    }
    fn from(&self) -> Option<NaiveDate> {
        self.from
    }
    fn until(&self) -> Option<NaiveDate> {
        self.until
    }
    fn except(&self) -> &[NaiveDate] {
        &self.except
    }
}

/// One window of a relay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelayOccurrence {
    /// Index of the relay in `Schedule::relays`.
    pub index: usize,
    pub local: NaiveDateTime,
    /// When the window opens; it closes `duration` later.
    pub at: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub priority: i32,
}

/// Every relay window opening with `from <= at < to`, in order.
pub fn relay_occurrences(
    s: &Schedule,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<RelayOccurrence> {
    let mut out = Vec::new();
    if from >= to {
        return out;
    }
    let tz = s.station.timezone;
    let mut day = Vec::new();
    for (index, r) in s.relays.iter().enumerate().filter(|(_, r)| r.enabled) {
        let mut first = local_date(tz, from).pred_opt().unwrap_or(NaiveDate::MIN);
        let mut last = local_date(tz, to).succ_opt().unwrap_or(NaiveDate::MAX);
        if let Some(f) = r.from {
            first = first.max(f);
        }
        if let Some(u) = r.until {
            last = last.min(u);
        }
        for d in first.iter_days().take_while(|d| *d <= last) {
            if !day_allowed(s, r, d) {
                continue;
            }
            day_times(s, r, d, &mut day);
            for (local, at) in day.drain(..) {
                if from <= at && at < to {
                    let end = at + TimeDelta::from_std(r.duration).unwrap_or(TimeDelta::zero());
                    out.push(RelayOccurrence {
                        index,
                        local,
                        at,
                        end,
                        priority: r.priority,
                    });
                }
            }
        }
    }
    out.sort_by(|a, b| {
        a.at.cmp(&b.at)
            .then(b.priority.cmp(&a.priority))
            .then(a.index.cmp(&b.index))
    });
    out
}

/// Where rotation counting starts for an announcement without `from`: Monday 2024-01-01.
pub const ROTATION_EPOCH: NaiveDate = match NaiveDate::from_ymd_opt(2024, 1, 1) {
    Some(d) => d,
    None => panic!("valid date"),
};

/// One broadcast the schedule asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    /// Index of the announcement in `Schedule::announcements`.
    pub index: usize,
    /// The scheduled wall-clock time; with the announcement id, the occurrence's identity.
    pub local: NaiveDateTime,
    /// When it plays.
    pub at: DateTime<Utc>,
    pub priority: i32,
    /// For `order = "rotate"`: which file this occurrence plays.
    pub rotation: Option<usize>,
    /// A relay's window: `index` is then into `Schedule::relays`, and the window ends here.
    pub relay: Option<DateTime<Utc>>,
}

impl Occurrence {
    /// The files it plays, as indexes into the announcement's `files`, in order.
    pub fn file_indexes(&self, a: &Announcement) -> Range<usize> {
        match self.rotation {
            Some(i) => i..i + 1,
            None => 0..a.files.len(),
        }
    }
}

/// Every broadcast the daemon plays with `from <= at < to`: the announcements' occurrences and
/// the relays' windows together, in broadcast order (a relay after an announcement of the same
/// instant and priority).
pub fn broadcasts(s: &Schedule, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Occurrence> {
    let mut out = occurrences(s, from, to);
    if s.relays.is_empty() {
        return out;
    }
    out.extend(
        relay_occurrences(s, from, to)
            .into_iter()
            .map(|r| Occurrence {
                index: r.index,
                local: r.local,
                at: r.at,
                priority: r.priority,
                rotation: None,
                relay: Some(r.end),
            }),
    );
    out.sort_by(|a, b| {
        a.at.cmp(&b.at)
            .then(b.priority.cmp(&a.priority))
            .then(a.relay.is_some().cmp(&b.relay.is_some()))
            .then(a.index.cmp(&b.index))
    });
    out
}

/// Every occurrence with `from <= at < to`, in broadcast order.
pub fn occurrences(s: &Schedule, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Occurrence> {
    Planner::new(s).occurrences(from, to)
}

/// Plans windows of one schedule one after another (a year, a week at a time), remembering for
/// each rotating announcement how many occurrences it had before the previous window: each
/// window then counts only the days since, not every day from the rotation's start.
pub struct Planner<'a> {
    s: &'a Schedule,
    counts: HashMap<usize, (NaiveDate, i64)>,
    /// How many the previous window had: the next one is given that room at once, not twice
    /// what it needs by doubling (a window of 100,000 announcements holds 250,000).
    last: usize,
}

impl<'a> Planner<'a> {
    pub fn new(s: &'a Schedule) -> Planner<'a> {
        Planner {
            s,
            counts: HashMap::new(),
            last: 0,
        }
    }

    /// Every occurrence with `from <= at < to`, in broadcast order.
    pub fn occurrences(&mut self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Occurrence> {
        let mut out = Vec::with_capacity(self.last + self.last / 8);
        if from >= to {
            return out;
        }
        let s = self.s;
        for index in 0..s.announcements.len() {
            let counts = &mut self.counts;
            let mut count = |a: &Announcement, d: NaiveDate| {
                let n = match counts.get(&index) {
                    Some(&(at, n)) if d >= at => n + count_between(s, a, at, d),
                    _ => count_before(s, a, d),
                };
                counts.insert(index, (d, n));
                n
            };
            announcement_occurrences(s, index, from, to, &mut count, &mut out);
        }
        out.sort_by(|a, b| {
            a.at.cmp(&b.at)
                .then(b.priority.cmp(&a.priority))
                .then(a.index.cmp(&b.index))
        });
        self.last = out.len();
        out
    }
}

/// The instant a scheduled local time plays at, by the daylight-saving rules above.
pub fn resolve(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(a, b) => a.min(b).with_timezone(&Utc),
        LocalResult::None => after_gap(tz, local),
    }
}

/// The first instant whose local time is at or after `local`, which lies in a gap: the instant
/// the clocks jumped. Offsets lie within -12h..+14h, so it is within ±15h of `local` read as UTC.
fn after_gap(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    // Whole seconds: clocks change on a whole second, and halving a span of nanoseconds would
    // land a fraction of a second after the change.
    let guess = local.and_utc().timestamp();
    let (mut lo, mut hi) = (guess - 15 * 3600, guess + 15 * 3600);
    let local_at =
        |secs: i64| DateTime::from_timestamp(secs, 0).map(|t| t.with_timezone(&tz).naive_local());
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if local_at(mid).is_none_or(|l| l >= local) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    DateTime::from_timestamp(hi, 0).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

fn announcement_occurrences(
    s: &Schedule,
    index: usize,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    count_before: &mut dyn FnMut(&Announcement, NaiveDate) -> i64,
    out: &mut Vec<Occurrence>,
) {
    let a = &s.announcements[index];
    if !a.enabled {
        return;
    }
    let tz = s.station.timezone;
    // A day's occurrences can fall up to a day either side of its date (offsets, gaps).
    let mut first = local_date(tz, from).pred_opt().unwrap_or(NaiveDate::MIN);
    let mut last = local_date(tz, to).succ_opt().unwrap_or(NaiveDate::MAX);
    if let Some(f) = a.from {
        first = first.max(f);
    }
    if let Some(u) = a.until {
        last = last.min(u);
    }
    if first > last {
        return;
    }
    let rotate = a.order == Order::Rotate && !a.files.is_empty();
    let mut number = if rotate { count_before(a, first) } else { 0 };
    let mut day = Vec::new();
    for d in first.iter_days().take_while(|d| *d <= last) {
        if !day_allowed(s, a, d) {
            continue;
        }
        day_times(s, a, d, &mut day);
        for (local, at) in day.drain(..) {
            if from <= at && at < to {
                out.push(Occurrence {
                    index,
                    local,
                    at,
                    priority: a.priority,
                    rotation: rotate.then(|| number.rem_euclid(a.files.len() as i64) as usize),
                    relay: None,
                });
            }
            number += 1;
        }
    }
}

fn local_date(tz: Tz, t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&tz).date_naive()
}

/// Whether an announcement (or a relay) may play at all on a local date.
fn day_allowed(s: &Schedule, a: &impl Timing, d: NaiveDate) -> bool {
    a.from().is_none_or(|f| d >= f)
        && a.until().is_none_or(|u| d <= u)
        && a.except().binary_search(&d).is_err()
        && s.station.except.binary_search(&d).is_err()
        && a.rule().matches_weekday_and_fields(d)
}

/// The occurrences of an allowed date, in order: (scheduled local time, instant).
fn day_times(
    s: &Schedule,
    a: &impl Timing,
    d: NaiveDate,
    out: &mut Vec<(NaiveDateTime, DateTime<Utc>)>,
) {
    let tz = s.station.timezone;
    for t in a.rule().times() {
        let local = d.and_time(*t);
        let at = resolve(tz, local);
        if let Some(q) = &s.station.quiet_hours
            && q.contains(at.with_timezone(&tz).time())
        {
            continue;
        }
        // Resolution never moves a later time before an earlier one, so equal instants are
        // neighbours; keep the earlier scheduled time.
        if out.last().is_some_and(|(_, prev)| *prev == at) {
            continue;
        }
        out.push((local, at));
    }
}

/// How many occurrences the announcement has on dates from its rotation start up to `d`
/// (negative when `d` is before the start).
fn count_before(s: &Schedule, a: &Announcement, d: NaiveDate) -> i64 {
    let start = a.from.unwrap_or(ROTATION_EPOCH);
    if d >= start {
        count_between(s, a, start, d)
    } else {
        -count_between(s, a, d, start)
    }
}

/// Occurrences on dates in `[a_date, b_date)`. Days far from a clock change all have the same
/// number, computed once; only days near a change are planned one by one.
fn count_between(s: &Schedule, a: &Announcement, first: NaiveDate, end: NaiveDate) -> i64 {
    let tz = s.station.timezone;
    let regular = a
        .rule
        .times()
        .iter()
        .filter(|t| {
            s.station
                .quiet_hours
                .as_ref()
                .is_none_or(|q| !q.contains(**t))
        })
        .count() as i64;
    let changes = clock_change_days(tz, first, end);
    let mut n = 0;
    let mut day = Vec::new();
    for d in first.iter_days().take_while(|d| *d < end) {
        if !day_allowed(s, a, d) {
            continue;
        }
        if changes.binary_search(&d).is_ok() {
            day_times(s, a, d, &mut day);
            n += day.len() as i64;
            day.clear();
        } else {
            n += regular;
        }
    }
    n
}

/// The dates in `[first, end)` near a change of the zone's offset, ascending. Samples the offset
/// every third day and looks closely only where it differs, so a year costs ~120 look-ups.
fn clock_change_days(tz: Tz, first: NaiveDate, end: NaiveDate) -> Vec<NaiveDate> {
    use chrono::Offset;
    const STEP: u64 = 3;
    let offset_at = |d: NaiveDate| {
        d.and_hms_opt(0, 0, 0).map(|t| {
            tz.offset_from_utc_datetime(&(t.and_utc() - TimeDelta::hours(15)).naive_utc())
                .fix()
        })
    };
    let mut out = Vec::new();
    let mut d = first;
    let mut prev = offset_at(d);
    while d < end {
        let Some(next) = d.checked_add_days(Days::new(STEP)) else {
            break;
        };
        let o = offset_at(next);
        if o != prev {
            let from = d.pred_opt().unwrap_or(d);
            for x in from.iter_days().take_while(|x| *x <= next) {
                if x >= first && x < end && near_clock_change(tz, x) && out.last() != Some(&x) {
                    out.push(x);
                }
            }
        }
        prev = o;
        d = next;
    }
    out
}

/// Whether the zone's offset changes anywhere near local date `d` (with margin to spare).
fn near_clock_change(tz: Tz, d: NaiveDate) -> bool {
    use chrono::Offset;
    let start = d
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc() - TimeDelta::hours(15));
    let end = d
        .checked_add_days(Days::new(1))
        .and_then(|n| n.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc() + TimeDelta::hours(15));
    match (start, end) {
        (Some(a), Some(b)) => {
            tz.offset_from_utc_datetime(&a.naive_utc()).fix()
                != tz.offset_from_utc_datetime(&b.naive_utc()).fix()
        }
        _ => true,
    }
}

/// Local midnight of `d` as an instant (the first instant of the day if midnight is skipped).
pub fn start_of_day(tz: Tz, d: NaiveDate) -> DateTime<Utc> {
    resolve(tz, d.and_time(chrono::NaiveTime::MIN))
}

/// Adds whole local days to a local date-time, as a person would ("3 days from now").
pub fn add_local_days(tz: Tz, t: DateTime<Utc>, days: u64) -> DateTime<Utc> {
    let local = t.with_timezone(&tz).naive_local();
    match local.checked_add_days(Days::new(days)) {
        Some(l) => resolve(tz, l),
        None => DateTime::<Utc>::MAX_UTC,
    }
}

/// One step of a broadcast: a file, or silence between repeats.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment<'a> {
    Audio(&'a AudioRef),
    Gap(std::time::Duration),
}

/// What an occurrence plays, in order: the chime, then its files `repeat` times with `gap`
/// between the repeats.
pub fn playlist<'a>(s: &'a Schedule, o: &Occurrence) -> Vec<Segment<'a>> {
    let a = &s.announcements[o.index];
    let mut out = Vec::new();
    if let Some(c) = s.chime_for(a) {
        out.push(Segment::Audio(c));
    }
    for r in 0..a.repeat {
        if r > 0 && !a.gap.is_zero() {
            out.push(Segment::Gap(a.gap));
        }
        out.extend(a.files[o.file_indexes(a)].iter().map(Segment::Audio));
    }
    out
}

/// How long a playlist lasts, if the length of every file is known.
pub fn length(
    segments: &[Segment<'_>],
    file_length: impl Fn(&AudioRef) -> Option<std::time::Duration>,
) -> Option<std::time::Duration> {
    segments
        .iter()
        .try_fold(std::time::Duration::ZERO, |sum, seg| {
            Some(
                sum + match seg {
                    Segment::Audio(f) => file_length(f)?,
                    Segment::Gap(g) => *g,
                },
            )
        })
}
