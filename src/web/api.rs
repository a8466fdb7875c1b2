//! `/api/v1/…` (spec §11's table): JSON in, the shell's answers out. A handler decodes what
//! came, asks [`Caller::may`] (the one role table), hands the socket's request to the shell
//! and encodes the answer; nothing else. docs/protocol.md shows each with examples.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::Value;
use tokio::sync::oneshot;
use tokio_stream::StreamExt;

use super::App;
use super::http::{ApiError, body, lang_of};
use super::login::Caller;
use crate::control::access::Action;
use crate::control::protocol::{ErrorKind, Request, Response as Answer};
use crate::control::server::Incoming;
use crate::i18n::with_lang;
use crate::t;

/// The largest JSON body taken (an upload has its own limit, `[web] max_upload`).
pub const MAX_BODY: usize = 64 * 1024;

pub(super) fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/api/v1/login", post(super::login::login::<App>))
        .route("/api/v1/logout", post(super::login::logout::<App>))
        .route("/api/v1/status", get(status))
        .route("/api/v1/events", get(events))
        .route("/api/v1/next", get(super::reading::next))
        .route("/api/v1/history", get(super::reading::history))
        .route("/api/v1/play", post(play))
        .route("/api/v1/live", get(super::live::socket))
        .route("/api/v1/stop", post(stop))
        .route("/api/v1/pause", post(pause))
        .route("/api/v1/resume", post(resume))
        .route("/api/v1/bulletins", get(bulletins))
        .route("/api/v1/bulletins/{id}/accept", post(accept))
        .route("/api/v1/bulletins/{id}/reject", post(reject))
        .route(
            "/api/v1/schedule",
            get(super::schedule::get_schedule)
                .put(super::schedule::put_schedule)
                .layer(DefaultBodyLimit::max(super::schedule::MAX_SCHEDULE)),
        )
        .route(
            "/api/v1/audio",
            get(super::audio::list)
                .post(super::audio::upload)
                .layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/api/v1/audio/{name}",
            get(super::audio::listen).delete(super::audio::delete),
        )
        .route("/api/v1/schedule/versions", get(super::schedule::versions))
        .route(
            "/api/v1/schedule/versions/{n}",
            get(super::schedule::version),
        )
        .route(
            "/api/v1/schedule/proposals/{n}/approve",
            post(super::schedule::approve),
        )
        .route(
            "/api/v1/schedule/proposals/{n}/reject",
            post(super::schedule::reject),
        )
        .merge(super::pages::routes())
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::from_fn(super::http::worded))
        .layer(axum::middleware::map_response(super::http::headers))
        .with_state(app)
}

/// Hands `request` to the shell as the socket does, and waits for its answer.
pub(super) async fn ask(app: &App, caller: &Caller, request: Request) -> Result<Answer, ApiError> {
    let (reply, answer) = oneshot::channel();
    let gone = || {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            with_lang(caller.lang, || t!("web-daemon-gone")),
        )
    };
    app.links
        .requests
        .send(Incoming {
            request,
            user: caller.by(),
            reserved: false,
            reply,
            lang: Some(caller.lang),
        })
        .await
        .map_err(|_| gone())?;
    answer.await.map_err(|_| gone())
}

/// The shell's answer as HTTP: `ok` 200; an error with the status its kind means.
fn answered(a: Answer) -> Response {
    let status = match &a {
        Answer::Error { kind, .. } => match kind {
            ErrorKind::BadRequest => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorKind::TooLong => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::UnknownRequest | ErrorKind::UnsupportedVersion => StatusCode::BAD_REQUEST,
            ErrorKind::NotFound => StatusCode::NOT_FOUND,
            ErrorKind::Forbidden => StatusCode::FORBIDDEN,
            ErrorKind::Refused => StatusCode::CONFLICT,
            ErrorKind::Busy => StatusCode::SERVICE_UNAVAILABLE,
            ErrorKind::Failed => StatusCode::INTERNAL_SERVER_ERROR,
        },
        _ => StatusCode::OK,
    };
    let body = match a {
        Answer::Status(v) => *v,
        Answer::Bulletins { bulletins } => Value::Array(bulletins),
        other => serde_json::to_value(&other).unwrap_or(Value::Null),
    };
    (status, axum::Json(body)).into_response()
}

