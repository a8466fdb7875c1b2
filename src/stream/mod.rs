//! Live streams (spec §8), on threads of their own: the network never touches the player's
//! timing, and the real-time callback never sees a stream.
//!
//! A [`Link`] is one relay's connection, opened `connect_ahead` before its window and kept
//! until the relay's row is complete (the dispatcher says when, [`crate::dispatch::Effect`]
//! `Connect`/`Disconnect`). Its thread connects to the first URL, decodes what comes with
//! symphonia and pushes the sound into a bounded [`LiveBuffer`], which the player reads when the
//! relay is on air. When the stream drops, stalls, answers with an error or a web page, or sends
//! what cannot be decoded, the thread tries again at once with the next URL in the list, then
//! with a backoff of 0.25, 0.5, 0.5… s (reset after a connection that gave a minute of sound);
//! after 20 s without sound, as long again as it has been down, up to a minute between tries,
//! until the link is closed or its window is over.
//!
//! Every wait has a deadline: name resolution, connection and TLS ([`CONNECT_TIMEOUT`]), the
//! answer ([`ANSWER_TIMEOUT`]), and each read ([`STALL`]: a server that stops sending is a
//! stalled stream). Memory is bounded whatever the server sends: sound by the buffer's
//! [`crate::audio::live::MAX_SECONDS`], HLS playlists and segments by their caps (`hls`).
//!
//! Icecast/SHOUTcast (MP3, AAC in ADTS, Ogg Vorbis/Opus), with ICY metadata refused or
//! skipped (`icy`), and HLS live playlists (`hls`).

mod decode;
mod hls;
mod icy;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::audio::live::LiveBuffer;

/// The most name resolution, connection and TLS may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// The most the server may take to answer a request.
pub const ANSWER_TIMEOUT: Duration = Duration::from_secs(5);
/// A stream that sends nothing for this long is stalled: it is dropped and tried again.
pub const STALL: Duration = Duration::from_secs(4);
/// Waits between tries after the first retry, at most the last: a station whose server is back
/// is heard again within a second (two requests a second to a server that is down, for what is
/// left of a window, are no burden to it).
const BACKOFF: [Duration; 2] = [Duration::from_millis(250), Duration::from_millis(500)];
/// A connection that gave this much sound resets the backoff.
const GOOD_RUN: Duration = Duration::from_secs(60);
/// A link whose window is over ends by itself this long after, even if nobody closes it.
const GRACE: Duration = Duration::from_secs(10);

/// Why a stream gave no sound, in a few words (they go to the log, `loa status` and the
/// history). Worded when shown (`Display`), in the reader's language.
#[derive(Debug)]
pub enum StreamError {
    Unreachable {
        host: String,
        why: Phrase,
    },
    /// The server answered with this HTTP status.
    Status(u16),
    WebPage,
    Stalled,
    Format(Phrase),
    Ended,
    Broken(Phrase),
    Other(Phrase),
}

/// A part of a stream's trouble: one of loa's phrases (a catalogue id, with one argument
/// `$x`), or a library's own words, which only the English reader is shown.
#[derive(Debug, Clone, PartialEq)]
pub enum Phrase {
    Said(&'static str),
    With(&'static str, String),
    Raw(String),
}

impl std::fmt::Display for Phrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&match self {
            Phrase::Said(id) => crate::i18n::message(id, &[]),
            Phrase::With(id, x) => crate::i18n::message(id, &[("x", x.as_str().into())]),
            Phrase::Raw(words) => crate::t!("stream-why-raw", words = words.as_str()),
        })
    }
}

