//! `loa fleet send` and `loa fleet push`: a bulletin or a schedule, signed and published.

use std::path::Path;
use std::time::Duration;

use chrono::{SecondsFormat, Utc};
use serde_json::{Map, json};

use super::{connection, hex, publish, read_secret, report};
use crate::cli::{BrokerArgs, BulletinLevel};
use crate::clock::Clock;
use crate::feed::bulletin::seal;
use crate::feed::client::topic;
use crate::t;

/// What `loa fleet send` sends.
pub struct Send<'a> {
    pub to: &'a str,
    pub level: BulletinLevel,
    /// `--key`; else `[province]`'s.
    pub key: Option<&'a Path>,
    pub preset: Option<&'a str>,
    /// A recording the nodes fetch from this address.
    pub url: Option<&'a str>,
    /// A recording here, PUT to the address first.
    pub file: Option<(&'a Path, &'a str)>,
    pub stream: Option<(&'a str, Duration)>,
    /// A notice each node reads aloud.
    pub text: Option<&'a str>,
    pub title: Option<&'a str>,
    pub at: Option<&'a str>,
    pub expires: Duration,
    pub repeat: Option<u32>,
    /// An emergency's repetition; never a preset's unless given here.
    pub every: Option<Duration>,
}

pub fn send(s: &Send<'_>, broker: &BrokerArgs, config: &Path, clock: &dyn Clock) -> i32 {
    report(send_inner(s, broker, config, clock))
}

fn send_inner(
    s: &Send<'_>,
    broker: &BrokerArgs,
    config: &Path,
    clock: &dyn Clock,
) -> Result<String, String> {
    check(s)?;
    let key = read_secret(&super::key(s.key, config)?)?;
    let conn = connection(broker, config)?;
    let now = clock.now();
    let (tz, _) = crate::clock::system_timezone();
    let sealed = seal_bulletin(s, &key, now, tz)?;
    publish(&conn, &sealed.topic, sealed.body.into_bytes(), false)?;
    warn_if_behind(&conn, s.to, now);
    Ok(t!(
        "fleet-sent",
        id = sealed.id,
        level = sealed.level,
        topic = sealed.topic.as_str(),
        expires = sealed
            .expires
            .with_timezone(&tz)
            .to_rfc3339_opts(SecondsFormat::Secs, false)
    ))
}

/// What is wrong with `s` before anything is read or fetched: where it goes, and a repetition
/// only an emergency may have.
fn check(s: &Send<'_>) -> Result<(), String> {
    if !crate::schedule::node_ok(s.to) {
        return Err(t!("fleet-bad-prefix", prefix = s.to));
    }
    if s.every.is_some() && s.level != BulletinLevel::Emergency {
        return Err(t!("fleet-every-not-emergency"));
    }
    // Exactly one sound (the CLI's flags say so too; the console's form does not).
    let sounds = [
        s.preset.is_some(),
        s.url.is_some(),
        s.file.is_some(),
        s.stream.is_some(),
        s.text.is_some(),
    ];
    if sounds.iter().filter(|&&x| x).count() != 1 {
        return Err(t!("fleet-one-sound"));
    }
    Ok(())
}

/// A bulletin made, signed, ready to publish.
pub(crate) struct Sealed {
    pub id: String,
    pub level: &'static str,
    pub topic: String,
    pub body: String,
    pub expires: chrono::DateTime<Utc>,
}

