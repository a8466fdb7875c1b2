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
    pub(super) replace: Option<String>,
}

pub(super) async fn upload(
    State(app): State<Arc<App>>,
    caller: Caller,
    Query(q): Query<Replace>,
    form: Multipart,
) -> Result<Response, ApiError> {
    let replace = matches!(q.replace.as_deref(), Some("1" | "true"));
    let r = receive(&app, &caller, form, replace, false).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(serde_json::json!({ "name": r.name, "duration_seconds": r.duration_seconds })),
    )
        .into_response())
}

/// Streams the multipart field `file` into `audio_dir` within `max_upload`, then keeps it if it
/// decodes in full. A page's form (`csrf_field`) must carry the session's token in a field
/// `csrf` before the file (the API's comes in the header, checked already); a field `replace`
/// there stands for `?replace=1`.
pub(in crate::web) async fn receive(
    app: &App,
    caller: &Caller,
    form: Multipart,
    replace: bool,
    csrf_field: bool,
) -> Result<library::Recording, ApiError> {
    caller.may(Action::Recordings)?;
    let max = app.settings.lock().map(|s| s.max_upload).unwrap_or(0);
    let dir = app.links.schedule.borrow().station.audio_dir.clone();
    receive_into(&dir, max, caller, form, replace, csrf_field).await
}

/// [`receive`] into `dir` within `max` bytes, once the caller may.
pub(in crate::web) async fn receive_into(
    dir: &std::path::Path,
    max: u64,
    caller: &Caller,
    mut form: Multipart,
    mut replace: bool,
    csrf_field: bool,
) -> Result<library::Recording, ApiError> {
    let lang = caller.lang;
    let too_big = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too-big",
            with_lang(lang, || t!("web-upload-too-big", max = max / 1_000_000)),
        )
    };
    let bad = |why: String| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", why);
    let broken = |e: axum::extract::multipart::MultipartError| {
        bad(with_lang(lang, || {
            t!("web-upload-broken", why = e.to_string())
        }))
    };
    let dir = dir.to_path_buf();
    let mut token_ok = !csrf_field;
    loop {
        let Some(mut field) = form.next_field().await.map_err(broken)? else {
            return Err(bad(with_lang(lang, || t!("web-upload-no-file"))));
        };
        match field.name() {
            Some("csrf") if csrf_field => {
                let token = field.text().await.map_err(broken)?;
                caller.check_token(Some(token.as_str()), "an upload form")?;
                token_ok = true;
                continue;
            }
            Some("replace") if csrf_field => {
                replace = true;
                continue;
            }
            Some("file") => {}
            _ => continue,
        }
        if !token_ok {
            caller.check_token(None, "an upload form")?;
        }
        let given = field.file_name().unwrap_or("").to_string();
        let name = with_lang(lang, || library::clean_name(&given)).map_err(library_error)?;
        let mut up = match with_lang(lang, || Upload::begin(&dir)) {
            Ok(up) => up,
            Err(e) => {
                tracing::warn!(user = %caller.name, name = %name, "upload refused: {e}");
                let left = drain(&mut field, max).await;
                drop(field);
                drain_rest(&mut form, left).await;
                return Err(library_error(e));
            }
        };
        while let Some(chunk) = field.chunk().await.map_err(broken)? {
            let written = if up.written + chunk.len() as u64 > max {
                tracing::warn!(user = %caller.name, name = %name, "upload refused: over max_upload ({max} bytes)");
                Err(too_big())
            } else {
                up.write(&chunk).map_err(|e| {
                    // A full disk, most likely: said in words, as a file too big is.
                    tracing::warn!(user = %caller.name, name = %name, "upload refused: {e}");
                    library_error(e)
                })
            };
            if let Err(e) = written {
                drop(up);
                let left = drain(&mut field, max).await;
                drop(field);
                drain_rest(&mut form, left).await;
                return Err(e);
            }
        }
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
        return Ok(r);
    }
}