impl std::fmt::Display for StreamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::t;
        f.write_str(&match self {
            StreamError::Unreachable { host, why } => {
                t!(
                    "stream-unreachable",
                    host = host.as_str(),
                    why = why.to_string()
                )
            }
            StreamError::Status(code) => t!("stream-status", code = *code),
            StreamError::WebPage => t!("stream-web-page"),
            StreamError::Stalled => {
                t!("stream-stalled", secs = crate::i18n::words::duration(STALL))
            }
            StreamError::Format(why) => t!("stream-format", why = why.to_string()),
            StreamError::Ended => t!("stream-ended"),
            StreamError::Broken(why) => t!("stream-broken", why = why.to_string()),
            StreamError::Other(why) => why.to_string(),
        })
    }
}

impl std::error::Error for StreamError {}

impl StreamError {
    /// Whether trying the same address again cannot help: the server said no (a 4xx), sent a
    /// web page or something that is not a stream, or there is no such host.
    pub fn is_definitive(&self) -> bool {
        match self {
            StreamError::Status(code) => (400..500).contains(code),
            StreamError::WebPage | StreamError::Format(_) => true,
            StreamError::Unreachable { why, .. } => *why == Phrase::Said("stream-why-no-host"),
            _ => false,
        }
    }
}

/// A stream's address as `loa play` takes it: `None` when `target` is not an http(s) URL at
/// all (an id, a file), else the address or why it cannot be opened, in the reader's words.
pub fn stream_url(target: &str) -> Option<Result<String, String>> {
    let t = target.trim();
    let lower = t.to_ascii_lowercase();
    if !lower.starts_with("http://") && !lower.starts_with("https://") {
        return None;
    }
    let why = match url::Url::parse(t) {
        Ok(u) if u.host_str().is_some_and(|h| !h.is_empty()) => return Some(Ok(t.to_string())),
        Ok(_) => crate::t!("play-url-no-host"),
        // The url crate's words ("invalid port number") are English: the reader gets hers.
        Err(e) => crate::t!("play-url-malformed", detail = e.to_string()),
    };
    Some(Err(crate::t!("play-url-bad", url = t, why = why)))
}

/// Tells a link's thread to stop.
#[derive(Clone, Default)]
pub struct StopFlag(Arc<AtomicBool>);

impl StopFlag {
    pub fn stop(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn stopped(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// Sleeps for `d`, or less when stopped.
    fn sleep(&self, d: Duration) {
        let end = Instant::now() + d;
        while !self.stopped() {
            let left = end.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            std::thread::sleep(left.min(Duration::from_millis(50)));
        }
    }
}

/// Connects to `url` once and decodes until `want` of sound came, or `deadline` passed: the
/// stream's format, or why it gave no sound (`loa check --online`).
pub fn try_url(url: &str, want: Duration, deadline: Duration) -> Result<String, StreamError> {
    let buf = LiveBuffer::new();
    let stop = StopFlag::default();
    let (tx, rx) = std::sync::mpsc::channel();
    let (b, s, u) = (buf.clone(), stop.clone(), url.to_string());
    std::thread::Builder::new()
        .name("stream check".into())
        .spawn(move || {
            let mut sounded = Sounded::default();
            let _ = tx.send(play(&agent(), &u, &b, &s, &mut sounded, false));
        })
        .map_err(|e| StreamError::Other(Phrase::Raw(e.to_string())))?;
    let end = Instant::now() + deadline;
    let format = |b: &LiveBuffer| {
        b.state()
            .format
            .map_or_else(|| "?".into(), |f| f.to_string())
    };
    loop {
        if buf.level() >= want.as_secs_f64() {
            stop.stop();
            return Ok(format(&buf));
        }
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(r) if buf.level() >= want.as_secs_f64() => {
                drop(r);
                return Ok(format(&buf));
            }
            Ok(Err(e)) => return Err(e),
            Ok(Ok(())) => return Err(StreamError::Ended),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                return Err(StreamError::Other(Phrase::Said("stream-why-check-stopped")));
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) if Instant::now() >= end => {
                stop.stop();
                return Err(StreamError::Stalled);
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
        }
    }
}

/// One relay's connection to its streams.
pub struct Link {
    buffer: Arc<LiveBuffer>,
    stop: StopFlag,
    thread: Option<JoinHandle<()>>,
}

impl Link {
    /// Starts connecting to `urls` (tried in turn) on a thread of its own, until closed or, at
    /// the latest, a little after `until`.
    pub fn open(name: &str, urls: Vec<String>, until: Option<Instant>) -> std::io::Result<Link> {
        let buffer = LiveBuffer::new();
        let stop = StopFlag::default();
        let (b, s, n) = (buffer.clone(), stop.clone(), name.to_string());
        let thread = std::thread::Builder::new()
            .name(format!("stream {name}"))
            .spawn(move || run(&n, &urls, &b, &s, until.map(|u| u + GRACE)))?;
        Ok(Link {
            buffer,
            stop,
            thread: Some(thread),
        })
    }

