//! Live from the console (spec §12) through a real WebSocket over TLS against `loa run`: a
//! sender's sound comes out of the daemon's output as it was sent (cross-correlation after
//! alignment), with its states (waiting, on air, ended) and its history row (source `live`, who
//! spoke, how long); one speaker at a time, the second told who; a dropped connection and a
//! silent one end it as `interrupted` with why; a foreign page, no session, a viewer, a format
//! it cannot read are refused. Once through the real audio path too (cpal → ALSA → a PulseAudio
//! null sink, its monitor recorded).

mod common;

use std::time::{Duration, Instant};

use common::daemon::{Daemon, now};
use common::live::{Sender, connect, found};
use common::web::{Client, add_user};

const OPERATOR_PW: &str = "mật khẩu đài loa 1";
const ADMIN_PW: &str = "chủ tịch xã duyệt 2026";
const VIEWER_PW: &str = "chỉ xem thôi 2026";
const HELLO: &str = r#"{"format":"pcm_s16le","rate":48000,"channels":1}"#;

fn station() -> Daemon {
    let mut d = Daemon::prepare(
        "[[emergency]]\nid = \"bao\"\nfiles = [\"canh-bao-bao.mp3\"]\n\n[web]\nlisten = \"127.0.0.1:0\"\n",
        None,
        &[],
    );
    add_user(&d, "lan", "operator", OPERATOR_PW);
    add_user(&d, "chu-tich", "admin", ADMIN_PW);
    add_user(&d, "xem", "viewer", VIEWER_PW);
    d.run_to_wav();
    d
}

fn logged_in(d: &Daemon, user: &str, pw: &str) -> Client {
    let mut c = Client::of(d);
    assert_eq!(c.login(user, pw).status, 200);
    c
}

/// A sweep from 200 Hz to 2 kHz with a slow swell: no two stretches of it alike, so that
/// alignment is unambiguous.
fn sweep(seconds: f64, rate: u32) -> Vec<f32> {
    let n = (seconds * f64::from(rate)) as usize;
    let (f0, f1) = (200.0, 2000.0);
    (0..n)
        .map(|i| {
            let t = i as f64 / f64::from(rate);
            let phase = std::f64::consts::TAU * (f0 * t + (f1 - f0) * t * t / (2.0 * seconds));
            let swell = 0.35 + 0.15 * (std::f64::consts::TAU * 1.3 * t).sin();
            (phase.sin() * swell) as f32
        })
        .collect()
}

#[test]
fn what_is_said_comes_out_of_the_loudspeakers_with_its_states_and_its_row() {
    let mut d = station();
    let c = logged_in(&d, "lan", OPERATOR_PW);
    let mut s: Sender = connect(&d, &c, None).expect("the live socket opens");
    s.hello(HELLO);
    s.wait_for("waiting", Duration::from_secs(10));
    let on_air = s.wait_for("on-air", Duration::from_secs(10));
    assert_eq!(on_air, serde_json::json!({"state": "on-air"}));
    let sent = sweep(3.0, 48_000);
    let at = now();
    s.speak(&sent, 48_000);
    s.stop();
    let ended = s.wait_for("ended", Duration::from_secs(10));
    assert_eq!(ended["outcome"], "played", "{ended}");
    d.wait("the live row complete", Duration::from_secs(10), |d| {
        d.history()
            .iter()
            .any(|r| r["source"] == "live" && !r["ended"].is_null())
    });
    let row = d
        .history()
        .into_iter()
        .find(|r| r["source"] == "live")
        .unwrap();
    assert_eq!(row["requested_by"], "web:lan");
    assert_eq!(row["outcome"], "played");
    let played = row["played_seconds"].as_f64().unwrap();
    assert!((2.8..4.0).contains(&played), "{row}\n{}", d.log());
    // What was said is kept, named by its row, as long as it was said.
    let kept = d.path(&format!("state/{}", row["files"][0].as_str().unwrap()));
    assert_eq!(
        row["files"][0].as_str().unwrap(),
        format!("live/{}.opus", row["id"].as_str().unwrap())
    );
    d.wait("the recording finished", Duration::from_secs(10), |_| {
        kept.is_file()
    });
    let probed = loa::audio::probe::probe(&kept, loa::audio::probe::Depth::Full).unwrap();
    assert!(
        (probed.duration.as_secs_f64() - 3.0).abs() < 0.2,
        "{:?} kept of 3 s said",
        probed.duration
    );
    // The console lists it and plays it; nothing else of the state directory is served.
    let name = row["files"][0]
        .as_str()
        .unwrap()
        .trim_start_matches("live/");
    assert!(
        c.get("/history")
            .body
            .contains(&format!("/history/live/{name}"))
    );
    let got = c.get(&format!("/history/live/{name}"));
    assert_eq!(
        (got.status, got.header("content-type")),
        (200, Some("audio/ogg"))
    );
    assert_eq!(c.get("/history/live/..%2Fweb.key").status, 404);
    let first_sent = d.frame_at(at);
    d.terminate();
    let out = common::Wav::read(&d.path("out.wav"));
    let (score, lag, _) = found(&sent, &out.left[first_sent.min(out.left.len())..], 4800);
    eprintln!(
        "live: correlation {score:.3}, first sample out {:.0} ms after it was sent",
        lag as f64 / 48.0
    );
    assert!(
        score >= 0.9,
        "the sound that came out is not what was sent: {score}"
    );
}

