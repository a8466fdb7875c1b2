//! `/api/v1/schedule…` (spec §11): the schedule's text with its tag, a save checked as
//! `loa check` checks (or kept as a proposal under `approve = true`), versions, approvals.
//! What a save means lives in [`crate::schedule::edit`]; this file only speaks HTTP, and has
//! the running daemon load what was written (the same reload the socket asks for).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::App;
use super::api::ask;
use super::http::ApiError;
use super::login::Caller;
use crate::control::access::{Action, Role};
use crate::control::protocol::{Request, Response as Answer};
use crate::diagnostic::Diagnostic;
use crate::i18n::with_lang;
use crate::schedule::edit::{self, Edit, EditError, Saved};
use crate::t;

/// The largest schedule taken (a commune's is a few KB; 100,000 announcements are ~15 MB, but
/// those are not typed in a browser).
pub const MAX_SCHEDULE: usize = 1024 * 1024;

fn failed(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "failed", e.to_string())
}

fn edit_error(e: EditError) -> ApiError {
    match e {
        EditError::Io(m) => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "failed", m),
        EditError::NotFound(m) => ApiError::new(StatusCode::NOT_FOUND, "not-found", m),
        EditError::Conflict(m) => ApiError::new(StatusCode::CONFLICT, "refused", m),
        EditError::AdminOnly(m) => ApiError::new(StatusCode::FORBIDDEN, "forbidden", m),
    }
}

/// Runs `f` with an [`Edit`] for the caller, off the loop, one edit at a time.
pub(super) async fn editing<T: Send + 'static>(
    app: &Arc<App>,
    caller: &Caller,
    f: impl FnOnce(&Edit<'_>) -> T + Send + 'static,
) -> Result<T, ApiError> {
    let _one = app.editing.lock().await;
    let config = app.links.config.clone();
    let state_dir = app.links.state_dir.clone();
    let tz = app.links.schedule.borrow().station.timezone;
    let by = caller.by();
    let admin = caller.role >= Role::Admin;
    let lang = caller.lang;
    tokio::task::spawn_blocking(move || {
        with_lang(lang, || {
            f(&Edit {
                config: &config,
                state_dir: &state_dir,
                by: &by,
                admin,
                tz,
                now: crate::clock::Clock::now(&crate::clock::SystemClock),
            })
        })
    })
    .await
    .map_err(failed)
}

fn findings(ds: &[Diagnostic]) -> serde_json::Value {
    json!(
        ds.iter()
            .map(|d| json!({ "line": d.line, "column": d.column, "message": d.message, "help": d.help }))
            .collect::<Vec<_>>()
    )
}

/// What a save or an approval answers; a schedule written is loaded by the daemon first.
async fn saved(app: &Arc<App>, caller: &Caller, s: Saved) -> Result<Response, ApiError> {
    Ok(match s {
        Saved::Written(n) => {
            tracing::info!(user = %caller.name, version = n, "schedule saved from the console");
            let message = match ask(app, caller, Request::Reload).await? {
                Answer::Ok { message } => message,
                Answer::Error { message, .. } => message,
                _ => String::new(),
            };
            axum::Json(json!({ "version": n, "message": message })).into_response()
        }
        Saved::Proposed(n) => {
            tracing::info!(user = %caller.name, proposal = n, "schedule change proposed from the console");
            (StatusCode::ACCEPTED, axum::Json(json!({ "proposal": n }))).into_response()
        }
        Saved::Invalid { errors, warnings } => (
            StatusCode::UNPROCESSABLE_ENTITY,
            axum::Json(json!({ "errors": findings(&errors), "warnings": findings(&warnings) })),
        )
            .into_response(),
        Saved::Changed => ApiError::new(
            StatusCode::PRECONDITION_FAILED,
            "changed",
            with_lang(caller.lang, || t!("web-schedule-changed")),
        )
        .into_response(),
    })
}

pub(super) async fn get_schedule(
    State(app): State<Arc<App>>,
    caller: Caller,
) -> Result<Response, ApiError> {
    caller.may(Action::Read)?;
    let (text, tag) = editing(&app, &caller, |e| e.current())
        .await?
        .map_err(edit_error)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/toml; charset=utf-8".to_string(),
            ),
            (header::ETAG, tag),
        ],
        text,
    )
        .into_response())
}

pub(super) async fn put_schedule(
    State(app): State<Arc<App>>,
    caller: Caller,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    caller.may(Action::EditSchedule)?;
    let lang = caller.lang;
    let Some(if_match) = headers
        .get(header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
    else {
        return Err(ApiError::new(
            StatusCode::PRECONDITION_REQUIRED,
            "if-match",
            with_lang(lang, || t!("web-schedule-if-match")),
        ));
    };
    let text = String::from_utf8(bytes.to_vec()).map_err(|_| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "bad-request",
            with_lang(lang, || t!("web-schedule-not-utf8")),
        )
    })?;
    let propose =
        app.settings.lock().map(|s| s.approve).unwrap_or(true) && caller.role < Role::Admin;
    let s = editing(&app, &caller, move |e| e.save(&text, &if_match, propose))
        .await?
        .map_err(edit_error)?;
    saved(&app, &caller, s).await
}

pub(super) async fn versions(
    State(app): State<Arc<App>>,
    caller: Caller,
) -> Result<Response, ApiError> {
    caller.may(Action::Read)?;
    let state_dir = app.links.state_dir.clone();
    let all = tokio::task::spawn_blocking(move || edit::versions(&state_dir))
        .await
        .map_err(failed)?;
    Ok(axum::Json(all).into_response())
}

pub(super) async fn version(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(n): Path<u32>,
) -> Result<Response, ApiError> {
    caller.may(Action::Read)?;
    let text = editing(&app, &caller, move |e| edit::text(e.state_dir, n))
        .await?
        .map_err(edit_error)?;
    Ok((
        [(header::CONTENT_TYPE, "application/toml; charset=utf-8")],
        text,
    )
        .into_response())
}

pub(super) async fn approve(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(n): Path<u32>,
) -> Result<Response, ApiError> {
    caller.may(Action::Approve)?;
    let s = editing(&app, &caller, move |e| e.approve(n))
        .await?
        .map_err(edit_error)?;
    tracing::info!(user = %caller.name, proposal = n, "proposal approved");
    saved(&app, &caller, s).await
}

pub(super) async fn reject(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(n): Path<u32>,
) -> Result<Response, ApiError> {
    caller.may(Action::Approve)?;
    editing(&app, &caller, move |e| e.reject(n))
        .await?
        .map_err(edit_error)?;
    tracing::info!(user = %caller.name, proposal = n, "proposal rejected");
    let message = with_lang(caller.lang, || t!("web-proposal-rejected", n = n));
    Ok(axum::Json(json!({ "response": "ok", "message": message })).into_response())
}
