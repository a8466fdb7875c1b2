//! A person speaking live (spec §12): a broadcast whose sound comes as it is spoken and whose
//! end is not known. The dispatcher treats it as a manual play — it waits its turn behind what
//! plays and for the amplifier's lead, or, asked as an emergency, cuts in at once — with three
//! differences: one at a time; nothing but an emergency cuts into it (it is not a relay: the
//! daily programme waits for it, under `max_delay`); and it ends when the speaker has finished
//! (the player plays out what they sent, then ends it) or when their sound stops coming
//! ([`LiveEnd::Lost`]: faded out at once, recorded interrupted, saying why).

use super::requests::Refusal;
use super::*;

/// How a speaker's sound ended.
#[derive(Clone, Debug, PartialEq)]
pub enum LiveEnd {
    /// They finished (pressed stop, Ctrl-C): what they sent plays out, and the broadcast is
    /// played.
    Done,
    /// Their sound stopped coming (the connection dropped, nothing for 5 s, the microphone
    /// vanished): faded out now, recorded interrupted with why.
    Lost(Said),
}

/// Where a live broadcast stands before it is on air: what its sender is told.
#[derive(Clone, Debug, PartialEq)]
pub struct Waiting {
    /// Seconds until its first sample, when known (the amplifier's lead; what plays before it,
    /// when that has a known end).
    pub seconds: Option<f64>,
    /// What plays before it, if something does.
    pub behind: Option<String>,
}

fn secs(d: TimeDelta) -> f64 {
    d.num_milliseconds().max(0) as f64 / 1000.0
}

impl Dispatcher {
    /// One person live at a time: a second is refused, the first named.
    pub(super) fn may_go_live(&self) -> Result<(), Refusal> {
        let speaking = self
            .current
            .iter()
            .chain(self.leaving.iter())
            .filter(|c| c.ending.is_none())
            .map(|c| (&c.b, &c.row))
            .chain(self.manual.iter().map(|(b, r)| (b, r)))
            .find(|(b, _)| b.voice.is_some());
        match speaking {
            Some((_, row)) => Err(Refusal::Refused(t!(
                "reply-live-busy",
                by = row.requested_by.as_str()
            ))),
            None => Ok(()),
        }
    }

    /// A live broadcast of `by`'s: its id names it by the moment it was asked for
    /// (`live-20261206-091500`, one at a time), and so does the recording kept of it.
    pub(super) fn live_broadcast(
        &self,
        link: &str,
        for_: Option<Duration>,
        gain: f32,
        by: &str,
        now: DateTime<Utc>,
    ) -> Broadcast {
        let tz = self.schedule.station.timezone;
        let id = format!("live-{}", now.with_timezone(&tz).format("%Y%m%d-%H%M%S"));
        Broadcast {
            limit: for_,
            voice: Some(link.to_string()),
            ..Broadcast::of_files(&id, by, Playlist::default(), gain, Source::Manual)
        }
    }

    /// The speaker of live broadcast `token` has finished, or their sound stopped coming.
    pub fn end_live(&mut self, token: Token, how: LiveEnd, now: DateTime<Utc>) -> Vec<Effect> {
        let mut fx = Vec::new();
        if let Some(i) = self.manual.iter().position(|(b, _)| b.token == token) {
            // Still waiting its turn: it will not go on air.
            if let Some((_, row)) = self.manual.remove(i) {
                let (outcome, reason) = match how {
                    LiveEnd::Done => (
                        Outcome::Stopped,
                        Said::new(|| t!("reason-live-left-waiting")),
                    ),
                    LiveEnd::Lost(why) => (Outcome::Interrupted, why),
                };
                fx.push(Effect::Record {
                    row,
                    outcome,
                    reason,
                });
            }
        } else if let Some(c) = self
            .current
            .as_mut()
            .filter(|c| c.b.token == token && c.ending.is_none())
        {
            match how {
                // On air: the player plays out what was sent, then ends it.
                LiveEnd::Done if c.started.is_some() => {}
                LiveEnd::Done => {
                    c.ending = Some(Ending::StoppedBy(c.row.requested_by.clone()));
                    fx.push(Effect::Stop);
                }
                LiveEnd::Lost(why) => {
                    c.ending = Some(Ending::Lost(why));
                    fx.push(Effect::Stop);
                }
            }
        }
        fx.extend(self.advance(now));
        fx
    }

    /// Where live broadcast `token` waits, while it is not on air yet (`None` once it is, or
    /// when it is gone).
    pub fn live_waiting(&self, token: Token, now: DateTime<Utc>) -> Option<Waiting> {
        if let Some(c) = self.current.as_ref().filter(|c| c.b.token == token) {
            return match (c.started, c.b.start) {
                (Some(_), _) => None,
                (None, StartAt::At(t)) => Some(Waiting {
                    seconds: Some(secs(t - now)),
                    behind: None,
                }),
                (None, StartAt::Now) => Some(Waiting {
                    seconds: Some(0.0),
                    behind: None,
                }),
            };
        }
        let place = self.manual.iter().position(|(b, _)| b.token == token)?;
        let ahead = self.current.as_ref();
        // What plays before it ends at a known moment only when it is a relay with a window
        // (a manual play's limit is a cap, not its length), and nothing else waits before it.
        let seconds = ahead
            .filter(|_| place == 0)
            .and_then(|c| c.b.live.as_ref()?.end)
            .map(|end| secs(end - now));
        Some(Waiting {
            seconds: seconds.or(ahead.is_none().then_some(0.0)),
            behind: ahead.map(|c| c.b.id.clone()),
        })
    }

    /// The id of a play still waiting its turn.
    pub fn queued_id(&self, token: Token) -> Option<String> {
        self.manual
            .iter()
            .find(|(b, _)| b.token == token)
            .map(|(b, _)| b.id.clone())
    }
}
