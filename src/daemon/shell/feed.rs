//! The shell's side of the provincial feed (spec §9): bulletins opened and handed to their life
//! cycle, whose decisions are carried out here — acks published, records written, recordings
//! fetched, broadcasts handed to the dispatcher — and the retained status on change and every
//! `status_every`, the history's rows to the province. The feed's task only carries messages
//! ([`crate::feed::client`]); what becomes of a bulletin (which state, which ack, when it is
//! due, whether it is refused and why) is decided by [`crate::feed::lifecycle`], with the
//! daemon's clock and schedule passed in; its records are kept in the history database (so that
//! a replayed id is refused after a restart too).

use std::collections::HashSet;
use std::time::{Duration, Instant};

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};
use tokio::sync::mpsc;

use super::Shell;
use crate::dispatch::{Refusal, Token};
use crate::feed::bulletin;
use crate::feed::client::{Feed, In, Out};
use crate::feed::lifecycle::{Ack, Answer, Decision, Event, Lifecycle, Reason, State};
use crate::history::{BulletinRecord, Outcome};
use crate::i18n::Said;
use crate::t;

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
    /// Every bulletin this station knows, and where each is in its life.
    pub(super) bulletins: Lifecycle,
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
}

/// History rows in flight at once: a day offline drains in batches, never all in memory.
const HISTORY_BATCH: usize = 32;
/// A completed row reaches the outbox through the writer thread: look a moment later.
const HISTORY_DELAY: Duration = Duration::from_millis(500);

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

