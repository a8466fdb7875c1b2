//! The validated schedule: types that cannot hold a broadcast the file did not mean.
//!
//! `load`/`parse` turn a schedule file into a [`Schedule`] or into every error found in it. The
//! rules of the format (spec §2) live in `build` (tables) and `values` (one value each); the words for days in `days`; cron in `cron`.
//! Nothing here reads the clock or touches audio: what depends on today (a window that has ended)
//! or on audio durations (a broadcast longer than the gap to the next) is `lint`'s job.

mod build;
pub mod cron;
pub mod days;
pub mod edit;
mod fleet;
pub mod form;
mod live;
mod tts;
mod values;
mod web;

use crate::t;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{NaiveDate, NaiveTime};
use chrono_tz::Tz;

use crate::diagnostic::{Diagnostic, Source, Span};
pub use cron::CronRule;
pub use days::DaySet;
pub use fleet::{broker as parse_broker, node_ok, parse_size};
pub use live::Live;
pub use tts::{MAX_TEXT, Speech, Tts};
pub use values::output as parse_output;
pub use web::{DEFAULT_MAX_UPLOAD, Web, WebTls};

/// A schedule that loaded, and the warnings found while loading it.
#[derive(Debug)]
pub struct Loaded {
    pub schedule: Schedule,
    pub warnings: Vec<Diagnostic>,
}

#[derive(Clone, Debug)]
pub struct Schedule {
    /// The file as the user named it, for messages.
    pub file_name: String,
    /// The text it was built from, kept so later findings (audio, lint) can point into it.
    pub text: String,
    /// Where each line of `text` starts (`diagnostic::line_starts`).
    pub lines: Vec<usize>,
    pub station: Station,
    pub announcements: Vec<Announcement>,
    pub emergencies: Vec<Emergency>,
    /// Live streams relayed in their windows (spec §8). Read and checked; the planner and the
    /// player take them up in [8/10] (docs/design/relay.md).
    pub relays: Vec<Relay>,
    /// The provincial feed (spec §9), when the file has `[fleet]`.
    pub fleet: Option<Fleet>,
    /// The station's console (spec §11), when the file has `[web]`.
    pub web: Option<Web>,
    /// How texts are read (spec §13): `[tts]`, or its defaults.
    pub tts: Tts,
    /// What is kept of live broadcasts (spec §12): `[live]`, or its defaults.
    pub live: Live,
}

/// `[fleet]`: this box's place in the province's feed. Never holds a secret: the password is
/// read from `password_file` when the feed connects.
#[derive(Clone, Debug)]
pub struct Fleet {
    pub broker: Broker,
    /// This box's place, segments most general first ("quang-nam/duy-xuyen/duy-phuoc/cum-01").
    pub node: String,
    pub username: Option<String>,
    pub password_file: Option<PathBuf>,
    pub ca_file: Option<PathBuf>,
    /// A client certificate and its key, for brokers that authenticate by certificate.
    pub client: Option<(PathBuf, PathBuf)>,
    pub trusted_keys: Vec<crate::feed::keys::PublicKey>,
    pub normal: NormalBulletins,
    pub status_every: Duration,
    /// Bytes; a bulletin whose audio weighs more is refused.
    pub max_download: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broker {
    pub tls: bool,
    pub host: String,
    pub port: u16,
}

impl std::fmt::Display for Broker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let scheme = if self.tls { "mqtts" } else { "mqtt" };
        match self.host.contains(':') {
            true => write!(f, "{scheme}://[{}]:{}", self.host, self.port),
            false => write!(f, "{scheme}://{}:{}", self.host, self.port),
        }
    }
}

/// What becomes of a `normal` bulletin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NormalBulletins {
    /// Held until `loa bulletins accept`.
    Hold,
    /// Played at its time.
    Auto,
}

/// A `[[relay]]`: a live stream on air for a window, at times set like an announcement's.
#[derive(Clone, Debug)]
pub struct Relay {
    pub id: String,
    pub title: String,
    /// http(s) URLs, tried in order; as written.
    pub streams: Vec<String>,
    pub rule: Rule,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub except: Vec<NaiveDate>,
    pub except_spans: Vec<(NaiveDate, Span)>,
    pub priority: i32,
    pub volume: u8,
    pub chime: Chime,
    pub enabled: bool,
    /// The window: on air from each time for this long.
    pub duration: Duration,
    /// The stream is opened this long before the window.
    pub connect_ahead: Duration,
    /// Played when no stream gives sound for `fallback_after`.
    pub fallback: Vec<AudioRef>,
    pub fallback_after: Duration,
    pub span: Span,
    pub rule_span: Span,
}

