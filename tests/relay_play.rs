//! `loa play URL [--for DURATION]` (spec §1, §8): a stream relayed now, through the daemon (a
//! history row with what was on air) or, when no daemon answers, in the foreground.

mod common;

use std::path::Path;
use std::time::Duration;

use common::daemon::Daemon;
use common::servers::{Codec, Icecast, Source, free_port};
use common::{Wav, play_to_wav};

#[test]
fn the_daemon_relays_a_url_for_a_while_and_records_it() {
    let ice = Icecast::start();
    let _src = Source::start(&ice, "tinh.mp3", Codec::Mp3, 1000);
    let url = ice.url("tinh.mp3");
    let mut d = Daemon::start("");
    let out = d.loa(&["play", &url, "--for", "3s"]);
    common::assert_success(&out);
    d.wait("the relay's row", Duration::from_secs(20), |d| {
        d.row(&url).is_some_and(|r| !r["outcome"].is_null())
    });
    let row = d.row(&url).unwrap();
    assert_eq!(row["source"], "manual", "{row}");
    assert_eq!(row["outcome"], "played", "{row}");
    // Three seconds from the request: connecting takes the first moments of it.
    assert_eq!(row["duration_seconds"], 3.0, "{row}");
    let on_air = row["on_air_seconds"].as_f64().unwrap();
    assert!((1.5..=3.01).contains(&on_air), "{row}");
    let (st, _) = d.terminate();
    assert!(st.success());
    let wav = Wav::read(&d.path("out.wav"));
    let (onset, last) = wav.sounding(0.01).expect("the stream was heard");
    let heard = (last - onset) as f64 / 48_000.0;
    assert!(
        (on_air - 0.05..=on_air + 0.05).contains(&heard),
        "heard {heard:.2} s"
    );
    assert_tone_throughout(&wav.left[onset + 4800..onset + 48_000], 1000.0);
}

#[test]
fn a_relay_without_for_plays_until_loa_stop() {
    let ice = Icecast::start();
    let _src = Source::start(&ice, "tinh.mp3", Codec::Mp3, 1000);
    let url = ice.url("tinh.mp3");
    let mut d = Daemon::start("");
    common::assert_success(&d.loa(&["play", &url]));
    d.wait("a second of the relay", Duration::from_secs(15), |d| {
        d.status()["playing"]["progress_seconds"].as_f64() >= Some(1.0)
    });
    assert_eq!(d.status()["playing"]["relay"]["url"], url.as_str());
    common::assert_success(&d.loa(&["stop"]));
    d.wait("the relay's row", Duration::from_secs(10), |d| {
        d.row(&url).is_some_and(|r| !r["outcome"].is_null())
    });
    assert_eq!(d.row(&url).unwrap()["outcome"], "stopped");
    let (st, _) = d.terminate();
    assert!(st.success());
}

#[test]
fn without_a_daemon_the_stream_plays_in_the_foreground() {
    let ice = Icecast::start();
    let _src = Source::start(&ice, "tinh.mp3", Codec::Mp3, 1000);
    let (out, wav) = play_to_wav(Path::new(&ice.url("tinh.mp3")), &["--for", "2s"]);
    common::assert_success(&out);
    let (onset, last) = wav.sounding(0.01).expect("the stream was heard");
    let heard = (last - onset) as f64 / 48_000.0;
    assert!((1.8..=2.05).contains(&heard), "heard {heard:.2} s");
    assert_tone_throughout(&wav.left[onset + 4800..onset + 48_000], 1000.0);
}

#[test]
fn a_stream_that_gives_no_sound_says_why_in_the_officers_language() {
    let url = format!("http://127.0.0.1:{}/vov1", free_port());
    let (out, _) = play_to_wav(Path::new(&url), &["--for", "2s"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "no sound came from {url}: cannot reach 127.0.0.1: the connection was refused"
        )),
        "{err}"
    );
    let vi = common::loa()
        .env("LOA_LANG", "vi")
        .args(["--output", "null", "play", &url, "--for", "1s"])
        .output()
        .unwrap();
    assert_eq!(vi.status.code(), Some(1));
    let err = String::from_utf8_lossy(&vi.stderr);
    assert!(
        err.contains(&format!("không có âm thanh nào từ {url}")),
        "{err}"
    );
}

/// Through the daemon as in the foreground: a stream that answers 404 is not "playing now"
/// (exit 0 while nothing sounds), but failed, with why, in the reader's language; the broadcast
/// ends and its row says so.
#[test]
fn through_the_daemon_a_stream_that_answers_404_fails_with_why() {
    let ice = Icecast::start();
    let url = ice.url("no-such-mount.mp3");
    let mut d = Daemon::start("");
    let out = d.loa(&["play", &url]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("did not play: the server answered 404"),
        "{err}"
    );
    d.wait("the relay's row", Duration::from_secs(15), |d| {
        d.row(&url).is_some_and(|r| !r["outcome"].is_null())
    });
    let row = d.row(&url).unwrap();
    assert_eq!(row["outcome"], "failed", "{row}");
    assert!(
        row["reason"].as_str().unwrap_or_default().contains("404"),
        "{row}"
    );
    assert!(d.status()["playing"].is_null());
    let vi = d
        .cmd()
        .env("LOA_LANG", "vi")
        .args(["play", &url])
        .output()
        .unwrap();
    assert_eq!(vi.status.code(), Some(1), "{vi:?}");
    let err = String::from_utf8_lossy(&vi.stderr);
    assert!(err.contains("chưa phát được: máy chủ trả lời 404"), "{err}");
    let (st, _) = d.terminate();
    assert!(st.success());
}

#[test]
fn for_takes_a_duration_of_at_most_a_day() {
    for bad in ["0s", "25h", "10"] {
        let out = common::loa()
            .args([
                "--output",
                "null",
                "play",
                "http://127.0.0.1:9/x",
                "--for",
                bad,
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "--for {bad}");
    }
}

/// Each 100 ms holds the tone (short windows: the ratio that follows the buffer may bend a
/// stream's pitch by up to 0.2 %).
fn assert_tone_throughout(x: &[f32], freq: f64) {
    for (i, c) in x.chunks_exact(4800).enumerate() {
        let a = common::amplitude(c, 48_000, freq);
        assert!(a > 0.3, "at {} ms the {freq} Hz tone is at {a:.3}", 100 * i);
    }
}
