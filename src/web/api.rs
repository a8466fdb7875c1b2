//! `/api/v1/…` (spec §11's table): JSON in, the shell's answers out. A handler decodes what
//! came, asks [`Caller::may`] (the one role table), hands the socket's request to the shell
//! and encodes the answer; nothing else. docs/protocol.md shows each with examples.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequestParts, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::oneshot;
use tokio_stream::StreamExt;

use super::{App, accounts, session};
use crate::control::access::{self, Action, Role};
use crate::control::protocol::{ErrorKind, Request, Response as Answer};
use crate::control::server::Incoming;
use crate::i18n::{Lang, with_lang};
use crate::t;

/// The largest JSON body taken (an upload has its own limit, `[web] max_upload`).
pub const MAX_BODY: usize = 64 * 1024;
/// How many password checks run at once (argon2id takes 19 MiB each).
pub(super) const VERIFYING: usize = 2;
const LANG_COOKIE: &str = "loa_lang";

pub(super) fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/api/v1/login", post(login))
        .route("/api/v1/logout", post(logout))
        .route("/api/v1/status", get(status))
        .route("/api/v1/events", get(events))
        .route("/api/v1/next", get(next))
        .route("/api/v1/history", get(history))
        .route("/api/v1/play", post(play))
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
            axum::routing::delete(super::audio::delete),
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
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(axum::middleware::map_response(headers))
        .with_state(app)
}

/// On every response: no script but the console's own files, no framing, no referrer abroad.
async fn headers(mut r: Response) -> Response {
    let h = r.headers_mut();
    let set = |h: &mut HeaderMap, k: header::HeaderName, v: &'static str| {
        h.insert(k, HeaderValue::from_static(v));
    };
    set(
        h,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         media-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; \
         form-action 'self'",
    );
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::REFERRER_POLICY, "same-origin");
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    if !h.contains_key(header::CACHE_CONTROL) {
        set(h, header::CACHE_CONTROL, "no-store");
    }
    r
}

/// An error as the socket words one: `{"response": "error", "kind", "message"}`.
pub(super) struct ApiError {
    status: StatusCode,
    kind: &'static str,
    message: String,
    details: Vec<String>,
    retry_after: Option<u64>,
}

impl ApiError {
    pub(super) fn new(status: StatusCode, kind: &'static str, message: String) -> ApiError {
        ApiError {
            status,
            kind,
            message,
            details: Vec::new(),
            retry_after: None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({ "response": "error", "kind": self.kind, "message": self.message });
        if !self.details.is_empty() {
            body["details"] = json!(self.details);
        }
        let mut r = (self.status, axum::Json(body)).into_response();
        if let Some(s) = self.retry_after
            && let Ok(v) = HeaderValue::from_str(&s.to_string())
        {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        r
    }
}

/// The language a request reads: the page's switch (`loa_lang` cookie), else the browser's
/// `Accept-Language`, else Vietnamese.
pub(super) fn lang_of(headers: &HeaderMap) -> Lang {
    if let Some(l) = cookie(headers, LANG_COOKIE) {
        match l.as_str() {
            "en" => return Lang::En,
            "vi" => return Lang::Vi,
            _ => {}
        }
    }
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut best: Option<(f32, Lang)> = None;
    for part in accept.split(',') {
        let mut bits = part.split(';');
        let tag = bits.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = bits
            .find_map(|b| {
                b.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
            })
            .unwrap_or(1.0);
        let lang = match tag.split('-').next() {
            Some("vi") => Lang::Vi,
            Some("en") => Lang::En,
            _ => continue,
        };
        if best.is_none_or(|(b, _)| q > b) {
            best = Some((q, lang));
        }
    }
    best.map_or(Lang::Vi, |(_, l)| l)
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|kv| {
            let (k, v) = kv.trim().split_once('=')?;
            (k == name).then(|| v.to_string())
        })
}

/// Who is asking: a live session's account, as the accounts file says now (a removed account
/// or a changed role counts at once), and the CSRF token checked on every unsafe request.
pub(super) struct Caller {
    pub name: String,
    pub role: Role,
    pub lang: Lang,
    pub session: String,
}

impl Caller {
    /// The one role check (the table is [`access::allowed`]'s).
    pub fn may(&self, action: Action) -> Result<(), ApiError> {
        if access::allowed(self.role, action) {
            return Ok(());
        }
        tracing::warn!(user = %self.name, role = self.role.as_str(), "refused: {action:?} needs {}", action.needs().as_str());
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            with_lang(self.lang, || {
                t!(
                    "web-forbidden",
                    role = crate::i18n::message(crate::commands::web::role_word(self.role), &[]),
                    needs =
                        crate::i18n::message(crate::commands::web::role_word(action.needs()), &[])
                )
            }),
        ))
    }

    pub(super) fn by(&self) -> String {
        format!("web:{}", self.name)
    }
}

