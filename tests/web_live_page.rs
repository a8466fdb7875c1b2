//! The live page in a real headless Chromium (spec §12) against `loa run`: a fake microphone
//! (Chromium's `--use-file-for-fake-audio-capture`) speaking a known tone into the page →
//! getUserMedia → the AudioWorklet → 20 ms frames over the WebSocket (Opus packets from
//! WebCodecs' encoder, and 16-bit frames where there is none) → the daemon's output holds
//! the same tone (its energy at that pitch, after aligning its phase); the page says ON AIR in
//! large letters, then that it finished; the history row is the officer's; axe-core finds no
//! serious or critical violation, at 360 pixels too.

mod common;

use std::time::Duration;

use common::browser::{self, Driver};
use common::daemon::Daemon;
use common::web::add_user;
use fantoccini::{Client, Locator};

const OPERATOR_PW: &str = "mật khẩu đài loa 1";

async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Where the browser has WebCodecs (this Chromium does), the page sends Opus packets.
#[test]
fn an_officer_speaks_from_the_page_and_the_loudspeakers_carry_it() {
    let _turn = common::exclusive();
    speak_from_the_page(true);
}

/// Without WebCodecs' encoder (an older phone's browser), 16-bit frames.
#[test]
fn without_an_opus_encoder_the_page_sends_plain_frames() {
    let _turn = common::exclusive();
    speak_from_the_page(false);
}

/// A 440 Hz tone at half scale, 2 s, 48 kHz mono.
fn tone(mic: &std::path::Path) {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: 48_000,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(mic, spec).unwrap();
    for i in 0..48_000 * 2 {
        let t = f64::from(i) / 48_000.0;
        let s = (std::f64::consts::TAU * 440.0 * t).sin() * 0.5;
        w.write_sample((s * 32767.0) as i16).unwrap();
    }
    w.finalize().unwrap();
}

/// audio/cchc-01.ogg at 48 kHz mono after 2 s of silence, written to `mic`; its speech (from
/// 2 s on) returned.
fn speech(mic: &std::path::Path) -> Vec<f32> {
    let out = std::process::Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-y", "-i"])
        .arg(common::repo().join("audio/cchc-01.ogg"))
        .args([
            "-af",
            "aresample=48000,adelay=2000",
            "-ac",
            "1",
            "-ar",
            "48000",
        ])
        .args(["-c:a", "pcm_s16le"])
        .arg(mic)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = hound::WavReader::open(mic).unwrap();
    let all: Vec<f32> = r
        .into_samples::<i16>()
        .map(|s| f32::from(s.unwrap()) / 32768.0)
        .collect();
    all[2 * 48_000..].to_vec()
}

