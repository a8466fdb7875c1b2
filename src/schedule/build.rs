//! The rules of the schedule format (spec §2), applied to the typed values `config` reads.
//!
//! Every rule that can be judged from the file alone is here; every error is collected with its
//! span. Warnings that need no clock (a time inside quiet hours, the same time twice) are made
//! here too.

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;

use super::values::{
    IdOwner, abbreviate, audio_ref, claim_id, entry_name, id_owners, output, quiet_hours,
    read_chime, read_days, read_files_key, read_id, read_order, sorted_dates, timezone,
};
use super::{
    Amplifier, Announcement, CronRule, DaySet, Emergency, Fleet, Loaded, Output, Relay, Rule,
    Schedule, Station, hm,
};
use crate::config::{Fields, Sp, Value};
use crate::diagnostic::{self, Diagnostic, Source, Span};
use crate::t;

const ROOT_KEYS: &[&str] = &[
    "station",
    "announcement",
    "emergency",
    "relay",
    "fleet",
    "web",
    "tts",
    "live",
];
const RELAY_KEYS: &[&str] = &[
    "id",
    "title",
    "streams",
    "at",
    "days",
    "cron",
    "from",
    "until",
    "except",
    "priority",
    "volume",
    "chime",
    "enabled",
    "duration",
    "connect_ahead",
    "fallback",
    "fallback_after",
];
const DEFAULT_CONNECT_AHEAD: Duration = Duration::from_secs(15);
const DEFAULT_FALLBACK_AFTER: Duration = Duration::from_secs(20);
/// A relay window longer than a day is a mistake (a day's programme is several relays).
const MAX_RELAY: Duration = Duration::from_secs(24 * 3600);
/// Connecting earlier than this buys nothing and holds a stream open for no one.
const MAX_CONNECT_AHEAD: Duration = Duration::from_secs(10 * 60);
const STATION_KEYS: &[&str] = &[
    "name",
    "timezone",
    "audio_dir",
    "allow_dirs",
    "output",
    "volume",
    "chime",
    "quiet_hours",
    "max_delay",
    "catch_up",
    "except",
    "require_clock_sync",
    "loudness",
    "amplifier",
];
/// The loudness a station may ask for, LUFS: EBU R128 broadcast is -23, streaming -16 to -14; a
/// loudspeaker on a pole wants it loud, but past -5 there is no headroom left at all.
const LOUDNESS_RANGE: std::ops::RangeInclusive<f64> = -40.0..=-5.0;
const AMPLIFIER_KEYS: &[&str] = &["on", "on_lead", "off", "off_delay"];
const ANNOUNCEMENT_KEYS: &[&str] = &[
    "id",
    "title",
    "files",
    "text",
    "text_file",
    "at",
    "days",
    "cron",
    "from",
    "until",
    "except",
    "repeat",
    "gap",
    "order",
    "volume",
    "priority",
    "chime",
    "enabled",
];
const EMERGENCY_KEYS: &[&str] = &[
    "id",
    "title",
    "files",
    "text",
    "text_file",
    "alert",
    "repeat",
    "gap",
    "every",
    "volume",
];

/// Defaults for keys the file leaves out; also in docs/schedule.md.
const DEFAULT_MAX_DELAY: Duration = Duration::from_secs(10 * 60);
const DEFAULT_CATCH_UP: Duration = Duration::from_secs(15 * 60);
const DEFAULT_ON_LEAD: Duration = Duration::from_secs(2);
const DEFAULT_OFF_DELAY: Duration = Duration::from_secs(30);
const MAX_REPEAT: i64 = super::MAX_REPEAT as i64;
const MAX_PRIORITY: i64 = 1000;

pub(super) fn build(
    name: &str,
    text: String,
    base_dir: &Path,
    default_tz: Tz,
) -> Result<Loaded, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let lines = crate::diagnostic::line_starts(&text);
    let parts = {
        let src = Source::indexed(name, &text, &lines);
        // Cut at its announcements first (a big file then never has its whole tree in memory);
        // read whole where the cut cannot be sure, and for the errors, worded from the whole
        // parse as they always were.
        match read_document(src, base_dir, default_tz, Reading::Cut, &mut diags) {
            Some(parts) if !diags.iter().any(Diagnostic::is_error) => Some(parts),
            _ => {
                diags.clear();
                read_document(src, base_dir, default_tz, Reading::Whole, &mut diags)
            }
        }
    };
    diagnostic::sort(&mut diags);
    match parts {
        Some((station, announcements, emergencies, relays, fleet, web, (tts, live)))
            if !diags.iter().any(Diagnostic::is_error) =>
        {
            Ok(Loaded {
                schedule: Schedule {
                    file_name: name.to_string(),
                    text,
                    lines,
                    station,
                    announcements,
                    emergencies,
                    relays,
                    fleet,
                    web,
                    tts,
                    live,
                },
                warnings: diags,
            })
        }
        _ => Err(diags.into_iter().filter(Diagnostic::is_error).collect()),
    }
}

