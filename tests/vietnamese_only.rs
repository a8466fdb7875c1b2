//! The officer reads Vietnamese (spec §10): every command and path, run with `LOA_LANG=vi`,
//! prints no English word a person reads — in normal output, in errors, in `--help`, from the
//! daemon and without it. Two nets: `LOA_I18N_STRICT` turns a message the Vietnamese catalogue
//! lacks into a marker (an English-only message key), and every line is scanned for English words
//! outside what stays as written (ids, file names, paths, URLs, `code`, "quoted values", TOML
//! keys, the `FILE:LINE:COLUMN: error:` prefix). JSON and CSV are for scripts and not scanned.

mod common;

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use common::daemon::Daemon;
use common::servers::{Codec, Icecast, Source};

/// Words that are English and not Vietnamese, even without diacritics. (Not "an", "to", "do",
/// "in", "no", "con", "ban", "tin", "bao", "hay", "may", which are Vietnamese words too.)
const ENGLISH: &[&str] = &[
    "the",
    "is",
    "are",
    "was",
    "were",
    "not",
    "and",
    "with",
    "from",
    "this",
    "that",
    "which",
    "will",
    "would",
    "could",
    "should",
    "has",
    "have",
    "been",
    "be",
    "it",
    "its",
    "of",
    "for",
    "into",
    "by",
    "or",
    "without",
    "lost",
    "late",
    "stereo",
    "mono",
    "channels",
    "host",
    "empty",
    "broken",
    "page",
    "certificate",
    "if",
    "than",
    "then",
    "there",
    "here",
    "when",
    "what",
    "why",
    "how",
    "does",
    "did",
    "done",
    "cannot",
    "nothing",
    "playing",
    "played",
    "stopped",
    "skipped",
    "interrupted",
    "failed",
    "missed",
    "fallback",
    "file",
    "files",
    "broadcast",
    "broadcasts",
    "announcement",
    "announcements",
    "emergency",
    "queue",
    "queued",
    "paused",
    "resumed",
    "until",
    "daemon",
    "device",
    "devices",
    "sound",
    "stream",
    "seconds",
    "minutes",
    "hours",
    "second",
    "minute",
    "hour",
    "reconnects",
    "tries",
    "history",
    "reason",
    "title",
    "source",
    "outcome",
    "yes",
    "please",
    "must",
    "only",
    "more",
    "now",
    "idle",
    "manual",
    "error",
    "warning",
    "help",
    "usage",
    "options",
    "available",
    "found",
    "missing",
    "invalid",
    "expected",
    "unexpected",
    "unknown",
    "permission",
    "denied",
    "refused",
    "allowed",
    "none",
    "ago",
    "after",
    "before",
    "again",
    "already",
    "waiting",
    "answers",
    "answered",
    "server",
    "connection",
    "schedule",
    "station",
    "loaded",
    "next",
    "reload",
    "reloaded",
    "default",
];

