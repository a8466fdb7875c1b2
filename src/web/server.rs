//! Accepting the console's connections: TCP, then TLS when it is on, then HTTP/1.1 (hyper) into
//! the router. Bounds: at most [`MAX_CONNECTIONS`] open at once (past them a new one is closed
//! at once), a TLS handshake within [`HANDSHAKE`], a request's headers within [`HEADERS`]. No
//! timer runs while no connection is open.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
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

async fn serve(
    listener: TcpListener,
    acceptor: Arc<Mutex<Option<TlsAcceptor>>>,
    router: axum::Router,
) {
    let mut open = JoinSet::new();
    let limit = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        while open.try_join_next().is_some() {}
        let (tcp, peer) = match listener.accept().await {
            Ok(x) => x,
            Err(e) => {
                // Out of file descriptors, most likely: wait a moment rather than spin.
                tracing::warn!("the console cannot accept a connection: {e}");
                tokio::time::sleep(Duration::from_millis(200)).await;
                continue;
            }
        };
        let Ok(permit) = limit.clone().try_acquire_owned() else {
            drop(tcp);
            continue;
        };
        let tls = acceptor.lock().ok().and_then(|a| a.clone());
        let router = router.clone();
        open.spawn(async move {
            let _permit = permit;
            let _ = tcp.set_nodelay(true);
            match tls {
                Some(a) => {
                    if let Ok(Ok(stream)) = tokio::time::timeout(HANDSHAKE, a.accept(tcp)).await {
                        connection(stream, peer, router).await;
                    }
                }
                None => connection(tcp, peer, router).await,
            }
        });
    }
}

async fn connection<I>(io: I, peer: SocketAddr, router: axum::Router)
where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service =
        hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
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
