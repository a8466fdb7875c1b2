//! The shell's side of live (spec §12): the voices of people speaking, known by the broadcast
//! each became; what each sender is told as the dispatcher's effects go by (waiting, on air,
//! ended); their end, handed to the dispatcher. What a live broadcast may do is the
//! dispatcher's (`dispatch::live`); this file only carries it out.

use super::*;
use crate::i18n::Said;
use crate::live::{Finish, LiveState, Voice};

/// The voices asked for, by the broadcast each became (and that broadcast's id).
#[derive(Default)]
pub struct Voices {
    by_token: HashMap<Token, (String, Voice)>,
}

impl Shell {
    /// A live broadcast asked for: the dispatcher decides; the sender is told.
    pub(super) fn live_request(
        &mut self,
        (emergency, for_seconds, voice): (bool, Option<u64>, Voice),
        by: String,
        reply: oneshot::Sender<Response>,
    ) {
        let req = Request::Play {
            target: Target::Live {
                link: voice.link.clone(),
                for_: for_seconds.map(Duration::from_secs),
            },
            emergency,
            repeat: None,
            volume: None,
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
                    self.voices.by_token.insert(token, (id, voice));
                }
                let _ = reply.send(Response::ok(a.message));
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

    /// The id of a broadcast still waiting its turn.
    fn queued_id(&self, token: Token) -> Option<String> {
        self.dispatcher.queued_id(token)
    }

    /// A sender's sound has ended.
    pub(super) fn live_end(&mut self, link: &str, how: Finish) {
        let Some((&token, (id, voice))) = self
            .voices
            .by_token
            .iter()
            .find(|(_, (_, v))| v.link == link)
        else {
            return;
        };
        voice.buffer.close();
        tracing::info!(id = %id, "the speaker's sound ended: {how:?}");
        let fx = self.dispatcher.end_live(token, how.end(), self.now());
        self.execute(fx);
    }

    /// What the player plays for a voice.
    pub(super) fn voice_input(&self, link: &str) -> Option<LiveInput> {
        let (_, v) = self
            .voices
            .by_token
            .values()
            .find(|(_, v)| v.link == link)?;
        Some(LiveInput {
            buffer: v.buffer.clone(),
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
                    if let Some((id, v)) = self.voices.by_token.get(token) {
                        v.record_into(
                            self.opts
                                .state_dir
                                .join(crate::live::record::DIR)
                                .join(format!("{id}.opus")),
                        );
                        v.tell(LiveState::OnAir);
                    }
                }
                Effect::RecordFinish { token, end } => {
                    if let Some((_, v)) = self.voices.by_token.remove(token) {
                        v.buffer.close();
                        v.stop_recording();
                        v.tell(LiveState::Ended {
                            outcome: end.outcome,
                            reason: end.reason.clone(),
                        });
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
                        .find(|(_, (id, _))| *id == row.id)
                        .map(|(t, _)| *t);
                    if let Some((_, v)) = gone.and_then(|t| self.voices.by_token.remove(&t)) {
                        v.buffer.close();
                        v.stop_recording();
                        v.tell(LiveState::Ended {
                            outcome: *outcome,
                            reason: Some(reason.clone()),
                        });
                    }
                }
                _ => {}
            }
        }
    }

    /// Tells senders not on air yet where they stand.
    pub(super) fn voices_waiting(&self) {
        let now = self.now();
        for (token, (_, v)) in &self.voices.by_token {
            if let Some(w) = self.dispatcher.live_waiting(*token, now) {
                v.tell(LiveState::Waiting {
                    seconds: w.seconds,
                    behind: w.behind,
                });
            }
        }
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