impl Shell {
    /// The bulletins history keeps, at start: ids for the replay check; held and waiting ones
    /// taken up again (or expired, if their time passed while the daemon was down).
    pub fn feed_load(&mut self, records: Vec<BulletinRecord>) {
        self.feed.ledger = super::pushed::Ledger::load(&self.opts.state_dir);
        let trusted = (self.dispatcher.schedule().fleet.as_ref()).map(|f| f.trusted_keys.clone());
        self.bulletins(Event::Restored { records, trusted });
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
            In::Fetched { id, result } => self.fetched(id, result),
            In::Schedule(bytes) => self.pushed_schedule(&bytes),
            In::ScheduleChecked { id, text, errors } => self.install_schedule(&id, text, errors),
        }
    }

    /// Removes the recordings of bulletins that are over (history keeps their names, not their
    /// sound); those not over yet, or repeating, stay.
    pub(super) fn sweep_recordings(&self) {
        let repeating = self.dispatcher.repeating_bulletin();
        let live: Vec<std::path::PathBuf> = self
            .feed
            .bulletins
            .not_over(repeating)
            .map(|id| crate::feed::fetch::folder(&self.opts.state_dir, id))
            .collect();
        crate::feed::fetch::sweep(&self.opts.state_dir, |name| {
            live.iter()
                .any(|p| p.file_name().is_some_and(|n| n == name))
        });
    }

    /// A message on a bulletin topic: a stop, or a bulletin opened (signature, fields, time)
    /// and handed to the life cycle.
    fn bulletin(&mut self, bytes: &[u8]) {
        let Some(fleet) = self.dispatcher.schedule().fleet.clone() else {
            return;
        };
        let parsed = serde_json::from_slice::<Value>(bytes).ok();
        if parsed.as_ref().is_some_and(crate::feed::stop::is_stop) {
            return self.province_stop(bytes, parsed.as_ref());
        }
        // The id, if the message has one, to say which bulletin a refusal is about.
        let claimed = parsed
            .and_then(|v| v.get("id").and_then(Value::as_str).map(str::to_owned))
            .unwrap_or_default();
        let e = match bulletin::open(bytes, &fleet.trusted_keys, self.now(), fleet.max_download) {
            Ok(bulletin) => Event::Arrived {
                bulletin,
                body: String::from_utf8_lossy(bytes).into_owned(),
            },
            Err(why) => Event::Unopened { claimed, why },
        };
        self.bulletins(e);
    }

    /// Hands `e` to the bulletins' life cycle and carries out what it decides; the answer to
    /// the commune's decision, if it was one.
    pub(super) fn bulletins(&mut self, e: Event) -> Option<Answer> {
        let now = self.now();
        let decisions = self
            .feed
            .bulletins
            .handle(e, now, self.dispatcher.schedule().as_ref());
        let mut answer = None;
        for d in decisions {
            match d {
                Decision::Ack(a) => self.ack_bulletin(a),
                Decision::Keep(rec) => {
                    let (id, level, title) = (&rec.id, &rec.level, &rec.title);
                    match rec.state.as_str() {
                        "received" => {
                            tracing::info!(bulletin = %id, level = %level, title = %title,
                            "bulletin received")
                        }
                        "held" => tracing::info!(bulletin = %id,
                            "bulletin held for the commune: loa bulletins accept {id}"),
                        _ => {}
                    }
                    self.recorder.bulletin(rec);
                }
                Decision::Sweep => self.sweep_recordings(),
                Decision::Fetch { id, files, within } => self.fetch(id, files, within),
                Decision::Render { id, text } => self.render_bulletin(id, text),
                Decision::Look { id, files } => {
                    // Recordings fetched before a restart are found again (and checked again
                    // when it plays: the probe runs on each).
                    let dir = crate::feed::fetch::folder(&self.opts.state_dir, &id);
                    let files = crate::feed::fetch::fetch_local(&files, &dir);
                    self.bulletins(Event::Found { id, files });
                }
                Decision::Play { id, request } => {
                    let (a, fx) = self.dispatcher.request(request, self.now());
                    let answer = match a {
                        Ok(a) => Ok(a.token),
                        Err(Refusal::NotFound(m) | Refusal::Refused(m)) => Err(m),
                    };
                    self.bulletins(Event::Handed { id, answer });
                    self.execute(fx);
                }
                Decision::StopBroadcasts(ending) => {
                    let reason = ending.reason.clone();
                    let why = Said::new(|| reason.words());
                    let (stopped, fx) =
                        self.dispatcher
                            .stop_bulletins(&ending.ids, &why, self.now());
                    self.bulletins(Event::BroadcastsStopped { ending, stopped });
                    self.execute(fx);
                }
                Decision::StopAck { id, answer } => self.stop_ack(&id, answer),
                Decision::Revoked(ended) => {
                    tracing::warn!(bulletins = ?ended,
                        "the key that signed these bulletins is no longer trusted: ended");
                }
                Decision::Answer(a) => answer = Some(a),
            }
        }
        answer
    }

    /// Says a bulletin's ack to the province (`loa/v1/ack/NODE`): its state, and for a refusal
    /// (or an outcome) the code and the reason in words.
    fn ack_bulletin(&self, a: Ack) {
        let words = a.reason.as_ref().map(Reason::words);
        match (&a.reason, &words) {
            (Some(Reason::Rejected { .. }), _) => {}
            (Some(r), Some(words)) if matches!(a.state, State::Refused | State::Expired) => {
                tracing::warn!(bulletin = %a.id, code = r.code(), "bulletin refused: {words}")
            }
            (None, _) if a.state == State::Expired => {
                tracing::info!(bulletin = %a.id, "bulletin expired before it played")
            }
            _ => {}
        }
        let Some(f) = &self.feed.feed else { return };
        let mut ack = json!({ "id": a.id, "state": a.state.as_str(), "at": stamp(self.now()) });
        if let (Some(r), Some(words)) = (&a.reason, words) {
            ack["code"] = json!(r.code());
            ack["reason"] = json!(words);
        }
        f.send(Out::Ack(ack.to_string()));
    }

    /// Fetches a bulletin's recordings on a thread of its own; they come back as
    /// [`In::Fetched`].
    fn fetch(&mut self, id: String, files: Vec<bulletin::AudioFile>, within: Duration) {
        let dir = crate::feed::fetch::folder(&self.opts.state_dir, &id);
        // By when they must be here: their size at the slowest rate allowed, and never past the
        // time the life cycle gives.
        let bytes = files
            .iter()
            .map(|f| f.bytes)
            .fold(0u64, u64::saturating_add);
        let deadline = Instant::now() + crate::feed::fetch::allowance(bytes, within);
        let tx = self.feed.to_shell.clone();
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

    /// Renders a bulletin's text with the running schedule's `[tts]` on a thread of its own;
    /// its sound comes back as [`In::Fetched`].
    fn render_bulletin(&mut self, id: String, text: String) {
        let tts = self.dispatcher.schedule().tts.clone();
        let state_dir = self.opts.state_dir.clone();
        let tx = self.feed.to_shell.clone();
        let spawned = std::thread::Builder::new()
            .name("loa-tts".into())
            .spawn(move || {
                let result = crate::tts::prepare::text_sound(&tts, &text, &state_dir)
                    .map(|(_, sound)| vec![sound])
                    .map_err(|e| e.to_string());
                if let Some(tx) = tx {
                    let _ = tx.send(In::Fetched { id, result });
                }
            });
        if let Err(e) = spawned {
            tracing::error!("cannot start reading a bulletin's text aloud: {e}");
        }
    }

    fn fetched(&mut self, id: String, result: Result<Vec<std::path::PathBuf>, String>) {
        if let Ok(files) = &result {
            let files = files.len();
            tracing::info!(bulletin = %id, files, "bulletin audio fetched and checked");
        }
        self.bulletins(Event::Fetched { id, result });
    }

    /// A broadcast ended: if it played a bulletin, the province hears how.
    pub fn bulletin_ended(&mut self, token: Token, outcome: Outcome, reason: Option<&str>) {
        self.bulletins(Event::Ended {
            token,
            outcome,
            reason: reason.map(str::to_owned),
        });
    }

    /// The next instant a held or waiting bulletin needs the shell: its time to play, or its
    /// expiry.
    pub fn bulletin_due(&self) -> Option<Instant> {
        let now = self.now();
        self.feed
            .bulletins
            .next_due()
            .map(|t| Instant::now() + (t - now).to_std().unwrap_or_default())
    }

    /// Plays the bulletins whose time came; expires those whose time passed.
    pub fn bulletins_due(&mut self) {
        self.bulletins(Event::Tick);
    }

    /// `loa bulletins accept ID [--at WHEN]` / `reject ID`: the commune's decision, as the
    /// life cycle's [`Event::Decided`] (every door sends the same), answered in words.
    pub fn bulletin_decide(
        &mut self,
        id: &str,
        accept: bool,
        at: Option<DateTime<Utc>>,
        by: &str,
    ) -> Result<String, String> {
        let answer = self.bulletins(Event::Decided {
            id: id.to_string(),
            accept,
            at,
            by: by.to_string(),
        });
        let tz = self.dispatcher.schedule().station.timezone;
        match answer {
            Some(Answer::Accepted { at }) => {
                tracing::info!(bulletin = %id, by = %by, "bulletin accepted");
                Ok(match at {
                    Some(t) => t!(
                        "bulletin-accepted-at",
                        id = id,
                        at = t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
                    ),
                    None => t!("bulletin-accepted", id = id),
                })
            }
            Some(Answer::Rejected) => {
                tracing::info!(bulletin = %id, by = %by, "bulletin rejected");
                Ok(t!("bulletin-rejected", id = id))
            }
            Some(Answer::NotOpen(state)) => {
                Err(t!("bulletin-not-open", id = id, state = state.as_str()))
            }
            Some(Answer::NotFound) | None => Err(t!("bulletin-not-found", id = id)),
        }
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
        let mut recs: Vec<&BulletinRecord> = self.feed.bulletins.records().collect();
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
                    "play_at": local(self.feed.bulletins.due(&r.id).or(r.play_at)),
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
            "held": self.feed.bulletins.held(),
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
