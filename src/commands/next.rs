//! `loa next`: the agenda computed from the file alone (no daemon), as a table or JSON.

use std::collections::HashMap;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use chrono::{DateTime, NaiveDate, SecondsFormat, Timelike, Utc};
use serde::Serialize;

use crate::audio::Depth;
use crate::clock::Clock;
use crate::plan::{self, Occurrence};
use crate::schedule::{AudioRef, Schedule};

use crate::t;

use super::{OK, USER_ERROR, fit, length_text, load_schedule, probe_schedule};

/// One line of `loa next --json`. `files` are as written in the schedule, in the order this
/// occurrence plays them (for `order = "rotate"`, the one file of this turn); the chime, if any,
/// is apart in `chime`, and `repeat` says how many times the files are played.
#[derive(Serialize)]
struct Item<'a> {
    id: &'a str,
    title: &'a str,
    at: String,
    local: String,
    weekday: String,
    files: Vec<&'a str>,
    chime: Option<&'a str>,
    repeat: u32,
    priority: i32,
    duration_seconds: Option<f64>,
    /// The broadcast before (or a relay window it cannot cut into) still plays past this
    /// one's `max_delay`: it will be skipped.
    will_be_skipped: bool,
    /// The relay whose window it falls in and cannot cut into: it waits for the window's end.
    #[serde(skip_serializing_if = "Option::is_none")]
    held_by_relay: Option<&'a str>,
    /// What it reads aloud (spec §13); `files` is then its sound in the cache.
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
}

pub fn run(
    config: &Path,
    date: Option<super::dates::Day>,
    days: u32,
    json: bool,
    clock: &dyn Clock,
    state_dir: &Path,
) -> i32 {
    let mut loaded = match load_schedule(config) {
        Ok(l) => l,
        Err(code) => return code,
    };
    // Texts already rendered have a length; the others are rendered when the daemon loads them.
    crate::tts::prepare::locate(&mut loaded.schedule, state_dir);
    let s = &loaded.schedule;
    let tz = s.station.timezone;
    let today = clock.now().with_timezone(&tz).date_naive();
    let (from, to) = match date.map(|d| d.first(today)) {
        Some(d) => {
            let end = d
                .checked_add_days(chrono::Days::new(days.into()))
                .unwrap_or(NaiveDate::MAX);
            (plan::start_of_day(tz, d), plan::start_of_day(tz, end))
        }
        None => {
            let now = clock.now();
            (now, plan::add_local_days(tz, now, days.into()))
        }
    };
    let agenda = plan::occurrences(s, from, to);
    let (probed, problems) = probe_schedule(s, Depth::Header);
    if problems.iter().any(|d| d.is_error()) {
        eprintln!(
            "loa: {}",
            t!(
                "next-audio-problems",
                n = problems.iter().filter(|d| d.is_error()).count()
            )
        );
    }
    let length = |f: &AudioRef| probed.get(&f.path).map(|p| p.duration);
    let mut out = BufWriter::new(io::stdout().lock());
    let written = if json {
        write_json(
            &mut out,
            s,
            &agenda,
            &plan::relay_occurrences(s, from, to),
            &length,
            &mut |_| true,
        )
    } else {
        write_table(&mut out, s, &agenda, from, to, &length)
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => OK,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => OK,
        Err(e) => {
            eprintln!("loa: {}", t!("next-cannot-write", why = e.to_string()));
            USER_ERROR
        }
    }
}

