//! The shell's side of the web console (spec §11): starts it when the schedule has `[web]`,
//! follows a reload (in place when it listens at the same address, else again), stops it when
//! `[web]` is gone, hands it the running schedule, and sends the status object on every change
//! while someone follows `/api/v1/events` (computed only then: with no client, nothing runs).

use std::sync::Arc;

use serde_json::{Value, json};
use tokio::sync::{mpsc, watch};

use super::Shell;
use crate::control::server::Incoming;
use crate::schedule::Schedule;

pub struct WebState {
    server: Option<crate::web::Server>,
    /// Why the console is not serving, when `[web]` asks for it.
    error: Option<String>,
    status: Arc<watch::Sender<Arc<Value>>>,
    schedule: Option<watch::Sender<Arc<Schedule>>>,
    /// The last status sent, without what changes by itself (the time, a broadcast's progress).
    last: Option<Value>,
}

impl Default for WebState {
    fn default() -> WebState {
        WebState {
            server: None,
            error: None,
            status: Arc::new(watch::Sender::new(Arc::new(Value::Null))),
            schedule: None,
            last: None,
        }
    }
}

impl Shell {
    /// Starts, changes or stops the console as the running schedule's `[web]` says.
    pub fn web_follow_schedule(&mut self, requests: &mpsc::Sender<Incoming>) {
        let schedule = self.dispatcher.schedule().clone();
        match &self.web.schedule {
            Some(tx) => {
                tx.send_replace(schedule.clone());
            }
            None => self.web.schedule = Some(watch::Sender::new(schedule.clone())),
        }
        let Some(web) = schedule.web.clone() else {
            if self.web.server.take().is_some() {
                tracing::info!("[web] is gone from the schedule: the console stopped");
            }
            self.web.error = None;
            return;
        };
        if let Some(server) = &mut self.web.server {
            match server.update(&web) {
                Ok(true) => return,
                Ok(false) => {}
                Err(e) => {
                    tracing::error!("{e}");
                    self.web.error = Some(e);
                    return;
                }
            }
        }
        // A new address or TLS turned on or off: the old server goes first (its port is free).
        self.web.server = None;
        let Some(schedule_rx) = self.web.schedule.as_ref().map(watch::Sender::subscribe) else {
            return;
        };
        let links = crate::web::Links {
            requests: requests.clone(),
            status: self.web.status.clone(),
            schedule: schedule_rx,
            state_dir: self.opts.state_dir.clone(),
            config: self.opts.config.clone(),
        };
        match crate::web::start(&web, links) {
            Ok(server) => {
                match &server.fingerprint {
                    Some(f) => {
                        tracing::info!(url = %server.url(), fingerprint = %f, "the console is serving; its certificate's SHA-256 fingerprint is {f}")
                    }
                    None => {
                        tracing::info!(url = %server.url(), "the console is serving (plain HTTP)")
                    }
                }
                if web.tls == crate::schedule::WebTls::Off && !web.listen.ip().is_loopback() {
                    tracing::warn!(listen = %web.listen, "the console serves plain HTTP beyond this box: passwords cross the network unencrypted (use tls = \"self-signed\", or a reverse proxy doing TLS)");
                }
                self.web.server = Some(server);
                self.web.error = None;
            }
            Err(e) => {
                tracing::error!("{e}");
                self.web.error = Some(e);
            }
        }
    }

    /// Sends the status to `/api/v1/events` followers when it changed.
    pub fn publish_web(&mut self) {
        if self.web.server.is_none() || self.web.status.receiver_count() == 0 {
            self.web.last = None;
            return;
        }
        let now = self.status();
        let steady = crate::web::steady(&now);
        if self.web.last.as_ref() == Some(&steady) {
            return;
        }
        self.web.last = Some(steady);
        self.web.status.send_replace(Arc::new(now));
    }

    /// `web` in `loa status`: where the console is and its certificate's fingerprint.
    pub(super) fn web_status(&self) -> Value {
        match (&self.web.server, &self.web.error) {
            (Some(s), _) => json!({
                "url": s.url(),
                "fingerprint": s.fingerprint,
                "error": null,
            }),
            (None, Some(e)) => json!({ "url": null, "fingerprint": null, "error": e }),
            (None, None) => Value::Null,
        }
    }
}