type Parts = (
    Station,
    Vec<Announcement>,
    Vec<Emergency>,
    Vec<Relay>,
    Option<Fleet>,
    Option<super::Web>,
    (super::Tts, super::Live),
);

/// How the text becomes a tree.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// At once: the parser's complaints need the whole text.
    Whole,
    /// The `[[announcement]]` entries apart, each parsed as it is read (`config::pieces`);
    /// `None` from [`read_document`] when the cut cannot be sure.
    Cut,
}

fn read_document(
    src: Source<'_>,
    base_dir: &Path,
    default_tz: Tz,
    reading: Reading,
    diags: &mut Vec<Diagnostic>,
) -> Option<Parts> {
    let pieces = match reading {
        Reading::Cut => Some(crate::config::pieces::cut(src.text, "announcement")?),
        Reading::Whole => None,
    };
    let doc = match &pieces {
        Some(p) => p.rest()?,
        None => crate::config::parse_document(&src, diags)?,
    };
    let root = Fields::root(src, &doc);
    root.deny_unknown(ROOT_KEYS, diags);

    let station = match root.get("station") {
        Some(v) => read_station(src, v, base_dir, default_tz, diags)?,
        None => default_station(base_dir, default_tz),
    };

    let tts = root
        .get("tts")
        .map(|v| super::tts::read_tts(src, v, base_dir, diags))
        .unwrap_or_default();
    let texts = super::tts::Texts {
        base_dir,
        tts: &tts,
    };
    let mut ids = id_owners(&root);
    let mut announcements = Vec::new();
    match &pieces {
        None => {
            for (i, v) in tables(&root, "announcement", diags).into_iter().enumerate() {
                if let Some(a) = read_announcement(src, v, i + 1, &station, &ids, &texts, diags) {
                    announcements.push(a);
                }
            }
        }
        Some(p) => {
            announcements.reserve_exact(p.entries.len());
            for (i, range) in p.entries.iter().enumerate() {
                let v = p.entry(range)?;
                claim_id(&mut ids, "announcement", &v);
                if let Some(a) = read_announcement(src, &v, i + 1, &station, &ids, &texts, diags) {
                    announcements.push(a);
                }
            }
        }
    }
    let mut emergencies = Vec::new();
    for (i, v) in tables(&root, "emergency", diags).into_iter().enumerate() {
        if let Some(e) = read_emergency(src, v, i + 1, &station, &ids, &texts, diags) {
            emergencies.push(e);
        }
    }
    let mut relays = Vec::new();
    for (i, v) in tables(&root, "relay", diags).into_iter().enumerate() {
        if let Some(r) = read_relay(src, v, i + 1, &station, &ids, diags) {
            relays.push(r);
        }
    }
    if root.get("announcement").is_none()
        && pieces.as_ref().is_none_or(|p| p.entries.is_empty())
        && root.get("emergency").is_none()
        && root.get("relay").is_none()
    {
        diags.push(src.warning(0..0, t!("schedule-nothing")));
    }
    let fleet = root
        .get("fleet")
        .and_then(|v| super::fleet::read_fleet(src, v, base_dir, diags));
    let web = root
        .get("web")
        .and_then(|v| super::web::read_web(src, v, base_dir, diags));
    let live = root
        .get("live")
        .map(|v| super::live::read_live(src, v, diags))
        .unwrap_or_default();
    Some((
        station,
        announcements,
        emergencies,
        relays,
        fleet,
        web,
        (tts, live),
    ))
}