fn item<'a>(s: &'a Schedule, o: &Occurrence, fate: Fate, lengths: &mut Lengths<'_>) -> Item<'a> {
    let a = &s.announcements[o.index];
    let tz = s.station.timezone;
    Item {
        id: &a.id,
        title: &a.title,
        at: o
            .at
            .with_timezone(&tz)
            .to_rfc3339_opts(SecondsFormat::Secs, false),
        local: o.local.format("%Y-%m-%dT%H:%M:%S").to_string(),
        weekday: o.local.format("%a").to_string(),
        files: a.files[o.file_indexes(a)]
            .iter()
            .map(|f| f.written.as_str())
            .collect(),
        chime: s.chime_for(a).map(|c| c.written.as_str()),
        repeat: a.repeat,
        priority: a.priority,
        duration_seconds: lengths
            .of(o)
            .map(|d| (d.as_secs_f64() * 1000.0).round() / 1000.0),
        will_be_skipped: fate.skipped,
        held_by_relay: fate.relay.map(|(i, _)| s.relays[i].id.as_str()),
        text: a.speech.as_ref().map(|t| t.text.as_str()),
    }
}

/// `loa next --json` for `s` from `from` to `to`, as bytes: what the console's API answers
/// (audio lengths read from the files' headers, so call it off the daemon's loop).
pub fn agenda_json(s: &Schedule, from: DateTime<Utc>, to: DateTime<Utc>) -> io::Result<Vec<u8>> {
    Ok(agenda_json_by_day(s, from, to, usize::MAX)?.0)
}

/// Per local day, how many entries [`agenda_json_by_day`] left out (days with none left out are
/// not listed).
pub type LeftOut = Vec<(NaiveDate, usize)>;

/// As [`agenda_json`], keeping at most `per_day` entries of each local day (the console's
/// programme page: a rule due every few seconds would make a page of megabytes, and its plan
/// hundreds of MiB in the daemon); with, per local day ("YYYY-MM-DD"), how many were left out.
/// Whether each entry will be skipped is still decided over the whole agenda.
pub fn agenda_json_by_day(
    s: &Schedule,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    per_day: usize,
) -> io::Result<(Vec<u8>, LeftOut)> {
    let agenda = plan::occurrences(s, from, to);
    let (probed, _) = probe_schedule(s, Depth::Header);
    let length = |f: &AudioRef| probed.get(&f.path).map(|p| p.duration);
    let tz = s.station.timezone;
    // Entries come in time order: a day's count starts again when the local date changes.
    let (mut day, mut shown) = (None, 0);
    let mut left_out: LeftOut = Vec::new();
    let mut keep = |at: DateTime<Utc>| {
        let d = at.with_timezone(&tz).date_naive();
        if day != Some(d) {
            (day, shown) = (Some(d), 0);
        }
        if shown < per_day {
            shown += 1;
            return true;
        }
        match left_out.last_mut() {
            Some((last, n)) if *last == d => *n += 1,
            _ => left_out.push((d, 1)),
        }
        false
    };
    let mut out = Vec::new();
    write_json(
        &mut out,
        s,
        &agenda,
        &plan::relay_occurrences(s, from, to),
        &length,
        &mut keep,
    )?;
    Ok((out, left_out))
}

fn write_json(
    out: &mut impl Write,
    s: &Schedule,
    agenda: &[Occurrence],
    relays: &[plan::RelayOccurrence],
    length: &dyn Fn(&AudioRef) -> Option<std::time::Duration>,
    keep: &mut dyn FnMut(DateTime<Utc>) -> bool,
) -> io::Result<()> {
    let mut lengths = Lengths::new(s, length);
    let fates = fates(s, agenda, &mut lengths);
    // Announcements and relay windows in one timeline, each written as its own kind.
    enum Entry<'e> {
        Announcement(&'e Occurrence, Fate),
        Relay(&'e plan::RelayOccurrence),
    }
    let mut entries: Vec<(DateTime<Utc>, Entry<'_>)> = agenda
        .iter()
        .zip(fates)
        .map(|(o, fate)| (o.at, Entry::Announcement(o, fate)))
        .collect();
    entries.extend(relays.iter().map(|r| (r.at, Entry::Relay(r))));
    entries.sort_by_key(|(at, _)| *at);
    entries.retain(|(at, _)| keep(*at));
    out.write_all(b"[")?;
    for (i, (_, e)) in entries.iter().enumerate() {
        out.write_all(if i == 0 { b"\n  " } else { b",\n  " })?;
        match e {
            Entry::Announcement(o, fate) => {
                serde_json::to_writer(&mut *out, &item(s, o, *fate, &mut lengths))?
            }
            Entry::Relay(r) => serde_json::to_writer(&mut *out, &relay_item(s, r))?,
        }
    }
    out.write_all(if entries.is_empty() { b"]\n" } else { b"\n]\n" })
}

/// One relay window in `loa next --json`: the announcement's fields (`files`: the fallback),
/// and `relay` with the streams and when the window closes.
#[derive(Serialize)]
struct RelayItem<'a> {
    id: &'a str,
    title: &'a str,
    at: String,
    local: String,
    weekday: String,
    files: Vec<&'a str>,
    priority: i32,
    duration_seconds: f64,
    relay: RelayWindow<'a>,
}

#[derive(Serialize)]
struct RelayWindow<'a> {
    streams: &'a [String],
    end: String,
}

