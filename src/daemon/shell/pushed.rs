//! Schedules pushed by the province on `loa/v1/schedule/NODE` (spec §9). The message is
//! retained: it comes again on every connection, and after every power cut. So a push only ever
//! moves the station forward: each carries `issued`, one not newer than the last installed is
//! refused as a replay, and the last one handled (installed or refused) is remembered in the
//! state directory's `pushed.json`, so that a restart never installs the retained push again
//! over the commune's own later edit. The file a push replaces is kept in the state directory's
//! `backups/`, and where is said in the log, the ack and `loa status`.

use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Timelike, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::Shell;
use crate::feed::bulletin;
use crate::feed::client::{In, Out};
use crate::t;

/// The most a pushed schedule may weigh (a year of announcements is far less).
const MAX_SCHEDULE: usize = 1 << 20;
/// How far ahead of this box's clock a push may say it was issued (clocks differ a little).
pub const CLOCK_TOLERANCE: chrono::TimeDelta = chrono::TimeDelta::minutes(5);
/// How many replaced schedules `backups/` keeps (the oldest go first).
const BACKUPS_KEPT: usize = 30;

/// What the station remembers of pushes, across restarts (`pushed.json`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Ledger {
    /// The last push handled: its id, a hash of the whole message, and what became of it.
    pub id: Option<String>,
    pub hash: Option<String>,
    pub state: Option<String>,
    #[serde(default)]
    pub errors: Vec<String>,
    /// When the last one installed was issued: nothing older is installed after it.
    pub installed_issued: Option<DateTime<Utc>>,
    /// Where the schedule it replaced was kept.
    pub backup: Option<PathBuf>,
    pub at: Option<DateTime<Utc>>,
}

impl Ledger {
    fn file(state_dir: &Path) -> PathBuf {
        state_dir.join("pushed.json")
    }

    /// The ledger kept in `state_dir` (empty when there is none or it cannot be read).
    pub fn load(state_dir: &Path) -> Ledger {
        std::fs::read(Self::file(state_dir))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    fn save(&self, state_dir: &Path) -> std::io::Result<()> {
        let path = Self::file(state_dir);
        let bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        write_atomically(&path, &path.with_extension("json.tmp"), &bytes)
    }
}

/// Writes `bytes` to `tmp`, syncs it and renames it over `path`: `path` is the old content or the
/// new, never half of one; `tmp` is removed when that fails.
fn write_atomically(path: &Path, tmp: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(tmp, bytes)
        .and_then(|()| std::fs::File::open(tmp)?.sync_all())
        .and_then(|()| std::fs::rename(tmp, path))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(tmp);
        })
}

