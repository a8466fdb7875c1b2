//! The recordings page: each recording of `audio_dir` with its length, loudness, which
//! announcements use it, a player to listen to it, and (for an operator) delete; an upload form
//! (a phone's file picker: MP3, M4A, WAV, FLAC, Ogg, a Zalo voice message in Opus). The upload
//! goes through the API's own [`crate::web::audio::receive`]: decoded in full before it is kept.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Multipart, State};
use axum::http::HeaderMap;
use axum::response::Response;
use maud::html;

use super::{Page, back, is_operator, layout, refused};
use crate::audio::library;
use crate::control::access::Action;
use crate::i18n::with_lang;
use crate::t;
use crate::web::App;

fn url_of(name: &str) -> String {
    url::form_urlencoded::byte_serialize(name.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

pub(in crate::web) async fn page(
    State(app): State<Arc<App>>,
    Page(caller): Page,
    headers: HeaderMap,
) -> Response {
    let s = app.links.schedule.borrow().clone();
    let lib = app.library.clone();
    let s2 = s.clone();
    let list = tokio::task::spawn_blocking(move || {
        lib.lock().map(|mut l| l.list(&s2)).unwrap_or_default()
    })
    .await
    .unwrap_or_default();
    let body = with_lang(caller.lang, || {
        html! {
            @if is_operator(&caller) {
                form method="post" action="/recordings/upload" enctype="multipart/form-data" {
                    input type="hidden" name="csrf" value=(caller.csrf);
                    label for="file" { (t!("page-recordings-pick")) }
                    input #file type="file" name="file" accept="audio/*,.mp3,.m4a,.wav,.flac,.ogg,.oga,.opus,.webm,.aac" required;
                    label { input type="checkbox" name="replace" value="1"; " " (t!("page-recordings-replace")) }
                    p { button.primary type="submit" { (t!("page-recordings-upload")) } }
                }
            }
            @if list.is_empty() { p.muted { (t!("page-recordings-none")) } }
            @for r in &list {
                article.panel {
                    h2 { (r.name) }
                    dl.facts {
                        dt { (t!("page-col-length")) } dd { (r.duration_seconds.map(crate::audio::probe::mmss).unwrap_or_else(|| "?".into())) }
                        dt { (t!("page-recordings-loudness")) } dd { (r.loudness_lufs.map(|l| format!("{} LUFS", crate::i18n::words::decimal(l, 1))).unwrap_or_else(|| "—".into())) }
                        dt { (t!("page-recordings-used-by")) } dd { @if r.used_by.is_empty() { span.muted { (t!("page-recordings-unused")) } } @else { (r.used_by.iter().map(|u| if u == "[station]" { t!("page-recordings-station-chime") } else { u.clone() }).collect::<Vec<_>>().join(", ")) } }
                    }
                    audio controls preload="none" src=(format!("/api/v1/audio/{}", url_of(&r.name))) aria-label=(r.name) {}
                    @if is_operator(&caller) && r.used_by.is_empty() {
                        form method="post" action="/recordings/delete" {
                            input type="hidden" name="csrf" value=(caller.csrf);
                            input type="hidden" name="name" value=(r.name);
                            button type="submit" { (t!("page-recordings-delete")) }
                        }
                    }
                }
            }
        }
    });
    let title = with_lang(caller.lang, || t!("page-recordings"));
    layout(
        &caller,
        &headers,
        &s.station.name,
        &title,
        "/recordings",
        body,
    )
}

pub(in crate::web) async fn upload(
    State(app): State<Arc<App>>,
    Page(caller): Page,
    form: Multipart,
) -> Response {
    match crate::web::audio::receive(&app, &caller, form, false, true).await {
        Ok(r) => back(
            "/recordings",
            true,
            with_lang(caller.lang, || {
                t!("page-recordings-kept", name = r.name.as_str())
            }),
        ),
        Err(e) => back("/recordings", false, e.message().to_string()),
    }
}

pub(in crate::web) async fn delete(
    State(app): State<Arc<App>>,
    Page(caller): Page,
    bytes: Bytes,
) -> Response {
    let p: Vec<(String, String)> = url::form_urlencoded::parse(&bytes).into_owned().collect();
    let get = |k: &str| p.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    if let Some(r) = refused(&caller, get("csrf").as_deref(), Action::Recordings) {
        return r;
    }
    let name = get("name").unwrap_or_default();
    let s = app.links.schedule.borrow().clone();
    let lang = caller.lang;
    let n = name.clone();
    let done =
        tokio::task::spawn_blocking(move || with_lang(lang, || library::delete(&s, &n))).await;
    match done {
        Ok(Ok(())) => {
            tracing::info!(user = %caller.name, name = %name, "recording deleted");
            back(
                "/recordings",
                true,
                with_lang(lang, || t!("web-recording-deleted", name = name.as_str())),
            )
        }
        Ok(Err(e)) => back("/recordings", false, e.to_string()),
        Err(e) => back("/recordings", false, e.to_string()),
    }
}