fn relay_item<'a>(s: &'a Schedule, r: &plan::RelayOccurrence) -> RelayItem<'a> {
    let tz = s.station.timezone;
    let relay = &s.relays[r.index];
    RelayItem {
        id: &relay.id,
        title: &relay.title,
        at: r
            .at
            .with_timezone(&tz)
            .to_rfc3339_opts(SecondsFormat::Secs, false),
        local: r.local.format("%Y-%m-%dT%H:%M:%S").to_string(),
        weekday: r.local.format("%a").to_string(),
        files: relay.fallback.iter().map(|f| f.written.as_str()).collect(),
        priority: relay.priority,
        duration_seconds: relay.duration.as_secs_f64(),
        relay: RelayWindow {
            streams: &relay.streams,
            end: r
                .end
                .with_timezone(&tz)
                .to_rfc3339_opts(SecondsFormat::Secs, false),
        },
    }
}

/// How long each occurrence's playlist lasts, computed once per announcement and file of its
/// turn: a year's agenda repeats the same few hundred playlists hundreds of thousands of times,
/// and each computation hashes every file's path.
struct Lengths<'a> {
    s: &'a Schedule,
    length: &'a dyn Fn(&AudioRef) -> Option<std::time::Duration>,
    memo: HashMap<(usize, Option<usize>), Option<std::time::Duration>>,
}

impl<'a> Lengths<'a> {
    fn new(s: &'a Schedule, length: &'a dyn Fn(&AudioRef) -> Option<std::time::Duration>) -> Self {
        Lengths {
            s,
            length,
            memo: HashMap::new(),
        }
    }

    fn of(&mut self, o: &Occurrence) -> Option<std::time::Duration> {
        let (s, length) = (self.s, self.length);
        *self
            .memo
            .entry((o.index, o.rotation))
            .or_insert_with(|| plan::length(&plan::playlist(s, o), length))
    }
}

/// What will become of an occurrence, as the dispatcher will hold it (§3, §8).
#[derive(Clone, Copy, Debug, Default)]
struct Fate {
    /// It cannot start within `max_delay` of its time: skipped.
    skipped: bool,
    /// A relay's window it cannot cut into (index in `Schedule::relays`, and when it closes).
    relay: Option<(usize, DateTime<Utc>)>,
}

/// What will become of each occurrence: one starts when the previous ends, or at its time, or
/// when a relay window it cannot cut into closes; later than `max_delay`, it is skipped.
fn fates(s: &Schedule, agenda: &[Occurrence], lengths: &mut Lengths<'_>) -> Vec<Fate> {
    let windows = match (agenda.first(), agenda.last()) {
        (Some(a), Some(b)) => {
            crate::lint::relay_windows(s, a.at, b.at + chrono::TimeDelta::seconds(1))
        }
        _ => Vec::new(),
    };
    let mut busy_until: Option<DateTime<Utc>> = None;
    agenda
        .iter()
        .map(|o| {
            let mut start = busy_until.map_or(o.at, |b| b.max(o.at));
            let relay = crate::lint::holding_relay(s, o, &windows).map(|r| (r.index, r.end));
            if let Some((_, end)) = relay {
                start = start.max(end);
            }
            if crate::lint::will_be_skipped(s, start - o.at) {
                return Fate {
                    skipped: true,
                    relay,
                };
            }
            let len = lengths
                .of(o)
                .and_then(|l| chrono::TimeDelta::from_std(l).ok())
                .unwrap_or_default();
            busy_until = Some(start + len);
            Fate {
                skipped: false,
                relay,
            }
        })
        .collect()
}