    pub fn buffer(&self) -> Arc<LiveBuffer> {
        self.buffer.clone()
    }

    /// Whether its thread has ended (its window is long over).
    pub fn ended(&self) -> bool {
        self.thread.as_ref().is_none_or(|t| t.is_finished())
    }
}

impl Drop for Link {
    /// Tells the thread to stop; it ends within [`STALL`] (a read in progress finishes or times
    /// out), without anyone waiting for it.
    fn drop(&mut self) {
        self.stop.stop();
        self.thread.take();
    }
}

/// The thread's loop: connect, decode, and again, until stopped. Fast at first (a station's
/// server that restarts is heard again within a second); once no sound has come for
/// [`CLEARLY_DOWN`], slower and slower, to one try a minute ([`SLOW_MAX`]). The journal hears
/// of a failure when its reason changes, and of the sound's return, not of every try.
fn run(name: &str, urls: &[String], buf: &LiveBuffer, stop: &StopFlag, until: Option<Instant>) {
    let agent = agent();
    let mut tries = 0usize;
    let mut backoff = 0usize;
    let mut sounded_before = false;
    let mut silent_since = Instant::now();
    let mut failed_in_a_row = 0u32;
    // Per address: with two streams that fail for different reasons, the reason alternates on
    // every try, and would be logged every time.
    let mut last_why: Vec<Option<String>> = vec![None; urls.len()];
    let mut slowed = false;
    buf.update(|s| s.silent_since = Some(silent_since));
    while !stop.stopped() && until.is_none_or(|u| Instant::now() < u) && !urls.is_empty() {
        let which = tries % urls.len();
        let url = &urls[which];
        tries += 1;
        buf.update(|s| {
            s.url = url.clone();
            s.connected = false;
        });
        let mut sounded = Sounded::default();
        let result = play(&agent, url, buf, stop, &mut sounded, sounded_before);
        buf.update(|s| s.connected = false);
        if stop.stopped() {
            break;
        }
        let why = match result {
            Ok(()) => StreamError::Ended,
            Err(e) => e,
        };
        let words = crate::i18n::with_lang(crate::i18n::Lang::En, || why.to_string());
        // Why, before the count of failed tries: whoever sees the count finds the reason.
        let said = crate::i18n::Said::new(|| why.to_string());
        buf.trouble(said.clone());
        if sounded.first.is_none() {
            buf.update(|s| s.last_failure = Some((said, why.is_definitive())));
        }
        if sounded.first.is_some() {
            if failed_in_a_row > 0 {
                tracing::info!(relay = %name, url = %url, "sound again after {failed_in_a_row} failed tries");
            }
            failed_in_a_row = 0;
            silent_since = Instant::now();
            last_why.iter_mut().for_each(|w| *w = None);
            slowed = false;
        } else {
            failed_in_a_row += 1;
            buf.update(|s| s.failed_tries += 1);
        }
        buf.update(|s| s.silent_since = Some(silent_since));
        if last_why[which].as_deref() != Some(words.as_str()) {
            tracing::warn!(relay = %name, url = %url, "{words}");
            last_why[which] = Some(words);
        } else {
            tracing::debug!(relay = %name, url = %url, tries = failed_in_a_row, "again: {words}");
        }
        sounded_before |= sounded.first.is_some();
        if sounded.first.is_some_and(|t| t.elapsed() >= GOOD_RUN) {
            backoff = 0;
        }
        // At once the first time, then waiting longer each time; clearly down, much longer.
        let wait = if silent_since.elapsed() >= CLEARLY_DOWN {
            if !slowed {
                slowed = true;
                tracing::warn!(
                    relay = %name,
                    "no sound for {} s: trying again less often, up to once a minute",
                    CLEARLY_DOWN.as_secs()
                );
            }
            Some(slow_wait(silent_since.elapsed() - CLEARLY_DOWN))
        } else if backoff > 0 {
            Some(BACKOFF[(backoff - 1).min(BACKOFF.len() - 1)])
        } else {
            None
        };
        if let Some(w) = wait {
            stop.sleep(w);
        }
        backoff += 1;
    }
}

/// No sound for this long: the server is down, not restarting.
const CLEARLY_DOWN: Duration = Duration::from_secs(20);
/// The first wait once it is clearly down; each wait is at most [`SLOW_MAX`].
const SLOW_FIRST: Duration = Duration::from_secs(1);
const SLOW_MAX: Duration = Duration::from_secs(60);

/// How long to wait before the next try, `down` past [`CLEARLY_DOWN`]: about as long again as
/// it has been down (1 s, 2 s, 4 s… ), at most a minute.
fn slow_wait(down: Duration) -> Duration {
    down.max(SLOW_FIRST).min(SLOW_MAX)
}

#[cfg(test)]
mod backoff_tests {
    use super::*;