#[derive(Clone, Debug)]
pub struct Station {
    pub name: String,
    pub timezone: Tz,
    /// Whether `timezone` was written in the file (otherwise it is the system's zone).
    pub timezone_from_file: bool,
    pub audio_dir: PathBuf,
    pub allow_dirs: Vec<PathBuf>,
    pub output: Output,
    /// Master volume, percent.
    pub volume: u8,
    pub chime: Option<AudioRef>,
    pub quiet_hours: Option<QuietHours>,
    pub max_delay: Duration,
    pub catch_up: Duration,
    /// Sorted, without duplicates.
    pub except: Vec<NaiveDate>,
    /// Where each `except` date was written (for the warning about one in the past).
    pub except_spans: Vec<(NaiveDate, Span)>,
    pub require_clock_sync: bool,
    /// Play every file at this loudness (LUFS, EBU R128), if set.
    pub loudness: Option<f64>,
    pub amplifier: Option<Amplifier>,
}

/// An audio file as written in the schedule and where it is on disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AudioRef {
    pub written: String,
    pub path: PathBuf,
    pub span: Span,
}

impl AudioRef {
    /// A text's sound whose place in the state directory's cache is not known yet (the schedule
    /// was read, not prepared: `tts::prepare` gives it one).
    pub fn is_unrendered_text(&self) -> bool {
        self.path.is_relative()
            && self.path.as_os_str() == self.written.as_str()
            && self.written.starts_with(crate::tts::cache::DIR)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    /// The system's default output device.
    Default,
    /// Plays into nothing, in real time.
    Null,
    /// A 48 kHz stereo 16-bit WAV file standing in for a sound card.
    Wav(PathBuf),
    /// A device by the name `loa devices` prints.
    Device(String),
}

impl std::fmt::Display for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Output::Default => write!(f, "default"),
            Output::Null => write!(f, "null"),
            Output::Wav(p) => write!(f, "wav:{}", p.display()),
            Output::Device(d) => write!(f, "{d}"),
        }
    }
}

/// A daily range of wall-clock time in which no scheduled broadcast starts; may wrap midnight.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuietHours {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl QuietHours {
    /// Start inclusive, end exclusive.
    pub fn contains(&self, t: NaiveTime) -> bool {
        if self.start < self.end {
            self.start <= t && t < self.end
        } else {
            t >= self.start || t < self.end
        }
    }
}

impl std::fmt::Display for QuietHours {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", hm(self.start), hm(self.end))
    }
}

