//! The console's pages (spec §11), server-rendered with maud, Vietnamese first (English by
//! `Accept-Language` or the switch in the header), usable on a 360-pixel phone and without
//! JavaScript: every action is a form that posts to a page route, which hands the same request
//! to the shell as the API does and comes back to the page with what the shell answered.
//! `loa.js` only keeps the now page current.
//!
//! One file per page family: `now` (status, emergency, stop, pause, play), `programme` (the
//! coming days), `history`.

mod accounts;
mod bulletins;
mod history;
mod live;
pub(super) mod now;
mod programme;
mod recordings;
mod schedule;
pub(super) mod speech;
mod versions;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{ConnectInfo, Form, FromRequestParts, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use base64::Engine;
use maud::{DOCTYPE, Markup, html};
use serde::Deserialize;

use super::http::{ApiError, LANG_COOKIE, cookie, lang_of};
use super::login::{Caller, no_session_cookie, session_cookie, sign_in};
use super::{App, Console};
use crate::control::access::{Action, Role};
use crate::control::protocol::Response as Answer;
use crate::i18n::{Lang, with_lang};
use crate::t;

const CSS: &str = include_str!("../assets/loa.css");
const JS: &str = include_str!("../assets/loa.js");
const LIVE_JS: &str = include_str!("../assets/live.js");
const LIVE_WORKLET: &str = include_str!("../assets/live-worklet.js");
const FLASH_COOKIE: &str = "loa_flash";

pub(super) fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/", get(now::page))
        .route("/now/panel", get(now::panel))
        .route("/now/confirm", get(now::confirm))
        .route("/now/emergency", post(now::emergency))
        .route("/now/play", post(now::play))
        .route("/now/stop", post(now::stop))
        .route("/now/pause", post(now::pause))
        .route("/now/resume", post(now::resume))
        .route("/now/text", post(speech::text))
        .route("/now/sound/{name}", get(speech::sound))
        .route("/programme", get(programme::page))
        .route("/live", get(live::page))
        .route("/history/live/{name}", get(live::recording))
        .route("/history", get(history::page))
        .route("/bulletins", get(bulletins::page))
        .route("/bulletins/accept", post(bulletins::accept))
        .route("/bulletins/reject", post(bulletins::reject))
        .route("/recordings", get(recordings::page))
        .route(
            "/recordings/upload",
            post(recordings::upload).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route("/recordings/delete", post(recordings::delete))
        .route("/schedule", get(schedule::page))
        .route(
            "/schedule/edit",
            get(schedule::edit_page).post(schedule::edit_form),
        )
        .route("/schedule/delete", post(schedule::delete_form))
        .route(
            "/schedule/raw",
            get(schedule::raw_page).post(schedule::raw_form),
        )
        .route("/schedule/versions", get(versions::list))
        .route("/schedule/versions/{n}", get(versions::one))
        .route("/schedule/versions/{n}/restore", post(versions::restore))
        .route("/schedule/versions/{n}/approve", post(versions::approve))
        .route("/schedule/versions/{n}/reject", post(versions::reject))
        .merge(shared::<App>())
        .route(
            "/assets/loa.js",
            get(|| asset(JS, "text/javascript; charset=utf-8")),
        )
        .route(
            "/assets/live.js",
            get(|| asset(LIVE_JS, "text/javascript; charset=utf-8")),
        )
        .route(
            "/assets/live-worklet.js",
            get(|| asset(LIVE_WORKLET, "text/javascript; charset=utf-8")),
        )
}

/// The routes every console has, the station's and the province's: the login, the logout, the
/// language switch, the style sheet.
pub(super) fn shared<S: Console>() -> Router<Arc<S>> {
    Router::new()
        .route("/login", get(login_page::<S>).post(login_form::<S>))
        .route("/logout", post(logout_form::<S>))
        .route("/lang", post(switch_lang))
        .route("/accounts", get(accounts::page::<S>))
        .route("/accounts/add", post(accounts::add::<S>))
        .route("/accounts/passwd", post(accounts::passwd::<S>))
        .route("/accounts/remove", post(accounts::remove::<S>))
        .route(
            "/assets/loa.css",
            get(|| asset(CSS, "text/css; charset=utf-8")),
        )
}

async fn asset(body: &'static str, kind: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// A page's caller; without a session, the login page.
pub(super) struct Page(pub Caller);

impl<S: Console> FromRequestParts<Arc<S>> for Page {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<S>) -> Result<Page, Response> {
        Caller::identify(parts, app.core()).map(Page).map_err(|_| {
            // Back to the page asked for after the login (a bookmark of /live, in a storm).
            let next = (parts.method == axum::http::Method::GET)
                .then(|| parts.uri.path())
                .and_then(safe_next);
            Redirect::to(&login_url(next)).into_response()
        })
    }
}

/// A page to go on to after the login: a path of this console only (`/live`), never another
/// site's (`//evil.example`, `/\evil.example`), nor `/` (where a login goes anyway).
fn safe_next(path: &str) -> Option<&str> {
    let ok = path.len() > 1
        && path.len() <= 200
        && path.starts_with('/')
        && !path.starts_with("//")
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/-_.".contains(&b))
        && !path.contains("..");
    ok.then_some(path)
}

fn login_url(next: Option<&str>) -> String {
    match next {
        Some(n) => format!("/login?next={n}"),
        None => "/login".to_string(),
    }
}

/// What the last action answered, shown once on the next page.
#[derive(serde::Serialize, Deserialize)]
pub(super) struct Flash {
    ok: bool,
    text: String,
}

fn flash_of(headers: &HeaderMap) -> Option<Flash> {
    let raw = cookie(headers, FLASH_COOKIE)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(raw)
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Back to `to` with the shell's answer to show there.
pub(super) fn back(to: &str, ok: bool, text: String) -> Response {
    let json = serde_json::to_vec(&Flash { ok, text }).unwrap_or_default();
    let value = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json);
    let mut r = Redirect::to(to).into_response();
    let c = format!("{FLASH_COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=60");
    if let Ok(v) = HeaderValue::from_str(&c) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

/// Back to `to` with what the shell answered.
pub(super) fn answered(to: &str, a: Result<Answer, ApiError>) -> Response {
    match a {
        Ok(Answer::Ok { message }) => back(to, true, message),
        Ok(Answer::Error {
            message, details, ..
        }) => {
            let mut text = message;
            for d in details {
                text.push('\n');
                text.push_str(&d);
            }
            back(to, false, text)
        }
        Ok(_) => back(to, true, String::new()),
        Err(e) => back(to, false, e.message().to_string()),
    }
}

/// The page `body` in the layout: header with the station, the menu, the language switch and
/// logout; the flash of the last action.
pub(super) fn layout(
    caller: &Caller,
    headers: &HeaderMap,
    station: &str,
    title: &str,
    active: &str,
    body: Markup,
) -> Response {
    const ITEMS: [(&str, &str); 7] = [
        ("/", "page-now"),
        ("/programme", "page-programme"),
        ("/live", "page-live"),
        ("/schedule", "page-schedule"),
        ("/recordings", "page-recordings"),
        ("/history", "page-history"),
        ("/bulletins", "page-bulletins"),
    ];
    let site = Site {
        name: station,
        items: &ITEMS,
        script: "/assets/loa.js",
    };
    layout_of(&site, caller, headers, title, active, body)
}

/// What a console's pages share: its name in the header, its menu (path, catalogue key), its
/// script.
pub(super) struct Site<'a> {
    pub name: &'a str,
    pub items: &'a [(&'a str, &'a str)],
    pub script: &'static str,
}

/// A page of any console: the header with the menu, the language switch and the logout, the
/// flash of the last action, the title, the body.
pub(super) fn layout_of(
    site: &Site<'_>,
    caller: &Caller,
    headers: &HeaderMap,
    title: &str,
    active: &str,
    body: Markup,
) -> Response {
    let flash = flash_of(headers);
    let lang = caller.lang;
    let (station, items) = (site.name, site.items);
    let markup = with_lang(lang, || {
        html! {
            (DOCTYPE)
            html lang=(if lang == Lang::Vi { "vi" } else { "en" }) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) " — " (station) }
                    link rel="stylesheet" href="/assets/loa.css";
                    script src=(site.script) defer {}
                }
                body {
                    header {
                        span.station { (station) }
                        nav aria-label=(t!("page-menu")) {
                            ul {
                                @for (href, key) in items {
                                    li { a href=(href) aria-current=[(active == *href).then_some("page")] { (crate::i18n::message(key, &[])) } }
                                }
                                @if caller.role == Role::Admin {
                                    li { a href="/accounts" aria-current=[(active == "/accounts").then_some("page")] { (t!("page-accounts")) } }
                                }
                            }
                        }
                        form.inline method="post" action="/lang" {
                            input type="hidden" name="lang" value=(if lang == Lang::Vi { "en" } else { "vi" });
                            button.link type="submit" lang=(if lang == Lang::Vi { "en" } else { "vi" }) { (if lang == Lang::Vi { "English" } else { "Tiếng Việt" }) }
                        }
                        form.inline method="post" action="/logout" {
                            input type="hidden" name="csrf" value=(caller.csrf);
                            button.link type="submit" { (t!("page-logout", user = caller.name.as_str())) }
                        }
                    }
                    main {
                        @if let Some(f) = &flash {
                            div.flash.error[!f.ok] role="status" {
                                @for (i, line) in f.text.lines().enumerate() {
                                    @if i > 0 { br; }
                                    (line)
                                }
                            }
                        }
                        h1 { (title) }
                        (body)
                    }
                }
            }
        }
    });
    let mut r = Html(markup).into_response();
    if flash.is_some() {
        let gone = format!("{FLASH_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        if let Ok(v) = HeaderValue::from_str(&gone) {
            r.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    r
}

/// A rendered page.
pub(super) struct Html(pub Markup);

impl IntoResponse for Html {
    fn into_response(self) -> Response {
        (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            self.0.into_string(),
        )
            .into_response()
    }
}

/// A form's CSRF token (every form of the console carries one).
#[derive(Deserialize)]
pub(super) struct Token {
    pub csrf: Option<String>,
}

/// Why the form may not act, as the page to go back to: its token is not the session's, or its
/// caller's role does not allow `action`. None: it may.
pub(super) fn refused(caller: &Caller, csrf: Option<&str>, action: Action) -> Option<Response> {
    caller
        .check_token(csrf, "a form")
        .and_then(|()| caller.may(action))
        .err()
        .map(|e| back("/", false, e.message().to_string()))
}

pub(super) fn is_operator(c: &Caller) -> bool {
    c.role >= Role::Operator
}

#[derive(Deserialize)]
struct LoginQuery {
    failed: Option<String>,
    next: Option<String>,
}

async fn login_page<S: Console>(
    State(app): State<Arc<S>>,
    headers: HeaderMap,
    Query(q): Query<LoginQuery>,
) -> Response {
    let heading = app.login_title();
    let lang = lang_of(&headers);
    let flash = flash_of(&headers);
    let markup = with_lang(lang, || {
        html! {
            (DOCTYPE)
            html lang=(if lang == Lang::Vi { "vi" } else { "en" }) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (crate::i18n::message(heading, &[])) " — loa" }
                    link rel="stylesheet" href="/assets/loa.css";
                }
                body {
                    main.login {
                        h1 { (crate::i18n::message(heading, &[])) }
                        @if let Some(f) = &flash {
                            div.flash.error[!f.ok] role="alert" { (f.text) }
                        } @else if q.failed.is_some() {
                            div.flash.error role="alert" { (t!("web-login-failed")) }
                        }
                        form method="post" action="/login" {
                            @if let Some(n) = q.next.as_deref().and_then(safe_next) {
                                input type="hidden" name="next" value=(n);
                            }
                            label for="user" { (t!("page-login-user")) }
                            input #user name="user" autocomplete="username" autocapitalize="none" required;
                            label for="password" { (t!("page-login-password")) }
                            input #password name="password" type="password" autocomplete="current-password" required;
                            button.primary type="submit" { (t!("page-login-submit")) }
                        }
                    }
                }
            }
        }
    });
    let mut r = Html(markup).into_response();
    if flash.is_some() {
        let gone = format!("{FLASH_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        if let Ok(v) = HeaderValue::from_str(&gone) {
            r.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    r
}

#[derive(Deserialize)]
struct LoginForm {
    user: String,
    password: String,
    next: Option<String>,
}

async fn login_form<S: Console>(
    State(app): State<Arc<S>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Response {
    let next = f.next.as_deref().and_then(safe_next).map(str::to_string);
    match sign_in(app.core(), peer.ip(), &headers, f.user.trim(), f.password).await {
        Ok((_, id, _)) => {
            let mut r = Redirect::to(next.as_deref().unwrap_or("/")).into_response();
            if let Some(v) = session_cookie(app.core(), &headers, &id) {
                r.headers_mut().insert(header::SET_COOKIE, v);
            }
            r
        }
        Err(e) => {
            let status = e.status();
            let mut r = back(&login_url(next.as_deref()), false, e.message().to_string());
            if status == StatusCode::TOO_MANY_REQUESTS
                && let Some(after) = e.retry_after
                && let Ok(v) = HeaderValue::from_str(&after.to_string())
            {
                r.headers_mut().insert(header::RETRY_AFTER, v);
            }
            r
        }
    }
}

async fn logout_form<S: Console>(
    State(app): State<Arc<S>>,
    Page(caller): Page,
    Form(t): Form<Token>,
) -> Response {
    if caller.check_token(t.csrf.as_deref(), "logout").is_err() {
        return Redirect::to("/").into_response();
    }
    if let Ok(mut s) = app.core().sessions.lock() {
        s.close(&caller.session);
    }
    tracing::info!(user = %caller.name, "logout");
    let mut r = Redirect::to("/login").into_response();
    r.headers_mut()
        .insert(header::SET_COOKIE, no_session_cookie());
    r
}

#[derive(Deserialize)]
struct LangForm {
    lang: String,
}

/// The header's language switch: a cookie the pages and the API read before `Accept-Language`.
async fn switch_lang(headers: HeaderMap, Form(f): Form<LangForm>) -> Response {
    let lang = if f.lang == "en" { "en" } else { "vi" };
    let to = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| url::Url::parse(r).ok())
        .map(|u| u.path().to_string())
        .filter(|p| p.starts_with('/') && !p.starts_with("//"))
        .unwrap_or_else(|| "/".into());
    let mut r = Redirect::to(&to).into_response();
    let c = format!("{LANG_COOKIE}={lang}; Path=/; SameSite=Strict; Max-Age=31536000");
    if let Ok(v) = HeaderValue::from_str(&c) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

/// Text with line breaks kept (a reason, an error).
pub(super) fn lines(text: &str) -> Markup {
    html! {
        @for (i, line) in text.lines().enumerate() {
            @if i > 0 { br; }
            (line)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn a_login_goes_on_only_to_a_page_of_this_console() {
        assert_eq!(safe_next("/live"), Some("/live"));
        assert_eq!(safe_next("/history/2026-12"), Some("/history/2026-12"));
        for bad in [
            "/",
            "",
            "live",
            "//evil.example",
            "/\\evil.example",
            "https://evil.example/",
            "/../etc",
            "/live?x=1",
            "/li ve",
            "/ô",
        ] {
            assert_eq!(safe_next(bad), None, "{bad}");
        }
    }
}
