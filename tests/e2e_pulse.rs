//! The real audio path: the real binary → cpal → ALSA → a PulseAudio null sink, recorded from the
//! sink's monitor with `parec` and judged by the recording: pitch, level, length and onset.
//! Faults too: no server at all, and a server that dies while playing.
//!
//! The server comes from scripts/pulse-server.sh: scripts/test.sh starts it and exports its
//! environment; run alone, this test starts its own. Tests that share the sink take turns.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::pulse::{Recorder, env_pairs, frame_at, server, start_server, with_env};
use common::*;

/// Plays `args` with the real binary on the default output (ALSA → PulseAudio) while
/// recording; returns the exit status, stderr, the recording, and the frame at which the
/// command was started.
fn play_recorded(args: &[&str]) -> (Option<i32>, String, Wav, u64) {
    let env = server();
    let rec = Recorder::start(env);
    let mut c = with_env(loa(), env);
    c.args(args);
    let at = rec.frames();
    let out = c.output().unwrap();
    rec.settle(Duration::from_millis(300));
    let wav = rec.stop();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        wav,
        at,
    )
}

fn tone(name: &str, freq: u32, rate: u32, codec: &[&str]) -> PathBuf {
    tone_fixture(
        name,
        &format!("0.5*sin(2*PI*{freq}*t)"),
        "stereo",
        rate,
        0.6,
        codec,
    )
}

fn judge_tone(wav: &Wav, freq: f64, seconds: f64, started_at: u64) -> Vec<String> {
    let mut bad = Vec::new();
    let Some((a, b)) = wav.sounding(0.02) else {
        return vec!["nothing was recorded".into()];
    };
    let len = (b - a) as f64 / 48_000.0;
    if (len - seconds).abs() > 0.03 {
        bad.push(format!("sounded {len:.3} s, not {seconds} s"));
    }
    // Promptly after the command (a process starting on a busy machine included: the start
    // figure itself, tens of milliseconds, is BENCHMARKS.md's).
    let onset = (a as f64 - started_at as f64) / 48_000.0;
    if !(0.0..=1.0).contains(&onset) {
        bad.push(format!(
            "started {:.0} ms after the command, not within a second",
            onset * 1000.0
        ));
    }
    let mid = &wav.left[a + 4800..b - 4800];
    let level = db(amplitude(mid, 48_000, freq));
    if (level - db(0.5)).abs() > 1.0 {
        bad.push(format!("level {level:.1} dB, not {:.1} dB", db(0.5)));
    }
    for off in [0.9, 1.1, 2.0] {
        let other = db(amplitude(mid, 48_000, freq * off));
        if other > level - 40.0 {
            bad.push(format!(
                "{:.0} Hz at {other:.1} dB next to {freq} Hz",
                freq * off
            ));
        }
    }
    bad
}

