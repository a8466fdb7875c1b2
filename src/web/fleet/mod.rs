//! The province's console (spec §14, docs/design/province.md): `loa fleet serve`'s web front
//! door, on the same [`Core`] as the station's — the same accounts, sessions, CSRF, lockout,
//! headers and TLS — with its own state: the province's shell ([`crate::province::shell`])
//! reached through [`Ask`]s, and the broker to publish what the console sends.
//!
//! `/api/v1/fleet/…`: `nodes` (the tree with counts), `nodes/NODE`, `send`, `bulletins/ID`,
//! `report`, `events` (SSE). A handler decodes, asks [`Caller::may`], hands the shell an `Ask`
//! and encodes its answer; the checks of a bulletin are `loa fleet send`'s own.

pub(super) mod api;
mod pages;
pub(super) mod push;
pub(super) mod upload;

use std::sync::Arc;

use tokio::sync::{broadcast, mpsc, oneshot};

use super::http::ApiError;
use super::{Console, Core};
use crate::province::shell::{Ask, Change};

/// Binds `web.listen` and serves the province's console on the current runtime, with the
/// accounts and the certificate in `state_dir` (`loa web user …` manages them there).
pub fn start(
    web: &crate::schedule::Web,
    state_dir: &std::path::Path,
    links: Links,
) -> Result<super::Server, String> {
    super::server::start_console(web, state_dir, |core| {
        let app = Arc::new(FleetApp::new(core, links));
        (app.clone(), api::router(app))
    })
}

/// What `loa fleet serve` hands its console.
pub struct Links {
    /// To the province's shell.
    pub asks: mpsc::Sender<Ask>,
    /// What changed, for `/api/v1/fleet/events`.
    pub changes: broadcast::Sender<Change>,
    /// The broker, to publish on.
    pub client: rumqttc::v5::AsyncClient,
    /// The province's signing key.
    pub key: Arc<crate::feed::keys::SecretKey>,
    /// Where the month's report is cut (the province's zone).
    pub timezone: chrono_tz::Tz,
    /// `[province] upload`: the folder's address an uploaded recording is PUT under.
    pub upload: Option<String>,
    /// Where an upload waits while it is measured and stored (the state directory's
    /// `uploads/`).
    pub spool: std::path::PathBuf,
    /// The largest upload taken (`[web] max_upload`'s default).
    pub max_upload: u64,
}

/// The province's console's state, shared by every connection.
pub(crate) struct FleetApp {
    core: Core,
    links: Links,
}

impl FleetApp {
    pub(crate) fn new(core: Core, links: Links) -> FleetApp {
        FleetApp { core, links }
    }

    /// Publishes `body` on `topic` (QoS 1) through the console's MQTT connection.
    async fn publish(
        &self,
        topic: &str,
        body: Vec<u8>,
        retain: bool,
        lang: crate::i18n::Lang,
    ) -> Result<(), ApiError> {
        use rumqttc::v5::mqttbytes::QoS;
        self.links
            .client
            .publish(topic, QoS::AtLeastOnce, retain, body)
            .await
            .map_err(|e| {
                ApiError::new(
                    axum::http::StatusCode::SERVICE_UNAVAILABLE,
                    "busy",
                    crate::i18n::with_lang(lang, || {
                        crate::t!("fleet-broker-failed", why = e.to_string())
                    }),
                )
            })
    }

    /// Sends the shell `ask` (made around a reply channel) and waits for its answer.
    async fn ask<T>(
        &self,
        lang: crate::i18n::Lang,
        ask: impl FnOnce(oneshot::Sender<T>) -> Ask,
    ) -> Result<T, ApiError> {
        let gone = || {
            ApiError::new(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                crate::i18n::with_lang(lang, || crate::t!("web-daemon-gone")),
            )
        };
        let (reply, answer) = oneshot::channel();
        self.links.asks.send(ask(reply)).await.map_err(|_| gone())?;
        answer.await.map_err(|_| gone())
    }
}

impl Console for FleetApp {
    fn core(&self) -> &Core {
        &self.core
    }

    fn login_title(&self) -> &'static str {
        "fleet-login"
    }

    fn page(
        &self,
        caller: &crate::web::login::Caller,
        headers: &axum::http::HeaderMap,
        title: &str,
        active: &str,
        body: maud::Markup,
    ) -> axum::response::Response {
        pages::page(caller, headers, title, active, body)
    }
}
