//! How the province ends its bulletins on a station (spec §9), as the shell carries it out: a
//! signed stop (`loa fleet stop`) is opened here and handed to the bulletins' life cycle, which
//! decides what it ends ([`crate::feed::lifecycle`]); a schedule load has the life cycle verify
//! again every bulletin not over yet against the keys now trusted (a removed key ends those it
//! signed, refused `revoked`). Also what the dispatcher says of a bulletin's broadcast, passed
//! on: its first sample sounded, or it was recorded without playing.

use serde_json::{Value, json};

use super::Shell;
use crate::dispatch::Token;
use crate::feed::client::Out;
use crate::feed::lifecycle::{Event, StopAnswer};
use crate::history::{NewBroadcast, Outcome};
use crate::i18n::Said;

impl Shell {
    /// A stop from the province on a bulletin topic.
    pub(super) fn province_stop(&mut self, bytes: &[u8], parsed: Option<&Value>) {
        let Some(fleet) = self.dispatcher.schedule().fleet.clone() else {
            return;
        };
        let claimed = parsed
            .and_then(|v| v.get("id"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let e = match crate::feed::stop::open(bytes, &fleet.trusted_keys, self.now()) {
            Ok(stop) => Event::Stop(stop),
            Err(why) => Event::StopUnopened { claimed, why },
        };
        self.bulletins(e);
        self.publish_status();
    }

    /// Says what became of a stop on the ack topic (`kind: stop`).
    pub(super) fn stop_ack(&self, id: &str, answer: StopAnswer) {
        let (state, extra) = match answer {
            StopAnswer::Refused(r) => {
                tracing::warn!(stop = %id, "stop refused: {r}");
                (
                    "refused",
                    json!({ "code": r.code(), "reason": r.to_string() }),
                )
            }
            StopAnswer::Done(ended) => {
                tracing::info!(stop = %id, ended = ?ended, "the province's stop carried out");
                ("done", json!({ "stopped": ended }))
            }
        };
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
        self.bulletins(Event::Recheck { trusted, repeating });
        self.publish_status();
    }

    /// A broadcast's first sample sounded: a bulletin's is `playing` in `loa bulletins`.
    pub(super) fn bulletin_started(&mut self, token: Token) {
        self.bulletins(Event::Started(token));
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
        self.bulletins(Event::Recorded {
            id: id.clone(),
            outcome,
            reason: reason.get(crate::i18n::lang()).to_string(),
        });
    }
}
