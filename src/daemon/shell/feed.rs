//! The shell's side of the provincial feed (spec §9): bulletins judged and handed to the
//! dispatcher, acks for each step, the retained status on change and every `status_every`.
//! The feed's task only carries messages ([`crate::feed::client`]); what a bulletin means is
//! decided here, with the daemon's clock and schedule.

use std::time::Instant;

use chrono::SecondsFormat;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use super::Shell;
use crate::dispatch::{Refusal, Request, Target, Token};
use crate::feed::bulletin::{self, Bulletin, Level, Sound};
use crate::feed::client::{Feed, In, Out};
use crate::t;

/// The feed as the shell knows it.
#[derive(Default)]
pub struct FeedState {
    feed: Option<Feed>,
    /// The `[fleet]` it was started with, to restart it when a reload changes it.
    started_with: String,
    pub connected: bool,
    pub down: Option<String>,
    /// Bulletin ids already taken (a replay is refused).
    seen: std::collections::HashSet<String>,
    /// Broadcasts that play a bulletin, to ack how they ended.
    pub playing: std::collections::HashMap<Token, String>,
    last_status: Option<Value>,
    pub status_at: Option<Instant>,
}

impl Shell {
    /// Starts, restarts or stops the feed as the running schedule's `[fleet]` says.
    pub fn feed_follow_schedule(&mut self, to_shell: &mpsc::UnboundedSender<In>) {
        let fleet = self.dispatcher.schedule().fleet.clone();
        let key = format!("{fleet:?}");
        if self.feed.feed.is_some() && self.feed.started_with == key {
            return;
        }
        self.feed.feed = None;
        self.feed.connected = false;
        self.feed.status_at = None;
        if let Some(f) = fleet {
            tracing::info!(broker = %f.broker, node = %f.node, "feed: starting");
            self.feed.feed = Some(Feed::spawn(&f, to_shell.clone()));
            self.feed.started_with = key;
        }
    }

    pub fn feed_event(&mut self, e: In) {
        match e {
            In::Connected => {
                self.feed.connected = true;
                self.feed.down = None;
                self.feed.last_status = None;
                self.publish_status();
            }
            In::Down(why) => {
                self.feed.connected = false;
                self.feed.down = Some(why);
            }
            In::Bulletin(bytes) => self.bulletin(&bytes),
        }
    }

    fn ack(&self, id: &str, state: &str, reason: Option<(&str, String)>) {
        let Some(f) = &self.feed.feed else { return };
        let mut a = json!({
            "id": id,
            "state": state,
            "at": self.now().to_rfc3339_opts(SecondsFormat::Millis, true),
        });
        if let Some((code, words)) = reason {
            a["code"] = json!(code);
            a["reason"] = json!(words);
        }
        f.send(Out::Ack(a.to_string()));
    }

    fn bulletin(&mut self, bytes: &[u8]) {
        let Some(fleet) = self.dispatcher.schedule().fleet.clone() else {
            return;
        };
        let now = self.now();
        // The id, if the message has one, to say which bulletin a refusal is about.
        let claimed = serde_json::from_slice::<Value>(bytes)
            .ok()
            .and_then(|v| v.get("id").and_then(Value::as_str).map(str::to_owned))
            .unwrap_or_default();
        let b = match bulletin::open(bytes, &fleet.trusted_keys, now, fleet.max_download) {
            Ok(b) if self.feed.seen.contains(&b.id) => Err(bulletin::Refusal::Replayed),
            other => other,
        };
        let b = match b {
            Ok(b) => b,
            Err(r) => {
                tracing::warn!(bulletin = %claimed, "bulletin refused: {r}");
                let state = match r {
                    bulletin::Refusal::Expired { .. } => "expired",
                    _ => "refused",
                };
                self.ack(&claimed, state, Some((r.code(), r.to_string())));
                return;
            }
        };
        self.feed.seen.insert(b.id.clone());
        tracing::info!(bulletin = %b.id, level = b.level.as_str(), title = %b.title, "bulletin received");
        self.ack(&b.id, "received", None);
        match self.bulletin_request(&b) {
            Ok(req) => self.bulletin_play(&b, req),
            Err((code, words)) => {
                tracing::warn!(bulletin = %b.id, "bulletin refused: {words}");
                self.ack(&b.id, "refused", Some((code, words)));
            }
        }
    }

