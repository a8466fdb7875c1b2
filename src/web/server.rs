//! Accepting the console's connections: TCP, then TLS when it is on, then HTTP/1.1 (hyper) into
//! the router. Bounds: at most [`MAX_CONNECTIONS`] open at once, a TLS handshake within
//! [`HANDSHAKE`], a request's headers within [`HEADERS`]. Past the bound a new connection takes
//! the place of the oldest one that has not yet sent a request (a silent or dribbling one, the
//! way a flood holds a server), and is closed at once only when every open one has: 10,000
//! silent connections do not keep the officer from pressing the emergency
//! (`scripts/faults.sh web slowloris`). No timer runs while no connection is open.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt;

use super::{App, Console, Core, Links, tls};
use crate::schedule::{Web, WebTls};
use crate::t;

pub const MAX_CONNECTIONS: usize = 512;
pub const HANDSHAKE: Duration = Duration::from_secs(10);
pub const HEADERS: Duration = Duration::from_secs(10);

/// The console, serving. Dropping it stops it and closes every connection.
pub struct Server {
    task: tokio::task::JoinHandle<()>,
    app: Arc<dyn Console>,
    acceptor: Arc<Mutex<Option<TlsAcceptor>>>,
    /// Where it listens (the real port when `[web] listen` said 0).
    pub listen: SocketAddr,
    pub fingerprint: Option<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    /// `https://ADDRESS:PORT` (or `http://` without TLS); listening on every address, the box's
    /// first address on the network, which a phone can open.
    pub fn url(&self) -> String {
        let scheme = if self.app.core().tls { "https" } else { "http" };
        format!("{scheme}://{}", super::addresses::reachable(self.listen))
    }

    /// Takes a reloaded `[web]` without closing anything, when it listens at the same place
    /// with TLS still on (or still off); false when it must be started again.
    pub fn update(&mut self, web: &Web) -> Result<bool, String> {
        let Ok(mut settings) = self.app.core().settings.lock() else {
            return Ok(false);
        };
        let same_place = settings.listen == web.listen;
        let same_tls = (settings.tls == WebTls::Off) == (web.tls == WebTls::Off);
        if !same_place || !same_tls {
            return Ok(false);
        }
        if settings.tls != web.tls || web.tls != WebTls::Off {
            let state_dir = &self.app.core().state_dir;
            if let Some(t) = tls::prepare(web, state_dir)? {
                if let Ok(mut a) = self.acceptor.lock() {
                    *a = Some(TlsAcceptor::from(t.config));
                }
                self.fingerprint = Some(t.fingerprint);
            }
        }
        *settings = web.clone();
        Ok(true)
    }
}

/// Binds `[web] listen` and serves the station's console on the current runtime. The
/// certificate is made or read first; an error says what to fix (the station keeps running
/// without its console).
pub fn start(web: &Web, links: Links) -> Result<Server, String> {
    let state_dir = links.state_dir.clone();
    start_console(web, &state_dir, |core| {
        let app = Arc::new(App {
            core,
            links,
            editing: tokio::sync::Mutex::new(()),
            library: Arc::default(),
        });
        (app.clone(), super::api::router(app))
    })
}

/// Binds `web.listen` and serves a console — the station's or the province's — whose state
/// `make` builds around the [`Core`] (accounts, sessions, TLS in `state_dir`), with its router.
pub(crate) fn start_console<S: Console>(
    web: &Web,
    state_dir: &std::path::Path,
    make: impl FnOnce(Core) -> (Arc<S>, axum::Router),
) -> Result<Server, String> {
    let tls = tls::prepare(web, state_dir)?;
    let std_listener = std::net::TcpListener::bind(web.listen)
        .and_then(|l| l.set_nonblocking(true).map(|()| l))
        .map_err(|e| {
            t!(
                "web-cannot-listen",
                listen = web.listen.to_string(),
                why = e.to_string()
            )
        })?;
    let listen = std_listener.local_addr().unwrap_or(web.listen);
    let listener = TcpListener::from_std(std_listener).map_err(|e| {
        t!(
            "web-cannot-listen",
            listen = web.listen.to_string(),
            why = e.to_string()
        )
    })?;
    let fingerprint = tls.as_ref().map(|t| t.fingerprint.clone());
    let (app, router) = make(Core::new(web, tls.is_some(), state_dir.to_path_buf()));
    let acceptor = Arc::new(Mutex::new(tls.map(|t| TlsAcceptor::from(t.config))));
    let task = tokio::spawn(serve(listener, acceptor.clone(), router));
    Ok(Server {
        task,
        app,
        acceptor,
        listen,
        fingerprint,
    })
}

/// One open connection, as the accept loop sees it.
struct Slot {
    /// A request's headers have come on it (it is someone's, not a flood's).
    requested: Arc<AtomicBool>,
    /// Wakes its task to close it.
    close: Arc<Notify>,
}

