//! The now page: what plays with its progress, the queue, the next broadcasts, the amplifier,
//! clock, feed and last error (the panel, fetched again by `loa.js` on every status event);
//! for an operator, a large button per emergency preset with a confirmation step, stop, pause
//! until, resume, and play an announcement now.

use std::sync::Arc;

use axum::extract::{Form, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::Value;

use super::{Html, Page, Token, answered, is_operator, layout, lines, refused};
use crate::control::access::Action;
use crate::control::protocol::{Request, Response as Answer};
use crate::i18n::with_lang;
use crate::t;
use crate::web::App;
use crate::web::api::ask;
use crate::web::login::Caller;

fn text<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

/// "05:30" of an RFC 3339 time, or the date and time when it is not today.
fn when(at: &str, today: &str) -> String {
    match (at.get(0..10), at.get(11..16)) {
        (Some(d), Some(hm)) if d == today => hm.to_string(),
        (Some(d), Some(hm)) => format!(
            "{hm} {}/{}",
            d.get(8..10).unwrap_or(""),
            d.get(5..7).unwrap_or("")
        ),
        _ => at.to_string(),
    }
}

async fn status(app: &App, caller: &Caller) -> Value {
    match ask(app, caller, Request::Status).await {
        Ok(Answer::Status(v)) => *v,
        _ => Value::Null,
    }
}

/// The live part of the page.
fn panel_markup(s: &Value) -> Markup {
    let today = text(s, "now").get(0..10).unwrap_or("").to_string();
    let playing = s.get("playing").filter(|p| !p.is_null());
    html! {
        @if s.is_null() {
            p.warn { (t!("web-daemon-gone")) }
        } @else {
            @if let Some(p) = playing {
                p.playing {
                    (t!("page-now-playing")) " "
                    span { (text(p, "title")) }
                    " (" (text(p, "id")) ")"
                }
                p {
                    (t!("history-source", value = text(p, "source"))) " · "
                    span data-started=(text(p, "started")) {
                        (crate::audio::probe::mmss(p.get("progress_seconds").and_then(Value::as_f64).unwrap_or(0.0)))
                    }
                }
            } @else {
                p.playing { (t!("page-now-nothing")) }
            }
            @if s.get("paused").and_then(Value::as_bool).unwrap_or(false) {
                p.warn {
                    (t!("page-now-paused"))
                    @if let Some(u) = s.get("paused_until").and_then(Value::as_str) { " " (t!("page-now-until", when = when(u, &today))) }
                }
            }
            @if let Some(q) = s.get("queue").and_then(Value::as_array).filter(|q| !q.is_empty()) {
                h2 { (t!("page-now-queue")) }
                ul { @for b in q { li { (text(b, "title")) " (" (text(b, "id")) ")" } } }
            }
            h2 { (t!("page-now-next")) }
            @match s.get("next").and_then(Value::as_array).filter(|n| !n.is_empty()) {
                Some(next) => ul { @for b in next.iter().take(5) { li { strong { (when(text(b, "at"), &today)) } " " (text(b, "title")) " (" (text(b, "id")) ")" } } },
                None => p.muted { (t!("page-now-no-next")) },
            }
            dl.facts {
                dt { (t!("page-now-output")) }
                dd { (text(&s["output"], "name")) " · " (t!("page-state", state = text(&s["output"], "state"))) }
                @if let Some(a) = s.get("amplifier").filter(|a| !a.is_null()) {
                    dt { (t!("page-now-amplifier")) } dd { (t!("page-state", state = text(a, "state"))) }
                }
                dt { (t!("page-now-clock")) }
                dd { (text(s, "now").get(11..16).unwrap_or("")) " · " (if s["clock"]["synced"] == true { t!("page-now-clock-synced") } else { t!("page-now-clock-not-synced") }) }
                @if let Some(f) = s.get("feed").filter(|f| !f.is_null()) {
                    dt { (t!("page-now-feed")) } dd { (t!("page-state", state = text(f, "state"))) }
                }
                @if let Some(e) = s.get("last_error").and_then(Value::as_str) {
                    dt { (t!("page-now-last-error")) } dd.warn { (lines(e)) }
                }
            }
        }
    }
}

pub(in crate::web) async fn page(
    State(app): State<Arc<App>>,
    Page(caller): Page,
    headers: HeaderMap,
) -> Response {
    let s = status(&app, &caller).await;
    let schedule = app.links.schedule.borrow().clone();
    let body = with_lang(caller.lang, || {
        html! {
            // The storm warning first: on a phone it must not need scrolling to.
            @if is_operator(&caller) && !schedule.emergencies.is_empty() {
                h2 { (t!("page-now-emergency")) }
                @for e in &schedule.emergencies {
                    form method="get" action="/now/confirm" {
                        input type="hidden" name="id" value=(e.id);
                        button.emergency type="submit" { "⚠ " (e.title) }
                    }
                }
            }
            section #now-panel.panel aria-live="polite" { (panel_markup(&s)) }
            @if is_operator(&caller) {
                h2 { (t!("page-now-controls")) }
                form.inline method="post" action="/now/stop" {
                    input type="hidden" name="csrf" value=(caller.csrf);
                    button.primary type="submit" { (t!("page-now-stop")) }
                }
                @if s.get("paused").and_then(Value::as_bool).unwrap_or(false) {
                    form.inline method="post" action="/now/resume" {
                        input type="hidden" name="csrf" value=(caller.csrf);
                        button type="submit" { (t!("page-now-resume")) }
                    }
                } @else {
                    form.inline method="post" action="/now/pause" {
                        input type="hidden" name="csrf" value=(caller.csrf);
                        div {
                            label for="until" { (t!("page-now-pause-until")) }
                            input #until name="until" placeholder="18:00, 2h";
                        }
                        button type="submit" { (t!("page-now-pause")) }
                    }
                }
                @if !schedule.announcements.is_empty() {
                    form.inline method="post" action="/now/play" {
                        input type="hidden" name="csrf" value=(caller.csrf);
                        div {
                            label for="target" { (t!("page-now-play-label")) }
                            select #target name="target" {
                                @for a in &schedule.announcements { option value=(a.id) { (a.title) " (" (a.id) ")" } }
                            }
                        }
                        button type="submit" { (t!("page-now-play")) }
                    }
                }
                (super::speech::form(&caller.csrf, ""))
            }
        }
    });
    let title = with_lang(caller.lang, || t!("page-now"));
    layout(&caller, &headers, &schedule.station.name, &title, "/", body)
}

