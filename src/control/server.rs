//! The control socket's server: accepts clients on a Unix socket, reads request lines, hands each
//! to the daemon with the peer's user name, writes the reply. It receives its listener and its
//! shutdown signal (tests bind a socket in a temporary folder and stop it cleanly).
//!
//! Nothing a client does can stall the daemon or crash it: lines over 64 KiB are answered with
//! an error and skipped; malformed or unknown requests get an error reply and the connection goes
//! on; a client that sends no valid request for [`IDLE`] is dropped (blank lines and garbage do
//! not keep it alive), one that does not read its replies for [`WRITE`] too; at most
//! [`MAX_CLIENTS`] are served at once. Past them, [`RESERVED`] more slots take one request each,
//! within [`RESERVED_IDLE`], and the daemon carries it out only if it is an emergency or a stop
//! (the [`Incoming::reserved`] mark): 128 idle clients cannot keep a storm warning off the air.
//! Past those too, a client hears "busy" (and `loa play` then plays by itself).

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{UnixListener, UnixStream};
use tokio::sync::{Semaphore, mpsc, oneshot};

use super::protocol::{self, ErrorKind, MAX_LINE, Request, Response};

pub const MAX_CLIENTS: usize = 128;
/// Slots kept for emergencies and stops when the others are taken.
pub const RESERVED: usize = 16;
pub const IDLE: Duration = Duration::from_secs(30);
/// How long a reserved slot waits for its one request.
pub const RESERVED_IDLE: Duration = Duration::from_secs(5);
pub const WRITE: Duration = Duration::from_secs(5);

/// The bounds a server keeps; the daemon uses [`Limits::default`] (the constants above), tests
/// shorter times.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub clients: usize,
    pub reserved: usize,
    pub idle: Duration,
    pub reserved_idle: Duration,
    pub write: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            clients: MAX_CLIENTS,
            reserved: RESERVED,
            idle: IDLE,
            reserved_idle: RESERVED_IDLE,
            write: WRITE,
        }
    }
}

/// A request on its way to the daemon, with who sent it and where to answer.
pub struct Incoming {
    pub request: Request,
    /// The peer's user name (from its socket credentials), or "uid N".
    pub user: String,
    /// It came on a reserved slot: only an emergency or a stop may be carried out.
    pub reserved: bool,
    pub reply: oneshot::Sender<Response>,
    /// The language the client reads, when it said.
    pub lang: Option<crate::i18n::Lang>,
}

/// Removes the socket file when the server is gone.
pub struct SocketGuard(PathBuf);

impl Drop for SocketGuard {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BindError {
    #[error("another loa daemon is already running on {0}")]
    InUse(PathBuf),
    #[error("cannot create the control socket {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Binds the control socket: mode 0660, group `loa` when that group exists. A stale socket file
/// (nobody answers on it) is replaced; a live one means another daemon runs.
pub fn bind(path: &Path) -> Result<(UnixListener, SocketGuard), BindError> {
    let io = |source| BindError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    if path.exists() {
        if std::os::unix::net::UnixStream::connect(path).is_ok() {
            return Err(BindError::InUse(path.to_path_buf()));
        }
        std::fs::remove_file(path).map_err(io)?;
    }
    let listener = UnixListener::bind(path).map_err(io)?;
    let guard = SocketGuard(path.to_path_buf());
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o660)).map_err(io)?;
    if let Some(gid) = group_id("loa") {
        use std::os::unix::ffi::OsStrExt;
        if let Ok(c) = std::ffi::CString::new(path.as_os_str().as_bytes()) {
            // SAFETY: `c` is a valid path; uid -1 leaves the owner as it is.
            let rc = unsafe { libc::chown(c.as_ptr(), u32::MAX, gid) };
            if rc != 0 {
                tracing::warn!(socket = %path.display(), "cannot give the socket to group loa: {}", std::io::Error::last_os_error());
            }
        }
    }
    Ok((listener, guard))
}

fn group_id(name: &str) -> Option<u32> {
    let c = std::ffi::CString::new(name).ok()?;
    let mut grp: libc::group = unsafe { std::mem::zeroed() };
    let mut buf = vec![0 as libc::c_char; 16 * 1024];
    let mut out: *mut libc::group = std::ptr::null_mut();
    // SAFETY: all pointers are valid for the call; `buf` outlives it.
    let rc =
        unsafe { libc::getgrnam_r(c.as_ptr(), &mut grp, buf.as_mut_ptr(), buf.len(), &mut out) };
    (rc == 0 && !out.is_null()).then_some(grp.gr_gid)
}

/// The user name of a uid, or "uid N".
pub fn user_name(uid: u32) -> String {
    let mut pw: libc::passwd = unsafe { std::mem::zeroed() };
    let mut buf = vec![0 as libc::c_char; 16 * 1024];
    let mut out: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: all pointers are valid for the call; `buf` outlives it.
    let rc = unsafe { libc::getpwuid_r(uid, &mut pw, buf.as_mut_ptr(), buf.len(), &mut out) };
    if rc == 0 && !out.is_null() {
        // SAFETY: getpwuid_r filled `pw.pw_name` with a NUL-terminated string inside `buf`.
        let name = unsafe { std::ffi::CStr::from_ptr(pw.pw_name) };
        return name.to_string_lossy().into_owned();
    }
    format!("uid {uid}")
}

/// Serves until `shutdown` completes.
pub async fn serve(
    listener: UnixListener,
    to_daemon: mpsc::Sender<Incoming>,
    shutdown: impl std::future::Future<Output = ()>,
) {
    serve_with(listener, to_daemon, shutdown, Limits::default()).await
}

