//! The control socket's server over a real Unix socket, with a stand-in for the daemon that
//! answers every request: garbage and over-long lines get an error and the connection goes on;
//! 100 clients at once are all answered; a silent client or one that never reads its replies
//! holds up nobody; blank lines do not keep an idle client's slot; past the bound, a reserved
//! slot still takes one request (marked, for the daemon to admit only an emergency or a stop),
//! and past that a client hears "busy"; the peer's user name comes from its credentials; the
//! socket is 0660 and is removed when the server goes.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

use loa::control::protocol::{self, ErrorKind, Request, Response};
use loa::control::server::{self, Incoming};

/// A server on a fresh socket, answering "ok from USER: REQUEST" from a task, on a thread of its
/// own; dropping the handle stops it.
struct Server {
    path: PathBuf,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    _dir: tempfile::TempDir,
}

impl Server {
    fn start() -> Server {
        Server::start_with(server::Limits::default())
    }

    fn start_with(limits: server::Limits) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("loa.sock");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let p = path.clone();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let (listener, _guard) = server::bind(&p).unwrap();
                let (tx, mut rx) = tokio::sync::mpsc::channel::<Incoming>(16);
                tokio::spawn(async move {
                    while let Some(inc) = rx.recv().await {
                        // A reload takes the daemon a while (it reads the schedule).
                        if inc.request == Request::Reload {
                            tokio::time::sleep(Duration::from_millis(100)).await;
                        }
                        let slot = if inc.reserved { "reserved " } else { "" };
                        let _ = inc.reply.send(Response::ok(format!(
                            "{slot}ok from {}: {:?}",
                            inc.user, inc.request
                        )));
                    }
                });
                ready_tx.send(()).unwrap();
                server::serve_with(
                    listener,
                    tx,
                    async {
                        let _ = stopped.await;
                    },
                    limits,
                )
                .await;
            });
        });
        ready_rx.recv().unwrap();
        Server {
            path,
            stop: Some(stop),
            thread: Some(thread),
            _dir: dir,
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

struct Client {
    stream: UnixStream,
    reader: BufReader<UnixStream>,
}

impl Client {
    fn connect(path: &Path) -> Client {
        let stream = UnixStream::connect(path).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let reader = BufReader::new(stream.try_clone().unwrap());
        Client { stream, reader }
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).unwrap();
    }

    fn reply(&mut self) -> Response {
        let mut line = String::new();
        self.reader.read_line(&mut line).unwrap();
        assert!(line.ends_with('\n'), "no reply line: {line:?}");
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["version"], protocol::VERSION, "{line}");
        protocol::decode_response(line.trim_end()).unwrap()
    }

    fn ask(&mut self, r: &Request) -> Response {
        self.send_raw(protocol::encode_request(r).as_bytes());
        self.reply()
    }
}

fn kind(r: &Response) -> Option<ErrorKind> {
    match r {
        Response::Error { kind, .. } => Some(*kind),
        _ => None,
    }
}

fn is_ok(r: &Response) -> bool {
    matches!(r, Response::Ok { .. })
}

#[test]
fn garbage_gets_an_error_and_the_connection_goes_on() {
    let s = Server::start();
    let mut c = Client::connect(&s.path);
    for (line, want) in [
        (&b"hello\n"[..], ErrorKind::BadRequest),
        (b"{\"version\":1}\n", ErrorKind::BadRequest),
        (
            b"{\"version\":1,\"request\":\"dance\"}\n",
            ErrorKind::UnknownRequest,
        ),
        (
            b"{\"version\":2,\"request\":\"stop\"}\n",
            ErrorKind::UnsupportedVersion,
        ),
        (b"\xff\xfe\x00\n", ErrorKind::BadRequest),
        (
            b"{\"version\":1,\"request\":\"play\",\"target\":7}\n",
            ErrorKind::BadRequest,
        ),
    ] {
        c.send_raw(line);
        assert_eq!(
            kind(&c.reply()),
            Some(want),
            "{}",
            String::from_utf8_lossy(line)
        );
    }
    assert!(is_ok(&c.ask(&Request::Stop)));
}

#[test]
fn a_200_kb_line_is_refused_and_the_next_request_is_answered() {
    let s = Server::start();
    let mut c = Client::connect(&s.path);
    let mut big = br#"{"version":1,"request":"play","target":""#.to_vec();
    big.extend(std::iter::repeat_n(b'a', 200 * 1024));
    big.extend(b"\"}\n");
    c.send_raw(&big);
    assert_eq!(kind(&c.reply()), Some(ErrorKind::TooLong));
    assert!(is_ok(&c.ask(&Request::Resume)));
}

#[test]
fn a_hundred_clients_at_once_are_all_answered() {
    let s = Server::start();
    let mut clients: Vec<Client> = (0..100).map(|_| Client::connect(&s.path)).collect();
    for c in &mut clients {
        c.send_raw(protocol::encode_request(&Request::Status).as_bytes());
    }
    for c in &mut clients {
        assert!(is_ok(&c.reply()));
    }
}