/// The open connections, oldest first (by the order they were accepted).
#[derive(Default)]
struct Slots {
    next: u64,
    open: BTreeMap<u64, Slot>,
}

impl Slots {
    /// A place for a new connection: its number, or none when all [`MAX_CONNECTIONS`] are
    /// taken by connections that have sent a request. Full, the oldest that has not is closed.
    fn take(&mut self, requested: &Arc<AtomicBool>, close: &Arc<Notify>) -> Option<u64> {
        if self.open.len() >= MAX_CONNECTIONS {
            let silent = self
                .open
                .iter()
                .find(|(_, s)| !s.requested.load(Ordering::Relaxed))
                .map(|(n, _)| *n)?;
            if let Some(s) = self.open.remove(&silent) {
                s.close.notify_one();
            }
        }
        let n = self.next;
        self.next += 1;
        self.open.insert(
            n,
            Slot {
                requested: requested.clone(),
                close: close.clone(),
            },
        );
        Some(n)
    }
}

/// Gives a connection's place back when its task ends, however it ends.
struct Leave(Arc<Mutex<Slots>>, u64);

impl Drop for Leave {
    fn drop(&mut self) {
        if let Ok(mut s) = self.0.lock() {
            s.open.remove(&self.1);
        }
    }
}

async fn serve(
    listener: TcpListener,
    acceptor: Arc<Mutex<Option<TlsAcceptor>>>,
    router: axum::Router,
) {
    let mut tasks = JoinSet::new();
    let slots = Arc::new(Mutex::new(Slots::default()));
    loop {
        while tasks.try_join_next().is_some() {}
        let (tcp, peer) = match listener.accept().await {
            Ok(x) => x,
            Err(e) => {
                // Out of file descriptors, most likely: wait a moment rather than spin.
                tracing::warn!("the console cannot accept a connection: {e}");
                tokio::time::sleep(Duration::from_millis(200)).await;
                continue;
            }
        };
        let requested = Arc::new(AtomicBool::new(false));
        let close = Arc::new(Notify::new());
        let Some(n) = slots
            .lock()
            .ok()
            .and_then(|mut s| s.take(&requested, &close))
        else {
            drop(tcp);
            continue;
        };
        let leave = Leave(slots.clone(), n);
        let tls = acceptor.lock().ok().and_then(|a| a.clone());
        let router = router.clone();
        tasks.spawn(async move {
            let _leave = leave;
            let _ = tcp.set_nodelay(true);
            let served = async {
                match tls {
                    Some(a) => {
                        if let Ok(Ok(stream)) = tokio::time::timeout(HANDSHAKE, a.accept(tcp)).await
                        {
                            connection(stream, peer, router, requested).await;
                        }
                    }
                    None => connection(tcp, peer, router, requested).await,
                }
            };
            tokio::select! {
                () = served => {}
                () = close.notified() => {}
            }
        });
    }
}

async fn connection<I>(io: I, peer: SocketAddr, router: axum::Router, requested: Arc<AtomicBool>)
where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service =
        hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
            requested.store(true, Ordering::Relaxed);
            req.extensions_mut()
                .insert(axum::extract::ConnectInfo(peer));
            router.clone().oneshot(req)
        });
    let _ = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADERS)
        .serve_connection(TokioIo::new(io), service)
        .with_upgrades()
        .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(s: &mut Slots) -> (Option<u64>, Arc<AtomicBool>, Arc<Notify>) {
        let (r, c) = (Arc::new(AtomicBool::new(false)), Arc::new(Notify::new()));
        (s.take(&r, &c), r, c)
    }

    #[tokio::test]
    async fn full_a_newcomer_takes_the_oldest_silent_place_and_only_a_silent_one() {
        let mut s = Slots::default();
        let all: Vec<_> = (0..MAX_CONNECTIONS).map(|_| slot(&mut s)).collect();
        // The first has sent a request: the second, the oldest silent one, makes room.
        all[0].1.store(true, Ordering::Relaxed);
        let (n, ..) = slot(&mut s);
        assert_eq!(n, Some(MAX_CONNECTIONS as u64));
        assert_eq!(s.open.len(), MAX_CONNECTIONS);
        assert!(s.open.contains_key(&0) && !s.open.contains_key(&1));
        let woken = tokio::time::timeout(Duration::from_secs(5), all[1].2.notified()).await;
        assert!(woken.is_ok(), "the one closed is woken to close");
        // Every place taken by a connection that has asked something: a newcomer is refused.
        for r in s.open.values() {
            r.requested.store(true, Ordering::Relaxed);
        }
        assert_eq!(slot(&mut s).0, None);
        assert_eq!(s.open.len(), MAX_CONNECTIONS);
    }
}
