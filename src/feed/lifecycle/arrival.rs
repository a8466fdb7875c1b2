//! How a bulletin comes to play: taken up again at start, arrived, fetched, held for the
//! commune or timed, decided, due, handed to the dispatcher. Part of the pure life cycle (no
//! clock, no I/O): see the module above.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::{Answer, Decision, Here, Lifecycle, Open, Reason, State, Station, unopened};
use crate::dispatch::{FromBulletin, Request, Target, Token};
use crate::feed::bulletin::{self, Bulletin, Level, Refusal, Sound};
use crate::feed::keys::PublicKey;
use crate::history::BulletinRecord;

impl Lifecycle {
    pub(super) fn restore(
        &mut self,
        records: Vec<BulletinRecord>,
        trusted: Option<&[PublicKey]>,
        now: DateTime<Utc>,
        out: &mut Vec<Decision>,
    ) {
        for mut rec in records {
            self.seen.insert(rec.id.clone());
            let undecided = matches!(rec.state.as_str(), "held" | "waiting");
            if let (true, Some(keys)) = (undecided, trusted) {
                match bulletin::open(rec.body.as_bytes(), keys, now, u64::MAX) {
                    Ok(b) => {
                        let due = (rec.state == State::Waiting.as_str())
                            .then(|| rec.accept_at.or(b.play_at).unwrap_or(now));
                        // Recordings fetched before a restart are found again (and checked again
                        // when it plays: the probe runs on each).
                        match &b.sound {
                            Sound::Audio(files) => out.push(Decision::Look {
                                id: rec.id.clone(),
                                files: files.clone(),
                            }),
                            Sound::Text(text) => out.push(Decision::Render {
                                id: rec.id.clone(),
                                text: text.clone(),
                            }),
                            _ => {}
                        }
                        let open = Open {
                            b,
                            due,
                            files: None,
                        };
                        self.open.insert(rec.id.clone(), open);
                    }
                    Err(_) => {
                        rec.state = State::Expired.as_str().into();
                        out.push(Decision::Keep(rec.clone()));
                    }
                }
            }
            self.kept.insert(rec.id.clone(), rec);
        }
        out.push(Decision::Sweep);
    }

    pub(super) fn arrived(
        &mut self,
        b: Bulletin,
        body: String,
        here: &Here,
        out: &mut Vec<Decision>,
    ) {
        if self.seen.contains(&b.id) {
            return unopened(b.id, Refusal::Replayed, out);
        }
        if let Some(s) = self.stops.iter().find(|s| s.ends(&b.id, b.issued)) {
            let why = Refusal::Stopped(s.id.clone());
            return unopened(b.id, why, out);
        }
        let rec = BulletinRecord {
            id: b.id.clone(),
            level: b.level.as_str().into(),
            title: b.title.clone(),
            received: here.now,
            expires: b.expires,
            play_at: b.play_at,
            body,
            state: State::Received.as_str().into(),
            reason: None,
            decided_by: None,
            decided_at: None,
            accept_at: None,
        };
        let id = b.id.clone();
        self.seen.insert(id.clone());
        self.kept.insert(id.clone(), rec.clone());
        out.push(Decision::Keep(rec));
        self.ack(&id, State::Received, None, out);
        // (A preset must be one this station holds; recordings are checked as they are fetched.)
        let files = match &b.sound {
            Sound::Audio(files) => Some(files.clone()),
            // Rendered first; decided when its sound is here.
            Sound::Text(text) => {
                let text = text.clone();
                self.open.insert(
                    id.clone(),
                    Open {
                        b,
                        due: None,
                        files: None,
                    },
                );
                self.set_state(&id, State::Fetching, None, out);
                return out.push(Decision::Render { id, text });
            }
            _ => {
                if let Err(reason) = request(&b, None, here.station) {
                    return self.refuse(&id, reason, out);
                }
                None
            }
        };
        // By when its recordings must be here: never past its time to play (or its expiry).
        let needed = match b.level {
            Level::Emergency => b.expires,
            _ => b
                .play_at
                .filter(|t| *t > here.now)
                .unwrap_or(b.expires)
                .min(b.expires),
        };
        let open = Open {
            b,
            due: None,
            files: None,
        };
        self.open.insert(id.clone(), open);
        match files {
            // Fetched first; decided when they are here.
            Some(files) => {
                self.set_state(&id, State::Fetching, None, out);
                let within = (needed - here.now).to_std().unwrap_or_default();
                out.push(Decision::Fetch { id, files, within });
            }
            None => self.ready(&id, here, out),
        }
    }

    pub(super) fn fetched(
        &mut self,
        id: &str,
        result: Result<Vec<PathBuf>, String>,
        here: &Here,
        out: &mut Vec<Decision>,
    ) {
        let Some(o) = self.open.get_mut(id) else {
            // Ended meanwhile (expired, stopped, revoked): what came is not needed.
            return out.push(Decision::Sweep);
        };
        match result {
            Ok(files) => {
                o.files = Some(files);
                // A text rendered again after a restart: its bulletin is held or waiting as it
                // was, not decided anew.
                let decided = self
                    .kept
                    .get(id)
                    .is_some_and(|r| matches!(r.state.as_str(), "held" | "waiting"));
                if !decided {
                    self.ready(id, here, out);
                }
            }
            Err(why) => {
                self.open.remove(id);
                self.refuse(id, Reason::Download(why), out);
            }
        }
    }

