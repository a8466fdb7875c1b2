//! Loudness measured by loa (EBU R128, `ebur128`) agrees with ffmpeg's `ebur128` filter within
//! 0.5 LU, on the example's recordings and on fixtures made here at several levels; and
//! `loa check` warns about a silent, a very quiet and a clipped file.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::daemon::Daemon;

use loa::audio::loudness::measure_file;

/// ffmpeg's integrated loudness of a file (its summary's "I: … LUFS").
fn ffmpeg_lufs(path: &Path) -> f64 {
    let out = Command::new("ffmpeg")
        .args(["-hide_banner", "-nostats", "-i"])
        .arg(path)
        .args(["-af", "ebur128", "-f", "null", "-"])
        .output()
        .expect("ffmpeg runs (scripts/test.sh installs it)");
    let text = String::from_utf8_lossy(&out.stderr);
    let summary = text.rsplit("Summary:").next().unwrap_or("");
    summary
        .lines()
        .find_map(|l| {
            let l = l.trim();
            l.strip_prefix("I:")
                .and_then(|v| v.trim().strip_suffix("LUFS"))
                .and_then(|v| v.trim().parse().ok())
        })
        .unwrap_or_else(|| panic!("no loudness in ffmpeg's output:\n{text}"))
}

fn make(dir: &Path, name: &str, filter: &str) -> PathBuf {
    let path = dir.join(name);
    let ok = Command::new("ffmpeg")
        .args([
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            filter,
            "-t",
            "8",
        ])
        .arg(&path)
        .status()
        .expect("ffmpeg runs")
        .success();
    assert!(ok, "ffmpeg made {name}");
    path
}

#[test]
fn loudness_agrees_with_ffmpeg_within_half_a_lu() {
    let dir = tempfile::tempdir().unwrap();
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("audio"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "mp3" || e == "ogg"))
            .collect();
    files.push(make(
        dir.path(),
        "tone-quiet.wav",
        "sine=frequency=440:sample_rate=44100,volume=-40dB",
    ));
    files.push(make(
        dir.path(),
        "noise-loud.flac",
        "anoisesrc=color=pink:amplitude=0.5:sample_rate=48000",
    ));
    files.push(make(
        dir.path(),
        "speech-band.mp3",
        "anoisesrc=color=brown:amplitude=0.2:sample_rate=22050,highpass=f=300,lowpass=f=3400",
    ));
    files.sort();
    assert!(files.len() >= 10);
    let mut report = Vec::new();
    for f in &files {
        let ours = measure_file(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let theirs = ffmpeg_lufs(f);
        let l = ours.integrated.expect("not silent");
        report.push(format!("{:>8.2} {:>8.2} {}", l, theirs, f.display()));
        assert!(
            (l - theirs).abs() <= 0.5,
            "{}: loa {l:.2} LUFS, ffmpeg {theirs:.2}",
            f.display()
        );
    }
    eprintln!("   loa   ffmpeg\n{}", report.join("\n"));
}

#[test]
fn check_warns_about_silent_quiet_and_clipped_files() {
    let dir = tempfile::tempdir().unwrap();
    make(
        dir.path(),
        "im-lang.wav",
        "anullsrc=sample_rate=48000:channel_layout=mono",
    );
    make(
        dir.path(),
        "nho.wav",
        "sine=frequency=440:sample_rate=48000,volume=-30dB",
    );
    make(
        dir.path(),
        "vo.wav",
        "sine=frequency=440:sample_rate=48000,volume=24dB",
    );
    make(
        dir.path(),
        "tot.wav",
        "sine=frequency=440:sample_rate=48000,volume=-6dB",
    );
    let schedule = dir.path().join("s.toml");
    std::fs::write(
        &schedule,
        "[station]\ntimezone = \"Asia/Ho_Chi_Minh\"\naudio_dir = \".\"\n\n\
         [[announcement]]\nid = \"a\"\nfiles = [\"im-lang.wav\", \"nho.wav\", \"vo.wav\", \"tot.wav\"]\nat = \"05:30\"\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_loa"))
        .args(["check", "--config"])
        .arg(&schedule)
        .env("LOA_LANG", "en")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains(": warning: "))
        .collect();
    assert_eq!(warnings.len(), 3, "{stderr}");
    assert!(
        warnings[0].contains("\"im-lang.wav\" (used by announcement \"a\") is silent"),
        "{stderr}"
    );
    assert!(
        warnings[1].contains("\"nho.wav\" (used by announcement \"a\") is very quiet"),
        "{stderr}"
    );
    assert!(
        warnings[2].contains("\"vo.wav\" (used by announcement \"a\") is clipped"),
        "{stderr}"
    );
}

