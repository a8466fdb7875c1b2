//! `[live]` (spec §12): how long what was said live is kept (`keep = "90d"`), in the state
//! directory's `live/`, before it is removed.

use std::time::Duration;

use crate::config::{Fields, Value};
use crate::diagnostic::{Diagnostic, Source};
use crate::t;

const KEYS: &[&str] = &["keep"];
/// Three months, unless the schedule says otherwise.
pub const DEFAULT_KEEP: Duration = Duration::from_secs(90 * 24 * 3600);
const KEEP: std::ops::RangeInclusive<Duration> =
    Duration::from_secs(3600)..=Duration::from_secs(3650 * 24 * 3600);

/// `[live]`, or its defaults.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Live {
    pub keep: Duration,
}

impl Default for Live {
    fn default() -> Live {
        Live { keep: DEFAULT_KEEP }
    }
}

pub(super) fn read_live(src: Source<'_>, v: &Value<'_>, diags: &mut Vec<Diagnostic>) -> Live {
    let mut live = Live::default();
    let Some(f) = Fields::new(src, v, "[live]", diags) else {
        return live;
    };
    f.deny_unknown(KEYS, diags);
    if let Some(k) = f.duration("keep", diags) {
        if KEEP.contains(&k.value) {
            live.keep = k.value;
        } else {
            diags.push(src.error(k.span, t!("live-keep-range")));
        }
    }
    live
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    fn parse(text: &str) -> Result<super::Live, String> {
        crate::schedule::parse(
            "x.toml",
            format!("[[emergency]]\nid = \"bao\"\nfiles = [\"bao.mp3\"]\n\n{text}"),
            std::path::Path::new("."),
            chrono_tz::UTC,
        )
        .map(|l| l.schedule.live)
        .map_err(|e| format!("{e:?}"))
    }

    #[test]
    fn keep_is_a_duration_of_an_hour_to_ten_years() {
        assert_eq!(parse("").unwrap().keep, super::DEFAULT_KEEP);
        assert_eq!(
            parse("[live]\nkeep = \"30d\"\n").unwrap().keep,
            Duration::from_secs(30 * 86400)
        );
        assert!(parse("[live]\nkeep = \"5m\"\n").is_err());
        assert!(parse("[live]\nkept = \"30d\"\n").is_err());
    }
}
