//! `require_clock_sync` (spec §3) with the real daemon. The kernel's state cannot be changed in
//! CI, so the daemon reads it from a file here (`LOA_FAKE_CLOCK_SYNC`, fault injection); the
//! kernel read itself is tested in `loa::clock`. While the clock is unsynchronised, scheduled
//! broadcasts are held (skipped with "clock not synchronised" once past `max_delay`), an
//! emergency still plays, `loa status` says so, and the log says it once; when the clock
//! synchronises, what is held goes out.

mod common;

use std::time::Duration;

use common::daemon::{Daemon, ahead, hms, now, time};
use common::{fixture_dir, sharp_tone};

#[test]
fn scheduled_broadcasts_wait_for_a_synchronised_clock_and_an_emergency_does_not() {
    let tone = sharp_tone(1.0);
    let dir = tempfile::tempdir().unwrap();
    let flag = dir.path().join("synced");
    std::fs::write(&flag, "no\n").unwrap();
    let (_, early) = ahead(3);
    let (late_due, late) = ahead(12);
    let body = format!(
        "[station]\ntimezone = \"UTC\"\naudio_dir = \"{}\"\nmax_delay = \"3s\"\nrequire_clock_sync = true\n\n[[announcement]]\nid = \"som\"\nfiles = [\"{tone}\"]\nat = \"{early}\"\n\n[[announcement]]\nid = \"muon\"\nfiles = [\"{tone}\"]\nat = \"{late}\"\n\n[[emergency]]\nid = \"bao\"\nfiles = [\"{tone}\"]\n",
        fixture_dir().display()
    );
    let env = [(
        "LOA_FAKE_CLOCK_SYNC".to_string(),
        flag.display().to_string(),
    )];
    let mut d = Daemon::prepare(&body, None, &env);
    d.run_to_wav();

    let st = d.status();
    assert_eq!(st["clock_synced"], false, "{st:#}");
    assert_eq!(st["clock"]["holding"], true, "{st:#}");
    let text = String::from_utf8_lossy(&d.loa(&["status"]).stdout).to_string();
    assert!(text.contains("NOT synchronised"), "{text}");

    // Held past max_delay: skipped, and why.
    d.wait("the early one skipped", Duration::from_secs(15), |d| {
        d.row("som").is_some()
    });
    let som = d.row("som").unwrap();
    assert_eq!(som["outcome"], "skipped", "{som}");
    assert_eq!(som["reason"], "clock not synchronised", "{som}");

    // An emergency does not wait for the clock.
    common::assert_success(&d.loa(&["play", "bao", "--emergency"]));
    d.wait("the emergency played", Duration::from_secs(10), |d| {
        d.row("bao").is_some_and(|r| r["outcome"] == "played")
    });

    // Synchronised after the late one's time (within max_delay): it goes out then.
    d.wait("the late one due", Duration::from_secs(15), |_| {
        now() > late_due
    });
    std::fs::write(&flag, "yes\n").unwrap();
    let synced = now();
    d.wait("the late one played", Duration::from_secs(10), |d| {
        d.row("muon").is_some()
    });
    let muon = d.row("muon").unwrap();
    assert_eq!(muon["outcome"], "played", "{muon}");
    let started = time(&muon["started"]);
    assert!(
        started >= synced && started - synced < chrono::TimeDelta::seconds(2),
        "started {} after the sync",
        hms(started)
    );
    let st = d.status();
    assert_eq!(st["clock_synced"], true, "{st:#}");
    assert_eq!(st["clock"]["holding"], false, "{st:#}");

    let (status, _) = d.terminate();
    assert!(status.success());
    // Polled many times while it waited; said once each way.
    let log = d.log();
    assert_eq!(
        log.matches("the system clock is not synchronised").count(),
        1,
        "{log}"
    );
    assert_eq!(
        log.matches("the system clock is synchronised").count(),
        1,
        "{log}"
    );
}