    /// A bulletin whose sound is here: held for the commune, timed, or played now.
    fn ready(&mut self, id: &str, here: &Here, out: &mut Vec<Decision>) {
        let Some(o) = self.open.get(id) else { return };
        if o.b.expires <= here.now {
            self.open.remove(id);
            return self.say(id, State::Expired, None, out);
        }
        let held = o.b.level == Level::Normal && here.station.hold_normal();
        let due = match o.b.level {
            Level::Emergency => None,
            _ => o.b.play_at.filter(|t| *t > here.now),
        };
        if held {
            self.set_state(id, State::Held, None, out);
        } else {
            self.schedule(id, due, here, out);
        }
    }

    /// Plays `id` at `due` (now when none), or waits for it.
    fn schedule(
        &mut self,
        id: &str,
        due: Option<DateTime<Utc>>,
        here: &Here,
        out: &mut Vec<Decision>,
    ) {
        match due {
            Some(t) => {
                if let Some(o) = self.open.get_mut(id) {
                    o.due = Some(t);
                }
                self.set_state(id, State::Waiting, None, out);
                self.ack(id, State::Queued, None, out);
            }
            None => self.play(id, here, out),
        }
    }

    /// Hands an open bulletin to the dispatcher now (or refuses it, if it cannot play here).
    fn play(&mut self, id: &str, here: &Here, out: &mut Vec<Decision>) {
        let Some(o) = self.open.remove(id) else {
            return;
        };
        match request(&o.b, o.files, here.station) {
            Ok(request) => out.push(Decision::Play {
                id: id.to_string(),
                request,
            }),
            Err(reason) => self.refuse(id, reason, out),
        }
    }

    pub(super) fn handed(
        &mut self,
        id: &str,
        answer: Result<Option<Token>, String>,
        out: &mut Vec<Decision>,
    ) {
        match answer {
            Ok(token) => {
                // One that waited for its time was acked `queued` when it began to wait.
                let acked = self.state_of(id) == Some(State::Waiting.as_str());
                if let Some(token) = token {
                    self.playing.insert(token, id.to_string());
                }
                self.set_state(id, State::Queued, None, out);
                if !acked {
                    self.ack(id, State::Queued, None, out);
                }
            }
            Err(words) => self.refuse(id, Reason::Dispatcher(words), out),
        }
    }

    pub(super) fn decided(
        &mut self,
        id: &str,
        accept: bool,
        at: Option<DateTime<Utc>>,
        by: String,
        here: &Here,
        out: &mut Vec<Decision>,
    ) {
        if !self.open.contains_key(id) {
            let answer = match self.state_of(id) {
                Some(state) => Answer::NotOpen(state.to_string()),
                None => Answer::NotFound,
            };
            return out.push(Decision::Answer(answer));
        }
        if let Some(rec) = self.kept.get_mut(id) {
            rec.decided_by = Some(by.clone());
            rec.decided_at = Some(here.now);
            rec.accept_at = at;
        }
        if !accept {
            self.open.remove(id);
            let why = Reason::Rejected { by };
            self.set_state(id, State::Rejected, Some(&why), out);
            self.ack(id, State::Refused, Some(why), out);
            return out.push(Decision::Answer(Answer::Rejected));
        }
        let due = at.filter(|t| *t > here.now);
        self.schedule(id, due, here, out);
        out.push(Decision::Answer(Answer::Accepted { at: due }));
    }

    /// Expires the open bulletins whose time passed, then plays those whose time came.
    pub(super) fn tick(&mut self, here: &Here, out: &mut Vec<Decision>) {
        let expired: Vec<String> = self
            .open
            .iter()
            .filter(|(_, o)| o.b.expires <= here.now)
            .map(|(id, _)| id.clone())
            .collect();
        for id in expired {
            self.open.remove(&id);
            self.say(&id, State::Expired, None, out);
        }
        let due: Vec<String> = self
            .open
            .iter()
            .filter(|(_, o)| o.due.is_some_and(|d| d <= here.now))
            .map(|(id, _)| id.clone())
            .collect();
        for id in due {
            self.play(&id, here, out);
        }
    }
}

/// What playing `b` asks of the dispatcher (`files`: its recordings, once fetched), or why it
/// cannot play here.
fn request(
    b: &Bulletin,
    files: Option<Vec<PathBuf>>,
    station: &dyn Station,
) -> Result<Request, Reason> {
    let target = match &b.sound {
        Sound::Preset(id) if station.has_preset(id) => Target::Id(id.clone()),
        Sound::Preset(id) => return Err(Reason::UnknownPreset(id.clone())),
        Sound::Stream { url, duration } => Target::Url {
            url: url.clone(),
            for_: Some(*duration),
        },
        Sound::Audio(_) => match files {
            Some(files) => Target::Recordings {
                id: b.id.clone(),
                title: b.title.clone(),
                files,
            },
            None => return Err(Reason::NotFetched),
        },
        Sound::Text(text) => match files.and_then(|f| f.into_iter().next()) {
            Some(sound) => Target::Text {
                text: text.clone(),
                sound,
                title: Some(b.title.clone()),
            },
            None => return Err(Reason::NotFetched),
        },
    };
    Ok(Request::Play {
        target,
        emergency: b.level == Level::Emergency,
        repeat: b.repeat,
        volume: None,
        by: format!("bulletin {}", b.id),
        bulletin: Some(FromBulletin {
            id: b.id.clone(),
            every: b.every,
            expires: b.expires,
        }),
        again: true,
    })
}