/// Serves until `shutdown` completes, within `limits`.
pub async fn serve_with(
    listener: UnixListener,
    to_daemon: mpsc::Sender<Incoming>,
    shutdown: impl std::future::Future<Output = ()>,
    limits: Limits,
) {
    let slots = Arc::new(Semaphore::new(limits.clients));
    let reserve = Arc::new(Semaphore::new(limits.reserved));
    tokio::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            _ = &mut shutdown => return,
            accepted = listener.accept() => match accepted {
                Ok((s, _)) => s,
                Err(e) => {
                    tracing::warn!("control socket: cannot accept: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let (permit, reserved) = match slots.clone().try_acquire_owned() {
            Ok(p) => (Ok(p), false),
            Err(_) => (reserve.clone().try_acquire_owned(), true),
        };
        match permit {
            Ok(permit) => {
                let tx = to_daemon.clone();
                tokio::spawn(async move {
                    connection(stream, tx, reserved, limits).await;
                    drop(permit);
                });
            }
            Err(_) => {
                tokio::spawn(async move {
                    let mut stream = stream;
                    let line = protocol::encode(&Response::error(
                        ErrorKind::Busy,
                        "too many clients; try again",
                    ));
                    let _ =
                        tokio::time::timeout(limits.write, stream.write_all(line.as_bytes())).await;
                });
            }
        }
    }
}

async fn connection(
    stream: UnixStream,
    to_daemon: mpsc::Sender<Incoming>,
    reserved: bool,
    limits: Limits,
) {
    let user = stream
        .peer_cred()
        .map_or_else(|_| "unknown".to_string(), |c| user_name(c.uid()));
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::with_capacity(8 * 1024, read);
    let mut line = Vec::with_capacity(1024);
    let idle = if reserved {
        limits.reserved_idle
    } else {
        limits.idle
    };
    // Only a valid request moves the idle deadline: blank lines and garbage do not keep a
    // connection (and its slot) alive.
    let mut deadline = tokio::time::Instant::now() + idle;
    loop {
        line.clear();
        let read = tokio::time::timeout_at(deadline, read_line(&mut reader, &mut line)).await;
        let reply = match read {
            Err(_) | Ok(Ok(Read::Eof)) | Ok(Err(_)) => return,
            Ok(Ok(Read::TooLong)) => Response::error(
                ErrorKind::TooLong,
                format!("the request is longer than {} KiB", MAX_LINE / 1024),
            ),
            Ok(Ok(Read::Complete)) => {
                let text = line.strip_suffix(b"\n").unwrap_or(&line);
                let text = text.strip_suffix(b"\r").unwrap_or(text);
                if text.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                match protocol::decode_request_with_lang(text) {
                    Err(r) => r,
                    Ok((request, lang)) => {
                        deadline = tokio::time::Instant::now() + idle;
                        let (tx, rx) = oneshot::channel();
                        let live =
                            matches!(request, crate::control::protocol::Request::Live { .. });
                        if to_daemon
                            .send(Incoming {
                                request,
                                user: user.clone(),
                                reserved,
                                reply: tx,
                                lang,
                            })
                            .await
                            .is_err()
                        {
                            return;
                        }
                        // A `live` is answered when it ends: a client that goes away meanwhile
                        // drops the answer, and the daemon sees that (Ctrl-C on `loa live` ends
                        // the broadcast). Any other request is answered whatever the client did
                        // with its side (`socat` and `nc -N` close theirs after the request).
                        let answer = async {
                            match live {
                                true => tokio::select! {
                                    r = rx => r.ok(),
                                    () = gone(&mut reader) => None,
                                },
                                false => rx.await.ok(),
                            }
                        };
                        match answer.await {
                            Some(r) => r,
                            None => return,
                        }
                    }
                }
            }
        };
        let text = match &reply {
            Response::Status(v) => protocol::encode_status(v),
            other => protocol::encode(other),
        };
        match tokio::time::timeout(limits.write, write.write_all(text.as_bytes())).await {
            Ok(Ok(())) if !reserved => {}
            // A reserved slot serves one request.
            _ => return,
        }
    }
}

/// Returns once the client has closed its side (or its socket failed); never while it is there,
/// whatever it sends meanwhile (read later, in turn).
async fn gone<R: tokio::io::AsyncBufRead + Unpin>(r: &mut R) {
    match r.fill_buf().await {
        Ok([]) | Err(_) => {}
        Ok(_) => std::future::pending::<()>().await,
    }
}

enum Read {
    Complete,
    TooLong,
    Eof,
}

/// Reads up to a newline; past `MAX_LINE` bytes, discards the rest of the line.
async fn read_line<R: tokio::io::AsyncBufRead + Unpin>(
    r: &mut R,
    out: &mut Vec<u8>,
) -> std::io::Result<Read> {
    let mut too_long = false;
    loop {
        let (done, used) = {
            let buf = r.fill_buf().await?;
            if buf.is_empty() {
                return Ok(if out.is_empty() && !too_long {
                    Read::Eof
                } else if too_long {
                    Read::TooLong
                } else {
                    Read::Complete
                });
            }
            match buf.iter().position(|b| *b == b'\n') {
                Some(i) => {
                    if !too_long && out.len() + i < MAX_LINE {
                        out.extend_from_slice(&buf[..=i]);
                    } else {
                        too_long = true;
                    }
                    (true, i + 1)
                }
                None => {
                    if !too_long && out.len() + buf.len() <= MAX_LINE {
                        out.extend_from_slice(buf);
                    } else {
                        too_long = true;
                        out.clear();
                    }
                    (false, buf.len())
                }
            }
        };
        r.consume(used);
        if done {
            return Ok(if too_long {
                Read::TooLong
            } else {
                Read::Complete
            });
        }
    }
}
