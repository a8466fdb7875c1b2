//! Text to speech (spec §13): the reading of written Vietnamese (`read`), the engines that say it
//! (`engine`), the cache of what they said (`cache`) and the rendering of a schedule's texts before
//! it is used (`prepare`).

pub mod cache;
pub mod engine;
pub mod prepare;
pub mod read;