/// With `loudness = -16`, a quiet recording and a loud one both come out of the output at
/// -16 LUFS (within 1 LU), and the loud one's true peak stays under -1 dBTP.
#[test]
fn the_station_loudness_levels_quiet_and_loud_files_on_the_output() {
    let dir = tempfile::tempdir().unwrap();
    make(
        dir.path(),
        "nho.wav",
        "sine=frequency=440:sample_rate=44100,volume=-30dB",
    );
    make(
        dir.path(),
        "to.flac",
        "anoisesrc=color=pink:amplitude=0.9:sample_rate=48000",
    );
    let schedule = dir.path().join("s.toml");
    std::fs::write(
        &schedule,
        "[station]\ntimezone = \"Asia/Ho_Chi_Minh\"\naudio_dir = \".\"\nvolume = 100\nloudness = -16\n\n\
         [[announcement]]\nid = \"nho\"\nfiles = [\"nho.wav\"]\nat = \"05:30\"\nchime = false\n\n\
         [[announcement]]\nid = \"to\"\nfiles = [\"to.flac\"]\nat = \"06:30\"\nchime = false\n",
    )
    .unwrap();
    for (id, source) in [("nho", "nho.wav"), ("to", "to.flac")] {
        let before = measure_file(&dir.path().join(source)).unwrap();
        let wav = dir.path().join(format!("{id}-out.wav"));
        let out = Command::new(env!("CARGO_BIN_EXE_loa"))
            .args(["play", id, "--socket"])
            .arg(dir.path().join("none.sock"))
            .arg("--config")
            .arg(&schedule)
            .arg("--output")
            .arg(format!("wav:{}", wav.display()))
            .env("LOA_LANG", "en")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let after = measure_file(&wav).unwrap();
        let level = after.integrated.unwrap();
        eprintln!(
            "{source}: {:.1} LUFS → {level:.1} LUFS, true peak {:.1} dBTP",
            before.integrated.unwrap(),
            after.true_peak.unwrap()
        );
        assert!(
            (level + 16.0).abs() <= 1.0,
            "{source}: {level:.2} LUFS on the output"
        );
        assert!(after.true_peak.unwrap() <= -0.5, "{source}: {after:?}");
    }
}

/// The daemon levels too: it measures the schedule's files on a thread of its own (and keeps the
/// result by file hash in the state directory), and a quiet recording plays at -16 LUFS.
#[test]
fn the_daemon_levels_what_it_plays_and_remembers_the_measurement() {
    let mut d = Daemon::prepare("", None, &[]);
    make(
        &d.path(""),
        "nho.wav",
        "sine=frequency=440:sample_rate=44100,volume=-30dB",
    );
    d.write_schedule(&format!(
        "[station]\ntimezone = \"UTC\"\naudio_dir = \"{}\"\nvolume = 100\nloudness = -16\noutput = \"wav:{}\"\n\n\
         [[announcement]]\nid = \"nho\"\nfiles = [\"nho.wav\"]\nat = \"03:00\"\nchime = false\n",
        d.path("").display(),
        d.path("out.wav").display()
    ));
    d.run();
    d.wait("the files are measured", Duration::from_secs(20), |d| {
        d.log().contains("loudness levelled")
    });
    common::assert_success(&d.loa(&["play", "nho"]));
    d.wait("it has played", Duration::from_secs(20), |d| {
        d.row("nho").is_some_and(|r| r["outcome"] == "played")
    });
    d.terminate();
    let after = measure_file(&d.path("out.wav")).unwrap();
    let level = after.integrated.unwrap();
    assert!((level + 16.0).abs() <= 1.0, "{level:.2} LUFS on the output");
    let cache = d.path("state").join(loa::audio::level::CACHE_FILE);
    let kept = std::fs::read_to_string(&cache).unwrap_or_default();
    assert!(
        kept.contains("integrated"),
        "the measurement is kept in {}: {kept}",
        cache.display()
    );
}
