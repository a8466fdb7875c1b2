//! The real daemon as a test drives it: a schedule in a temporary folder, `loa run` on it, and
//! the command line to talk to it, read its history and wait for things to happen.

use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::Value;

use super::{loa, repo};

pub struct Daemon {
    child: Option<Child>,
    dir: tempfile::TempDir,
    config: PathBuf,
    output: Option<String>,
    env: Vec<(String, String)>,
}

/// The wall clock the daemon under test also reads.
pub fn now() -> DateTime<Utc> {
    use loa::clock::Clock;
    loa::clock::SystemClock.now()
}

pub fn hms(t: DateTime<Utc>) -> String {
    t.format("%H:%M:%S").to_string()
}

/// A whole second a few seconds ahead, and its `at`.
pub fn ahead(secs: i64) -> (DateTime<Utc>, String) {
    let t = now() + TimeDelta::seconds(secs);
    let t = t - TimeDelta::nanoseconds(i64::from(t.timestamp_subsec_nanos()));
    (t, hms(t))
}

impl Daemon {
    /// Starts `loa run` on a schedule whose `[station]` is given by the test (audio from the
    /// repository's audio/ unless it says otherwise; output to a WAV in a temporary folder).
    pub fn start(body: &str) -> Daemon {
        Daemon::start_with(body, None, &[])
    }

    /// With another output than the WAV (e.g. "default") and extra environment (a test
    /// PulseAudio server's).
    pub fn start_with(body: &str, output: Option<&str>, env: &[(String, String)]) -> Daemon {
        let mut d = Daemon::prepare(body, output, env);
        d.run();
        d
    }

    /// The folder and the schedule, without starting anything.
    pub fn prepare(body: &str, output: Option<&str>, env: &[(String, String)]) -> Daemon {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("schedule.toml");
        let d = Daemon {
            child: None,
            dir,
            config,
            output: output.map(str::to_string),
            env: env.to_vec(),
        };
        d.write_schedule(body);
        d
    }

    /// One more variable in the daemon's environment, from its next start.
    pub fn set_env(&mut self, key: &str, value: &str) {
        self.env.push((key.to_string(), value.to_string()));
    }

    /// Takes a daemon process started some other way (in a namespace of its own…) and waits
    /// until its socket answers.
    pub fn adopt(&mut self, child: Child) {
        self.child = Some(child);
        self.wait("the socket answers", Duration::from_secs(15), |d| {
            d.loa(&["status", "--json"]).status.success()
        });
    }

    /// Starts `loa run` (again) in this folder, on its schedule and state; its log is appended
    /// to daemon.log. Waits until its socket answers.
    pub fn run(&mut self) {
        self.run_with(&[]);
    }

    /// The same, with extra arguments before `run` (e.g. `--output null`).
    pub fn run_with(&mut self, args: &[&str]) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.path("daemon.log"))
            .unwrap();
        self.child = Some(
            self.cmd()
                .args(args)
                .arg("run")
                .env("LOA_LOG", "info")
                .stderr(log)
                .stdout(Stdio::null())
                .spawn()
                .unwrap(),
        );
        self.wait("the socket answers", Duration::from_secs(15), |d| {
            d.loa(&["status", "--json"]).status.success()
        });
    }

    /// Starts it writing what it plays to out.wav in its folder, whatever the schedule's
    /// `[station]` says (for a test that writes its own).
    pub fn run_to_wav(&mut self) {
        let out = format!("wav:{}", self.path("out.wav").display());
        self.run_with(&["--output", &out]);
    }

    pub fn pid(&self) -> i32 {
        self.child.as_ref().map_or(0, |c| c.id() as i32)
    }

    /// SIGKILL: no fade, no last word.
    pub fn kill9(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write_schedule(&self, body: &str) {
        let station = if body.contains("[station]") {
            String::new()
        } else {
            format!(
                "[station]\ntimezone = \"UTC\"\naudio_dir = \"{}\"\noutput = \"{}\"\nvolume = 100\n\n",
                repo().join("audio").display(),
                self.output
                    .clone()
                    .unwrap_or_else(|| format!("wav:{}", self.path("out.wav").display()))
            )
        };
        std::fs::write(&self.config, format!("{station}{body}")).unwrap();
    }

    pub fn cmd(&self) -> Command {
        let mut c = loa();
        c.envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        c.arg("--config")
            .arg(&self.config)
            .arg("--socket")
            .arg(self.path("loa.sock"))
            .arg("--state-dir")
            .arg(self.path("state"));
        c
    }

    pub fn loa(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().unwrap()
    }

    pub fn status(&self) -> Value {
        let out = self.loa(&["status", "--json"]);
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null)
    }

    pub fn history(&self) -> Vec<Value> {
        let out = self.loa(&["history", "--format", "json"]);
        serde_json::from_slice::<Value>(&out.stdout)
            .ok()
            .and_then(|v| v.as_array().cloned())
            .unwrap_or_default()
    }

    /// Every row of an announcement, finished or not.
    pub fn rows(&self, id: &str) -> Vec<Value> {
        self.history()
            .into_iter()
            .filter(|r| r["id"] == id)
            .collect()
    }

    pub fn row(&self, id: &str) -> Option<Value> {
        self.history()
            .into_iter()
            .find(|r| r["id"] == id && !r["outcome"].is_null())
    }

    pub fn wait(&mut self, what: &str, limit: Duration, ok: impl Fn(&Daemon) -> bool) {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if ok(self) {
                return;
            }
            if let Some(c) = self.child.as_mut()
                && let Ok(Some(st)) = c.try_wait()
            {
                panic!(
                    "the daemon exited ({st}) while waiting for {what}:\n{}",
                    self.log()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("timed out waiting for {what}:\n{}", self.log());
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.path("daemon.log")).unwrap_or_default()
    }

    /// Where frame 0 of the WAV is, from the daemon's log.
    pub fn wav_origin(&self) -> DateTime<Utc> {
        let log = self.log();
        let us: i64 = log
            .split("origin_unix_us=")
            .nth(1)
            .and_then(|r| r.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no wav origin in the log:\n{log}"));
        DateTime::from_timestamp_micros(us).unwrap()
    }

    /// The WAV's frame (48 kHz) that sounded at the wall-clock instant `t`.
    pub fn frame_at(&self, t: DateTime<Utc>) -> usize {
        let us = (t - self.wav_origin()).num_microseconds().unwrap();
        usize::try_from((us as f64 * 0.048).round() as i64)
            .unwrap_or_else(|_| panic!("{t} is before the WAV's first frame"))
    }

    pub fn terminate(&mut self) -> (std::process::ExitStatus, Duration) {
        let mut child = self.child.take().unwrap();
        let t = Instant::now();
        unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
        let st = child.wait().unwrap();
        (st, t.elapsed())
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

pub fn time(v: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap_or_else(|| panic!("not a time: {v}")))
        .unwrap()
        .with_timezone(&Utc)
}
