//! The console's TLS (spec §11): `tls = "self-signed"` makes a certificate at first start
//! (rcgen, ECDSA P-256, valid from 1975 to 4096 so a box whose clock is wrong still serves it)
//! and keeps it in the state directory (`web.crt`, and `web.key` mode 0600), so its fingerprint
//! stays the same across restarts and an officer checks it once on a phone; `cert`/`key` load
//! the commune's own. The SHA-256 fingerprint of the certificate is shown by `loa status` and
//! logged at start.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use sha2::{Digest, Sha256};

use crate::schedule::{Web, WebTls};
use crate::t;

pub const CERT_FILE: &str = "web.crt";
pub const KEY_FILE: &str = "web.key";

pub struct Tls {
    pub config: Arc<rustls::ServerConfig>,
    /// SHA-256 of the certificate, as browsers show it: "AB:CD:…".
    pub fingerprint: String,
}

/// The TLS the console serves with, or none for `tls = "off"`.
pub fn prepare(web: &Web, state_dir: &Path) -> Result<Option<Tls>, String> {
    let (cert, key) = match &web.tls {
        WebTls::Off => return Ok(None),
        WebTls::Own { cert, key } => (cert.clone(), key.clone()),
        WebTls::SelfSigned => {
            let (cert, key) = (state_dir.join(CERT_FILE), state_dir.join(KEY_FILE));
            if !cert.exists() || !key.exists() {
                make_self_signed(web, &cert, &key)?;
            }
            (cert, key)
        }
    };
    load(&cert, &key).map(Some)
}

fn load(cert: &Path, key: &Path) -> Result<Tls, String> {
    let bad = |p: &Path, why: String| {
        t!(
            "web-tls-cannot-read",
            path = p.display().to_string(),
            why = why
        )
    };
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .map_err(|e| bad(cert, e.to_string()))?
        .collect::<Result<_, _>>()
        .map_err(|e| bad(cert, e.to_string()))?;
    let Some(first) = chain.first() else {
        return Err(bad(cert, t!("web-tls-no-certificate")));
    };
    let fingerprint = fingerprint(first);
    let key = PrivateKeyDer::from_pem_file(key).map_err(|e| bad(key, e.to_string()))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| t!("web-tls-mismatch", why = e.to_string()))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Tls {
        config: Arc::new(config),
        fingerprint,
    })
}

pub fn fingerprint(cert: &CertificateDer<'_>) -> String {
    Sha256::digest(cert.as_ref())
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// The names a phone may reach the box by: its host name, `localhost`, and the address it
/// listens on, or when that is every address, the box's addresses as they are now (a later
/// change of address makes the browser warn about the name; the fingerprint still holds).
fn names(web: &Web) -> Vec<String> {
    let mut names = vec!["localhost".to_string(), "127.0.0.1".to_string()];
    if let Some(h) = host_name() {
        names.push(h.clone());
        names.push(format!("{h}.local"));
    }
    let ip = web.listen.ip();
    if ip.is_unspecified() {
        names.extend(super::addresses::local().iter().map(|a| a.to_string()));
    } else if !ip.is_loopback() {
        names.push(ip.to_string());
    }
    names
}

fn host_name() -> Option<String> {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| {
            !h.is_empty()
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        })
}

fn make_self_signed(web: &Web, cert: &Path, key: &Path) -> Result<(), String> {
    let made = rcgen::generate_simple_self_signed(names(web))
        .map_err(|e| t!("web-tls-cannot-make", why = e.to_string()))?;
    write(key, made.signing_key.serialize_pem().as_bytes(), 0o600)?;
    write(cert, made.cert.pem().as_bytes(), 0o644)?;
    tracing::info!(cert = %cert.display(), "made the console's self-signed certificate");
    Ok(())
}

/// Written whole or not at all (a temporary file renamed).
fn write(path: &Path, bytes: &[u8], mode: u32) -> Result<(), String> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let fail = |e: std::io::Error| {
        t!(
            "web-tls-cannot-write",
            path = path.display().to_string(),
            why = e.to_string()
        )
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let tmp = PathBuf::from(format!("{}.new", path.display()));
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(mode)
        .open(&tmp)
        .map_err(fail)?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn web(tls: WebTls) -> Web {
        Web {
            listen: "127.0.0.1:0".parse().unwrap(),
            tls,
            session: std::time::Duration::from_secs(3600),
            max_upload: 1_000_000,
            approve: false,
        }
    }

    #[test]
    fn a_self_signed_certificate_is_made_once_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let first = prepare(&web(WebTls::SelfSigned), dir.path())
            .unwrap()
            .unwrap();
        assert_eq!(first.fingerprint.len(), 32 * 3 - 1);
        let again = prepare(&web(WebTls::SelfSigned), dir.path())
            .unwrap()
            .unwrap();
        assert_eq!(
            first.fingerprint, again.fingerprint,
            "the same certificate after a restart"
        );
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join(KEY_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        // The commune's own pair is the same files named in [web].
        let own = WebTls::Own {
            cert: dir.path().join(CERT_FILE),
            key: dir.path().join(KEY_FILE),
        };
        let own = prepare(&web(own), dir.path()).unwrap().unwrap();
        assert_eq!(own.fingerprint, first.fingerprint);
        assert!(prepare(&web(WebTls::Off), dir.path()).unwrap().is_none());
    }

    #[test]
    fn a_missing_or_wrong_certificate_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let nowhere = WebTls::Own {
            cert: dir.path().join("none.crt"),
            key: dir.path().join("none.key"),
        };
        let e = prepare(&web(nowhere), dir.path()).err().unwrap();
        assert!(e.contains("none.crt"), "{e}");
        std::fs::write(dir.path().join("bad.crt"), "not a certificate").unwrap();
        let bad = WebTls::Own {
            cert: dir.path().join("bad.crt"),
            key: dir.path().join("none.key"),
        };
        let e = prepare(&web(bad), dir.path()).err().unwrap();
        assert!(e.contains("bad.crt"), "{e}");
    }
}