fn speak_from_the_page(opus: bool) {
    let mut d = Daemon::prepare("[web]\nlisten = \"127.0.0.1:0\"\n", None, &[]);
    add_user(&d, "lan", "operator", OPERATOR_PW);
    d.run_to_wav();
    let base = common::web::Client::of(&d).base;
    // The microphone: a 440 Hz tone at half scale; or a campaign message (espeak-ng's
    // Vietnamese) after 2 s of silence (what the browser captures before the socket opens is
    // not sent). 48 kHz mono.
    let mic = d.path("mic.wav");
    let speech = if opus {
        tone(&mic);
        None
    } else {
        Some(speech(&mic))
    };
    let driver = Driver::start();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let flags = [
            "--use-fake-ui-for-media-stream".to_string(),
            "--use-fake-device-for-media-stream".into(),
            format!("--use-file-for-fake-audio-capture={}", mic.display()),
            "--autoplay-policy=no-user-gesture-required".into(),
        ];
        let c = driver.browser_with(360, 800, "vi", &flags).await;
        // The officer's bookmark of the live page: the login, then the live page itself.
        browser::log_in_at(&c, &base, "/live", "lan", OPERATOR_PW).await;
        browser::wait_text(&c, "#live-state", Duration::from_secs(15), |t| {
            t == "Sẵn sàng"
        })
        .await;
        let bad = browser::accessibility(&c).await;
        assert!(bad.is_empty(), "the live page: {bad:#?}");
        browser::screenshot(&c, "live-360").await;
        if !opus {
            c.execute("window.AudioEncoder = undefined;", vec![])
                .await
                .unwrap();
        }
        click(&c, "#live-start").await;
        browser::wait_text(&c, "#live-state", Duration::from_secs(15), |t| {
            t == "ĐANG LÊN SÓNG"
        })
        .await;
        let format = c
            .execute(
                "return document.getElementById('live').dataset.format;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(
            format.as_str(),
            Some(if opus { "opus" } else { "pcm_s16le" })
        );
        browser::screenshot(&c, "live-on-air-360").await;
        // The page's level meter moves once the microphone gives sound (a busy browser starts
        // it a second or more after ON AIR, sending silence meanwhile); from then, two and a
        // half seconds more on air.
        let progress = |d: &Daemon| d.status()["playing"]["progress_seconds"].as_f64();
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        let heard_at = loop {
            let level = c
                .execute(
                    "return document.getElementById('live-level').value;",
                    vec![],
                )
                .await
                .unwrap();
            if level.as_f64().unwrap_or(0.0) > 0.2 {
                break progress(&d).unwrap_or(0.0);
            }
            assert!(std::time::Instant::now() < deadline, "{}", d.status());
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        loop {
            let s = d.status();
            if s["playing"]["progress_seconds"].as_f64().unwrap_or(0.0) >= heard_at + 2.5 {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "{s}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        click(&c, "#live-stop").await;
        browser::wait_text(&c, "#live-state", Duration::from_secs(15), |t| {
            t == "Đã kết thúc"
        })
        .await;
        c.close().await.unwrap();
    });
    let row = d
        .history()
        .into_iter()
        .find(|r| r["source"] == "live")
        .unwrap_or_else(|| panic!("no live row:\n{}", d.log()));
    assert_eq!(
        (row["requested_by"].as_str(), row["outcome"].as_str()),
        (Some("web:lan"), Some("played")),
        "{row}"
    );
    let (started, played) = (
        common::daemon::time(&row["started"]),
        row["played_seconds"].as_f64().unwrap(),
    );
    assert!(played >= 2.0, "{row}");
    let from = d.frame_at(started);
    d.terminate();
    let out = common::Wav::read(&d.path("out.wav"));
    let on_air = &out.left[from..from + (played * 48_000.0) as usize - 4800];
    match speech {
        None => judge_tone(on_air, played),
        Some(speech) => judge_speech(on_air, &speech),
    }
}

/// The same speech came out: each 25 ms of it, aligned, correlates with what the microphone
/// said. (Short windows: live sound follows the sender's clock, bending the rate by up to 1 %
/// while its buffer steers, and over 100 ms that would shift the end of a window by a whole
/// period of a vowel's overtones against its start.) Judged where there
/// is speech (a window with a tenth of the loudest one's energy), window by window: a browser
/// starved of the CPU on a busy machine now and then sends a gap of its own, which spoils the
/// window it falls in and nothing after it, while sound that loa bent (a wrong rate, clipping,
/// a channel lost) would spoil them all.
fn judge_speech(on_air: &[f32], speech: &[f32]) {
    let onset = on_air
        .iter()
        .position(|s| s.abs() > 0.05)
        .expect("the speech never came out");
    let heard = (on_air.len() - onset)
        .saturating_sub(4800)
        .min(speech.len());
    assert!(
        heard >= 2 * 48_000,
        "{} s of speech on air",
        heard as f64 / 48_000.0
    );
    let (score, _, windows) = common::live::found(&speech[..heard], on_air, 1200);
    let loudest = windows.iter().fold(0.0f64, |m, w| m.max(w.1));
    let spoken: Vec<f64> = windows
        .iter()
        .filter(|w| w.1 >= loudest / 10.0)
        .map(|w| w.0)
        .collect();
    let clear = spoken.iter().filter(|&&s| s >= 0.9).count();
    eprintln!(
        "live page (pcm_s16le, speech): correlation {score:.3} over {:.1} s; {clear} of {} \
         windows of speech at 0.9 or more",
        heard as f64 / 48_000.0,
        spoken.len()
    );
    assert!(
        spoken.len() >= 30 && clear * 5 >= spoken.len() * 4,
        "the speech that came out is not what was said: {clear} of {} windows of speech \
         correlate at 0.9 or more: {:?}",
        spoken.len(),
        spoken
            .iter()
            .map(|s| (s * 100.0).round() / 100.0)
            .collect::<Vec<_>>()
    );
}

/// From the tone's first 100 ms to the end of what was on air, each 100 ms: the tone, and
/// little else.
fn judge_tone(on_air: &[f32], played: f64) {
    // The microphone's first sound: the first 100 ms that is not silence (the browser sends
    // silence until its capture starts). From 100 ms after it to the end of what was on air,
    // each 100 ms: the tone, and little else. (Its pitch is the sender's: a headless browser's
    // audio clock runs a little slow, and live sound follows the sender's clock; so the tone is
    // looked for between 430 and 450 Hz.)
    let onset = on_air
        .chunks_exact(4800)
        .position(|w| common::rms(w) > 0.05)
        .unwrap_or_else(|| panic!("the tone never came out ({played} s on air)"));
    let win = &on_air[(onset + 1) * 4800..];
    assert!(
        win.len() >= 2 * 48_000,
        "{} s of the tone on air, of {played} s",
        win.len() as f64 / 48_000.0
    );
    let purity: Vec<f64> = win
        .chunks_exact(4800)
        .map(|w| {
            let tone = (0..=80)
                .map(|k| common::amplitude(w, 48_000, 430.0 + f64::from(k) * 0.25))
                .fold(0.0, f64::max);
            tone / (common::rms(w) * std::f64::consts::SQRT_2).max(1e-9)
        })
        .collect();
    let mean = purity.iter().sum::<f64>() / purity.len() as f64;
    let level = common::rms(win) * std::f64::consts::SQRT_2;
    eprintln!(
        "live page (Opus, tone): the tone's share of each 100 ms, mean {mean:.3}; amplitude {level:.3} (sent 0.5)"
    );
    assert!(mean >= 0.9, "not the tone that was sent: {purity:.2?}");
    assert!((0.3..0.7).contains(&level), "{level}");
}
