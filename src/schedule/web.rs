//! `[web]` (spec §11): the station's console, served by `loa run` when the table is there.
//! Every key is checked with its span like the rest of the file. Defaults (docs/web.md): listen
//! on `0.0.0.0:8443`, a self-signed certificate, sessions end after 12 hours unused, uploads up
//! to 100 MB, no approval step. Plain HTTP anywhere but loopback is a warning, not an error: a
//! reverse proxy in front may do the TLS.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::config::{Fields, Value};
use crate::diagnostic::{Diagnostic, Source};
use crate::t;

pub(super) const WEB_KEYS: &[&str] = &[
    "listen",
    "tls",
    "cert",
    "key",
    "session",
    "max_upload",
    "approve",
];
const DEFAULT_LISTEN: &str = "0.0.0.0:8443";
const DEFAULT_SESSION: Duration = Duration::from_secs(12 * 3600);
const SESSION: std::ops::RangeInclusive<Duration> =
    Duration::from_secs(60)..=Duration::from_secs(30 * 24 * 3600);
pub const DEFAULT_MAX_UPLOAD: u64 = 100_000_000;
const MAX_UPLOAD: std::ops::RangeInclusive<u64> = 100_000..=4_000_000_000;

/// `[web]`: where the console listens and how.
#[derive(Clone, Debug, PartialEq)]
pub struct Web {
    pub listen: SocketAddr,
    pub tls: WebTls,
    /// A login ends after this long without use.
    pub session: Duration,
    /// Bytes; a bigger upload is answered 413.
    pub max_upload: u64,
    /// An operator's schedule change waits for an admin's approval.
    pub approve: bool,
}

impl Web {
    /// The defaults at `listen`: a self-signed certificate, 12-hour sessions, 100 MB uploads
    /// (`loa fleet serve`, which has no `[web]`).
    pub fn at(listen: SocketAddr) -> Web {
        Web {
            listen,
            tls: WebTls::SelfSigned,
            session: DEFAULT_SESSION,
            max_upload: DEFAULT_MAX_UPLOAD,
            approve: false,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WebTls {
    /// A certificate made at first start, kept in the state directory.
    SelfSigned,
    /// The commune's own certificate and key (PEM).
    Own { cert: PathBuf, key: PathBuf },
    /// Plain HTTP: for loopback, or behind a reverse proxy that does TLS.
    Off,
}

pub(super) fn read_web(
    src: Source<'_>,
    v: &Value<'_>,
    base_dir: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<Web> {
    let f = Fields::new(src, v, "[web]", diags)?;
    f.deny_unknown(WEB_KEYS, diags);
    let before = diags.iter().filter(|d| d.is_error()).count();

    let listen = match f.string("listen", diags) {
        None => DEFAULT_LISTEN.parse().ok(),
        Some(l) => match l.value.trim().parse::<SocketAddr>() {
            Ok(a) => Some(a),
            Err(_) => {
                diags.push(
                    src.error(l.span, t!("web-listen-invalid", value = l.value.as_str()))
                        .with_help(t!("web-listen-help")),
                );
                None
            }
        },
    };
    let path = |key: &str, diags: &mut Vec<Diagnostic>| {
        f.string(key, diags)
            .map(|s| (base_dir.join(s.value.trim()), s.span))
    };
    let cert = path("cert", diags);
    let key = path("key", diags);
    let tls_word = f.string("tls", diags);
    let tls = match (&tls_word, cert, key) {
        (Some(w), _, _) if !matches!(w.value.as_str(), "self-signed" | "off") => {
            diags.push(
                src.error(
                    w.span.clone(),
                    t!("web-tls-invalid", value = w.value.as_str()),
                )
                .with_help(t!("web-tls-help")),
            );
            None
        }
        (Some(w), Some((_, span)), _) | (Some(w), _, Some((_, span))) if w.value == "off" => {
            diags.push(
                src.error(span, t!("web-tls-off-with-cert"))
                    .with_help(t!("web-tls-help")),
            );
            None
        }
        (_, Some((cert, _)), Some((key, _))) => Some(WebTls::Own { cert, key }),
        (_, Some((_, span)), None) | (_, None, Some((_, span))) => {
            diags.push(
                src.error(span, t!("web-cert-pair"))
                    .with_help(t!("web-tls-help")),
            );
            None
        }
        (Some(w), None, None) if w.value == "off" => Some(WebTls::Off),
        _ => Some(WebTls::SelfSigned),
    };
    if let (Some(WebTls::Off), Some(a)) = (&tls, listen)
        && !a.ip().is_loopback()
    {
        let span = tls_word.map(|w| w.span).unwrap_or_else(|| f.span());
        diags.push(
            src.warning(span, t!("web-plain-http", listen = a.to_string()))
                .with_help(t!("web-plain-http-help")),
        );
    }
    let session = match f.duration("session", diags) {
        None => DEFAULT_SESSION,
        Some(d) if SESSION.contains(&d.value) => d.value,
        Some(d) => {
            diags.push(src.error(d.span, t!("web-session-range")));
            DEFAULT_SESSION
        }
    };
    let max_upload = match f.get("max_upload") {
        None => DEFAULT_MAX_UPLOAD,
        Some(v) => match super::fleet::size(v) {
            Some(n) if MAX_UPLOAD.contains(&n) => n,
            Some(_) => {
                diags.push(src.error(v.span(), t!("web-upload-range")));
                DEFAULT_MAX_UPLOAD
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
                    .with_help(t!("web-upload-help")),
                );
                DEFAULT_MAX_UPLOAD
            }
        },
    };
    let approve = f.bool("approve", diags).is_some_and(|b| b.value);
    if diags.iter().filter(|d| d.is_error()).count() > before {
        return None;
    }
    Some(Web {
        listen: listen?,
        tls: tls?,
        session,
        max_upload,
        approve,
    })
}
