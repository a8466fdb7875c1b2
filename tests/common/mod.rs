//! Helpers shared by the integration tests: test fixtures made with ffmpeg, the real binary,
//! WAV reading, and the signal analysis the audio tests judge by (Goertzel amplitude at a
//! frequency, RMS, DC, where the sound starts and ends).
#![allow(dead_code)]

pub mod browser;
pub mod daemon;
pub mod fleet;
pub mod live;
pub mod machine;
pub mod netns;
pub mod proxy;
pub mod pulse;
pub mod servers;
pub mod web;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The schedules of a corpus folder under tests/ (`bad`, `officer`), sorted by name.
pub fn corpus(folder: &str) -> (PathBuf, Vec<PathBuf>) {
    let dir = repo().join("tests").join(folder);
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    cases.sort();
    (dir, cases)
}

pub fn loa() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_loa"));
    c.env_remove("LOA_CONFIG")
        .env_remove("LOA_SOCKET")
        .env_remove("LOA_STATE_DIR")
        .env("LOA_LOG", "warn");
    c
}

/// Asserts that a command ended with success, showing what it said on stderr when not.
#[track_caller]
pub fn assert_success(out: &Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Where generated fixtures are kept between runs.
pub fn fixture_dir() -> PathBuf {
    let d = repo().join("target/test-fixtures");
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A fixture made by ffmpeg from a lavfi source: `aevalsrc` expressions, one per channel
/// (separated by `|`), at `rate`, `seconds` long, with a channel layout, encoded with `codec_args`
/// into `name`. Made once; kept in target/test-fixtures.
pub fn tone_fixture(
    name: &str,
    exprs: &str,
    layout: &str,
    rate: u32,
    seconds: f32,
    codec_args: &[&str],
) -> PathBuf {
    let path = fixture_dir().join(name);
    if path.exists() {
        return path;
    }
    static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = fixture_dir().join(format!("tmp-{}-{n}-{name}", std::process::id()));
    let src = format!("aevalsrc='{exprs}':s={rate}:d={seconds}:c={layout}");
    let out = Command::new("ffmpeg")
        .args([
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            &src,
        ])
        .args(codec_args)
        .arg(&tmp)
        .output()
        .expect("ffmpeg runs (scripts/test.sh installs it)");
    assert!(
        out.status.success(),
        "ffmpeg failed for {name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::rename(&tmp, &path).unwrap();
    path
}

/// A 440 Hz tone at half scale, `seconds` long, that starts and ends sharply (a WAV in the
/// fixture folder); returns its file name, for a schedule whose `audio_dir` is that folder.
pub fn sharp_tone(seconds: f32) -> String {
    let name = format!("sharp-tone-{seconds}.wav");
    tone_fixture(
        &name,
        "0.5*sin(2*PI*440*t)",
        "mono",
        48_000,
        seconds,
        &["-c:a", "pcm_s16le"],
    );
    name
}

/// A schedule file that sends everything to `output`, with `audio_dir` = `/`.
pub fn schedule_with_output(dir: &Path, output: &str) -> PathBuf {
    let p = dir.join("schedule.toml");
    std::fs::write(
        &p,
        format!("[station]\naudio_dir = \"/\"\noutput = \"{output}\"\nvolume = 100\n"),
    )
    .unwrap();
    p
}

/// Plays a file with the real binary into a WAV sink; returns the process output and the WAV.
pub fn play_to_wav(file: &Path, extra: &[&str]) -> (Output, Wav) {
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("out.wav");
    let config = schedule_with_output(dir.path(), &format!("wav:{}", wav.display()));
    let out = loa()
        .arg("play")
        .arg(file)
        .arg("--config")
        .arg(&config)
        .args(extra)
        .output()
        .unwrap();
    let w = if wav.exists() {
        Wav::read(&wav)
    } else {
        Wav {
            rate: 48_000,
            left: vec![],
            right: vec![],
        }
    };
    (out, w)
}

/// A stereo recording as two channels of `f32`.
#[derive(Clone, Debug)]
pub struct Wav {
    pub rate: u32,
    pub left: Vec<f32>,
    pub right: Vec<f32>,
}

impl Wav {
    pub fn read(path: &Path) -> Wav {
        let mut r = hound::WavReader::open(path).unwrap();
        let spec = r.spec();
        assert_eq!(
            (spec.channels, spec.bits_per_sample, spec.sample_rate),
            (2, 16, 48_000),
            "the WAV sink writes 48 kHz stereo s16"
        );
        let samples: Vec<f32> = r
            .samples::<i16>()
            .map(|s| f32::from(s.unwrap()) / 32768.0)
            .collect();
        Wav::from_interleaved(&samples, spec.sample_rate)
    }

    pub fn from_interleaved(samples: &[f32], rate: u32) -> Wav {
        Wav {
            rate,
            left: samples.iter().step_by(2).copied().collect(),
            right: samples.iter().skip(1).step_by(2).copied().collect(),
        }
    }

    pub fn seconds(&self) -> f64 {
        self.left.len() as f64 / f64::from(self.rate)
    }

    /// Frames from the first to the last sample above `threshold` in either channel.
    pub fn sounding(&self, threshold: f32) -> Option<(usize, usize)> {
        let loud = |i: usize| self.left[i].abs() > threshold || self.right[i].abs() > threshold;
        let first = (0..self.left.len()).find(|&i| loud(i))?;
        let last = (0..self.left.len()).rev().find(|&i| loud(i))?;
        Some((first, last))
    }
}

/// Amplitude of the component at `freq` in `x` (Hann-windowed Goertzel), in the units of `x`.
pub fn amplitude(x: &[f32], rate: u32, freq: f64) -> f64 {
    let n = x.len();
    if n < 2 {
        return 0.0;
    }
    let w = 2.0 * std::f64::consts::PI * freq / f64::from(rate);
    let coeff = 2.0 * w.cos();
    let (mut s1, mut s2) = (0.0f64, 0.0f64);
    let mut wsum = 0.0;
    for (i, v) in x.iter().enumerate() {
        let win = 0.5 - 0.5 * (2.0 * std::f64::consts::PI * i as f64 / (n - 1) as f64).cos();
        wsum += win;
        let s0 = f64::from(*v) * win + coeff * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    let power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
    2.0 * power.max(0.0).sqrt() / wsum
}

pub fn rms(x: &[f32]) -> f64 {
    (x.iter().map(|v| f64::from(*v).powi(2)).sum::<f64>() / x.len().max(1) as f64).sqrt()
}

pub fn mean(x: &[f32]) -> f64 {
    x.iter().map(|v| f64::from(*v)).sum::<f64>() / x.len().max(1) as f64
}

pub fn db(a: f64) -> f64 {
    20.0 * a.max(1e-12).log10()
}

/// Serialises tests that share one resource (the PulseAudio sink).
pub fn exclusive() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: OnceLock<std::sync::Mutex<()>> = OnceLock::new();
    LOCK.get_or_init(|| std::sync::Mutex::new(()))
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

/// This process's user name, as the daemon reads it from socket credentials.
pub fn user() -> String {
    loa::control::server::user_name(unsafe { libc::getuid() })
}
