//! The shell's side of the provincial feed (spec §9): bulletins judged and handed to the
//! dispatcher, held for the commune or timed, acks for each step, the retained status on change
//! and every `status_every`. The feed's task only carries messages ([`crate::feed::client`]);
//! what a bulletin means is decided here, with the daemon's clock and schedule, and kept in the
//! history database (so that a replayed id is refused after a restart too).
//!
//! A bulletin's life: `received` → (`held` until `loa bulletins accept|reject`, for a normal one
//! under `normal = "hold"`) → `waiting` (for its `play_at` or the commune's `--at`) → `queued`
//! (handed to the dispatcher) → the broadcast's outcome (`played`, `interrupted`, …); or
//! `rejected`, `expired`, `refused`. Acks on `loa/v1/ack/NODE`: `received`, `queued`, `played`
//! (or the outcome), `refused` (with a code and the reason in words), `expired`.

use std::collections::{BTreeMap, HashSet};
use std::time::Instant;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};
use tokio::sync::mpsc;

use super::Shell;
use crate::dispatch::{Refusal, Request, Target, Token};
use crate::feed::bulletin::{self, Bulletin, Level, Sound};
use crate::feed::client::{Feed, In, Out};
use crate::history::BulletinRecord;
use crate::schedule::NormalBulletins;
use crate::t;

/// A bulletin still to be decided or played.
pub(super) struct Open {
    pub(super) b: Bulletin,
    rec: BulletinRecord,
    /// When it is due to play (`waiting`), if it is.
    due: Option<DateTime<Utc>>,
    /// Its recordings, once fetched (an `audio` bulletin).
    files: Option<Vec<std::path::PathBuf>>,
}

/// The feed as the shell knows it.
#[derive(Default)]
pub struct FeedState {
    pub(super) feed: Option<Feed>,
    /// Where fetch threads report.
    pub(super) to_shell: Option<mpsc::UnboundedSender<In>>,
    /// The `[fleet]` it was started with, to restart it when a reload changes it.
    started_with: String,
    pub connected: bool,
    pub down: Option<String>,
    /// Bulletin ids already taken (a replay is refused).
    pub(super) seen: HashSet<String>,
    /// Every bulletin kept, by id, as `loa bulletins` lists them.
    pub(super) kept: BTreeMap<String, BulletinRecord>,
    /// Those held or waiting.
    pub(super) open: BTreeMap<String, Open>,
    /// Broadcasts that play a bulletin, to ack how they ended.
    pub(super) playing: std::collections::HashMap<Token, String>,
    last_status: Option<Value>,
    pub status_at: Option<Instant>,
    /// History rows handed to the feed and not yet taken by the broker.
    in_flight: HashSet<i64>,
    /// When to look in the outbox again (a row completed; the writer thread puts it there).
    pub history_at: Option<Instant>,
    /// What became of the schedules pushed on `loa/v1/schedule/NODE` (kept across restarts).
    pub(super) ledger: super::pushed::Ledger,
    /// The push being checked.
    pub(super) checking: Option<super::pushed::Checking>,
    /// The province's stops until they expire: a bulletin one of them ends that arrives late is
    /// refused.
    pub(super) stops: Vec<crate::feed::stop::Stop>,
}

/// History rows in flight at once: a day offline drains in batches, never all in memory.
const HISTORY_BATCH: usize = 32;
/// A completed row reaches the outbox through the writer thread: look a moment later.
const HISTORY_DELAY: std::time::Duration = std::time::Duration::from_millis(500);

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