/// Column widths of the table: 100 columns in all. "♪" before the files: the chime plays first.
const ID_W: usize = 17;
const TITLE_W: usize = 24;
const FILES_W: usize = 20;

fn write_table(
    out: &mut impl Write,
    s: &Schedule,
    agenda: &[Occurrence],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    length: &dyn Fn(&AudioRef) -> Option<std::time::Duration>,
) -> io::Result<()> {
    let tz = s.station.timezone;
    let (f, t) = (from.with_timezone(&tz), to.with_timezone(&tz));
    let relays = plan::relay_occurrences(s, from, to);
    if agenda.is_empty() && relays.is_empty() {
        return writeln!(
            out,
            "{}",
            t!(
                "next-none",
                from = f.format("%Y-%m-%d %H:%M").to_string(),
                to = t.format("%Y-%m-%d %H:%M").to_string(),
                zone = tz.name()
            )
        );
    }
    writeln!(
        out,
        "{}  {}  {}  {}  {}  {}  {}",
        fit(&t!("next-col-date"), 10),
        fit(&t!("next-col-day"), 3),
        fit(&t!("next-col-time"), 8),
        fit(&t!("next-col-id"), ID_W),
        fit(&t!("next-col-title"), TITLE_W),
        fit(&t!("next-col-files"), FILES_W),
        t!("next-col-length"),
    )?;
    let mut lengths = Lengths::new(s, length);
    let fates = fates(s, agenda, &mut lengths);
    let mut n_skipped = 0;
    // Relays interleaved by time: their window in the files column.
    let mut pending = relays.iter().peekable();
    let relay_row = |out: &mut dyn Write, r: &plan::RelayOccurrence| -> io::Result<()> {
        let relay = &s.relays[r.index];
        let at = r.at.with_timezone(&tz);
        let window = t!(
            "next-relay-window",
            end = r.end.with_timezone(&tz).format("%H:%M").to_string()
        );
        writeln!(
            out,
            "{}  {}  {}  {}  {}  {}  {}",
            at.format("%Y-%m-%d"),
            fit(&super::weekday_name(at.date_naive()), 3),
            at.format("%H:%M:%S"),
            fit(&relay.id, ID_W),
            fit(&relay.title, TITLE_W),
            fit(&window, FILES_W),
            crate::audio::probe::mmss(relay.duration.as_secs_f64())
        )
    };
    // A year's table repeats the same days and the same few hundred playlists hundreds of
    // thousands of times: each day's first columns and each playlist's last ones are made once.
    let mut day: Option<(chrono::NaiveDate, String)> = None;
    let mut cells: HashMap<(usize, Option<usize>), String> = HashMap::new();
    for (o, fate) in agenda.iter().zip(fates) {
        while let Some(r) = pending.next_if(|r| r.at <= o.at) {
            relay_row(out, r)?;
        }
        let at = o.at.with_timezone(&tz);
        let date = at.date_naive();
        let day_cells = match &day {
            Some((d, text)) if *d == date => text,
            _ => {
                let text = format!(
                    "{}  {}  ",
                    date.format("%Y-%m-%d"),
                    fit(&super::weekday_name(date), 3)
                );
                &day.insert((date, text)).1
            }
        };
        let rest = match cells.entry((o.index, o.rotation)) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(playlist_cells(s, o, lengths.of(o)))
            }
        };
        let time = at.time();
        writeln!(
            out,
            "{day_cells}{:02}:{:02}:{:02}  {rest}",
            time.hour(),
            time.minute(),
            time.second()
        )?;
        let note = match (fate.skipped, fate.relay) {
            (true, None) => Some(t!(
                "next-will-be-skipped",
                max_delay = crate::i18n::words::duration(s.station.max_delay)
            )),
            (skipped, Some((i, end))) => Some(t!(
                "next-held-by-relay",
                relay = s.relays[i].id.as_str(),
                until = end.with_timezone(&tz).format("%H:%M").to_string(),
                outcome = if skipped { "skipped" } else { "late" },
                max_delay = crate::i18n::words::duration(s.station.max_delay)
            )),
            (false, None) => None,
        };
        n_skipped += usize::from(fate.skipped);
        if let Some(note) = note {
            writeln!(out, "{}↳ {note}", " ".repeat(26))?;
        }
    }
    for r in pending {
        relay_row(out, r)?;
    }
    writeln!(
        out,
        "{}",
        t!(
            "next-count",
            n = agenda.len() + relays.len(),
            skipped = n_skipped,
            zone = tz.name()
        )
    )
}

