//! A bulletin (spec §9) from its bytes to something the station may play, or the reason it may
//! not: size, JSON, signature by a trusted key, fields, expiry. Pure: no clock of its own, no
//! network, no disk (the replay check needs history's memory and is the caller's).
//!
//! **Canonical form** (what is signed; docs/fleet.md): the bulletin's JSON object without `sig`,
//! with every object's keys sorted by their UTF-8 bytes, no whitespace, strings written with only
//! the escapes JSON requires (`\"`, `\\`, `\b \f \n \r \t`, other control characters as
//! `\u00xx`), integers in decimal; a number with a fraction or an exponent is refused (no floats
//! in a bulletin). `sig` is the base64 of the 64-byte ed25519 signature of those bytes; `key`,
//! inside the signed part, says which trusted key signed (without it every trusted key is tried).

use std::collections::BTreeMap;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::keys::{PublicKey, SecretKey};
use crate::t;

/// The most a bulletin's JSON may weigh (its audio is fetched apart). A bulletin lists at most a
/// few files; a bigger message is a mistake or an attack, and is refused before it is parsed.
pub const MAX_BULLETIN: usize = 64 * 1024;
/// A bulletin played more than this many times is a mistake.
pub const MAX_REPEAT: u32 = 20;
/// A `stream` bulletin relays for at most this long.
pub const MAX_STREAM: Duration = Duration::from_secs(6 * 3600);
/// A bulletin may not be valid for longer than this ahead: a stolen key's bulletin must not wait
/// for months, and a repetition must end.
pub const MAX_AHEAD: chrono::TimeDelta = chrono::TimeDelta::days(7);
/// How far ahead of this box's clock a bulletin may say it was issued (clocks differ a little).
pub const CLOCK_TOLERANCE: chrono::TimeDelta = chrono::TimeDelta::minutes(5);
/// An emergency bulletin repeats at most this often, and at least this seldom.
pub const EVERY_MIN: Duration = Duration::from_secs(60);
pub const EVERY_MAX: Duration = Duration::from_secs(24 * 3600);
const MAX_FILES: usize = 16;
pub(super) const MAX_ID: usize = 128;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Normal,
    Priority,
    Emergency,
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "normal" => Some(Level::Normal),
            "priority" => Some(Level::Priority),
            "emergency" => Some(Level::Emergency),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Normal => "normal",
            Level::Priority => "priority",
            Level::Emergency => "emergency",
        }
    }
}

/// One recording to fetch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AudioFile {
    pub url: String,
    pub sha256: [u8; 32],
    pub bytes: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sound {
    /// An emergency preset every node holds: nothing to fetch.
    Preset(String),
    Audio(Vec<AudioFile>),
    Stream {
        url: String,
        duration: Duration,
    },
    /// A text each node reads aloud with its own `[tts]` (spec §13), signed with the rest.
    Text(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bulletin {
    pub id: String,
    pub level: Level,
    pub title: String,
    pub issued: DateTime<Utc>,
    pub expires: DateTime<Utc>,
    pub play_at: Option<DateTime<Utc>>,
    pub repeat: Option<u32>,
    /// An emergency bulletin's repetition: it plays again this long after each start, until it
    /// expires or the province stops it. Never a preset's `every` unless written here.
    pub every: Option<Duration>,
    pub sound: Sound,
}

/// Why a bulletin is refused. Nothing refused ever plays.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    TooLarge {
        bytes: usize,
        limit: usize,
    },
    NotJson(String),
    Unsigned,
    /// `sig` is not base64 of 64 bytes, or `key` is not a key.
    BadSignatureForm,
    /// Signed by a key this node does not trust.
    UnknownKey(String),
    /// The signature does not match the content: altered on the way, or forged.
    Altered,
    Invalid {
        field: &'static str,
        why: String,
    },
    Expired {
        expires: DateTime<Utc>,
    },
    DownloadTooLarge {
        bytes: u64,
        limit: u64,
    },
    Replayed,
    /// Valid for longer ahead than [`MAX_AHEAD`].
    TooFarAhead {
        expires: DateTime<Utc>,
    },
    /// Issued later than this box's clock says it is (beyond [`CLOCK_TOLERANCE`]).
    IssuedAhead {
        issued: DateTime<Utc>,
    },
    /// Its key was removed from `trusted_keys` after it arrived.
    Revoked,
    /// The province stopped it (this stop's id) before it arrived.
    Stopped(String),
}

