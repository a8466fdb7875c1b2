//! `loa check`: validate the schedule and every audio file it uses (decoded to the end), render
//! every text it reads (spec §13: into the daemon's cache when it may write there), print every
//! error and warning to stderr, and a summary with the next broadcasts to stdout.

use std::io::{self, Write};
use std::path::Path;

use crate::audio::Depth;
use crate::clock::Clock;
use crate::diagnostic;
use crate::plan;
use crate::schedule::{AudioRef, Schedule};

use crate::t;

use super::{
    OK, USER_ERROR, fit, length_text, load_schedule, print_diagnostics, probe_schedule, tally,
};

/// How many upcoming broadcasts the summary lists.
const NEXT_COUNT: usize = 5;

/// How much sound `--online` wants from each stream, and how long it waits for it.
const ONLINE_SOUND: std::time::Duration = std::time::Duration::from_secs(3);
const ONLINE_WAIT: std::time::Duration = std::time::Duration::from_secs(15);

/// `output`: `--output` or `LOA_OUTPUT`, which the daemon will play to instead of the
/// schedule's `output` (said, so that the summary shows where the sound will really go).
pub fn run(
    config: &Path,
    clock: &dyn Clock,
    online: bool,
    output: Option<&crate::schedule::Output>,
    state_dir: &Path,
) -> i32 {
    let mut loaded = match load_schedule(config) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let prepared =
        crate::tts::prepare::prepare(&mut loaded.schedule, &super::tts::cache_home(state_dir));
    let s = &loaded.schedule;
    // LOA_NO_LOUDNESS=1 skips the loudness measurement (for the benchmark that prices it).
    let depth = if std::env::var_os("LOA_NO_LOUDNESS").is_some() {
        Depth::Full
    } else {
        Depth::FullWithLoudness
    };
    let (probed, mut diags) = probe_schedule(s, depth);
    diags.extend(prepared.errors);
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
        output,
    };
    let _ = summary.print(&mut io::stdout().lock(), &length);
    if online && !check_online(s) {
        return USER_ERROR;
    }
    OK
}