/// The columns of a table row that depend only on what plays: id, title, files and length.
fn playlist_cells(s: &Schedule, o: &Occurrence, length: Option<std::time::Duration>) -> String {
    let a = &s.announcements[o.index];
    // The chime is a mark, not a name: the files themselves get the room.
    let names: Vec<&str> = a.files[o.file_indexes(a)]
        .iter()
        .map(|f| f.written.as_str())
        .collect();
    let chime = if s.chime_for(a).is_some() { "♪ " } else { "" };
    let files = format!("{chime}{}", names.join(" + "));
    // The repeat count stays visible however long the names are.
    let files = if a.repeat > 1 {
        let times = format!(" ×{}", a.repeat);
        format!(
            "{}{times}",
            fit(&files, FILES_W - times.chars().count()).trim_end()
        )
    } else {
        files
    };
    format!(
        "{}  {}  {}  {}",
        fit(&a.id, ID_W),
        fit(&a.title, TITLE_W),
        fit(&files, FILES_W),
        length_text(length)
    )
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn a_rule_due_every_five_seconds_is_cut_to_a_day_s_share_and_the_rest_counted() {
        let text = "[station]\ntimezone = \"Asia/Ho_Chi_Minh\"\n\n[[announcement]]\nid = \"tick\"\n\
                    files = [\"a.mp3\"]\ncron = \"*/5 * * * * *\"\n\n[[announcement]]\nid = \"sang\"\n\
                    files = [\"b.mp3\"]\ncron = \"0 0 6 * * *\"\n";
        let s = crate::schedule::parse("s.toml", text.into(), Path::new("."), chrono_tz::UTC)
            .unwrap()
            .schedule;
        let tz = s.station.timezone;
        let from = tz.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap().to_utc();
        let to = tz.with_ymd_and_hms(2026, 12, 3, 0, 0, 0).unwrap().to_utc();
        let (json, left_out) = agenda_json_by_day(&s, from, to, 100).unwrap();
        let items: Vec<serde_json::Value> = serde_json::from_slice(&json).unwrap();
        assert_eq!(items.len(), 200);
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        // 17,280 ticks and the morning's one a day, 100 shown.
        assert_eq!(left_out, vec![(day(1), 17_181), (day(2), 17_181)]);
        assert!(
            items[100]["local"]
                .as_str()
                .unwrap()
                .starts_with("2026-12-02T00:00:00")
        );
        // Uncut, it is `loa next --json`'s whole agenda.
        let all: Vec<serde_json::Value> =
            serde_json::from_slice(&agenda_json(&s, from, to).unwrap()).unwrap();
        assert_eq!(all.len(), 2 * 17_281);
    }
}
