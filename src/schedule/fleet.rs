//! `[fleet]` (spec §9): this box's place in the province's feed. Every key is checked with its
//! span like the rest of the file. A file the feed needs and cannot read yet (a password file
//! readable only by the daemon's user) is a warning, not an error: the local programme never
//! depends on the feed.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{Broker, Fleet, NormalBulletins};
use crate::config::{Fields, Value};
use crate::diagnostic::{Diagnostic, Source};
use crate::feed::keys::{KeyError, PublicKey};
use crate::t;

pub(super) const FLEET_KEYS: &[&str] = &[
    "broker",
    "node",
    "username",
    "password_file",
    "ca_file",
    "client_cert",
    "client_key",
    "trusted_keys",
    "normal",
    "status_every",
    "max_download",
];
const DEFAULT_STATUS_EVERY: Duration = Duration::from_secs(5 * 60);
const STATUS_EVERY: std::ops::RangeInclusive<Duration> =
    Duration::from_secs(10)..=Duration::from_secs(24 * 3600);
const DEFAULT_MAX_DOWNLOAD: u64 = 50_000_000;
const MAX_DOWNLOAD: std::ops::RangeInclusive<u64> = 1_000..=4_000_000_000;
/// A province, a district, a commune, a cluster — and room for a country's levels above.
const MAX_SEGMENTS: usize = 8;
const MAX_NODE: usize = 200;

pub(super) fn read_fleet(
    src: Source<'_>,
    v: &Value<'_>,
    base_dir: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<Fleet> {
    let f = Fields::new(src, v, "[fleet]", diags)?;
    f.deny_unknown(FLEET_KEYS, diags);
    let before = diags.iter().filter(|d| d.is_error()).count();

    let broker = match f.string("broker", diags) {
        Some(b) => match broker(&b.value) {
            Ok(broker) => Some(broker),
            Err(msg) => {
                diags.push(src.error(b.span, msg).with_help(t!("fleet-broker-help")));
                None
            }
        },
        None => {
            if f.get("broker").is_none() {
                f.missing(
                    "broker",
                    "broker = \"mqtts://mqtt.tinh.example.vn:8883\"",
                    diags,
                );
            }
            None
        }
    };
    let node = match f.string("node", diags) {
        Some(n) if node_ok(&n.value) => Some(n.value),
        Some(n) => {
            diags.push(
                src.error(
                    n.span,
                    t!(
                        "fleet-node-invalid",
                        node = n.value.as_str(),
                        max = MAX_SEGMENTS
                    ),
                )
                .with_help(t!("fleet-node-help")),
            );
            None
        }
        None => {
            if f.get("node").is_none() {
                f.missing("node", &t!("fleet-node-help"), diags);
            }
            None
        }
    };
    let username = f.string("username", diags).map(|u| u.value);
    let file = |key: &str, diags: &mut Vec<Diagnostic>| -> Option<PathBuf> {
        let s = f.string(key, diags)?;
        let path = base_dir.join(&s.value);
        if let Err(e) = std::fs::File::open(&path) {
            diags.push(src.warning(
                s.span,
                t!(
                    "fleet-file-unreadable",
                    key = key,
                    path = s.value.as_str(),
                    why = crate::i18n::io_why(&e)
                ),
            ));
        }
        Some(path)
    };
    let password_file = file("password_file", diags);
    if password_file.is_some() && username.is_none() {
        diags.push(src.error(f.span(), t!("fleet-password-without-user")));
    }
    let ca_file = file("ca_file", diags);
    let client = match (file("client_cert", diags), file("client_key", diags)) {
        (Some(c), Some(k)) => Some((c, k)),
        (None, None) => None,
        _ => {
            diags.push(src.error(f.span(), t!("fleet-cert-pair")));
            None
        }
    };

    let mut trusted_keys = Vec::new();
    match f.strings("trusted_keys", diags) {
        Some(list) => {
            if list.value.is_empty() {
                diags.push(src.warning(list.span.clone(), t!("fleet-no-keys")));
            }
            for k in list.value {
                match PublicKey::parse(&k.value) {
                    Ok(key) => trusted_keys.push(key),
                    Err(e) => diags.push(
                        src.error(
                            k.span,
                            t!(
                                "fleet-key-invalid",
                                key = k.value.as_str(),
                                why = key_why(&e)
                            ),
                        )
                        .with_help(t!("fleet-key-help")),
                    ),
                }
            }
        }
        None if f.get("trusted_keys").is_none() => {
            diags.push(src.warning(f.span(), t!("fleet-no-keys")));
        }
        None => {}
    }
    let normal = match f.string("normal", diags) {
        None => NormalBulletins::Hold,
        Some(n) => match n.value.as_str() {
            "hold" => NormalBulletins::Hold,
            "auto" => NormalBulletins::Auto,
            _ => {
                diags.push(src.error(n.span, t!("fleet-normal-invalid")));
                NormalBulletins::Hold
            }
        },
    };
    let status_every = match f.duration("status_every", diags) {
        None => DEFAULT_STATUS_EVERY,
        Some(d) if STATUS_EVERY.contains(&d.value) => d.value,
        Some(d) => {
            diags.push(src.error(d.span, t!("fleet-status-every-range")));
            DEFAULT_STATUS_EVERY
        }
    };
    let max_download = match f.get("max_download") {
        None => DEFAULT_MAX_DOWNLOAD,
        Some(v) => match size(v) {
            Some(n) if MAX_DOWNLOAD.contains(&n) => n,
            Some(_) => {
                diags.push(src.error(v.span(), t!("fleet-size-range")));
                DEFAULT_MAX_DOWNLOAD
            }
            None => {
                diags.push(
                    src.error(
                        v.span(),
                        t!(
                            "fleet-size-invalid",
                            text = crate::config::describe(v.get_ref())
                        ),
                    )
                    .with_help(t!("fleet-size-help")),
                );
                DEFAULT_MAX_DOWNLOAD
            }
        },
    };
    if diags.iter().filter(|d| d.is_error()).count() > before {
        return None;
    }
    Some(Fleet {
        broker: broker?,
        node: node?,
        username,
        password_file,
        ca_file,
        client,
        trusted_keys,
        normal,
        status_every,
        max_download,
    })
}

/// `mqtt://host[:port]` or `mqtts://host[:port]`, without credentials or a path.
pub fn broker(text: &str) -> Result<Broker, String> {
    let text = text.trim();
    let u = url::Url::parse(text).map_err(|_| t!("fleet-broker-invalid", url = text))?;
    let tls = match u.scheme() {
        "mqtts" => true,
        "mqtt" => false,
        other => return Err(t!("fleet-broker-scheme", url = text, scheme = other)),
    };
    if !u.username().is_empty() || u.password().is_some() {
        return Err(t!("fleet-broker-credentials"));
    }
    let host = u
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| t!("fleet-broker-invalid", url = text))?;
    if !matches!(u.path(), "" | "/") || u.query().is_some() {
        return Err(t!("fleet-broker-invalid", url = text));
    }
    Ok(Broker {
        tls,
        host: host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string(),
        port: u.port().unwrap_or(if tls { 8883 } else { 1883 }),
    })
}

