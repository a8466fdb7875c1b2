//! Relays through network trouble (spec §8), against a real icecast2 and servers that misbehave
//! on purpose: the relay passes over what gives no sound (a refused connection, a web page,
//! bytes that are no sound, a server that never answers, one that trickles) to the next URL;
//! the fallback plays when no stream has sound, and the stream takes over again at the end of a
//! fallback file; an emergency interrupts a relay, which resumes live.

mod common;

use std::time::Duration;

use chrono::TimeDelta;
use common::Wav;
use common::daemon::{Daemon, ahead, now};
use common::servers::{Codec, Fault, Faulty, Icecast, Source, free_port};
use common::tone_fixture;

/// Amplitude of `freq` in the WAV's left channel over [from, from + secs).
fn tone_at(wav: &Wav, from: usize, secs: f64, freq: f64) -> f64 {
    let n = (secs * 48_000.0) as usize;
    common::amplitude(&wav.left[from..from + n], 48_000, freq)
}

/// The weakest amplitude of a stream's `freq` over [from, from + secs), by 100 ms (short
/// windows: the ratio that follows the buffer may bend a stream's pitch by up to 0.2 %).
fn stream_tone(wav: &Wav, from: usize, secs: f64, freq: f64) -> f64 {
    let n = (secs * 48_000.0) as usize;
    wav.left[from..from + n]
        .chunks_exact(4800)
        .map(|c| common::amplitude(c, 48_000, freq))
        .fold(f64::MAX, f64::min)
}

