//! Runs the amplifier's commands for the daemon: on a thread of its own (never the player's,
//! never the daemon's loop), one after another in the order asked, each without a shell and with
//! a deadline: a relay script that hangs is killed after [`TIMEOUT`], logged, and the broadcast
//! goes ahead. What the amplifier is and what its last command did are kept for `loa status`.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
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
}

impl Amplifier {
    pub fn spawn(clock: impl Clock + 'static) -> std::io::Result<Amplifier> {
        let (tx, rx) = mpsc::channel::<Switch>();
        let status = Arc::new(Mutex::new(AmpStatus {
            state: "off",
            last: None,
        }));
        let shared = status.clone();
        let thread = std::thread::Builder::new()
            .name("loa-amplifier".into())
            .spawn(move || {
                for sw in rx {
                    let which = if sw.on { "on" } else { "off" };
                    let at = clock.now();
                    let result = run(&sw.command);
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
            })?;
        Ok(Amplifier {
            tx: Some(tx),
            thread: Some(thread),
            status,
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

    /// Waits until every command asked for has run (at most their timeouts).
    pub fn finish(&mut self) {
        drop(self.tx.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Amplifier {
    fn drop(&mut self) {
        self.finish();
    }
}

/// Runs a command to its end or to [`TIMEOUT`]; says what went wrong.
fn run(command: &[String]) -> Result<(), String> {
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
    let deadline = Instant::now() + TIMEOUT;
    loop {
        match child.try_wait() {
            Ok(Some(st)) if st.success() => return Ok(()),
            Ok(Some(st)) => {
                let mut said = String::new();
                if let Some(mut e) = child.stderr.take() {
                    let _ = e.by_ref().take(500).read_to_string(&mut said);
                }
                let said = said.trim();
                return Err(if said.is_empty() {
                    format!("it ended with {st}")
                } else {
                    format!("it ended with {st}: {said}")
                });
            }
            Ok(None) if Instant::now() >= deadline => {
                if let Ok(pid) = libc::pid_t::try_from(child.id()) {
                    // SAFETY: kill(2) on the group this child leads; no memory is involved.
                    unsafe { libc::kill(-pid, libc::SIGKILL) };
                }
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "it did not finish within {} s and was killed",
                    TIMEOUT.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_that_fails_or_hangs_says_so() {
        assert_eq!(run(&["true".into()]), Ok(()));
        let e = run(&[
            "sh".into(),
            "-c".into(),
            "echo relay stuck >&2; exit 3".into(),
        ]);
        assert!(
            e.as_ref().is_err_and(|e| e.contains("relay stuck")),
            "{e:?}"
        );
        assert!(run(&["/nonexistent/relay".into()]).is_err());
        assert!(run(&[]).is_err());
    }
}