impl Refusal {
    /// For machines (the `ack` topic's `code`).
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::TooLarge { .. } => "too-large",
            Refusal::NotJson(_) => "not-json",
            Refusal::Unsigned => "unsigned",
            Refusal::BadSignatureForm => "bad-signature",
            Refusal::UnknownKey(_) => "unknown-key",
            Refusal::Altered => "altered",
            Refusal::Invalid { .. } => "invalid",
            Refusal::Expired { .. } => "expired",
            Refusal::DownloadTooLarge { .. } => "download-too-large",
            Refusal::Replayed => "replayed",
            Refusal::TooFarAhead { .. } => "too-far-ahead",
            Refusal::IssuedAhead { .. } => "future",
            Refusal::Revoked => "revoked",
            Refusal::Stopped(_) => "stopped",
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let words = match self {
            Refusal::TooLarge { bytes, limit } => {
                t!("bulletin-too-large", bytes = *bytes, limit = *limit)
            }
            Refusal::NotJson(why) => t!("bulletin-not-json", why = why.as_str()),
            Refusal::Unsigned => t!("bulletin-unsigned"),
            Refusal::BadSignatureForm => t!("bulletin-bad-signature"),
            Refusal::UnknownKey(key) => t!("bulletin-unknown-key", key = key.as_str()),
            Refusal::Altered => t!("bulletin-altered"),
            Refusal::Invalid { field, why } => {
                t!("bulletin-invalid", field = *field, why = why.as_str())
            }
            Refusal::Expired { expires } => {
                t!("bulletin-expired", expires = expires.to_rfc3339().as_str())
            }
            Refusal::DownloadTooLarge { bytes, limit } => t!(
                "bulletin-download-too-large",
                bytes = *bytes,
                limit = *limit
            ),
            Refusal::Replayed => t!("bulletin-replayed"),
            Refusal::TooFarAhead { expires } => t!(
                "bulletin-too-far-ahead",
                expires = expires.to_rfc3339().as_str(),
                days = MAX_AHEAD.num_days()
            ),
            Refusal::IssuedAhead { issued } => {
                t!(
                    "bulletin-issued-ahead",
                    issued = issued.to_rfc3339().as_str()
                )
            }
            Refusal::Revoked => t!("bulletin-revoked"),
            Refusal::Stopped(stop) => t!("bulletin-stopped-before", stop = stop.as_str()),
        };
        f.write_str(&words)
    }
}

/// The bytes that are signed: `v` in canonical form (see the module's note).
pub fn canonical(v: &Value) -> Result<String, &'static str> {
    let mut out = String::new();
    write_canonical(v, &mut out)?;
    Ok(out)
}

fn write_canonical(v: &Value, out: &mut String) -> Result<(), &'static str> {
    match v {
        Value::Null | Value::Bool(_) | Value::String(_) => out.push_str(&v.to_string()),
        Value::Number(n) if n.is_i64() || n.is_u64() => out.push_str(&n.to_string()),
        Value::Number(_) => return Err("a number with a fraction"),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out)?;
            }
            out.push(']');
        }
        Value::Object(map) => {
            let sorted: BTreeMap<&String, &Value> = map.iter().collect();
            out.push('{');
            for (i, (k, item)) in sorted.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write_canonical(item, out)?;
            }
            out.push('}');
        }
    }
    Ok(())
}

/// Signs a bulletin (the province's side): adds `key` and `sig` and returns the JSON to publish.
pub fn seal(mut fields: Map<String, Value>, key: &SecretKey) -> Result<String, &'static str> {
    fields.remove("sig");
    fields.insert("key".into(), Value::String(key.public().to_string()));
    let body = Value::Object(fields);
    let sig = key.sign(canonical(&body)?.as_bytes());
    let Value::Object(mut fields) = body else {
        unreachable!("built as an object above")
    };
    fields.insert("sig".into(), Value::String(STANDARD.encode(sig)));
    Ok(Value::Object(fields).to_string())
}