impl FromRequestParts<Arc<App>> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Caller, ApiError> {
        let lang = lang_of(&parts.headers);
        let unauthorized = || {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                with_lang(lang, || t!("web-unauthorized")),
            )
        };
        let id = cookie(&parts.headers, session::COOKIE).ok_or_else(unauthorized)?;
        let idle = app.settings.lock().map(|s| s.session).unwrap_or_default();
        let s = app
            .sessions
            .lock()
            .ok()
            .and_then(|mut all| all.touch(&id, idle, Instant::now()))
            .ok_or_else(unauthorized)?;
        let role = app
            .accounts
            .lock()
            .ok()
            .and_then(|mut a| a.refresh().get(&s.user).map(|a| a.role))
            .ok_or_else(unauthorized)?;
        if !parts.method.is_safe() {
            let token = parts
                .headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok());
            if token != Some(s.csrf.as_str()) {
                tracing::warn!(user = %s.user, "refused {} {}: no valid CSRF token", parts.method, parts.uri.path());
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "csrf",
                    with_lang(lang, || t!("web-csrf")),
                ));
            }
        }
        Ok(Caller {
            name: s.user,
            role,
            lang,
            session: id,
        })
    }
}

/// A JSON body, or 422 with why (an empty body is `{}`).
fn body<T: serde::de::DeserializeOwned>(bytes: &Bytes, lang: Lang) -> Result<T, ApiError> {
    let text: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        bytes
    };
    serde_json::from_slice(text).map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "bad-request",
            with_lang(lang, || t!("web-bad-json", why = e.to_string())),
        )
    })
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Login {
    user: String,
    password: String,
}

/// A hash nobody's password matches, checked for an unknown name so that the answer takes as
/// long as for a known one.
fn decoy() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| accounts::hash("decoy password, never an account's").unwrap_or_default())
}

async fn login(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let lang = lang_of(&headers);
    let creds: Login = body(&bytes, lang)?;
    let from = peer.ip();
    let locked = app
        .sessions
        .lock()
        .ok()
        .and_then(|mut s| s.locked(&creds.user, from, Instant::now()));
    if let Some(wait) = locked {
        tracing::warn!(user = %creds.user, from = %from, "login refused: too many failed logins, locked for {} s", wait.as_secs());
        let mut e = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "locked",
            with_lang(lang, || {
                t!("web-locked", minutes = wait.as_secs().div_ceil(60))
            }),
        );
        e.retry_after = Some(wait.as_secs().max(1));
        return Err(e);
    }
    let account = app
        .accounts
        .lock()
        .ok()
        .and_then(|mut a| a.refresh().get(&creds.user).cloned());
    let hash = account
        .as_ref()
        .map_or_else(|| decoy().to_string(), |a| a.hash.clone());
    let permit = app.verifying.acquire().await;
    let password = creds.password;
    let matches = tokio::task::spawn_blocking(move || accounts::verify(&password, &hash))
        .await
        .unwrap_or(false);
    drop(permit);
    let (Some(account), true) = (account, matches) else {
        if let Ok(mut s) = app.sessions.lock() {
            s.failed(&creds.user, from, Instant::now());
        }
        tracing::warn!(user = %creds.user, from = %from, "failed login");
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            with_lang(lang, || t!("web-login-failed")),
        ));
    };
    let opened = app.sessions.lock().ok().and_then(|mut s| {
        s.succeeded(&account.name);
        s.open(&account.name, Instant::now())
    });
    let Some((id, session)) = opened else {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            with_lang(lang, || t!("web-daemon-gone")),
        ));
    };
    tracing::info!(user = %account.name, from = %from, role = account.role.as_str(), "login");
    let secure = app.tls
        || headers
            .get("x-forwarded-proto")
            .is_some_and(|v| v.as_bytes() == b"https");
    let cookie = format!(
        "{}={id}; Path=/; HttpOnly; SameSite=Strict{}",
        session::COOKIE,
        if secure { "; Secure" } else { "" }
    );
    let mut r = axum::Json(json!({
        "user": account.name,
        "role": account.role,
        "csrf": session.csrf,
    }))
    .into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(r)
}

