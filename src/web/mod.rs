//! The station's web console (spec §11): a third front door to the daemon's shell, beside the
//! control socket and the provincial feed. docs/design/console.md has the plan.

pub mod accounts;