/// Makes and signs the bulletin `s` asks for at `now` (`HH:MM` read in `tz`): a recording to
/// upload is stored first, one at an address fetched once for its hash. The CLI and the
/// province's console both send through here.
pub(crate) fn seal_bulletin(
    s: &Send<'_>,
    key: &crate::feed::keys::SecretKey,
    now: chrono::DateTime<Utc>,
    tz: chrono_tz::Tz,
) -> Result<Sealed, String> {
    check(s)?;
    let play_at =
        s.at.map(|w| crate::dispatch::parse_when(w, now, tz))
            .transpose()
            .map_err(|why| t!("fleet-bad-when", why = why))?;
    let level = match s.level {
        BulletinLevel::Normal => "normal",
        BulletinLevel::Priority => "priority",
        BulletinLevel::Emergency => "emergency",
    };
    let mut rnd = [0u8; 3];
    getrandom::fill(&mut rnd).map_err(|e| e.to_string())?;
    let id = format!(
        "{level}-{}-{:02x}{:02x}{:02x}",
        now.format("%Y%m%dT%H%M%SZ"),
        rnd[0],
        rnd[1],
        rnd[2]
    );
    let expires = now + chrono::TimeDelta::from_std(s.expires).map_err(|e| e.to_string())?;
    let stamp = |t: chrono::DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
    let mut b = Map::new();
    b.insert("v".into(), json!(1));
    b.insert("id".into(), json!(id));
    b.insert("level".into(), json!(level));
    b.insert(
        "issued".into(),
        json!(now.to_rfc3339_opts(SecondsFormat::Millis, true)),
    );
    b.insert("expires".into(), json!(stamp(expires)));
    if let Some(t) = play_at {
        b.insert("play_at".into(), json!(stamp(t)));
    }
    if let Some(n) = s.repeat {
        b.insert("repeat".into(), json!(n));
    }
    if let Some(e) = s.every {
        b.insert("every".into(), json!(e.as_secs()));
    }
    let title = match (s.title, s.preset, s.stream) {
        (Some(t), _, _) => t.to_string(),
        (None, Some(p), _) => p.to_string(),
        (None, None, Some((url, _))) => url.to_string(),
        (None, None, None) => s
            .file
            .map(|(f, _)| f.display().to_string())
            .or(s.url.map(str::to_string))
            .or(s.text.map(|t| crate::text::shortened(t, 60).into_owned()))
            .unwrap_or_else(|| id.clone()),
    };
    if let Some((file, upload)) = s.file {
        let (sha256, bytes) = upload_file(file, upload)?;
        b.insert(
            "audio".into(),
            json!([{ "url": upload, "sha256": sha256, "bytes": bytes }]),
        );
    }
    if let Some(url) = s.url {
        let (sha256, bytes) = measure_url(url)?;
        b.insert(
            "audio".into(),
            json!([{ "url": url, "sha256": sha256, "bytes": bytes }]),
        );
    }
    b.insert("title".into(), json!(title));
    if let Some(p) = s.preset {
        b.insert("preset".into(), json!(p));
    }
    if let Some(text) = s.text {
        if text.trim().is_empty() || text.len() > crate::schedule::MAX_TEXT {
            return Err(t!("bulletin-text", max = crate::schedule::MAX_TEXT));
        }
        b.insert("text".into(), json!(text));
    }
    if let Some((url, d)) = s.stream {
        let ok = url::Url::parse(url)
            .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some());
        if !ok {
            return Err(t!("fleet-stream-url", url = url));
        }
        b.insert(
            "stream".into(),
            json!({ "url": url, "duration": d.as_secs() }),
        );
    }
    let body = seal(b, key).map_err(str::to_string)?;
    Ok(Sealed {
        id,
        level,
        topic: topic("bulletin", s.to),
        body,
        expires,
    })
}

/// `loa fleet push --to NODE --file F --key K`: a schedule for one node, signed and kept at the
/// broker (retained) on `loa/v1/schedule/NODE`; the node checks it as `loa check` does and
/// installs it, or refuses it with its errors (on `loa/v1/ack/NODE` and in its status).
pub fn push(
    to: &str,
    file: &Path,
    key: Option<&Path>,
    broker: &BrokerArgs,
    config: &Path,
    clock: &dyn Clock,
) -> i32 {
    let run = || -> Result<String, String> {
        if !crate::schedule::node_ok(to) {
            return Err(t!("fleet-bad-prefix", prefix = to));
        }
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("{}: {}", file.display(), crate::i18n::io_why(&e)))?;
        let key = read_secret(&super::key(key, config)?)?;
        let conn = connection(broker, config)?;
        let sealed = seal_schedule(to, &text, &key, clock.now())?;
        publish(&conn, &sealed.topic, sealed.body.into_bytes(), true)?;
        Ok(t!(
            "fleet-pushed",
            id = sealed.id,
            topic = sealed.topic.as_str()
        ))
    };
    report(run())
}

/// A schedule for node `to`, signed at `now`, to be kept at the broker (retained) on its
/// schedule topic. The CLI and the province's console both push through here.
pub(crate) fn seal_schedule(
    to: &str,
    text: &str,
    key: &crate::feed::keys::SecretKey,
    now: chrono::DateTime<Utc>,
) -> Result<Sealed, String> {
    if !crate::schedule::node_ok(to) {
        return Err(t!("fleet-bad-prefix", prefix = to));
    }
    let mut rnd = [0u8; 3];
    getrandom::fill(&mut rnd).map_err(|e| e.to_string())?;
    let id = format!("schedule-{}-{}", now.format("%Y%m%dT%H%M%SZ"), hex(&rnd));
    let mut m = Map::new();
    m.insert("v".into(), json!(1));
    m.insert("id".into(), json!(id));
    m.insert(
        "issued".into(),
        json!(now.to_rfc3339_opts(SecondsFormat::Millis, true)),
    );
    m.insert("schedule".into(), json!(text));
    let body = seal(m, key).map_err(str::to_string)?;
    Ok(Sealed {
        id,
        level: "schedule",
        topic: topic("schedule", to),
        body,
        expires: now,
    })
}