async fn logout(State(app): State<Arc<App>>, caller: Caller) -> Response {
    if let Ok(mut s) = app.sessions.lock() {
        s.close(&caller.session);
    }
    tracing::info!(user = %caller.name, "logout");
    let mut r = axum::Json(
        json!({ "response": "ok", "message": with_lang(caller.lang, || t!("web-logged-out")) }),
    )
    .into_response();
    let gone = format!(
        "{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0",
        session::COOKIE
    );
    if let Ok(v) = HeaderValue::from_str(&gone) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NextQuery {
    days: Option<String>,
    date: Option<String>,
}

async fn next(
    State(app): State<Arc<App>>,
    caller: Caller,
    Query(q): Query<NextQuery>,
) -> Result<Response, ApiError> {
    caller.may(Action::Read)?;
    let bad = |msg: String| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "bad-request", msg);
    let days = match q.days.as_deref() {
        None => 1,
        Some(d) => d
            .parse::<u32>()
            .ok()
            .filter(|d| (1..=3660).contains(d))
            .ok_or_else(|| bad(with_lang(caller.lang, || t!("web-bad-days", value = d))))?,
    };
    let date = q
        .date
        .as_deref()
        .map(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d"))
        .transpose()
        .map_err(|_| {
            bad(with_lang(caller.lang, || {
                t!("web-bad-date", value = q.date.clone().unwrap_or_default())
            }))
        })?;
    let s = app.links.schedule.borrow().clone();
    let now = crate::clock::Clock::now(&crate::clock::SystemClock);
    let tz = s.station.timezone;
    let (from, to) = match date {
        Some(d) => {
            let end = d
                .checked_add_days(chrono::Days::new(days.into()))
                .unwrap_or(chrono::NaiveDate::MAX);
            (
                crate::plan::start_of_day(tz, d),
                crate::plan::start_of_day(tz, end),
            )
        }
        None => (now, crate::plan::add_local_days(tz, now, days.into())),
    };
    let bytes =
        tokio::task::spawn_blocking(move || crate::commands::next::agenda_json(&s, from, to))
            .await
            .map_err(|e| e.to_string())
            .and_then(|r| r.map_err(|e| e.to_string()))
            .map_err(|why| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "failed", why))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], bytes).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HistoryQuery {
    since: Option<String>,
    until: Option<String>,
    id: Option<String>,
    month: Option<String>,
    summary: Option<String>,
    format: Option<String>,
}

async fn history(
    State(app): State<Arc<App>>,
    caller: Caller,
    Query(q): Query<HistoryQuery>,
) -> Result<Response, ApiError> {
    use crate::commands::dates::Day;
    caller.may(Action::Read)?;
    let lang = caller.lang;
    let bad = |msg: String| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "bad-request", msg);
    let day = |d: &Option<String>| {
        d.as_deref()
            .filter(|d| !d.is_empty())
            .map(|d| with_lang(lang, || Day::parse(d)))
            .transpose()
            .map_err(bad)
    };
    let since = day(&q.since)?;
    let until = day(&q.until)?;
    let month = q
        .month
        .as_deref()
        .filter(|m| !m.is_empty())
        .map(|m| {
            chrono::NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d")
                .map_err(|_| bad(with_lang(lang, || t!("cli-not-a-month", value = m))))
        })
        .transpose()?;
    let (format, csv) = match q.format.as_deref() {
        None | Some("json") => (crate::cli::Format::Json, false),
        Some("csv") => (crate::cli::Format::Csv, true),
        Some(other) => return Err(bad(with_lang(lang, || t!("web-bad-format", value = other)))),
    };
    let summary = matches!(q.summary.as_deref(), Some("1" | "true"));
    let state_dir = app.links.state_dir.clone();
    let tz = app.links.schedule.borrow().station.timezone;
    let id = q.id.filter(|i| !i.is_empty());
    let bytes = tokio::task::spawn_blocking(move || {
        with_lang(lang, || {
            crate::commands::history::render(
                &crate::commands::history::Request {
                    state_dir: &state_dir,
                    db: None,
                    config: None,
                    since,
                    until,
                    month,
                    id: id.as_deref(),
                    summary,
                    format,
                    now: crate::clock::Clock::now(&crate::clock::SystemClock),
                },
                tz,
            )
        })
    })
    .await
    .map_err(|e| e.to_string())
    .and_then(|r| r)
    .map_err(|why| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "failed", why))?;
    let headers = match csv {
        true => [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"loa-history.csv\"",
            ),
        ],
        false => [
            (header::CONTENT_TYPE, "application/json"),
            (header::CONTENT_DISPOSITION, "inline"),
        ],
    };
    Ok((headers, bytes).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Play {
    target: String,
    #[serde(default)]
    emergency: bool,
    repeat: Option<u32>,
    volume: Option<u8>,
    for_seconds: Option<u64>,
    #[serde(default)]
    again: bool,
}

async fn play(
    State(app): State<Arc<App>>,
    caller: Caller,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    caller.may(Action::Control)?;
    let p: Play = body(&bytes, caller.lang)?;
    let r = Request::Play {
        target: p.target,
        emergency: p.emergency,
        repeat: p.repeat,
        volume: p.volume,
        for_seconds: p.for_seconds,
        again: p.again,
    };
    request(&app, &caller, r).await
}

async fn stop(State(app): State<Arc<App>>, caller: Caller) -> Result<Response, ApiError> {
    request(&app, &caller, Request::Stop).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Until {
    until: Option<String>,
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct At {
    at: Option<String>,
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