/// What stays as written in every language, removed before the scan: the compiler-style prefix,
/// `code`, "quoted values", URLs, paths, flags, environment variables, TOML keys and a few names.
fn prose(line: &str) -> String {
    let mut s = line.to_string();
    // FILE:LINE:COLUMN: error: / warning: and clap's "error:".
    for marker in [": error: ", ": warning: "] {
        if let Some(i) = s.find(marker) {
            s = s[i + marker.len()..].to_string();
        }
    }
    for marker in ["error: ", "warning: "] {
        if let Some(rest) = s.strip_prefix(marker) {
            s = rest.to_string();
        }
    }
    // `code` and "values", as written.
    for quote in ['`', '"', '\''] {
        let mut out = String::new();
        let mut inside = false;
        for c in s.chars() {
            if c == quote {
                inside = !inside;
            } else if !inside {
                out.push(c);
            }
        }
        s = out;
    }
    s.split_whitespace()
        .filter(|w| {
            !(w.contains("://")
                || w.contains('/')
                || w.contains('_')
                || w.starts_with('-')
                || w.starts_with('$')
                || w.starts_with('<')
                || w.starts_with('[')
                || w.contains('=')
                // A file name or a host (a dot followed by more): not a sentence's full stop.
                || w
                    .char_indices()
                    .any(|(i, c)| c == '.' && w[i + 1..].starts_with(|n: char| n.is_alphanumeric())))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// loa's command names (spec §1), which stay as written in every language.
const COMMANDS: &[&str] = &[
    "run",
    "check",
    "next",
    "play",
    "stop",
    "pause",
    "resume",
    "status",
    "reload",
    "history",
    "devices",
    "bulletins",
    "accept",
    "reject",
    "fleet",
    "keygen",
    "send",
    "push",
    "collect",
    "web",
    "live",
    "tts",
    "help",
];

/// A line without the command names it holds: after "loa ", or first on a line of the list of
/// commands ("  next       In lịch phát…").
fn strip_commands(line: &str) -> String {
    let mut words: Vec<&str> = line.split(' ').collect();
    let indented = line.starts_with("  ") && !line.starts_with("   ");
    let mut after_loa = false;
    for (i, w) in words.iter_mut().enumerate() {
        let first = indented && i == 2;
        if (after_loa || first) && COMMANDS.contains(w) {
            *w = "";
        } else if !w.is_empty() {
            after_loa = *w == "loa" || (after_loa && COMMANDS.contains(w));
        }
    }
    words.join(" ")
}

/// The English words of a text (each line's prose), with the line they are in.
fn english_in(text: &str, allowed: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        // The snippet under an error (`12 | at = "17h"`) is the file as written.
        if line.trim_start().starts_with(|c: char| c.is_ascii_digit()) && line.contains(" | ")
            || line.trim_start().starts_with('|')
        {
            continue;
        }
        // Command names stay as they are (`loa next`, and the list of commands in --help).
        let line = &strip_commands(line);
        let p = prose(line);
        for word in p
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() >= 2)
        {
            let w = word.to_ascii_lowercase();
            // A word of an accented Vietnamese word cut at its first non-ASCII letter is not
            // English: only words standing alone between non-letters count.
            let alone = p
                .split(|c: char| !c.is_alphabetic())
                .any(|whole| whole.eq_ignore_ascii_case(word));
            if alone && ENGLISH.contains(&w.as_str()) && !allowed.contains(&w.as_str()) {
                found.push(format!("{word:?} in: {line}"));
            }
        }
    }
    found
}

/// Fails listing every English word and every English-only message in what a command printed.
fn assert_vietnamese(what: &str, out: &Output, allowed: &[&str], failures: &mut Vec<String>) {
    for text in [&out.stdout, &out.stderr] {
        let text = String::from_utf8_lossy(text);
        if text.contains("⟦EN-ONLY:") {
            failures.push(format!("{what}: a message only in English:\n{text}"));
        }
        for e in english_in(&text, allowed) {
            failures.push(format!("{what}: {e}"));
        }
    }
}

/// Runs `loa ARGS` against the daemon's socket, schedule and history, in Vietnamese.
fn vi(d: &Daemon, what: &str, args: &[&str], failures: &mut Vec<String>) -> Output {
    let out = d
        .cmd()
        .env("LOA_LANG", "vi")
        .env("LOA_I18N_STRICT", "1")
        .env_remove("LOA_LOG")
        .args(args)
        .output()
        .unwrap();
    assert_vietnamese(what, &out, &[], failures);
    out
}

const STATION: &str = "[[announcement]]\nid = \"tin\"\ntitle = \"Bản tin\"\nfiles = [\"ban-tin-sang.mp3\"]\nat = \"05:30\"\n\n\
[[relay]]\nid = \"vov1\"\ntitle = \"Tiếp âm VOV1\"\nstreams = [\"http://127.0.0.1:9/vov1\"]\nat = \"06:00\"\nduration = \"30m\"\n\n\
[[announcement]]\nid = \"trong-tiep-am\"\ntitle = \"Trong giờ tiếp âm\"\nfiles = [\"ban-tin-chieu.mp3\"]\nat = \"06:10\"\n\n\
[[emergency]]\nid = \"bao\"\ntitle = \"Cảnh báo bão\"\nfiles = [\"canh-bao-bao.mp3\"]\nevery = \"15m\"\n";

#[test]
fn every_command_speaks_vietnamese_to_a_vietnamese_reader() {
    let mut d = Daemon::prepare(STATION, None, &[]);
    d.run_to_wav();
    let mut failures = Vec::new();
    // The daemon's answers, as the officer meets them through a day.
    vi(&d, "status", &["status"], &mut failures);
    vi(&d, "play", &["play", "tin"], &mut failures);
    vi(&d, "play again", &["play", "tin"], &mut failures);
    vi(
        &d,
        "play --again",
        &["play", "tin", "--again"],
        &mut failures,
    );
    vi(&d, "status playing", &["status"], &mut failures);
    vi(&d, "stop", &["stop"], &mut failures);
    vi(&d, "stop again", &["stop"], &mut failures);
    vi(
        &d,
        "pause until",
        &["pause", "--until", "18:00"],
        &mut failures,
    );
    vi(&d, "status paused", &["status"], &mut failures);
    vi(&d, "resume", &["resume"], &mut failures);
    vi(&d, "resume again", &["resume"], &mut failures);
    vi(&d, "pause", &["pause"], &mut failures);
    vi(&d, "resume", &["resume"], &mut failures);
    vi(&d, "play bao", &["play", "bao"], &mut failures);
    vi(&d, "status emergency", &["status"], &mut failures);
    vi(&d, "stop bao", &["stop"], &mut failures);
    vi(&d, "play nosuch", &["play", "khong-co"], &mut failures);
    vi(
        &d,
        "play url",
        &["play", "http://127.0.0.1:9/x"],
        &mut failures,
    );
    vi(&d, "stop relay", &["stop"], &mut failures);
    vi(&d, "reload", &["reload"], &mut failures);
    d.wait("the rows", Duration::from_secs(20), |d| {
        d.history()
            .iter()
            .filter(|r| !r["outcome"].is_null())
            .count()
            >= 4
    });
    let good = d.path("good.toml");
    std::fs::copy(d.path("schedule.toml"), &good).unwrap();
    std::fs::write(
        d.path("schedule.toml"),
        std::fs::read_to_string(d.path("schedule.toml")).unwrap() + "\nat = 5\n[station\n",
    )
    .unwrap();
    vi(&d, "reload refused", &["reload"], &mut failures);
    vi(&d, "status refused", &["status"], &mut failures);
    vi(&d, "history", &["history"], &mut failures);
    vi(
        &d,
        "history summary",
        &["history", "--summary"],
        &mut failures,
    );
    vi(
        &d,
        "history since",
        &["history", "--since", "hôm qua"],
        &mut failures,
    );
    vi(&d, "bulletins", &["bulletins"], &mut failures);
    // A relay on air: its stream's line in `loa status` (format, buffer, reconnects).
    let ice = Icecast::start();
    let _src = Source::start(&ice, "tinh.mp3", Codec::Mp3, 1000);
    vi(
        &d,
        "play a stream",
        &["play", &ice.url("tinh.mp3")],
        &mut failures,
    );
    d.wait("the stream on air", Duration::from_secs(15), |d| {
        d.status()["playing"]["relay"]["connected"] == true
    });
    vi(&d, "status relay", &["status"], &mut failures);
    vi(&d, "stop stream", &["stop"], &mut failures);
    let excel = vi(
        &d,
        "history excel",
        &["history", "--format", "excel"],
        &mut failures,
    );
    assert!(excel.status.success());
    let (st, _) = d.terminate();
    assert!(st.success(), "{}", d.log());

    // Without the daemon: its socket and history, the schedule as it was before the mistake.
    vi(&d, "status no daemon", &["status"], &mut failures);
    vi(&d, "stop no daemon", &["stop"], &mut failures);
    vi(&d, "check bad", &["check"], &mut failures);
    let (g, sock, state) = (
        good.to_str().unwrap().to_string(),
        d.path("loa.sock").to_str().unwrap().to_string(),
        d.path("state").to_str().unwrap().to_string(),
    );
    let alone = |what: &str, args: &[&str], allowed: &[&str], failures: &mut Vec<String>| {
        let out = common::loa()
            .env("LOA_LANG", "vi")
            .env("LOA_I18N_STRICT", "1")
            .env_remove("LOA_LOG")
            .args(["--config", &g, "--socket", &sock, "--state-dir", &state])
            .args(args)
            .output()
            .unwrap();
        assert_vietnamese(what, &out, allowed, failures);
    };
    alone("check", &["check"], &[], &mut failures);
    alone("next", &["next", "--days", "2"], &[], &mut failures);
    // A device's name is what the schedule's `output` takes ("default", as the sound system
    // names it).
    alone("devices", &["devices"], &["default"], &mut failures);
    alone(
        "play file",
        &["--output", "null", "play", "tin"],
        &[],
        &mut failures,
    );
    alone(
        "play missing",
        &["--output", "null", "play", "/khong/co.mp3"],
        &[],
        &mut failures,
    );
    alone(
        "play url",
        &[
            "--output",
            "null",
            "play",
            "http://127.0.0.1:9/x",
            "--for",
            "1s",
        ],
        &[],
        &mut failures,
    );
    alone(
        "play no output",
        &["--output", "khong-co-card", "play", "tin"],
        &[],
        &mut failures,
    );
    let nothing = common::loa()
        .env("LOA_LANG", "vi")
        .env("LOA_I18N_STRICT", "1")
        .env_remove("LOA_LOG")
        .args(["--state-dir", "/nonexistent/loa", "history"])
        .output()
        .unwrap();
    assert_vietnamese("history none", &nothing, &[], &mut failures);

    // The command line itself: help and mistakes.
    for sub in [
        "run",
        "check",
        "next",
        "play",
        "stop",
        "pause",
        "resume",
        "status",
        "reload",
        "history",
        "devices",
        "bulletins",
        "fleet",
    ] {
        vi(
            &d,
            &format!("{sub} --help"),
            &[sub, "--help"],
            &mut failures,
        );
    }
    vi(&d, "--help", &["--help"], &mut failures);
    vi(&d, "unknown flag", &["play", "--nhanh"], &mut failures);
    vi(&d, "bad value", &["next", "--days", "0"], &mut failures);
    vi(
        &d,
        "bad format",
        &["history", "--format", "word"],
        &mut failures,
    );
    vi(
        &d,
        "bad date",
        &["history", "--since", "01/12/2026"],
        &mut failures,
    );
    vi(&d, "missing", &["play"], &mut failures);
    vi(&d, "no command", &[], &mut failures);
    assert!(
        failures.is_empty(),
        "English reached a Vietnamese reader:\n{}",
        failures.join("\n")
    );
}

/// The scanner itself: it finds English, and lets through what stays as written.
#[test]
fn the_scanner_sees_english_and_nothing_else() {
    assert!(!english_in("đang phát \"ban-tin-sang\" (manual) 0:00", &[]).is_empty());
    assert!(!english_in("loa: stopped by root", &[]).is_empty());
    assert!(english_in("s.toml:3:5: error: \"17:5\" không phải giờ hợp lệ", &[]).is_empty());
    assert!(
        english_in(
            "lịch:      /tmp/x/schedule.toml (nạp lúc 2026-12-04 23:56:50)",
            &[]
        )
        .is_empty()
    );
    assert!(english_in("dùng `loa stop` để dừng; xem `max_delay`", &[]).is_empty());
    assert!(!english_in("không phát: the server was lost.", &[]).is_empty());
    assert!(english_in("đã phát ban-tin.mp3 tới radio.tinh.vn.", &[]).is_empty());
    assert!(
        english_in(
            "đang tiếp âm \"vov1\" từ https://live.example.vn/vov1.m3u8",
            &[]
        )
        .is_empty()
    );
    let _ = Path::new(".");
}
