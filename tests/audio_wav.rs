//! Every format × rate × channel layout played by the real binary into the WAV sink, judged by
//! the samples: the right tone on the right side, at the right level, no DC, the right length;
//! nothing folded down from above the output's Nyquist; no images of 8 kHz material; no click
//! where a file starts or ends loud or where Ctrl-C fades it out; broken files refused by name.

mod common;

use std::path::PathBuf;

use common::*;

const SECONDS: f32 = 0.5;
const A: f64 = 0.5;

#[derive(Clone, Copy, Debug)]
enum Layout {
    Mono,
    Stereo,
    FiveOne,
}

struct Format {
    name: &'static str,
    ext: &'static str,
    args: &'static [&'static str],
    rates: &'static [u32],
    surround: bool,
}

const ALL_RATES: &[u32] = &[8_000, 22_050, 44_100, 48_000, 96_000];

const FORMATS: &[Format] = &[
    Format {
        name: "wav-s16",
        ext: "wav",
        args: &["-c:a", "pcm_s16le"],
        rates: ALL_RATES,
        surround: true,
    },
    Format {
        name: "wav-u8",
        ext: "wav",
        args: &["-c:a", "pcm_u8"],
        rates: ALL_RATES,
        surround: true,
    },
    Format {
        name: "wav-s24",
        ext: "wav",
        args: &["-c:a", "pcm_s24le"],
        rates: ALL_RATES,
        surround: true,
    },
    Format {
        name: "wav-f32",
        ext: "wav",
        args: &["-c:a", "pcm_f32le"],
        rates: ALL_RATES,
        surround: true,
    },
    Format {
        name: "flac",
        ext: "flac",
        args: &["-c:a", "flac"],
        rates: ALL_RATES,
        surround: true,
    },
    Format {
        name: "mp3",
        ext: "mp3",
        args: &["-c:a", "libmp3lame", "-q:a", "2"],
        rates: &[8_000, 22_050, 44_100, 48_000],
        surround: false,
    },
    Format {
        name: "ogg",
        ext: "ogg",
        args: &["-c:a", "libvorbis", "-q:a", "6"],
        rates: ALL_RATES,
        surround: true,
    },
    // Opus (Zalo and phone voice messages), through libopus: in its own .opus file and in .ogg.
    Format {
        name: "opus",
        ext: "opus",
        args: &["-c:a", "libopus", "-b:a", "96k"],
        rates: &[16_000, 48_000],
        surround: false,
    },
    Format {
        name: "opus-in-ogg",
        ext: "ogg",
        args: &["-c:a", "libopus", "-b:a", "96k"],
        rates: &[48_000],
        surround: false,
    },
    // symphonia's AAC decoder plays mono and stereo only: 5.1 AAC is refused by name (below).
    Format {
        name: "aac",
        ext: "m4a",
        args: &["-c:a", "aac", "-b:a", "192k"],
        rates: ALL_RATES,
        surround: false,
    },
];

/// Tones per channel. Stereo: 1000 Hz left, 1500 Hz right. 5.1 (FL FR FC LFE BL BR): 1000, 1500,
/// 700, 100, 400, 2000 Hz.
fn exprs(layout: Layout) -> (&'static str, String) {
    let s = |f: u32| format!("{A}*sin(2*PI*{f}*t)");
    match layout {
        Layout::Mono => ("mono", s(1000)),
        Layout::Stereo => ("stereo", format!("{}|{}", s(1000), s(1500))),
        Layout::FiveOne => ("5.1", [1000, 1500, 700, 100, 400, 2000].map(s).join("|")),
    }
}

struct Case {
    label: String,
    file: PathBuf,
    layout: Layout,
    rate: u32,
    lossy: bool,
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for f in FORMATS {
        for &rate in f.rates {
            for layout in [Layout::Mono, Layout::Stereo, Layout::FiveOne] {
                if matches!(layout, Layout::FiveOne) && !f.surround {
                    continue;
                }
                let (cl, e) = exprs(layout);
                let name = format!("tone-{}-{rate}-{cl}.{}", f.name, f.ext);
                let file = tone_fixture(&name, &e, cl, rate, SECONDS, f.args);
                out.push(Case {
                    label: name,
                    file,
                    layout,
                    rate,
                    lossy: matches!(f.ext, "mp3" | "ogg" | "m4a" | "opus"),
                });
            }
        }
    }
    out
}

