//! Live sound's delay and cost (issue [15/17], BENCHMARKS.md "Live"), through the real audio
//! path, beside a plain capture-to-output loop on the same machine. Not a criterion bench: a
//! whole-system latency. Run by benches/live.sh (`cargo bench --bench live -- run SECONDS`).
//!
//! - loa: `loa run` on the test PulseAudio server (cpal → ALSA → the null sink `loa_test`), a
//!   sender on `/api/v1/live` (TLS WebSocket on loopback, 20 ms frames of s16le paced as a
//!   microphone gives them). The sound: a quiet 300 Hz bed with a 10 ms 1 kHz burst every half
//!   second. A burst "arrives" when its frame is sent; it is "out" at its first sample in a
//!   recording of the sink's monitor. So loa's figure also holds the monitor capture's own delay.
//! - ffmpeg: `ffmpeg -f pulse -i loa_in.monitor -f pulse loa_test`, fed the same sound by `pacat`
//!   into the null sink `loa_in`; a burst arrives at its first sample in a recording of
//!   `loa_in.monitor` (what ffmpeg captures) and is out at its first sample in a recording of
//!   `loa_test.monitor`: both ends through the same kind of recording, so its delay cancels.
//!
//! A recording's frames are put on the clock by watching the file grow: each frame was captured
//! no later than the moment it is seen, and the tightest of those bounds over the whole run is
//! the recording's start.
//!
//! CPU: the process's user + system time from the first frame to the last, per minute; memory:
//! its peak resident size.

#[path = "../tests/common/mod.rs"]
mod common;

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::daemon::Daemon;
use common::pulse::{env_pairs, server, with_env};

const RATE: usize = 48_000;
const FRAME: usize = RATE / 50;
/// A burst every second, at the start of a frame (a burst is looked for up to 0.9 s after it
/// arrived: further would find the next one).
const EVERY: usize = RATE;
const BURST: usize = RATE / 100;
const PASSWORD: &str = "mật khẩu đài loa 1";

fn main() -> ExitCode {
    // `cargo bench` adds "--bench"; `cargo test --all-targets` runs this once with nothing.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        [] => {
            println!("live: run by benches/live.sh");
            ExitCode::SUCCESS
        }
        ["run", seconds] => match seconds.parse::<usize>() {
            Ok(s) if s >= 5 => {
                run(s);
                ExitCode::SUCCESS
            }
            _ => {
                eprintln!("live: SECONDS must be a whole number of at least 5");
                ExitCode::FAILURE
            }
        },
        _ => {
            eprintln!("usage: live run SECONDS");
            ExitCode::FAILURE
        }
    }
}

/// The sound sent: the bed and the bursts; and where the bursts start.
fn sound(seconds: usize) -> (Vec<f32>, Vec<usize>) {
    let n = seconds * RATE;
    let mut s: Vec<f32> = (0..n)
        .map(|i| (0.05 * (std::f64::consts::TAU * 300.0 * i as f64 / RATE as f64).sin()) as f32)
        .collect();
    let marks: Vec<usize> = (EVERY..n - EVERY).step_by(EVERY).collect();
    for &m in &marks {
        for k in 0..BURST {
            s[m + k] =
                (0.8 * (std::f64::consts::TAU * 1000.0 * k as f64 / RATE as f64).sin()) as f32;
        }
    }
    (s, marks)
}

/// `parec` of a monitor into a file, watched as it grows.
struct Recording {
    child: Child,
    path: PathBuf,
    /// Seconds after `base` at which frame 0 was captured, at the latest.
    origin: Arc<Mutex<f64>>,
    stop: Arc<AtomicBool>,
    base: Instant,
    _dir: tempfile::TempDir,
}

