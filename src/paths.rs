//! Where things are when the command line does not say (spec §1): the control socket and the
//! state directory. The system places are for the daemon installed as a service; an unprivileged
//! user running from a checkout falls back to the XDG places, so the README's commands work
//! without root:
//!
//! | what | as root, or where the system place is usable | otherwise |
//! | --- | --- | --- |
//! | socket | `/run/loa/loa.sock` | `$XDG_RUNTIME_DIR/loa/loa.sock` (else `/tmp/loa-UID/loa.sock`) |
//! | state | `/var/lib/loa` | `$XDG_STATE_HOME/loa` (else `~/.local/state/loa`) |
//!
//! "Usable" means writable for the daemon; for a client, that the socket or the history is there
//! (for the socket, also the service's state directory: an installed station whose service is
//! stopped).

use std::path::{Path, PathBuf};

pub const SYSTEM_SOCKET: &str = "/run/loa/loa.sock";
pub const SYSTEM_STATE: &str = "/var/lib/loa";

/// Who is asking: the daemon creates and writes; a client finds and reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Daemon,
    Client,
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// Whether `dir` is a folder this process may write in.
pub fn writable(dir: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `c` is a valid NUL-terminated path for the duration of the call.
    dir.is_dir() && unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
}

/// As root, `file` goes to `dir`'s owner and group (the daemon's user under systemd): what
/// `sudo loa …` writes in the state directory stays the daemon's.
pub fn give_to_owner_of(dir: &Path, file: &Path) {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return;
    }
    if let Ok(m) = std::fs::metadata(dir) {
        let _ = std::os::unix::fs::chown(file, Some(m.uid()), Some(m.gid()));
    }
}

/// Whether something is at `p`, counting what we may not look at: a socket or a history behind
/// a folder of group `loa` is there, and the user is to be told they may not use it — not sent
/// to an empty place of their own.
fn present(p: &Path) -> bool {
    match std::fs::metadata(p) {
        Ok(_) => true,
        Err(e) => e.kind() == std::io::ErrorKind::PermissionDenied,
    }
}

fn env_dir(var: &str) -> Option<PathBuf> {
    std::env::var_os(var)
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
}

pub fn socket(explicit: Option<&Path>, role: Role) -> PathBuf {
    if let Some(p) = explicit {
        return p.to_path_buf();
    }
    let system = PathBuf::from(SYSTEM_SOCKET);
    let usable = match role {
        Role::Daemon => is_root() || system.parent().is_some_and(writable),
        // A station where the service is installed (its state directory is there) but stopped:
        // the system socket, so that "no daemon answers on /run/loa/loa.sock" names the
        // service's place, not an empty one of the user's own.
        Role::Client => is_root() || present(&system) || present(Path::new(SYSTEM_STATE)),
    };
    if usable {
        return system;
    }
    match env_dir("XDG_RUNTIME_DIR") {
        Some(d) => d.join("loa").join("loa.sock"),
        // SAFETY: getuid has no preconditions and cannot fail.
        None => PathBuf::from(format!("/tmp/loa-{}", unsafe { libc::getuid() })).join("loa.sock"),
    }
}

pub fn state_dir(explicit: Option<&Path>, role: Role) -> PathBuf {
    if let Some(p) = explicit {
        return p.to_path_buf();
    }
    let system = PathBuf::from(SYSTEM_STATE);
    let usable = match role {
        Role::Daemon => is_root() || writable(&system),
        Role::Client => is_root() || present(&system.join(crate::history::FILE_NAME)),
    };
    if usable {
        return system;
    }
    env_dir("XDG_STATE_HOME")
        .or_else(|| env_dir("HOME").map(|h| h.join(".local/state")))
        .unwrap_or_else(|| PathBuf::from("."))
        .join("loa")
}

/// Whether stderr is the journal's stream: `JOURNAL_STREAM` (set by systemd) names its device
/// and inode, and they are stderr's (not a stream inherited by a child that redirected it).
pub fn stderr_is_journal() -> bool {
    use std::os::unix::fs::MetadataExt;
    let Some(v) = std::env::var_os("JOURNAL_STREAM") else {
        return false;
    };
    let Some((dev, ino)) = v.to_str().and_then(|v| v.split_once(':')) else {
        return false;
    };
    match std::fs::metadata("/proc/self/fd/2") {
        Ok(m) => dev.parse() == Ok(m.dev()) && ino.parse() == Ok(m.ino()),
        Err(_) => false,
    }
}
