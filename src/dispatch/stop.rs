//! Stopping. `loa stop` means silence: what plays, the manual plays queued behind it, a
//! repeating emergency. A province's bulletins are the province's to end (`loa fleet stop`, or
//! a key it revoked): what plays of them, what waits, and their repetition.

use super::requests::{Answer, Refusal};
use super::*;

/// What [`Dispatcher::stop_bulletins`] ended.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stopped {
    /// The bulletin on air, now fading out (its outcome comes when it has ended).
    pub on_air: Option<String>,
    /// Bulletins that waited for the output, recorded stopped.
    pub queued: Vec<String>,
    /// A bulletin whose repetition (`every`) ended.
    pub repeating: Option<String>,
}

impl Stopped {
    pub fn is_empty(&self) -> bool {
        self.on_air.is_none() && self.queued.is_empty() && self.repeating.is_none()
    }
}

impl Dispatcher {
    /// The bulletin a repeating emergency plays, if one does.
    pub fn repeating_bulletin(&self) -> Option<&str> {
        self.latched
            .as_ref()
            .and_then(|l| l.row.bulletin.as_deref())
    }

    /// `loa stop`.
    pub(super) fn stop(&mut self, by: String, fx: &mut Vec<Effect>) -> Result<Answer, Refusal> {
        if let Some(a) = &mut self.amp {
            a.stop();
        }
        let stopping_latched = self.latched.take().map(|l| l.b.id);
        // The manual plays waiting behind what plays go too (each recorded, so that none
        // vanishes from the report), or they would start the moment it ends. A bulletin of the
        // province waits on: the province is answered about it, and a stop of its own is
        // `loa fleet stop`.
        let (bulletins, asked): (VecDeque<_>, VecDeque<_>) = std::mem::take(&mut self.manual)
            .into_iter()
            .partition(|(_, row)| row.bulletin.is_some());
        self.manual = bulletins;
        let cleared: Vec<Effect> = asked
            .into_iter()
            .map(|(_, row)| Effect::Record {
                row,
                outcome: Outcome::Stopped,
                reason: Said::new(|| t!("reason-cleared-by", by = by.as_str())),
            })
            .collect();
        let n = cleared.len();
        fx.extend(cleared);
        let also = |said: String| match n {
            0 => said,
            n => t!("reply-stop-cleared", said = said, n = n),
        };
        match &mut self.current {
            // A scheduled broadcast handed over ahead of its time is not playing yet.
            Some(c) if c.started.is_some() || c.pending.is_none() => {
                // One that failed (a stream that gave no sound) stays failed.
                if !matches!(c.ending, Some(Ending::Failed(_))) {
                    c.ending = Some(Ending::StoppedBy(by));
                }
                fx.push(Effect::Stop);
                Ok(Answer::said(also(t!(
                    "reply-stopping",
                    id = c.b.id.as_str()
                ))))
            }
            _ => match stopping_latched {
                Some(id) => Ok(Answer::said(also(t!("reply-repeating-ended", id = id)))),
                None if n > 0 => Ok(Answer::said(t!("reply-queue-cleared", n = n))),
                None => Err(Refusal::Refused(t!("reply-nothing-playing"))),
            },
        }
    }

    /// Ends the bulletins `ids`, wherever they are: the one on air fades out (recorded stopped,
    /// for `why`), those waiting for the output are recorded stopped, a repetition ends. What
    /// else plays or waits is untouched.
    pub fn stop_bulletins(
        &mut self,
        ids: &[String],
        why: &Said,
        now: DateTime<Utc>,
    ) -> (Stopped, Vec<Effect>) {
        let ours = |row: &NewBroadcast| row.bulletin.as_ref().is_some_and(|b| ids.contains(b));
        let mut out = Stopped::default();
        let mut fx = Vec::new();
        if self.latched.as_ref().is_some_and(|l| ours(&l.row)) {
            out.repeating = self.latched.take().and_then(|l| l.row.bulletin);
        }
        let (gone, kept): (VecDeque<_>, VecDeque<_>) = std::mem::take(&mut self.manual)
            .into_iter()
            .partition(|(_, row)| ours(row));
        self.manual = kept;
        for (_, row) in gone {
            out.queued.extend(row.bulletin.clone());
            fx.push(Effect::Record {
                row,
                outcome: Outcome::Stopped,
                reason: why.clone(),
            });
        }
        if let Some(c) = self.current.as_mut().filter(|c| ours(&c.row))
            && !matches!(
                c.ending,
                Some(Ending::StoppedBy(_) | Ending::StoppedFor(_) | Ending::Failed(_))
            )
        {
            c.ending = Some(Ending::StoppedFor(why.clone()));
            out.on_air = c.row.bulletin.clone();
            fx.push(Effect::Stop);
        }
        fx.extend(self.advance(now));
        (out, fx)
    }
}
