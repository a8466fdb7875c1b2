//! The province's console (spec §14, docs/design/province.md): `loa fleet serve`'s state and
//! the pure decisions over it — the nodes' tree, a bulletin's acks per node, the monthly report.

pub mod acks;
pub mod report;
pub mod shell;
pub mod state;
pub mod store;
pub mod tree;