    /// A server down for a whole window is asked about once a minute, not twice a second.
    #[test]
    fn once_clearly_down_the_tries_slow_to_one_a_minute() {
        assert_eq!(slow_wait(Duration::ZERO), SLOW_FIRST);
        assert_eq!(slow_wait(Duration::from_secs(5)), Duration::from_secs(5));
        assert_eq!(slow_wait(Duration::from_secs(3600)), SLOW_MAX);
        // Over a 30-minute window from the moment it is clearly down: a few dozen tries.
        let (mut t, mut tries) = (Duration::ZERO, 0);
        while t < Duration::from_secs(1800) {
            t += slow_wait(t);
            tries += 1;
        }
        assert!(tries < 40, "{tries} tries");
    }

    #[test]
    fn what_trying_again_cannot_mend_is_definitive() {
        assert!(StreamError::Status(404).is_definitive());
        assert!(!StreamError::Status(503).is_definitive());
        assert!(StreamError::WebPage.is_definitive());
        assert!(!StreamError::Stalled.is_definitive());
        let refused = StreamError::Unreachable {
            host: "x".into(),
            why: Phrase::Said("stream-why-refused"),
        };
        assert!(!refused.is_definitive());
    }
}

/// When a connection first gave sound.
#[derive(Default)]
struct Sounded {
    first: Option<Instant>,
}

pub(crate) fn agent() -> ureq::Agent {
    let config = ureq::Agent::config_builder()
        .timeout_resolve(Some(CONNECT_TIMEOUT))
        .timeout_connect(Some(CONNECT_TIMEOUT))
        .timeout_send_request(Some(ANSWER_TIMEOUT))
        .timeout_recv_response(Some(ANSWER_TIMEOUT))
        .timeout_per_read(Some(STALL))
        .max_redirects(5)
        .user_agent(concat!("loa/", env!("CARGO_PKG_VERSION")))
        .tls_config(
            ureq::tls::TlsConfig::builder()
                .root_certs(ureq::tls::RootCerts::PlatformVerifier)
                .build(),
        )
        .build();
    ureq::Agent::new_with_config(config)
}

/// Why a GET of a stream's URL got no answer to play, as loa words it.
pub(crate) fn error_of(url: &str, e: ureq::Error) -> StreamError {
    let host = url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| url.to_string());
    let unreachable = |why: Phrase| StreamError::Unreachable {
        host: host.clone(),
        why,
    };
    match e {
        ureq::Error::StatusCode(code) => StreamError::Status(code),
        ureq::Error::HostNotFound => unreachable(Phrase::Said("stream-why-no-host")),
        ureq::Error::ConnectionFailed => unreachable(Phrase::Said("stream-why-refused")),
        ureq::Error::Timeout(t) => match t {
            ureq::Timeout::Resolve => unreachable(Phrase::Said("stream-why-resolve-slow")),
            ureq::Timeout::Connect => unreachable(Phrase::Said("stream-why-connect-slow")),
            // (Before the answer, a read that times out is a server that does not answer.)
            _ => unreachable(Phrase::Said("stream-why-no-answer")),
        },
        ureq::Error::Io(io) => io_error(&host, &io),
        ureq::Error::Rustls(t) => unreachable(tls_words(&t)),
        ureq::Error::Tls(why) => unreachable(Phrase::With("stream-why-tls", why.to_string())),
        other
            if other
                .to_string()
                .contains("failed to lookup address information") =>
        {
            unreachable(Phrase::Said("stream-why-no-host"))
        }
        other => StreamError::Other(Phrase::Raw(other.to_string())),
    }
}

