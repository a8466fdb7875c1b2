//! `/api/v1/fleet/…` (spec §14): JSON in, the province's shell's answers out. docs/protocol.md
//! shows each with examples.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::broadcast::error::RecvError;

use super::FleetApp;
use crate::cli::BulletinLevel;
use crate::clock::{Clock, SystemClock};
use crate::control::access::Action;
use crate::i18n::{Lang, with_lang};
use crate::province::report::By;
use crate::province::shell::{Ask, Change};
use crate::t;
use crate::web::api::MAX_BODY;
use crate::web::http::{ApiError, body, lang_of};
use crate::web::login::Caller;

pub(crate) fn router(app: Arc<FleetApp>) -> Router {
    Router::new()
        .route("/api/v1/login", post(crate::web::login::login::<FleetApp>))
        .route(
            "/api/v1/logout",
            post(crate::web::login::logout::<FleetApp>),
        )
        .route("/api/v1/fleet/nodes", get(nodes))
        .route("/api/v1/fleet/nodes/{*node}", get(node))
        .route("/api/v1/fleet/send", post(send))
        .route("/api/v1/fleet/bulletins/{id}", get(bulletin))
        .route("/api/v1/fleet/report", get(report))
        .route("/api/v1/fleet/events", get(events))
        .merge(super::pages::routes())
        .merge(super::push::routes())
        .merge(crate::web::pages::shared::<FleetApp>())
        .route(
            "/assets/province.js",
            get(|| async {
                (
                    [
                        (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                        (header::CACHE_CONTROL, "public, max-age=3600"),
                    ],
                    include_str!("../assets/province.js"),
                )
            }),
        )
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::from_fn(crate::web::http::worded))
        .layer(axum::middleware::map_response(crate::web::http::headers))
        .with_state(app)
}

pub(super) fn unprocessable(lang: Lang, words: impl FnOnce() -> String) -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "bad-request",
        with_lang(lang, words),
    )
}

pub(super) fn not_found(lang: Lang) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not-found",
        with_lang(lang, || t!("web-not-found")),
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(in crate::web) struct NodesQuery {
    #[serde(default)]
    prefix: String,
    depth: Option<usize>,
}

impl NodesQuery {
    /// The prefix (without its slashes) and the depth asked for; 422 for a prefix no node has.
    pub(in crate::web) fn checked(&self, lang: Lang) -> Result<(String, usize), ApiError> {
        let prefix = self.prefix.trim_matches('/').to_string();
        if !prefix.is_empty() && !crate::schedule::node_ok(&prefix) {
            return Err(unprocessable(lang, || {
                t!("fleet-bad-prefix", prefix = prefix.as_str())
            }));
        }
        Ok((prefix, self.depth.unwrap_or(usize::MAX)))
    }
}

/// `GET /api/v1/fleet/nodes[?prefix=P][&depth=N]`: the tree with its counts.
async fn nodes(
    State(app): State<Arc<FleetApp>>,
    caller: Caller,
    Query(q): Query<NodesQuery>,
) -> Result<Response, ApiError> {
    caller.may(Action::Read)?;
    let (prefix, depth) = q.checked(caller.lang)?;
    let tree = app
        .ask(caller.lang, |reply| Ask::Nodes {
            prefix,
            depth,
            reply,
        })
        .await?;
    Ok(axum::Json(tree).into_response())
}

/// `GET /api/v1/fleet/nodes/NODE`: one node's row.
async fn node(
    State(app): State<Arc<FleetApp>>,
    caller: Caller,
    Path(node): Path<String>,
) -> Result<Response, ApiError> {
    caller.may(Action::Read)?;
    let row = app
        .ask(caller.lang, |reply| Ask::Node { node, reply })
        .await?;
    row.map(|r| axum::Json(r).into_response())
        .ok_or_else(|| not_found(caller.lang))
}

/// `POST /api/v1/fleet/send`: the fields are `loa fleet send`'s flags.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(in crate::web) struct SendForm {
    pub to: String,
    pub level: String,
    pub preset: Option<String>,
    pub url: Option<String>,
    pub stream: Option<String>,
    #[serde(rename = "for")]
    pub for_: Option<String>,
    pub text: Option<String>,
    pub title: Option<String>,
    pub at: Option<String>,
    pub expires: Option<String>,
    pub repeat: Option<u32>,
    pub every: Option<String>,
}

async fn send(
    State(app): State<Arc<FleetApp>>,
    caller: Caller,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let lang = lang_of(&headers);
    caller.may(Action::Send)?;
    let f: SendForm = body(&bytes, lang)?;
    Ok(axum::Json(send_bulletin(&app, &caller, f, None).await?).into_response())
}