/// What to do with a push whose signature holds.
#[derive(Debug, PartialEq)]
pub enum Verdict {
    /// Handled already (the retained message again, also after a restart): nothing.
    Seen,
    /// Refused: a code and why, in words.
    Refuse(&'static str, String),
    /// New and newer: check it as `loa check` does, then install it.
    Check,
}

/// Decides a push by its hash and `issued`, against what was handled before, the clock, and
/// (when no push was ever handled here: a station that has just been upgraded) when the schedule
/// file was last changed.
pub fn judge(
    ledger: &Ledger,
    hash: &str,
    issued: Option<DateTime<Utc>>,
    (now, edited): (DateTime<Utc>, Option<DateTime<Utc>>),
    tz: chrono_tz::Tz,
) -> Verdict {
    if ledger.hash.as_deref() == Some(hash) {
        return Verdict::Seen;
    }
    let local = |t: DateTime<Utc>| t.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S").to_string();
    let Some(issued) = issued else {
        return Verdict::Refuse("invalid", t!("pushed-no-issued"));
    };
    if issued > now + CLOCK_TOLERANCE {
        return Verdict::Refuse("future", t!("pushed-future", issued = local(issued)));
    }
    match ledger.installed_issued {
        Some(last) if issued <= last => Verdict::Refuse(
            "older",
            t!("pushed-older", issued = local(issued), last = local(last)),
        ),
        None if ledger.hash.is_none() && edited.is_some_and(|e| e > issued) => Verdict::Refuse(
            "older",
            t!(
                "pushed-older-than-edit",
                issued = local(issued),
                edited = local(edited.unwrap_or(issued))
            ),
        ),
        _ => Verdict::Check,
    }
}

/// Copies `config` into `state_dir/backups/` under the time it is replaced; keeps the newest
/// [`BACKUPS_KEPT`]. Returns where.
fn back_up(
    config: &Path,
    state_dir: &Path,
    at: DateTime<chrono_tz::Tz>,
) -> std::io::Result<PathBuf> {
    let dir = state_dir.join("backups");
    std::fs::create_dir_all(&dir)?;
    let stem = config
        .file_stem()
        .map_or("schedule".into(), |s| s.to_string_lossy().into_owned());
    let mut to = dir.join(format!("{stem}-{}.toml", at.format("%Y%m%d-%H%M%S")));
    for n in 2.. {
        if !to.exists() {
            break;
        }
        to = dir.join(format!("{stem}-{}-{n}.toml", at.format("%Y%m%d-%H%M%S")));
    }
    std::fs::copy(config, &to)?;
    let mut kept: Vec<PathBuf> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    kept.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
    while kept.len() > BACKUPS_KEPT {
        let _ = std::fs::remove_file(kept.remove(0));
    }
    Ok(to)
}

/// A push being checked, off the loop.
pub struct Checking {
    id: String,
    hash: String,
    issued: DateTime<Utc>,
}

impl Shell {
    fn schedule_ack(&self, id: &str, state: &str, errors: &[String], extra: Value) {
        let Some(f) = &self.feed.feed else { return };
        let mut a = json!({
            "kind": "schedule",
            "id": id,
            "state": state,
            "errors": errors,
            "at": self.now().to_rfc3339_opts(SecondsFormat::Millis, true),
        });
        if let (Some(a), Some(extra)) = (a.as_object_mut(), extra.as_object()) {
            a.extend(extra.clone());
        }
        f.send(Out::Ack(a.to_string()));
    }

    /// What became of a push, remembered (in `pushed.json` too) and said to the province.
    fn push_handled(
        &mut self,
        id: &str,
        hash: &str,
        state: &'static str,
        extra: Value,
        errors: Vec<String>,
    ) {
        if state == "refused" {
            tracing::warn!(id = %id, "pushed schedule refused: {}", errors.join("; "));
        }
        self.schedule_ack(id, state, &errors, extra);
        let now = self.now();
        let l = &mut self.feed.ledger;
        l.id = Some(id.to_string());
        l.hash = Some(hash.to_string());
        l.state = Some(state.to_string());
        l.errors = errors;
        l.at = Some(now);
        self.save_ledger();
    }

    fn save_ledger(&self) {
        if let Err(e) = self.feed.ledger.save(&self.opts.state_dir) {
            tracing::error!(
                "cannot keep what became of the pushed schedule in {}: {e}",
                self.opts.state_dir.display()
            );
        }
    }

    /// A schedule pushed by the province: its signature checked here, then judged against what
    /// was handled before, then checked as `loa check` does on a thread of its own.
    pub(super) fn pushed_schedule(&mut self, bytes: &[u8]) {
        let Some(fleet) = self.dispatcher.schedule().fleet.clone() else {
            return;
        };
        let hash = blake3::hash(bytes).to_hex().to_string();
        if self.feed.ledger.hash.as_deref() == Some(hash.as_str()) {
            return;
        }
        let fields = match bulletin::verify(bytes, &fleet.trusted_keys, MAX_SCHEDULE) {
            Ok(f) => f,
            Err(r) => {
                let id = serde_json::from_slice::<Value>(bytes)
                    .ok()
                    .and_then(|v| v.get("id").and_then(Value::as_str).map(str::to_owned))
                    .unwrap_or_default();
                self.push_handled(
                    &id,
                    &hash,
                    "refused",
                    json!({ "code": r.code() }),
                    vec![r.to_string()],
                );
                return;
            }
        };
        let text = |k: &str| fields.get(k).and_then(Value::as_str);
        let id = text("id").unwrap_or("").to_string();
        let issued = text("issued")
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            .map(|t| t.with_timezone(&Utc));
        let tz = self.dispatcher.schedule().station.timezone;
        let edited = std::fs::metadata(&self.opts.config)
            .and_then(|m| m.modified())
            .ok()
            .map(DateTime::<Utc>::from)
            // `issued` may be written to the second.
            .and_then(|t| t.with_nanosecond(0));
        let issued = match judge(&self.feed.ledger, &hash, issued, (self.now(), edited), tz) {
            Verdict::Seen => return,
            Verdict::Refuse(code, why) => {
                self.push_handled(&id, &hash, "refused", json!({ "code": code }), vec![why]);
                return;
            }
            Verdict::Check => issued.unwrap_or_else(|| self.now()),
        };
        let Some(text) = text("schedule").map(str::to_owned) else {
            self.push_handled(
                &id,
                &hash,
                "refused",
                json!({ "code": "invalid" }),
                vec![t!("pushed-no-schedule")],
            );
            return;
        };
        tracing::info!(id = %id, "a schedule was pushed; checking it");
        self.feed.checking = Some(Checking {
            id: id.clone(),
            hash,
            issued,
        });
        let config = self.opts.config.clone();
        let tz = crate::clock::system_timezone().0;
        let now = self.now();
        let tx = self.feed.to_shell.clone();
        let node = fleet.node.clone();
        let spawned = std::thread::Builder::new()
            .name("loa-check-pushed".into())
            .spawn(move || {
                let errors = check_pushed(&config, &text, &node, tz, now);
                if let Some(tx) = tx {
                    let _ = tx.send(In::ScheduleChecked { id, text, errors });
                }
            });
        if let Err(e) = spawned {
            tracing::error!("cannot check a pushed schedule: {e}");
        }
    }

