//! `/api/v1/next` and `/api/v1/history`: the agenda and the history as `loa next --json` and
//! `loa history` give them, computed off the loop.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::App;
use super::http::ApiError;
use super::login::Caller;
use crate::control::access::Action;
use crate::i18n::with_lang;
use crate::t;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NextQuery {
    days: Option<String>,
    date: Option<String>,
}

pub(super) async fn next(
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
pub(super) struct HistoryQuery {
    since: Option<String>,
    until: Option<String>,
    id: Option<String>,
    month: Option<String>,
    summary: Option<String>,
    format: Option<String>,
}

pub(super) async fn history(
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
        // For the reader's spreadsheet: her words, `;` and her decimal sign, a BOM.
        Some("excel") => (crate::cli::Format::Excel, true),
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