#[test]
fn a_silent_client_and_one_that_never_reads_hold_up_nobody() {
    let s = Server::start();
    let _silent = UnixStream::connect(&s.path).unwrap();
    // Floods requests and never reads a reply, until its own socket takes no more: the server's
    // replies to it have filled the buffers both ways, and its connection waits to write.
    let mut greedy = Client::connect(&s.path);
    assert!(is_ok(&greedy.ask(&Request::Status)));
    greedy.stream.set_nonblocking(true).unwrap();
    let line = protocol::encode_request(&Request::Status).into_bytes();
    let mut stuck_since: Option<std::time::Instant> = None;
    loop {
        match greedy.stream.write(&line) {
            Ok(_) => stuck_since = None,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                // Full: for good once the server has stopped reading it for a while.
                let since = *stuck_since.get_or_insert_with(std::time::Instant::now);
                if since.elapsed() > Duration::from_millis(500) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(e) => panic!("{e}"),
        }
    }
    let mut c = Client::connect(&s.path);
    assert!(is_ok(&c.ask(&Request::Stop)));
}

#[test]
fn the_peer_is_named_by_its_credentials() {
    let s = Server::start();
    let mut c = Client::connect(&s.path);
    let me = server::user_name(unsafe { libc::getuid() });
    match c.ask(&Request::Stop) {
        Response::Ok { message } => {
            assert!(message.starts_with(&format!("ok from {me}:")), "{message}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn past_the_bound_a_reserved_slot_takes_one_request_and_past_that_a_client_hears_busy() {
    let s = Server::start();
    // Every ordinary slot taken, each for sure (it has been answered).
    let mut held: Vec<Client> = Vec::new();
    for _ in 0..server::MAX_CLIENTS {
        let mut c = Client::connect(&s.path);
        assert!(is_ok(&c.ask(&Request::Status)));
        held.push(c);
    }
    // The next gets a reserved slot: one request, marked, then the connection ends.
    let mut r = Client::connect(&s.path);
    match r.ask(&Request::Stop) {
        Response::Ok { message } => assert!(message.starts_with("reserved ok"), "{message}"),
        other => panic!("{other:?}"),
    }
    let mut rest = String::new();
    assert_eq!(r.reader.read_line(&mut rest).unwrap(), 0, "{rest:?}");
    // Every reserved slot taken (connections are accepted in order), the next hears busy.
    let reserved: Vec<UnixStream> = (0..server::RESERVED)
        .map(|_| UnixStream::connect(&s.path).unwrap())
        .collect();
    let mut c = Client::connect(&s.path);
    assert_eq!(kind(&c.reply()), Some(ErrorKind::Busy));
    drop((held, reserved));
}

#[test]
fn blank_lines_and_garbage_do_not_keep_an_idle_client_alive() {
    let limits = server::Limits {
        idle: Duration::from_millis(600),
        ..server::Limits::default()
    };
    let s = Server::start_with(limits);
    let mut c = Client::connect(&s.path);
    assert!(is_ok(&c.ask(&Request::Status)));
    // Blank lines and garbage, more often than the idle limit: the server closes it anyway.
    let mut w = c.stream.try_clone().unwrap();
    let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
    let chatter = std::thread::spawn(move || {
        let lines: [&[u8]; 2] = [b"\n", b"{}\n"];
        for line in lines.iter().cycle() {
            if done_rx.recv_timeout(Duration::from_millis(100)).is_ok()
                || w.write_all(line).is_err()
            {
                return;
            }
        }
    });
    // Replies to the garbage come, then the end of the connection.
    let mut line = String::new();
    loop {
        line.clear();
        match c.reader.read_line(&mut line) {
            Ok(0) => break,
            Ok(_) => assert!(line.contains("\"bad-request\""), "{line}"),
            Err(e) => panic!("the idle client was not dropped: {e}"),
        }
    }
    let _ = done_tx.send(());
    chatter.join().unwrap();
}

#[test]
fn the_socket_is_0660_and_removed_when_the_server_stops() {
    let s = Server::start();
    let mode = std::fs::metadata(&s.path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o660);
    let path = s.path.clone();
    drop(s);
    assert!(!path.exists());
}

#[test]
fn a_second_server_on_a_live_socket_is_refused() {
    let s = Server::start();
    match server::bind(&s.path) {
        Err(server::BindError::InUse(_)) => {}
        other => panic!("{:?}", other.map(|_| ())),
    }
}

/// A client that closes its side once it has written its request (`socat`, `nc -N`, a script's
/// `shutdown(SHUT_WR)`) still gets its answer: only a waiting `live` ends with its client.
#[test]
fn a_client_that_half_closes_after_its_request_is_answered() {
    let s = Server::start();
    let mut c = Client::connect(&s.path);
    c.send_raw(protocol::encode_request(&Request::Reload).as_bytes());
    c.stream.shutdown(std::net::Shutdown::Write).unwrap();
    assert!(is_ok(&c.reply()));
}
