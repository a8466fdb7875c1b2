//! The schedule pages: every announcement as a card; a form to add, edit, disable or delete one
//! (days as T2…CN boxes, times, the date window, recordings picked from those in `audio_dir`),
//! written into the file by [`crate::schedule::form`] keeping its comments and order; a raw
//! editor for the rest. Every save is [`crate::schedule::edit::Edit::save`]: checked exactly as
//! `loa check` checks the file, errors shown with their lines, a refused save changing nothing,
//! a proposal under `approve = true` for an operator.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use chrono::Weekday;
use maud::{Markup, html};
use serde::Deserialize;

use super::{Page, back, is_operator, layout, refused};
use crate::control::access::{Action, Role};
use crate::control::protocol::Request;
use crate::diagnostic::Diagnostic;
use crate::i18n::with_lang;
use crate::schedule::edit::Saved;
use crate::schedule::form::{self, AnnouncementForm, field, pairs};
use crate::schedule::{Rule, Schedule, hm};
use crate::t;
use crate::web::App;
use crate::web::api::ask;
use crate::web::login::Caller;
use crate::web::schedule::editing;

const DAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];
const DAY_SHORT: [&str; 7] = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"];

/// "dòng 12, cột 6: …" for each error.
fn error_lines(errors: &[Diagnostic]) -> String {
    errors
        .iter()
        .map(|e| match (e.line, e.column) {
            (Some(l), Some(c)) => t!(
                "page-schedule-at",
                line = l,
                column = c,
                message = e.message.as_str()
            ),
            _ => e.message.clone(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Saves `text` over the file read with `tag`, then has the daemon load it; what happened, as
/// the flash of the schedule page (errors: with their lines).
async fn save(
    app: &Arc<App>,
    caller: &Caller,
    text: String,
    tag: String,
) -> Result<String, String> {
    let propose =
        app.settings.lock().map(|s| s.approve).unwrap_or(true) && caller.role < Role::Admin;
    let saved = editing(app, caller, move |e| e.save(&text, &tag, propose)).await;
    let lang = caller.lang;
    match saved {
        Ok(Ok(Saved::Written(n))) => {
            let _ = ask(app, caller, Request::Reload).await;
            tracing::info!(user = %caller.name, version = n, "schedule saved from the console");
            Ok(with_lang(lang, || t!("page-schedule-saved", n = n)))
        }
        Ok(Ok(Saved::Proposed(n))) => {
            tracing::info!(user = %caller.name, proposal = n, "schedule change proposed from the console");
            Ok(with_lang(lang, || t!("page-schedule-proposed", n = n)))
        }
        Ok(Ok(Saved::Invalid { errors, .. })) => Err(with_lang(lang, || {
            format!("{}\n{}", t!("page-schedule-refused"), error_lines(&errors))
        })),
        Ok(Ok(Saved::Changed)) => Err(with_lang(lang, || t!("web-schedule-changed"))),
        Ok(Err(e)) => Err(e.to_string()),
        Err(e) => Err(e.message().to_string()),
    }
}

fn days_text(rule: &Rule) -> String {
    match rule {
        Rule::At { days, .. } => DAYS
            .iter()
            .zip(DAY_SHORT)
            .filter(|(d, _)| days.contains(**d))
            .map(|(_, s)| s)
            .collect::<Vec<_>>()
            .join(" "),
        Rule::Cron(c) => t!("page-schedule-cron-rule", expr = c.expr.as_str()),
    }
}

/// The times a card shows. A cron rule due every few seconds has 17,280 a day (they made the
/// page 170 KB); past the first [`TIMES_SHOWN`], how many more.
const TIMES_SHOWN: usize = 24;

fn times_text(rule: &Rule) -> String {
    let times = rule.times();
    let shown = times.iter().take(TIMES_SHOWN).map(|t| hm(*t));
    let mut text = shown.collect::<Vec<_>>().join(", ");
    if times.len() > TIMES_SHOWN {
        text += &t!("page-schedule-times-more", n = times.len() - TIMES_SHOWN);
    }
    text
}

fn cards(s: &Schedule, operator: bool) -> Markup {
    html! {
        @for a in &s.announcements {
            article.panel {
                h2 { (a.title) " " span.muted { "(" (a.id) ")" } }
                dl.facts {
                    dt { (t!("page-schedule-times")) } dd { (times_text(&a.rule)) }
                    dt { (t!("page-schedule-days")) } dd { (days_text(&a.rule)) }
                    @if a.from.is_some() || a.until.is_some() {
                        dt { (t!("page-schedule-window")) }
                        dd { (a.from.map(|d| d.to_string()).unwrap_or_default()) " – " (a.until.map(|d| d.to_string()).unwrap_or_default()) }
                    }
                    dt { (t!("page-schedule-files")) } dd { (a.files.iter().map(|f| f.written.as_str()).collect::<Vec<_>>().join(", ")) }
                    @if !a.enabled { dt { (t!("page-schedule-state")) } dd.warn { (t!("page-schedule-disabled")) } }
                }
                @if operator { p { a.button href=(format!("/schedule/edit?id={}", url::form_urlencoded::byte_serialize(a.id.as_bytes()).collect::<String>())) { (t!("page-schedule-edit")) } } }
            }
        }
    }
}

pub(in crate::web) async fn page(
    State(app): State<Arc<App>>,
    Page(caller): Page,
    headers: HeaderMap,
) -> Response {
    let s = app.links.schedule.borrow().clone();
    let body = with_lang(caller.lang, || {
        html! {
            @if is_operator(&caller) {
                p {
                    a.button.primary href="/schedule/edit" { (t!("page-schedule-add")) } " "
                    a.button href="/schedule/raw" { (t!("page-schedule-raw")) }
                }
            }
            p { a href="/schedule/versions" { (t!("page-versions")) } }
            (cards(&s, is_operator(&caller)))
        }
    });
    let title = with_lang(caller.lang, || t!("page-schedule"));
    layout(
        &caller,
        &headers,
        &s.station.name,
        &title,
        "/schedule",
        body,
    )
}

#[derive(Deserialize)]
pub(in crate::web) struct Which {
    id: Option<String>,
}

/// The recordings a form may pick: the audio files in `audio_dir`, by name.
fn recordings(s: &Schedule) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(&s.station.audio_dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| crate::audio::library::clean_name(n).is_ok())
        .collect();
    names.sort();
    names
}

pub(in crate::web) async fn edit_page(
    State(app): State<Arc<App>>,
    Page(caller): Page,
    headers: HeaderMap,
    Query(w): Query<Which>,
) -> Response {
    if let Err(e) = caller.may(Action::EditSchedule) {
        return back("/schedule", false, e.message().to_string());
    }
    let s = app.links.schedule.borrow().clone();
    let tag = match editing(&app, &caller, |e| e.current()).await {
        Ok(Ok((_, tag))) => tag,
        _ => String::new(),
    };
    let a =
        w.id.as_deref()
            .and_then(|id| s.announcements.iter().find(|a| a.id == id));
    let files = recordings(&s);
    let body = with_lang(caller.lang, || {
        let chosen: Vec<&str> = a
            .map(|a| a.files.iter().map(|f| f.written.as_str()).collect())
            .unwrap_or_default();
        let times = a
            .filter(|a| !matches!(a.rule, Rule::Cron(_))) // a cron rule's are not edited here
            .map(|a| {
                a.rule
                    .times()
                    .iter()
                    .map(|t| hm(*t))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        let cron = a.is_some_and(|a| matches!(a.rule, Rule::Cron(_)));
        html! {
            form method="post" action="/schedule/edit" {
                input type="hidden" name="csrf" value=(caller.csrf);
                input type="hidden" name="tag" value=(tag);
                input type="hidden" name="new" value=(if a.is_none() { "1" } else { "" });
                label for="id" { (t!("page-schedule-id")) }
                @if let Some(a) = a {
                    input #id name="id" value=(a.id) readonly;
                } @else {
                    input #id name="id" required pattern="[a-z0-9][a-z0-9-]*" placeholder="ban-tin-toi";
                }
                label for="title" { (t!("page-schedule-title")) }
                input #title name="title" value=(a.map(|a| a.title.as_str()).unwrap_or("")) required;
                @if cron {
                    p.muted { (t!("page-schedule-cron")) }
                } @else {
                    label for="times" { (t!("page-schedule-times")) }
                    input #times name="times" value=(times) placeholder="05:30, 17:00" required;
                    fieldset {
                        legend { (t!("page-schedule-days")) }
                        @for (i, d) in DAYS.iter().enumerate() {
                            @let on = a.is_none_or(|a| match &a.rule { Rule::At { days, .. } => days.contains(*d), Rule::Cron(_) => true });
                            label { input type="checkbox" name="day" value=(i) checked[on]; " " (DAY_SHORT[i]) }
                        }
                    }
                }
                label for="from" { (t!("page-schedule-from")) }
                input #from name="from" type="date" value=(a.and_then(|a| a.from).map(|d| d.to_string()).unwrap_or_default());
                label for="until" { (t!("page-schedule-until")) }
                input #until name="until" type="date" value=(a.and_then(|a| a.until).map(|d| d.to_string()).unwrap_or_default());
                @if a.is_some_and(|a| a.speech.is_some()) {
                    p.muted { (t!("page-schedule-text")) }
                } @else {
                    fieldset {
                        legend { (t!("page-schedule-files")) }
                        @for f in &files {
                            label { input type="checkbox" name="file" value=(f) checked[chosen.contains(&f.as_str())]; " " (f) }
                        }
                    }
                }
                label { input type="checkbox" name="enabled" value="1" checked[a.is_none_or(|a| a.enabled)]; " " (t!("page-schedule-enabled")) }
                p { button.primary type="submit" { (t!("page-schedule-save")) } }
            }
            @if let Some(a) = a {
                form method="post" action="/schedule/delete" {
                    input type="hidden" name="csrf" value=(caller.csrf);
                    input type="hidden" name="tag" value=(tag);
                    input type="hidden" name="id" value=(a.id);
                    button type="submit" { (t!("page-schedule-delete")) }
                }
            }
        }
    });
    let title = with_lang(caller.lang, || match a {
        Some(a) => t!("page-schedule-editing", title = a.title.as_str()),
        None => t!("page-schedule-add"),
    });
    layout(
        &caller,
        &headers,
        &s.station.name,
        &title,
        "/schedule",
        body,
    )
}

pub(in crate::web) async fn edit_form(
    State(app): State<Arc<App>>,
    Page(caller): Page,
    bytes: Bytes,
) -> Response {
    let p = pairs(&bytes);
    if let Some(r) = refused(&caller, field(&p, "csrf"), Action::EditSchedule) {
        return r;
    }
    let f = AnnouncementForm::of_pairs(&p);
    let new = field(&p, "new") == Some("1");
    let tag = field(&p, "tag").unwrap_or("").to_string();
    let lang = caller.lang;
    let text = match editing(&app, &caller, |e| e.current()).await {
        Ok(Ok((text, _))) => text,
        _ => {
            return back(
                "/schedule",
                false,
                with_lang(lang, || t!("web-daemon-gone")),
            );
        }
    };
    let again = format!(
        "/schedule/edit?id={}",
        url::form_urlencoded::byte_serialize(f.id.as_bytes()).collect::<String>()
    );
    let changed = match with_lang(lang, || form::apply(&text, &f, new)) {
        Ok(t) => t,
        Err(why) => return back(if new { "/schedule/edit" } else { &again }, false, why),
    };
    match save(&app, &caller, changed, tag).await {
        Ok(said) => back("/schedule", true, said),
        Err(why) => back(if new { "/schedule/edit" } else { &again }, false, why),
    }
}

pub(in crate::web) async fn delete_form(
    State(app): State<Arc<App>>,
    Page(caller): Page,
    bytes: Bytes,
) -> Response {
    let p = pairs(&bytes);
    if let Some(r) = refused(&caller, field(&p, "csrf"), Action::EditSchedule) {
        return r;
    }
    let id = field(&p, "id").unwrap_or("").to_string();
    let tag = field(&p, "tag").unwrap_or("").to_string();
    let lang = caller.lang;
    let text = match editing(&app, &caller, |e| e.current()).await {
        Ok(Ok((text, _))) => text,
        _ => {
            return back(
                "/schedule",
                false,
                with_lang(lang, || t!("web-daemon-gone")),
            );
        }
    };
    let changed = match with_lang(lang, || form::remove(&text, &id)) {
        Ok(t) => t,
        Err(why) => return back("/schedule", false, why),
    };
    match save(&app, &caller, changed, tag).await {
        Ok(said) => back("/schedule", true, said),
        Err(why) => back("/schedule", false, why),
    }
}

fn raw_body(caller: &Caller, text: &str, tag: &str, errors: &[Diagnostic]) -> Markup {
    html! {
        @if !errors.is_empty() {
            div.flash.error role="alert" {
                p { (t!("page-schedule-refused")) }
                ul { @for e in errors {
                    li { @if let (Some(l), Some(c)) = (e.line, e.column) { a href=(format!("#line-{l}")) { (t!("page-schedule-line", line = l, column = c)) } ": " } (e.message)
                        @if let Some(h) = &e.help { br; span.muted { (h) } } }
                } }
            }
        }
        form method="post" action="/schedule/raw" {
            input type="hidden" name="csrf" value=(caller.csrf);
            input type="hidden" name="tag" value=(tag);
            label for="text" { (t!("page-schedule-raw")) }
            textarea #text.code name="text" rows="24" spellcheck="false" { (text) }
            p { button.primary type="submit" { (t!("page-schedule-save")) } }
        }
        @if !errors.is_empty() {
            div.scroll tabindex="0" role="region" aria-label=(t!("page-schedule-raw")) { table {
                tbody { @for (i, line) in text.lines().enumerate() {
                    @let bad = errors.iter().any(|e| e.line == Some(i + 1));
                    tr #(format!("line-{}", i + 1)) class=[bad.then_some("warn")] { td.muted { (i + 1) } td { code { (line) } } }
                } }
            } }
        }
    }
}

pub(in crate::web) async fn raw_page(
    State(app): State<Arc<App>>,
    Page(caller): Page,
    headers: HeaderMap,
) -> Response {
    let s = app.links.schedule.borrow().clone();
    let (text, tag) = match editing(&app, &caller, |e| e.current()).await {
        Ok(Ok(x)) => x,
        _ => (String::new(), String::new()),
    };
    let body = with_lang(caller.lang, || raw_body(&caller, &text, &tag, &[]));
    let title = with_lang(caller.lang, || t!("page-schedule-raw"));
    layout(
        &caller,
        &headers,
        &s.station.name,
        &title,
        "/schedule",
        body,
    )
}

pub(in crate::web) async fn raw_form(
    State(app): State<Arc<App>>,
    Page(caller): Page,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let p = pairs(&bytes);
    if let Some(r) = refused(&caller, field(&p, "csrf"), Action::EditSchedule) {
        return r;
    }
    let text = field(&p, "text").unwrap_or("").replace("\r\n", "\n");
    let tag = field(&p, "tag").unwrap_or("").to_string();
    let propose =
        app.settings.lock().map(|s| s.approve).unwrap_or(true) && caller.role < Role::Admin;
    let submitted = text.clone();
    let t2 = tag.clone();
    let saved = editing(&app, &caller, move |e| e.save(&submitted, &t2, propose)).await;
    match saved {
        Ok(Ok(Saved::Invalid { errors, .. })) => {
            // Shown on their lines, with the text as typed; the file is unchanged.
            let s = app.links.schedule.borrow().clone();
            let body = with_lang(caller.lang, || raw_body(&caller, &text, &tag, &errors));
            let title = with_lang(caller.lang, || t!("page-schedule-raw"));
            let mut r = layout(&caller, &headers, &s.station.name, &title, "/schedule", body);
            *r.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            r
        }
        Ok(Ok(Saved::Written(n))) => {
            let _ = ask(&app, &caller, Request::Reload).await;
            tracing::info!(user = %caller.name, version = n, "schedule saved from the console's raw editor");
            back("/schedule", true, with_lang(caller.lang, || t!("page-schedule-saved", n = n)))
        }
        Ok(Ok(Saved::Proposed(n))) => back("/schedule", true, with_lang(caller.lang, || t!("page-schedule-proposed", n = n))),
        Ok(Ok(Saved::Changed)) => back("/schedule/raw", false, with_lang(caller.lang, || t!("web-schedule-changed"))),
        Ok(Err(e)) => back("/schedule/raw", false, e.to_string()),
        Err(e) => back("/schedule/raw", false, e.message().to_string()),
    }
    .into_response()
}