/// What is wrong with one played case, if anything.
fn judge(c: &Case, w: &Wav) -> Vec<String> {
    let mut bad = Vec::new();
    let Some((first, last)) = w.sounding(0.02) else {
        return vec!["silent".into()];
    };
    let secs = (last - first) as f64 / 48_000.0;
    // Low-rate lossy codecs smear the ends a little.
    let tol = if c.lossy { 0.04 } else { 0.015 };
    if (secs - f64::from(SECONDS)).abs() > tol {
        bad.push(format!("sounds for {secs:.3} s, not {SECONDS} s"));
    }
    // Judge the steady middle of the tone.
    let a = first + (last - first) / 5;
    let b = last - (last - first) / 5;
    let (l, r) = (&w.left[a..b], &w.right[a..b]);
    let amp = |x: &[f32], f: f64| amplitude(x, 48_000, f);
    let near = |got: f64, want: f64, what: &str, bad: &mut Vec<String>| {
        let tol_db = if c.lossy { 1.5 } else { 0.5 };
        if (db(got) - db(want)).abs() > tol_db {
            bad.push(format!(
                "{what}: {:.1} dB, expected {:.1} dB",
                db(got),
                db(want)
            ));
        }
    };
    let absent = |got: f64, what: &str, bad: &mut Vec<String>| {
        if db(got) > -50.0 {
            bad.push(format!("{what} should be absent: {:.1} dB", db(got)));
        }
    };
    match c.layout {
        Layout::Mono => {
            near(amp(l, 1000.0), A, "1 kHz left", &mut bad);
            near(amp(r, 1000.0), A, "1 kHz right", &mut bad);
        }
        Layout::Stereo => {
            near(amp(l, 1000.0), A, "1 kHz left", &mut bad);
            near(amp(r, 1500.0), A, "1.5 kHz right", &mut bad);
            absent(amp(l, 1500.0), "1.5 kHz on the left", &mut bad);
            absent(amp(r, 1000.0), "1 kHz on the right", &mut bad);
        }
        Layout::FiveOne => {
            // ITU coefficients (1, 0.707, 0.707) scaled by 1/2.414 so nothing clips.
            let k = 1.0 / (1.0 + 2.0 * std::f64::consts::FRAC_1_SQRT_2);
            let h = std::f64::consts::FRAC_1_SQRT_2 * k;
            near(amp(l, 1000.0), A * k, "front left on the left", &mut bad);
            near(amp(l, 700.0), A * h, "centre on the left", &mut bad);
            near(amp(l, 400.0), A * h, "back left on the left", &mut bad);
            near(amp(r, 1500.0), A * k, "front right on the right", &mut bad);
            near(amp(r, 700.0), A * h, "centre on the right", &mut bad);
            near(amp(r, 2000.0), A * h, "back right on the right", &mut bad);
            absent(amp(l, 1500.0), "front right on the left", &mut bad);
            absent(amp(r, 1000.0), "front left on the right", &mut bad);
            absent(amp(l, 100.0).max(amp(r, 100.0)), "the LFE", &mut bad);
        }
    }
    for (side, x) in [("left", l), ("right", r)] {
        let dc = mean(x);
        if dc.abs() > 0.005 {
            bad.push(format!("DC offset {dc:.4} on the {side}"));
        }
    }
    let _ = c.rate;
    bad
}

