//! The history page: filters (from, to, month, id), the rows in the reader's words, the
//! monthly summary as a table, and the download for a spreadsheet (the API's `format=excel`:
//! the reader's words, `;`, a byte-order mark).

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use maud::html;
use serde::Deserialize;

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

/// What the page shows: the rows, or the summary's.
enum Found {
    Rows(Vec<crate::history::Row>),
    Summary(Vec<crate::history::SummaryRow>),
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
    let kept_dir = state_dir.join(crate::live::record::DIR);
    let found = tokio::task::spawn_blocking(move || {
        let req = crate::commands::history::Request {
            state_dir: &state_dir,
            db: None,
            config: None,
            since,
            until,
            month,
            id: id.as_deref(),
            summary,
            format: crate::cli::Format::Table,
            now: crate::clock::Clock::now(&crate::clock::SystemClock),
        };
        if summary {
            crate::commands::history::summary_rows(&req, tz).map(Found::Summary)
        } else {
            crate::commands::history::rows(&req, tz).map(Found::Rows)
        }
    })
    .await
    .map_err(|e| e.to_string())
    .and_then(|r| r);
    // The download: the same rows for the reader's spreadsheet (her words, `;`, a BOM).
    let mut csv = String::from("/api/v1/history?format=excel");
    for (k, v) in [
        ("since", &f.since),
        ("until", &f.until),
        ("month", &f.month),
        ("id", &f.id),
        ("summary", &f.summary),
    ] {
        if let Some(v) = given(v) {
            csv.push_str(&format!(
                "&{k}={}",
                url::form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()
            ));
        }
    }
    let local = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(|t| t.with_timezone(&tz).format("%d/%m %H:%M").to_string())
            .unwrap_or_default()
    };
    let body = with_lang(lang, || {
        use crate::commands::history::words;
        let outcomes = crate::history::Outcome::ALL;
        html! {
            form.inline method="get" action="/history" {
                div { label for="since" { (t!("page-history-since")) } input #since name="since" value=[given(&f.since)] placeholder="2026-12-01"; }
                div { label for="until" { (t!("page-history-until")) } input #until name="until" value=[given(&f.until)] placeholder="2026-12-31"; }
                div { label for="month" { (t!("page-history-month")) } input #month name="month" type="month" value=[given(&f.month)]; }
                div { label for="id" { (t!("page-history-id")) } input #id name="id" value=[given(&f.id)]; }
                div.check { input #summary name="summary" type="checkbox" value="1" checked[summary]; label for="summary" { (t!("page-history-summary")) } }
                button.primary type="submit" { (t!("page-history-show")) }
            }
            @for p in &problems { p.warn { (p) } }
            p { a.button href=(csv) download { (t!("page-history-csv")) } }
            @match &found {
                Err(why) => p.warn { (why) },
                Ok(Found::Summary(list)) if list.is_empty() => p.muted { (t!("page-history-empty")) },
                Ok(Found::Rows(list)) if list.is_empty() => p.muted { (t!("page-history-empty")) },
                Ok(Found::Summary(list)) => div.scroll tabindex="0" role="region" aria-label=(t!("page-history-summary")) { table {
                    thead { tr {
                        th scope="col" { (t!("page-col-what")) }
                        @for o in outcomes { th scope="col" { (t!("history-outcome", value = o.as_str())) } }
                        th scope="col" { (t!("page-col-airtime")) }
                    } }
                    tbody {
                        @for r in list {
                            tr {
                                td { (r.title) " " span.muted { "(" (r.id) ")" } }
                                @for o in outcomes { td { (r.counts.get(o.as_str()).copied().unwrap_or(0)) } }
                                td { (crate::audio::probe::mmss(r.airtime_seconds)) }
                            }
                        }
                    }
                } },
                Ok(Found::Rows(list)) => div.scroll tabindex="0" role="region" aria-label=(t!("page-history")) { table {
                    thead { tr {
                        th scope="col" { (t!("page-col-time")) }
                        th scope="col" { (t!("page-col-what")) }
                        th scope="col" { (t!("page-col-outcome")) }
                    } }
                    tbody {
                        @for r in list.iter().rev().take(500) {
                            tr {
                                td { (local(Some(r.requested))) }
                                td {
                                    (if r.title.is_empty() { &r.id } else { &r.title }) " " span.muted { "(" (r.id) ")" }
                                    br; span.muted { (words::source(r)) " · " (words::by(r)) }
                                    @if let Some(kept) = r.files.first().and_then(|f| super::live::kept_name(f)) {
                                        @if kept_dir.join(kept).is_file() {
                                            br; audio controls preload="none" src=(format!("/history/live/{kept}")) aria-label=(t!("page-live-recording")) {}
                                        }
                                    }
                                }
                                td {
                                    (words::outcome(r))
                                    @let why = words::reason(r);
                                    @if !why.is_empty() { br; span.muted { (why) } }
                                }
                            }
                        }
                    }
                } },
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
