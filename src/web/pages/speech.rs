//! The now page's text box (spec §11, §13): an operator types a notice, hears it first ("Nghe
//! thử": the reading shown and its sound played in the page, rendered with the station's
//! `[tts]` into the same cache the daemon uses) and has it read on the loudspeakers ("Đọc
//! ngay": the same play request as `loa play --text`, answered as the socket answers it).

use std::sync::Arc;

use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::{Page, answered, layout, refused};
use crate::control::access::Action;
use crate::control::protocol::Request;
use crate::i18n::with_lang;
use crate::t;
use crate::web::App;
use crate::web::api::ask;

/// The form, empty or with the text typed.
pub(super) fn form(csrf: &str, text: &str) -> Markup {
    html! {
        form.text method="post" action="/now/text" {
            input type="hidden" name="csrf" value=(csrf);
            label for="tts-text" { (t!("page-text-label")) }
            textarea #tts-text name="text" rows="4" maxlength=(crate::schedule::MAX_TEXT) required placeholder=(t!("page-text-placeholder")) { (text) }
            button type="submit" name="action" value="preview" { (t!("page-text-preview")) }
            button.primary type="submit" name="action" value="play" { (t!("page-text-play")) }
        }
    }
}

#[derive(Deserialize)]
pub(in crate::web) struct TextForm {
    csrf: Option<String>,
    text: String,
    action: Option<String>,
}

pub(in crate::web) async fn text(
    State(app): State<Arc<App>>,
    Page(caller): Page,
    headers: HeaderMap,
    Form(f): Form<TextForm>,
) -> Response {
    if let Some(r) = refused(&caller, f.csrf.as_deref(), Action::Control) {
        return r;
    }
    if f.action.as_deref() != Some("preview") {
        let r = Request::Play {
            target: String::new(),
            emergency: false,
            repeat: None,
            volume: None,
            for_seconds: None,
            again: false,
            text: Some(f.text),
            sound: None,
        };
        return answered("/", ask(&app, &caller, r).await);
    }
    let schedule = app.links.schedule.borrow().clone();
    let (tts, state_dir, lang) = (
        schedule.tts.clone(),
        app.links.state_dir.clone(),
        caller.lang,
    );
    let text = f.text.clone();
    let rendered = tokio::task::spawn_blocking(move || {
        with_lang(lang, || {
            crate::tts::prepare::text_sound(&tts, &text, &state_dir).map_err(|e| e.to_string())
        })
    })
    .await
    .unwrap_or_else(|e| Err(e.to_string()));
    let body = with_lang(caller.lang, || {
        html! {
            h2 { (t!("page-text-preview")) }
            @match &rendered {
                Ok((reading, sound)) => {
                    p { (t!("page-text-reading")) }
                    blockquote.reading { (reading) }
                    @if let Some(name) = sound.file_name().and_then(|n| n.to_str()) {
                        audio controls src=(format!("/now/sound/{name}")) {}
                    }
                }
                Err(why) => p.warn { (t!("reply-text-failed", why = why.as_str())) },
            }
            (form(&caller.csrf, &f.text))
            p { a href="/" { (t!("page-text-back")) } }
        }
    });
    let title = with_lang(caller.lang, || t!("page-text-preview"));
    layout(&caller, &headers, &schedule.station.name, &title, "/", body)
}

/// A rendered text's sound, to hear in the page: a file of the state directory's `tts/` named
/// as the cache names them, nothing else.
pub(in crate::web) async fn sound(
    State(app): State<Arc<App>>,
    Page(_caller): Page,
    Path(name): Path<String>,
) -> Response {
    let cache = crate::tts::cache::Cache::new(&app.links.state_dir);
    let Some(path) = cache.named(&name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match tokio::task::spawn_blocking(move || std::fs::read(&path)).await {
        Ok(Ok(bytes)) => ([(header::CONTENT_TYPE, "audio/wav")], bytes).into_response(),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}
