//! `/api/v1/audio…` (spec §11): the recordings, an upload, a deletion. What those mean lives in
//! [`crate::audio::library`]; this file streams the multipart body into it within
//! `[web] max_upload` and speaks HTTP.

use std::sync::Arc;

use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::App;
use super::http::ApiError;
use super::login::Caller;
use crate::audio::library::{self, LibraryError, Upload};
use crate::control::access::Action;
use crate::i18n::with_lang;
use crate::t;

fn library_error(e: LibraryError) -> ApiError {
    let (status, kind) = match &e {
        LibraryError::Name(_) | LibraryError::Invalid(_) => {
            (StatusCode::UNPROCESSABLE_ENTITY, "invalid")
        }
        LibraryError::Exists(_) => (StatusCode::CONFLICT, "exists"),
        LibraryError::InUse(_) => (StatusCode::CONFLICT, "in-use"),
        LibraryError::NotFound(_) => (StatusCode::NOT_FOUND, "not-found"),
        LibraryError::Io(_) => (StatusCode::INTERNAL_SERVER_ERROR, "failed"),
    };
    ApiError::new(status, kind, e.to_string())
}

fn failed(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "failed", e.to_string())
}

pub(super) async fn list(
    State(app): State<Arc<App>>,
    caller: Caller,
) -> Result<Response, ApiError> {
    caller.may(Action::Read)?;
    let s = app.links.schedule.borrow().clone();
    let lib = app.library.clone();
    let all =
        tokio::task::spawn_blocking(move || lib.lock().map(|mut l| l.list(&s)).unwrap_or_default())
            .await
            .map_err(failed)?;
    Ok(axum::Json(all).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Replace {
    replace: Option<String>,
}

pub(super) async fn upload(
    State(app): State<Arc<App>>,
    caller: Caller,
    Query(q): Query<Replace>,
    mut form: Multipart,
) -> Result<Response, ApiError> {
    caller.may(Action::Recordings)?;
    let lang = caller.lang;
    let max = app.settings.lock().map(|s| s.max_upload).unwrap_or(0);
    let too_big = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too-big",
            with_lang(lang, || t!("web-upload-too-big", max = max / 1_000_000)),
        )
    };
    let bad = |why: String| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", why);
    let dir = app.links.schedule.borrow().station.audio_dir.clone();
    loop {
        let field = form.next_field().await.map_err(|e| {
            bad(with_lang(lang, || {
                t!("web-upload-broken", why = e.to_string())
            }))
        })?;
        let Some(mut field) = field else {
            return Err(bad(with_lang(lang, || t!("web-upload-no-file"))));
        };
        if field.name() != Some("file") {
            continue;
        }
        let given = field.file_name().unwrap_or("").to_string();
        let name = with_lang(lang, || library::clean_name(&given)).map_err(library_error)?;
        let mut up = with_lang(lang, || Upload::begin(&dir)).map_err(library_error)?;
        while let Some(chunk) = field.chunk().await.map_err(|e| {
            bad(with_lang(lang, || {
                t!("web-upload-broken", why = e.to_string())
            }))
        })? {
            if up.written + chunk.len() as u64 > max {
                tracing::warn!(user = %caller.name, name = %name, "upload refused: over max_upload ({max} bytes)");
                return Err(too_big());
            }
            up.write(&chunk).map_err(library_error)?;
        }
        let replace = matches!(q.replace.as_deref(), Some("1" | "true"));
        let kept = {
            let (dir, name) = (dir.clone(), name.clone());
            tokio::task::spawn_blocking(move || with_lang(lang, || up.keep(&dir, &name, replace)))
                .await
                .map_err(failed)?
        };
        let r = kept.map_err(|e| {
            tracing::warn!(user = %caller.name, name = %name, "upload refused: {e}");
            library_error(e)
        })?;
        tracing::info!(user = %caller.name, name = %r.name, seconds = ?r.duration_seconds, "recording uploaded");
        return Ok((
            StatusCode::CREATED,
            axum::Json(
                serde_json::json!({ "name": r.name, "duration_seconds": r.duration_seconds }),
            ),
        )
            .into_response());
    }
}

pub(super) async fn delete(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(name): Path<String>,
) -> Result<Response, ApiError> {
    caller.may(Action::Recordings)?;
    let s = app.links.schedule.borrow().clone();
    let lang = caller.lang;
    let n = name.clone();
    tokio::task::spawn_blocking(move || with_lang(lang, || library::delete(&s, &n)))
        .await
        .map_err(failed)?
        .map_err(library_error)?;
    tracing::info!(user = %caller.name, name = %name, "recording deleted");
    let message = with_lang(lang, || t!("web-recording-deleted", name = name.as_str()));
    Ok(axum::Json(serde_json::json!({ "response": "ok", "message": message })).into_response())
}
