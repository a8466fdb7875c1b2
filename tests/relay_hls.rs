//! Relays of HLS live streams (spec §8): ffmpeg writes a live playlist and its segments, nginx
//! serves them, and the daemon relays them — AAC and MP3 in MPEG-TS segments, AAC in packed
//! audio — with the tone of known frequency in the WAV from the window's instant; a segment of
//! absurd size is refused, not buffered.

mod common;

use std::time::Duration;

use chrono::TimeDelta;
use common::Wav;
use common::daemon::{Daemon, ahead};
use common::servers::{HlsSource, Nginx, Packing, test_ca};

/// Relays `url` for 4 s and returns the row and the WAV from the window's instant.
fn relay(url: &str) -> (serde_json::Value, Vec<f32>, Daemon) {
    let (due, at) = ahead(8);
    let mut d = Daemon::start(&format!(
        "[[relay]]\nid = \"vov1\"\nstreams = [\"{url}\"]\nat = \"{at}\"\nduration = \"4s\"\nconnect_ahead = \"6s\"\nchime = \"off\"\n"
    ));
    d.wait("the relay's row", Duration::from_secs(25), |d| {
        d.row("vov1").is_some_and(|r| !r["outcome"].is_null())
    });
    let (st, _) = d.terminate();
    assert!(st.success(), "{}", d.log());
    let row = d.row("vov1").unwrap();
    let wav = Wav::read(&d.path("out.wav"));
    let from = d.frame_at(due);
    let window = wav.left[from..from + 4 * 48_000].to_vec();
    (row, window, d)
}

fn assert_tone_throughout(window: &[f32], freq: f64) {
    for (i, c) in window[..window.len() - 4800].chunks_exact(4800).enumerate() {
        let a = common::amplitude(c, 48_000, freq);
        assert!(a > 0.3, "at {} ms the {freq} Hz tone is at {a:.3}", 100 * i);
    }
}

#[test]
fn hls_with_aac_in_mpeg_ts_segments_plays_from_the_windows_instant() {
    let web = Nginx::start();
    let _src = HlsSource::start(&web.folder("vov1"), Packing::TsAac, 1000);
    let (row, window, _d) = relay(&web.url("vov1/live.m3u8"));
    assert_eq!(row["outcome"], "played", "{row}");
    assert!(row["reason"].is_null(), "{row}");
    assert_tone_throughout(&window, 1000.0);
}

#[test]
fn hls_with_mp3_in_mpeg_ts_segments_plays() {
    let web = Nginx::start();
    let _src = HlsSource::start(&web.folder("vov2"), Packing::TsMp3, 600);
    let (row, window, _d) = relay(&web.url("vov2/live.m3u8"));
    assert_eq!(row["outcome"], "played", "{row}");
    assert_tone_throughout(&window, 600.0);
}

#[test]
fn hls_with_packed_aac_segments_plays() {
    let web = Nginx::start();
    let _src = HlsSource::start(&web.folder("tinh"), Packing::PackedAac, 800);
    let (row, window, _d) = relay(&web.url("tinh/live.m3u8"));
    assert_eq!(row["outcome"], "played", "{row}");
    assert_tone_throughout(&window, 800.0);
}

#[test]
fn a_segment_of_absurd_size_is_refused_and_the_next_stream_plays() {
    let web = Nginx::start();
    // A live playlist whose segment is a 64 MiB file (sparse: it costs the disk nothing).
    let bad = web.folder("bad");
    let huge = std::fs::File::create(bad.join("huge.ts")).unwrap();
    huge.set_len(64 << 20).unwrap();
    std::fs::write(
        bad.join("live.m3u8"),
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:1\n#EXTINF:2.0,\nhuge.ts\n",
    )
    .unwrap();
    let _src = HlsSource::start(&web.folder("good"), Packing::TsAac, 1000);
    let (due, at) = ahead(8);
    let mut d = Daemon::start(&format!(
        "[[relay]]\nid = \"vov1\"\nstreams = [\"{}\", \"{}\"]\nat = \"{at}\"\nduration = \"3s\"\nconnect_ahead = \"6s\"\nchime = \"off\"\n",
        web.url("bad/live.m3u8"),
        web.url("good/live.m3u8")
    ));
    d.wait("the relay's row", Duration::from_secs(25), |d| {
        d.row("vov1").is_some_and(|r| !r["outcome"].is_null())
    });
    let (st, _) = d.terminate();
    assert!(st.success(), "{}", d.log());
    assert_eq!(d.row("vov1").unwrap()["outcome"], "played");
    let log = d.log();
    assert!(log.contains("a segment larger than 16 MiB"), "{log}");
    let wav = Wav::read(&d.path("out.wav"));
    let from = d.frame_at(due + TimeDelta::milliseconds(100));
    assert_tone_throughout(&wav.left[from..from + 48_000], 1000.0);
}

#[test]
fn https_with_a_certificate_the_system_trusts_plays_and_one_it_does_not_is_refused_in_words() {
    let certs = tempfile::tempdir().unwrap();
    test_ca(certs.path());
    let web = Nginx::start_tls(certs.path());
    let _src = HlsSource::start(&web.folder("vov1"), Packing::TsAac, 1000);
    let url = web.https_url("vov1/live.m3u8");
    // The system's trust store as rustls reads it, with the test's CA in it (SSL_CERT_FILE is
    // the standard way to point at another bundle).
    let (due, at) = ahead(8);
    let mut d = Daemon::prepare(
        &format!(
            "[[relay]]\nid = \"vov1\"\nstreams = [\"{url}\"]\nat = \"{at}\"\nduration = \"3s\"\nconnect_ahead = \"6s\"\nchime = \"off\"\n"
        ),
        None,
        &[(
            "SSL_CERT_FILE".to_string(),
            certs.path().join("ca.pem").display().to_string(),
        )],
    );
    d.run();
    d.wait("the relay's row", Duration::from_secs(25), |d| {
        d.row("vov1").is_some_and(|r| !r["outcome"].is_null())
    });
    let (st, _) = d.terminate();
    assert!(st.success(), "{}", d.log());
    assert_eq!(d.row("vov1").unwrap()["outcome"], "played", "{}", d.log());
    let wav = Wav::read(&d.path("out.wav"));
    let from = d.frame_at(due + TimeDelta::milliseconds(100));
    assert_tone_throughout(&wav.left[from..from + 48_000], 1000.0);

    // Without it, the certificate is not trusted: no sound, and the reason in words.
    let out = common::loa()
        .env_remove("SSL_CERT_FILE")
        .args(["--output", "null", "play", &url, "--for", "1s"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot reach 127.0.0.1: TLS: the server's certificate is not signed by an authority this box trusts"),
        "{err}"
    );
}
