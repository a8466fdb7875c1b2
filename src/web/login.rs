//! Logging in and out, and who is asking (spec §11): a session's account as the accounts file
//! says now, its CSRF token on every unsafe request, the lockout after failed logins.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::http::{ApiError, body, cookie, lang_of};
use super::{Console, Core, accounts, session};
use crate::control::access::{self, Action, Role};
use crate::i18n::{Lang, with_lang};
use crate::t;

/// How many password checks run at once (argon2id takes 19 MiB each).
pub(super) const VERIFYING: usize = 2;

/// Who is asking: a live session's account, as the accounts file says now (a removed account
/// or a changed role counts at once), and the CSRF token checked on every unsafe request.
pub(super) struct Caller {
    pub name: String,
    pub role: Role,
    pub lang: Lang,
    pub session: String,
    /// The session's CSRF token (a page's forms carry it).
    pub csrf: String,
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

impl Caller {
    /// The session's account, as the accounts file says now; 401 without one.
    pub(super) fn identify(parts: &Parts, app: &Core) -> Result<Caller, ApiError> {
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
        if refresh_accounts(app).contains(&s.user) {
            return Err(unauthorized());
        }
        let role = app
            .accounts
            .lock()
            .ok()
            .and_then(|mut a| a.refresh().get(&s.user).map(|a| a.role))
            .ok_or_else(unauthorized)?;
        Ok(Caller {
            name: s.user,
            role,
            lang,
            session: id,
            csrf: s.csrf,
        })
    }

    /// `token` is this session's CSRF token; 403 otherwise.
    pub(super) fn check_token(&self, token: Option<&str>, what: &str) -> Result<(), ApiError> {
        if token == Some(self.csrf.as_str()) {
            return Ok(());
        }
        tracing::warn!(user = %self.name, "refused {what}: no valid CSRF token");
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "csrf",
            with_lang(self.lang, || t!("web-csrf")),
        ))
    }
}

/// Rereads the accounts if their file changed. Every session of an account whose password
/// changed or that went ends, and its lockout is lifted (`loa web user passwd` is how an officer
/// locked out by a guesser gets back in). Returns those names.
fn refresh_accounts(app: &Core) -> Vec<String> {
    let changed = app
        .accounts
        .lock()
        .map(|mut a| {
            a.refresh();
            a.take_changed()
        })
        .unwrap_or_default();
    if !changed.is_empty()
        && let Ok(mut s) = app.sessions.lock()
    {
        for user in &changed {
            s.close_user(user);
            s.succeeded(user);
        }
    }
    changed
}

impl<S: Console> FromRequestParts<Arc<S>> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<S>) -> Result<Caller, ApiError> {
        let caller = Caller::identify(parts, app.core())?;
        if !parts.method.is_safe() {
            let token = parts
                .headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok());
            let what = format!("{} {}", parts.method, parts.uri.path());
            caller.check_token(token, &what)?;
        }
        Ok(caller)
    }
}

/// `POST /api/v1/login`'s body.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Login {
    pub(super) user: String,
    pub(super) password: String,
}

/// A hash nobody's password matches, checked for an unknown name so that the answer takes as
/// long as for a known one.
fn decoy() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| accounts::hash("decoy password, never an account's").unwrap_or_default())
}

/// Checks a login: the lockout first (the attempt counted as a failure there, taken back if the
/// password is right), then the password (off the loop, two at a time); opens a session. Every
/// failure is logged.
pub(super) async fn sign_in(
    app: &Core,
    from: std::net::IpAddr,
    headers: &HeaderMap,
    user: &str,
    password: String,
) -> Result<(accounts::Account, String, session::Session), ApiError> {
    let lang = lang_of(headers);
    // A login another site's page sent (the browser says so: `Sec-Fetch-Site: cross-site`) is
    // refused before it counts, so that a page an officer opens cannot spend the five tries
    // that lock her name (ASVS 2.2.1). Scripts and older browsers send no such header.
    if headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"cross-site"))
    {
        tracing::warn!(user = %user, from = %from, "login refused: sent by another site's page");
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            with_lang(lang, || t!("web-login-cross-site")),
        ));
    }
    // A new password lifts the account's lockout: seen before the lockout is checked.
    refresh_accounts(app);
    // Counted as a failure before the password is checked, in the same step as the lock is
    // looked at: guesses sent at once are refused after five, as guesses sent in turn are.
    let at = Instant::now();
    let locked = app
        .sessions
        .lock()
        .ok()
        .and_then(|mut s| s.attempt(user, from, at).err());
    if let Some(wait) = locked {
        tracing::warn!(user = %user, from = %from, "login refused: too many failed logins, locked for {} s", wait.as_secs());
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
        .and_then(|mut a| a.refresh().get(user).cloned());
    let hash = account
        .as_ref()
        .map_or_else(|| decoy().to_string(), |a| a.hash.clone());
    let permit = app.verifying.acquire().await;
    let matches = tokio::task::spawn_blocking(move || accounts::verify(&password, &hash))
        .await
        .unwrap_or(false);
    drop(permit);
    let (Some(account), true) = (account, matches) else {
        tracing::warn!(user = %user, from = %from, "failed login");
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            with_lang(lang, || t!("web-login-failed")),
        ));
    };
    let opened = app.sessions.lock().ok().and_then(|mut s| {
        s.succeeded(&account.name);
        s.forgive(from, at);
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
    Ok((account, id, session))
}

/// The session cookie: HttpOnly, SameSite=Strict, Secure under TLS (or behind a proxy that
/// says it did TLS).
pub(super) fn session_cookie(app: &Core, headers: &HeaderMap, id: &str) -> Option<HeaderValue> {
    let secure = app.tls
        || headers
            .get("x-forwarded-proto")
            .is_some_and(|v| v.as_bytes() == b"https");
    let cookie = format!(
        "{}={id}; Path=/; HttpOnly; SameSite=Strict{}",
        session::COOKIE,
        if secure { "; Secure" } else { "" }
    );
    HeaderValue::from_str(&cookie).ok()
}

/// The cookie that ends the session in the browser.
pub(super) fn no_session_cookie() -> HeaderValue {
    HeaderValue::from_static("loa_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
}

pub(super) async fn login<S: Console>(
    State(app): State<Arc<S>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let creds: Login = body(&bytes, lang_of(&headers))?;
    let (account, id, session) =
        sign_in(app.core(), peer.ip(), &headers, &creds.user, creds.password).await?;
    let mut r = axum::Json(json!({
        "user": account.name,
        "role": account.role,
        "csrf": session.csrf,
    }))
    .into_response();
    if let Some(v) = session_cookie(app.core(), &headers, &id) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(r)
}

pub(super) async fn logout<S: Console>(State(app): State<Arc<S>>, caller: Caller) -> Response {
    if let Ok(mut s) = app.core().sessions.lock() {
        s.close(&caller.session);
    }
    tracing::info!(user = %caller.name, "logout");
    let mut r = axum::Json(
        json!({ "response": "ok", "message": with_lang(caller.lang, || t!("web-logged-out")) }),
    )
    .into_response();
    r.headers_mut()
        .insert(header::SET_COOKIE, no_session_cookie());
    r
}
