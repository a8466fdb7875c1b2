//! The provincial feed (spec §9): bulletins and schedules from the province over MQTT, and the
//! station's status and history back (docs/design/feed.md, docs/fleet.md).
//!
//! - `keys`: the province's ed25519 keys as one line of text each.
//! - `bulletin`: a bulletin from bytes to something that may play, or why not (pure).
//! - `client`: the node's MQTT connection, a task that only carries messages.
//! - `fetch`: a bulletin's recordings, fetched, checked and probed on a thread of their own.
//! - `lifecycle`: what becomes of a bulletin from its arrival to its outcome, and every ack it
//!   gets (pure: events in, decisions out; the daemon's shell carries them out).
//! - `stop`: the province's signed stop (`loa fleet stop`), from bytes to what it ends (pure).

pub mod acks;
pub mod bulletin;
pub mod client;
pub mod fetch;
pub mod keys;
pub mod lifecycle;
pub mod stop;