/// Seals `f` as `loa fleet send` does (with `upload`: a recording here, stored at an address
/// first, as `--file F --upload URL`), tells the shell which nodes it addresses, and publishes
/// it; the API's answer (the page's too).
pub(super) async fn send_bulletin(
    app: &FleetApp,
    caller: &Caller,
    f: SendForm,
    upload: Option<(std::path::PathBuf, String)>,
) -> Result<serde_json::Value, ApiError> {
    let lang = caller.lang;
    let sealed = seal(app, f, upload, lang).await?;
    let by = caller.by();
    let prefix = sealed.to.clone();
    let addressed = app
        .ask(lang, |reply| Ask::Sending {
            id: sealed.id.clone(),
            prefix,
            by,
            bulletin: sealed.body.clone(),
            reply,
        })
        .await?
        .map_err(|why| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "failed", why))?;
    app.publish(&sealed.topic, sealed.body.into_bytes(), false, lang)
        .await?;
    tracing::info!(user = %caller.name, id = %sealed.id, to = %sealed.to, "bulletin sent from the console");
    Ok(json!({
        "id": sealed.id,
        "level": sealed.level,
        "topic": sealed.topic,
        "expires": sealed.expires.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "addressed": addressed["nodes"].as_array().map_or(0, Vec::len),
    }))
}

/// A sealed bulletin and where it goes.
struct Ready {
    to: String,
    id: String,
    level: &'static str,
    topic: String,
    body: String,
    expires: DateTime<Utc>,
}

/// What a send form says besides its text fields: the level, how long it lasts, how often it
/// repeats, how long a stream plays.
pub(in crate::web) struct Parsed {
    level: BulletinLevel,
    expires: Duration,
    every: Option<Duration>,
    stream_for: Option<Duration>,
}

impl SendForm {
    /// The page's form (multipart, every field a string, empty when left blank) as the API's:
    /// `file_name`, the recording chosen, is the title when none is given.
    pub(in crate::web) fn of_fields(
        mut fields: std::collections::HashMap<String, String>,
        file_name: Option<String>,
    ) -> SendForm {
        let mut take = |k: &str| fields.remove(k).filter(|s| !s.trim().is_empty());
        SendForm {
            to: take("to").unwrap_or_default(),
            level: take("level").unwrap_or_default(),
            preset: take("preset"),
            url: take("url"),
            stream: take("stream"),
            for_: take("for"),
            text: take("text"),
            title: take("title").or(file_name),
            at: take("at"),
            expires: take("expires"),
            repeat: None,
            every: None,
        }
    }

    /// The form's level and durations read; 422 with why.
    pub(in crate::web) fn parsed(&self, lang: Lang) -> Result<Parsed, ApiError> {
        let level = match self.level.as_str() {
            "normal" => BulletinLevel::Normal,
            "priority" => BulletinLevel::Priority,
            "emergency" => BulletinLevel::Emergency,
            other => {
                return Err(unprocessable(lang, || t!("fleet-bad-level", level = other)));
            }
        };
        // Each in the range `loa fleet send` takes (a bulletin outside it every node refuses).
        let bad = |field: &'static str, why: String| {
            unprocessable(lang, || t!("fleet-bad-field", field = field, why = why))
        };
        let duration = |field: &'static str,
                        s: &Option<String>,
                        parse: fn(&str) -> Result<Duration, String>|
         -> Result<Option<Duration>, ApiError> {
            s.as_deref()
                .filter(|s| !s.is_empty())
                .map(|s| with_lang(lang, || parse(s)).map_err(|why| bad(field, why)))
                .transpose()
        };
        if let Some(n) = self.repeat
            && !(1..=crate::feed::bulletin::MAX_REPEAT).contains(&n)
        {
            let why = with_lang(lang, || {
                t!(
                    "bulletin-bad-repeat",
                    max = crate::feed::bulletin::MAX_REPEAT
                )
            });
            return Err(bad("repeat", why));
        }
        Ok(Parsed {
            level,
            expires: duration("expires", &self.expires, crate::cli::parse_expires)?
                .unwrap_or(Duration::from_secs(3600)),
            every: duration("every", &self.every, crate::cli::parse_every)?,
            stream_for: duration("for", &self.for_, crate::cli::parse_for)?,
        })
    }

    /// Made into `loa fleet send`'s request and sealed as it seals it at `now` (a recording at
    /// an address is fetched for its hash, an upload stored: call it off the loop): where it
    /// goes, and the bulletin.
    pub(in crate::web) fn sealed(
        &self,
        p: &Parsed,
        upload: Option<(&std::path::Path, &str)>,
        key: &crate::feed::keys::SecretKey,
        now: DateTime<Utc>,
        tz: chrono_tz::Tz,
    ) -> Result<(String, crate::commands::fleet::send::Sealed), String> {
        fn nonempty(s: &Option<String>) -> Option<&str> {
            s.as_deref().filter(|s| !s.is_empty())
        }
        let s = crate::commands::fleet::send::Send {
            to: self.to.trim_matches('/'),
            level: p.level,
            key: None,
            preset: nonempty(&self.preset),
            url: nonempty(&self.url),
            file: upload,
            stream: match (nonempty(&self.stream), p.stream_for) {
                (Some(url), Some(d)) => Some((url, d)),
                (Some(_), None) => return Err(t!("fleet-stream-needs-for")),
                (None, _) => None,
            },
            text: nonempty(&self.text),
            title: nonempty(&self.title),
            at: nonempty(&self.at),
            expires: p.expires,
            repeat: self.repeat,
            every: p.every,
        };
        crate::commands::fleet::send::seal_bulletin(&s, key, now, tz).map(|b| (s.to.to_string(), b))
    }
}