/// Reads `r` through SHA-256: (hash as hex, length).
fn digest(mut r: impl std::io::Read) -> std::io::Result<(String, u64)> {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut n = 0u64;
    loop {
        let got = r.read(&mut buf)?;
        if got == 0 {
            break;
        }
        h.update(&buf[..got]);
        n += got as u64;
    }
    Ok((hex(&h.finalize()), n))
}

/// A recording the nodes will fetch: fetched once here for its hash and size.
fn measure_url(url: &str) -> Result<(String, u64), String> {
    let words = |why: String| t!("fleet-url-failed", url = url, why = why);
    let resp = crate::stream::agent()
        .get(url)
        .call()
        .map_err(|e| words(crate::stream::error_of(url, e).to_string()))?;
    digest(resp.into_body().into_reader()).map_err(|e| words(e.to_string()))
}

/// Stores a recording with an HTTP PUT (WebDAV, an S3 presigned URL): (hash, size).
fn upload_file(file: &Path, url: &str) -> Result<(String, u64), String> {
    let words = |why: String| t!("fleet-upload-failed", url = url, why = why);
    crate::audio::probe::probe(file, crate::audio::probe::Depth::Full)
        .map_err(|e| format!("{}: {e}", file.display()))?;
    let open = || std::fs::File::open(file).map_err(|e| format!("{}: {e}", file.display()));
    let (sha256, bytes) = digest(open()?).map_err(|e| format!("{}: {e}", file.display()))?;
    crate::stream::agent()
        .put(url)
        .send(ureq::SendBody::from_reader(&mut open()?))
        .map_err(|e| words(e.to_string()))?;
    Ok((sha256, bytes))
}

/// `loa fleet stop --to PREFIX [--bulletin ID]`: a signed stop on the prefix's bulletin topic
/// (`crate::feed::stop`).
pub fn stop(
    to: &str,
    bulletin: Option<&str>,
    key: Option<&Path>,
    expires: Duration,
    (broker, config): (&BrokerArgs, &Path),
    clock: &dyn Clock,
) -> i32 {
    let run = || -> Result<String, String> {
        if !crate::schedule::node_ok(to) {
            return Err(t!("fleet-bad-prefix", prefix = to));
        }
        let key = read_secret(&super::key(key, config)?)?;
        let conn = connection(broker, config)?;
        let now = clock.now();
        let mut rnd = [0u8; 3];
        getrandom::fill(&mut rnd).map_err(|e| e.to_string())?;
        let id = format!("stop-{}-{}", now.format("%Y%m%dT%H%M%SZ"), hex(&rnd));
        let expires = now + chrono::TimeDelta::from_std(expires).map_err(|e| e.to_string())?;
        let mut m = Map::new();
        m.insert("v".into(), json!(1));
        m.insert("kind".into(), json!("stop"));
        m.insert("id".into(), json!(id));
        m.insert(
            "issued".into(),
            json!(now.to_rfc3339_opts(SecondsFormat::Millis, true)),
        );
        m.insert(
            "expires".into(),
            json!(expires.to_rfc3339_opts(SecondsFormat::Secs, true)),
        );
        if let Some(b) = bulletin {
            m.insert("bulletin".into(), json!(b));
        }
        let body = seal(m, &key).map_err(str::to_string)?;
        let t = topic("bulletin", to);
        publish(&conn, &t, body.into_bytes(), false)?;
        warn_if_behind(&conn, to, now);
        let what = match bulletin {
            Some(b) => b.to_string(),
            None => t!("fleet-stop-all"),
        };
        Ok(t!(
            "fleet-stopped",
            id = id,
            topic = t.as_str(),
            what = what
        ))
    };
    report(run())
}

/// Sent: says so if this machine's clock looks behind the stations' (they would refuse what it
/// signs as expired, or not valid yet).
fn warn_if_behind(conn: &crate::feed::client::Conn, prefix: &str, now: chrono::DateTime<Utc>) {
    if let Some(d) = super::status::behind(conn, prefix, now) {
        eprintln!(
            "loa: {}",
            t!(
                "fleet-clock-behind",
                behind = crate::i18n::words::duration(d.to_std().unwrap_or_default())
            )
        );
    }
}
