//! `loa live` (spec §12): the station's microphone through the daemon. The microphone is a
//! PulseAudio null sink's monitor (the default source) that `paplay` feeds with a tone; the
//! daemon captures it through cpal and ALSA's pulse plugin, and plays it to its WAV output. It
//! airs for `--for`, until the client is interrupted (Ctrl-C) or until `loa stop`; a device that does not exist is
//! said at once, naming it.

mod common;

use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::daemon::Daemon;

/// The test PulseAudio server (scripts/test.sh's, or a private one), with a sink `loa_mic`
/// whose monitor is the default source.
fn microphone() -> HashMap<String, String> {
    let env = common::pulse::server().clone();
    let pactl = |args: &[&str]| {
        let mut c = Command::new("pactl");
        c.args(args).envs(&env);
        c.output().unwrap()
    };
    let sinks = String::from_utf8_lossy(&pactl(&["list", "short", "sinks"]).stdout).to_string();
    if !sinks.contains("loa_mic") {
        let out = pactl(&[
            "load-module",
            "module-null-sink",
            "sink_name=loa_mic",
            "rate=48000",
            "channels=1",
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(
        pactl(&["set-default-source", "loa_mic.monitor"])
            .status
            .success()
    );
    env
}

/// A 440 Hz tone at half scale, `seconds` long, 48 kHz mono.
fn tone(path: &std::path::Path, seconds: u32) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 48_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    for i in 0..48_000 * seconds {
        let s = (std::f64::consts::TAU * 440.0 * f64::from(i) / 48_000.0).sin() * 0.5;
        w.write_sample((s * 32767.0) as i16).unwrap();
    }
    w.finalize().unwrap();
}

#[test]
fn the_station_s_microphone_airs_for_as_long_as_asked_and_until_ctrl_c() {
    let _turn = common::exclusive();
    let env = microphone();
    let mut d = Daemon::prepare("", None, &[]);
    for (k, v) in &env {
        d.set_env(k, v);
    }
    d.run_to_wav();
    let mic = d.path("tone.wav");
    tone(&mic, 30);
    let mut feed = Command::new("paplay")
        .args(["-d", "loa_mic"])
        .arg(&mic)
        .envs(&env)
        .spawn()
        .unwrap();

    // A device that does not exist: said at once, by its name.
    let out = d
        .cmd()
        .args(["live", "--device", "khong-co"])
        .envs(&env)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("khong-co"), "{said}");

    // For 5 seconds: answered when it ends, played.
    let out = d
        .cmd()
        .args(["live", "--for", "5s"])
        .envs(&env)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}\n{}\n{}",
        String::from_utf8_lossy(&out.stderr),
        d.log()
    );
    let row = d
        .history()
        .into_iter()
        .find(|r| r["source"] == "live")
        .unwrap_or_else(|| panic!("no live row:\n{}", d.log()));
    assert_eq!(row["outcome"], "played", "{row}");
    let played = row["played_seconds"].as_f64().unwrap();
    assert!((4.9..5.5).contains(&played), "{row}");
    let started = common::daemon::time(&row["started"]);

    // Until Ctrl-C: the client interrupted, the broadcast ends, and the speaker is told so.
    let client = d
        .cmd()
        .arg("live")
        .envs(&env)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    d.wait("a second on air", Duration::from_secs(15), |d| {
        let s = d.status();
        s["playing"]["source"] == "live" && s["playing"]["progress_seconds"].as_f64() >= Some(1.0)
    });
    unsafe {
        libc::kill(client.id() as i32, libc::SIGINT);
    }
    let out = client.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && said.contains("ended (Ctrl-C)"),
        "{said}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let t = Instant::now();
    d.wait("the second row complete", Duration::from_secs(15), |d| {
        d.history()
            .iter()
            .filter(|r| r["source"] == "live" && !r["ended"].is_null())
            .count()
            == 2
    });
    eprintln!("ended {:?} after Ctrl-C", t.elapsed());
    let second = d
        .history()
        .into_iter()
        .rfind(|r| r["source"] == "live")
        .unwrap();
    assert_eq!(second["outcome"], "played", "{second}");

    // Until `loa stop`: a way to end it the spec names, so the client says so and succeeds.
    let client = d
        .cmd()
        .arg("live")
        .envs(&env)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    d.wait("on air again", Duration::from_secs(15), |d| {
        let s = d.status();
        s["playing"]["source"] == "live" && s["playing"]["progress_seconds"].as_f64() >= Some(0.5)
    });
    let stop = d.cmd().arg("stop").output().unwrap();
    assert!(stop.status.success(), "{stop:?}");
    let out = client.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && said.contains("stopped"),
        "{said}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    d.wait("the third row complete", Duration::from_secs(15), |d| {
        d.history()
            .iter()
            .filter(|r| r["source"] == "live" && !r["ended"].is_null())
            .count()
            == 3
    });
    let third = d
        .history()
        .into_iter()
        .rfind(|r| r["source"] == "live")
        .unwrap();
    assert_eq!(third["outcome"], "stopped", "{third}");
    let _ = feed.kill();
    let _ = feed.wait();
    let from = d.frame_at(started);
    d.terminate();
    let out = common::Wav::read(&d.path("out.wav"));
    // The tone, in each 100 ms of a second of the first broadcast, from when the microphone's
    // sound came (PulseAudio's capture through ALSA starts giving sound a second or two after
    // it is opened).
    let onset = from
        + out.left[from..]
            .iter()
            .position(|s| s.abs() > 0.05)
            .expect("the microphone was heard");
    assert!(onset < from + 4 * 48_000, "{onset} {from}");
    let each: Vec<f64> = out.left[onset + 4800..onset + 4800 + 24_000]
        .chunks(4800)
        .map(|w| {
            (0..=40)
                .map(|k| common::amplitude(w, 48_000, 435.0 + f64::from(k) * 0.25))
                .fold(0.0, f64::max)
        })
        .collect();
    let mean = each.iter().sum::<f64>() / each.len() as f64;
    assert!(
        (0.35..0.65).contains(&mean),
        "the microphone's tone at {each:.2?}"
    );
}
