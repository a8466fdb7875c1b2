//! The shell's side of live (spec §12): the voices of people speaking, known by the broadcast
//! each became; what each sender is told as the dispatcher's effects go by (waiting, on air,
//! ended); their end, handed to the dispatcher. What a live broadcast may do is the
//! dispatcher's (`dispatch::live`); this file only carries it out.

use super::*;
use crate::i18n::Said;
use crate::live::{Finish, LiveState, Voice};

/// A voice asked for: the broadcast's id, its sound, the capture that fills it (`loa live`),
/// and where its end is answered (the socket's `live`, answered when it ends) in the asker's
/// language.
pub(super) struct Speaker {
    id: String,
    voice: Voice,
    /// Dropped with the speaker (or when they finish): the capture stops.
    capture: Option<crate::live::capture::Capture>,
    done: Option<(oneshot::Sender<Response>, crate::i18n::Lang)>,
}

/// The voices asked for, by the broadcast each became.
#[derive(Default)]
pub struct Voices {
    by_token: HashMap<Token, Speaker>,
}

/// A `live` request, as the shell takes it.
pub(super) struct LiveAsk {
    pub device: Option<String>,
    pub emergency: bool,
    pub for_seconds: Option<u64>,
    pub volume: Option<u8>,
    /// The console's sender; `None`: a capture device of the station.
    pub voice: Option<Voice>,
}

impl Shell {
    /// A live broadcast asked for: the dispatcher decides; the sender is told. From the socket
    /// (`loa live`), the station's capture device is opened first (a missing microphone is said
    /// at once), and the answer waits for the end; the client going away ends it.
    pub(super) fn live_request(
        &mut self,
        ask: LiveAsk,
        by: String,
        (reply, lang): (oneshot::Sender<Response>, crate::i18n::Lang),
    ) {
        let from_socket = ask.voice.is_none();
        let voice = ask.voice.unwrap_or_default();
        let capture = if from_socket {
            let (link, requests) = (voice.link.clone(), self.speaking.requests.clone());
            let ended = move |how: Finish| {
                // (Never waits: the loop may be dropping this very capture.)
                if let Some(r) = requests {
                    let _ = r.try_send(end_request(link, how));
                }
            };
            match crate::live::capture::open(ask.device.clone(), voice.clone(), ended) {
                Ok(c) => Some(c),
                Err(why) => {
                    tracing::warn!(by = %by, "refused to go live: {why}");
                    let m = crate::t!("reply-live-no-mic", why = why.as_str());
                    let _ = reply.send(Response::error(ErrorKind::Failed, m));
                    return;
                }
            }
        } else {
            None
        };
        let req = Request::Play {
            target: Target::Live {
                link: voice.link.clone(),
                for_: ask.for_seconds.map(Duration::from_secs),
            },
            emergency: ask.emergency,
            repeat: None,
            volume: ask.volume,
            by: by.clone(),
            bulletin: None,
            again: false,
        };
        tracing::info!(by = %by, "request: {req}");
        let (answer, fx) = self.dispatcher.request(req, self.now());
        match answer {
            Ok(a) => {
                if let Some(token) = a.token {
                    let id = self.known_id_after(&fx, token);
                    let id = match id.as_str() {
                        "it" => self.queued_id(token).unwrap_or(id),
                        _ => id,
                    };
                    let done = if from_socket {
                        Some(self.answer_at_the_end(&voice, reply, lang))
                    } else {
                        let _ = reply.send(Response::ok(a.message));
                        None
                    };
                    self.voices.by_token.insert(
                        token,
                        Speaker {
                            id,
                            voice,
                            capture,
                            done,
                        },
                    );
                }
            }
            Err(r) => {
                let m = r.to_string();
                tracing::warn!(by = %by, "refused to go live: {m}");
                voice.tell(LiveState::Refused {
                    reason: Said::new(|| r.to_string()),
                });
                let _ = reply.send(Response::error(ErrorKind::Refused, m));
            }
        }
        self.execute(fx);
    }

    /// The socket's `live` is answered when the broadcast ends; if its client goes away first
    /// (Ctrl-C on `loa live`), the speaker has finished.
    fn answer_at_the_end(
        &self,
        voice: &Voice,
        mut reply: oneshot::Sender<Response>,
        lang: crate::i18n::Lang,
    ) -> (oneshot::Sender<Response>, crate::i18n::Lang) {
        let (done_tx, done_rx) = oneshot::channel::<Response>();
        let (link, requests) = (voice.link.clone(), self.speaking.requests.clone());
        tokio::spawn(async move {
            tokio::select! {
                r = done_rx => {
                    if let Ok(r) = r {
                        let _ = reply.send(r);
                    }
                }
                () = reply.closed() => {
                    if let Some(rq) = requests {
                        let _ = rq.send(end_request(link, Finish::Done)).await;
                    }
                }
            }
        });
        (done_tx, lang)
    }

