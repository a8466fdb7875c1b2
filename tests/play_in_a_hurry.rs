//! `loa play` as the person on duty types it in a hurry (spec §10): an id in any case, a title
//! with or without diacritics, a file's bare name in `audio_dir`; a miss lists the ids and says
//! nothing about playing. In the foreground and through the daemon.

mod common;

use std::time::Duration;

use common::daemon::Daemon;
use common::{fixture_dir, loa, sharp_tone};

fn schedule(dir: &std::path::Path, tone: &str) -> std::path::PathBuf {
    let p = dir.join("s.toml");
    std::fs::write(
        &p,
        format!(
            "[station]\ntimezone = \"Asia/Ho_Chi_Minh\"\naudio_dir = \"{}\"\noutput = \"wav:{}\"\n\n\
             [[announcement]]\nid = \"thu\"\ntitle = \"Thử nghiệm\"\nfiles = [\"{tone}\"]\nat = \"03:00\"\nchime = false\n\n\
             [[announcement]]\nid = \"tin-sang\"\ntitle = \"Bản tin sáng\"\nfiles = [\"{tone}\"]\nat = \"05:30\"\nchime = false\n",
            fixture_dir().display(),
            dir.join("out.wav").display()
        ),
    )
    .unwrap();
    p
}

/// `loa play TYPED` with no daemon (so in the foreground), in `lang`.
fn play_here(
    dir: &std::path::Path,
    config: &std::path::Path,
    typed: &str,
    lang: &str,
) -> std::process::Output {
    loa()
        .args(["play", typed, "--socket"])
        .arg(dir.join("none.sock"))
        .arg("--config")
        .arg(config)
        .env("LOA_LANG", lang)
        .output()
        .unwrap()
}

#[test]
fn in_the_foreground_an_id_in_any_case_a_title_or_a_file_name_plays() {
    let tone = sharp_tone(0.3);
    let dir = tempfile::tempdir().unwrap();
    let config = schedule(dir.path(), &tone);
    for (typed, plays) in [
        ("THU", "announcement \"thu\""),
        ("thử nghiệm", "announcement \"thu\""),
        ("thu nghiem", "announcement \"thu\""),
        ("Ban tin sang", "announcement \"tin-sang\""),
        (tone.as_str(), tone.as_str()),
    ] {
        let out = play_here(dir.path(), &config, typed, "en");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{typed}: {stderr}");
        assert!(
            stderr.contains(&format!("playing {plays}")) || stderr.contains(plays),
            "{typed}: {stderr}"
        );
    }
    // A miss: the ids, and no word of playing (not even "playing it here").
    let out = play_here(dir.path(), &config, "khong-co", "en");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("the ids are: thu, tin-sang"), "{stderr}");
    assert!(!stderr.contains("playing"), "{stderr}");
    // The same in Vietnamese.
    let out = play_here(dir.path(), &config, "khong-co", "vi");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("các mã là: thu, tin-sang"), "{stderr}");
    assert!(!stderr.contains("phát ngay"), "{stderr}");
}

#[test]
fn through_the_daemon_a_title_plays_and_the_answer_comes_in_the_clients_language() {
    let tone = sharp_tone(0.3);
    let mut d = Daemon::start(&format!(
        "[[announcement]]\nid = \"thu\"\ntitle = \"Thử nghiệm\"\nfiles = [\"{}\"]\nat = \"03:00\"\nchime = false\n",
        fixture_dir().join(&tone).display()
    ));
    let out = d
        .cmd()
        .args(["play", "Thu Nghiem"])
        .env("LOA_LANG", "vi")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("đang phát \"thu\""), "{stdout}");
    d.wait("it played", Duration::from_secs(20), |d| {
        d.row("thu").is_some_and(|r| r["outcome"] == "played")
    });
    let out = d
        .cmd()
        .args(["play", "khong-co"])
        .env("LOA_LANG", "en")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("the ids are: thu"), "{stderr}");
}