#[test]
fn through_pulseaudio_too_what_is_said_comes_out_as_it_was_sent() {
    use common::pulse::{Recorder, env_pairs, frame_at, server};
    let _turn = common::exclusive();
    let env = server();
    let mut d = Daemon::prepare(
        "[web]\nlisten = \"127.0.0.1:0\"\n",
        Some("default"),
        &env_pairs(env),
    );
    add_user(&d, "lan", "operator", OPERATOR_PW);
    let rec = Recorder::start(env);
    let (mark_time, mark_frame) = (now(), rec.frames());
    d.run();
    let c = logged_in(&d, "lan", OPERATOR_PW);
    let mut s = connect(&d, &c, None).expect("the live socket opens");
    s.hello(HELLO);
    s.wait_for("on-air", Duration::from_secs(10));
    let sent = sweep(3.0, 48_000);
    let at = now();
    s.speak(&sent, 48_000);
    s.stop();
    let ended = s.wait_for("ended", Duration::from_secs(10));
    assert_eq!(ended["outcome"], "played", "{ended}");
    let (st, _) = d.terminate();
    assert!(st.success(), "{}", d.log());
    rec.settle(Duration::from_millis(300));
    let out = rec.stop();
    let first_sent = frame_at(at, mark_time, mark_frame).max(0) as usize;
    let (score, lag, _) = found(&sent, &out.left[first_sent.min(out.left.len())..], 4800);
    eprintln!(
        "live through PulseAudio: correlation {score:.3}, first sample recorded from the sink \
         {:.0} ms after it was sent",
        lag as f64 / 48.0
    );
    assert!(
        score >= 0.9,
        "the sound that came out is not what was sent: {score}"
    );
}

