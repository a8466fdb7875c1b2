//! The console's accounts (spec §11): `web-users.toml` in the state directory, mode 0640,
//! passwords as argon2id hashes (PHC strings). `loa web user …` writes it (atomically: a
//! temporary file renamed over it); the daemon rereads it when its modification time or size
//! changes, so an account added, changed or removed counts at the next request, without a
//! restart.
//!
//! ```toml
//! [[user]]
//! name = "lan"
//! role = "operator"
//! hash = "$argon2id$v=19$m=19456,t=2,p=1$…"
//! ```

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use serde::{Deserialize, Serialize};

use crate::control::access::Role;
use crate::t;

pub const FILE_NAME: &str = "web-users.toml";
/// A password shorter than this (in characters) is refused.
pub const MIN_PASSWORD: usize = 10;
pub const MAX_PASSWORD: usize = 1024;
pub const MAX_NAME: usize = 32;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    pub name: String,
    pub role: Role,
    pub hash: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accounts {
    #[serde(default, rename = "user")]
    pub users: Vec<Account>,
}

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("{0}")]
    Io(String),
    #[error("{0}")]
    Invalid(String),
}

pub fn path(state_dir: &Path) -> PathBuf {
    state_dir.join(FILE_NAME)
}

impl Accounts {
    /// The accounts kept in `state_dir`; none when the file does not exist yet.
    pub fn read(state_dir: &Path) -> Result<Accounts, AccountError> {
        let p = path(state_dir);
        let text = match std::fs::read_to_string(&p) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Accounts::default()),
            Err(e) => {
                return Err(AccountError::Io(t!(
                    "web-accounts-cannot-read",
                    path = p.display().to_string(),
                    why = e.to_string()
                )));
            }
        };
        toml::from_str(&text).map_err(|e| {
            AccountError::Invalid(t!(
                "web-accounts-invalid",
                path = p.display().to_string(),
                why = e.message().to_string()
            ))
        })
    }

    /// Writes them atomically, mode 0640; run as root, the file goes to the state directory's
    /// owner and group, so the daemon's user can read it.
    pub fn write(&self, state_dir: &Path) -> Result<(), AccountError> {
        let p = path(state_dir);
        let io = |e: std::io::Error| {
            AccountError::Io(t!(
                "web-accounts-cannot-write",
                path = p.display().to_string(),
                why = e.to_string()
            ))
        };
        std::fs::create_dir_all(state_dir).map_err(io)?;
        let text = toml::to_string(self).map_err(|e| AccountError::Io(e.to_string()))?;
        let tmp = state_dir.join(format!(".{FILE_NAME}.{}", std::process::id()));
        {
            use std::io::Write;
            use std::os::unix::fs::OpenOptionsExt;
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(true)
                .mode(0o640)
                .open(&tmp)
                .map_err(io)?;
            f.write_all(text.as_bytes()).map_err(io)?;
            f.sync_all().map_err(io)?;
        }
        crate::paths::give_to_owner_of(state_dir, &tmp);
        std::fs::rename(&tmp, &p).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            io(e)
        })
    }

    pub fn get(&self, name: &str) -> Option<&Account> {
        self.users.iter().find(|a| a.name == name)
    }
}

/// Adds the account `name` (checked name and password), written at once.
pub fn add(state_dir: &Path, name: &str, role: Role, password: &str) -> Result<(), String> {
    check_name(name)?;
    check_password(password)?;
    let mut all = Accounts::read(state_dir).map_err(|e| e.to_string())?;
    if all.get(name).is_some() {
        return Err(t!("web-user-exists", name = name));
    }
    all.users.push(Account {
        name: name.to_string(),
        role,
        hash: hash(password)?,
    });
    all.write(state_dir).map_err(|e| e.to_string())
}

/// Sets the password of `name`.
pub fn set_password(state_dir: &Path, name: &str, password: &str) -> Result<(), String> {
    check_password(password)?;
    let mut all = Accounts::read(state_dir).map_err(|e| e.to_string())?;
    let h = hash(password)?;
    match all.users.iter_mut().find(|a| a.name == name) {
        Some(a) => a.hash = h,
        None => return Err(no_such(name, &all)),
    }
    all.write(state_dir).map_err(|e| e.to_string())
}

/// Removes `name`; its sessions end at their next request.
pub fn remove(state_dir: &Path, name: &str) -> Result<(), String> {
    let mut all = Accounts::read(state_dir).map_err(|e| e.to_string())?;
    let before = all.users.len();
    all.users.retain(|a| a.name != name);
    if all.users.len() == before {
        return Err(no_such(name, &all));
    }
    all.write(state_dir).map_err(|e| e.to_string())
}

/// "no account X (accounts: …)".
pub fn no_such(name: &str, all: &Accounts) -> String {
    let names: Vec<&str> = all.users.iter().map(|a| a.name.as_str()).collect();
    match names.is_empty() {
        true => t!("web-user-unknown-none", name = name),
        false => t!("web-user-unknown", name = name, names = names.join(", ")),
    }
}

/// A name for an account: 1 to 32 of `a-z 0-9 . _ -`, starting with a letter or digit.
pub fn check_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.len() <= MAX_NAME
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
        && name.as_bytes()[0].is_ascii_alphanumeric();
    match ok {
        true => Ok(()),
        false => Err(t!("web-user-name-invalid", name = name, max = MAX_NAME)),
    }
}