/// A TLS failure, in words a technician can act on (the clock is the usual culprit on a box
/// without a battery clock).
fn tls_words(e: &rustls::Error) -> Phrase {
    use rustls::CertificateError as C;
    match e {
        rustls::Error::InvalidCertificate(c) => match c {
            C::UnknownIssuer => Phrase::Said("stream-why-tls-issuer"),
            C::Expired | C::ExpiredContext { .. } => Phrase::Said("stream-why-tls-expired"),
            C::NotValidYet | C::NotValidYetContext { .. } => Phrase::Said("stream-why-tls-not-yet"),
            C::NotValidForName | C::NotValidForNameContext { .. } => {
                Phrase::Said("stream-why-tls-name")
            }
            other => Phrase::With("stream-why-tls-refused", format!("{other:?}")),
        },
        other => Phrase::With("stream-why-tls", other.to_string()),
    }
}

fn io_error(host: &str, e: &std::io::Error) -> StreamError {
    if let Some(t) = e.get_ref().and_then(|x| x.downcast_ref::<rustls::Error>()) {
        return StreamError::Unreachable {
            host: host.to_string(),
            why: tls_words(t),
        };
    }
    if let Some(u) = e.get_ref().and_then(|x| x.downcast_ref::<ureq::Error>())
        && matches!(u, ureq::Error::Timeout(ureq::Timeout::PerRead))
    {
        return StreamError::Stalled;
    }
    // getaddrinfo's failure, which std reports only in words.
    if e.to_string()
        .contains("failed to lookup address information")
    {
        return StreamError::Unreachable {
            host: host.to_string(),
            why: Phrase::Said("stream-why-no-host"),
        };
    }
    match e.kind() {
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => StreamError::Stalled,
        std::io::ErrorKind::ConnectionRefused => StreamError::Unreachable {
            host: host.to_string(),
            why: Phrase::Said("stream-why-refused"),
        },
        std::io::ErrorKind::UnexpectedEof => StreamError::Ended,
        _ => StreamError::Broken(Phrase::Raw(e.to_string())),
    }
}

/// The kind of stream an answer carries, by its Content-Type (or, without one, its URL).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Playlist,
    WebPage,
    /// Sound, with a hint for the prober ("mp3", "aac", "ogg"), if the type tells.
    Sound(Option<&'static str>),
}

