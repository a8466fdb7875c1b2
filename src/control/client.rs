//! The control socket's client, for the command line: connect, send one request, read the
//! reply. Synchronous and short: a daemon that does not answer within [`TIMEOUT`] is reported.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::Duration;

use super::protocol::{self, Request, Response};

pub const TIMEOUT: Duration = Duration::from_secs(10);
/// A play is answered when it sounds, or with why not: a stream may take the daemon 12 s to
/// give up on (its `STREAM_FOLLOW_WAIT`), so a play waits longer than that.
pub const PLAY_TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// Nothing listens there: no daemon runs (or another socket path is in use).
    #[error("{}", crate::t!("client-no-daemon", path = path.as_str(), why = why.as_str()))]
    NoDaemon { path: String, why: String },
    #[error("{}", crate::t!("client-permission", path = path.as_str()))]
    PermissionDenied { path: String },
    #[error("{}", crate::t!("client-broken", path = path.as_str(), why = why.as_str()))]
    Broken { path: String, why: String },
}

/// Sends one request and returns the reply.
pub fn ask(socket: &Path, request: &Request) -> Result<Response, ClientError> {
    let path = socket.display().to_string();
    let mut stream = UnixStream::connect(socket).map_err(|e| match e.kind() {
        std::io::ErrorKind::PermissionDenied => {
            ClientError::PermissionDenied { path: path.clone() }
        }
        std::io::ErrorKind::NotFound => ClientError::NoDaemon {
            path: path.clone(),
            why: crate::t!("client-no-socket"),
        },
        std::io::ErrorKind::ConnectionRefused => ClientError::NoDaemon {
            path: path.clone(),
            why: crate::t!("client-nothing-listens"),
        },
        _ => ClientError::NoDaemon {
            path: path.clone(),
            why: crate::i18n::io_why(&e),
        },
    })?;
    let broken = |why: String| ClientError::Broken {
        path: path.clone(),
        why,
    };
    let wait = match request {
        // A text is rendered first: as long as `[tts] timeout` allows by default, then played.
        Request::Play { text: Some(_), .. } => PLAY_TIMEOUT + Duration::from_secs(120),
        Request::Play { .. } => PLAY_TIMEOUT,
        // Answered when the broadcast ends: as long as it may last.
        // Answered when the broadcast ends, however long it waited to start.
        Request::Live { .. } => Duration::from_secs(48 * 3600),
        _ => TIMEOUT,
    };
    stream
        .set_read_timeout(Some(wait))
        .map_err(|e| broken(crate::i18n::io_why(&e)))?;
    stream
        .set_write_timeout(Some(TIMEOUT))
        .map_err(|e| broken(crate::i18n::io_why(&e)))?;
    // A daemon with no room answers "busy" at once and closes, maybe before the request is
    // written: the write then fails (a broken pipe), but its answer is there to read.
    let written = stream
        .write_all(protocol::encode_request_in(request, Some(crate::i18n::lang())).as_bytes());
    let mut line = String::new();
    let read = BufReader::new(&stream).read_line(&mut line);
    if line.is_empty() {
        return Err(broken(match (written, read) {
            (_, Err(e))
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                crate::t!("client-no-answer", secs = wait.as_secs())
            }
            (Err(e), _) | (_, Err(e)) => crate::i18n::io_why(&e),
            _ => crate::t!("client-closed"),
        }));
    }
    protocol::decode_response(line.trim_end()).map_err(broken)
}
