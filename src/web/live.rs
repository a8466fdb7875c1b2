//! `/api/v1/live` (spec §12): a person speaking from the console. The WebSocket is the
//! session's (its cookie), and only the console's own pages may open it: a browser sends any
//! site's cookies with a WebSocket, so a foreign `Origin` is refused before the upgrade
//! (cross-site WebSocket hijacking). The first message says the format ([`crate::live::hello`]);
//! then the sound comes, message by message, into the voice's buffer; the shell's word on where
//! the broadcast stands goes back as it changes. Nothing here decides anything: the request is
//! the socket's, the rules the dispatcher's.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::App;
use super::http::ApiError;
use super::login::Caller;
use crate::control::access::Action;
use crate::control::protocol::Request;
use crate::i18n::{Said, with_lang};
use crate::live::{Finish, LiveState, SILENCE, Voice, frames, hello};
use crate::t;

/// How long the first message may take.
const HELLO_WAIT: Duration = Duration::from_secs(10);
/// How long a sender who has finished is kept to hear how it ended.
const ENDING_WAIT: Duration = Duration::from_secs(10);
/// How long the sender's own close frame is waited for.
const CLOSE_WAIT: Duration = Duration::from_secs(5);
/// The largest message taken (200 ms of 192 kHz stereo is 154 KB), and frame.
const MAX_MESSAGE: usize = 256 * 1024;
/// A sender that reads nothing for this long is gone (its buffers are full).
const SEND_WAIT: Duration = Duration::from_secs(5);

/// Whether `Origin` is the console itself: the host (and port) the browser asked for. (Not the
/// scheme: behind a proxy doing TLS the console serves plain HTTP to a page loaded over HTTPS;
/// a page of another site has another host.)
fn same_origin(headers: &HeaderMap) -> bool {
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let authority = origin.and_then(|o| o.split_once("://")).map(|(_, a)| a);
    match (authority, host) {
        (Some(a), Some(h)) => a.eq_ignore_ascii_case(h),
        _ => false,
    }
}

pub(super) async fn socket(
    State(app): State<Arc<App>>,
    caller: Caller,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Result<Response, ApiError> {
    if !same_origin(&headers) {
        let origin = headers
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        tracing::warn!(user = %caller.name, origin = %origin, "live refused: not the console's own page");
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            with_lang(caller.lang, || t!("web-live-origin")),
        ));
    }
    Ok(ws
        .max_message_size(MAX_MESSAGE)
        .max_frame_size(MAX_MESSAGE)
        .on_upgrade(move |s| speak(app, caller, s))
        .into_response())
}

async fn send(ws: &mut WebSocket, state: &LiveState, lang: crate::i18n::Lang) -> bool {
    let text = state.json(lang).to_string();
    matches!(
        tokio::time::timeout(SEND_WAIT, ws.send(Message::Text(text.into()))).await,
        Ok(Ok(()))
    )
}

async fn refuse(mut ws: WebSocket, reason: String, lang: crate::i18n::Lang) {
    let said = LiveState::Refused {
        reason: Said::new(|| reason.clone()),
    };
    send(&mut ws, &said, lang).await;
    close(ws).await;
}

/// Ends the conversation cleanly: the close frame, then what the sender still had on its way
/// read and thrown away until its own close frame. (A socket closed with unread data is reset,
/// and a reset loses what the browser had not read yet — the page would say the connection was
/// lost instead of how the broadcast ended.)
async fn close(mut ws: WebSocket) {
    if ws.send(Message::Close(None)).await.is_err() {
        return;
    }
    let _ = tokio::time::timeout(CLOSE_WAIT, async {
        while let Some(Ok(m)) = ws.recv().await {
            if matches!(m, Message::Close(_)) {
                break;
            }
        }
    })
    .await;
}