    /// What playing `b` asks of the dispatcher, or why it cannot play here.
    fn bulletin_request(&self, b: &Bulletin) -> Result<Request, (&'static str, String)> {
        let target = match &b.sound {
            Sound::Preset(id) => match self.dispatcher.schedule().emergency(id) {
                Some(e) => Target::Id(e.id.clone()),
                None => {
                    return Err((
                        "unknown-preset",
                        t!("bulletin-unknown-preset", preset = id.as_str()),
                    ));
                }
            },
            Sound::Stream { url, duration } => Target::Url {
                url: url.clone(),
                for_: Some(*duration),
            },
            Sound::Audio(_) => {
                return Err(("not-supported", t!("bulletin-audio-not-yet")));
            }
        };
        Ok(Request::Play {
            target,
            emergency: b.level == Level::Emergency,
            repeat: b.repeat,
            volume: None,
            by: format!("bulletin {}", b.id),
        })
    }

    fn bulletin_play(&mut self, b: &Bulletin, req: Request) {
        let (answer, fx) = self.dispatcher.request(req, self.now());
        match answer {
            Ok(a) => {
                if let Some(token) = a.follow {
                    self.feed.playing.insert(token, b.id.clone());
                }
                self.ack(&b.id, "queued", None);
            }
            Err(Refusal::NotFound(m) | Refusal::Refused(m)) => {
                tracing::warn!(bulletin = %b.id, "bulletin not played: {m}");
                self.ack(&b.id, "refused", Some(("refused", m)));
            }
        }
        self.execute(fx);
    }

    /// A broadcast ended: if it played a bulletin, say how.
    pub fn bulletin_ended(&mut self, token: Token, outcome: &str, reason: Option<&str>) {
        if let Some(id) = self.feed.playing.remove(&token) {
            let state = if outcome == "played" {
                "played"
            } else {
                outcome
            };
            self.ack(&id, state, reason.map(|r| ("outcome", r.to_string())));
        }
    }

    /// The retained status, when it changed (and on `status_every`, [`Shell::feed_heartbeat`]).
    pub fn publish_status(&mut self) {
        let Some(fleet) = self.dispatcher.schedule().fleet.clone() else {
            return;
        };
        if self.feed.feed.is_none() || !self.feed.connected {
            return;
        }
        let s = self.status();
        let playing = s["playing"].as_object().map(|p| {
            json!({ "id": p.get("id"), "source": p.get("source"), "started": p.get("started") })
        });
        let body = json!({
            "online": true,
            "node": fleet.node,
            "version": env!("CARGO_PKG_VERSION"),
            "playing": playing,
            "next": s["next"].get(0),
            "output": s["output"],
            "clock_synced": s["clock_synced"],
            "schedule": {
                "hash": blake3::hash(self.dispatcher.schedule().text.as_bytes()).to_hex()[..16],
                "loaded": s["schedule"]["loaded_at"],
                "errors": s["schedule"]["errors"],
            },
            "last_error": s["last_error"],
        });
        if self.feed.last_status.as_ref() == Some(&body) {
            return;
        }
        let mut out = body.clone();
        out["updated"] = json!(self.now().to_rfc3339_opts(SecondsFormat::Secs, true));
        self.feed.last_status = Some(body);
        self.feed.status_at = Some(Instant::now() + fleet.status_every);
        if let Some(f) = &self.feed.feed {
            f.send(Out::Status(out.to_string()));
        }
    }

    /// `status_every` passed: the status again, changed or not.
    pub fn feed_heartbeat(&mut self) {
        self.feed.last_status = None;
        self.feed.status_at = None;
        self.publish_status();
    }
}
