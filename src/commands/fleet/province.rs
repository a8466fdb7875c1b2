//! Where the province's commands reach the broker, and which key signs (spec §9): each from its
//! flag, else its `LOA_…` variable (clap reads both), else the `[province]` table of the file
//! given with `--config` (`/etc/loa/province.toml`: `broker`, `username`, `password_file`,
//! `ca_file`, `key`), else — on a station — its schedule's `[fleet]`. Paths in the file are
//! relative to the file's folder.

use std::path::{Path, PathBuf};

use crate::cli::BrokerArgs;
use crate::feed::client::Conn;
use crate::t;

/// The `[province]` table.
#[derive(Debug, Default, PartialEq)]
pub struct Province {
    pub broker: Option<String>,
    pub username: Option<String>,
    pub password_file: Option<PathBuf>,
    pub ca_file: Option<PathBuf>,
    pub key: Option<PathBuf>,
    /// Where the province's console stores an uploaded recording with an HTTP PUT (a folder's
    /// address, as `loa fleet send --upload` takes a file's).
    pub upload: Option<String>,
}

const KEYS: [&str; 6] = [
    "broker",
    "username",
    "password_file",
    "ca_file",
    "key",
    "upload",
];

/// The `[province]` table of `file`, if it has one.
pub fn read(file: &Path) -> Result<Option<Province>, String> {
    let Ok(text) = std::fs::read_to_string(file) else {
        return Ok(None);
    };
    let name = file.display().to_string();
    let doc: toml::Table = match text.parse() {
        Ok(d) => d,
        // Not TOML at all: the schedule's own reading will say why, if it is used.
        Err(_) => return Ok(None),
    };
    let Some(p) = doc.get("province") else {
        return Ok(None);
    };
    let Some(p) = p.as_table() else {
        return Err(t!("province-not-table", file = name.as_str()));
    };
    let base = file.parent().unwrap_or(Path::new("."));
    let mut out = Province::default();
    for (k, v) in p {
        let Some(s) = v.as_str() else {
            return Err(t!(
                "province-want-text",
                file = name.as_str(),
                key = k.as_str()
            ));
        };
        let path = || Some(base.join(s));
        match k.as_str() {
            "broker" => out.broker = Some(s.to_string()),
            "username" => out.username = Some(s.to_string()),
            "password_file" => out.password_file = path(),
            "ca_file" => out.ca_file = path(),
            "key" => out.key = path(),
            "upload" => out.upload = Some(s.to_string()),
            other => {
                return Err(t!(
                    "province-unknown-key",
                    file = name.as_str(),
                    key = other,
                    keys = KEYS.join(", ")
                ));
            }
        }
    }
    Ok(Some(out))
}

/// The broker, from the flags (and variables), then `[province]`, then `[fleet]`.
pub fn connection(b: &BrokerArgs, config: &Path) -> Result<Conn, String> {
    let p = read(config)?.unwrap_or_default();
    let or = |flag: &Option<PathBuf>, file: &Option<PathBuf>| flag.clone().or(file.clone());
    if let Some(url) = b.broker.as_ref().or(p.broker.as_ref()) {
        return Ok(Conn {
            broker: crate::schedule::parse_broker(url)?,
            username: b.username.clone().or(p.username),
            password_file: or(&b.password_file, &p.password_file),
            ca_file: or(&b.ca_file, &p.ca_file),
            client: None,
        });
    }
    // Neither flag nor [province]: a file that cannot be read is named, with why.
    if let Err(e) = std::fs::metadata(config) {
        return Err(t!(
            "fleet-no-broker-file",
            file = config.display().to_string(),
            why = crate::i18n::io_why(&e)
        ));
    }
    let fleet = crate::schedule::load(config, crate::clock::system_timezone().0)
        .ok()
        .and_then(|l| l.schedule.fleet)
        .ok_or_else(|| t!("fleet-no-broker", file = config.display().to_string()))?;
    let mut conn = Conn::of(&fleet);
    if b.username.is_some() {
        conn.username = b.username.clone();
        conn.password_file = b.password_file.clone();
    }
    if b.ca_file.is_some() {
        conn.ca_file = b.ca_file.clone();
    }
    Ok(conn)
}

/// `[province]`'s `upload`, if it has one.
pub fn upload(config: &Path) -> Result<Option<String>, String> {
    Ok(read(config)?.and_then(|p| p.upload))
}

/// The signing key: `--key` (or `LOA_KEY`), else `[province]`'s `key`.
pub fn key(flag: Option<&Path>, config: &Path) -> Result<PathBuf, String> {
    if let Some(k) = flag {
        return Ok(k.to_path_buf());
    }
    read(config)?
        .and_then(|p| p.key)
        .ok_or_else(|| t!("province-no-key", file = config.display().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_province_file_names_the_broker_and_the_key_relative_to_itself() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("province.toml");
        std::fs::write(
            &f,
            "[province]\nbroker = \"mqtts://mqtt.tinh.example.vn:8883\"\nusername = \"tinh\"\n\
             password_file = \"tinh-password\"\nca_file = \"/etc/loa/mqtt-ca.pem\"\nkey = \"tinh.key\"\n",
        )
        .unwrap();
        let p = read(&f).unwrap().unwrap();
        assert_eq!(p.username.as_deref(), Some("tinh"));
        assert_eq!(p.password_file, Some(dir.path().join("tinh-password")));
        assert_eq!(p.ca_file, Some(PathBuf::from("/etc/loa/mqtt-ca.pem")));
        assert_eq!(key(None, &f).unwrap(), dir.path().join("tinh.key"));
        // A flag wins.
        assert_eq!(
            key(Some(Path::new("/x.key")), &f).unwrap(),
            PathBuf::from("/x.key")
        );
        let flags = BrokerArgs {
            broker: None,
            username: Some("khac".into()),
            password_file: None,
            ca_file: None,
        };
        let c = connection(&flags, &f).unwrap();
        assert_eq!(c.username.as_deref(), Some("khac"));
        assert_eq!(c.broker.host, "mqtt.tinh.example.vn");
        assert_eq!(c.password_file, Some(dir.path().join("tinh-password")));
    }

    #[test]
    fn a_misspelt_key_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("province.toml");
        std::fs::write(&f, "[province]\nbrokr = \"mqtt://x\"\n").unwrap();
        let e = read(&f).unwrap_err();
        assert!(e.contains("brokr") && e.contains("broker"), "{e}");
        std::fs::write(&f, "# no table\n").unwrap();
        assert_eq!(read(&f).unwrap(), None);
        assert!(key(None, &f).is_err());
        // A file that is not there is named, not taken for one without a broker.
        let none = BrokerArgs {
            broker: None,
            username: None,
            password_file: None,
            ca_file: None,
        };
        let missing = dir.path().join("provnce.toml");
        let e = connection(&none, &missing).unwrap_err();
        assert!(e.contains("provnce.toml"), "{e}");
    }
}
