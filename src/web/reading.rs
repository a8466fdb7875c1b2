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

impl NextQuery {
    /// The span asked for, `[from, to)`: `days` local days from the start of `date`, else from
    /// `now`, in `tz`; 422 with why.
    pub(super) fn window(
        &self,
        lang: crate::i18n::Lang,
        tz: chrono_tz::Tz,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>), ApiError> {
        let bad = |msg: String| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "bad-request", msg);
        let days = match self.days.as_deref() {
            None => 1,
            Some(d) => d
                .parse::<u32>()
                .ok()
                .filter(|d| (1..=3660).contains(d))
                .ok_or_else(|| bad(with_lang(lang, || t!("web-bad-days", value = d))))?,
        };
        let date = self
            .date
            .as_deref()
            .map(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d"))
            .transpose()
            .map_err(|_| {
                bad(with_lang(lang, || {
                    t!(
                        "web-bad-date",
                        value = self.date.clone().unwrap_or_default()
                    )
                }))
            })?;
        Ok(match date {
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
        })
    }
}

pub(super) async fn next(
    State(app): State<Arc<App>>,
    caller: Caller,
    Query(q): Query<NextQuery>,
) -> Result<Response, ApiError> {
    caller.may(Action::Read)?;
    let s = app.links.schedule.borrow().clone();
    let now = crate::clock::Clock::now(&crate::clock::SystemClock);
    let (from, to) = q.window(caller.lang, s.station.timezone, now)?;
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

/// What a history query asks for, read and checked.
pub(super) struct Filters {
    pub(super) since: Option<crate::commands::dates::Day>,
    pub(super) until: Option<crate::commands::dates::Day>,
    pub(super) month: Option<chrono::NaiveDate>,
    pub(super) format: crate::cli::Format,
    /// A file to save (CSV), not JSON to show.
    pub(super) csv: bool,
    pub(super) summary: bool,
    pub(super) id: Option<String>,
}

impl HistoryQuery {
    /// The filters it asks for; 422 with why.
    pub(super) fn filters(self, lang: crate::i18n::Lang) -> Result<Filters, ApiError> {
        use crate::commands::dates::Day;
        let bad = |msg: String| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "bad-request", msg);
        let day = |d: &Option<String>| {
            d.as_deref()
                .filter(|d| !d.is_empty())
                .map(|d| with_lang(lang, || Day::parse(d)))
                .transpose()
                .map_err(bad)
        };
        let since = day(&self.since)?;
        let until = day(&self.until)?;
        let month = self
            .month
            .as_deref()
            .filter(|m| !m.is_empty())
            .map(|m| {
                chrono::NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d")
                    .map_err(|_| bad(with_lang(lang, || t!("cli-not-a-month", value = m))))
            })
            .transpose()?;
        let (format, csv) = match self.format.as_deref() {
            None | Some("json") => (crate::cli::Format::Json, false),
            Some("csv") => (crate::cli::Format::Csv, true),
            // For the reader's spreadsheet: her words, `;` and her decimal sign, a BOM.
            Some("excel") => (crate::cli::Format::Excel, true),
            Some(other) => {
                return Err(bad(with_lang(lang, || t!("web-bad-format", value = other))));
            }
        };
        let summary = matches!(self.summary.as_deref(), Some("1" | "true"));
        let id = self.id.filter(|i| !i.is_empty());
        Ok(Filters {
            since,
            until,
            month,
            format,
            csv,
            summary,
            id,
        })
    }
}

pub(super) async fn history(
    State(app): State<Arc<App>>,
    caller: Caller,
    Query(q): Query<HistoryQuery>,
) -> Result<Response, ApiError> {
    caller.may(Action::Read)?;
    let lang = caller.lang;
    let Filters {
        since,
        until,
        month,
        format,
        csv,
        summary,
        id,
    } = q.filters(lang)?;
    let state_dir = app.links.state_dir.clone();
    let tz = app.links.schedule.borrow().station.timezone;
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
