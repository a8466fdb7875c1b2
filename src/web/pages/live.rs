//! The live page (spec §12): an officer speaks from the phone. Press to start, press to stop;
//! a level meter of the microphone, the countdown of the amplifier's lead, "on air" in large
//! letters. Its script (`live.js`, with the AudioWorklet `live-worklet.js`) takes the
//! microphone, cuts it into 20 ms frames and sends them to `/api/v1/live`; what it shows is what
//! the daemon says. Without a microphone or a script, the page says what is missing.

use std::sync::Arc;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
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