    /// A pushed schedule checked: installed in place of the station's file (the file it
    /// replaces kept in `backups/`; written atomically, then read as any change of the file is),
    /// or refused with its errors, the running one kept.
    pub(super) fn install_schedule(&mut self, id: &str, text: String, errors: Vec<String>) {
        let Some(c) = self.feed.checking.take().filter(|c| c.id == id) else {
            return;
        };
        if !errors.is_empty() {
            self.push_handled(id, &c.hash, "refused", json!({ "code": "invalid" }), errors);
            return;
        }
        let config = self.opts.config.clone();
        let same = std::fs::read_to_string(&config).is_ok_and(|t| t == text);
        let tz = self.dispatcher.schedule().station.timezone;
        // The file it replaces kept first (none to keep at a first install): a push is never
        // installed over a file that would be lost.
        let installed = if same {
            Ok(None)
        } else {
            let dir = self.opts.state_dir.join("backups");
            match back_up(&config, &self.opts.state_dir, self.now().with_timezone(&tz)) {
                Ok(p) => Ok(Some(p)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(t!(
                    "pushed-cannot-back-up",
                    dir = dir.display().to_string(),
                    why = crate::i18n::io_why(&e)
                )),
            }
            .and_then(|backup| {
                let tmp = config.with_extension("toml.pushed");
                write_atomically(&config, &tmp, text.as_bytes())
                    .map(|()| backup)
                    .map_err(|e| {
                        t!(
                            "pushed-cannot-write",
                            file = config.display().to_string(),
                            why = crate::i18n::io_why(&e)
                        )
                    })
            })
        };
        let backup = match installed {
            Ok(b) => b,
            Err(why) => {
                let code = json!({ "code": "write" });
                self.push_handled(id, &c.hash, "refused", code, vec![why]);
                return;
            }
        };
        match &backup {
            Some(b) => {
                tracing::info!(id = %id, file = %config.display(), backup = %b.display(), "pushed schedule installed; the one it replaced is kept")
            }
            None => tracing::info!(id = %id, file = %config.display(), "pushed schedule installed"),
        }
        self.feed.ledger.installed_issued = Some(c.issued);
        self.feed.ledger.backup = backup.clone();
        self.push_handled(
            id,
            &c.hash,
            "installed",
            json!({ "backup": backup }),
            Vec::new(),
        );
        if !same {
            self.want_reload(format!("schedule {id} pushed by the province"), None);
        }
    }

    /// The last push, for `loa status` and the retained status.
    pub(super) fn pushed_json(&self) -> Value {
        let l = &self.feed.ledger;
        match &l.id {
            Some(id) => json!({
                "id": id,
                "state": l.state,
                "errors": l.errors,
                "backup": l.backup,
                "at": l.at.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true)),
            }),
            None => Value::Null,
        }
    }
}