async fn request(app: &App, caller: &Caller, r: Request) -> Result<Response, ApiError> {
    caller.may(r.action())?;
    Ok(answered(ask(app, caller, r).await?))
}

async fn status(State(app): State<Arc<App>>, caller: Caller) -> Result<Response, ApiError> {
    request(&app, &caller, Request::Status).await
}

/// `status` events: the object now, then again on every change the shell makes.
async fn events(State(app): State<Arc<App>>, caller: Caller) -> Result<Response, ApiError> {
    caller.may(Action::Read)?;
    // Following first, so that no change between the first object and the stream is lost.
    let changes = tokio_stream::wrappers::WatchStream::from_changes(app.links.status.subscribe());
    let first = match ask(&app, &caller, Request::Status).await? {
        Answer::Status(v) => *v,
        other => return Ok(answered(other)),
    };
    let event = |v: &Value| Event::default().event("status").data(v.to_string());
    let mut last = super::steady(&first);
    let first = tokio_stream::once(event(&first));
    // The shell's first send to a new follower may be the object just read: not a change.
    let rest = changes.filter_map(move |v| {
        let steady = super::steady(&v);
        (steady != last).then(|| {
            last = steady;
            event(&v)
        })
    });
    let stream = first.chain(rest).map(Ok::<_, Infallible>);
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(30)))
        .into_response())
}

/// `POST /api/v1/play`'s body.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Play {
    #[serde(default)]
    target: String,
    #[serde(default)]
    emergency: bool,
    repeat: Option<u32>,
    volume: Option<u8>,
    for_seconds: Option<u64>,
    #[serde(default)]
    again: bool,
    text: Option<String>,
}

impl Play {
    /// The socket's request for this body.
    pub(super) fn request(self) -> Request {
        Request::Play {
            target: self.target,
            emergency: self.emergency,
            repeat: self.repeat,
            volume: self.volume,
            for_seconds: self.for_seconds,
            again: self.again,
            text: self.text,
            sound: None,
        }
    }
}

async fn play(
    State(app): State<Arc<App>>,
    caller: Caller,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    caller.may(Action::Control)?;
    let p: Play = body(&bytes, caller.lang)?;
    request(&app, &caller, p.request()).await
}

async fn stop(State(app): State<Arc<App>>, caller: Caller) -> Result<Response, ApiError> {
    request(&app, &caller, Request::Stop).await
}

/// `POST /api/v1/pause`'s body.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Until {
    pub(super) until: Option<String>,
}

async fn pause(
    State(app): State<Arc<App>>,
    caller: Caller,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    caller.may(Action::Control)?;
    let u: Until = body(&bytes, caller.lang)?;
    request(&app, &caller, Request::Pause { until: u.until }).await
}

async fn resume(State(app): State<Arc<App>>, caller: Caller) -> Result<Response, ApiError> {
    request(&app, &caller, Request::Resume).await
}

async fn bulletins(State(app): State<Arc<App>>, caller: Caller) -> Result<Response, ApiError> {
    request(&app, &caller, Request::Bulletins).await
}

/// `POST /api/v1/bulletins/{id}/accept`'s body.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct At {
    pub(super) at: Option<String>,
}

async fn accept(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    caller.may(Action::Control)?;
    let a: At = body(&bytes, caller.lang)?;
    request(&app, &caller, Request::BulletinAccept { id, at: a.at }).await
}

async fn reject(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    request(&app, &caller, Request::BulletinReject { id }).await
}

async fn not_found(headers: HeaderMap) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not-found",
        with_lang(lang_of(&headers), || t!("web-not-found")),
    )
}