fn kind_of(content_type: Option<&str>, url: &str) -> Kind {
    let ct = content_type
        .map(|c| {
            c.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    match ct.as_str() {
        "application/vnd.apple.mpegurl"
        | "application/x-mpegurl"
        | "audio/mpegurl"
        | "audio/x-mpegurl" => Kind::Playlist,
        "text/html" | "application/xhtml+xml" => Kind::WebPage,
        "audio/mpeg" | "audio/mp3" | "audio/mpeg3" => Kind::Sound(Some("mp3")),
        "audio/aac" | "audio/aacp" | "audio/x-aac" => Kind::Sound(Some("aac")),
        "application/ogg" | "audio/ogg" | "audio/vorbis" | "audio/opus" => Kind::Sound(Some("ogg")),
        _ => {
            let path = url.split(['?', '#']).next().unwrap_or(url);
            if path.ends_with(".m3u8") || path.ends_with(".m3u") {
                Kind::Playlist
            } else {
                Kind::Sound(None)
            }
        }
    }
}

/// One connection to one URL: until it breaks (`Err`), ends (`Ok`), or the link stops.
fn play(
    agent: &ureq::Agent,
    url: &str,
    buf: &LiveBuffer,
    stop: &StopFlag,
    sounded: &mut Sounded,
    sounded_before: bool,
) -> Result<(), StreamError> {
    let resp = agent
        .get(url)
        .header("Icy-MetaData", "0")
        .call()
        .map_err(|e| error_of(url, e))?;
    let headers = resp.headers();
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let metaint = headers
        .get("icy-metaint")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<usize>().ok());
    let on_sound = |format: &crate::i18n::Said, first: bool| {
        buf.update(|s| {
            s.connected = true;
            s.silent_since = None;
            s.last_failure = None;
            s.format = Some(format.clone());
            if first && sounded_before {
                s.reconnects += 1;
            }
        });
    };
    match kind_of(content_type.as_deref(), url) {
        Kind::WebPage => Err(StreamError::WebPage),
        Kind::Playlist => hls::play(agent, url, resp, buf, stop, sounded, &on_sound),
        Kind::Sound(hint) => {
            let reader = icy::IcyStrip::new(resp.into_body().into_reader(), metaint);
            decode::decode(reader, hint, buf, stop, sounded, &on_sound, STALL)
        }
    }
}

/// For the fuzz target (fuzz/, `stream`): what a server sent, after one byte that picks the
/// format hint and the ICY block spacing (as its headers would): read as an HLS playlist and as a
/// segment, then through the ICY filter into the decoder, as a relay does.
#[doc(hidden)]
pub fn fuzz(bytes: &[u8]) {
    let Some((&head, body)) = bytes.split_first() else {
        return;
    };
    hls::fuzz(body);
    let hint = [None, Some("mp3"), Some("aac"), Some("ogg")][usize::from(head & 3)];
    let every = Some(usize::from(head >> 2) * 16).filter(|n| *n > 0);
    let reader = icy::IcyStrip::new(std::io::Cursor::new(body.to_vec()), every);
    let _ = decode::decode(
        reader,
        hint,
        &LiveBuffer::new(),
        &StopFlag::default(),
        &mut Sounded { first: None },
        &|_, _| {},
        Duration::from_secs(3600),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kind_of_an_answer_comes_from_its_type_then_its_address() {
        assert_eq!(
            kind_of(Some("audio/mpeg"), "http://x/s"),
            Kind::Sound(Some("mp3"))
        );
        assert_eq!(
            kind_of(Some("audio/aacp"), "http://x/s"),
            Kind::Sound(Some("aac"))
        );
        assert_eq!(
            kind_of(Some("application/ogg"), "http://x/s"),
            Kind::Sound(Some("ogg"))
        );
        assert_eq!(
            kind_of(Some("text/html; charset=utf-8"), "http://x/s"),
            Kind::WebPage
        );
        assert_eq!(
            kind_of(Some("application/vnd.apple.mpegurl"), "http://x/s"),
            Kind::Playlist
        );
        assert_eq!(kind_of(None, "http://x/live.m3u8?t=1"), Kind::Playlist);
        assert_eq!(kind_of(None, "http://x/live"), Kind::Sound(None));
    }
}