fn quoted(urls: &[String]) -> String {
    urls.iter()
        .map(|u| format!("\"{u}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn finished(d: &Daemon, id: &str) -> bool {
    d.row(id).is_some_and(|r| !r["outcome"].is_null())
}

#[test]
fn what_gives_no_sound_is_passed_over_for_the_next_url_in_time_for_the_window() {
    let ice = Icecast::start();
    let _src = Source::start(&ice, "vov1.mp3", Codec::Mp3, 1000);
    let page = Faulty::start(Fault::WebPage);
    let junk = Faulty::start(Fault::Garbage);
    let mute = Faulty::start(Fault::Silent);
    let trickle = Faulty::start(Fault::Trickle);
    let missing = Faulty::start(Fault::NotFound);
    let urls = vec![
        format!("http://127.0.0.1:{}/vov1", free_port()),
        page.url("vov1"),
        junk.url("vov1"),
        missing.url("vov1"),
        mute.url("vov1"),
        trickle.url("vov1"),
        ice.url("vov1.mp3"),
    ];
    // Every bad one is tried before the good one: each fails at once, or on its deadline
    // (5 s for an answer, 4 s for sound), well within the 20 s the stream is opened ahead.
    let (due, at) = ahead(22);
    let mut d = Daemon::start(&format!(
        "[[relay]]\nid = \"vov1\"\nstreams = [{}]\nat = \"{at}\"\nduration = \"3s\"\nconnect_ahead = \"20s\"\nchime = \"off\"\n",
        quoted(&urls)
    ));
    d.wait("the relay's row", Duration::from_secs(40), |d| {
        finished(d, "vov1")
    });
    let (st, _) = d.terminate();
    assert!(st.success(), "{}", d.log());
    let row = d.row("vov1").unwrap();
    assert_eq!(row["outcome"], "played", "{row}");
    assert!(
        row["reason"].is_null(),
        "all of the window was on air: {row}"
    );
    let wav = Wav::read(&d.path("out.wav"));
    assert!(stream_tone(&wav, d.frame_at(due) + 480, 0.1, 1000.0) > 0.3);
    // The log says what each one did, in words.
    let log = d.log();
    for said in [
        "the connection was refused",
        "the server answered with a web page, not a stream",
        "not a stream loa can play",
        "the server answered 404 Not Found",
        "cannot reach 127.0.0.1: no answer in time",
        "no sound for 4 seconds",
    ] {
        assert!(log.contains(said), "the log does not say {said:?}:\n{log}");
    }
}

#[test]
fn the_fallback_plays_while_the_server_is_down_and_the_stream_takes_over_when_it_is_back() {
    let ice = Icecast::start();
    let fallback = tone_fixture(
        "relay-fallback-440.wav",
        "0.5*sin(2*PI*440*t)",
        "stereo",
        48_000,
        2.0,
        &["-c:a", "pcm_s16le"],
    );
    let (due, at) = ahead(6);
    let mut d = Daemon::start(&format!(
        "[[relay]]\nid = \"vov1\"\nstreams = [\"{}\"]\nat = \"{at}\"\nduration = \"16s\"\nconnect_ahead = \"3s\"\nchime = \"off\"\nfallback = [\"{}\"]\nfallback_after = \"2s\"\n",
        ice.url("vov1.mp3"),
        fallback.display()
    ));
    // The station's server comes back 3 s into the window (a few seconds more on a busy
    // machine), during the second fallback file or the third: either way the stream takes over
    // at a file's end, well before the window's last seconds.
    d.wait("3 s into the window", Duration::from_secs(20), |_| {
        now() >= due + TimeDelta::seconds(3)
    });
    let _src = Source::start(&ice, "vov1.mp3", Codec::Mp3, 1000);
    d.wait("the relay's row", Duration::from_secs(30), |d| {
        finished(d, "vov1")
    });
    let (st, _) = d.terminate();
    assert!(st.success(), "{}", d.log());
    let row = d.row("vov1").unwrap();
    assert_eq!(row["outcome"], "played", "{row}");
    let reason = row["reason"].as_str().unwrap_or_default();
    assert!(reason.contains("of fallback"), "{row}");
    let on_air = row["on_air_seconds"].as_f64().unwrap();
    assert!((4.0..13.0).contains(&on_air), "{row}");

    let wav = Wav::read(&d.path("out.wav"));
    let start = d.frame_at(due);
    // The fallback from the window's first instant (no sound at the start), whole.
    assert!(tone_at(&wav, start + 480, 1.8, 440.0) > 0.4);
    // Then the stream, at a file boundary, to the end of the window.
    let last_second = d.frame_at(due + TimeDelta::seconds(14));
    assert!(stream_tone(&wav, last_second, 1.0, 1000.0) > 0.3);
    assert!(tone_at(&wav, last_second, 1.0, 440.0) < 0.01);
    // No fallback file was cut: where the 440 Hz tone stops, 2 s after it began (or 4 s).
    let loud = |i: usize| common::amplitude(&wav.left[i..i + 480], 48_000, 440.0) > 0.2;
    let mut i = start;
    while i < last_second && loud(i) {
        i += 480;
    }
    let first_file = (i - start) as f64 / 48_000.0;
    assert!(
        (1.95..=2.05).contains(&first_file) || (3.95..=4.05).contains(&first_file),
        "the fallback sounded {first_file:.2} s"
    );
}

#[test]
fn an_emergency_interrupts_a_relay_which_resumes_live_on_the_same_row() {
    let ice = Icecast::start();
    let _src = Source::start(&ice, "vov1.mp3", Codec::Mp3, 1000);
    let siren = tone_fixture(
        "relay-emergency-3000.wav",
        "0.5*sin(2*PI*3000*t)",
        "stereo",
        48_000,
        1.5,
        &["-c:a", "pcm_s16le"],
    );
    let (due, at) = ahead(6);
    let mut d = Daemon::start(&format!(
        "[[relay]]\nid = \"vov1\"\nstreams = [\"{}\"]\nat = \"{at}\"\nduration = \"9s\"\nconnect_ahead = \"4s\"\nchime = \"off\"\n\n[[emergency]]\nid = \"bao\"\nfiles = [\"{}\"]\n",
        ice.url("vov1.mp3"),
        siren.display()
    ));
    d.wait("two seconds of the relay", Duration::from_secs(15), |d| {
        d.status()["playing"]["progress_seconds"].as_f64() >= Some(2.0)
    });
    let asked = now();
    common::assert_success(&d.loa(&["play", "bao", "--emergency"]));
    d.wait("the relay's row", Duration::from_secs(20), |d| {
        finished(d, "vov1")
    });
    let (st, _) = d.terminate();
    assert!(st.success(), "{}", d.log());
    let row = d.row("vov1").unwrap();
    assert_eq!(row["outcome"], "played", "{row}");
    let reason = row["reason"].as_str().unwrap_or_default();
    assert!(reason.contains("for emergency \"bao\""), "{row}");
    assert_eq!(d.rows("vov1").len(), 1);
    let bao = d.row("bao").unwrap();
    assert_eq!(bao["outcome"], "played", "{bao}");

    let wav = Wav::read(&d.path("out.wav"));
    let cut = d.frame_at(asked);
    assert!(
        stream_tone(&wav, cut - 48_000, 0.5, 1000.0) > 0.3,
        "the relay before"
    );
    assert!(
        tone_at(&wav, cut + 9_600, 1.0, 3000.0) > 0.3,
        "the emergency"
    );
    // Live again after it, until the window's end.
    let end = d.frame_at(due + TimeDelta::seconds(9));
    assert!(
        stream_tone(&wav, end - 48_000, 0.8, 1000.0) > 0.3,
        "the relay after"
    );
}

#[test]
fn a_dead_stream_is_logged_once_per_reason_not_on_every_try() {
    let missing = Faulty::start(Fault::NotFound);
    // Two addresses that fail for different reasons, tried in turn for the whole window.
    let urls = vec![
        format!("http://127.0.0.1:{}/vov1", free_port()),
        missing.url("vov1"),
    ];
    let (_, at) = ahead(3);
    let mut d = Daemon::start(&format!(
        "[[relay]]\nid = \"vov1\"\nstreams = [{}]\nat = \"{at}\"\nduration = \"12s\"\nconnect_ahead = \"2s\"\nchime = \"off\"\n",
        quoted(&urls)
    ));
    d.wait("the relay's row", Duration::from_secs(40), |d| {
        finished(d, "vov1")
    });
    let (st, _) = d.terminate();
    assert!(st.success(), "{}", d.log());
    let log = d.log();
    let tries = d.row("vov1").unwrap()["reason"].to_string();
    for said in [
        "the connection was refused",
        "the server answered 404 Not Found",
    ] {
        let n = log
            .lines()
            .filter(|l| l.contains("url=") && l.contains(said))
            .count();
        assert_eq!(n, 1, "{said:?} logged {n} times ({tries}):\n{log}");
    }
}