/// The panel alone, for `loa.js`.
pub(in crate::web) async fn panel(State(app): State<Arc<App>>, Page(caller): Page) -> Response {
    let s = status(&app, &caller).await;
    Html(with_lang(caller.lang, || panel_markup(&s))).into_response()
}

#[derive(Deserialize)]
pub(in crate::web) struct Preset {
    id: String,
}

/// The confirmation step of an emergency: the preset named, one button that plays it.
pub(in crate::web) async fn confirm(
    State(app): State<Arc<App>>,
    Page(caller): Page,
    headers: HeaderMap,
    Query(p): Query<Preset>,
) -> Response {
    let schedule = app.links.schedule.borrow().clone();
    let preset = schedule.emergencies.iter().find(|e| e.id == p.id);
    // A viewer who opens the link is told at once, not after pressing.
    let denied = caller.may(Action::Control).err();
    let body = with_lang(caller.lang, || {
        html! {
            @if let Some(e) = &denied {
                p.warn { (e.message()) }
            } @else {
            @match preset {
                Some(e) => div.confirm {
                    p.playing { (t!("page-confirm-question", title = e.title.as_str())) }
                    form method="post" action="/now/emergency" {
                        input type="hidden" name="csrf" value=(caller.csrf);
                        input type="hidden" name="id" value=(e.id);
                        button.emergency type="submit" { (t!("page-confirm-yes")) }
                    }
                    a.button href="/" { (t!("page-confirm-no")) }
                },
                None => p.warn { (t!("page-confirm-unknown", id = p.id.as_str())) },
            }
            }
        }
    });
    let title = with_lang(caller.lang, || t!("page-confirm"));
    layout(&caller, &headers, &schedule.station.name, &title, "/", body)
}

#[derive(Deserialize)]
pub(in crate::web) struct EmergencyForm {
    csrf: Option<String>,
    id: String,
}

pub(in crate::web) async fn emergency(
    State(app): State<Arc<App>>,
    Page(caller): Page,
    Form(f): Form<EmergencyForm>,
) -> Response {
    if let Some(r) = refused(&caller, f.csrf.as_deref(), Action::Control) {
        return r;
    }
    let r = Request::Play {
        target: f.id,
        emergency: true,
        repeat: None,
        volume: None,
        for_seconds: None,
        again: false,
        text: None,
        sound: None,
    };
    answered("/", ask(&app, &caller, r).await)
}

#[derive(Deserialize)]
pub(in crate::web) struct PlayForm {
    csrf: Option<String>,
    target: String,
}

pub(in crate::web) async fn play(
    State(app): State<Arc<App>>,
    Page(caller): Page,
    Form(f): Form<PlayForm>,
) -> Response {
    if let Some(r) = refused(&caller, f.csrf.as_deref(), Action::Control) {
        return r;
    }
    let r = Request::Play {
        target: f.target,
        emergency: false,
        repeat: None,
        volume: None,
        for_seconds: None,
        again: false,
        text: None,
        sound: None,
    };
    answered("/", ask(&app, &caller, r).await)
}

pub(in crate::web) async fn stop(
    State(app): State<Arc<App>>,
    Page(caller): Page,
    Form(t): Form<Token>,
) -> Response {
    if let Some(r) = refused(&caller, t.csrf.as_deref(), Action::Control) {
        return r;
    }
    answered("/", ask(&app, &caller, Request::Stop).await)
}

#[derive(Deserialize)]
pub(in crate::web) struct PauseForm {
    csrf: Option<String>,
    until: Option<String>,
}

impl PauseForm {
    /// The socket's request: until the time typed, if one was.
    pub(in crate::web) fn request(self) -> Request {
        let until = self
            .until
            .map(|u| u.trim().to_string())
            .filter(|u| !u.is_empty());
        Request::Pause { until }
    }
}

pub(in crate::web) async fn pause(
    State(app): State<Arc<App>>,
    Page(caller): Page,
    Form(f): Form<PauseForm>,
) -> Response {
    if let Some(r) = refused(&caller, f.csrf.as_deref(), Action::Control) {
        return r;
    }
    answered("/", ask(&app, &caller, f.request()).await)
}

pub(in crate::web) async fn resume(
    State(app): State<Arc<App>>,
    Page(caller): Page,
    Form(t): Form<Token>,
) -> Response {
    if let Some(r) = refused(&caller, t.csrf.as_deref(), Action::Control) {
        return r;
    }
    answered("/", ask(&app, &caller, Request::Resume).await)
}
