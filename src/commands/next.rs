//! `loa next`: the agenda computed from the file alone (no daemon), as a table or JSON.

use std::io::{self, BufWriter, Write};
use std::path::Path;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::Serialize;

use crate::audio::Depth;
use crate::clock::Clock;
use crate::plan::{self, Occurrence};
use crate::schedule::days::vietnamese;
use crate::schedule::{AudioRef, Schedule};

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
}

pub fn run(
    config: &Path,
    date: Option<NaiveDate>,
    days: u32,
    json: bool,
    clock: &dyn Clock,
) -> i32 {
    let loaded = match load_schedule(config) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let s = &loaded.schedule;
    let tz = s.station.timezone;
    let (from, to) = match date {
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
            "loa: {} audio file problem(s): durations marked \"?\"; run `loa check` for details",
            problems.iter().filter(|d| d.is_error()).count()
        );
    }
    let length = |f: &AudioRef| probed.get(&f.path).map(|p| p.duration);
    let mut out = BufWriter::new(io::stdout().lock());
    let written = if json {
        write_json(&mut out, s, &agenda, &length)
    } else {
        write_table(&mut out, s, &agenda, from, to, &length)
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => OK,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => OK,
        Err(e) => {
            eprintln!("loa: cannot write the agenda: {e}");
            USER_ERROR
        }
    }
}

fn item<'a>(
    s: &'a Schedule,
    o: &Occurrence,
    length: &dyn Fn(&AudioRef) -> Option<std::time::Duration>,
) -> Item<'a> {
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
        duration_seconds: plan::length(&plan::playlist(s, o), length)
            .map(|d| (d.as_secs_f64() * 1000.0).round() / 1000.0),
    }
}

fn write_json(
    out: &mut impl Write,
    s: &Schedule,
    agenda: &[Occurrence],
    length: &dyn Fn(&AudioRef) -> Option<std::time::Duration>,
) -> io::Result<()> {
    out.write_all(b"[")?;
    for (i, o) in agenda.iter().enumerate() {
        out.write_all(if i == 0 { b"\n  " } else { b",\n  " })?;
        serde_json::to_writer(&mut *out, &item(s, o, length))?;
    }
    out.write_all(if agenda.is_empty() { b"]\n" } else { b"\n]\n" })
}

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
    if agenda.is_empty() {
        return writeln!(
            out,
            "no broadcasts from {} to {} ({})",
            f.format("%Y-%m-%d %H:%M"),
            t.format("%Y-%m-%d %H:%M"),
            tz.name()
        );
    }
    writeln!(
        out,
        "{:<10}  {:<6}  {:<8}  {:<24}  {:<32}  {:<36}  DURATION",
        "DATE", "DAY", "TIME", "ID", "TITLE", "FILES"
    )?;
    for o in agenda {
        let a = &s.announcements[o.index];
        let at = o.at.with_timezone(&tz);
        let mut files: Vec<&str> = Vec::new();
        if let Some(c) = s.chime_for(a) {
            files.push(&c.written);
        }
        files.extend(
            a.files[o.file_indexes(a)]
                .iter()
                .map(|f| f.written.as_str()),
        );
        let mut files = files.join(" + ");
        if a.repeat > 1 {
            files.push_str(&format!(" ×{}", a.repeat));
        }
        let day = at.date_naive();
        writeln!(
            out,
            "{}  {:<6}  {}  {}  {}  {}  {}",
            day.format("%Y-%m-%d"),
            format!(
                "{} {}",
                day.format("%a"),
                vietnamese(chrono::Datelike::weekday(&day))
            ),
            at.format("%H:%M:%S"),
            fit(&a.id, 24),
            fit(&a.title, 32),
            fit(&files, 36),
            length_text(plan::length(&plan::playlist(s, o), length))
        )?;
    }
    writeln!(
        out,
        "{} broadcast{} ({}, times are local)",
        agenda.len(),
        if agenda.len() == 1 { "" } else { "s" },
        tz.name()
    )
}
