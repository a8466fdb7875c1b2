//! The schedule's versions: each kept version with who and when (and who approved it), shown as
//! a diff against the one before it, restorable (a restore is a save like any other: checked,
//! kept as a new version, or a proposal under `approve = true`); an admin approves or rejects a
//! proposal here.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use maud::{Markup, html};
use similar::{ChangeTag, TextDiff};

use super::{Page, back, is_operator, layout, refused};
use crate::control::access::{Action, Role};
use crate::control::protocol::Request;
use crate::i18n::with_lang;
use crate::schedule::edit::{self, Saved, Version};
use crate::t;
use crate::web::App;
use crate::web::api::ask;
use crate::web::schedule::editing;

/// Who made a version, in the reader's words ("file": the file as it was edited by hand).
fn by_words(v: &Version) -> String {
    match v.by.as_str() {
        "file" => t!("page-versions-by-file"),
        by => by.to_string(),
    }
}

/// When, as the reader writes it: "06/12/2026 02:02" in the time the version was saved in.
fn at_words(v: &Version) -> String {
    chrono::DateTime::parse_from_rfc3339(&v.at)
        .map(|t| t.format("%d/%m/%Y %H:%M").to_string())
        .unwrap_or_else(|_| v.at.clone())
}

fn state_words(v: &Version) -> String {
    t!("page-versions-state", state = v.state.as_str())
}

pub(in crate::web) async fn list(
    State(app): State<Arc<App>>,
    Page(caller): Page,
    headers: HeaderMap,
) -> Response {
    let state_dir = app.links.state_dir.clone();
    let all = tokio::task::spawn_blocking(move || edit::versions(&state_dir))
        .await
        .unwrap_or_default();
    let station = app.links.schedule.borrow().station.name.clone();
    let body = with_lang(caller.lang, || {
        html! {
            @if all.is_empty() { p.muted { (t!("page-versions-none")) } }
            div.scroll tabindex="0" role="region" aria-label=(t!("page-versions")) { table {
                thead { tr {
                    th scope="col" { "#" }
                    th scope="col" { (t!("page-col-by")) }
                    th scope="col" { (t!("page-col-time")) }
                    th scope="col" { (t!("page-col-outcome")) }
                } }
                tbody { @for v in all.iter().rev() {
                    tr {
                        td { a href=(format!("/schedule/versions/{}", v.version)) { (v.version) } }
                        td { (by_words(v)) }
                        td { (at_words(v)) }
                        td { (state_words(v)) @if let Some(a) = &v.approved_by { " · " (t!("page-versions-approved-by", who = a.as_str())) } }
                    }
                } }
            } }
        }
    });
    let title = with_lang(caller.lang, || t!("page-versions"));
    layout(&caller, &headers, &station, &title, "/schedule", body)
}

fn diff(before: &str, after: &str) -> Markup {
    let d = TextDiff::from_lines(before, after);
    html! {
        div.scroll tabindex="0" role="region" aria-label=(t!("page-versions-diff")) {
            pre.diff {
                @for group in d.grouped_ops(2) {
                    @for op in group {
                        @for change in d.iter_changes(&op) {
                            @match change.tag() {
                                ChangeTag::Delete => del { "- " (change.value()) },
                                ChangeTag::Insert => ins { "+ " (change.value()) },
                                ChangeTag::Equal => span { "  " (change.value()) },
                            }
                        }
                    }
                    "…\n"
                }
            }
        }
    }
}

pub(in crate::web) async fn one(
    State(app): State<Arc<App>>,
    Page(caller): Page,
    headers: HeaderMap,
    Path(n): Path<u32>,
) -> Response {
    let state_dir = app.links.state_dir.clone();
    let found = tokio::task::spawn_blocking(move || {
        let all = edit::versions(&state_dir);
        let v = all.iter().find(|v| v.version == n).cloned()?;
        let text = edit::text(&state_dir, n).ok()?;
        // The one before it that was the schedule (a proposal is compared with what it changes).
        let before = all
            .iter()
            .rfind(|o| o.version < n && o.state == "kept")
            .and_then(|o| edit::text(&state_dir, o.version).ok())
            .unwrap_or_default();
        Some((v, text, before))
    })
    .await
    .ok()
    .flatten();
    let station = app.links.schedule.borrow().station.name.clone();
    let Some((v, text, before)) = found else {
        return back(
            "/schedule/versions",
            false,
            with_lang(caller.lang, || t!("edit-no-version", n = n)),
        );
    };
    let body = with_lang(caller.lang, || {
        html! {
            p { (t!("page-versions-who", who = by_words(&v), at = at_words(&v))) " · " (state_words(&v)) }
            (diff(&before, &text))
            @if is_operator(&caller) {
                form method="post" action=(format!("/schedule/versions/{n}/restore")) {
                    input type="hidden" name="csrf" value=(caller.csrf);
                    button type="submit" { (t!("page-versions-restore")) }
                }
            }
            @if caller.role == Role::Admin && v.state == "proposed" {
                form.inline method="post" action=(format!("/schedule/versions/{n}/approve")) {
                    input type="hidden" name="csrf" value=(caller.csrf);
                    button.primary type="submit" { (t!("page-versions-approve")) }
                }
                form.inline method="post" action=(format!("/schedule/versions/{n}/reject")) {
                    input type="hidden" name="csrf" value=(caller.csrf);
                    button type="submit" { (t!("page-versions-reject")) }
                }
            }
        }
    });
    let title = with_lang(caller.lang, || t!("page-versions-one", n = n));
    layout(&caller, &headers, &station, &title, "/schedule", body)
}