/// A signed message (a bulletin, a pushed schedule) as received: at most `max` bytes, one JSON
/// object, signed in canonical form by a trusted key. Its fields, without `sig`.
pub fn verify(
    bytes: &[u8],
    trusted: &[PublicKey],
    max: usize,
) -> Result<Map<String, Value>, Refusal> {
    if bytes.len() > max {
        return Err(Refusal::TooLarge {
            bytes: bytes.len(),
            limit: max,
        });
    }
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| Refusal::NotJson(e.to_string()))?;
    let Value::Object(mut fields) = value else {
        return Err(Refusal::NotJson(t!("bulletin-not-object")));
    };
    let sig = match fields.remove("sig") {
        None => return Err(Refusal::Unsigned),
        Some(Value::String(s)) => decode_sig(&s).ok_or(Refusal::BadSignatureForm)?,
        Some(_) => return Err(Refusal::BadSignatureForm),
    };
    let signed = Value::Object(fields);
    let message = canonical(&signed).map_err(|why| Refusal::Invalid {
        field: "v",
        why: why.to_string(),
    })?;
    let Value::Object(fields) = signed else {
        unreachable!("built as an object above")
    };
    match fields.get("key") {
        Some(Value::String(k)) => {
            let key = PublicKey::parse(k).map_err(|_| Refusal::BadSignatureForm)?;
            if !trusted.contains(&key) {
                return Err(Refusal::UnknownKey(key.to_string()));
            }
            if !key.verifies(message.as_bytes(), &sig) {
                return Err(Refusal::Altered);
            }
        }
        Some(_) => return Err(Refusal::BadSignatureForm),
        None => {
            if !trusted.iter().any(|k| k.verifies(message.as_bytes(), &sig)) {
                return Err(Refusal::Altered);
            }
        }
    }
    Ok(fields)
}

/// Opens a bulletin as received: checked in the order that costs least to an attacker's
/// advantage (size before parsing, signature before any field is believed, then the fields,
/// expiry and the size of what it would download).
pub fn open(
    bytes: &[u8],
    trusted: &[PublicKey],
    now: DateTime<Utc>,
    max_download: u64,
) -> Result<Bulletin, Refusal> {
    let fields = verify(bytes, trusted, MAX_BULLETIN)?;
    let b = read_fields(&fields)?;
    if now >= b.expires {
        return Err(Refusal::Expired { expires: b.expires });
    }
    if b.issued > now + CLOCK_TOLERANCE {
        return Err(Refusal::IssuedAhead { issued: b.issued });
    }
    if b.expires > now + MAX_AHEAD {
        return Err(Refusal::TooFarAhead { expires: b.expires });
    }
    if let Sound::Audio(files) = &b.sound {
        let total = files
            .iter()
            .map(|f| f.bytes)
            .fold(0u64, u64::saturating_add);
        if total > max_download {
            return Err(Refusal::DownloadTooLarge {
                bytes: total,
                limit: max_download,
            });
        }
    }
    Ok(b)
}

fn decode_sig(s: &str) -> Option<[u8; 64]> {
    let b64 = s.trim();
    let b64 = b64.strip_prefix("ed25519:").unwrap_or(b64);
    STANDARD.decode(b64).ok()?.as_slice().try_into().ok()
}

pub(super) fn invalid(field: &'static str, why: String) -> Refusal {
    Refusal::Invalid { field, why }
}

pub(super) fn string<'a>(
    f: &'a Map<String, Value>,
    key: &'static str,
) -> Result<Option<&'a str>, Refusal> {
    match f.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(invalid(key, t!("bulletin-want-text"))),
    }
}

pub(super) fn required<'a>(
    f: &'a Map<String, Value>,
    key: &'static str,
) -> Result<&'a str, Refusal> {
    string(f, key)?.ok_or_else(|| invalid(key, t!("bulletin-missing")))
}

pub(super) fn instant(field: &'static str, s: &str) -> Result<DateTime<Utc>, Refusal> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| invalid(field, t!("bulletin-want-instant", text = s)))
}

fn web_url(field: &'static str, s: &str) -> Result<String, Refusal> {
    match url::Url::parse(s) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {
            Ok(s.to_string())
        }
        _ => Err(invalid(field, t!("bulletin-want-url", text = s))),
    }
}

