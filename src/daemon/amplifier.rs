//! Runs the amplifier's commands for the daemon: on a thread of its own (never the player's,
//! never the daemon's loop), one after another in the order asked, each without a shell and with
//! a deadline: a relay script that hangs is killed after [`TIMEOUT`], logged, and the broadcast
//! goes ahead. What the amplifier is and what its last command did are kept for `loa status`.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use crate::clock::Clock;
use crate::dispatch::Switch;

/// The longest a command may run.
pub const TIMEOUT: Duration = Duration::from_secs(5);

/// The amplifier as `loa status` shows it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AmpStatus {
    /// "on" or "off": what was last asked of it.
    pub state: &'static str,
    pub last: Option<LastCommand>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LastCommand {
    /// "on" or "off".
    pub switch: &'static str,
    pub command: String,
    pub at: DateTime<Utc>,
    /// "ok", or what went wrong.
    pub result: String,
}

/// Handle to the command thread; dropping it lets the commands asked for finish, then joins it.
pub struct Amplifier {
    tx: Option<mpsc::Sender<Switch>>,
    thread: Option<std::thread::JoinHandle<()>>,
    status: Arc<Mutex<AmpStatus>>,
    /// The process group of the command running now (0: none), to kill it when the daemon
    /// cannot wait any longer.
    running: Arc<AtomicI32>,
    /// Set when the daemon stops: of the commands still waiting only the last one runs.
    stopping: Arc<AtomicBool>,
    done: Option<mpsc::Receiver<()>>,
}

impl Amplifier {
    pub fn spawn(clock: impl Clock + 'static) -> std::io::Result<Amplifier> {
        let (tx, rx) = mpsc::channel::<Switch>();
        let (done_tx, done) = mpsc::channel::<()>();
        let status = Arc::new(Mutex::new(AmpStatus {
            state: "off",
            last: None,
        }));
        let running = Arc::new(AtomicI32::new(0));
        let stopping = Arc::new(AtomicBool::new(false));
        let (shared, group, last_only) = (status.clone(), running.clone(), stopping.clone());
        let thread = std::thread::Builder::new()
            .name("loa-amplifier".into())
            .spawn(move || {
                while let Ok(mut sw) = rx.recv() {
                    if last_only.load(Ordering::SeqCst) {
                        while let Ok(next) = rx.try_recv() {
                            sw = next;
                        }
                    }
                    let which = if sw.on { "on" } else { "off" };
                    let at = clock.now();
                    let result = run(&sw.command, &group);
                    let command = sw.command.join(" ");
                    match &result {
                        Ok(()) => tracing::info!(command = %command, "amplifier {which}"),
                        Err(e) => tracing::error!(
                            command = %command,
                            "the amplifier's {which} command failed: {e}; playback goes ahead"
                        ),
                    }
                    let last = LastCommand {
                        switch: which,
                        command,
                        at,
                        result: result.err().unwrap_or_else(|| "ok".into()),
                    };
                    let mut g = shared.lock().unwrap_or_else(|e| e.into_inner());
                    g.state = which;
                    g.last = Some(last);
                }
                let _ = done_tx.send(());
            })?;
        Ok(Amplifier {
            tx: Some(tx),
            thread: Some(thread),
            status,
            running,
            stopping,
            done: Some(done),
        })
    }

    pub fn switch(&self, sw: Switch) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(sw);
        }
    }

    pub fn status(&self) -> AmpStatus {
        self.status
            .lock()
            .map(|g| g.clone())
            .unwrap_or_else(|e| e.into_inner().clone())
    }

    /// Waits until the commands asked for have run (only the last of those still waiting), and
    /// no later than `by`: then the one running is killed with its group and the thread left to
    /// end by itself — the service manager's stop timeout is never overrun for a relay.
    pub fn finish_by(&mut self, by: Instant) {
        self.stopping.store(true, Ordering::SeqCst);
        drop(self.tx.take());
        let Some(done) = self.done.take() else { return };
        let left = by.saturating_duration_since(Instant::now());
        if done.recv_timeout(left).is_ok() {
            if let Some(t) = self.thread.take() {
                let _ = t.join();
            }
            return;
        }
        kill_group(self.running.load(Ordering::SeqCst));
        tracing::error!(
            "the amplifier's command did not finish before the daemon had to stop: killed"
        );
        // Killed, it ends at once; the thread is not waited for any longer.
        let _ = done.recv_timeout(Duration::from_millis(200));
        self.thread.take();
    }

    /// [`Amplifier::finish_by`], with time for the command running and the last one.
    pub fn finish(&mut self) {
        self.finish_by(Instant::now() + 2 * TIMEOUT);
    }
}

impl Drop for Amplifier {
    fn drop(&mut self) {
        self.finish();
    }
}

