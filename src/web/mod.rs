//! The station's web console (spec §11): a third front door to the daemon's shell, beside the
//! control socket and the provincial feed (docs/design/console.md). Served on the daemon's own
//! runtime when the schedule has `[web]`; nothing listens without it, and with it and no client
//! nothing wakes (no timer: a connection's timeouts run only while it is open).
//!
//! Every action becomes the same [`crate::control::protocol::Request`] the socket sends, with
//! `web:NAME` as who asked, and goes to the shell through the socket's channel; what the shell
//! answers is what the caller gets. Roles are checked in one place
//! ([`crate::control::access::allowed`]); no other rule, limit or path check lives here.
//!
//! `server` accepts connections (TLS or plain), `api` answers `/api/v1/…`, `accounts` and
//! `session` keep who may log in and who is logged in, `tls` the certificate.

pub mod accounts;
mod addresses;
mod api;
mod audio;
pub mod fleet;
#[doc(hidden)]
pub mod fuzz;
mod http;
mod live;
mod login;
mod pages;
mod reading;
mod schedule;
mod server;
pub mod session;
pub mod tls;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tokio::sync::{mpsc, watch};

use crate::control::server::Incoming;
use crate::schedule::{Schedule, Web};

pub use server::{Server, start};

/// What the console shares with the shell.
#[derive(Clone)]
pub struct Links {
    /// The socket's channel to the shell.
    pub requests: mpsc::Sender<Incoming>,
    /// The status object, sent by the shell on every change while someone follows it.
    pub status: Arc<watch::Sender<Arc<Value>>>,
    /// The schedule the daemon runs (the last good one).
    pub schedule: watch::Receiver<Arc<Schedule>>,
    pub state_dir: PathBuf,
    pub config: PathBuf,
}

/// What every console needs, the station's and the province's (docs/design/province.md): who
/// may log in, who is logged in, how it is served.
pub(crate) struct Core {
    /// `[web]` as last loaded (a reload that keeps the address changes it in place).
    settings: Mutex<Web>,
    /// Served under TLS (cookies are `Secure`).
    tls: bool,
    accounts: Mutex<accounts::Store>,
    sessions: Mutex<session::Sessions>,
    /// Password checks running at once.
    verifying: tokio::sync::Semaphore,
    /// Where `web-users.toml` and the certificate are.
    state_dir: PathBuf,
}

impl Core {
    /// Where `web-users.toml` and the certificate are.
    pub(crate) fn state_dir(&self) -> &std::path::Path {
        &self.state_dir
    }

    pub(crate) fn new(web: &Web, tls: bool, state_dir: PathBuf) -> Core {
        Core {
            accounts: Mutex::new(accounts::Store::new(state_dir.clone())),
            settings: Mutex::new(web.clone()),
            tls,
            sessions: Mutex::new(session::Sessions::default()),
            verifying: tokio::sync::Semaphore::new(login::VERIFYING),
            state_dir,
        }
    }
}

/// A console: the login, the sessions, the accounts, the language switch and the assets work
/// the same on any state that has a [`Core`].
pub(in crate::web) trait Console: Send + Sync + 'static {
    fn core(&self) -> &Core;

    /// The login page's heading (a catalogue key): whose console this is.
    fn login_title(&self) -> &'static str {
        "page-login"
    }

    /// A page of this console: `body` in its layout (its name, menu and script).
    fn page(
        &self,
        caller: &login::Caller,
        headers: &axum::http::HeaderMap,
        title: &str,
        active: &str,
        body: maud::Markup,
    ) -> axum::response::Response;
}

/// The station's console's state, shared by every connection.
pub(crate) struct App {
    core: Core,
    links: Links,
    /// One change of the schedule at a time.
    editing: tokio::sync::Mutex<()>,
    /// The recordings, measured once each.
    library: Arc<Mutex<crate::audio::library::Library>>,
}

impl std::ops::Deref for App {
    type Target = Core;

    fn deref(&self) -> &Core {
        &self.core
    }
}

impl Console for App {
    fn core(&self) -> &Core {
        &self.core
    }

    fn page(
        &self,
        caller: &login::Caller,
        headers: &axum::http::HeaderMap,
        title: &str,
        active: &str,
        body: maud::Markup,
    ) -> axum::response::Response {
        let station = self.links.schedule.borrow().station.name.clone();
        pages::layout(caller, headers, &station, title, active, body)
    }
}

/// The status without the fields that change with every look at it (the time, a broadcast's
/// progress, a relay's counters): what "changed" means for `/api/v1/events`.
pub fn steady(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(o) = v.as_object_mut() {
        o.remove("now");
        if let Some(p) = o.get_mut("playing").and_then(Value::as_object_mut) {
            p.remove("progress_seconds");
            p.remove("relay");
        }
    }
    v
}