/// One sender, from the first message to the end.
async fn speak(app: Arc<App>, caller: Caller, mut ws: WebSocket) {
    let lang = caller.lang;
    if let Err(e) = caller.may(Action::Live) {
        return refuse(ws, e.message().to_string(), lang).await;
    }
    let first = match tokio::time::timeout(HELLO_WAIT, ws.recv()).await {
        Ok(Some(Ok(Message::Text(t)))) => with_lang(lang, || hello::parse(&t)),
        Ok(Some(Ok(_))) => Err(with_lang(lang, || t!("live-hello-first"))),
        _ => return,
    };
    let reader = first.and_then(|h| with_lang(lang, || frames::Reader::new(h)));
    let mut reader = match reader {
        Ok(r) => r,
        Err(why) => return refuse(ws, why, lang).await,
    };
    let h = reader.hello();
    tracing::info!(user = %caller.name, format = ?h.format, rate = h.rate, channels = h.channels, emergency = h.emergency, "live: a speaker's sound arrives");
    let voice = Voice::new();
    let mut told = voice.state.subscribe();
    let asked = super::api::ask(
        &app,
        &caller,
        Request::Live {
            device: None,
            emergency: reader.hello().emergency,
            for_seconds: None,
            volume: None,
            voice: Some(voice.clone()),
        },
    )
    .await;
    if let Err(e) = asked {
        return refuse(ws, e.message().to_string(), lang).await;
    }
    let (rate, channels) = (reader.hello().rate, usize::from(reader.hello().channels));
    let mut finish = None;
    let mut heard = tokio::time::Instant::now();
    // Sound until the sender finishes, or it stops coming; what they are told as it changes.
    loop {
        tokio::select! {
            changed = told.changed() => {
                let state = told.borrow_and_update().clone();
                if changed.is_err() || state.over() {
                    send(&mut ws, &state, lang).await;
                    break;
                }
                if !send(&mut ws, &state, lang).await {
                    // They no longer hear: gone, as far as the loudspeakers are concerned.
                    finish = Some(Finish::Dropped);
                    break;
                }
            }
            got = tokio::time::timeout_at(heard + SILENCE, ws.recv()) => match got {
                Err(_) => { finish = Some(Finish::Silent); break; }
                Ok(None) | Ok(Some(Err(_))) => { finish = Some(Finish::Dropped); break; }
                Ok(Some(Ok(Message::Close(_)))) => { finish = Some(Finish::Done); break; }
                Ok(Some(Ok(Message::Binary(b)))) => match with_lang(lang, || reader.read(&b).map(<[f32]>::to_vec)) {
                    Ok(samples) => {
                        heard = tokio::time::Instant::now();
                        voice.push(rate, channels, &samples);
                    }
                    Err(why) => { finish = Some(Finish::Unreadable(why)); break; }
                },
                // `{"stop": true}` (any text after the first): they have finished.
                Ok(Some(Ok(Message::Text(_)))) => { finish = Some(Finish::Done); break; }
                Ok(Some(Ok(_))) => {}
            },
        }
    }
    let Some(how) = finish else {
        // Over (ended, refused): the shell has said so.
        return close(ws).await;
    };
    voice.buffer.close();
    let dropped = how == Finish::Dropped;
    let _ = super::api::ask(
        &app,
        &caller,
        Request::LiveEnd {
            link: voice.link.clone(),
            how,
        },
    )
    .await;
    if dropped {
        return;
    }
    // Tell them how it ended, if they are still there to hear it. (Sound still on its way after
    // their stop is read and not played.)
    let _ = tokio::time::timeout(ENDING_WAIT, async {
        loop {
            let state = told.borrow_and_update().clone();
            if state.over() {
                send(&mut ws, &state, lang).await;
                return;
            }
            tokio::select! {
                changed = told.changed() => if changed.is_err() { return },
                got = ws.recv() => match got {
                    Some(Ok(Message::Close(_)) | Err(_)) | None => return,
                    Some(Ok(_)) => {}
                },
            }
        }
    })
    .await;
    close(ws).await;
}
