//! History says what happened, and `loa play` says what became of it (issue [5/10]): a file cut
//! while it plays, a stop just before SIGTERM, a stop while an emergency fades out what it cut, a
//! crash mid-broadcast, a broadcast whose output cannot open, refused requests and who made
//! them, a path outside the allowed folders, the command line's `--output`. The real binary.

mod common;

use std::io::Write;
use std::os::unix::net::UnixStream;
use std::time::Duration;

use chrono::TimeDelta;
use common::daemon::{Daemon, ahead, now, time};
use common::{Wav, repo, tone_fixture, user};

/// A 20 s tone, copied into `dir` as `name`.
fn long_tone(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let src = tone_fixture(
        "what-happened-20s.wav",
        "0.4*sin(2*PI*440*t)",
        "stereo",
        48_000,
        20.0,
        &["-c:a", "pcm_s16le"],
    );
    let dst = dir.join(name);
    std::fs::copy(src, &dst).unwrap();
    dst
}

fn station(audio: &std::path::Path, output: &str) -> String {
    format!(
        "[station]\ntimezone = \"UTC\"\naudio_dir = \"{}\"\noutput = \"{output}\"\nvolume = 100\n\n",
        audio.display()
    )
}

fn progress(d: &Daemon) -> f64 {
    d.status()["playing"]["progress_seconds"]
        .as_f64()
        .unwrap_or(0.0)
}

#[test]
fn a_file_cut_while_it_plays_is_recorded_with_what_went_out() {
    let audio = tempfile::tempdir().unwrap();
    let file = long_tone(audio.path(), "dai.wav");
    let (_, at) = ahead(3);
    let mut d = Daemon::start("");
    d.write_schedule(&format!(
        "{}[[announcement]]\nid = \"dai\"\nfiles = [\"dai.wav\"]\nat = \"{at}\"\n",
        station(
            audio.path(),
            &format!("wav:{}", d.path("out.wav").display())
        )
    ));
    common::assert_success(&d.loa(&["reload"]));
    d.wait("a second on air", Duration::from_secs(15), |d| {
        progress(d) >= 1.0
    });
    // Someone copies another recording over it, and the copy fails half-way: a quarter is left.
    let len = std::fs::metadata(&file).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&file)
        .unwrap()
        .set_len(len / 4)
        .unwrap();
    d.wait("its row", Duration::from_secs(30), |d| {
        d.row("dai").is_some()
    });
    let row = d.row("dai").unwrap();
    assert_eq!(row["outcome"], "failed", "{row:#}");
    let reason = row["reason"].as_str().unwrap();
    assert!(
        reason.contains("dai.wav: only 0:0") && reason.contains("of 0:20 played"),
        "{reason}"
    );
    let played = row["played_seconds"].as_f64().unwrap();
    assert!(played > 1.0 && played < 10.0, "{played}");
}

#[test]
fn a_stop_just_before_sigterm_is_recorded_stopped() {
    let mut d = Daemon::start("");
    let file = repo().join("audio/ban-tin-sang.mp3");
    common::assert_success(&d.loa(&["play", file.to_str().unwrap()]));
    common::assert_success(&d.loa(&["stop"]));
    let (st, _) = d.terminate();
    assert_eq!(st.code(), Some(0));
    let rows = d.history();
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert_eq!(rows[0]["outcome"], "stopped", "{:#}", rows[0]);
    assert_eq!(rows[0]["reason"], format!("stopped by {}", user()));
}

#[test]
fn a_stop_while_an_emergency_fades_out_what_it_cut_stops_the_emergency() {
    let d = Daemon::start("[[emergency]]\nid = \"bao\"\nfiles = [\"canh-bao-bao.mp3\"]\n");
    let file = repo().join("audio/ban-tin-sang.mp3");
    common::assert_success(&d.loa(&["play", file.to_str().unwrap()]));
    // The emergency is asked for without waiting for its answer, and the stop follows at once:
    // it comes while the player fades out the play the emergency cut.
    let mut s = UnixStream::connect(d.path("loa.sock")).unwrap();
    s.write_all(b"{\"version\":1,\"request\":\"play\",\"target\":\"bao\"}\n")
        .unwrap();
    let out = d.loa(&["stop"]);
    common::assert_success(&out);
    let mut d = d;
    d.wait("both rows", Duration::from_secs(15), |d| {
        d.history()
            .iter()
            .filter(|r| !r["outcome"].is_null())
            .count()
            == 2
    });
    let rows = d.history();
    let manual = rows.iter().find(|r| r["source"] == "manual").unwrap();
    assert_eq!(manual["outcome"], "interrupted", "{manual:#}");
    assert_eq!(manual["reason"], "interrupted by emergency \"bao\"");
    let bao = rows.iter().find(|r| r["id"] == "bao").unwrap();
    assert_eq!(bao["outcome"], "stopped", "{bao:#}");
    d.terminate();
}