#[test]
fn one_speaker_at_a_time_and_the_second_hears_who() {
    let d = station();
    let lan = logged_in(&d, "lan", OPERATOR_PW);
    let mut first = connect(&d, &lan, None).unwrap();
    first.hello(HELLO);
    first.wait_for("on-air", Duration::from_secs(10));
    let boss = logged_in(&d, "chu-tich", ADMIN_PW);
    let mut second = connect(&d, &boss, None).unwrap();
    second.hello(r#"{"format":"pcm_s16le","rate":16000,"channels":1,"emergency":true}"#);
    let refused = second.wait_for("refused", Duration::from_secs(10));
    assert!(
        refused["reason"].as_str().unwrap().contains("web:lan"),
        "{refused}"
    );
    // Vietnamese by default: the reason is hers.
    assert!(
        refused["reason"]
            .as_str()
            .unwrap()
            .contains("đang phát trực tiếp"),
        "{refused}"
    );
    first.speak(&sweep(0.3, 48_000), 48_000);
    first.stop();
    first.wait_for("ended", Duration::from_secs(10));
}

/// A page's microphone goes on giving frames after its stop, and a busy phone reads late: it
/// still hears how the broadcast ended. (The console once closed the socket with those frames
/// unread; the kernel then resets the connection, and a reset throws away the last words the
/// browser had not read yet: the page said "connection lost" for a broadcast that played.)
#[test]
fn a_sender_that_sends_on_after_its_stop_and_reads_late_still_hears_the_end() {
    let d = station();
    let c = logged_in(&d, "lan", OPERATOR_PW);
    let mut s = connect(&d, &c, None).unwrap();
    s.hello(HELLO);
    s.wait_for("on-air", Duration::from_secs(10));
    s.speak(&sweep(0.5, 48_000), 48_000);
    s.stop();
    let complete = |d: &Daemon| {
        d.history()
            .iter()
            .any(|r| r["source"] == "live" && !r["ended"].is_null())
    };
    // Silence at a microphone's pace, nothing read, until a second after the row is complete
    // (the console has said its last word by then).
    let silence = tungstenite::Message::Binary(vec![0u8; 1920].into());
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut over_at = None;
    while over_at.is_none_or(|t: Instant| t.elapsed() < Duration::from_secs(1)) {
        assert!(Instant::now() < deadline, "the live row never ended");
        if s.ws.send(silence.clone()).is_err() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
        if over_at.is_none() && complete(&d) {
            over_at = Some(Instant::now());
        }
    }
    let ended = s.wait_for("ended", Duration::from_secs(5));
    assert_eq!(ended["outcome"], "played", "{ended}");
}

#[test]
fn a_dropped_connection_and_a_silent_one_end_as_interrupted_saying_why() {
    let d = station();
    let c = logged_in(&d, "lan", OPERATOR_PW);
    let mut s = connect(&d, &c, None).unwrap();
    s.hello(HELLO);
    s.wait_for("on-air", Duration::from_secs(10));
    s.speak(&sweep(0.5, 48_000), 48_000);
    s.cut();
    let row = |d: &Daemon, n: usize| {
        d.history()
            .into_iter()
            .filter(|r| r["source"] == "live" && !r["ended"].is_null())
            .nth(n)
    };
    let mut d = d;
    d.wait("the dropped row", Duration::from_secs(10), |d| {
        row(d, 0).is_some()
    });
    let dropped = row(&d, 0).unwrap();
    assert_eq!(dropped["outcome"], "interrupted", "{dropped}");
    assert!(
        dropped["reason"]
            .as_str()
            .unwrap()
            .contains("connection to the speaker was lost"),
        "{dropped}"
    );

    // Silent: the connection stays open, nothing comes.
    let mut s = connect(&d, &c, None).unwrap();
    s.hello(HELLO);
    s.wait_for("on-air", Duration::from_secs(10));
    s.speak(&sweep(0.2, 48_000), 48_000);
    let ended = s.wait_for("ended", Duration::from_secs(15));
    assert_eq!(ended["outcome"], "interrupted", "{ended}");
    assert!(
        ended["reason"].as_str().unwrap().contains("5 giây"),
        "{ended}"
    );
    d.wait("the silent row", Duration::from_secs(10), |d| {
        row(d, 1).is_some()
    });
}

#[test]
fn a_foreign_page_no_session_a_viewer_and_an_unreadable_format_are_refused() {
    let d = station();
    let c = logged_in(&d, "lan", OPERATOR_PW);
    assert_eq!(
        connect(&d, &c, Some("https://evil.example")).err(),
        Some(403)
    );
    let nobody = Client::of(&d);
    assert_eq!(connect(&d, &nobody, None).err(), Some(401));
    let v = logged_in(&d, "xem", VIEWER_PW);
    let mut s = connect(&d, &v, None).unwrap();
    s.hello(HELLO);
    let refused = s.wait_for("refused", Duration::from_secs(10));
    assert!(refused["reason"].as_str().unwrap().len() > 10, "{refused}");
    for bad in [
        r#"{"format":"mp3","rate":48000,"channels":1}"#,
        r#"{"format":"pcm_s16le","rate":48000,"channels":1,"emergancy":true}"#,
    ] {
        let mut s = connect(&d, &c, None).unwrap();
        s.hello(bad);
        let refused = s.wait_for("refused", Duration::from_secs(10));
        assert!(refused["reason"].as_str().is_some(), "{refused}");
    }
    assert!(
        d.history().iter().all(|r| r["source"] != "live"),
        "nothing refused reaches history"
    );
}

#[test]
fn opus_packets_are_taken_as_the_browser_s_encoder_sends_them() {
    let mut d = station();
    let c = logged_in(&d, "lan", OPERATOR_PW);
    let mut s = connect(&d, &c, None).unwrap();
    s.hello(r#"{"format":"opus","rate":48000,"channels":1}"#);
    s.wait_for("on-air", Duration::from_secs(10));
    let mut enc = opusic_c::Encoder::new(
        opusic_c::Channels::Mono,
        opusic_c::SampleRate::Hz48000,
        opusic_c::Application::Audio,
    )
    .unwrap();
    // 2 s of 660 Hz, one 20 ms packet a message, as a microphone gives it.
    let tone: Vec<f32> = (0..96_000)
        .map(|i| (std::f64::consts::TAU * 660.0 * f64::from(i) / 48_000.0).sin() as f32 * 0.4)
        .collect();
    let packets: Vec<Vec<u8>> = tone
        .chunks(960)
        .map(|f| {
            let mut p = vec![0u8; 1500];
            let n = enc.encode_float_to_slice(f, &mut p).unwrap();
            p.truncate(n);
            p
        })
        .collect();
    let at = now();
    s.send_paced(&packets);
    s.stop();
    let ended = s.wait_for("ended", Duration::from_secs(10));
    assert_eq!(ended["outcome"], "played", "{ended}");
    let from = d.frame_at(at);
    d.terminate();
    let out = common::Wav::read(&d.path("out.wav"));
    let heard = &out.left[from..];
    let (first, _) = common::Wav::from_interleaved(
        &heard.iter().flat_map(|s| [*s, *s]).collect::<Vec<_>>(),
        48_000,
    )
    .sounding(0.05)
    .expect("the tone came out");
    // Each 100 ms of the second after the first 200 ms: the tone, at its level (a live source
    // follows the sender's clock, so its pitch may move by a fraction of a percent: measured in
    // short windows).
    let each: Vec<f64> = heard[first + 9600..first + 9600 + 48_000]
        .chunks(4800)
        .map(|w| common::amplitude(w, 48_000, 660.0))
        .collect();
    let amp = each.iter().sum::<f64>() / each.len() as f64;
    assert!((0.3..0.5).contains(&amp), "660 Hz at {amp}");
}
