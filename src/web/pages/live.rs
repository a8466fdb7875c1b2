//! The live page (spec §12): an officer speaks from the phone. Press to start, press to stop;
//! a level meter of the microphone, the countdown of the amplifier's lead, "on air" in large
//! letters. Its script (`live.js`, with the AudioWorklet `live-worklet.js`) takes the
//! microphone, cuts it into 20 ms frames and sends them to `/api/v1/live`; what it shows is what
//! the daemon says. Without a microphone or a script, the page says what is missing.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::html;

use super::{Page, is_operator, layout};
use crate::i18n::with_lang;
use crate::t;
use crate::web::App;

pub(in crate::web) async fn page(
    State(app): State<Arc<App>>,
    Page(caller): Page,
    headers: HeaderMap,
) -> Response {
    let station = app.links.schedule.borrow().station.name.clone();
    let body = with_lang(caller.lang, || {
        html! {
            @if !is_operator(&caller) {
                p.warn { (t!("page-live-viewer")) }
            } @else {
                section #live
                    data-ready=(t!("page-live-ready"))
                    data-asking=(t!("page-live-asking"))
                    data-waiting=(t!("page-live-waiting"))
                    data-behind=(t!("page-live-behind"))
                    data-on-air=(t!("page-live-on-air"))
                    data-ended=(t!("page-live-ended"))
                    data-refused=(t!("page-live-refused"))
                    data-no-mic=(t!("page-live-no-mic"))
                    data-lost=(t!("page-live-lost"))
                {
                    p #live-state.live-state role="status" aria-live="assertive" { (t!("page-live-ready")) }
                    p #live-detail role="status" {}
                    label.check {
                        input #live-emergency type="checkbox";
                        " " (t!("page-live-emergency"))
                    }
                    div.live-buttons {
                        button #live-start.primary.big type="button" { (t!("page-live-start")) }
                        button #live-stop.big type="button" disabled { (t!("page-live-stop")) }
                    }
                    label for="live-level" { (t!("page-live-level")) }
                    meter #live-level min="0" max="1" value="0" {}
                    noscript { p.warn { (t!("page-live-no-script")) } }
                }
                script src="/assets/live.js" defer {}
            }
            p.hint { (t!("page-live-hint")) }
        }
    });
    let title = with_lang(caller.lang, || t!("page-live"));
    layout(&caller, &headers, &station, &title, "/live", body)
}

/// A kept recording's name as history writes it (`live/live-20261206-091500.opus`), when it is
/// one: nothing else is served from the state directory.
pub(in crate::web) fn kept_name(file: &str) -> Option<&str> {
    let name = file.strip_prefix("live/")?;
    let stem = name.strip_prefix("live-")?.strip_suffix(".opus")?;
    stem.bytes()
        .all(|b| b.is_ascii_digit() || b == b'-')
        .then_some(name)
}

/// `/history/live/NAME`: what was said, to listen to in the history page.
pub(in crate::web) async fn recording(
    State(app): State<Arc<App>>,
    Page(_caller): Page,
    Path(name): Path<String>,
) -> Response {
    let Some(name) = kept_name(&format!("live/{name}")).map(str::to_string) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let file = app
        .links
        .state_dir
        .join(crate::live::record::DIR)
        .join(&name);
    match tokio::task::spawn_blocking(move || std::fs::read(file))
        .await
        .map_err(std::io::Error::other)
        .and_then(|r| r)
    {
        Ok(bytes) => ([(header::CONTENT_TYPE, "audio/ogg")], bytes).into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_a_kept_recording_is_served() {
        use super::kept_name;
        assert_eq!(
            kept_name("live/live-20261206-091500.opus"),
            Some("live-20261206-091500.opus")
        );
        for bad in [
            "live/../web.key",
            "live/live-2026/../../x.opus",
            "tts/abc.wav",
            "live/live-20261206.wav",
            "live/x.opus",
        ] {
            assert_eq!(kept_name(bad), None, "{bad}");
        }
    }
}