/// The form made into `loa fleet send`'s request and sealed as it seals it (off the loop: a
/// recording at an address is fetched for its hash).
async fn seal(
    app: &FleetApp,
    f: SendForm,
    upload: Option<(std::path::PathBuf, String)>,
    lang: Lang,
) -> Result<Ready, ApiError> {
    let parsed = f.parsed(lang)?;
    let key = app.links.key.clone();
    let tz = app.links.timezone;
    let sealed = tokio::task::spawn_blocking(move || {
        with_lang(lang, || {
            let upload = upload.as_ref().map(|(p, u)| (p.as_path(), u.as_str()));
            f.sealed(&parsed, upload, &key, SystemClock.now(), tz)
        })
    })
    .await
    .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "failed", e.to_string()))?;
    let (to, b) = sealed.map_err(|why| unprocessable(lang, || why))?;
    Ok(Ready {
        to,
        id: b.id,
        level: b.level,
        topic: b.topic,
        body: b.body,
        expires: b.expires,
    })
}

/// `GET /api/v1/fleet/bulletins/ID`: every addressed node and its last ack.
async fn bulletin(
    State(app): State<Arc<FleetApp>>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    caller.may(Action::Read)?;
    let b = app
        .ask(caller.lang, |reply| Ask::Bulletin { id, reply })
        .await?;
    b.map(|b| axum::Json(b).into_response())
        .ok_or_else(|| not_found(caller.lang))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(in crate::web) struct ReportQuery {
    month: String,
    by: Option<String>,
    format: Option<String>,
}

impl ReportQuery {
    /// How the lines are grouped and the month's bounds in `tz`; 422 with why.
    pub(in crate::web) fn window(
        &self,
        lang: Lang,
        tz: chrono_tz::Tz,
    ) -> Result<(By, DateTime<Utc>, DateTime<Utc>), ApiError> {
        let by = match self.by.as_deref() {
            None | Some("") => By::Commune,
            Some(b) => {
                By::parse(b).ok_or_else(|| unprocessable(lang, || t!("fleet-bad-by", by = b)))?
            }
        };
        let (from, to) = month_bounds(&self.month, tz).ok_or_else(|| {
            unprocessable(lang, || t!("cli-not-a-month", value = self.month.as_str()))
        })?;
        Ok((by, from, to))
    }
}

/// `[from, to)` of the month `YYYY-MM` in `tz`.
pub(crate) fn month_bounds(
    month: &str,
    tz: chrono_tz::Tz,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").ok()?;
    let next = first.checked_add_months(chrono::Months::new(1))?;
    let at = |d: NaiveDate| {
        tz.from_local_datetime(&d.and_hms_opt(0, 0, 0)?)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
    };
    Some((at(first)?, at(next)?))
}

/// `GET /api/v1/fleet/report?month=YYYY-MM&by=district|commune|node[&format=csv]`.
async fn report(
    State(app): State<Arc<FleetApp>>,
    caller: Caller,
    Query(q): Query<ReportQuery>,
) -> Result<Response, ApiError> {
    caller.may(Action::Read)?;
    let lang = caller.lang;
    let (by, from, to) = q.window(lang, app.links.timezone)?;
    let lines = app
        .ask(lang, |reply| Ask::Report {
            by,
            from,
            to,
            reply,
        })
        .await?
        .map_err(|why| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "failed", why))?;
    match q.format.as_deref() {
        None | Some("json") => Ok(axum::Json(json!({
            "month": q.month,
            "by": q.by.as_deref().unwrap_or("commune"),
            "lines": lines,
        }))
        .into_response()),
        Some("csv") => {
            let bytes = with_lang(lang, || crate::province::report::csv(&lines)).map_err(|e| {
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "failed", e.to_string())
            })?;
            let name = format!("attachment; filename=\"bao-cao-{}.csv\"", q.month);
            Ok((
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                    (header::CONTENT_DISPOSITION, name),
                ],
                bytes,
            )
                .into_response())
        }
        Some(other) => Err(unprocessable(lang, || t!("web-bad-format", value = other))),
    }
}