/// Segments of `[a-z0-9-]`, most general first.
pub fn node_ok(node: &str) -> bool {
    let segments: Vec<&str> = node.split('/').collect();
    node.len() <= MAX_NODE
        && segments.len() <= MAX_SEGMENTS
        && segments.iter().all(|s| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

fn key_why(e: &KeyError) -> &'static str {
    match e {
        KeyError::Prefix => "prefix",
        KeyError::Secret => "secret",
        KeyError::Base64 => "base64",
        KeyError::Length(_) => "length",
        KeyError::Point => "other",
    }
}

/// "50MB", "500 kB", "2GB", "50MiB", or a number of bytes.
pub(super) fn size(v: &Value<'_>) -> Option<u64> {
    match v.get_ref() {
        toml::de::DeValue::Integer(i) => i.as_str().replace('_', "").parse().ok(),
        toml::de::DeValue::String(s) => parse_size(s),
        _ => None,
    }
}

pub fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let split = s
        .find(|c: char| !c.is_ascii_digit() && c != '_')
        .unwrap_or(s.len());
    let n: u64 = s[..split].replace('_', "").parse().ok()?;
    let unit: u64 = match s[split..].trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kb" | "k" => 1_000,
        "mb" | "m" => 1_000_000,
        "gb" | "g" => 1_000_000_000,
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        "gib" => 1 << 30,
        _ => return None,
    };
    n.checked_mul(unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(parse_size("50MB"), Some(50_000_000));
        assert_eq!(parse_size("50 mb"), Some(50_000_000));
        assert_eq!(parse_size("2GiB"), Some(2 << 30));
        assert_eq!(parse_size("1500"), Some(1500));
        assert_eq!(parse_size("lots"), None);
        assert_eq!(parse_size("5 TB"), None);
        assert_eq!(parse_size("99999999999999GB"), None);
    }

    #[test]
    fn brokers_and_nodes() {
        let b = broker("mqtts://mqtt.tinh.example.vn").unwrap();
        assert_eq!(
            (b.tls, b.host.as_str(), b.port),
            (true, "mqtt.tinh.example.vn", 8883)
        );
        assert_eq!(broker("mqtt://10.0.0.1:1884").unwrap().port, 1884);
        assert!(broker("https://mqtt.example.vn").is_err());
        assert!(broker("mqtts://u:p@mqtt.example.vn").is_err());
        assert!(node_ok("quang-nam/duy-xuyen/duy-phuoc/cum-01"));
        assert!(!node_ok("Quang Nam/duy-xuyen"));
        assert!(!node_ok("quang-nam//cum-01"));
        assert!(!node_ok("quang-nam/+"));
        assert!(!node_ok("a/b/c/d/e/f/g/h/i"));
    }
}
