use super::*;

const TZ: chrono_tz::Tz = chrono_tz::Asia::Ho_Chi_Minh;

fn schedule(at: &str) -> String {
    format!(
        "# Lịch của xã — giữ dòng này\n[station]\naudio_dir = \"{}/audio\"\n\n[[announcement]]\nid = \"sang\" # bản tin sáng\nfiles = [\"ban-tin-sang.mp3\"]\nat = \"{at}\"\n\n[web]\nlisten = \"127.0.0.1:0\"\n",
        env!("CARGO_MANIFEST_DIR")
    )
}

struct Station {
    dir: tempfile::TempDir,
}

impl Station {
    fn new() -> Station {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("schedule.toml"), schedule("05:30")).unwrap();
        Station { dir }
    }

    fn edit(&self, by: &'static str) -> Edit<'_> {
        Edit {
            config: leak(self.dir.path().join("schedule.toml")),
            state_dir: leak(self.dir.path().join("state")),
            by,
            admin: true,
            tz: TZ,
            now: DateTime::parse_from_rfc3339("2026-12-05T08:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
        }
    }

    fn file(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("schedule.toml")).unwrap()
    }
}

fn leak(p: PathBuf) -> &'static Path {
    Box::leak(p.into_boxed_path())
}

#[test]
fn a_good_save_is_written_and_kept_with_the_file_before_it() {
    let s = Station::new();
    let e = s.edit("web:lan");
    let (_, tag) = e.current().unwrap();
    let saved = e.save(&schedule("05:45"), &tag, false).unwrap();
    assert!(matches!(saved, Saved::Written(2)), "{saved:?}");
    assert!(s.file().contains("05:45") && s.file().contains("giữ dòng này"));
    let v = versions(e.state_dir);
    assert_eq!(v.len(), 2);
    assert_eq!((v[0].by.as_str(), v[1].by.as_str()), ("file", "web:lan"));
    assert!(
        text(e.state_dir, 1).unwrap().contains("05:30"),
        "the first is restorable"
    );
}

#[test]
fn a_save_with_errors_or_over_a_changed_file_changes_nothing() {
    let s = Station::new();
    let e = s.edit("web:lan");
    let (before, tag) = e.current().unwrap();
    let bad = schedule("25:99");
    match e.save(&bad, &tag, false).unwrap() {
        Saved::Invalid { errors, .. } => {
            assert_eq!(errors[0].line, Some(8), "{errors:?}");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        e.save(&schedule("05:45"), "\"old\"", false).unwrap(),
        Saved::Changed
    ));
    // A schedule without [web] would shut the console that saves it.
    let without = schedule("05:45").replace("[web]\nlisten = \"127.0.0.1:0\"\n", "");
    assert!(matches!(
        e.save(&without, &tag, false).unwrap(),
        Saved::Invalid { .. }
    ));
    assert_eq!(s.file(), before);
    assert!(versions(e.state_dir).is_empty());
}

#[test]
fn a_proposal_waits_for_an_admin() {
    let s = Station::new();
    let op = s.edit("web:lan");
    let (before, tag) = op.current().unwrap();
    let Saved::Proposed(n) = op.save(&schedule("05:45"), &tag, true).unwrap() else {
        panic!()
    };
    assert_eq!(s.file(), before, "nothing written yet");
    let admin = s.edit("web:chu-tich");
    assert!(matches!(admin.approve(n).unwrap(), Saved::Written(_)));
    assert!(s.file().contains("05:45"));
    let v = versions(admin.state_dir);
    let approved = v.iter().find(|v| v.version == n).unwrap();
    assert_eq!(
        (approved.state.as_str(), approved.approved_by.as_deref()),
        ("approved", Some("web:chu-tich"))
    );
    assert!(
        matches!(admin.approve(n), Err(EditError::Conflict(_))),
        "decided once"
    );
    // A proposal made over a file that changed since is not approved blindly.
    let (_, tag) = op.current().unwrap();
    let Saved::Proposed(m) = op.save(&schedule("06:00"), &tag, true).unwrap() else {
        panic!()
    };
    std::fs::write(s.dir.path().join("schedule.toml"), schedule("07:00")).unwrap();
    assert!(matches!(admin.approve(m), Err(EditError::Conflict(_))));
    admin.reject(m).unwrap();
    assert!(s.file().contains("07:00"));
}

#[test]
fn an_operator_saves_what_plays_but_not_what_the_station_runs() {
    let s = Station::new();
    let e = Edit {
        admin: false,
        ..s.edit("web:lan")
    };
    let (old, tag) = e.current().unwrap();
    // The commands the daemon runs, the folders, the console: refused, the file unchanged.
    for (change, setting) in [
        (
            "\n[tts]\ncommand = [\"/bin/sh\", \"-c\", \"id > {out}\"]\n",
            "[tts]",
        ),
        (
            "\n[station.amplifier]\non = [\"/bin/touch\", \"/tmp/x\"]\noff = [\"/bin/true\"]\n",
            "[station.amplifier]",
        ),
    ] {
        let text = format!("{old}{change}");
        match e.save(&text, &tag, false) {
            Err(EditError::AdminOnly(m)) => assert!(m.contains(setting), "{m}"),
            other => panic!("{setting}: {other:?}"),
        }
    }
    assert_eq!(
        admin_only_change(&old, &old.replace("/audio\"", "/\"")).as_deref(),
        Some("[station] audio_dir")
    );
    assert_eq!(
        admin_only_change(&old, &old.replace("127.0.0.1:0", "0.0.0.0:0")).as_deref(),
        Some("[web]")
    );
    assert_eq!(s.file(), old);
    // What plays and when, and its notes: saved.
    let saved = e.save(&schedule("05:45"), &tag, false).unwrap();
    assert!(matches!(saved, Saved::Written(_)), "{saved:?}");
    // As a proposal, an admin sees it before it is the schedule.
    let (old, tag) = e.current().unwrap();
    let text = format!("{old}\n[tts]\nvoice = \"vi\"\n");
    let proposed = e.save(&text, &tag, true).unwrap();
    assert!(matches!(proposed, Saved::Proposed(_)), "{proposed:?}");
}

#[test]
fn a_file_changed_by_hand_while_a_save_was_checked_is_kept_not_overwritten() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.toml");
    std::fs::write(&path, "a = 1 # by hand\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    // The console read "a = 0", checked its text; meanwhile the file became "a = 1".
    assert!(!super::replace_if_unchanged(&path, b"a = 2\n", "a = 0\n").unwrap());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "a = 1 # by hand\n");
    // Unchanged: replaced, with the file's own mode, and nothing left beside it.
    assert!(super::replace_if_unchanged(&path, b"a = 2\n", "a = 1 # by hand\n").unwrap());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "a = 2\n");
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["s.toml"]);
}