#[test]
fn a_crash_mid_broadcast_leaves_a_row_that_ends_where_it_was_last_seen() {
    let (due, at) = ahead(3);
    let mut d = Daemon::start(&format!(
        "[[announcement]]\nid = \"sang\"\nfiles = [\"ban-tin-sang.mp3\"]\nat = \"{at}\"\n"
    ));
    d.wait("seven seconds on air", Duration::from_secs(20), |d| {
        progress(d) >= 7.0
    });
    d.kill9();
    d.run();
    let row = d.row("sang").expect("the row a crash left is closed");
    assert_eq!(row["outcome"], "interrupted", "{row:#}");
    assert!(
        row["reason"].as_str().unwrap().contains("unexpectedly"),
        "{row:#}"
    );
    let (started, ended) = (time(&row["started"]), time(&row["ended"]));
    assert!((started - due).abs() < TimeDelta::milliseconds(50));
    // Told every 5 s that it played: it ended at least 5 s in, not at its start.
    assert!(
        ended - started >= TimeDelta::seconds(5) && ended - started < TimeDelta::seconds(18),
        "{row:#}"
    );
    // Not played again.
    assert_eq!(d.rows("sang").len(), 1);
}

#[test]
fn a_broadcast_whose_output_cannot_open_fails_loudly_and_still_counts() {
    let audio = repo().join("audio");
    let mut d = Daemon::start("");
    d.write_schedule(&format!(
        "{}[[emergency]]\nid = \"bao\"\nfiles = [\"canh-bao-bao.mp3\"]\n",
        station(&audio, "wav:/nonexistent-folder/out.wav")
    ));
    common::assert_success(&d.loa(&["reload"]));
    let asked = now();
    let out = d.loa(&["play", "bao"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("\"bao\" did not play") && err.contains("/nonexistent-folder/out.wav"),
        "{err}"
    );
    d.wait("its row", Duration::from_secs(10), |d| {
        d.row("bao").is_some()
    });
    let row = d.row("bao").unwrap();
    assert_eq!(row["outcome"], "failed");
    assert!(row["started"].is_null() && row["scheduled"].is_null());
    assert!((time(&row["requested"]) - asked).abs() < TimeDelta::seconds(2));
    // It is in the day's history and in the month's report.
    let today = asked.format("%Y-%m-%d").to_string();
    let month = asked.format("%Y-%m").to_string();
    let out = d.loa(&["history", "--since", &today, "--format", "json"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"bao\""));
    let out = d.loa(&[
        "history",
        "--summary",
        "--month",
        &month,
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let bao = v["announcements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "bao")
        .unwrap()
        .clone();
    assert_eq!(bao["counts"]["failed"], 1, "{v:#}");
    d.terminate();
}

#[test]
fn play_says_started_or_queued_with_the_exit_code_to_match_and_refusals_are_logged() {
    let d = Daemon::start("");
    let long = repo().join("audio/ban-tin-sang.mp3");
    let short = repo().join("audio/chime.ogg");
    let out = d.loa(&["play", long.to_str().unwrap()]);
    common::assert_success(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("playing now"));
    let out = d.loa(&["play", short.to_str().unwrap()]);
    common::assert_success(&out);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("is queued: it plays after") && said.contains("ban-tin-sang.mp3"),
        "{said}"
    );
    // Refusals: not found, and outside the folders — alike whether the file exists or not.
    let out = d.loa(&["play", "khong-co"]);
    assert_eq!(out.status.code(), Some(1));
    let words = |p: &str| {
        let out = d.loa(&["play", p]);
        assert_eq!(out.status.code(), Some(1), "{p}");
        String::from_utf8_lossy(&out.stderr).replace(p, "PATH")
    };
    let dir = tempfile::tempdir().unwrap();
    let there = dir.path().join("co.mp3");
    std::fs::copy(&long, &there).unwrap();
    let missing = dir.path().join("khong.mp3");
    let (a, b) = (
        words(there.to_str().unwrap()),
        words(missing.to_str().unwrap()),
    );
    assert!(
        a.contains("outside the folders the daemon plays from"),
        "{a}"
    );
    assert_eq!(a, b, "the answer tells whether a file outside exists");
    let log = d.log();
    let me = user();
    for what in ["refused play \"khong-co\"", "refused play \""] {
        assert!(
            log.lines()
                .any(|l| l.contains(what) && l.contains(&format!("by={me}"))),
            "{what}:\n{log}"
        );
    }
    let mut d = d;
    let (st, _) = d.terminate();
    assert_eq!(st.code(), Some(0));
    // The play still waiting when the daemon stopped is in the history too.
    let rows = d.history();
    let chime = rows
        .iter()
        .find(|r| r["id"].as_str().unwrap().ends_with("chime.ogg"))
        .unwrap();
    assert_eq!(chime["outcome"], "interrupted", "{chime:#}");
}

#[test]
fn the_command_lines_output_overrides_the_schedules() {
    let audio = repo().join("audio");
    let mut d = Daemon::prepare(
        &format!(
            "{}[[emergency]]\nid = \"bao\"\nfiles = [\"canh-bao-bao.mp3\"]\n",
            station(&audio, "wav:/nonexistent-folder/out.wav")
        ),
        None,
        &[],
    );
    let wav = d.path("here.wav");
    d.run_with(&["--output", &format!("wav:{}", wav.display())]);
    common::assert_success(&d.loa(&["play", "bao"]));
    assert_eq!(
        d.status()["output"]["name"],
        format!("wav:{}", wav.display())
    );
    d.wait("a second on air", Duration::from_secs(15), |d| {
        progress(d) >= 1.0
    });
    d.terminate();
    assert!(Wav::read(&wav).sounding(0.05).is_some());
}
