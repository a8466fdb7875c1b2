//! The amplifier's relay (spec §3, `[station.amplifier]`), driven by the real daemon: a relay
//! script writes when it ran, and the WAV the daemon wrote says when the sound was. Its `on`
//! comes `on_lead` before the first sample and its `off` `off_delay` after the last, both within
//! 50 ms; back-to-back broadcasts keep it on; an emergency does not wait for the lead; a stop and
//! SIGTERM switch it off; a relay that hangs is killed (with what it started) and the broadcast
//! goes ahead; `loa status` shows it all.

mod common;

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use common::daemon::{Daemon, ahead, hms, now};
use common::{Wav, fixture_dir, sharp_tone as tone};

/// A relay "script" that appends `on|off SECONDS.MICROS PGID` to `log`; bash's own clock
/// (`EPOCHREALTIME`), so that no second process delays the stamp. `then` runs after it.
fn relay(log: &Path, which: &str, then: &str) -> String {
    format!(
        "[\"bash\", \"-c\", \"echo $0 $EPOCHREALTIME $$ >> '{}'{then}\", \"{which}\"]",
        log.display()
    )
}

fn station(d_lead: &str, d_off: &str, on: &str, off: &str) -> String {
    format!(
        "[station]\ntimezone = \"UTC\"\naudio_dir = \"{}\"\nvolume = 100\n\n[station.amplifier]\non = {on}\non_lead = \"{d_lead}\"\noff = {off}\noff_delay = \"{d_off}\"\n\n",
        fixture_dir().display()
    )
}

/// What the relay log says: (on?, when, process group).
fn switches(log: &Path) -> Vec<(bool, DateTime<Utc>, i32)> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            let secs: f64 = f[1].replace(',', ".").parse().unwrap();
            let t = DateTime::from_timestamp_micros((secs * 1e6).round() as i64).unwrap();
            (f[0] == "on", t, f[2].parse().unwrap())
        })
        .collect()
}

/// The stretches of sound in the WAV, as wall-clock instants (first and last sample above the
/// threshold), split where it is silent for more than 100 ms.
fn sounds(d: &Daemon) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let wav = Wav::read(&d.path("out.wav"));
    let origin = d.wav_origin();
    let at = |i: usize| origin + TimeDelta::microseconds((i as f64 / 48.0 * 1000.0) as i64);
    let loud = |i: usize| wav.left[i].abs() > 0.01 || wav.right[i].abs() > 0.01;
    let mut out: Vec<(usize, usize)> = Vec::new();
    for i in (0..wav.left.len()).filter(|&i| loud(i)) {
        match out.last_mut() {
            Some((_, last)) if i - *last <= 4_800 => *last = i,
            _ => out.push((i, i)),
        }
    }
    out.into_iter().map(|(a, b)| (at(a), at(b))).collect()
}

/// The daemon on `body`, writing what it plays to out.wav in its folder.
fn start(body: &str) -> Daemon {
    let mut d = Daemon::prepare(body, None, &[]);
    d.run_to_wav();
    d
}

/// The switches after the daemon's first, which turns the amplifier off whatever a crash left
/// it at.
fn after_start(log: &Path) -> Vec<(bool, DateTime<Utc>, i32)> {
    let sw = switches(log);
    assert!(sw.first().is_some_and(|s| !s.0), "no off at start: {sw:?}");
    sw[1..].to_vec()
}

fn ms(d: TimeDelta) -> f64 {
    d.num_microseconds().unwrap_or(i64::MAX) as f64 / 1000.0
}

