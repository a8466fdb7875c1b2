//! Who may do what (spec §11): the one table of roles, beside the request enum. The socket has
//! no roles (its group is its gate); the console's door asks [`allowed`] before anything it
//! does, with the action it is about to take — no other rule about roles exists anywhere.

use serde::{Deserialize, Serialize};

use super::protocol::Request;

/// A console account's role. Each can do everything the one before it can.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Sees everything.
    Viewer,
    /// Also plays, stops, pauses, resumes, decides bulletins, uploads recordings, edits the
    /// schedule and goes live.
    Operator,
    /// Also manages accounts and approves changes.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Viewer, Role::Operator, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Operator => "operator",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// What a caller is about to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Read status, agenda, history, schedule, versions, recordings, bulletins.
    Read,
    /// Play, stop, pause, resume, reload, decide a bulletin: a socket request that acts.
    Control,
    /// Change the schedule (a form, the raw editor, a restore).
    EditSchedule,
    /// Add or remove a recording.
    Recordings,
    /// Speak on air (§12).
    Live,
    /// Approve or reject an operator's proposal.
    Approve,
    /// Add, change or remove accounts.
    Accounts,
    /// The province's console: send a bulletin to nodes, or stop one (§14).
    Send,
    /// The province's console: replace a node's schedule (§14) — the commune's own programme,
    /// so an admin's.
    Push,
}

impl Action {
    /// The least role that may do it.
    pub fn needs(self) -> Role {
        match self {
            Action::Read => Role::Viewer,
            Action::Control
            | Action::EditSchedule
            | Action::Recordings
            | Action::Live
            | Action::Send => Role::Operator,
            Action::Approve | Action::Accounts | Action::Push => Role::Admin,
        }
    }
}

impl Request {
    /// What this request does, for [`allowed`].
    pub fn action(&self) -> Action {
        match self {
            Request::Status | Request::Bulletins => Action::Read,
            Request::Play { .. }
            | Request::Stop
            | Request::Pause { .. }
            | Request::Resume
            | Request::Reload
            | Request::BulletinAccept { .. }
            | Request::BulletinReject { .. } => Action::Control,
            Request::Live { .. } | Request::LiveEnd { .. } => Action::Live,
        }
    }
}

/// Whether `role` may take `action`.
pub fn allowed(role: Role, action: Action) -> bool {
    role >= action.needs()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_viewer_reads_but_never_plays_and_only_an_admin_manages_accounts() {
        let play = Request::Play {
            target: "bao".into(),
            emergency: true,
            repeat: None,
            volume: None,
            for_seconds: None,
            again: false,
            text: None,
            sound: None,
        };
        assert!(allowed(Role::Viewer, Action::Read));
        assert!(allowed(Role::Viewer, Request::Status.action()));
        assert!(!allowed(Role::Viewer, play.action()));
        assert!(!allowed(Role::Viewer, Request::Stop.action()));
        assert!(!allowed(Role::Viewer, Action::EditSchedule));
        assert!(allowed(Role::Operator, play.action()));
        assert!(allowed(Role::Operator, Action::Recordings));
        assert!(!allowed(Role::Operator, Action::Accounts));
        assert!(!allowed(Role::Operator, Action::Approve));
        assert!(allowed(Role::Admin, Action::Accounts));
        assert!(!allowed(Role::Viewer, Action::Send));
        assert!(allowed(Role::Operator, Action::Send));
        assert!(!allowed(Role::Operator, Action::Push));
        assert!(allowed(Role::Admin, play.action()));
        assert_eq!(Role::parse("operator"), Some(Role::Operator));
        assert_eq!(Role::parse("root"), None);
    }
}
