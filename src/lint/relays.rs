//! An announcement due inside a relay's window that it cannot cut into (spec §8: an equal or
//! lower `priority` waits for the window's end): it plays late, or, when the window ends more
//! than `max_delay` after its time, not at all. Without this warning the day's loss shows only in
//! the history, as "the output was busy". Said once per announcement, at the
//! announcement's time, with the first date it happens; `loa next` marks each occurrence.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::{Kind, will_be_skipped};
use crate::diagnostic::Diagnostic;
use crate::plan::{self, Occurrence, RelayOccurrence};
use crate::schedule::{Schedule, hm};
use crate::t;

/// The relay window an announcement's occurrence falls in and cannot cut into, if any.
pub fn holding_relay<'r>(
    s: &Schedule,
    o: &Occurrence,
    windows: &'r [RelayOccurrence],
) -> Option<&'r RelayOccurrence> {
    let a = s.announcements.get(o.index)?;
    windows
        .iter()
        // Due at the very instant the window opens, an announcement goes first (the queue puts
        // announcements before relays of the same time): it is the relay that starts late.
        .find(|r| r.at < o.at && o.at < r.end && a.priority <= r.priority)
}

/// The relay windows that may hold an occurrence due in `[from, to)`: those opening before `to`
/// and closing after `from`.
pub fn windows(s: &Schedule, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<RelayOccurrence> {
    let longest = s
        .relays
        .iter()
        .filter(|r| r.enabled)
        .map(|r| r.duration)
        .max()
        .unwrap_or_default();
    let Ok(longest) = chrono::TimeDelta::from_std(longest) else {
        return Vec::new();
    };
    let mut w = plan::relay_occurrences(s, from - longest, to);
    w.retain(|r| r.end > from);
    w
}

/// Warns about each announcement of `chunk` held by a relay window, once per announcement.
pub(super) fn held_by_relays(
    s: &Schedule,
    chunk: &[Occurrence],
    windows: &[RelayOccurrence],
    kind: &mut Kind,
    out: &mut Vec<Diagnostic>,
) {
    if windows.is_empty() {
        return;
    }
    let src = s.source();
    let tz = s.station.timezone;
    let mut seen: HashSet<usize> = HashSet::new();
    for o in chunk {
        let Some(r) = holding_relay(s, o, windows) else {
            continue;
        };
        // Keyed by the announcement alone (`Kind` counts announcements).
        let pair = (o.index, o.index);
        if !seen.insert(o.index) || kind.said.contains(&pair) || kind.involved[o.index] {
            continue;
        }
        let (a, relay) = (&s.announcements[o.index], &s.relays[r.index]);
        let skipped = will_be_skipped(s, r.end - o.at);
        let until = hm(r.end.with_timezone(&tz).time());
        let d = src
            .warning(
                a.rule_span.clone(),
                t!(
                    "lint-in-relay",
                    id = a.id.as_str(),
                    at = hm(o.local.time()),
                    date = o.local.date().to_string(),
                    relay = relay.id.as_str(),
                    from = hm(r.local.time()),
                    until = until.as_str(),
                    priority = a.priority,
                    relay_priority = r.priority,
                    outcome = if skipped { "skipped" } else { "late" },
                    max_delay = crate::i18n::words::duration(s.station.max_delay)
                ),
            )
            .with_help(t!(
                "lint-in-relay-help",
                id = a.id.as_str(),
                from = hm(r.local.time()),
                until = until.as_str(),
                priority = r.priority.saturating_add(1)
            ));
        kind.involved[o.index] = true;
        if kind.full() {
            kind.first_unsaid.get_or_insert(d);
        } else {
            kind.said.insert(pair);
            out.push(d);
        }
    }
}