#[test]
fn on_comes_a_lead_before_the_first_sample_and_off_a_delay_after_the_last() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("relay.log");
    let (due, at) = ahead(5);
    let body = format!(
        "{}[[announcement]]\nid = \"thu\"\nfiles = [\"{}\"]\nat = \"{at}\"\n",
        station("3s", "2s", &relay(&log, "on", ""), &relay(&log, "off", "")),
        tone(1.0)
    );
    let mut d = start(&body);
    d.wait("the amplifier off again", Duration::from_secs(20), |_| {
        switches(&log).len() >= 3
    });
    let st = d.status();
    assert_eq!(st["amplifier"]["state"], "off", "{st:#}");
    assert_eq!(st["amplifier"]["last"]["result"], "ok", "{st:#}");
    let (status, _) = d.terminate();
    assert!(status.success());
    let sw = after_start(&log);
    let heard = sounds(&d);
    assert_eq!(heard.len(), 1, "{heard:?}");
    let (first, last) = heard[0];
    assert!(
        ms(first - due).abs() < 50.0,
        "first sample {:.1} ms off due",
        ms(first - due)
    );
    assert_eq!(
        sw.iter().map(|s| s.0).collect::<Vec<_>>(),
        [true, false],
        "{sw:?}"
    );
    let lead = ms(first - sw[0].1);
    assert!(
        (lead - 3000.0).abs() < 50.0,
        "on {lead:.1} ms before the first sample"
    );
    let delay = ms(sw[1].1 - last);
    eprintln!(
        "first sample {:+.1} ms from due; on {lead:.1} ms before it; off {delay:.1} ms after the last",
        ms(first - due)
    );
    assert!(
        (delay - 2000.0).abs() < 50.0,
        "off {delay:.1} ms after the last sample"
    );
}

#[test]
fn back_to_back_broadcasts_keep_it_on_and_a_sigterm_switches_it_off() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("relay.log");
    let (due, at) = ahead(4);
    // Two 1 s broadcasts 2 s apart (1 s of silence between them, shorter than the delay), then
    // a long one that SIGTERM interrupts.
    let second = due + TimeDelta::seconds(2);
    let third = due + TimeDelta::seconds(4);
    let body = format!(
        "{}[[announcement]]\nid = \"mot\"\nfiles = [\"{t}\"]\nat = \"{at}\"\n\n[[announcement]]\nid = \"hai\"\nfiles = [\"{t}\"]\nat = \"{}\"\n\n[[announcement]]\nid = \"ba\"\nfiles = [\"{}\"]\nat = \"{}\"\n",
        station("1s", "5s", &relay(&log, "on", ""), &relay(&log, "off", "")),
        hms(second),
        tone(20.0),
        hms(third),
        t = tone(1.0),
    );
    let mut d = start(&body);
    d.wait(
        "the third broadcast playing",
        Duration::from_secs(20),
        |d| d.status()["playing"]["id"] == "ba",
    );
    assert_eq!(after_start(&log).len(), 1, "{:?}", switches(&log));
    let stopped_at = now();
    let (status, _) = d.terminate();
    assert!(status.success());
    let sw = after_start(&log);
    assert_eq!(
        sw.iter().map(|s| s.0).collect::<Vec<_>>(),
        [true, false],
        "one on, one off: {sw:?}"
    );
    let heard = sounds(&d);
    assert_eq!(heard.len(), 3, "{heard:?}");
    assert!(sw[0].1 < heard[0].0);
    // Off once the fade-out is over, not 5 s later.
    let (_, faded) = heard[2];
    assert!(sw[1].1 >= faded, "off before the sound ended");
    assert!(
        sw[1].1 - stopped_at < TimeDelta::seconds(2),
        "off {:.1} ms after SIGTERM",
        ms(sw[1].1 - stopped_at)
    );
}

#[test]
fn an_emergency_does_not_wait_for_the_lead_and_a_stop_switches_it_off() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("relay.log");
    let body = format!(
        "{}[[emergency]]\nid = \"bao\"\nfiles = [\"{}\"]\n",
        station("3s", "30s", &relay(&log, "on", ""), &relay(&log, "off", "")),
        tone(20.0)
    );
    let mut d = start(&body);
    let asked = now();
    common::assert_success(&d.loa(&["play", "bao", "--emergency"]));
    d.wait("a second of the warning", Duration::from_secs(10), |d| {
        d.status()["playing"]["progress_seconds"].as_f64() >= Some(1.0)
    });
    common::assert_success(&d.loa(&["stop"]));
    let stopped = now();
    d.wait("the amplifier off", Duration::from_secs(10), |_| {
        switches(&log).len() >= 3
    });
    let (status, _) = d.terminate();
    assert!(status.success());
    let sw = after_start(&log);
    let heard = sounds(&d);
    assert_eq!(heard.len(), 1, "{heard:?}");
    // On at once, and the warning with it: not 3 s later.
    assert!(
        sw[0].0 && sw[0].1 - asked < TimeDelta::milliseconds(500),
        "{sw:?}"
    );
    assert!(
        heard[0].0 - asked < TimeDelta::milliseconds(1000),
        "the warning began {:.1} ms after it was asked for",
        ms(heard[0].0 - asked)
    );
    // Off when the stop's fade is over, not 30 s later.
    assert!(!sw[1].0 && sw[1].1 >= heard[0].1, "{sw:?}");
    assert!(sw[1].1 - stopped < TimeDelta::seconds(2), "{sw:?}");
}