/// The pushed text's errors as `loa check` finds them, and a schedule that would take the
/// station off the feed (or put it in another node's place) refused: nobody could push the
/// next one.
fn check_pushed(
    config: &Path,
    text: &str,
    node: &str,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Vec<String> {
    let base = config
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = config.display().to_string();
    let mut errors: Vec<String> =
        crate::commands::check::errors(&name, text.to_string(), base, tz, now)
            .iter()
            .map(crate::diagnostic::Diagnostic::headline)
            .collect();
    if errors.is_empty() {
        let fleet = crate::schedule::parse(&name, text.to_string(), base, tz)
            .ok()
            .and_then(|l| l.schedule.fleet);
        match fleet {
            Some(f) if f.node == node => {}
            Some(f) => errors.push(t!("pushed-other-node", node = f.node.as_str(), ours = node)),
            None => errors.push(t!("pushed-no-fleet")),
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    const TZ: chrono_tz::Tz = chrono_tz::Asia::Ho_Chi_Minh;

    #[test]
    fn a_push_only_moves_the_station_forward() {
        let now = at("2026-12-05T08:00:00Z");
        let mut l = Ledger::default();
        // The first one is checked.
        assert_eq!(
            judge(&l, "h1", Some(at("2026-12-05T07:00:00Z")), (now, None), TZ),
            Verdict::Check
        );
        l.hash = Some("h1".into());
        l.installed_issued = Some(at("2026-12-05T07:00:00Z"));
        // The same message again (retained, after a restart): nothing.
        assert_eq!(
            judge(&l, "h1", Some(at("2026-12-05T07:00:00Z")), (now, None), TZ),
            Verdict::Seen
        );
        // An older one, or one issued at the same second: a replay.
        for t in ["2026-12-05T06:59:59Z", "2026-12-05T07:00:00Z"] {
            assert!(matches!(
                judge(&l, "h2", Some(at(t)), (now, None), TZ),
                Verdict::Refuse("older", _)
            ));
        }
        // A newer one.
        assert_eq!(
            judge(&l, "h3", Some(at("2026-12-05T07:30:00Z")), (now, None), TZ),
            Verdict::Check
        );
        // One without `issued`, or from the future beyond the clocks' tolerance.
        assert!(matches!(
            judge(&l, "h4", None, (now, None), TZ),
            Verdict::Refuse("invalid", _)
        ));
        assert!(matches!(
            judge(&l, "h5", Some(at("2026-12-05T08:06:00Z")), (now, None), TZ),
            Verdict::Refuse("future", _)
        ));
        assert_eq!(
            judge(&l, "h6", Some(at("2026-12-05T08:04:00Z")), (now, None), TZ),
            Verdict::Check
        );
    }

    #[test]
    fn on_a_station_that_never_took_a_push_the_commune_s_later_edit_stays() {
        let now = at("2026-12-05T08:00:00Z");
        let edited = Some(at("2026-12-04T10:00:00Z"));
        let l = Ledger::default();
        // The push retained at the broker since before the edit.
        assert!(matches!(
            judge(
                &l,
                "h1",
                Some(at("2026-12-01T07:00:00Z")),
                (now, edited),
                TZ
            ),
            Verdict::Refuse("older", _)
        ));
        // One sent after it.
        assert_eq!(
            judge(
                &l,
                "h2",
                Some(at("2026-12-04T11:00:00Z")),
                (now, edited),
                TZ
            ),
            Verdict::Check
        );
    }

    #[test]
    fn the_ledger_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Ledger::load(dir.path()), Ledger::default());
        let l = Ledger {
            id: Some("schedule-1".into()),
            hash: Some("abc".into()),
            state: Some("installed".into()),
            installed_issued: Some(at("2026-12-05T07:00:00Z")),
            ..Ledger::default()
        };
        l.save(dir.path()).unwrap();
        assert_eq!(Ledger::load(dir.path()), l);
    }

    #[test]
    fn a_replaced_schedule_is_kept_under_its_time() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("lich.toml");
        std::fs::write(&config, "# của xã\n").unwrap();
        let t = at("2026-12-05T08:00:00Z").with_timezone(&TZ);
        let a = back_up(&config, dir.path(), t).unwrap();
        let b = back_up(&config, dir.path(), t).unwrap();
        assert_eq!(a, dir.path().join("backups/lich-20261205-150000.toml"));
        assert_ne!(a, b);
        assert_eq!(std::fs::read_to_string(b).unwrap(), "# của xã\n");
    }
}
