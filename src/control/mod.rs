//! The control socket (spec §5): the wire format, the daemon's server, the command line's client.

pub mod access;
pub mod client;
pub mod protocol;
pub mod server;
