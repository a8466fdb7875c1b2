//! `loa check`: validate the schedule and every audio file it uses (decoded to the end), print
//! every error and warning to stderr, and a summary with the next broadcasts to stdout.

use std::io::{self, Write};
use std::path::Path;

use crate::audio::Depth;
use crate::clock::Clock;
use crate::diagnostic;
use crate::plan;
use crate::schedule::{AudioRef, Schedule};

use super::{
    OK, USER_ERROR, fit, length_text, load_schedule, print_diagnostics, probe_schedule, tally,
};

/// How many upcoming broadcasts the summary lists.
const NEXT_COUNT: usize = 5;

pub fn run(config: &Path, clock: &dyn Clock) -> i32 {
    let loaded = match load_schedule(config) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let s = &loaded.schedule;
    let (probed, mut diags) = probe_schedule(s, Depth::Full);
    let length = |f: &AudioRef| probed.get(&f.path).map(|p| p.duration);
    let now = clock.now();
    diags.extend(loaded.warnings.iter().cloned());
    diags.extend(crate::lint::lint(s, now, &length));
    diagnostic::sort(&mut diags);
    print_diagnostics(&diags);
    if diags.iter().any(|d| d.is_error()) {
        eprintln!("{}: {}", s.file_name, tally(&diags));
        return USER_ERROR;
    }
    let total: std::time::Duration = probed.values().map(|p| p.duration).sum();
    let bytes: u64 = probed
        .keys()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let summary = Summary {
        s,
        now,
        files: probed.len(),
        total,
        bytes,
        warnings: diags.len(),
    };
    let _ = summary.print(&mut io::stdout().lock(), &length);
    OK
}

/// The first `n` occurrences from `now` within the lint horizon, planned a day at a time (a big
/// schedule's whole year is never planned to show five lines).
fn first_occurrences(
    s: &Schedule,
    now: chrono::DateTime<chrono::Utc>,
    n: usize,
) -> Vec<plan::Occurrence> {
    let tz = s.station.timezone;
    let end = plan::add_local_days(tz, now, crate::lint::HORIZON_DAYS);
    let mut out = Vec::new();
    let mut from = now;
    while from < end && out.len() < n {
        let to = (from + chrono::TimeDelta::days(1)).min(end);
        out.extend(plan::occurrences(s, from, to));
        from = to;
    }
    out.truncate(n);
    out
}

struct Summary<'a> {
    s: &'a Schedule,
    now: chrono::DateTime<chrono::Utc>,
    files: usize,
    total: std::time::Duration,
    bytes: u64,
    warnings: usize,
}

impl Summary<'_> {
    fn print(
        &self,
        out: &mut impl Write,
        length: &dyn Fn(&AudioRef) -> Option<std::time::Duration>,
    ) -> io::Result<()> {
        let s = self.s;
        let st = &s.station;
        let tz = st.timezone;
        let warn = match self.warnings {
            0 => "no warnings".to_string(),
            1 => "1 warning".to_string(),
            n => format!("{n} warnings"),
        };
        writeln!(out, "{}: ok ({warn})", s.file_name)?;
        writeln!(out, "  station:        {}", st.name)?;
        let offset = self.now.with_timezone(&tz).format("%:z");
        let zone_note = if st.timezone_from_file {
            ""
        } else {
            ", the system's zone"
        };
        writeln!(
            out,
            "  time zone:      {} (UTC{offset}{zone_note})",
            tz.name()
        )?;
        writeln!(
            out,
            "  output:         {}, volume {}%",
            st.output, st.volume
        )?;
        if let Some(q) = &st.quiet_hours {
            writeln!(out, "  quiet hours:    {q}")?;
        }
        writeln!(
            out,
            "  max delay:      {}, catch-up {}",
            humantime::format_duration(st.max_delay),
            humantime::format_duration(st.catch_up)
        )?;
        let enabled = s.announcements.iter().filter(|a| a.enabled).count();
        writeln!(
            out,
            "  announcements:  {} ({enabled} enabled)",
            s.announcements.len()
        )?;
        let presets: Vec<&str> = s.emergencies.iter().map(|e| e.id.as_str()).collect();
        writeln!(
            out,
            "  emergency presets: {}{}",
            presets.len(),
            if presets.is_empty() {
                String::new()
            } else {
                format!(" ({})", presets.join(", "))
            }
        )?;
        writeln!(
            out,
            "  audio:          {} file{}, {} in all, {:.1} MB",
            self.files,
            if self.files == 1 { "" } else { "s" },
            length_text(Some(self.total)),
            self.bytes as f64 / 1e6
        )?;
        let next = first_occurrences(s, self.now, NEXT_COUNT);
        if next.is_empty() {
            writeln!(
                out,
                "next broadcasts: none in the next {} days",
                crate::lint::HORIZON_DAYS
            )?;
        } else {
            writeln!(out, "next broadcasts:")?;
        }
        for o in &next {
            let a = &s.announcements[o.index];
            let at = o.at.with_timezone(&tz);
            writeln!(
                out,
                "  {}  {}  {}  {}",
                at.format("%Y-%m-%d %a %H:%M:%S"),
                fit(&a.id, 24),
                fit(&a.title, 36),
                length_text(plan::length(&plan::playlist(s, o), length))
            )?;
        }
        Ok(())
    }
}
