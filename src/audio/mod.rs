//! Audio: decoding files, checking them, and (later) converting and playing them.
//!
//! # Layout
//! - `decode`: symphonia, streaming packet by packet into interleaved `f32` blocks.
//! - `probe`: what `loa check` and the planner need to know about a file before air time.

pub mod decode;
pub mod probe;

pub use decode::{AudioError, AudioInfo, Decoder};
pub use probe::{Depth, Probed, probe};
