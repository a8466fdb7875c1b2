//! What the daemon tells systemd (`Type=notify`), read from a notify socket of the test's own:
//! READY, a STATUS= line that says what plays and what comes next, and the watchdog, fed from
//! the scheduler loop itself — a loop made to hang (fault injection) stops feeding it, and it
//! feeds again when the loop is back. Under the journal (JOURNAL_STREAM), log lines carry no
//! time of their own.

mod common;

use std::os::unix::fs::MetadataExt;
use std::os::unix::net::UnixDatagram;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::daemon::{Daemon, ahead};
use common::{fixture_dir, sharp_tone};

#[test]
fn systemd_hears_ready_status_and_a_watchdog_that_stops_when_the_loop_hangs() {
    let tone = sharp_tone(1.0);
    let (_, at) = ahead(4);
    let body = format!(
        "[station]\ntimezone = \"UTC\"\naudio_dir = \"{}\"\n\n[[announcement]]\nid = \"thu\"\nfiles = [\"{tone}\"]\nat = \"{at}\"\n",
        fixture_dir().display()
    );
    let mut d = Daemon::prepare(&body, None, &[]);
    let sock = d.path("notify.sock");
    let listener = UnixDatagram::bind(&sock).unwrap();
    listener
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let heard: Arc<Mutex<Vec<(Instant, String)>>> = Arc::default();
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let (heard, done) = (heard.clone(), done.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                if let Ok(n) = listener.recv(&mut buf) {
                    let msg = String::from_utf8_lossy(&buf[..n]).to_string();
                    heard.lock().unwrap().push((Instant::now(), msg));
                }
            }
        })
    };
    // stderr (the log file) stands for the journal's stream.
    std::fs::write(d.path("daemon.log"), "").unwrap();
    let m = std::fs::metadata(d.path("daemon.log")).unwrap();
    d.set_env("JOURNAL_STREAM", &format!("{}:{}", m.dev(), m.ino()));
    d.set_env("NOTIFY_SOCKET", &sock.display().to_string());
    d.set_env("WATCHDOG_USEC", "1000000");
    d.set_env("LOA_FAULT_STALL_SECS", "4");
    d.run_to_wav();
    let said = |what: &str| {
        heard
            .lock()
            .unwrap()
            .iter()
            .filter(|(_, m)| m.contains(what))
            .map(|(t, m)| (*t, m.clone()))
            .collect::<Vec<_>>()
    };
    d.wait("READY", Duration::from_secs(5), |_| {
        !said("READY=1").is_empty()
    });
    d.wait("the broadcast played", Duration::from_secs(15), |d| {
        d.row("thu").is_some()
    });
    let statuses: Vec<String> = said("STATUS=").into_iter().map(|(_, m)| m).collect();
    assert!(
        statuses
            .iter()
            .any(|m| m.contains("idle") && m.contains("next: \"thu\"")),
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .any(|m| m.contains("playing \"thu\" (schedule)")),
        "{statuses:?}"
    );
    // Fed while the loop runs.
    let before = said("WATCHDOG=1").len();
    d.wait("the watchdog fed", Duration::from_secs(5), |_| {
        said("WATCHDOG=1").len() >= before + 2
    });
    // The loop hangs for 4 s: nothing feeds the watchdog meanwhile; then it does again.
    let hung = Instant::now();
    // SAFETY: kill(2) sends a signal to the daemon under test; no memory is involved.
    unsafe { libc::kill(d.pid(), libc::SIGUSR2) };
    d.wait(
        "the watchdog fed after the hang",
        Duration::from_secs(15),
        |_| {
            said("WATCHDOG=1")
                .iter()
                .any(|(t, _)| *t > hung + Duration::from_secs(4))
        },
    );
    let feeds: Vec<Instant> = said("WATCHDOG=1").into_iter().map(|(t, _)| t).collect();
    let gap = feeds
        .windows(2)
        .filter(|w| w[1] > hung)
        .map(|w| w[1] - w[0])
        .max()
        .unwrap();
    assert!(
        gap >= Duration::from_millis(3500),
        "the watchdog was fed while the loop hung (longest gap {gap:?})"
    );
    let (status, _) = d.terminate();
    assert!(status.success());
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    reader.join().unwrap();
    assert!(!said("STOPPING=1").is_empty());
    // The journal stamps lines itself: the log's lines begin with their level, not a time.
    let log = d.log();
    let first = log.lines().next().unwrap_or_default();
    assert!(
        first.trim_start().starts_with("INFO") || first.trim_start().starts_with("WARN"),
        "{log}"
    );
}