/// "05:30", or "05:30:15" when there are seconds.
pub fn hm(t: NaiveTime) -> String {
    use chrono::Timelike;
    if t.second() == 0 {
        t.format("%H:%M").to_string()
    } else {
        t.format("%H:%M:%S").to_string()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Amplifier {
    pub on: Vec<String>,
    pub on_lead: Duration,
    pub off: Vec<String>,
    pub off_delay: Duration,
}

#[derive(Clone, Debug)]
pub struct Announcement {
    pub id: String,
    pub title: String,
    /// With a `text`, its sound: one file in the state directory's `tts/`.
    pub files: Vec<AudioRef>,
    /// What it reads, when it has `text` or `text_file` (spec §13).
    pub speech: Option<Box<Speech>>,
    pub rule: Rule,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// Sorted, without duplicates.
    pub except: Vec<NaiveDate>,
    /// Where each `except` date was written (for the warning about one in the past).
    pub except_spans: Vec<(NaiveDate, Span)>,
    pub repeat: u32,
    pub gap: Duration,
    pub order: Order,
    /// Percent of the station volume.
    pub volume: u8,
    pub priority: i32,
    pub chime: Chime,
    pub enabled: bool,
    /// The `[[announcement]]` header.
    pub span: Span,
    /// The `at` or `cron` value.
    pub rule_span: Span,
}

/// When an announcement plays: times of day on matching dates.
#[derive(Clone, Debug)]
pub enum Rule {
    At { times: Vec<NaiveTime>, days: DaySet },
    Cron(Box<CronRule>),
}

impl Rule {
    /// Sorted ascending, without duplicates.
    pub fn times(&self) -> &[NaiveTime] {
        match self {
            Rule::At { times, .. } => times,
            Rule::Cron(c) => c.times(),
        }
    }

    pub fn matches_weekday_and_fields(&self, d: NaiveDate) -> bool {
        use chrono::Datelike;
        match self {
            Rule::At { days, .. } => days.contains(d.weekday()),
            Rule::Cron(c) => c.matches_date(d),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// Every file, in order.
    All,
    /// One file per occurrence, in turn.
    Rotate,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Chime {
    /// The station's chime, if it has one.
    Station,
    Off,
    File(Box<AudioRef>),
}

#[derive(Clone, Debug)]
pub struct Emergency {
    pub id: String,
    pub title: String,
    /// With a `text`, its sound: one file in the state directory's `tts/`.
    pub files: Vec<AudioRef>,
    /// What it reads, when it has `text` or `text_file` (spec §13).
    pub speech: Option<Box<Speech>>,
    pub alert: Option<AudioRef>,
    pub repeat: u32,
    pub gap: Duration,
    /// Play again this often until `loa stop`.
    pub every: Option<Duration>,
    /// Percent of the station volume.
    pub volume: u8,
    pub span: Span,
}

/// Which schedule entry uses an audio file, for messages about the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum User<'a> {
    Station,
    Announcement(&'a str),
    Emergency(&'a str),
    Relay(&'a str),
}

/// What a `loa play` target names in a schedule ([`Schedule::find`]).
#[derive(Debug)]
pub enum Found<'a> {
    Emergency(&'a Emergency),
    Announcement(&'a Announcement),
    /// An audio file in `audio_dir` or `allow_dirs`, by its bare name.
    File(PathBuf),
    /// Several announcements or presets answer to it: their ids.
    Ambiguous(Vec<&'a str>),
    Nothing,
}

impl std::fmt::Display for User<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            User::Station => f.write_str(&t!("user-station-chime")),
            User::Announcement(id) => f.write_str(&t!("user-announcement", id = *id)),
            User::Emergency(id) => f.write_str(&t!("user-emergency", id = *id)),
            User::Relay(id) => f.write_str(&t!("user-relay", id = *id)),
        }
    }
}

impl Schedule {
    /// A handle for pointing into the schedule text.
    pub fn source(&self) -> Source<'_> {
        Source::indexed(&self.file_name, &self.text, &self.lines)
    }

    pub fn announcement(&self, id: &str) -> Option<&Announcement> {
        self.announcements.iter().find(|a| a.id == id)
    }

    pub fn emergency(&self, id: &str) -> Option<&Emergency> {
        self.emergencies.iter().find(|e| e.id == id)
    }

    /// What `loa play TARGET` means, as someone in a hurry types it: an id exactly, then an id
    /// or a title up to case, accents and spaces ("BAO", "canh bao bao" for "Cảnh báo bão"),
    /// then a file in `audio_dir` or an `allow_dirs` folder by its bare name ("bao.mp3", "bao").
    /// A path is the caller's business (only it knows its working folder).
    pub fn find(&self, target: &str) -> Found<'_> {
        if let Some(e) = self.emergency(target) {
            return Found::Emergency(e);
        }
        if let Some(a) = self.announcement(target) {
            return Found::Announcement(a);
        }
        let want = crate::suggest::fold(target);
        if !want.is_empty() {
            let same = |id: &str, title: &str| {
                crate::suggest::fold(id) == want || crate::suggest::fold(title) == want
            };
            let e: Vec<&Emergency> = self
                .emergencies
                .iter()
                .filter(|e| same(&e.id, &e.title))
                .collect();
            let a: Vec<&Announcement> = self
                .announcements
                .iter()
                .filter(|a| same(&a.id, &a.title))
                .collect();
            match (e.as_slice(), a.as_slice()) {
                ([one], []) => return Found::Emergency(one),
                ([], [one]) => return Found::Announcement(one),
                ([], []) => {}
                _ => {
                    return Found::Ambiguous(
                        e.iter()
                            .map(|e| e.id.as_str())
                            .chain(a.iter().map(|a| a.id.as_str()))
                            .collect(),
                    );
                }
            }
        }
        std::iter::once(&self.station.audio_dir)
            .chain(self.station.allow_dirs.iter())
            .find_map(|d| crate::audio::names::find_in(d, target))
            .map_or(Found::Nothing, Found::File)
    }

    /// Every audio file the schedule plays, once each.
    pub fn audio_files(&self) -> Vec<PathBuf> {
        let mut seen = std::collections::HashSet::new();
        self.audio_refs()
            .into_iter()
            .map(|(r, _)| r.path.clone())
            .filter(|p| seen.insert(p.clone()))
            .collect()
    }

    /// Every id, presets first, for a message after a miss.
    pub fn ids(&self) -> Vec<&str> {
        self.emergencies
            .iter()
            .map(|e| e.id.as_str())
            .chain(self.announcements.iter().map(|a| a.id.as_str()))
            .collect()
    }

    /// The chime an announcement plays first, if any.
    pub fn chime_for<'a>(&'a self, a: &'a Announcement) -> Option<&'a AudioRef> {
        self.chime_of(&a.chime)
    }

    /// The file a `chime` setting (an announcement's or a relay's) stands for, if any.
    pub fn chime_of<'a>(&'a self, chime: &'a Chime) -> Option<&'a AudioRef> {
        match chime {
            Chime::Station => self.station.chime.as_ref(),
            Chime::Off => None,
            Chime::File(f) => Some(f),
        }
    }

    /// Every audio file the schedule refers to, with who uses it (a file may appear many times).
    pub fn audio_refs(&self) -> Vec<(&AudioRef, User<'_>)> {
        let mut out = Vec::new();
        if let Some(c) = &self.station.chime {
            out.push((c, User::Station));
        }
        for a in &self.announcements {
            let user = User::Announcement(&a.id);
            if let Chime::File(f) = &a.chime {
                out.push((f, user));
            }
            out.extend(a.files.iter().map(|f| (f, user)));
        }
        for e in &self.emergencies {
            let user = User::Emergency(&e.id);
            if let Some(f) = &e.alert {
                out.push((f, user));
            }
            out.extend(e.files.iter().map(|f| (f, user)));
        }
        for r in &self.relays {
            let user = User::Relay(&r.id);
            if let Chime::File(f) = &r.chime {
                out.push((f, user));
            }
            out.extend(r.fallback.iter().map(|f| (f, user)));
        }
        out
    }
}

/// The most times one broadcast may repeat its files (the schedule's `repeat`, `loa play
/// --repeat`, and the control socket all take 1 to this).
pub const MAX_REPEAT: u32 = 100;
/// The loudest volume, percent.
pub const MAX_VOLUME: u8 = 100;

/// The largest schedule file read (a year of a big commune's programme is well under 1 MB;
/// 100,000 announcements are about 15 MB).
pub const MAX_FILE_BYTES: u64 = 32_000_000;

/// Reads a schedule file's bytes: only a regular file (a FIFO, a device such as `/dev/zero`, a
/// folder are refused at once, without waiting on them), of at most [`MAX_FILE_BYTES`].
pub fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
    let why = |e: std::io::Error| crate::i18n::io_why(&e);
    // Non-blocking, so that opening a FIFO does not wait for a writer.
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(why)?;
    let meta = f.metadata().map_err(why)?;
    let kind = meta.file_type();
    if !kind.is_file() {
        let what = if kind.is_dir() {
            "folder"
        } else if kind.is_fifo() {
            "fifo"
        } else if kind.is_char_device() || kind.is_block_device() {
            "device"
        } else if kind.is_socket() {
            "socket"
        } else {
            "other"
        };
        return Err(t!("schedule-not-a-file", kind = what));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(t!(
            "schedule-too-big",
            mb = meta.len() / 1_000_000,
            max = MAX_FILE_BYTES / 1_000_000
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The size may change while we read: never more than the limit.
    f.by_ref()
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(why)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(t!("schedule-grew", max = MAX_FILE_BYTES / 1_000_000));
    }
    Ok(bytes)
}

/// Reads and validates a schedule file. `default_tz` is used when the file names no zone.
pub fn load(path: &Path, default_tz: Tz) -> Result<Loaded, Vec<Diagnostic>> {
    let name = path.display().to_string();
    let bytes = read_file(path).map_err(|why| {
        vec![
            Diagnostic::file_error(&name, t!("schedule-cannot-read", why = why))
                .with_help(t!("schedule-cannot-read-help")),
        ]
    })?;
    let text = crate::config::decode_text(&name, &bytes).map_err(|d| vec![*d])?;
    let base = path.parent().unwrap_or(Path::new("."));
    let base = if base.as_os_str().is_empty() {
        Path::new(".")
    } else {
        base
    };
    parse(&name, text, base, default_tz)
}

/// Validates schedule text. Relative paths are taken from `base_dir` (the file's folder).
pub fn parse(
    name: &str,
    text: String,
    base_dir: &Path,
    default_tz: Tz,
) -> Result<Loaded, Vec<Diagnostic>> {
    build::build(name, text, base_dir, default_tz)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_hours_wrap_midnight() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let q = QuietHours {
            start: t(22, 0),
            end: t(5, 0),
        };
        assert!(q.contains(t(22, 0)));
        assert!(q.contains(t(2, 0)));
        assert!(q.contains(t(4, 59)));
        assert!(!q.contains(t(5, 0)));
        assert!(!q.contains(t(12, 0)));
        let day = QuietHours {
            start: t(12, 0),
            end: t(13, 30),
        };
        assert!(day.contains(t(12, 0)) && day.contains(t(13, 29)));
        assert!(!day.contains(t(13, 30)) && !day.contains(t(11, 59)));
    }
}