impl Shell {
    /// The bulletins history keeps, at start: ids for the replay check; held and waiting ones
    /// taken up again (or expired, if their time passed while the daemon was down).
    pub fn feed_load(&mut self, records: Vec<crate::history::BulletinRecord>) {
        self.feed.ledger = super::pushed::Ledger::load(&self.opts.state_dir);
        let now = self.now();
        let fleet = self.dispatcher.schedule().fleet.clone();
        for rec in records {
            self.feed.seen.insert(rec.id.clone());
            if matches!(rec.state.as_str(), "held" | "waiting")
                && let Some(f) = &fleet
            {
                match bulletin::open(rec.body.as_bytes(), &f.trusted_keys, now, u64::MAX) {
                    Ok(b) => {
                        let due = (rec.state == "waiting")
                            .then(|| rec.accept_at.or(b.play_at).unwrap_or(now));
                        let id = rec.id.clone();
                        // Recordings fetched before a restart are found again (and checked again
                        // when it plays: the probe runs on each).
                        let files = match &b.sound {
                            Sound::Audio(f) => {
                                let dir = crate::feed::fetch::folder(&self.opts.state_dir, &id);
                                crate::feed::fetch::fetch_local(f, &dir)
                            }
                            _ => None,
                        };
                        self.feed.kept.insert(id.clone(), rec.clone());
                        self.feed.open.insert(id, Open { b, rec, due, files });
                        continue;
                    }
                    Err(_) => {
                        let mut rec = rec;
                        rec.state = "expired".into();
                        self.recorder.bulletin(rec.clone());
                        self.feed.kept.insert(rec.id.clone(), rec);
                        continue;
                    }
                }
            }
            self.feed.kept.insert(rec.id.clone(), rec);
        }
        self.sweep_recordings();
    }