#[test]
fn tones_in_every_format_play_through_pulseaudio_at_the_right_pitch_level_length_and_time() {
    let _turn = exclusive();
    let cases = [
        ("e2e-44k.wav", 1000, 44_100, &["-c:a", "pcm_s16le"][..]),
        ("e2e-48k.flac", 800, 48_000, &["-c:a", "flac"][..]),
        (
            "e2e-22k.mp3",
            1200,
            22_050,
            &["-c:a", "libmp3lame", "-q:a", "2"][..],
        ),
        ("e2e-96k.ogg", 600, 96_000, &["-c:a", "libvorbis"][..]),
        ("e2e-16k.m4a", 500, 16_000, &["-c:a", "aac"][..]),
    ];
    let mut failures = Vec::new();
    for (name, freq, rate, codec) in cases {
        let f = tone(name, freq, rate, codec);
        let (code, stderr, wav, at) = play_recorded(&["play", f.to_str().unwrap()]);
        if code != Some(0) {
            failures.push(format!("{name}: exit {code:?}: {stderr}"));
            continue;
        }
        let bad = judge_tone(&wav, f64::from(freq), 0.6, at);
        if !bad.is_empty() {
            failures.push(format!("{name}: {}", bad.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn an_announcement_of_the_example_plays_its_chime_then_its_message() {
    let _turn = exclusive();
    let example = repo().join("config/schedule.toml");
    // The example's output is "default": here, the test server.
    let (code, stderr, wav, _) = play_recorded(&[
        "play",
        "tuyen-truyen-cchc",
        "--config",
        example.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let (a, b) = wav.sounding(0.01).expect("something was heard");
    let heard = (b - a) as f64 / 48_000.0;
    // `loa play ID` plays the whole list: the chime (2.6 s) and the three campaign messages;
    // the last one ends in 0.6 s of recorded silence.
    let expected = 2.6 + 8.294 + 7.511 + 7.844 - 0.6;
    assert!(
        (heard - expected).abs() < 0.3,
        "heard {heard:.2} s, expected about {expected:.2} s"
    );
    // Station volume 80 % × announcement 90 % = 72 % → −8.6 dB on the cubic curve.
    let chime = &wav.left[a..a + 48_000];
    let peak = chime.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    let expected_peak = 0.5 * 0.72f32.powi(3);
    assert!(
        (peak - expected_peak).abs() < 0.05,
        "chime peak {peak:.3}, expected {expected_peak:.3}"
    );
}

#[test]
fn the_examples_text_announcement_is_read_through_pulseaudio() {
    let _turn = exclusive();
    let example = repo().join("config/schedule.toml");
    let state = tempfile::tempdir().unwrap();
    // Without a daemon, `loa play` renders the text with espeak-ng (into the state directory's
    // cache) and plays it on the example's output, "default": here, the test server.
    let (code, stderr, wav, _) = play_recorded(&[
        "play",
        "thong-bao-tiem-phong",
        "--config",
        example.to_str().unwrap(),
        "--state-dir",
        state.path().to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    let rendered: Vec<PathBuf> = std::fs::read_dir(state.path().join("tts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(rendered.len(), 1, "{rendered:?}");
    let r = hound::WavReader::open(&rendered[0]).unwrap();
    let length = f64::from(r.duration()) / f64::from(r.spec().sample_rate);
    let (a, b) = wav.sounding(0.01).expect("the notice was heard");
    let heard = (b - a) as f64 / 48_000.0;
    // The example's chime (2.6 s), then a notice of some 40 words; espeak-ng's pauses at each
    // end of it are silence.
    assert!(length > 10.0, "the notice lasts {length:.1} s");
    let expected = 2.6 + length;
    assert!(
        heard > expected - 1.0 && heard < expected + 0.3,
        "heard {heard:.2} s: the chime and a {length:.2} s sound"
    );
    // Speech, not a click: at the example's volume (80 %) it is well above the noise floor over
    // its whole length.
    let level = common::db(common::rms(&wav.left[a + 3 * 48_000..b]));
    assert!(level > -40.0 && level < -6.0, "speech at {level:.1} dBFS");
}

#[test]
fn devices_lists_the_default_output_by_its_schedule_name() {
    let out = with_env(loa(), server()).arg("devices").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let default = stdout
        .lines()
        .find(|l| l.starts_with("default "))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(
        default.contains('*') && default.contains("48000 Hz, 2 ch"),
        "{default}"
    );
    assert!(stdout.lines().any(|l| l.starts_with("pulse ")), "{stdout}");
    assert!(
        String::from_utf8_lossy(&out.stderr).is_empty(),
        "ALSA noise leaked: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn with_no_audio_server_play_says_no_output_is_available() {
    let mut env = server().clone();
    env.insert("PULSE_SERVER".into(), "unix:/nonexistent/pulse.sock".into());
    let f = tone("e2e-44k.wav", 1000, 44_100, &["-c:a", "pcm_s16le"]);
    let started = Instant::now();
    let out = with_env(loa(), &env).arg("play").arg(&f).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no audio output available"), "{stderr}");
    // The way out, at once; and none of ALSA's own noise around it.
    assert!(
        stderr.contains("`loa devices`") && stderr.contains("--output null"),
        "{stderr}"
    );
    assert!(!stderr.contains("ALSA lib"), "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(10));
    // `--output null` (or LOA_OUTPUT) plays it on a machine without sound.
    let out = with_env(loa(), &env)
        .env("LOA_OUTPUT", "null")
        .arg("play")
        .arg(&f)
        .output()
        .unwrap();
    common::assert_success(&out);
}

#[test]
fn a_server_that_dies_mid_broadcast_ends_it_with_a_reason_and_without_a_flood() {
    // A server of its own, as this test kills it.
    let env = start_server();
    let f = tone_fixture(
        "e2e-long.wav",
        "0.5*sin(2*PI*440*t)",
        "stereo",
        48_000,
        20.0,
        &["-c:a", "pcm_s16le"],
    );
    let child = with_env(loa(), &env)
        .arg("play")
        .arg(&f)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let killed = Instant::now();
    let _ = with_env(Command::new("pulseaudio"), &env)
        .arg("--kill")
        .status();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        killed.elapsed() < Duration::from_secs(8),
        "took {:?} to notice",
        killed.elapsed()
    );
    assert!(
        stderr.contains("stopped working") || stderr.contains("played nothing"),
        "{stderr}"
    );
    assert!(stderr.len() < 4000, "{} bytes of stderr", stderr.len());
    eprintln!("took {:?} to notice; said:\n{stderr}", killed.elapsed());
    let dir = env.get("LOA_PULSE_DIR").map(Path::new);
    if let Some(d) = dir {
        let _ = Command::new(repo().join("scripts/pulse-server.sh"))
            .arg("stop")
            .arg(d)
            .status();
    }
}

#[test]
fn the_daemon_plays_on_time_through_pulseaudio_and_an_emergency_cuts_in() {
    use common::daemon::{Daemon, ahead, now, time};
    let _turn = exclusive();
    let env = server();
    let audio = tempfile::tempdir().unwrap();
    let low = tone_fixture(
        "e2e-daemon-300.wav",
        "0.5*sin(2*PI*300*t)",
        "stereo",
        48_000,
        6.0,
        &["-c:a", "pcm_s16le"],
    );
    let high = tone_fixture(
        "e2e-daemon-3000.wav",
        "0.5*sin(2*PI*3000*t)",
        "stereo",
        44_100,
        1.0,
        &["-c:a", "pcm_s16le"],
    );
    std::fs::copy(&low, audio.path().join("low.wav")).unwrap();
    std::fs::copy(&high, audio.path().join("high.wav")).unwrap();
    let (due, at) = ahead(3);
    let body = format!(
        "[station]\ntimezone = \"UTC\"\naudio_dir = \"{}\"\noutput = \"default\"\n\n[[announcement]]\nid = \"low\"\nfiles = [\"low.wav\"]\nat = \"{at}\"\n\n[[emergency]]\nid = \"high\"\nfiles = [\"high.wav\"]\n",
        audio.path().display()
    );
    let rec = Recorder::start(env);
    let (mark_time, mark_frame) = (now(), rec.frames());
    let mut d = Daemon::start_with(&body, Some("default"), &env_pairs(env));
    d.wait(
        "a second and a half of the broadcast",
        Duration::from_secs(10),
        |d| {
            let p = &d.status()["playing"];
            p["id"] == "low" && p["progress_seconds"].as_f64() >= Some(1.5)
        },
    );
    let asked = now();
    let out = d.loa(&["play", "high", "--emergency"]);
    common::assert_success(&out);
    d.wait("the emergency's row", Duration::from_secs(10), |d| {
        d.row("high").is_some()
    });
    let (st, _) = d.terminate();
    assert!(st.success(), "{}", d.log());
    rec.settle(Duration::from_millis(300));
    let wav = rec.stop();
    let (onset, end) = wav.sounding(0.02).expect("something was recorded");
    // On time: the first sound at the due instant, by the device's account of its delay. The
    // recording's time mark is good to a few tens of milliseconds (parec delivers in 10 ms
    // blocks and has its own latency): within 50 ms before and 150 ms after.
    let late_ms = (onset as i64 - frame_at(due, mark_time, mark_frame)) as f64 / 48.0;
    assert!(
        (-50.0..=150.0).contains(&late_ms),
        "first sound {late_ms:.0} ms after its time"
    );
    // The low tone, then the high one at once: within half a second of the command (its own
    // figure, tens of milliseconds, is BENCHMARKS.md's), not when the 6 s broadcast would end.
    let cut = frame_at(asked, mark_time, mark_frame) as usize;
    let before = &wav.left[cut - 9600..cut - 4800];
    assert!(
        amplitude(before, 48_000, 300.0) > 0.3,
        "the broadcast is not playing before the emergency"
    );
    let after = cut + (0.500 * 48_000.0) as usize;
    let window = &wav.left[after..after + 9600];
    assert!(
        amplitude(window, 48_000, 3000.0) > 0.3 && amplitude(window, 48_000, 300.0) < 0.01,
        "the emergency has not taken over half a second after the command"
    );
    assert!(end > after);
    let low = d.row("low").unwrap();
    assert_eq!(
        (low["outcome"].as_str(), low["reason"].as_str()),
        (
            Some("interrupted"),
            Some("interrupted by emergency \"high\"")
        )
    );
    assert!((time(&low["started"]) - due).abs() < chrono::TimeDelta::milliseconds(50));
}

#[test]
fn the_output_vanishing_mid_broadcast_is_recorded_failed_and_the_next_plays_when_it_is_back() {
    use common::daemon::{Daemon, ahead};
    // A server of its own: this test kills it.
    let env = start_server();
    let dir = env.get("LOA_PULSE_DIR").cloned().unwrap();
    let audio = tempfile::tempdir().unwrap();
    let long = tone_fixture(
        "e2e-long.wav",
        "0.5*sin(2*PI*440*t)",
        "stereo",
        48_000,
        20.0,
        &["-c:a", "pcm_s16le"],
    );
    std::fs::copy(&long, audio.path().join("long.wav")).unwrap();
    std::fs::copy(
        repo().join("audio/chime.ogg"),
        audio.path().join("chime.ogg"),
    )
    .unwrap();
    let (_, first) = ahead(2);
    let (_, second) = ahead(16);
    let body = format!(
        "[station]\ntimezone = \"UTC\"\naudio_dir = \"{}\"\noutput = \"default\"\n\n[[announcement]]\nid = \"dai\"\nfiles = [\"long.wav\"]\nat = \"{first}\"\n\n[[announcement]]\nid = \"sau\"\nfiles = [\"chime.ogg\"]\nat = \"{second}\"\n",
        audio.path().display()
    );
    let mut d = Daemon::start_with(&body, Some("default"), &env_pairs(&env));
    d.wait("a second of the broadcast", Duration::from_secs(10), |d| {
        let p = &d.status()["playing"];
        p["id"] == "dai" && p["progress_seconds"].as_f64() >= Some(1.0)
    });
    let _ = with_env(Command::new("pulseaudio"), &env)
        .arg("--kill")
        .status();
    d.wait("the failure recorded", Duration::from_secs(10), |d| {
        d.row("dai").is_some()
    });
    let row = d.row("dai").unwrap();
    assert_eq!(row["outcome"], "failed", "{row}");
    assert!(
        row["reason"]
            .as_str()
            .unwrap_or("")
            .contains("stopped working"),
        "{row}"
    );
    let st = d.status();
    assert_eq!(st["output"]["state"], "failed", "{st:#}");
    // The server comes back; the next broadcast plays.
    let out = Command::new(repo().join("scripts/pulse-server.sh"))
        .args(["restart", &dir])
        .output()
        .unwrap();
    common::assert_success(&out);
    d.wait("the next broadcast", Duration::from_secs(30), |d| {
        d.row("sau").is_some()
    });
    assert_eq!(d.row("sau").unwrap()["outcome"], "played", "{}", d.log());
    // The log says it once, not once per error (the server's death made millions).
    let log = d.log();
    assert!(log.len() < 20_000, "{} bytes of log", log.len());
    let (st, _) = d.terminate();
    assert!(st.success());
    let _ = Command::new(repo().join("scripts/pulse-server.sh"))
        .args(["stop", &dir])
        .status();
}

#[test]
fn a_relay_starts_on_time_with_live_sound_through_pulseaudio() {
    use common::daemon::{Daemon, ahead};
    use common::servers::{Codec, Icecast, Source};
    let _turn = exclusive();
    let env = server();
    let ice = Icecast::start();
    let _src = Source::start(&ice, "vov1.mp3", Codec::Mp3, 1000);
    let (due, at) = ahead(6);
    let body = format!(
        "[station]\ntimezone = \"UTC\"\noutput = \"default\"\n\n[[relay]]\nid = \"vov1\"\nstreams = [\"{}\"]\nat = \"{at}\"\nduration = \"3s\"\nconnect_ahead = \"4s\"\nchime = \"off\"\n",
        ice.url("vov1.mp3")
    );
    let rec = Recorder::start(env);
    let (mark_time, mark_frame) = (common::daemon::now(), rec.frames());
    let mut d = Daemon::start_with(&body, Some("default"), &env_pairs(env));
    d.wait("the relay's row", Duration::from_secs(20), |d| {
        d.row("vov1").is_some_and(|r| !r["outcome"].is_null())
    });
    let (st, _) = d.terminate();
    assert!(st.success(), "{}", d.log());
    assert_eq!(d.row("vov1").unwrap()["outcome"], "played");
    rec.settle(Duration::from_millis(300));
    let wav = rec.stop();
    let (onset, _) = wav.sounding(0.02).expect("something was recorded");
    // As for files: within the recording's own precision (see the test above).
    let late_ms = (onset as i64 - frame_at(due, mark_time, mark_frame)) as f64 / 48.0;
    assert!(
        (-50.0..=150.0).contains(&late_ms),
        "first sound {late_ms:.0} ms after the window's instant"
    );
    // The station's tone from the first moments, through the real device.
    let first = &wav.left[onset + 480..onset + 480 + 4800];
    assert!(
        amplitude(first, 48_000, 1000.0) > 0.3,
        "{}",
        amplitude(first, 48_000, 1000.0)
    );
}