fn read_fields(f: &Map<String, Value>) -> Result<Bulletin, Refusal> {
    if f.get("v").and_then(Value::as_u64) != Some(1) {
        return Err(invalid("v", t!("bulletin-version")));
    }
    let id = required(f, "id")?;
    if id.is_empty() || id.chars().count() > MAX_ID || id.chars().any(crate::text::unprintable) {
        return Err(invalid("id", t!("bulletin-bad-id", max = MAX_ID)));
    }
    let level = required(f, "level")?;
    let level = Level::parse(level).ok_or_else(|| invalid("level", t!("bulletin-bad-level")))?;
    // Shown on terminals, in logs and on pages: never an escape or a reordering mark.
    let title = crate::text::printable(string(f, "title")?.unwrap_or(id)).into_owned();
    let issued = instant("issued", required(f, "issued")?)?;
    let expires = instant("expires", required(f, "expires")?)?;
    if expires <= issued {
        return Err(invalid("expires", t!("bulletin-expires-before-issued")));
    }
    let play_at = string(f, "play_at")?
        .map(|s| instant("play_at", s))
        .transpose()?;
    let repeat = match f.get("repeat") {
        None | Some(Value::Null) => None,
        Some(v) => match v.as_u64() {
            Some(n @ 1..) if n <= u64::from(MAX_REPEAT) => Some(n as u32),
            _ => {
                return Err(invalid(
                    "repeat",
                    t!("bulletin-bad-repeat", max = MAX_REPEAT),
                ));
            }
        },
    };
    let every = match f.get("every") {
        None | Some(Value::Null) => None,
        Some(v) => {
            let d = match v {
                Value::Number(n) => n.as_u64().map(Duration::from_secs),
                Value::String(s) => crate::config::parse_duration(s).ok(),
                _ => None,
            };
            match d {
                Some(d) if (EVERY_MIN..=EVERY_MAX).contains(&d) && level == Level::Emergency => {
                    Some(d)
                }
                Some(_) if level != Level::Emergency => {
                    return Err(invalid("every", t!("bulletin-every-not-emergency")));
                }
                _ => return Err(invalid("every", t!("bulletin-bad-every"))),
            }
        }
    };
    let sounds: Vec<&str> = ["preset", "audio", "stream", "text"]
        .into_iter()
        .filter(|k| f.get(*k).is_some_and(|v| !v.is_null()))
        .collect();
    let sound = match sounds.as_slice() {
        ["preset"] => Sound::Preset(required(f, "preset")?.to_string()),
        ["audio"] => Sound::Audio(read_audio(&f["audio"])?),
        ["stream"] => read_stream(&f["stream"])?,
        ["text"] => {
            let text = required(f, "text")?;
            if text.trim().is_empty() || text.len() > crate::schedule::MAX_TEXT {
                return Err(invalid(
                    "text",
                    t!("bulletin-text", max = crate::schedule::MAX_TEXT),
                ));
            }
            Sound::Text(text.to_string())
        }
        [] => return Err(invalid("preset", t!("bulletin-no-sound"))),
        _ => return Err(invalid("preset", t!("bulletin-two-sounds"))),
    };
    Ok(Bulletin {
        id: id.to_string(),
        level,
        title,
        issued,
        expires,
        play_at,
        repeat,
        every,
        sound,
    })
}

fn read_audio(v: &Value) -> Result<Vec<AudioFile>, Refusal> {
    let items = v
        .as_array()
        .filter(|a| !a.is_empty() && a.len() <= MAX_FILES)
        .ok_or_else(|| invalid("audio", t!("bulletin-audio-list", max = MAX_FILES)))?;
    items
        .iter()
        .map(|item| {
            let f = item
                .as_object()
                .ok_or_else(|| invalid("audio", t!("bulletin-audio-list", max = MAX_FILES)))?;
            let url = web_url("audio", required(f, "url")?)?;
            let hex = required(f, "sha256")?;
            let sha256 = decode_hex(hex).ok_or_else(|| invalid("sha256", t!("bulletin-sha256")))?;
            let bytes = f
                .get("bytes")
                .and_then(Value::as_u64)
                .ok_or_else(|| invalid("bytes", t!("bulletin-bytes")))?;
            Ok(AudioFile { url, sha256, bytes })
        })
        .collect()
}

fn read_stream(v: &Value) -> Result<Sound, Refusal> {
    let f = v
        .as_object()
        .ok_or_else(|| invalid("stream", t!("bulletin-stream")))?;
    let url = web_url("stream", required(f, "url")?)?;
    let duration = match f.get("duration") {
        Some(Value::Number(n)) => n.as_u64().map(Duration::from_secs),
        Some(Value::String(s)) => crate::config::parse_duration(s).ok(),
        _ => None,
    }
    .filter(|d| !d.is_zero() && *d <= MAX_STREAM)
    .ok_or_else(|| invalid("duration", t!("bulletin-stream")))?;
    Ok(Sound::Stream { url, duration })
}

fn decode_hex(s: &str) -> Option<[u8; 32]> {
    let s = s.trim();
    if s.len() != 64 || !s.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests;