    /// The id of a broadcast still waiting its turn.
    fn queued_id(&self, token: Token) -> Option<String> {
        self.dispatcher.queued_id(token)
    }

    /// A sender's sound has ended.
    pub(super) fn live_end(&mut self, link: &str, how: Finish) {
        let Some((&token, sp)) = self
            .voices
            .by_token
            .iter_mut()
            .find(|(_, sp)| sp.voice.link == link)
        else {
            return;
        };
        sp.voice.buffer.close();
        // The microphone is released now (what it gave plays out).
        sp.capture.take();
        tracing::info!(id = %sp.id, "the speaker's sound ended: {how:?}");
        let fx = self.dispatcher.end_live(token, how.end(), self.now());
        self.execute(fx);
    }

    /// What the player plays for a voice.
    pub(super) fn voice_input(&self, link: &str) -> Option<LiveInput> {
        let sp = self
            .voices
            .by_token
            .values()
            .find(|sp| sp.voice.link == link)?;
        Some(LiveInput {
            buffer: sp.voice.buffer.clone(),
            fallback: Vec::new(),
            fallback_after: Duration::from_secs(24 * 3600),
            voice: true,
        })
    }

    /// Tells senders what the effects about to be carried out mean for them: on air, ended.
    pub(super) fn voices_see(&mut self, fx: &[Effect]) {
        if self.voices.by_token.is_empty() {
            return;
        }
        for e in fx {
            match e {
                Effect::RecordStarted { token, .. } => {
                    if let Some(sp) = self.voices.by_token.get(token) {
                        sp.voice.record_into(
                            self.opts
                                .state_dir
                                .join(crate::live::record::DIR)
                                .join(format!("{}.opus", sp.id)),
                        );
                        sp.voice.tell(LiveState::OnAir);
                    }
                }
                Effect::RecordFinish { token, end } => {
                    if let Some(sp) = self.voices.by_token.remove(token) {
                        sp.end(end.outcome, end.reason.clone());
                    }
                }
                Effect::Record {
                    row,
                    outcome,
                    reason,
                } => {
                    let gone = self
                        .voices
                        .by_token
                        .iter()
                        .find(|(_, sp)| sp.id == row.id)
                        .map(|(t, _)| *t);
                    if let Some(sp) = gone.and_then(|t| self.voices.by_token.remove(&t)) {
                        sp.end(*outcome, Some(reason.clone()));
                    }
                }
                _ => {}
            }
        }
    }

    /// Tells senders not on air yet where they stand.
    pub(super) fn voices_waiting(&self) {
        let now = self.now();
        for (token, sp) in &self.voices.by_token {
            if let Some(w) = self.dispatcher.live_waiting(*token, now) {
                sp.voice.tell(LiveState::Waiting {
                    seconds: w.seconds,
                    behind: w.behind,
                });
            }
        }
    }
}

impl Speaker {
    /// Its broadcast has ended: the sound closed, the recording finished, the sender told, the
    /// socket's `live` answered.
    fn end(self, outcome: crate::history::Outcome, reason: Option<Said>) {
        self.voice.buffer.close();
        self.voice.stop_recording();
        if let Some((tx, lang)) = self.done {
            let words = crate::i18n::with_lang(lang, || {
                let outcome = crate::t!("history-outcome", value = outcome.to_string());
                match &reason {
                    Some(r) => crate::t!(
                        "reply-live-ended-why",
                        outcome = outcome,
                        why = r.get(lang).to_string()
                    ),
                    None => crate::t!("reply-live-ended", outcome = outcome),
                }
            });
            // `loa stop` is one of the ends spec §12 names for `loa live`, like `--for`.
            use crate::history::Outcome as O;
            let _ = tx.send(match outcome {
                O::Played | O::Stopped => Response::ok(words),
                _ => Response::error(ErrorKind::Failed, words),
            });
        }
        self.voice.tell(LiveState::Ended { outcome, reason });
    }
}

/// The request that says a speaker's sound has ended (sent by a capture's thread, or by the
/// task that waits for a `loa live` client).
fn end_request(link: String, how: Finish) -> Incoming {
    let (reply, _) = oneshot::channel();
    Incoming {
        request: Wire::LiveEnd { link, how },
        user: "loa".into(),
        reserved: false,
        reply,
        lang: None,
    }
}

/// Removes what was said live longer ago than `keep` (the files of `live/` by their time).
pub fn prune(state_dir: &std::path::Path, keep: Duration) {
    let dir = state_dir.join(crate::live::record::DIR);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let now: std::time::SystemTime = crate::clock::Clock::now(&crate::clock::SystemClock).into();
    for e in entries.flatten() {
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > keep);
        if old && std::fs::remove_file(e.path()).is_ok() {
            tracing::info!(file = %e.path().display(), "a live recording older than [live] keep removed");
        }
    }
}
