//! The test PulseAudio server (scripts/pulse-server.sh: scripts/test.sh's, or a private one
//! for this test process) and a recording of its sink's monitor: the real audio path's two ends.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::{Child, Command};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use super::{Wav, repo};

/// The environment that points ALSA, cpal and the pulse tools at a test server.
pub fn server() -> &'static HashMap<String, String> {
    static ENV: OnceLock<HashMap<String, String>> = OnceLock::new();
    ENV.get_or_init(|| {
        let keys = [
            "HOME",
            "XDG_RUNTIME_DIR",
            "XDG_CONFIG_HOME",
            "PULSE_SERVER",
            "LOA_PULSE_DIR",
        ];
        if std::env::var_os("LOA_TEST_PULSE").is_some() {
            return keys
                .iter()
                .filter_map(|k| Some((k.to_string(), std::env::var(k).ok()?)))
                .collect();
        }
        start_server()
    })
}

/// Starts a private server that ends when this test process does.
pub fn start_server() -> HashMap<String, String> {
    let out = Command::new(repo().join("scripts/pulse-server.sh"))
        .args(["start", "--watch", &std::process::id().to_string()])
        .output()
        .expect("scripts/pulse-server.sh runs");
    assert!(
        out.status.success(),
        "cannot start PulseAudio: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .filter_map(|w| w.split_once('='))
        .map(|(k, v)| (k.to_string(), v.trim_matches('\'').to_string()))
        .collect()
}

pub fn with_env(mut c: Command, env: &HashMap<String, String>) -> Command {
    for (k, v) in env {
        c.env(k, v);
    }
    c
}

/// A recording of the sink's monitor, raw s16le stereo 48 kHz.
pub struct Recorder {
    child: Child,
    path: PathBuf,
    _dir: tempfile::TempDir,
}

impl Recorder {
    pub fn start(env: &HashMap<String, String>) -> Recorder {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rec.raw");
        let file = std::fs::File::create(&path).unwrap();
        let mut c = with_env(Command::new("parec"), env);
        c.args([
            "-d",
            "loa_test.monitor",
            "--raw",
            "--format=s16le",
            "--rate=48000",
            "--channels=2",
            "--latency-msec=10",
        ])
        .stdout(file);
        let child = c.spawn().expect("parec runs");
        let r = Recorder {
            child,
            path,
            _dir: dir,
        };
        // Wait until it records, so positions in the file are times.
        let deadline = Instant::now() + Duration::from_secs(5);
        while r.frames() < 4800 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(r.frames() >= 4800, "parec records nothing");
        r
    }

    /// Frames recorded so far.
    pub fn frames(&self) -> u64 {
        std::fs::metadata(&self.path).map_or(0, |m| m.len() / 4)
    }

    /// Waits until `more` of recording has come in from now: what was just played has reached
    /// the file, however busy the machine.
    pub fn settle(&self, more: Duration) {
        let until = self.frames() + (more.as_secs_f64() * 48_000.0) as u64;
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.frames() < until {
            assert!(Instant::now() < deadline, "parec stopped recording");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    pub fn stop(mut self) -> Wav {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let bytes = std::fs::read(&self.path).unwrap();
        let samples: Vec<f32> = bytes
            .chunks_exact(2)
            .map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0)
            .collect();
        Wav::from_interleaved(&samples, 48_000)
    }
}

/// The pulse environment as (name, value) pairs for a daemon.
pub fn env_pairs(env: &HashMap<String, String>) -> Vec<(String, String)> {
    env.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}

/// The frame of the recording at a wall-clock instant, given the frame recorded at `mark`.
pub fn frame_at(
    t: chrono::DateTime<chrono::Utc>,
    mark_time: chrono::DateTime<chrono::Utc>,
    mark_frame: u64,
) -> i64 {
    mark_frame as i64 + ((t - mark_time).num_microseconds().unwrap_or(0) as f64 * 0.048) as i64
}
