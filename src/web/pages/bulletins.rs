//! The bulletins page: what came from the province, newest first, with its level, state and
//! times; for a held one (an operator): play now, play at a time, or reject — the same
//! decisions `loa bulletins accept|reject` sends the shell.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use maud::html;
use serde_json::Value;

use super::{Page, answered, is_operator, layout, refused};
use crate::control::access::Action;
use crate::control::protocol::{Request, Response as Answer};
use crate::i18n::with_lang;
use crate::t;
use crate::web::App;
use crate::web::api::ask;

fn when(v: &Value) -> String {
    v.as_str()
        .and_then(|t| t.get(0..16))
        .map(|t| t.replace('T', " "))
        .unwrap_or_default()
}

pub(in crate::web) async fn page(
    State(app): State<Arc<App>>,
    Page(caller): Page,
    headers: HeaderMap,
) -> Response {
    let list = match ask(&app, &caller, Request::Bulletins).await {
        Ok(Answer::Bulletins { bulletins }) => bulletins,
        _ => Vec::new(),
    };
    let s = app.links.schedule.borrow().clone();
    let body = with_lang(caller.lang, || {
        html! {
            @if s.fleet.is_none() { p.muted { (t!("page-bulletins-no-feed")) } }
            @if list.is_empty() { p.muted { (t!("bulletins-none")) } }
            @for b in list.iter().rev() {
                @let id = b["id"].as_str().unwrap_or("");
                article.panel {
                    h2 { (b["title"].as_str().unwrap_or(id)) }
                    dl.facts {
                        dt { (t!("page-bulletins-level")) } dd { (t!("page-bulletins-level-word", level = b["level"].as_str().unwrap_or(""))) }
                        dt { (t!("page-col-outcome")) } dd { (crate::i18n::message("bulletins-state", &[("state", b["state"].as_str().unwrap_or("").into())])) }
                        dt { (t!("page-bulletins-received")) } dd { (when(&b["received"])) }
                        @if !b["play_at"].is_null() { dt { (t!("page-bulletins-play-at")) } dd { (when(&b["play_at"])) } }
                        dt { (t!("page-bulletins-expires")) } dd { (when(&b["expires"])) }
                        @if let Some(r) = b["reason"].as_str() { dt { (t!("page-bulletins-reason")) } dd { (r) } }
                        @if let Some(by) = b["decided_by"].as_str() { dt { (t!("page-col-by")) } dd { (by) } }
                    }
                    @if is_operator(&caller) && b["state"] == "held" {
                        form.inline method="post" action="/bulletins/accept" {
                            input type="hidden" name="csrf" value=(caller.csrf);
                            input type="hidden" name="id" value=(id);
                            button.primary type="submit" { (t!("page-bulletins-accept")) }
                        }
                        form.inline method="post" action="/bulletins/accept" {
                            input type="hidden" name="csrf" value=(caller.csrf);
                            input type="hidden" name="id" value=(id);
                            div {
                                label for=(format!("at-{id}")) { (t!("page-bulletins-at")) }
                                input id=(format!("at-{id}")) name="at" placeholder="18:00" required;
                            }
                            button type="submit" { (t!("page-bulletins-accept-at")) }
                        }
                        form.inline method="post" action="/bulletins/reject" {
                            input type="hidden" name="csrf" value=(caller.csrf);
                            input type="hidden" name="id" value=(id);
                            button type="submit" { (t!("page-bulletins-reject")) }
                        }
                    }
                }
            }
        }
    });
    let title = with_lang(caller.lang, || t!("page-bulletins"));
    layout(
        &caller,
        &headers,
        &s.station.name,
        &title,
        "/bulletins",
        body,
    )
}

fn fields(bytes: &Bytes) -> impl Fn(&str) -> Option<String> {
    let p: Vec<(String, String)> = url::form_urlencoded::parse(bytes).into_owned().collect();
    move |k| {
        p.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }
}

pub(in crate::web) async fn accept(
    State(app): State<Arc<App>>,
    Page(caller): Page,
    bytes: Bytes,
) -> Response {
    let get = fields(&bytes);
    if let Some(r) = refused(&caller, get("csrf").as_deref(), Action::Control) {
        return r;
    }
    let r = Request::BulletinAccept {
        id: get("id").unwrap_or_default(),
        at: get("at"),
    };
    answered("/bulletins", ask(&app, &caller, r).await)
}

pub(in crate::web) async fn reject(
    State(app): State<Arc<App>>,
    Page(caller): Page,
    bytes: Bytes,
) -> Response {
    let get = fields(&bytes);
    if let Some(r) = refused(&caller, get("csrf").as_deref(), Action::Control) {
        return r;
    }
    let r = Request::BulletinReject {
        id: get("id").unwrap_or_default(),
    };
    answered("/bulletins", ask(&app, &caller, r).await)
}
