//! Audio: decoding files, converting them for the output, and playing them on a thread of its
//! own.
//!
//! # Layout
//! - `decode`: symphonia, streaming packet by packet into interleaved `f32` blocks.
//! - `probe`: what `loa check` and the planner need to know about a file before air time.
//! - `convert`: pure DSP: channel maps, resampling (rubato), volume curve, fades.
//! - `track`: one file on its way to an output (decode → convert), in blocks.
//! - `output`: the sinks (cpal, WAV, null) behind one trait, fed through a lock-free ring.
//! - `live`: a relay's live sound: the buffer its stream fills, converted at a ratio that
//!   follows the buffer's level.
//! - `player`: the player thread: jobs in, events out.

pub mod convert;
pub mod decode;
pub mod level;
pub mod library;
pub mod live;
pub mod loudness;
pub mod names;
pub mod output;
pub mod player;
pub mod probe;
pub mod track;

pub use decode::{AudioError, AudioInfo, Decoder};
pub use probe::{Depth, Probed, probe};
