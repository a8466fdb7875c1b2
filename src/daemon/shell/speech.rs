//! A text to read at once (spec §13: `loa play --text`, the console's text box): rendered on a
//! thread of its own with the running schedule's `[tts]` (seconds, never on the loop), then
//! asked again through the request channel with its sound, as if the caller had named the file.
//! A text that cannot be rendered is answered with why, in the caller's language.

use tokio::sync::{mpsc, oneshot};

use super::Shell;
use crate::control::protocol::{ErrorKind, Request as Wire, Response};
use crate::control::server::Incoming;

/// Where a text's request goes once its sound is ready.
#[derive(Default)]
pub(super) struct Speaking {
    pub(super) requests: Option<mpsc::Sender<Incoming>>,
}

impl Shell {
    /// The channel requests come in by: a text's request comes back on it, rendered.
    pub fn speak_through(&mut self, requests: &mpsc::Sender<Incoming>) {
        self.speaking.requests = Some(requests.clone());
    }

    /// Renders the text of `request` (a play with `text` and no sound yet) off the loop.
    pub(super) fn render_then_ask(
        &mut self,
        request: Wire,
        (user, reserved, reply, lang): (String, bool, oneshot::Sender<Response>, crate::i18n::Lang),
    ) {
        let Wire::Play {
            text: Some(text), ..
        } = &request
        else {
            return;
        };
        let Some(requests) = self.speaking.requests.clone() else {
            let _ = reply.send(Response::error(
                ErrorKind::Refused,
                crate::i18n::with_lang(lang, || crate::t!("reply-text-not-now")),
            ));
            return;
        };
        let tts = self.dispatcher.schedule().tts.clone();
        let state_dir = self.opts.state_dir.clone();
        let text = text.clone();
        let spawned = std::thread::Builder::new()
            .name("loa-tts".into())
            .spawn(move || {
                match crate::tts::prepare::text_sound(&tts, &text, &state_dir) {
                    Ok((_, sound)) => {
                        let mut request = request;
                        if let Wire::Play { sound: s, .. } = &mut request {
                            *s = Some(sound);
                        }
                        let again = Incoming {
                            request,
                            user,
                            reserved,
                            reply,
                            lang: Some(lang),
                        };
                        // The daemon is stopping when this fails: the caller hears the socket
                        // close.
                        let _ = requests.blocking_send(again);
                    }
                    Err(e) => {
                        tracing::warn!(by = %user, "a text cannot be read aloud: {}", e.0.en());
                        let _ = reply.send(Response::error(
                            ErrorKind::Refused,
                            crate::i18n::with_lang(lang, || {
                                crate::t!("reply-text-failed", why = e.0.get(lang))
                            }),
                        ));
                    }
                }
            });
        if let Err(e) = spawned {
            tracing::error!("cannot start reading a text aloud: {e}");
        }
    }
}
