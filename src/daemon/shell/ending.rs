//! How the province ends its bulletins on a station (spec §9): a signed stop (`loa fleet stop`)
//! ends a bulletin, or every bulletin issued before it — what plays of it, what waits, and its
//! repetition — and a key removed from `trusted_keys` ends every bulletin it signed that is not
//! over yet (re-verified on every schedule load), refused with code `revoked`. Also what the
//! feed says as a bulletin's broadcast goes: `playing` once it sounds, and the outcome of one
//! recorded without playing.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::Shell;
use crate::dispatch::Token;
use crate::feed::bulletin;
use crate::feed::client::Out;
use crate::history::{NewBroadcast, Outcome};
use crate::i18n::Said;
use crate::t;

/// The states of a bulletin not over yet.
pub(super) const LIVE: [&str; 6] = [
    "received", "fetching", "held", "waiting", "queued", "playing",
];

/// When a kept bulletin says it was issued (its body was checked when it arrived).
fn issued_of(body: &str) -> Option<DateTime<Utc>> {
    let v: Value = serde_json::from_str(body).ok()?;
    DateTime::parse_from_rfc3339(v.get("issued")?.as_str()?)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

impl Shell {
    fn token_of(&self, id: &str) -> Option<Token> {
        self.feed
            .playing
            .iter()
            .find(|(_, b)| b.as_str() == id)
            .map(|(t, _)| *t)
    }

    /// Ends `ids` wherever they are, for `why`; each one ended is said to the province with
    /// `ack` (the bulletin on air is said as it ends, unless `at_once`). Returns those ended.
    fn end_bulletins(
        &mut self,
        ids: &[String],
        why: &Said,
        at_once: bool,
        ack: &dyn Fn(&mut Shell, &str),
    ) -> Vec<String> {
        let mut ended = Vec::new();
        for id in ids {
            if self.feed.open.remove(id).is_some() {
                ack(self, id);
                ended.push(id.clone());
            }
        }
        let (stopped, fx) = self.dispatcher.stop_bulletins(ids, why, self.now());
        for id in &stopped.queued {
            if let Some(t) = self.token_of(id) {
                self.feed.playing.remove(&t);
            }
            ack(self, id);
        }
        if let Some(id) = &stopped.on_air
            && at_once
        {
            if let Some(t) = self.token_of(id) {
                self.feed.playing.remove(&t);
            }
            ack(self, id);
        }
        ended.extend(stopped.queued.iter().cloned());
        ended.extend(stopped.on_air.iter().cloned());
        ended.extend(stopped.repeating.iter().cloned());
        ended.sort();
        ended.dedup();
        self.execute(fx);
        ended
    }

    /// A stop from the province on a bulletin topic.
    pub(super) fn province_stop(&mut self, bytes: &[u8], parsed: Option<&Value>) {
        let Some(fleet) = self.dispatcher.schedule().fleet.clone() else {
            return;
        };
        let now = self.now();
        let claimed = parsed
            .and_then(|v| v.get("id"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let stop = match crate::feed::stop::open(bytes, &fleet.trusted_keys, now) {
            Ok(s) if self.feed.seen.contains(&s.id) => Err(bulletin::Refusal::Replayed),
            other => other,
        };
        let stop = match stop {
            Ok(s) => s,
            Err(r) => {
                tracing::warn!(stop = %claimed, "stop refused: {r}");
                self.stop_ack(
                    &claimed,
                    "refused",
                    json!({ "code": r.code(), "reason": r.to_string() }),
                );
                return;
            }
        };
        self.feed.seen.insert(stop.id.clone());
        let targets: Vec<String> = self
            .feed
            .kept
            .values()
            .filter(|r| issued_of(&r.body).is_some_and(|i| stop.ends(&r.id, i)))
            .map(|r| r.id.clone())
            .collect();
        let why = Said::new(|| t!("reason-province-stopped", stop = stop.id.as_str()));
        let words = why.get(crate::i18n::lang()).to_string();
        let ended = self.end_bulletins(&targets, &why, false, &|sh, id| {
            sh.set_state(id, "stopped", Some(words.clone()));
            sh.ack(id, "stopped", Some(("stopped", words.clone())));
        });
        tracing::info!(stop = %stop.id, ended = ?ended, "the province's stop carried out");
        self.stop_ack(&stop.id, "done", json!({ "stopped": ended }));
        self.feed.stops.retain(|s| s.expires > now);
        self.feed.stops.push(stop);
        self.publish_status();
    }

    fn stop_ack(&self, id: &str, state: &str, extra: Value) {
        let Some(f) = &self.feed.feed else { return };
        let mut a =
            json!({ "kind": "stop", "id": id, "state": state, "at": self.now().to_rfc3339() });
        if let (Some(a), Some(extra)) = (a.as_object_mut(), extra.as_object()) {
            a.extend(extra.clone());
        }
        f.send(Out::Ack(a.to_string()));
    }

    /// After a schedule load: every bulletin not over yet is verified again against the keys
    /// now trusted; one whose key was removed is ended and refused (`revoked`).
    pub(super) fn bulletins_recheck(&mut self) {
        let trusted = match &self.dispatcher.schedule().fleet {
            Some(f) => f.trusted_keys.clone(),
            None => Vec::new(),
        };
        let repeating = self.dispatcher.repeating_bulletin().map(str::to_owned);
        let revoked: Vec<String> = self
            .feed
            .kept
            .values()
            .filter(|r| LIVE.contains(&r.state.as_str()) || repeating.as_ref() == Some(&r.id))
            .filter(|r| bulletin::verify(r.body.as_bytes(), &trusted, usize::MAX).is_err())
            .map(|r| r.id.clone())
            .collect();
        if revoked.is_empty() {
            return;
        }
        let r = bulletin::Refusal::Revoked;
        let why = Said::new(|| t!("bulletin-revoked"));
        let (code, words) = (r.code(), r.to_string());
        let ended = self.end_bulletins(&revoked, &why, true, &|sh, id| {
            sh.set_state(id, "refused", Some(words.clone()));
            sh.ack(id, "refused", Some((code, words.clone())));
        });
        tracing::warn!(bulletins = ?ended, "the key that signed these bulletins is no longer trusted: ended");
        self.publish_status();
    }

    /// A broadcast's first sample sounded: a bulletin's is `playing` in `loa bulletins`.
    pub(super) fn bulletin_started(&mut self, token: Token) {
        if let Some(id) = self.feed.playing.get(&token).cloned() {
            self.set_state(&id, "playing", None);
        }
    }

    /// A row recorded without playing (a bulletin waiting when the daemon stopped…): the
    /// province hears its outcome.
    pub(super) fn bulletin_recorded(
        &mut self,
        row: &NewBroadcast,
        outcome: Outcome,
        reason: &Said,
    ) {
        let Some(id) = &row.bulletin else { return };
        if let Some(t) = self.token_of(id) {
            self.feed.playing.remove(&t);
            let words = reason.get(crate::i18n::lang()).to_string();
            self.set_state(id, outcome.as_str(), Some(words.clone()));
            self.ack(id, outcome.as_str(), Some(("outcome", words)));
        }
    }
}