impl Recording {
    fn start(env: &HashMap<String, String>, device: &str, base: Instant) -> Recording {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rec.raw");
        let file = std::fs::File::create(&path).unwrap();
        let child = with_env(Command::new("parec"), env)
            .args(["-d", device, "--raw", "--format=s16le", "--rate=48000"])
            .args(["--channels=1", "--latency-msec=10"])
            .stdout(file)
            .spawn()
            .expect("parec runs");
        let (origin, stop) = (
            Arc::new(Mutex::new(f64::MAX)),
            Arc::new(AtomicBool::new(false)),
        );
        let (o, s, p) = (origin.clone(), stop.clone(), path.clone());
        std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                let frames = std::fs::metadata(&p).map_or(0, |m| m.len() / 2);
                if frames > 0 {
                    let bound = base.elapsed().as_secs_f64() - frames as f64 / RATE as f64;
                    let mut o = o.lock().unwrap();
                    *o = o.min(bound);
                }
                std::thread::sleep(Duration::from_millis(1));
            }
        });
        Recording {
            child,
            path,
            origin,
            stop,
            base,
            _dir: dir,
        }
    }

    /// Every sample, and the time of the first (seconds after `base`).
    fn finish(mut self) -> (Vec<f32>, f64) {
        std::thread::sleep(Duration::from_millis(500));
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.child.kill();
        let _ = self.child.wait();
        let bytes = std::fs::read(&self.path).unwrap();
        let samples = bytes
            .chunks_exact(2)
            .map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0)
            .collect();
        let _ = self.base;
        (samples, *self.origin.lock().unwrap())
    }
}

/// For each time in `after` (seconds after base), when the next burst starts in `rec`.
fn bursts(rec: &(Vec<f32>, f64), after: &[f64]) -> Vec<Option<f64>> {
    let (samples, origin) = rec;
    after
        .iter()
        .map(|&t| {
            let from = (((t - origin) * RATE as f64).max(0.0)) as usize;
            let to = (from + RATE * 9 / 10).min(samples.len());
            (from..to)
                .find(|&i| samples[i].abs() > 0.3)
                .map(|i| origin + i as f64 / RATE as f64)
        })
        .collect()
}

struct Figures {
    delays_ms: Vec<f64>,
    lost: usize,
    cpu_ms_per_min: f64,
    /// The same by thread name (where it goes: the PulseAudio client's thread, cpal's, ...).
    by_thread: Vec<(String, f64)>,
    peak_rss_kib: u64,
}

fn cpu_seconds(pid: u32) -> f64 {
    stat_cpu(&std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default())
}

/// Each thread's CPU seconds so far, summed by name.
fn cpu_by_thread(pid: u32) -> HashMap<String, f64> {
    let mut by = HashMap::new();
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return by;
    };
    for t in tasks.flatten() {
        let stat = std::fs::read_to_string(t.path().join("stat")).unwrap_or_default();
        let name = stat
            .split_once('(')
            .and_then(|(_, r)| r.rsplit_once(')'))
            .map_or("?", |(n, _)| n)
            .to_string();
        *by.entry(name).or_insert(0.0) += stat_cpu(&stat);
    }
    by
}

fn stat_cpu(stat: &str) -> f64 {
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = f.get(11).and_then(|x| x.parse().ok()).unwrap_or(0.0)
        + f.get(12).and_then(|x| x.parse().ok()).unwrap_or(0.0);
    ticks / unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64
}

/// What each thread spent between two readings, per minute of `seconds`, the most first.
fn split(
    before: &HashMap<String, f64>,
    after: &HashMap<String, f64>,
    seconds: f64,
) -> Vec<(String, f64)> {
    let mut v: Vec<(String, f64)> = after
        .iter()
        .map(|(n, &c)| {
            let d = c - before.get(n).copied().unwrap_or(0.0);
            (n.clone(), d * 1000.0 * 60.0 / seconds)
        })
        .filter(|(_, ms)| *ms > 0.0)
        .collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1));
    v
}