fn csrf(bytes: &Bytes) -> Option<String> {
    url::form_urlencoded::parse(bytes)
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.into_owned())
}

/// What a save, approval or restore did, as the schedule page's flash.
async fn said(
    app: &App,
    caller: &crate::web::login::Caller,
    s: Result<Result<Saved, edit::EditError>, crate::web::http::ApiError>,
) -> (bool, String) {
    let lang = caller.lang;
    match s {
        Ok(Ok(Saved::Written(n))) => {
            let _ = ask(app, caller, Request::Reload).await;
            (true, with_lang(lang, || t!("page-schedule-saved", n = n)))
        }
        Ok(Ok(Saved::Proposed(n))) => (
            true,
            with_lang(lang, || t!("page-schedule-proposed", n = n)),
        ),
        Ok(Ok(Saved::Invalid { errors, .. })) => (
            false,
            with_lang(lang, || {
                let lines: Vec<String> = errors.iter().map(|e| e.headline()).collect();
                format!("{}\n{}", t!("page-schedule-refused"), lines.join("\n"))
            }),
        ),
        Ok(Ok(Saved::Changed)) => (false, with_lang(lang, || t!("web-schedule-changed"))),
        Ok(Err(e)) => (false, e.to_string()),
        Err(e) => (false, e.message().to_string()),
    }
}

pub(in crate::web) async fn restore(
    State(app): State<Arc<App>>,
    Page(caller): Page,
    Path(n): Path<u32>,
    bytes: Bytes,
) -> Response {
    if let Some(r) = refused(&caller, csrf(&bytes).as_deref(), Action::EditSchedule) {
        return r;
    }
    let propose =
        app.settings.lock().map(|s| s.approve).unwrap_or(true) && caller.role < Role::Admin;
    let s = editing(&app, &caller, move |e| {
        let text = edit::text(e.state_dir, n)?;
        let (_, tag) = e.current()?;
        e.save(&text, &tag, propose)
    })
    .await;
    tracing::info!(user = %caller.name, version = n, "restore asked from the console");
    let (ok, text) = said(&app, &caller, s).await;
    back("/schedule/versions", ok, text)
}

pub(in crate::web) async fn approve(
    State(app): State<Arc<App>>,
    Page(caller): Page,
    Path(n): Path<u32>,
    bytes: Bytes,
) -> Response {
    if let Some(r) = refused(&caller, csrf(&bytes).as_deref(), Action::Approve) {
        return r;
    }
    let s = editing(&app, &caller, move |e| e.approve(n)).await;
    tracing::info!(user = %caller.name, proposal = n, "proposal approval asked from the console");
    let (ok, text) = said(&app, &caller, s).await;
    back("/schedule/versions", ok, text)
}

pub(in crate::web) async fn reject(
    State(app): State<Arc<App>>,
    Page(caller): Page,
    Path(n): Path<u32>,
    bytes: Bytes,
) -> Response {
    if let Some(r) = refused(&caller, csrf(&bytes).as_deref(), Action::Approve) {
        return r;
    }
    let done = editing(&app, &caller, move |e| e.reject(n)).await;
    tracing::info!(user = %caller.name, proposal = n, "proposal rejected from the console");
    match done {
        Ok(Ok(())) => back(
            "/schedule/versions",
            true,
            with_lang(caller.lang, || t!("web-proposal-rejected", n = n)),
        ),
        Ok(Err(e)) => back("/schedule/versions", false, e.to_string()),
        Err(e) => back("/schedule/versions", false, e.message().to_string()),
    }
}