use crate::process::kill_group;

/// Runs a command to its end or to [`TIMEOUT`]; says what went wrong. Its error output is read
/// with the same deadline as its exit (a child it left behind may hold the pipe open for as long
/// as it lives), and when the deadline passes its whole process group is killed, whether the
/// command itself had exited or not. `group` holds its process group while it runs.
fn run(command: &[String], group: &AtomicI32) -> Result<(), String> {
    let (program, args) = command
        .split_first()
        .ok_or_else(|| "the command is empty".to_string())?;
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        // A group of its own, so that a hung script is killed with what it started.
        .process_group(0)
        .spawn()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    let pgid = i32::try_from(child.id()).unwrap_or(0);
    group.store(pgid, Ordering::SeqCst);
    let result = wait(&mut child, pgid);
    group.store(0, Ordering::SeqCst);
    result
}

fn wait(child: &mut std::process::Child, pgid: i32) -> Result<(), String> {
    use std::os::fd::AsRawFd;
    let deadline = Instant::now() + TIMEOUT;
    let mut stderr = child.stderr.take();
    if let Some(e) = &stderr {
        // SAFETY: fcntl(2) on a pipe this process owns; only its flags change.
        unsafe {
            let fd = e.as_raw_fd();
            let flags = libc::fcntl(fd, libc::F_GETFL);
            libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK);
        }
    }
    let mut said = Vec::new();
    let mut exited = None;
    loop {
        // What it wrote so far (the first 500 bytes are kept), until the pipe's end.
        if let Some(e) = stderr.as_mut() {
            let mut buf = [0u8; 512];
            match e.read(&mut buf) {
                Ok(0) => stderr = None,
                Ok(n) => said.extend_from_slice(&buf[..n.min(500usize.saturating_sub(said.len()))]),
                Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(_) => stderr = None,
            }
        }
        if exited.is_none() {
            match child.try_wait() {
                Ok(Some(st)) => exited = Some(st),
                Ok(None) => {}
                Err(e) => return Err(e.to_string()),
            }
        }
        match exited {
            Some(st) if st.success() => return Ok(()),
            // Failed, and all it had to say is read.
            Some(st) if stderr.is_none() => return Err(failed(st, &said)),
            _ => {}
        }
        if Instant::now() >= deadline {
            kill_group(pgid);
            let _ = child.kill();
            let _ = child.wait();
            return Err(match exited {
                Some(st) => format!(
                    "{}; what it left running was killed after {} s",
                    failed(st, &said),
                    TIMEOUT.as_secs()
                ),
                None => format!(
                    "it did not finish within {} s and was killed",
                    TIMEOUT.as_secs()
                ),
            });
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn failed(st: std::process::ExitStatus, said: &[u8]) -> String {
    let said = String::from_utf8_lossy(said);
    let said = said.trim();
    if said.is_empty() {
        format!("it ended with {st}")
    } else {
        format!("it ended with {st}: {said}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(command: &[&str]) -> Result<(), String> {
        let command: Vec<String> = command.iter().map(|s| s.to_string()).collect();
        super::run(&command, &AtomicI32::new(0))
    }

    #[test]
    fn a_command_that_fails_or_hangs_says_so() {
        assert_eq!(run(&["true"]), Ok(()));
        let e = run(&["sh", "-c", "echo relay stuck >&2; exit 3"]);
        assert!(
            e.as_ref().is_err_and(|e| e.contains("relay stuck")),
            "{e:?}"
        );
        assert!(run(&["/nonexistent/relay"]).is_err());
        assert!(run(&[]).is_err());
    }

    #[test]
    fn a_failed_command_that_leaves_a_child_holding_its_output_is_not_waited_for() {
        let dir = tempfile::tempdir().unwrap();
        let pid_file = dir.path().join("child");
        // The child keeps the error pipe open for ten minutes; the command is given up at its
        // deadline, with what it said, and the child is killed with its group.
        let script = format!(
            "sleep 600 & echo $! > '{}'; echo relay broken >&2; exit 1",
            pid_file.display()
        );
        let e = run(&["sh", "-c", &script]);
        assert!(
            e.as_ref()
                .is_err_and(|e| e.contains("relay broken") && e.contains("killed")),
            "{e:?}"
        );
        let child: i32 = std::fs::read_to_string(&pid_file)
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        // SAFETY: signal 0 only asks whether the process exists (a zombie is gone for this).
        let end = Instant::now() + Duration::from_secs(5);
        while unsafe { libc::kill(child, 0) } == 0 && Instant::now() < end {
            std::thread::sleep(Duration::from_millis(20));
        }
        let stat = std::fs::read_to_string(format!("/proc/{child}/stat")).unwrap_or_default();
        assert!(stat.is_empty() || stat.contains(") Z "), "{stat}");
    }
}