fn peak_rss(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn figures(
    sent: &[f64],
    out: &[Option<f64>],
    (cpu, by_thread): (f64, Vec<(String, f64)>),
    seconds: f64,
    rss: u64,
) -> Figures {
    let delays_ms: Vec<f64> = sent
        .iter()
        .zip(out)
        .filter_map(|(s, o)| Some((o.as_ref()? - s) * 1000.0))
        .collect();
    Figures {
        lost: sent.len() - delays_ms.len(),
        delays_ms,
        cpu_ms_per_min: cpu * 1000.0 * 60.0 / seconds,
        by_thread,
        peak_rss_kib: rss,
    }
}

fn loa(env: &HashMap<String, String>, seconds: usize) -> Figures {
    let (samples, marks) = sound(seconds);
    let mut d = Daemon::prepare(
        "[web]\nlisten = \"127.0.0.1:0\"\n",
        Some("default"),
        &env_pairs(env),
    );
    common::web::add_user(&d, "lan", "operator", PASSWORD);
    d.run();
    let mut c = common::web::Client::of(&d);
    assert_eq!(c.login("lan", PASSWORD).status, 200);
    let mut s = common::live::connect(&d, &c, None).expect("the live socket opens");
    s.hello(r#"{"format":"pcm_s16le","rate":48000,"channels":1}"#);
    s.wait_for("on-air", Duration::from_secs(10));
    let base = Instant::now();
    let rec = Recording::start(env, "loa_test.monitor", base);
    std::thread::sleep(Duration::from_millis(500));
    let cpu0 = cpu_seconds(d.pid() as u32);
    let threads0 = cpu_by_thread(d.pid() as u32);
    let start = s.speak(&samples, RATE as u32);
    let cpu = cpu_seconds(d.pid() as u32) - cpu0;
    let threads = split(&threads0, &cpu_by_thread(d.pid() as u32), seconds as f64);
    s.stop();
    s.wait_for("ended", Duration::from_secs(10));
    let rss = peak_rss(d.pid() as u32);
    let rec = rec.finish();
    d.terminate();
    let at = (start - base).as_secs_f64();
    let sent: Vec<f64> = marks
        .iter()
        .map(|&m| at + (m / FRAME) as f64 * 0.02)
        .collect();
    let out = bursts(&rec, &sent);
    figures(&sent, &out, (cpu, threads), seconds as f64, rss)
}

fn ffmpeg(env: &HashMap<String, String>, seconds: usize) -> Figures {
    let (samples, marks) = sound(seconds);
    let pactl = |args: &[&str]| {
        with_env(Command::new("pactl"), env)
            .args(args)
            .output()
            .unwrap()
    };
    let sinks = String::from_utf8_lossy(&pactl(&["list", "short", "sinks"]).stdout).to_string();
    if !sinks.contains("loa_in") {
        let out = pactl(&[
            "load-module",
            "module-null-sink",
            "sink_name=loa_in",
            "rate=48000",
            "channels=1",
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let base = Instant::now();
    let input = Recording::start(env, "loa_in.monitor", base);
    let output = Recording::start(env, "loa_test.monitor", base);
    // Asked for small buffers both ways (its defaults keep about a second in the output).
    let mut loop_ = with_env(Command::new("ffmpeg"), env)
        .args(["-hide_banner", "-loglevel", "error", "-fflags", "nobuffer"])
        .args(["-f", "pulse", "-channels", "1", "-fragment_size", "1920"])
        .args(["-i", "loa_in.monitor", "-f", "pulse", "-device", "loa_test"])
        .args(["-buffer_duration", "40", "loop"])
        .stdin(Stdio::null())
        .spawn()
        .expect("ffmpeg runs");
    let mut pacat = with_env(Command::new("pacat"), env)
        .args([
            "--playback",
            "-d",
            "loa_in",
            "--raw",
            "--format=s16le",
            "--rate=48000",
        ])
        .args(["--channels=1", "--latency-msec=10"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("pacat runs");
    let mut feed = pacat.stdin.take().unwrap();
    // Two seconds of the bed first: the streams settle before anything is measured.
    let bed: Vec<u8> = sound(1)
        .0
        .iter()
        .flat_map(|s| ((s * 32767.0) as i16).to_le_bytes())
        .collect();
    for _ in 0..2 {
        for chunk in bed.chunks(FRAME * 2) {
            feed.write_all(chunk).unwrap();
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    let cpu0 = cpu_seconds(loop_.id());
    let threads0 = cpu_by_thread(loop_.id());
    let start = Instant::now();
    let mut sent = Vec::new();
    for (i, chunk) in samples.chunks(FRAME).enumerate() {
        let due = start + Duration::from_millis(20 * i as u64);
        if let Some(wait) = due.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
        if marks.contains(&(i * FRAME)) {
            sent.push(base.elapsed().as_secs_f64());
        }
        let bytes: Vec<u8> = chunk
            .iter()
            .flat_map(|s| ((s * 32767.0) as i16).to_le_bytes())
            .collect();
        feed.write_all(&bytes).unwrap();
    }
    let cpu = cpu_seconds(loop_.id()) - cpu0;
    let threads = split(&threads0, &cpu_by_thread(loop_.id()), seconds as f64);
    let rss = peak_rss(loop_.id());
    drop(feed);
    let _ = pacat.wait();
    let (input, output) = (input.finish(), output.finish());
    let _ = loop_.kill();
    let _ = loop_.wait();
    let arrived = bursts(&input, &sent);
    let arrived_at: Vec<f64> = arrived.iter().map(|a| a.unwrap_or(f64::NAN)).collect();
    let out = bursts(&output, &arrived_at);
    let pairs: Vec<(f64, Option<f64>)> = arrived
        .iter()
        .zip(out)
        .filter_map(|(a, o)| Some((*a.as_ref()?, o)))
        .collect();
    let (a, o): (Vec<f64>, Vec<Option<f64>>) = pairs.into_iter().unzip();
    let mut f = figures(&a, &o, (cpu, threads), seconds as f64, rss);
    f.lost += marks.len() - a.len();
    f
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn report(name: &str, f: &Figures) {
    let mut d = f.delays_ms.clone();
    d.sort_by(f64::total_cmp);
    println!(
        "{name}: {} bursts ({} not found); arrival → output p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; CPU {:.0} ms/min; peak RSS {:.1} MiB",
        d.len(),
        f.lost,
        percentile(&d, 0.5),
        percentile(&d, 0.99),
        d.last().copied().unwrap_or(f64::NAN),
        f.cpu_ms_per_min,
        f.peak_rss_kib as f64 / 1024.0
    );
    let threads: Vec<String> = f
        .by_thread
        .iter()
        .map(|(n, ms)| format!("{n} {ms:.0}"))
        .collect();
    println!("  CPU ms/min by thread: {}", threads.join(", "));
}

fn run(seconds: usize) {
    let env = server();
    let l = loa(env, seconds);
    report("loa (WebSocket → cpal → PulseAudio)", &l);
    let f = ffmpeg(env, seconds);
    report("ffmpeg -f pulse … -f pulse", &f);
    let median = |f: &Figures| {
        let mut d = f.delays_ms.clone();
        d.sort_by(f64::total_cmp);
        percentile(&d, 0.5)
    };
    println!(
        "loa / ffmpeg: delay p50 {:.2}×, CPU {:.2}×",
        median(&l) / median(&f),
        l.cpu_ms_per_min / f.cpu_ms_per_min
    );
    // scripts/bench's table: the delay's p99 and the CPU a minute, of each.
    if let Some(path) = std::env::var_os("LOA_BENCH_METRICS") {
        let p99 = |f: &Figures| {
            let mut d = f.delays_ms.clone();
            d.sort_by(f64::total_cmp);
            percentile(&d, 0.99)
        };
        let lines = format!(
            "live.p99.loa {:.3}\nlive.p99.ffmpeg {:.3}\nlive.cpu.loa {:.1}\nlive.cpu.ffmpeg {:.1}\n",
            p99(&l),
            p99(&f),
            l.cpu_ms_per_min,
            f.cpu_ms_per_min
        );
        let written = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(&path)
            .and_then(|mut file| std::io::Write::write_all(&mut file, lines.as_bytes()));
        if let Err(e) = written {
            eprintln!("live: {}: {e}", std::path::Path::new(&path).display());
        }
    }
}