/// The entries of an array of tables (`[[key]]`), with a clear error for `[key]`.
fn tables<'a, 'i>(
    root: &Fields<'a, 'i>,
    key: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<&'a Value<'i>> {
    let Some(v) = root.get(key) else {
        return Vec::new();
    };
    match v.get_ref() {
        toml::de::DeValue::Array(items) => items.iter().collect(),
        _ => {
            diags.push(
                root.source()
                    .error(v.span(), t!("table-double-brackets", key = key))
                    .with_help(t!("table-double-brackets-help", key = key)),
            );
            Vec::new()
        }
    }
}

fn default_station(base_dir: &Path, tz: Tz) -> Station {
    Station {
        name: "loa".to_string(),
        timezone: tz,
        timezone_from_file: false,
        audio_dir: base_dir.to_path_buf(),
        allow_dirs: Vec::new(),
        output: Output::Default,
        volume: 100,
        chime: None,
        quiet_hours: None,
        max_delay: DEFAULT_MAX_DELAY,
        catch_up: DEFAULT_CATCH_UP,
        except: Vec::new(),
        except_spans: Vec::new(),
        require_clock_sync: false,
        loudness: None,
        amplifier: None,
    }
}

fn read_station(
    src: Source<'_>,
    v: &Value<'_>,
    base_dir: &Path,
    default_tz: Tz,
    diags: &mut Vec<Diagnostic>,
) -> Option<Station> {
    let f = Fields::new(src, v, "[station]", diags)?;
    f.deny_unknown(STATION_KEYS, diags);
    let mut st = default_station(base_dir, default_tz);
    if let Some(n) = f.string("name", diags) {
        st.name = n.value;
    }
    if let Some(tz) = f.string("timezone", diags) {
        match timezone(&tz.value) {
            Ok(z) => {
                st.timezone = z;
                st.timezone_from_file = true;
            }
            Err(help) => diags.push(
                src.error(tz.span, t!("zone-unknown", zone = tz.value.as_str()))
                    .with_help(help),
            ),
        }
    }
    if let Some(d) = f.string("audio_dir", diags) {
        st.audio_dir = base_dir.join(&d.value);
    }
    if let Some(dirs) = f.strings("allow_dirs", diags) {
        st.allow_dirs = dirs.value.iter().map(|d| base_dir.join(&d.value)).collect();
    }
    if let Some(o) = f.string("output", diags) {
        match output(&o.value, base_dir) {
            Ok(out) => st.output = out,
            Err(msg) => diags.push(src.error(o.span, msg).with_help(t!("output-help"))),
        }
    }
    if let Some(vol) = f.integer("volume", 0..=100, diags) {
        st.volume = vol.value as u8;
    }
    st.chime = f
        .string("chime", diags)
        .and_then(|c| audio_ref(src, c, &st.audio_dir, diags));
    if let Some(q) = f.string("quiet_hours", diags) {
        match quiet_hours(&q.value) {
            Ok(qh) => st.quiet_hours = Some(qh),
            Err(msg) => diags.push(src.error(q.span, msg).with_help(t!("quiet-help"))),
        }
    }
    if let Some(d) = f.duration("max_delay", diags) {
        st.max_delay = d.value;
    }
    if let Some(d) = f.duration("catch_up", diags) {
        st.catch_up = d.value;
    }
    let except = f.dates("except", diags);
    st.except_spans = except.iter().map(|d| (d.value, d.span.clone())).collect();
    st.except = sorted_dates(except);
    if let Some(l) = f.number("loudness", LOUDNESS_RANGE, diags) {
        st.loudness = Some(l.value);
    }
    if let Some(b) = f.bool("require_clock_sync", diags) {
        st.require_clock_sync = b.value;
    }
    if let Some(amp) = f.get("amplifier") {
        st.amplifier = read_amplifier(src, amp, diags);
    }
    Some(st)
}

fn read_amplifier(
    src: Source<'_>,
    v: &Value<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Amplifier> {
    let f = Fields::new(src, v, "[station.amplifier]", diags)?;
    f.deny_unknown(AMPLIFIER_KEYS, diags);
    let command = |key: &str, diags: &mut Vec<Diagnostic>| -> Option<Vec<String>> {
        let list = f.strings(key, diags)?;
        let words: Vec<String> = list.value.into_iter().map(|s| s.value).collect();
        if words.first().is_none_or(|w| w.trim().is_empty()) {
            diags.push(
                src.error(list.span, t!("amp-command-empty", key = key))
                    .with_help(t!("amp-command-help", key = key)),
            );
            return None;
        }
        Some(words)
    };
    let on = command("on", diags);
    let off = command("off", diags);
    let on_lead = f
        .duration("on_lead", diags)
        .map_or(DEFAULT_ON_LEAD, |d| d.value);
    let off_delay = f
        .duration("off_delay", diags)
        .map_or(DEFAULT_OFF_DELAY, |d| d.value);
    match (on, off, f.get("on"), f.get("off")) {
        (Some(on), Some(off), _, _) => Some(Amplifier {
            on,
            on_lead,
            off,
            off_delay,
        }),
        (_, _, None, _) => {
            f.missing("on", "on = [\"/usr/local/bin/relay\", \"on\"]", diags);
            None
        }
        (_, _, _, None) => {
            f.missing("off", &t!("amp-missing-off-example"), diags);
            None
        }
        _ => None,
    }
}

fn read_announcement(
    src: Source<'_>,
    v: &Value<'_>,
    n: usize,
    station: &Station,
    ids: &HashMap<String, IdOwner>,
    texts: &super::tts::Texts<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Announcement> {
    let f = Fields::new(src, v, entry_name(v, "announcement", n), diags)?;
    f.deny_unknown(ANNOUNCEMENT_KEYS, diags);
    let id = read_id(&f, ids, diags);
    let title = f.string("title", diags);
    let sound = super::tts::read_sound(&f, &station.audio_dir, texts, diags);

    let rule = read_rule(src, &f, station, diags);

    let dates = read_dates(src, &f, diags);
    let repeat = f
        .integer("repeat", 1..=MAX_REPEAT, diags)
        .map_or(1, |r| r.value as u32);
    let gap = f.duration("gap", diags).map_or(Duration::ZERO, |g| g.value);
    let order = read_order(&f, diags);
    let volume = f
        .integer("volume", 0..=100, diags)
        .map_or(100, |v| v.value as u8);
    let priority = f
        .integer("priority", -MAX_PRIORITY..=MAX_PRIORITY, diags)
        .map_or(0, |p| p.value as i32);
    let chime = read_chime(&f, &station.audio_dir, diags);
    let enabled = f.bool("enabled", diags).is_none_or(|b| b.value);

    let (id, (files, speech), (rule, rule_span)) = (id?, sound?, rule?);
    Some(Announcement {
        title: title.map_or_else(|| id.clone(), |t| t.value),
        id,
        files,
        speech,
        rule,
        from: dates.from,
        until: dates.until,
        except: dates.except,
        except_spans: dates.except_spans,
        repeat,
        gap,
        order,
        volume,
        priority,
        chime,
        enabled,
        span: f.span(),
        rule_span,
    })
}

/// The dates an announcement or a relay keeps to: `from`, `until`, `except`.
struct Dates {
    from: Option<NaiveDate>,
    until: Option<NaiveDate>,
    except: Vec<NaiveDate>,
    except_spans: Vec<(NaiveDate, Span)>,
}

fn read_dates(src: Source<'_>, f: &Fields<'_, '_>, diags: &mut Vec<Diagnostic>) -> Dates {
    let from = f.date("from", diags);
    let until = f.date("until", diags);
    if let (Some(a), Some(b)) = (&from, &until)
        && b.value < a.value
    {
        diags.push(src.error(
            b.span.clone(),
            t!(
                "until-before-from",
                until = b.value.to_string(),
                from = a.value.to_string()
            ),
        ));
    }
    let except_written = f.dates("except", diags);
    let except_spans = except_written
        .iter()
        .map(|d| (d.value, d.span.clone()))
        .collect();
    Dates {
        from: from.map(|d| d.value),
        until: until.map(|d| d.value),
        except: sorted_dates(except_written),
        except_spans,
    }
}

/// When an entry plays: `at` (with `days`) or `cron`, exactly one of them.
fn read_rule(
    src: Source<'_>,
    f: &Fields<'_, '_>,
    station: &Station,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Rule, Span)> {
    let at = f.times("at", diags);
    let days = f.get("days").map(|_| read_days(f, diags));
    let cron = f.string("cron", diags);
    match (f.get("at").is_some(), cron) {
        (true, Some(c)) => {
            diags.push(
                src.error(c.span, t!("at-and-cron"))
                    .with_help(t!("at-and-cron-help")),
            );
            None
        }
        (true, None) => at.map(|at| at_rule(src, at, days.flatten(), station, diags)),
        (false, Some(c)) => {
            if let Some(d) = f.get("days") {
                diags.push(
                    src.error(d.span(), t!("days-with-cron"))
                        .with_help(t!("days-with-cron-help")),
                );
            }
            cron_rule(src, c, station, diags)
        }
        (false, None) => {
            if f.get("cron").is_none() {
                diags.push(
                    src.error(f.span(), t!("no-at-no-cron", what = f.what()))
                        .with_help(t!("no-at-no-cron-help")),
                );
            }
            None
        }
    }
}

fn at_rule(
    src: Source<'_>,
    at: Sp<Vec<Sp<NaiveTime>>>,
    days: Option<DaySet>,
    station: &Station,
    diags: &mut Vec<Diagnostic>,
) -> (Rule, Span) {
    let mut times: Vec<NaiveTime> = Vec::new();
    for t in &at.value {
        if times.contains(&t.value) {
            diags.push(src.warning(t.span.clone(), t!("at-twice", time = hm(t.value))));
            continue;
        }
        if let Some(q) = &station.quiet_hours
            && q.contains(t.value)
        {
            diags.push(src.warning(
                t.span.clone(),
                t!(
                    "at-in-quiet-hours",
                    time = hm(t.value),
                    quiet = q.to_string()
                ),
            ));
        }
        times.push(t.value);
    }
    times.sort();
    (
        Rule::At {
            times,
            days: days.unwrap_or(DaySet::ALL),
        },
        at.span,
    )
}

fn cron_rule(
    src: Source<'_>,
    c: Sp<String>,
    station: &Station,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Rule, Span)> {
    match CronRule::parse(&c.value) {
        Ok((rule, notes)) => {
            for note in notes {
                diags.push(src.warning(c.span.clone(), note));
            }
            if let Some(q) = &station.quiet_hours {
                let quiet: Vec<String> = rule
                    .times()
                    .iter()
                    .filter(|t| q.contains(**t))
                    .map(|t| hm(*t))
                    .collect();
                if !quiet.is_empty() {
                    diags.push(src.warning(
                        c.span.clone(),
                        t!(
                            "cron-in-quiet-hours",
                            n = quiet.len(),
                            quiet = q.to_string(),
                            times = abbreviate(&quiet)
                        ),
                    ));
                }
            }
            Some((Rule::Cron(Box::new(rule)), c.span))
        }
        Err(e) => {
            let d = src.error(c.span, e.message);
            diags.push(match e.help {
                Some(h) => d.with_help(h),
                None => d,
            });
            None
        }
    }
}

/// A `[[relay]]` (spec §8): an announcement's timing, a list of stream URLs and a window.
fn read_relay(
    src: Source<'_>,
    v: &Value<'_>,
    n: usize,
    station: &Station,
    ids: &HashMap<String, IdOwner>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Relay> {
    let f = Fields::new(src, v, entry_name(v, "relay", n), diags)?;
    f.deny_unknown(RELAY_KEYS, diags);
    let id = read_id(&f, ids, diags);
    let title = f.string("title", diags);
    let streams = read_streams(&f, diags);
    let rule = read_rule(src, &f, station, diags);
    let dates = read_dates(src, &f, diags);
    let priority = f
        .integer("priority", -MAX_PRIORITY..=MAX_PRIORITY, diags)
        .map_or(0, |p| p.value as i32);
    let volume = f
        .integer("volume", 0..=100, diags)
        .map_or(100, |v| v.value as u8);
    let chime = read_chime(&f, &station.audio_dir, diags);
    let enabled = f.bool("enabled", diags).is_none_or(|b| b.value);
    let duration = match f.duration("duration", diags) {
        Some(d) if d.value.is_zero() || d.value > MAX_RELAY => {
            diags.push(
                src.error(d.span, t!("relay-duration-range"))
                    .with_help(t!("relay-duration-help")),
            );
            None
        }
        Some(d) => Some(d.value),
        None => {
            if f.get("duration").is_none() {
                f.missing("duration", "duration = \"30m\"", diags);
            }
            None
        }
    };
    let connect_ahead = match f.duration("connect_ahead", diags) {
        Some(d) if d.value > MAX_CONNECT_AHEAD => {
            diags.push(src.error(d.span, t!("relay-connect-ahead-range")));
            DEFAULT_CONNECT_AHEAD
        }
        Some(d) => d.value,
        None => DEFAULT_CONNECT_AHEAD,
    };
    let fallback = match f.get("fallback") {
        Some(_) => read_files_key(&f, "fallback", &station.audio_dir, diags)?,
        None => Vec::new(),
    };
    let fallback_after = match f.duration("fallback_after", diags) {
        Some(d) if d.value.is_zero() => {
            diags.push(src.error(d.span, t!("relay-fallback-after-zero")));
            DEFAULT_FALLBACK_AFTER
        }
        Some(d) => d.value,
        None => DEFAULT_FALLBACK_AFTER,
    };
    let (id, streams, (rule, rule_span), duration) = (id?, streams?, rule?, duration?);
    Some(Relay {
        title: title.map_or_else(|| id.clone(), |t| t.value),
        id,
        streams,
        rule,
        from: dates.from,
        until: dates.until,
        except: dates.except,
        except_spans: dates.except_spans,
        priority,
        volume,
        chime,
        enabled,
        duration,
        connect_ahead,
        fallback,
        fallback_after,
        span: f.span(),
        rule_span,
    })
}

/// `streams`: http(s) URLs, at least one, checked by form only (no network).
fn read_streams(f: &Fields<'_, '_>, diags: &mut Vec<Diagnostic>) -> Option<Vec<String>> {
    let src = f.source();
    let Some(list) = f.strings("streams", diags) else {
        if f.get("streams").is_none() {
            f.missing(
                "streams",
                "streams = [\"http://radio.example.vn:8000/vov1\"]",
                diags,
            );
        }
        return None;
    };
    if list.value.is_empty() {
        diags.push(src.error(list.span, t!("relay-streams-empty")));
        return None;
    }
    let before = diags.len();
    let mut out = Vec::new();
    for s in list.value {
        let text = s.value.trim();
        match url::Url::parse(text) {
            Ok(u) if !matches!(u.scheme(), "http" | "https") => diags.push(
                src.error(
                    s.span,
                    t!("relay-url-scheme", url = text, scheme = u.scheme()),
                )
                .with_help(t!("relay-url-help")),
            ),
            Ok(u) if u.host_str().is_none_or(str::is_empty) => diags.push(
                src.error(s.span, t!("relay-url-no-host", url = text))
                    .with_help(t!("relay-url-help")),
            ),
            Ok(_) => out.push(text.to_string()),
            Err(e) => {
                // The url crate's words ("relative URL without a base") are not the officer's.
                let why = match e {
                    url::ParseError::RelativeUrlWithoutBase => "no-scheme",
                    url::ParseError::EmptyHost => "no-host",
                    url::ParseError::InvalidPort => "port",
                    _ => "other",
                };
                diags.push(
                    src.error(s.span, t!("relay-url-invalid", url = text, why = why))
                        .with_help(t!("relay-url-help")),
                );
            }
        }
    }
    (diags.len() == before).then_some(out)
}

/// Keys that belong to announcements, written in an emergency preset: say what a preset is.
fn emergency_hint(key: &str) -> Option<String> {
    matches!(
        key,
        "at" | "days" | "cron" | "from" | "until" | "time" | "times"
    )
    .then(|| t!("emergency-has-no-times", key = key))
}

fn read_emergency(
    src: Source<'_>,
    v: &Value<'_>,
    n: usize,
    station: &Station,
    ids: &HashMap<String, IdOwner>,
    texts: &super::tts::Texts<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Emergency> {
    let f = Fields::new(src, v, entry_name(v, "emergency", n), diags)?;
    f.deny_unknown_with(EMERGENCY_KEYS, emergency_hint, diags);
    let id = read_id(&f, ids, diags);
    let title = f.string("title", diags);
    let sound = super::tts::read_sound(&f, &station.audio_dir, texts, diags);
    let alert = f
        .string("alert", diags)
        .and_then(|a| audio_ref(src, a, &station.audio_dir, diags));
    let repeat = f
        .integer("repeat", 1..=MAX_REPEAT, diags)
        .map_or(1, |r| r.value as u32);
    let gap = f.duration("gap", diags).map_or(Duration::ZERO, |g| g.value);
    let every = f.duration("every", diags);
    if let Some(e) = &every
        && e.value.is_zero()
    {
        diags.push(
            src.error(e.span.clone(), t!("every-zero"))
                .with_help(t!("every-help")),
        );
    }
    let volume = f
        .integer("volume", 0..=100, diags)
        .map_or(100, |v| v.value as u8);
    let (id, (files, speech)) = (id?, sound?);
    if every.is_none() {
        diags.push(
            src.warning(
                f.span(),
                t!("emergency-plays-once", id = id.as_str(), n = repeat),
            )
            .with_help(t!("emergency-plays-once-help")),
        );
    }
    Some(Emergency {
        title: title.map_or_else(|| id.clone(), |t| t.value),
        id,
        files,
        speech,
        alert,
        repeat,
        gap,
        every: every.map(|e| e.value).filter(|e| !e.is_zero()),
        volume,
        span: f.span(),
    })
}
