//! Text to speech (spec §13): the reading of written Vietnamese (`read`); engines and the cache
//! come next.

pub mod read;