/// `GET /api/v1/fleet/events`: `node` (a node's row as it changed; `{"node", "gone": true}`
/// when its status was cleared), `bulletin` (an id whose acks changed), `broker` (connected or
/// not), `resync` (changes were missed: read the tree again).
async fn events(State(app): State<Arc<FleetApp>>, caller: Caller) -> Result<Response, ApiError> {
    caller.may(Action::Read)?;
    let mut changes = app.links.changes.subscribe();
    let (tx, rx) = tokio::sync::mpsc::channel::<Event>(64);
    let lang = caller.lang;
    tokio::spawn(async move {
        loop {
            let event = match changes.recv().await {
                Ok(Change::Node(node)) => {
                    let n = node.clone();
                    let row = app.ask(lang, |reply| Ask::Node { node: n, reply }).await;
                    let data = match row {
                        Ok(Some(r)) => r,
                        Ok(None) => json!({ "node": node, "gone": true }),
                        Err(_) => break,
                    };
                    Event::default().event("node").data(data.to_string())
                }
                Ok(Change::Bulletin(id)) => Event::default()
                    .event("bulletin")
                    .data(json!({ "id": id }).to_string()),
                Ok(Change::Broker { connected, words }) => Event::default()
                    .event("broker")
                    .data(json!({ "connected": connected, "error": words }).to_string()),
                Err(RecvError::Lagged(_)) => Event::default().event("resync").data("{}"),
                Err(RecvError::Closed) => break,
            };
            if tx.send(event).await.is_err() {
                break;
            }
        }
    });
    let stream = tokio_stream::StreamExt::map(
        tokio_stream::wrappers::ReceiverStream::new(rx),
        Ok::<_, Infallible>,
    );
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(30)))
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_is_cut_at_the_province_s_midnight() {
        let tz: chrono_tz::Tz = "Asia/Ho_Chi_Minh".parse().unwrap();
        let (from, to) = month_bounds("2026-12", tz).unwrap();
        assert_eq!(from.to_rfc3339(), "2026-11-30T17:00:00+00:00");
        assert_eq!(to.to_rfc3339(), "2026-12-31T17:00:00+00:00");
        assert!(month_bounds("2026-13", tz).is_none());
        assert!(month_bounds("tháng 12", tz).is_none());
    }

    /// Found by the `web_api` fuzz target: `"expires": "100000000d"` was taken (the console
    /// read the durations without `loa fleet send`'s ranges) and the seal panicked adding it to
    /// the time ("`DateTime + TimeDelta` overflowed"); a bulletin valid past a week, repeating
    /// oftener than a minute or more than 20 times was sealed and sent, for every node to refuse.
    #[test]
    fn a_form_s_durations_and_count_are_the_cli_s_and_none_overflows_the_seal() {
        let key = crate::feed::keys::SecretKey::parse(
            "ed25519-secret:Dmg7DcQTHzboIvXSrbHS/Bi2PmVhFj5F1gLFB3mCj9w=",
        )
        .unwrap();
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 5, 0, 0).unwrap();
        let form = |extra: &str| -> SendForm {
            serde_json::from_str(&format!(
                r#"{{"to":"quang-nam","level":"emergency","preset":"bao"{extra}}}"#
            ))
            .unwrap()
        };
        for bad in [
            r#","expires":"100000000d""#,
            r#","expires":"8d""#,
            r#","expires":"0s""#,
            r#","every":"30s""#,
            r#","every":"2d""#,
            r#","stream":"http://radio.example/s","for":"0s""#,
            r#","repeat":0"#,
            r#","repeat":21"#,
        ] {
            let Err(e) = form(bad).parsed(Lang::En) else {
                panic!("{bad} was taken");
            };
            assert!(!e.message().is_empty(), "{bad}");
        }
        let f = form(r#","expires":"7d","every":"15m","repeat":3"#);
        let Ok(p) = f.parsed(Lang::En) else {
            panic!("a week, 15 minutes and 3 times are refused");
        };
        let (to, sealed) = f
            .sealed(&p, None, &key, now, chrono_tz::Asia::Ho_Chi_Minh)
            .unwrap();
        assert_eq!(to, "quang-nam");
        assert_eq!(sealed.expires, now + chrono::TimeDelta::days(7));
    }
}