#[test]
fn a_relay_that_hangs_is_killed_with_what_it_started_and_the_broadcast_goes_ahead() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("relay.log");
    let (due, at) = ahead(4);
    let body = format!(
        "{}[[announcement]]\nid = \"thu\"\nfiles = [\"{}\"]\nat = \"{at}\"\n",
        station(
            "1s",
            "10s",
            &relay(&log, "on", "; sleep 600"),
            &relay(&log, "off", "")
        ),
        tone(1.0)
    );
    let mut d = start(&body);
    d.wait("the hung relay killed", Duration::from_secs(20), |d| {
        d.status()["amplifier"]["last"]["result"]
            .as_str()
            .is_some_and(|r| r.contains("killed"))
    });
    let st = d.status();
    assert_eq!(st["amplifier"]["last"]["switch"], "on", "{st:#}");
    assert!(
        d.log().contains("the amplifier's on command failed"),
        "{}",
        d.log()
    );
    // The script's whole group is gone: its `sleep` too.
    let pgid = after_start(&log)[0].2;
    d.wait("the group gone", Duration::from_secs(5), |_| {
        // SAFETY: kill(2) with signal 0 only asks whether the group exists.
        let alive = unsafe { libc::kill(-pgid, 0) };
        alive != 0
    });
    d.wait("its row", Duration::from_secs(20), |d| {
        d.row("thu").is_some()
    });
    let row = d.row("thu").unwrap();
    assert_eq!(row["outcome"], "played", "{row}");
    let (status, _) = d.terminate();
    assert!(status.success());
    let heard = sounds(&d);
    assert!(
        ms(heard[0].0 - due).abs() < 50.0,
        "first sample {:.1} ms off due",
        ms(heard[0].0 - due)
    );
}

#[test]
fn a_relay_that_fails_leaving_a_child_stalls_neither_the_switching_nor_the_stop() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("relay.log");
    let (_, at) = ahead(4);
    // `on` fails at once but leaves a child holding its error output for ten minutes; `off`
    // hangs. Neither may hold the amplifier's thread, or the daemon's stop, for that long.
    let body = format!(
        "{}[[announcement]]\nid = \"thu\"\nfiles = [\"{}\"]\nat = \"{at}\"\n",
        station(
            "1s",
            "1s",
            &relay(&log, "on", "; sleep 600 & exit 1"),
            &relay(&log, "off", "; sleep 600")
        ),
        tone(1.0)
    );
    let mut d = start(&body);
    d.wait("its row", Duration::from_secs(30), |d| {
        d.row("thu").is_some()
    });
    assert_eq!(d.row("thu").unwrap()["outcome"], "played");
    // The `off` after the broadcast runs: the failed `on` did not hold the thread.
    d.wait(
        "the off after the broadcast",
        Duration::from_secs(30),
        |_| switches(&log).len() >= 3,
    );
    let sw = after_start(&log);
    assert!(sw[0].0 && !sw[1].0, "{sw:?}");
    // What the failed `on` left running was killed with its group.
    let pgid = sw[0].2;
    d.wait("the on's group gone", Duration::from_secs(10), |_| {
        // SAFETY: kill(2) with signal 0 only asks whether the group exists.
        unsafe { libc::kill(-pgid, 0) != 0 }
    });
    // Stopped while `off` hangs: within systemd/loa.service's TimeoutStopSec (5 s), cleanly.
    let (status, took) = d.terminate();
    assert!(status.success(), "{status}");
    assert!(took < Duration::from_secs(5), "the stop took {took:?}");
    let pgid = sw[1].2;
    // SAFETY: as above.
    assert_ne!(
        unsafe { libc::kill(-pgid, 0) },
        0,
        "the hung off's group outlived the daemon"
    );
}