/// Reads and discards the rest of a refused upload's field (too big, or the disk full), up to
/// `max` more bytes (what is left of that bound when the field ends, `None` when it did not), so
/// that the sender — still sending — gets the answer that says why: a server that answers and closes with bytes
/// unread resets the connection, and a phone's browser then shows "connection reset" instead of
/// "the file is over 100 MB". Past that bound (a file more than twice the limit) the connection
/// is cut rather than the whole of it received.
async fn drain(field: &mut axum::extract::multipart::Field<'_>, max: u64) -> Option<u64> {
    let mut left = max;
    while let Ok(Some(chunk)) = field.chunk().await {
        left = left.checked_sub(chunk.len() as u64)?;
    }
    Some(left)
}

/// Reads and discards the fields after a refused one, within what is `left` of the bound (none
/// left: the connection is cut), for the reason [`drain`] gives.
async fn drain_rest(form: &mut Multipart, left: Option<u64>) {
    let Some(mut left) = left else { return };
    while let Ok(Some(mut f)) = form.next_field().await {
        match drain(&mut f, left).await {
            Some(l) => left = l,
            None => break,
        }
    }
}

/// A recording's bytes, to listen to in the page (a regular file of `audio_dir` only).
pub(super) async fn listen(
    State(app): State<Arc<App>>,
    caller: Caller,
    Path(name): Path<String>,
) -> Result<Response, ApiError> {
    caller.may(Action::Read)?;
    let s = app.links.schedule.borrow().clone();
    let lang = caller.lang;
    let bytes = tokio::task::spawn_blocking(move || with_lang(lang, || library::read(&s, &name)))
        .await
        .map_err(failed)?
        .map_err(library_error)?;
    Ok(([(axum::http::header::CONTENT_TYPE, bytes.0)], bytes.1).into_response())
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

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use axum::body::{Body, Bytes};
    use axum::extract::FromRequest;
    use tokio_stream::StreamExt;

    use super::*;
    use crate::control::access::Role;
    use crate::i18n::Lang;

    /// An upload that cannot be written (the disk full, the folder gone) is read to its end
    /// before the refusal, as one too big is: answered with the rest unread, the sender — still
    /// sending — saw its connection reset instead of the words (`scripts/faults.sh web upload`,
    /// the audio folder on a full tmpfs).
    #[tokio::test]
    async fn an_upload_that_cannot_be_written_is_read_to_its_end_and_refused_in_words() {
        let d = tempfile::tempdir().unwrap();
        let not_a_folder = d.path().join("tep");
        std::fs::write(&not_a_folder, b"x").unwrap();
        let mut parts = vec![Bytes::from_static(
            b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"tin.wav\"\r\n\r\n",
        )];
        parts.extend((0..30).map(|_| Bytes::from(vec![0u8; 10_000])));
        parts.push(Bytes::from_static(b"\r\n--b--\r\n"));
        let total = parts.len();
        // Fed a part at a time (a network's pace), so that what is not asked for is not read.
        let (tx, rx) = tokio::sync::mpsc::channel(1);
        tokio::spawn(async move {
            for p in parts {
                if tx.send(Ok::<_, std::io::Error>(p)).await.is_err() {
                    break;
                }
            }
        });
        let pulled = std::sync::Arc::new(AtomicUsize::new(0));
        let counted = pulled.clone();
        let body = tokio_stream::wrappers::ReceiverStream::new(rx).map(move |p| {
            counted.fetch_add(1, Ordering::Relaxed);
            p
        });
        let request = axum::http::Request::builder()
            .header("content-type", "multipart/form-data; boundary=b")
            .body(Body::from_stream(body))
            .unwrap();
        let form = Multipart::from_request(request, &()).await.unwrap();
        let caller = Caller {
            name: "lan".into(),
            role: Role::Operator,
            lang: Lang::En,
            session: String::new(),
            csrf: String::new(),
        };
        let e = receive_into(&not_a_folder, 1_000_000, &caller, form, false, false)
            .await
            .unwrap_err();
        assert_eq!(e.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(e.message().contains("tep"), "{}", e.message());
        assert_eq!(
            pulled.load(Ordering::Relaxed),
            total,
            "the body read to its end"
        );
    }
}