/// Every error `loa check` finds in a schedule's text, as if it were the file `name` in `base`
/// (a schedule pushed by the province, checked before it replaces the station's): the file's
/// rules, its audio decoded, and what needs the clock. Empty: it would pass.
pub fn errors(
    name: &str,
    text: String,
    base: &Path,
    tz: chrono_tz::Tz,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<diagnostic::Diagnostic> {
    errors_probing(name, text, base, tz, now, Depth::Full)
}

/// [`errors`], with the recordings probed to `depth`: the schedule form's fuzz target, whose
/// inputs only ever name the example's recordings, reads their headers instead of decoding them
/// all again for each input.
pub fn errors_probing(
    name: &str,
    text: String,
    base: &Path,
    tz: chrono_tz::Tz,
    now: chrono::DateTime<chrono::Utc>,
    depth: Depth,
) -> Vec<diagnostic::Diagnostic> {
    let mut diags = findings_probing(name, text, base, tz, now, depth);
    diags.retain(diagnostic::Diagnostic::is_error);
    diags
}

/// Every error and warning `loa check` finds in a schedule's text (the console's editor shows
/// both), sorted by place.
pub fn findings(
    name: &str,
    text: String,
    base: &Path,
    tz: chrono_tz::Tz,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<diagnostic::Diagnostic> {
    findings_probing(name, text, base, tz, now, Depth::Full)
}

fn findings_probing(
    name: &str,
    text: String,
    base: &Path,
    tz: chrono_tz::Tz,
    now: chrono::DateTime<chrono::Utc>,
    depth: Depth,
) -> Vec<diagnostic::Diagnostic> {
    let loaded = match crate::schedule::parse(name, text, base, tz) {
        Ok(l) => l,
        Err(errors) => return errors,
    };
    let s = &loaded.schedule;
    let (probed, mut diags) = probe_schedule(s, depth);
    diags.extend(loaded.warnings.iter().cloned());
    let length = |f: &AudioRef| probed.get(&f.path).map(|p| p.duration);
    diags.extend(crate::lint::lint(s, now, &length));
    diagnostic::sort(&mut diags);
    diags
}

/// `--online`: connects to every stream of every enabled relay at once and decodes a few
/// seconds of each; prints what each gave. A relay none of whose streams gives sound is an error
/// (with its place in the file); a stream that fails beside one that works is a warning.
fn check_online(s: &Schedule) -> bool {
    let jobs: Vec<(usize, String)> = s
        .relays
        .iter()
        .enumerate()
        .filter(|(_, r)| r.enabled)
        .flat_map(|(i, r)| r.streams.iter().map(move |u| (i, u.clone())))
        .collect();
    if jobs.is_empty() {
        return true;
    }
    let results: Vec<(usize, String, Result<String, String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .into_iter()
            .map(|(i, url)| {
                scope.spawn(move || {
                    let r = crate::stream::try_url(&url, ONLINE_SOUND, ONLINE_WAIT)
                        .map_err(|e| e.to_string());
                    (i, url, r)
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    let mut out = io::stdout().lock();
    let _ = writeln!(out, "\n{}", t!("check-online-heading"));
    for (i, url, r) in &results {
        let id = s.relays[*i].id.as_str();
        let line = match r {
            Ok(format) => t!(
                "check-online-ok",
                id = id,
                url = url.as_str(),
                format = format.as_str()
            ),
            Err(why) => t!(
                "check-online-failed",
                id = id,
                url = url.as_str(),
                why = why.as_str()
            ),
        };
        let _ = writeln!(out, "  {line}");
    }
    drop(out);
    let src = s.source();
    let mut diags = Vec::new();
    for (i, r) in s.relays.iter().enumerate().filter(|(_, r)| r.enabled) {
        let mine: Vec<_> = results.iter().filter(|(j, ..)| *j == i).collect();
        if mine.iter().all(|(_, _, res)| res.is_err()) {
            diags.push(
                src.error(r.span.clone(), t!("check-online-dead", id = r.id.as_str()))
                    .with_help(t!("check-online-dead-help")),
            );
        }
    }
    print_diagnostics(&diags);
    diags.is_empty()
}

/// The first `n` broadcasts (announcements and relay windows) from `now` within the lint
/// horizon, planned a day at a time (a big
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
        // Relays' windows too: a day's broadcasts are both.
        out.extend(plan::broadcasts(s, from, to));
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
    output: Option<&'a crate::schedule::Output>,
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
        writeln!(
            out,
            "{}",
            t!(
                "check-ok",
                file = s.file_name.as_str(),
                warnings = self.warnings
            )
        )?;
        let row =
            |label: &str, value: String| format!("  {}{value}", fit(&format!("{label}:"), 20));
        writeln!(out, "{}", row(&t!("check-station"), st.name.clone()))?;
        let local = self.now.with_timezone(&tz);
        writeln!(
            out,
            "{}",
            row(
                &t!("check-zone"),
                t!(
                    "check-zone-value",
                    zone = tz.name(),
                    offset = local.format("%:z").to_string(),
                    from_file = if st.timezone_from_file { "yes" } else { "no" }
                )
            )
        )?;
        // The station's own clock, so a wrong zone shows at once.
        writeln!(
            out,
            "{}",
            row(
                &t!("check-station-time"),
                local.format("%Y-%m-%d %H:%M").to_string()
            )
        )?;
        writeln!(
            out,
            "{}",
            row(
                &t!("check-output"),
                match self.output.filter(|o| **o != st.output) {
                    Some(o) => t!(
                        "check-output-override",
                        output = o.to_string(),
                        written = st.output.to_string(),
                        volume = st.volume
                    ),
                    None => t!(
                        "check-output-value",
                        output = st.output.to_string(),
                        volume = st.volume
                    ),
                }
            )
        )?;
        if let Some(q) = &st.quiet_hours {
            writeln!(out, "{}", row(&t!("check-quiet"), q.to_string()))?;
        }
        writeln!(
            out,
            "{}",
            row(
                &t!("check-max-delay"),
                t!(
                    "check-max-delay-value",
                    max_delay = crate::i18n::words::duration(st.max_delay),
                    catch_up = crate::i18n::words::duration(st.catch_up)
                )
            )
        )?;
        let enabled = s.announcements.iter().filter(|a| a.enabled).count();
        writeln!(
            out,
            "{}",
            row(
                &t!("check-announcements"),
                t!(
                    "check-announcements-value",
                    n = s.announcements.len(),
                    enabled = enabled
                )
            )
        )?;
        let presets: Vec<&str> = s.emergencies.iter().map(|e| e.id.as_str()).collect();
        let mut presets_text = presets.len().to_string();
        if !presets.is_empty() {
            presets_text += &format!(" ({})", presets.join(", "));
        }
        writeln!(out, "{}", row(&t!("check-presets"), presets_text))?;
        if !s.relays.is_empty() {
            let ids: Vec<&str> = s.relays.iter().map(|r| r.id.as_str()).collect();
            let text = format!("{} ({})", ids.len(), ids.join(", "));
            writeln!(out, "{}", row(&t!("check-relays"), text))?;
        }
        if let Some(fl) = &s.fleet {
            let value = t!(
                "check-fleet-value",
                node = fl.node.as_str(),
                broker = fl.broker.to_string(),
                keys = fl.trusted_keys.len(),
                normal = match fl.normal {
                    crate::schedule::NormalBulletins::Hold => "hold",
                    crate::schedule::NormalBulletins::Auto => "auto",
                }
            );
            writeln!(out, "{}", row(&t!("check-fleet"), value))?;
        }
        if let Some(w) = &s.web {
            use crate::schedule::WebTls;
            let (scheme, tls) = match &w.tls {
                WebTls::SelfSigned => ("https", "self-signed"),
                WebTls::Own { .. } => ("https", "own"),
                WebTls::Off => ("http", "off"),
            };
            let url = format!("{scheme}://{}", w.listen);
            let value = t!("check-web-value", url = url, tls = tls);
            writeln!(out, "{}", row(&t!("check-web"), value))?;
        }
        writeln!(
            out,
            "{}",
            row(
                &t!("check-audio"),
                t!(
                    "check-audio-value",
                    files = self.files,
                    length = length_text(Some(self.total)),
                    mb = crate::i18n::words::decimal(self.bytes as f64 / 1e6, 1)
                )
            )
        )?;
        let next = first_occurrences(s, self.now, NEXT_COUNT);
        if next.is_empty() {
            writeln!(
                out,
                "{}",
                t!("check-next-none", days = crate::lint::HORIZON_DAYS)
            )?;
        } else {
            writeln!(out, "{}", t!("check-next"))?;
        }
        for o in &next {
            let at = o.at.with_timezone(&tz);
            let day = super::weekday_name(at.date_naive());
            let (id, title, how_long) = match o.relay {
                Some(end) => {
                    let r = &s.relays[o.index];
                    let window = (end - o.at).to_std().unwrap_or_default();
                    (&r.id, &r.title, length_text(Some(window)))
                }
                None => {
                    let a = &s.announcements[o.index];
                    let len = plan::length(&plan::playlist(s, o), length);
                    (&a.id, &a.title, length_text(len))
                }
            };
            writeln!(
                out,
                "  {} {} {}  {}  {}  {}",
                at.format("%Y-%m-%d"),
                fit(&day, 3),
                at.format("%H:%M:%S"),
                fit(id, 24),
                fit(title, 36),
                how_long
            )?;
        }
        Ok(())
    }
}
