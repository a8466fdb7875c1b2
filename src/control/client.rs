//! The control socket's client, for the command line: connect, send one request, read the
//! reply. Synchronous and short: a daemon that does not answer within [`TIMEOUT`] is reported.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::Duration;

use super::protocol::{self, Request, Response};

pub const TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// Nothing listens there: no daemon runs (or another socket path is in use).
    #[error("no daemon answers on {path} ({why})")]
    NoDaemon { path: String, why: String },
    #[error(
        "not allowed to use {path}: only root and the members of group `loa` may control the daemon"
    )]
    PermissionDenied { path: String },
    #[error("the daemon on {path} did not answer: {why}")]
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
            why: "the socket does not exist".into(),
        },
        std::io::ErrorKind::ConnectionRefused => ClientError::NoDaemon {
            path: path.clone(),
            why: "nothing listens on the socket".into(),
        },
        _ => ClientError::NoDaemon {
            path: path.clone(),
            why: e.to_string(),
        },
    })?;
    let broken = |why: String| ClientError::Broken {
        path: path.clone(),
        why,
    };
    stream
        .set_read_timeout(Some(TIMEOUT))
        .map_err(|e| broken(e.to_string()))?;
    stream
        .set_write_timeout(Some(TIMEOUT))
        .map_err(|e| broken(e.to_string()))?;
    stream
        .write_all(protocol::encode_request(request).as_bytes())
        .map_err(|e| broken(e.to_string()))?;
    let mut line = String::new();
    BufReader::new(&stream)
        .read_line(&mut line)
        .map_err(|e| broken(e.to_string()))?;
    if line.is_empty() {
        return Err(broken("it closed the connection".into()));
    }
    protocol::decode_response(line.trim_end()).map_err(broken)
}