#[test]
fn every_format_rate_and_layout_plays_right_through_the_wav_sink() {
    let cases = cases();
    assert!(cases.len() >= 100, "{} cases", cases.len());
    let mut failures = Vec::new();
    // Each play is paced in real time; run them side by side, a dozen at a time.
    for batch in cases.chunks(12) {
        let results: Vec<(String, Vec<String>)> = std::thread::scope(|s| {
            let handles: Vec<_> = batch
                .iter()
                .map(|c| {
                    s.spawn(move || {
                        let (out, wav) = play_to_wav(&c.file, &[]);
                        let mut bad = Vec::new();
                        if !out.status.success() {
                            bad.push(format!(
                                "exit {:?}: {}",
                                out.status.code(),
                                String::from_utf8_lossy(&out.stderr)
                            ));
                        } else {
                            bad = judge(c, &wav);
                        }
                        (c.label.clone(), bad)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        failures.extend(
            results
                .into_iter()
                .filter(|(_, b)| !b.is_empty())
                .map(|(l, b)| format!("{l}: {}", b.join("; "))),
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases wrong:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn a_30_khz_tone_in_a_96_khz_file_does_not_fold_into_the_audible_band() {
    let f = tone_fixture(
        "alias-96k.wav",
        "0.25*sin(2*PI*1000*t)+0.5*sin(2*PI*30000*t)",
        "mono",
        96_000,
        0.6,
        &["-c:a", "pcm_s16le"],
    );
    let (out, w) = play_to_wav(&f, &[]);
    common::assert_success(&out);
    let (a, b) = w.sounding(0.02).unwrap();
    let mid = &w.left[a + 4800..b - 4800];
    assert!((db(amplitude(mid, 48_000, 1000.0)) - db(0.25)).abs() < 0.5);
    // 30 kHz would fold to 48 − 30 = 18 kHz.
    let folded = db(amplitude(mid, 48_000, 18_000.0));
    assert!(folded < -80.0, "18 kHz alias at {folded:.1} dB");
}

#[test]
fn eight_khz_material_leaves_no_images() {
    let f = tone_fixture(
        "image-8k.wav",
        "0.5*sin(2*PI*1000*t)",
        "mono",
        8_000,
        0.6,
        &["-c:a", "pcm_s16le"],
    );
    let (out, w) = play_to_wav(&f, &[]);
    common::assert_success(&out);
    let (a, b) = w.sounding(0.02).unwrap();
    let mid = &w.left[a + 4800..b - 4800];
    assert!((db(amplitude(mid, 48_000, 1000.0)) - db(0.5)).abs() < 0.5);
    for image in [7_000.0, 9_000.0, 15_000.0, 17_000.0] {
        let level = db(amplitude(mid, 48_000, image));
        assert!(level < -70.0, "image at {image} Hz: {level:.1} dB");
    }
}

/// The largest step between neighbouring samples around `at`, in a window of `len` frames.
fn largest_step(x: &[f32], at: usize, len: usize) -> f32 {
    let a = at.saturating_sub(len);
    let b = (at + len).min(x.len() - 1);
    (a..b).map(|i| (x[i + 1] - x[i]).abs()).fold(0.0, f32::max)
}

#[test]
fn a_file_that_starts_and_ends_loud_does_not_click() {
    // A constant level from the first sample to the last: without fades, a step of 0.5.
    let f = tone_fixture(
        "dc-block.wav",
        "0.5",
        "mono",
        48_000,
        0.4,
        &["-c:a", "pcm_s16le"],
    );
    let (out, w) = play_to_wav(&f, &[]);
    common::assert_success(&out);
    let (a, b) = w.sounding(0.001).unwrap();
    assert!(
        largest_step(&w.left, a, 480) < 0.01,
        "start steps by {}",
        largest_step(&w.left, a, 480)
    );
    assert!(
        largest_step(&w.left, b, 480) < 0.01,
        "end steps by {}",
        largest_step(&w.left, b, 480)
    );
}

#[test]
fn ctrl_c_fades_out_instead_of_cutting() {
    let f = tone_fixture(
        "long-tone.wav",
        "0.5*sin(2*PI*200*t)",
        "mono",
        48_000,
        10.0,
        &["-c:a", "pcm_s16le"],
    );
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("out.wav");
    let config = schedule_with_output(dir.path(), &format!("wav:{}", wav.display()));
    let mut child = loa()
        .arg("play")
        .arg(&f)
        .arg("--config")
        .arg(&config)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until it sounds, then interrupt.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while std::time::Instant::now() < deadline {
        if wav.exists() && std::fs::metadata(&wav).unwrap().len() > 48_000 * 4 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    let w = Wav::read(&wav);
    let (_, end) = w.sounding(0.001).unwrap();
    assert!(w.seconds() < 5.0, "stopped late: {} s", w.seconds());
    // A 200 Hz sine at 0.5 moves at most ~0.013 per sample; a cut would drop by up to 0.5.
    assert!(
        largest_step(&w.left, end, 2400) < 0.02,
        "steps by {}",
        largest_step(&w.left, end, 2400)
    );
    // The fade takes tens of milliseconds: the envelope shrinks over the last 30 ms.
    let before = &w.left[end - 2400..end - 1440];
    assert!(rms(before) > 0.2, "not playing before the stop");
}

#[test]
fn broken_files_are_refused_by_name_without_panic() {
    let bad = repo().join("tests/bad/audio");
    for (file, words) in [
        ("rate-4294967295.wav", "4294967295 Hz"),
        ("rate-0.wav", "0 Hz"),
        ("nine-channels.wav", "9 channels"),
        ("notes.mp3", "not an audio file"),
        ("empty.mp3", "empty"),
    ] {
        let (out, _) = play_to_wav(&bad.join(file), &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{file}: {stderr}");
        assert!(
            stderr.contains(file) && stderr.contains(words),
            "{file}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{file}: {stderr}");
    }
    let (_, e) = exprs(Layout::FiveOne);
    let aac51 = tone_fixture(
        "tone-aac-48000-5.1.m4a",
        &e,
        "5.1",
        48_000,
        SECONDS,
        &["-c:a", "aac"],
    );
    let (out, _) = play_to_wav(&aac51, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("tone-aac-48000-5.1.m4a") && stderr.contains("ffmpeg -i"),
        "{stderr}"
    );
    let (out, _) = play_to_wav(&bad.join("khong-co.mp3"), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("khong-co.mp3"));
}

#[test]
fn volume_follows_the_cubic_curve() {
    let f = tone_fixture(
        "tone-1k-48k.wav",
        "0.5*sin(2*PI*1000*t)",
        "mono",
        48_000,
        0.5,
        &["-c:a", "pcm_s16le"],
    );
    let (out, w) = play_to_wav(&f, &["--volume", "50"]);
    common::assert_success(&out);
    let (a, b) = w.sounding(0.005).unwrap();
    let got = db(amplitude(&w.left[a + 2400..b - 2400], 48_000, 1000.0));
    // 50 % → 0.125 → −18.1 dB, on a −6 dB tone.
    assert!((got - (db(0.5) + db(0.125))).abs() < 0.3, "{got:.2} dB");
}

#[test]
fn a_play_held_to_a_limit_is_cut_there_with_a_fade() {
    use loa::audio::player::{Command, Event, Item, Job, Outcome, Player, Playlist, Start};
    let f = common::tone_fixture(
        "limit-2s.wav",
        "0.5*sin(2*PI*200*t)",
        "stereo",
        48_000,
        2.0,
        &["-c:a", "pcm_s16le"],
    );
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("out.wav");
    let out = loa::schedule::Output::Wav(wav.clone());
    let (tx, rx) = std::sync::mpsc::channel();
    let player = Player::spawn(
        move || loa::audio::output::open(&out),
        move |e| {
            let _ = tx.send(e);
        },
    )
    .unwrap();
    // Ten repeats of a 2 s file, held to half a second.
    player.send(Command::Play(Job {
        id: "x".into(),
        playlist: Playlist {
            repeat: 10,
            ..Playlist::of(vec![Item::File(f)])
        },
        gain: 1.0,
        start: Start::Now,
        arm: false,
        limit: Some(std::time::Duration::from_millis(500)),
    }));
    let (outcome, report) = loop {
        match rx.recv_timeout(std::time::Duration::from_secs(30)).unwrap() {
            Event::Finished {
                outcome, report, ..
            } => break (outcome, report),
            _ => continue,
        }
    };
    drop(player);
    assert_eq!(outcome, Outcome::Played);
    assert!(report.limit_reached, "{report:?}");
    let w = Wav::read(&wav);
    let (start, end) = w.sounding(0.01).unwrap();
    let heard = (end - start) as f64 / 48_000.0;
    assert!((heard - 0.5).abs() < 0.02, "heard {heard:.3} s");
    assert!(
        largest_step(&w.left, end, 2400) < 0.02,
        "cut with a click: {}",
        largest_step(&w.left, end, 2400)
    );
}