pub fn check_password(password: &str) -> Result<(), String> {
    let n = password.chars().count();
    if n < MIN_PASSWORD {
        return Err(t!("web-password-short", min = MIN_PASSWORD, n = n));
    }
    if n > MAX_PASSWORD {
        return Err(t!("web-password-long", max = MAX_PASSWORD));
    }
    Ok(())
}

/// An argon2id hash (the crate's defaults: 19 MiB, 2 passes — OWASP's recommendation).
pub fn hash(password: &str) -> Result<String, String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| e.to_string())?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Whether `password` is the one `hash` was made from. A hash that cannot be read never matches.
pub fn verify(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// The accounts as the daemon keeps them: reread when the file changes (its modification time,
/// size or inode), checked at each request that needs them.
pub struct Store {
    state_dir: PathBuf,
    seen: Option<(SystemTime, u64, u64)>,
    accounts: Accounts,
    /// Accounts whose password changed or that went, since [`Store::take_changed`] last asked:
    /// their sessions end and their lockout is lifted.
    changed: Vec<String>,
}

impl Store {
    pub fn new(state_dir: PathBuf) -> Store {
        let mut s = Store {
            state_dir,
            seen: None,
            accounts: Accounts::default(),
            changed: Vec::new(),
        };
        s.refresh();
        s.changed.clear();
        s
    }

    /// The names whose password changed, or that were removed, since the last call.
    pub fn take_changed(&mut self) -> Vec<String> {
        std::mem::take(&mut self.changed)
    }

    /// Rereads the file if it changed. One that cannot be read or parsed is logged and counts
    /// as no accounts at all: nobody logs in with a password the officer meant to remove.
    pub fn refresh(&mut self) -> &Accounts {
        let stamp = std::fs::metadata(path(&self.state_dir)).ok().map(|m| {
            use std::os::unix::fs::MetadataExt;
            (
                m.modified().unwrap_or(SystemTime::UNIX_EPOCH),
                m.len(),
                m.ino(),
            )
        });
        if stamp != self.seen {
            self.seen = stamp;
            let before = std::mem::take(&mut self.accounts);
            self.accounts = match Accounts::read(&self.state_dir) {
                Ok(a) => {
                    tracing::info!(accounts = a.users.len(), "console accounts read");
                    a
                }
                Err(e) => {
                    tracing::error!("{e}");
                    Accounts::default()
                }
            };
            for old in before.users {
                if self
                    .accounts
                    .get(&old.name)
                    .is_none_or(|a| a.hash != old.hash)
                {
                    tracing::info!(user = %old.name, "console account changed or removed: its sessions end");
                    self.changed.push(old.name);
                }
            }
        }
        &self.accounts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_passwords_an_officer_might_type() {
        for good in ["lan", "nguyen.van.a", "can-bo_02", "9x"] {
            assert!(check_name(good).is_ok(), "{good}");
        }
        for bad in ["", "Lan", "lân", "a b", "-x", "../etc", &"a".repeat(33)] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
        assert!(check_password("ngắn").is_err());
        assert!(check_password("123456789").is_err());
        // Ten characters, not ten bytes: "mậtkhẩuđàiloa" is long enough, "mậtkhẩuđà" is not.
        assert!(check_password("mậtkhẩuđàiloa").is_ok());
        assert!(check_password("mậtkhẩuđà").is_err());
    }

    #[test]
    fn a_hash_matches_its_password_only() {
        let h = hash("đúng mật khẩu 2026").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("đúng mật khẩu 2026", &h));
        assert!(!verify("sai mật khẩu 2026", &h));
        assert!(!verify("đúng mật khẩu 2026", "not a hash"));
    }

    #[test]
    fn written_then_read_the_same_with_mode_0640() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let a = Accounts {
            users: vec![Account {
                name: "lan".into(),
                role: Role::Operator,
                hash: hash("mật khẩu dài đủ").unwrap(),
            }],
        };
        a.write(dir.path()).unwrap();
        assert_eq!(Accounts::read(dir.path()).unwrap(), a);
        let mode = std::fs::metadata(path(dir.path()))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o640);
        let mut store = Store::new(dir.path().to_path_buf());
        assert_eq!(store.refresh().users.len(), 1);
        Accounts::default().write(dir.path()).unwrap();
        assert!(store.refresh().users.is_empty(), "a removal counts at once");
    }

    #[test]
    fn a_new_password_or_a_removal_is_seen_as_a_change_and_nothing_else_is() {
        let dir = tempfile::tempdir().unwrap();
        add(dir.path(), "lan", Role::Operator, "mật khẩu đài loa 1").unwrap();
        add(dir.path(), "xem", Role::Viewer, "chỉ xem thôi 2026").unwrap();
        let mut store = Store::new(dir.path().to_path_buf());
        assert!(
            store.take_changed().is_empty(),
            "the first reading changes nothing"
        );
        add(dir.path(), "moi", Role::Admin, "tài khoản mới đây").unwrap();
        store.refresh();
        assert!(
            store.take_changed().is_empty(),
            "an account added ends no session"
        );
        set_password(dir.path(), "lan", "mật khẩu mới của lan").unwrap();
        remove(dir.path(), "xem").unwrap();
        store.refresh();
        let mut changed = store.take_changed();
        changed.sort();
        assert_eq!(changed, ["lan", "xem"]);
        assert!(store.take_changed().is_empty(), "told once");
    }
}
