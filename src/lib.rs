//! loa: a commune's public loudspeaker system. A daemon reads a TOML schedule of announcements and
//! plays recorded messages through the local audio output at set times; whoever is on duty can
//! play an emergency warning at once from the command line.
//!
//! # Layout
//!
//! A pure core inside a thin shell. Data flows one way: schedule file → validated [`schedule`] →
//! [`plan`] → [`dispatch`] → player ([`audio`]) → [`history`], with the control socket entering the
//! dispatcher on the same path as the clock.
//!
//! - [`diagnostic`]: `FILE:LINE:COLUMN: error: MESSAGE` findings with a snippet.
//! - [`config`]: the schedule file's form: encoding, TOML syntax, keys, value types.
//! - [`schedule`]: the validated schedule and the format's rules (spec §2).
//! - [`plan`]: pure; every occurrence between two instants, DST and rotation included.
//! - [`dispatch`]: pure; the state machine that decides what plays and what history says.
//! - [`lint`]: pure; warnings that depend on today and on audio lengths.
//! - [`daemon`]: the async shell of `loa run`: clock, player, history, socket, reload, signals.
//! - [`control`]: the control socket: protocol, server, client.
//! - [`audio`]: decoding and probing audio files.
//! - [`feed`]: the provincial feed over MQTT: bulletins in, status and history out.
//! - [`stream`]: live streams for relays, each on a thread of its own (HTTP, Icecast, HLS).
//! - [`tts`]: text to speech: written Vietnamese read aloud (pure), engines and the cache to come.
//! - [`live`]: a person speaking live: the sender's messages read, what they are told.
//! - [`history`]: every broadcast attempt in SQLite (schema, `read`, `write`); a writer thread
//!   for the daemon that keeps rows in memory while the disk refuses them.
//! - [`clock`]: the only reader of the system clock and zone.
//! - [`paths`]: where the socket and the state directory are by default.
//! - [`cli`]: the command line; [`commands`]: carrying each command out.

pub mod audio;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod control;
pub mod daemon;
pub mod diagnostic;
pub mod dispatch;
pub mod feed;
pub mod history;
pub mod i18n;
pub mod lint;
pub mod live;
pub mod paths;
pub mod plan;
pub mod process;
pub mod province;
pub mod schedule;
pub mod stream;
pub mod suggest;
pub mod text;
pub mod tts;
pub mod web;
