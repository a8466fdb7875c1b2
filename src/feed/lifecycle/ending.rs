//! How the province ends its bulletins on a station (spec §9): a signed stop (`loa fleet stop`)
//! ends a bulletin, or every bulletin issued before it — what of it waits, what plays of it, and
//! its repetition — and a key removed from `trusted_keys` ends every bulletin it signed that is
//! not over yet (checked again on every schedule load), refused with code `revoked`. Part of the
//! pure life cycle: the dispatcher's part is asked for with [`Decision::StopBroadcasts`].

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::{Decision, Ending, Lifecycle, Reason, State, StopAnswer, is_live};
use crate::dispatch::Stopped;
use crate::feed::bulletin::{self, Refusal};
use crate::feed::keys::PublicKey;
use crate::feed::stop::Stop;
use crate::history::Outcome;

/// When a kept bulletin says it was issued (its body was checked when it arrived).
fn issued_of(body: &str) -> Option<DateTime<Utc>> {
    let v: Value = serde_json::from_str(body).ok()?;
    DateTime::parse_from_rfc3339(v.get("issued")?.as_str()?)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

impl Lifecycle {
    /// A stop from the province: every bulletin it ends, wherever it is.
    pub(super) fn stop(&mut self, stop: Stop, now: DateTime<Utc>, out: &mut Vec<Decision>) {
        if self.seen.contains(&stop.id) {
            return out.push(Decision::StopAck {
                id: stop.id,
                answer: StopAnswer::Refused(Refusal::Replayed),
            });
        }
        self.seen.insert(stop.id.clone());
        let targets: Vec<String> = self
            .kept
            .values()
            .filter(|r| issued_of(&r.body).is_some_and(|i| stop.ends(&r.id, i)))
            .map(|r| r.id.clone())
            .collect();
        let reason = Reason::Stopped {
            stop: stop.id.clone(),
        };
        self.stops.retain(|s| s.expires > now);
        self.stops.push(stop);
        self.end(targets, reason, out);
    }

    /// Every bulletin not over yet whose signature no longer verifies is ended, refused
    /// (`revoked`).
    pub(super) fn recheck(
        &mut self,
        trusted: &[PublicKey],
        repeating: Option<&str>,
        out: &mut Vec<Decision>,
    ) {
        let revoked: Vec<String> = self
            .kept
            .values()
            .filter(|r| is_live(&r.state) || repeating == Some(r.id.as_str()))
            .filter(|r| bulletin::verify(r.body.as_bytes(), trusted, usize::MAX).is_err())
            .map(|r| r.id.clone())
            .collect();
        if !revoked.is_empty() {
            self.end(revoked, Reason::Refusal(Refusal::Revoked), out);
        }
    }

    /// Ends `ids` for `reason`: those not handed over yet at once, then what the dispatcher has
    /// of them ([`Decision::StopBroadcasts`], answered by [`super::Event::BroadcastsStopped`]).
    fn end(&mut self, ids: Vec<String>, reason: Reason, out: &mut Vec<Decision>) {
        let mut ended = Vec::new();
        for id in &ids {
            if self.open.remove(id).is_some() {
                self.ended(id, &reason, out);
                ended.push(id.clone());
            }
        }
        out.push(Decision::StopBroadcasts(Ending { ids, reason, ended }));
    }

    pub(super) fn broadcasts_stopped(
        &mut self,
        ending: Ending,
        stopped: Stopped,
        out: &mut Vec<Decision>,
    ) {
        let at_once = ending.at_once();
        let Ending {
            reason, mut ended, ..
        } = ending;
        for id in &stopped.queued {
            if let Some(t) = self.token_of(id) {
                self.playing.remove(&t);
            }
            self.ended(id, &reason, out);
        }
        // The one on air fades out; how it ended is said when it has (`Event::Ended`), unless
        // it must be said at once.
        if let Some(id) = &stopped.on_air
            && at_once
        {
            if let Some(t) = self.token_of(id) {
                self.playing.remove(&t);
            }
            self.ended(id, &reason, out);
        }
        ended.extend(stopped.queued);
        ended.extend(stopped.on_air);
        ended.extend(stopped.repeating);
        ended.sort();
        ended.dedup();
        out.push(match reason {
            Reason::Stopped { stop } => Decision::StopAck {
                id: stop,
                answer: StopAnswer::Done(ended),
            },
            _ => Decision::Revoked(ended),
        });
    }

    /// A bulletin ended by a stop (`stopped`) or a revoked key (`refused`, `revoked`).
    fn ended(&mut self, id: &str, reason: &Reason, out: &mut Vec<Decision>) {
        let state = match reason {
            Reason::Stopped { .. } => State::Ended(Outcome::Stopped),
            _ => State::Refused,
        };
        self.say(id, state, Some(reason.clone()), out);
    }
}
