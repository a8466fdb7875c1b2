//! What started a broadcast ([`Source`]) and how it ended ([`Outcome`]): the words history
//! stores and JSON and CSV print, and the words a person reads for them.

use serde::Serialize;

/// What started a broadcast.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    Schedule,
    CatchUp,
    Manual,
    Emergency,
    /// A bulletin from the provincial feed (spec §9); the row names it in `bulletin`.
    Bulletin,
    /// A text read aloud at once (spec §13: `loa play --text`, the console's text box); the
    /// row keeps it in `text`.
    Text,
    /// A person speaking live (spec §12: the console's live page, `loa live`); the row says who
    /// in `requested_by`, and its `files` name the recording kept of it.
    Live,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Schedule => "schedule",
            Source::CatchUp => "catch-up",
            Source::Manual => "manual",
            Source::Emergency => "emergency",
            Source::Bulletin => "bulletin",
            Source::Text => "text",
            Source::Live => "live",
        }
    }

    pub fn parse(s: &str) -> Source {
        match s {
            "catch-up" => Source::CatchUp,
            "manual" => Source::Manual,
            "emergency" => Source::Emergency,
            "bulletin" => Source::Bulletin,
            "text" => Source::Text,
            "live" => Source::Live,
            _ => Source::Schedule,
        }
    }
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a broadcast attempt ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Played,
    Skipped,
    Interrupted,
    Stopped,
    Missed,
    Failed,
    /// A relay none of whose streams gave sound, whose fallback played instead (spec §8): not
    /// `played`, which would count the window as relayed in the monthly report.
    Fallback,
}

impl Outcome {
    /// In the order of the summary's columns: the new `Fallback` last, so that a monthly
    /// report built on the older columns keeps them in their places.
    pub const ALL: [Outcome; 7] = [
        Outcome::Played,
        Outcome::Skipped,
        Outcome::Interrupted,
        Outcome::Stopped,
        Outcome::Missed,
        Outcome::Failed,
        Outcome::Fallback,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Played => "played",
            Outcome::Skipped => "skipped",
            Outcome::Interrupted => "interrupted",
            Outcome::Stopped => "stopped",
            Outcome::Missed => "missed",
            Outcome::Failed => "failed",
            Outcome::Fallback => "fallback",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
