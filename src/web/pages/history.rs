//! The history page: filters (from, to, month, id), the rows in the reader's words, the
//! monthly summary, and the CSV download (the API's, with its byte-order mark for Excel).

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use maud::html;
use serde::Deserialize;
use serde_json::Value;

use super::{Page, layout};
use crate::commands::dates::Day;
use crate::i18n::with_lang;
use crate::t;
use crate::web::App;

#[derive(Deserialize, Default)]
pub(in crate::web) struct Filters {
    since: Option<String>,
    until: Option<String>,
    month: Option<String>,
    id: Option<String>,
    summary: Option<String>,
}

fn given(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

pub(in crate::web) async fn page(
    State(app): State<Arc<App>>,
    Page(caller): Page,
    headers: HeaderMap,
    Query(f): Query<Filters>,
) -> Response {
    let lang = caller.lang;
    let schedule = app.links.schedule.borrow().clone();
    let tz = schedule.station.timezone;
    let mut problems = Vec::new();
    let mut day = |s: &Option<String>| {
        given(s).and_then(|d| match with_lang(lang, || Day::parse(d)) {
            Ok(d) => Some(d),
            Err(e) => {
                problems.push(e);
                None
            }
        })
    };
    let since = day(&f.since);
    let until = day(&f.until);
    let month = given(&f.month)
        .and_then(|m| chrono::NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok());
    let summary = given(&f.summary).is_some();
    let id = given(&f.id).map(str::to_string);
    let state_dir = app.links.state_dir.clone();
    let rows: Value = tokio::task::spawn_blocking(move || {
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
                    format: crate::cli::Format::Json,
                    now: crate::clock::Clock::now(&crate::clock::SystemClock),
                },
                tz,
            )
        })
    })
    .await
    .ok()
    .and_then(Result::ok)
    .and_then(|b| serde_json::from_slice(&b).ok())
    .unwrap_or(Value::Null);
    let mut csv = String::from("/api/v1/history?format=csv");
    for (k, v) in [
        ("since", &f.since),
        ("until", &f.until),
        ("month", &f.month),
        ("id", &f.id),
    ] {
        if let Some(v) = given(v) {
            csv.push_str(&format!(
                "&{k}={}",
                url::form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()
            ));
        }
    }
    let local = |v: &Value| {
        v.as_str()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&tz).format("%d/%m %H:%M").to_string())
            .unwrap_or_default()
    };
    let body = with_lang(lang, || {
        html! {
            form.inline method="get" action="/history" {
                div { label for="since" { (t!("page-history-since")) } input #since name="since" value=[given(&f.since)] placeholder="2026-12-01"; }
                div { label for="until" { (t!("page-history-until")) } input #until name="until" value=[given(&f.until)] placeholder="2026-12-31"; }
                div { label for="month" { (t!("page-history-month")) } input #month name="month" type="month" value=[given(&f.month)]; }
                div { label for="id" { (t!("page-history-id")) } input #id name="id" value=[given(&f.id)]; }
                div { label for="summary" { (t!("page-history-summary")) } input #summary name="summary" type="checkbox" value="1" checked[summary]; }
                button.primary type="submit" { (t!("page-history-show")) }
            }
            @for p in &problems { p.warn { (p) } }
            p { a.button href=(csv) download { (t!("page-history-csv")) } }
            @if summary {
                pre.panel { (serde_json::to_string_pretty(&rows).unwrap_or_default()) }
            } @else {
                @match rows.as_array().filter(|r| !r.is_empty()) {
                    None => p.muted { (t!("page-history-empty")) },
                    Some(list) => div.scroll tabindex="0" role="region" aria-label=(t!("page-history")) { table {
                        thead { tr {
                            th scope="col" { (t!("page-col-time")) }
                            th scope="col" { (t!("page-col-what")) }
                            th scope="col" { (t!("page-col-source")) }
                            th scope="col" { (t!("page-col-outcome")) }
                            th scope="col" { (t!("page-col-by")) }
                        } }
                        tbody {
                            @for r in list.iter().rev().take(500) {
                                tr {
                                    td { (local(&r["requested"])) }
                                    td { (r["title"].as_str().unwrap_or("")) " " span.muted { "(" (r["id"].as_str().unwrap_or("")) ")" } }
                                    td { (t!("history-source", value = r["source"].as_str().unwrap_or(""))) }
                                    td {
                                        (t!("history-outcome", value = r["outcome"].as_str().unwrap_or("playing")))
                                        @if let Some(why) = r["reason"].as_str() { br; span.muted { (why) } }
                                    }
                                    td { (r["requested_by"].as_str().unwrap_or("")) }
                                }
                            }
                        }
                    } },
                }
            }
        }
    });
    let title = with_lang(lang, || t!("page-history"));
    layout(
        &caller,
        &headers,
        &schedule.station.name,
        &title,
        "/history",
        body,
    )
}
