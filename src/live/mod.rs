//! Live (spec §12): a person speaking, the loudspeakers carrying it now. A front door (the
//! console's WebSocket, `loa live`'s capture) fills a [`Voice`]'s buffer as the sound arrives
//! and asks the shell for a live broadcast with it; the shell tells the sender where it stands
//! through the voice's [`LiveState`]; the player plays the buffer as a live source
//! ([`crate::audio::live`]). What the sender sends first, and how its sound is read, is
//! [`hello`]'s and [`frames`]'s: pure, tested without I/O.

pub mod capture;
pub mod frames;
pub mod hello;
pub mod record;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::watch;

use crate::audio::live::LiveBuffer;
use crate::i18n::Said;

/// More than this without sound arriving ends a live broadcast (`interrupted`).
pub const SILENCE: Duration = Duration::from_secs(5);

/// Where a live broadcast stands, as its sender is told (spec §12's state messages).
#[derive(Clone, Debug, PartialEq)]
pub enum LiveState {
    /// Asked for; the shell has not answered yet.
    Asking,
    /// Not on air yet: the amplifier's lead, or what plays before it. `seconds`: until the first
    /// sample, when known; `behind`: what plays before it.
    Waiting {
        seconds: Option<f64>,
        behind: Option<String>,
    },
    OnAir,
    /// Over: `outcome` as history words it (`played`, `interrupted`…), and why.
    Ended {
        outcome: crate::history::Outcome,
        reason: Option<Said>,
    },
    /// Not taken: someone else is live (named), a role that may not, a format it cannot read.
    Refused {
        reason: Said,
    },
}

impl LiveState {
    pub fn over(&self) -> bool {
        matches!(self, LiveState::Ended { .. } | LiveState::Refused { .. })
    }

    /// The message the sender gets, its words in `lang`:
    /// `{"state": "waiting", "seconds": 4.5}`, `{"state": "on-air"}`,
    /// `{"state": "ended", "outcome": "played", "reason": null}`,
    /// `{"state": "refused", "reason": "…"}`.
    pub fn json(&self, lang: crate::i18n::Lang) -> serde_json::Value {
        use serde_json::json;
        match self {
            LiveState::Asking => json!({ "state": "waiting", "seconds": null }),
            LiveState::Waiting { seconds, behind } => {
                let mut v = json!({
                    "state": "waiting",
                    "seconds": seconds.map(|s| (s * 10.0).round() / 10.0),
                });
                if let Some(b) = behind {
                    v["behind"] = json!(b);
                }
                v
            }
            LiveState::OnAir => json!({ "state": "on-air" }),
            LiveState::Ended { outcome, reason } => json!({
                "state": "ended",
                "outcome": outcome.to_string(),
                "reason": reason.as_ref().map(|r| r.get(lang).to_string()),
            }),
            LiveState::Refused { reason } => {
                json!({ "state": "refused", "reason": reason.get(lang).to_string() })
            }
        }
    }
}

/// How a sender's sound ended, as its front door saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finish {
    /// They finished (pressed stop, Ctrl-C, closed the page cleanly).
    Done,
    /// The connection dropped without a word.
    Dropped,
    /// Nothing arrived for [`SILENCE`].
    Silent,
    /// The capture device failed (the system's words).
    Device(String),
    /// What they sent cannot be read (why, in words).
    Unreadable(String),
}

impl Finish {
    /// What the dispatcher is told.
    pub fn end(&self) -> crate::dispatch::LiveEnd {
        use crate::dispatch::LiveEnd;
        use crate::t;
        match self.clone() {
            Finish::Done => LiveEnd::Done,
            Finish::Dropped => LiveEnd::Lost(Said::new(|| t!("reason-live-lost"))),
            Finish::Silent => LiveEnd::Lost(Said::new(|| {
                t!("reason-live-silent", seconds = SILENCE.as_secs())
            })),
            Finish::Device(why) => {
                LiveEnd::Lost(Said::new(|| t!("reason-live-device", why = why.as_str())))
            }
            Finish::Unreadable(why) => LiveEnd::Lost(Said::new(|| {
                t!("reason-live-unreadable", why = why.as_str())
            })),
        }
    }
}

/// A sender's sound and what they are told: shared by the front door that fills it and the
/// shell that plays it.
#[derive(Clone)]
pub struct Voice {
    /// The shell's name for it (unique in this process).
    pub link: String,
    pub buffer: Arc<LiveBuffer>,
    pub state: Arc<watch::Sender<LiveState>>,
    /// Where what is said goes while it is on air ([`record`]).
    recording: Arc<Mutex<Option<mpsc::Sender<record::Sound>>>>,
}

impl Voice {
    pub fn new() -> Voice {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Voice {
            link: format!("voice-{}", NEXT.fetch_add(1, Ordering::Relaxed)),
            buffer: LiveBuffer::voice(),
            state: Arc::new(watch::Sender::new(LiveState::Asking)),
            recording: Arc::default(),
        }
    }

    /// Sound from the sender: to the loudspeakers, and to the recording while on air. (Not for
    /// an audio callback: it locks and allocates.)
    pub fn push(&self, rate: u32, channels: usize, samples: &[f32]) {
        self.buffer.push(rate, channels, None, samples);
        if let Ok(r) = self.recording.lock()
            && let Some(tx) = r.as_ref()
        {
            let _ = tx.send((rate, channels, samples.to_vec()));
        }
    }

    /// Starts keeping what is said in `file`.
    pub fn record_into(&self, file: std::path::PathBuf) {
        match record::start(file.clone()) {
            Ok(tx) => {
                if let Ok(mut r) = self.recording.lock() {
                    *r = Some(tx);
                }
            }
            Err(e) => {
                tracing::warn!(file = %file.display(), "what is said cannot be kept: {e}")
            }
        }
    }

    /// Stops keeping it (the file is finished and renamed).
    pub fn stop_recording(&self) {
        if let Ok(mut r) = self.recording.lock() {
            r.take();
        }
    }

    /// Tells the sender, if that changes what they were told.
    pub fn tell(&self, s: LiveState) {
        self.state.send_if_modified(|now| {
            // Over is over: nothing after it.
            let changed = !now.over() && *now != s;
            if changed {
                *now = s;
            }
            changed
        });
    }
}

impl Default for Voice {
    fn default() -> Voice {
        Voice::new()
    }
}

impl PartialEq for Voice {
    fn eq(&self, other: &Voice) -> bool {
        self.link == other.link
    }
}

impl Eq for Voice {}

impl std::fmt::Debug for Voice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Voice")
            .field("link", &self.link)
            .finish_non_exhaustive()
    }
}