    /// Starts, restarts or stops the feed as the running schedule's `[fleet]` says.
    pub fn feed_follow_schedule(&mut self, to_shell: &mpsc::UnboundedSender<In>) {
        self.feed.to_shell = Some(to_shell.clone());
        self.bulletins_recheck();
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
                self.publish_history();
            }
            In::Sent(row) => {
                self.feed.in_flight.remove(&row);
                self.recorder.sent(vec![row]);
                if self.feed.in_flight.is_empty() {
                    self.feed.history_at = Some(Instant::now() + HISTORY_DELAY);
                }
            }
            In::Dropped(rows) => {
                for r in rows {
                    self.feed.in_flight.remove(&r);
                }
                self.feed.history_at = Some(Instant::now() + HISTORY_DELAY);
            }
            In::Down(why) => {
                self.feed.connected = false;
                self.feed.down = Some(why);
            }
            In::Bulletin(bytes) => self.bulletin(&bytes),
            In::Fetched { id, result } => self.fetched(&id, result),
            In::Schedule(bytes) => self.pushed_schedule(&bytes),
            In::ScheduleChecked { id, text, errors } => self.install_schedule(&id, text, errors),
        }
    }

    pub(super) fn ack(&self, id: &str, state: &str, reason: Option<(&str, String)>) {
        let Some(f) = &self.feed.feed else { return };
        let mut a = json!({ "id": id, "state": state, "at": stamp(self.now()) });
        if let Some((code, words)) = reason {
            a["code"] = json!(code);
            a["reason"] = json!(words);
        }
        f.send(Out::Ack(a.to_string()));
    }

    /// A bulletin's new state, kept (in memory and in history).
    pub(super) fn set_state(&mut self, id: &str, state: &str, reason: Option<String>) {
        if let Some(rec) = self.feed.kept.get_mut(id) {
            rec.state = state.to_string();
            rec.reason = reason;
            let rec = rec.clone();
            if let Some(o) = self.feed.open.get_mut(id) {
                o.rec = rec.clone();
            }
            self.recorder.bulletin(rec);
        }
        if !super::ending::LIVE.contains(&state) {
            self.sweep_recordings();
        }
    }

    /// Removes the recordings of bulletins that are over (history keeps their names, not their
    /// sound); those not over yet, or repeating, stay.
    pub(super) fn sweep_recordings(&self) {
        let repeating = self.dispatcher.repeating_bulletin();
        let live: Vec<std::path::PathBuf> = self
            .feed
            .kept
            .values()
            .filter(|r| {
                super::ending::LIVE.contains(&r.state.as_str()) || repeating == Some(r.id.as_str())
            })
            .map(|r| crate::feed::fetch::folder(&self.opts.state_dir, &r.id))
            .collect();
        crate::feed::fetch::sweep(&self.opts.state_dir, |name| {
            live.iter()
                .any(|p| p.file_name().is_some_and(|n| n == name))
        });
    }

    fn bulletin(&mut self, bytes: &[u8]) {
        let Some(fleet) = self.dispatcher.schedule().fleet.clone() else {
            return;
        };
        let now = self.now();
        let parsed = serde_json::from_slice::<Value>(bytes).ok();
        if parsed.as_ref().is_some_and(crate::feed::stop::is_stop) {
            return self.province_stop(bytes, parsed.as_ref());
        }
        // The id, if the message has one, to say which bulletin a refusal is about.
        let claimed = parsed
            .and_then(|v| v.get("id").and_then(Value::as_str).map(str::to_owned))
            .unwrap_or_default();
        let b = match bulletin::open(bytes, &fleet.trusted_keys, now, fleet.max_download) {
            Ok(b) if self.feed.seen.contains(&b.id) => Err(bulletin::Refusal::Replayed),
            Ok(b) => match self.feed.stops.iter().find(|s| s.ends(&b.id, b.issued)) {
                Some(s) => Err(bulletin::Refusal::Stopped(s.id.clone())),
                None => Ok(b),
            },
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
        tracing::info!(bulletin = %b.id, level = b.level.as_str(), title = %b.title, "bulletin received");
        let rec = BulletinRecord {
            id: b.id.clone(),
            level: b.level.as_str().into(),
            title: b.title.clone(),
            received: now,
            expires: b.expires,
            play_at: b.play_at,
            body: String::from_utf8_lossy(bytes).into_owned(),
            state: "received".into(),
            reason: None,
            decided_by: None,
            decided_at: None,
            accept_at: None,
        };
        self.feed.seen.insert(b.id.clone());
        self.feed.kept.insert(b.id.clone(), rec.clone());
        self.recorder.bulletin(rec.clone());
        self.ack(&b.id, "received", None);
        // (A preset must be one this station holds; recordings are checked as they are fetched.)
        if !matches!(b.sound, Sound::Audio(_))
            && let Err((code, words)) = self.bulletin_request(&b)
        {
            tracing::warn!(bulletin = %b.id, "bulletin refused: {words}");
            self.set_state(&b.id, "refused", Some(words.clone()));
            self.ack(&b.id, "refused", Some((code, words)));
            return;
        }
        let id = b.id.clone();
        let audio = match &b.sound {
            Sound::Audio(files) => Some(files.clone()),
            _ => None,
        };
        self.feed.open.insert(
            id.clone(),
            Open {
                b,
                rec,
                due: None,
                files: None,
            },
        );
        match audio {
            // Fetched first, on a thread of its own; decided when it is here.
            Some(files) => self.fetch(&id, files),
            None => self.bulletin_ready(&id),
        }
    }

    fn fetch(&mut self, id: &str, files: Vec<bulletin::AudioFile>) {
        self.set_state(id, "fetching", None);
        let dir = crate::feed::fetch::folder(&self.opts.state_dir, id);
        // By when it must be here: its size at the slowest rate allowed, and never past its
        // time to play (or its expiry).
        let now = self.now();
        let needed = self.feed.open.get(id).map_or(now, |o| match o.b.level {
            Level::Emergency => o.b.expires,
            _ => {
                o.b.play_at
                    .filter(|t| *t > now)
                    .unwrap_or(o.b.expires)
                    .min(o.b.expires)
            }
        });
        let bytes = files
            .iter()
            .map(|f| f.bytes)
            .fold(0u64, u64::saturating_add);
        let deadline = Instant::now()
            + crate::feed::fetch::allowance(bytes, (needed - now).to_std().unwrap_or_default());
        let (id, tx) = (id.to_string(), self.feed.to_shell.clone());
        let spawned = std::thread::Builder::new()
            .name("loa-fetch".into())
            .spawn(move || {
                let result = crate::feed::fetch::fetch(&files, &dir, deadline);
                if let Some(tx) = tx {
                    let _ = tx.send(In::Fetched { id, result });
                }
            });
        if let Err(e) = spawned {
            tracing::error!("cannot start fetching a bulletin's audio: {e}");
        }
    }

    fn fetched(&mut self, id: &str, result: Result<Vec<std::path::PathBuf>, String>) {
        // Ended meanwhile (expired, stopped, revoked): what came is not needed.
        if !self.feed.open.contains_key(id) {
            self.sweep_recordings();
            return;
        }
        match result {
            Ok(files) => {
                tracing::info!(bulletin = %id, files = files.len(), "bulletin audio fetched and checked");
                if let Some(o) = self.feed.open.get_mut(id) {
                    o.files = Some(files);
                }
                self.bulletin_ready(id);
            }
            Err(why) => {
                tracing::warn!(bulletin = %id, "bulletin refused: {why}");
                self.feed.open.remove(id);
                self.set_state(id, "refused", Some(why.clone()));
                self.ack(id, "refused", Some(("download", why)));
            }
        }
    }

    /// A bulletin whose sound is here: held for the commune, timed, or played now.
    fn bulletin_ready(&mut self, id: &str) {
        let Some(fleet) = self.dispatcher.schedule().fleet.clone() else {
            return;
        };
        let Some(o) = self.feed.open.get(id) else {
            return;
        };
        let now = self.now();
        if o.b.expires <= now {
            self.feed.open.remove(id);
            self.set_state(id, "expired", None);
            self.ack(id, "expired", None);
            return;
        }
        let held = o.b.level == Level::Normal && fleet.normal == NormalBulletins::Hold;
        let due = match o.b.level {
            Level::Emergency => None,
            _ => o.b.play_at.filter(|t| *t > now),
        };
        let id = id.to_string();
        if held {
            tracing::info!(bulletin = %id, "bulletin held for the commune: loa bulletins accept {id}");
            self.set_state(&id, "held", None);
        } else {
            self.schedule_bulletin(&id, due);
        }
    }

    /// Plays `id` at `due` (now when none), or waits for it.
    fn schedule_bulletin(&mut self, id: &str, due: Option<DateTime<Utc>>) {
        match due {
            Some(t) => {
                if let Some(o) = self.feed.open.get_mut(id) {
                    o.due = Some(t);
                }
                self.set_state(id, "waiting", None);
                self.ack(id, "queued", None);
            }
            None => self.bulletin_play(id),
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
            Sound::Audio(_) => match self.feed.open.get(&b.id).and_then(|o| o.files.clone()) {
                Some(files) => Target::Recordings {
                    id: b.id.clone(),
                    title: b.title.clone(),
                    files,
                },
                None => return Err(("download", t!("bulletin-audio-not-yet"))),
            },
        };
        Ok(Request::Play {
            target,
            emergency: b.level == Level::Emergency,
            repeat: b.repeat,
            volume: None,
            by: format!("bulletin {}", b.id),
            bulletin: Some(crate::dispatch::FromBulletin {
                id: b.id.clone(),
                every: b.every,
                expires: b.expires,
            }),
            again: true,
        })
    }

    /// Hands an open bulletin to the dispatcher now.
    fn bulletin_play(&mut self, id: &str) {
        let Some(b) = self.feed.open.get(id).map(|o| o.b.clone()) else {
            return;
        };
        let req = self.bulletin_request(&b);
        let Some(open) = self.feed.open.remove(id) else {
            return;
        };
        let req = match req {
            Ok(r) => r,
            Err((code, words)) => {
                self.set_state(id, "refused", Some(words.clone()));
                self.ack(id, "refused", Some((code, words)));
                return;
            }
        };
        // One that waited for its time was acked `queued` when it began to wait.
        let acked = open.rec.state == "waiting";
        let (answer, fx) = self.dispatcher.request(req, self.now());
        match answer {
            Ok(a) => {
                if let Some(token) = a.token {
                    self.feed.playing.insert(token, id.to_string());
                }
                self.set_state(id, "queued", None);
                if !acked {
                    self.ack(id, "queued", None);
                }
            }
            Err(Refusal::NotFound(m) | Refusal::Refused(m)) => {
                tracing::warn!(bulletin = %id, "bulletin not played: {m}");
                self.set_state(id, "refused", Some(m.clone()));
                self.ack(id, "refused", Some(("refused", m)));
            }
        }
        self.execute(fx);
    }

    /// A broadcast ended: if it played a bulletin, say how.
    pub fn bulletin_ended(&mut self, token: Token, outcome: &str, reason: Option<&str>) {
        if let Some(id) = self.feed.playing.remove(&token) {
            self.set_state(&id, outcome, reason.map(str::to_owned));
            self.ack(&id, outcome, reason.map(|r| ("outcome", r.to_string())));
        }
    }

    /// The next instant a held or waiting bulletin needs the shell: its time to play, or its
    /// expiry.
    pub fn bulletin_due(&self) -> Option<Instant> {
        let now = self.now();
        self.feed
            .open
            .values()
            .map(|o| o.due.map_or(o.b.expires, |d| d.min(o.b.expires)))
            .min()
            .map(|t| Instant::now() + (t - now).to_std().unwrap_or_default())
    }

    /// Plays the bulletins whose time came; expires those whose time passed.
    pub fn bulletins_due(&mut self) {
        let now = self.now();
        let expired: Vec<String> = self
            .feed
            .open
            .iter()
            .filter(|(_, o)| o.b.expires <= now)
            .map(|(id, _)| id.clone())
            .collect();
        for id in expired {
            tracing::info!(bulletin = %id, "bulletin expired before it played");
            self.feed.open.remove(&id);
            self.set_state(&id, "expired", None);
            self.ack(&id, "expired", None);
        }
        let due: Vec<String> = self
            .feed
            .open
            .iter()
            .filter(|(_, o)| o.due.is_some_and(|d| d <= now))
            .map(|(id, _)| id.clone())
            .collect();
        for id in due {
            self.bulletin_play(&id);
        }
    }

    /// `loa bulletins accept ID [--at WHEN]` / `reject ID`: the commune's decision.
    pub fn bulletin_decide(
        &mut self,
        id: &str,
        accept: bool,
        at: Option<DateTime<Utc>>,
        by: &str,
    ) -> Result<String, String> {
        let now = self.now();
        let Some(open) = self.feed.open.get_mut(id) else {
            return Err(match self.feed.kept.get(id) {
                Some(r) => t!("bulletin-not-open", id = id, state = r.state.as_str()),
                None => t!("bulletin-not-found", id = id),
            });
        };
        open.rec.decided_by = Some(by.to_string());
        open.rec.decided_at = Some(now);
        open.rec.accept_at = at;
        if let Some(rec) = self.feed.kept.get_mut(id) {
            rec.decided_by = Some(by.to_string());
            rec.decided_at = Some(now);
            rec.accept_at = at;
        }
        if !accept {
            self.feed.open.remove(id);
            let why = t!("bulletin-rejected-by", by = by);
            tracing::info!(bulletin = %id, by = %by, "bulletin rejected");
            self.set_state(id, "rejected", Some(why.clone()));
            self.ack(id, "refused", Some(("rejected", why)));
            return Ok(t!("bulletin-rejected", id = id));
        }
        tracing::info!(bulletin = %id, by = %by, "bulletin accepted");
        let due = at.filter(|t| *t > now);
        self.schedule_bulletin(id, due);
        let tz = self.dispatcher.schedule().station.timezone;
        Ok(match due {
            Some(t) => t!(
                "bulletin-accepted-at",
                id = id,
                at = t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
            ),
            None => t!("bulletin-accepted", id = id),
        })
    }

    /// What `loa bulletins` lists: every bulletin kept, oldest first, times in station time.
    pub fn bulletins_json(&self) -> Vec<Value> {
        let tz = self.dispatcher.schedule().station.timezone;
        let local = |t: Option<DateTime<Utc>>| {
            t.map(|t| {
                t.with_timezone(&tz)
                    .to_rfc3339_opts(SecondsFormat::Secs, false)
            })
        };
        let mut recs: Vec<&BulletinRecord> = self.feed.kept.values().collect();
        recs.sort_by(|a, b| a.received.cmp(&b.received).then(a.id.cmp(&b.id)));
        recs.into_iter()
            .map(|r| {
                json!({
                    "id": r.id,
                    "level": r.level,
                    "title": r.title,
                    "state": r.state,
                    "received": local(Some(r.received)),
                    "expires": local(Some(r.expires)),
                    "play_at": local(self.feed.open.get(&r.id).and_then(|o| o.due).or(r.play_at)),
                    "reason": r.reason,
                    "decided_by": r.decided_by,
                    "decided_at": local(r.decided_at),
                })
            })
            .collect()
    }

    /// The feed's part of `loa status`.
    pub fn feed_status(&self) -> Value {
        let Some(f) = &self.dispatcher.schedule().fleet else {
            return Value::Null;
        };
        json!({
            "node": f.node,
            "broker": f.broker.to_string(),
            "state": if self.feed.connected { "connected" } else { "connecting" },
            "error": self.feed.down,
            "held": self.feed.open.values().filter(|o| o.rec.state == "held").count(),
            "pushed": self.pushed_json(),
        })
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
                "pushed": self.pushed_json(),
            },
            "last_error": s["last_error"],
        });
        if self.feed.last_status.as_ref() == Some(&body) {
            return;
        }
        let mut out = body.clone();
        // In the station's time (with its offset), as the province shows it.
        let tz = self.dispatcher.schedule().station.timezone;
        out["updated"] = json!(
            self.now()
                .with_timezone(&tz)
                .to_rfc3339_opts(SecondsFormat::Secs, false)
        );
        out["timezone"] = json!(tz.name());
        self.feed.last_status = Some(body);
        self.feed.status_at = Some(Instant::now() + fleet.status_every);
        if let Some(f) = &self.feed.feed {
            f.send(Out::Status(out.to_string()));
        }
    }

    /// A row completed: the outbox has something new in a moment.
    pub fn history_changed(&mut self) {
        if self.feed.feed.is_some() && self.feed.history_at.is_none() {
            self.feed.history_at = Some(Instant::now() + HISTORY_DELAY);
        }
    }

    /// Sends the outbox's rows (a batch at a time) to `loa/v1/history/NODE`, each with `node`
    /// and `row`; a row leaves the outbox when the broker has it ([`In::Sent`]).
    pub fn publish_history(&mut self) {
        self.feed.history_at = None;
        let Some(fleet) = self.dispatcher.schedule().fleet.clone() else {
            return;
        };
        if !self.feed.connected || self.feed.in_flight.len() >= HISTORY_BATCH {
            return;
        }
        let rows = match crate::history::History::open_read_only(&self.opts.state_dir)
            .and_then(|h| h.outbox(HISTORY_BATCH * 2))
        {
            Ok(rows) => rows,
            Err(e) => {
                tracing::warn!("feed: cannot read the history to send: {e}");
                return;
            }
        };
        let tz = self.dispatcher.schedule().station.timezone;
        let Some(feed) = &self.feed.feed else { return };
        for r in rows {
            if self.feed.in_flight.len() >= HISTORY_BATCH {
                break;
            }
            if self.feed.in_flight.contains(&r.rowid) {
                continue;
            }
            let mut v = crate::commands::history::row_json(&r, tz);
            v["node"] = json!(fleet.node);
            v["row"] = json!(r.rowid);
            // The province reads the times in the station's time.
            v["timezone"] = json!(tz.name());
            // The province's reader may read Vietnamese: the reason in it too.
            v["reason_vi"] = json!(r.reason.as_ref().map(|r| r.vi()));
            feed.send(Out::History {
                row: r.rowid,
                body: v.to_string(),
            });
            self.feed.in_flight.insert(r.rowid);
        }
    }

    /// `status_every` passed: the status again, changed or not.
    pub fn feed_heartbeat(&mut self) {
        self.feed.last_status = None;
        self.feed.status_at = None;
        self.publish_status();
    }
}
