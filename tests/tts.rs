//! Text to speech for real (spec §13, issue 24): espeak-ng reading a text announcement at its
//! time into the daemon's WAV output (its length and its level judged), the cache that renders
//! an unchanged text once, engines of the station's own that hang, fail or write garbage (fake
//! engine scripts run through `command`), a text played at once through the socket, and the
//! errors of `text` / `text_file` at their line in both languages.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

use common::daemon::{Daemon, ahead};
use common::{Wav, assert_success, loa};

const NOTICE: &str = "UBND xã thông báo: ngày 7/12 từ 7h30, trạm y tế tiêm phòng cho trẻ em.";

/// An engine script in `dir`: a shell script that reads standard input and does `body`
/// (`$OUT` is where loa wants the WAV).
fn engine(dir: &Path, name: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\nOUT=\"$1\"\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// A schedule in `dir` with one announcement that reads `text` (its `text` at line 8, column
/// 8) and `[tts]` as given.
fn schedule(dir: &Path, tts: &str, text: &str) -> PathBuf {
    let path = dir.join("schedule.toml");
    std::fs::write(
        &path,
        format!(
            "[station]\ntimezone = \"UTC\"\naudio_dir = \"{}\"\noutput = \"null\"\n\n\
             [[announcement]]\nid = \"thong-bao\"\ntext = \"{text}\"\nat = \"03:00\"\n\n{tts}\n",
            common::repo().join("audio").display()
        ),
    )
    .unwrap();
    path
}

fn check(dir: &Path, config: &Path, lang: &str) -> Output {
    loa()
        .env("LOA_LANG", lang)
        .arg("--config")
        .arg(config)
        .arg("--state-dir")
        .arg(dir.join("state"))
        .arg("check")
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The length of a WAV file, in seconds.
fn seconds(path: &Path) -> f64 {
    let r = hound::WavReader::open(path).unwrap();
    f64::from(r.duration()) / f64::from(r.spec().sample_rate)
}

#[test]
fn a_text_announcement_is_read_at_its_time_at_the_stations_loudness() {
    // Far enough ahead that the daemon has started (espeak-ng renders first) on a busy machine.
    let (at, hms) = ahead(12);
    let mut d = Daemon::prepare("", None, &[]);
    d.write_schedule(&format!(
        "[station]\ntimezone = \"UTC\"\naudio_dir = \"{}\"\nvolume = 100\nloudness = -16\n\
         output = \"wav:{}\"\n\n[[announcement]]\nid = \"thong-bao\"\ntext = \"{NOTICE}\"\n\
         at = \"{hms}\"\nchime = false\n",
        common::repo().join("audio").display(),
        d.path("out.wav").display()
    ));
    d.run();
    d.wait("it has been read", Duration::from_secs(60), |d| {
        d.row("thong-bao").is_some_and(|r| r["outcome"] == "played")
    });
    let row = d.row("thong-bao").unwrap();
    assert_eq!(row["text"], NOTICE, "{row}");
    assert_eq!(row["source"], "schedule");
    // History's `files` names the rendered sound, kept in the state directory's cache.
    let sound = PathBuf::from(row["files"][0].as_str().unwrap());
    assert!(
        sound.starts_with(d.path("state").join("tts")) && sound.is_file(),
        "{row}"
    );
    let start = common::daemon::time(&row["started"]);
    assert!(
        (start - at).num_milliseconds().abs() < 1000,
        "started at {start}, due at {at}"
    );
    d.terminate();
    let out = Wav::read(&d.path("out.wav"));
    let (a, b) = out.sounding(0.01).expect("the text was heard");
    let heard = (b - a) as f64 / 48_000.0;
    let rendered = seconds(&sound);
    // espeak-ng leaves a little silence at each end: what is heard is the sound, give or take.
    assert!(
        heard > rendered - 0.8 && heard < rendered + 0.1,
        "heard {heard:.2} s of a sound {rendered:.2} s long"
    );
    assert!(
        rendered > 3.0,
        "a sentence of 15 words lasts {rendered:.2} s"
    );
    let level = loa::audio::loudness::measure_file(&d.path("out.wav"))
        .unwrap()
        .integrated
        .unwrap();
    assert!((level + 16.0).abs() <= 1.0, "{level:.2} LUFS on the output");
}

#[test]
fn an_unchanged_text_is_rendered_once_and_a_changed_one_again() {
    let dir = tempfile::tempdir().unwrap();
    let count = dir.path().join("count");
    let espeak = format!(
        "echo x >> {}\nexec espeak-ng -v vi -w \"$OUT\" --stdin",
        count.display()
    );
    let script = engine(dir.path(), "engine.sh", &espeak);
    let tts = format!("[tts]\ncommand = [\"{}\", \"{{out}}\"]", script.display());
    let config = schedule(dir.path(), &tts, NOTICE);
    let renders = || {
        std::fs::read_to_string(&count)
            .unwrap_or_default()
            .lines()
            .count()
    };
    assert_success(&check(dir.path(), &config, "en"));
    assert_eq!(renders(), 1);
    assert_success(&check(dir.path(), &config, "en"));
    assert_eq!(renders(), 1, "the second check renders nothing");

    // The daemon uses the same cache: its load renders nothing, nor does a reload.
    let mut d = Daemon::prepare("", None, &[]);
    std::fs::copy(&config, d.path("schedule.toml")).unwrap();
    std::fs::create_dir_all(d.path("state")).unwrap();
    std::fs::rename(dir.path().join("state/tts"), d.path("state/tts")).unwrap();
    d.run();
    assert_success(&d.loa(&["reload"]));
    assert_eq!(renders(), 1, "{}", d.log());
    let json = d.loa(&["next", "--json", "--days", "1"]);
    let next: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(next[0]["text"], NOTICE, "{next}");
    assert!(
        next[0]["duration_seconds"].as_f64().unwrap() > 3.0,
        "{next}"
    );

    // A changed text is rendered when the schedule is loaded.
    let config = schedule(&d.path(""), &tts, "Họp dân lúc 19h.");
    assert_eq!(config, d.path("schedule.toml"));
    assert_success(&d.loa(&["reload"]));
    assert_eq!(renders(), 2, "{}", d.log());
}

#[test]
fn an_engine_that_hangs_is_killed_at_its_timeout_and_named_at_the_texts_line() {
    let dir = tempfile::tempdir().unwrap();
    let pid = dir.path().join("pid");
    let script = engine(
        dir.path(),
        "hang.sh",
        &format!("echo $$ > {}\nsleep 600 &\nwait", pid.display()),
    );
    let tts = format!(
        "[tts]\ncommand = [\"{}\", \"{{out}}\"]\ntimeout = \"5s\"",
        script.display()
    );
    let config = schedule(dir.path(), &tts, NOTICE);
    let out = check(dir.path(), &config, "en");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "{}:8:8: error: this text cannot be read aloud: {} did not finish within 5 seconds",
            config.display(),
            script.display()
        )),
        "{err}"
    );
    // Its whole process group went: the engine and what it started.
    let pid: i32 = std::fs::read_to_string(&pid)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert_ne!(unsafe { libc::kill(pid, 0) }, 0, "the engine still runs");
    let vi = stderr(&check(dir.path(), &config, "vi"));
    assert!(
        vi.contains(":8:8: error: không đọc thành tiếng được văn bản này:")
            && vi.contains("chưa xong sau 5 giây"),
        "{vi}"
    );
}

#[test]
fn an_engine_that_fails_is_named_with_the_last_lines_it_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let script = engine(
        dir.path(),
        "fail.sh",
        "cat > /dev/null\necho 'loading voice' >&2\necho 'model not found: /etc/loa/vi.onnx' >&2\nexit 3",
    );
    let tts = format!("[tts]\ncommand = [\"{}\", \"{{out}}\"]", script.display());
    let config = schedule(dir.path(), &tts, NOTICE);
    let out = check(dir.path(), &config, "en");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("failed (exit code 3): loading voice · model not found: /etc/loa/vi.onnx"),
        "{err}"
    );
    assert!(err.contains(":8:8: error:"), "{err}");
    // Said once: not again as a sound file that is missing.
    assert!(!err.contains("does not exist"), "{err}");
    assert!(err.contains("1 error"), "{err}");
}

#[test]
fn an_engine_that_writes_garbage_is_refused_and_nothing_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let script = engine(
        dir.path(),
        "garbage.sh",
        "cat > /dev/null\necho 'this is not a sound' > \"$OUT\"",
    );
    let tts = format!("[tts]\ncommand = [\"{}\", \"{{out}}\"]", script.display());
    let config = schedule(dir.path(), &tts, NOTICE);
    let out = check(dir.path(), &config, "en");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("wrote no sound that can be played"), "{err}");
    let kept: Vec<_> = std::fs::read_dir(dir.path().join("state/tts"))
        .map(|r| r.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(kept.is_empty(), "{kept:?}");
}

#[test]
fn an_engine_whose_sound_claims_a_day_is_refused_before_it_is_decoded() {
    // A WAV whose header says 27 hours (8 kHz mono), then a second of zeros: it was kept as a
    // silent announcement 27 hours long (and a real such file held `loa check` a minute).
    let dir = tempfile::tempdir().unwrap();
    let header = r"\122\111\106\106\044\170\262\134\127\101\126\105\146\155\164\040\020\000\000\000\001\000\001\000\100\037\000\000\200\076\000\000\002\000\020\000\144\141\164\141\000\170\262\134";
    let script = engine(
        dir.path(),
        "day.sh",
        &format!(
            "cat > /dev/null\nprintf '{header}' > \"$OUT\"\nhead -c 16000 /dev/zero >> \"$OUT\""
        ),
    );
    let tts = format!("[tts]\ncommand = [\"{}\", \"{{out}}\"]", script.display());
    let config = schedule(dir.path(), &tts, NOTICE);
    let out = check(dir.path(), &config, "en");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("far longer than the text takes to read"),
        "{err}"
    );
    let kept: Vec<_> = std::fs::read_dir(dir.path().join("state/tts"))
        .map(|r| r.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(kept.is_empty(), "{kept:?}");
}

#[test]
fn a_text_that_cannot_be_rendered_is_refused_and_the_last_good_schedule_plays_on() {
    let mut d = Daemon::start(&format!(
        "[[announcement]]\nid = \"thong-bao\"\ntext = \"{NOTICE}\"\nat = \"03:00\"\n"
    ));
    let script = engine(&d.path(""), "fail.sh", "echo 'no voice' >&2\nexit 1");
    d.write_schedule(&format!(
        "[tts]\ncommand = [\"{}\", \"{{out}}\"]\n\n[[announcement]]\nid = \"khac\"\n\
         text = \"Họp dân.\"\nat = \"04:00\"\n",
        script.display()
    ));
    let out = d.loa(&["reload"]);
    assert!(!out.status.success());
    let status = d.status();
    assert!(
        status["next"][0]["id"] == "thong-bao",
        "the last good schedule runs: {status}"
    );
    assert!(
        status["last_error"]
            .as_str()
            .is_some_and(|e| e.contains("cannot be read aloud") && e.contains("no voice")),
        "{status}"
    );
    d.wait("the log says why", Duration::from_secs(5), |d| {
        d.log().contains("no voice")
    });
}

#[test]
fn a_text_played_at_once_is_read_and_kept_in_history_as_a_text() {
    let mut d = Daemon::start("");
    let out = d.loa(&["play", "--text", "Mời bà con họp lúc 19h."]);
    assert_success(&out);
    d.wait("it has been read", Duration::from_secs(60), |d| {
        d.history()
            .iter()
            .any(|r| r["source"] == "text" && r["outcome"] == "played")
    });
    let row = d
        .history()
        .into_iter()
        .find(|r| r["source"] == "text")
        .unwrap();
    assert_eq!(row["text"], "Mời bà con họp lúc 19h.");
    assert_eq!(row["title"], "Mời bà con họp lúc 19h.");
    assert!(row["files"][0].as_str().unwrap().ends_with(".wav"), "{row}");
    let csv = d.loa(&["history", "--format", "csv"]);
    let csv = String::from_utf8_lossy(&csv.stdout);
    let header = csv.lines().next().unwrap();
    assert!(header.ends_with(",text"), "{header}");
    assert!(csv.contains("Mời bà con họp lúc 19h."), "{csv}");

    // An empty text is refused before anything is rendered.
    let out = d.loa(&["play", "--text", "  "]);
    assert!(!out.status.success());
}

#[test]
fn loa_tts_prints_the_reading_and_writes_the_sound() {
    let dir = tempfile::tempdir().unwrap();
    let out = loa()
        .args(["tts", "UBND xã: 21 hộ, 1.250 liều", "--print"])
        .arg("--config")
        .arg(dir.path().join("none.toml"))
        .output()
        .unwrap();
    // An explicit schedule that is not there is an error…
    assert!(!out.status.success());
    // …the default one missing, the defaults are used.
    let out = loa()
        .current_dir(dir.path())
        .args(["tts", "UBND xã: 21 hộ, 1.250 liều, 105 người", "--print"])
        .output()
        .unwrap();
    assert_success(&out);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "Ủy ban nhân dân xã: hai mươi mốt hộ, một nghìn hai trăm năm mươi liều, một trăm linh năm người"
    );
    let wav = dir.path().join("thu.wav");
    let out = loa()
        .args(["tts", "Xin chào bà con.", "--out"])
        .arg(&wav)
        .output()
        .unwrap();
    assert_success(&out);
    assert!(seconds(&wav) > 0.5);
}

/// Each mistake with a text, at its line and column, in English and in Vietnamese.
#[test]
fn mistakes_with_a_text_are_named_at_their_line_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("latin1.txt"), b"Th\xf4ng b\xe1o").unwrap();
    let big = "a ".repeat(30_000);
    let cases: [(&str, &str, &str, &str); 6] = [
        (
            "text = \"Họp dân\"\nfiles = [\"ban-tin-sang.mp3\"]",
            ":12:9: error: a text replaces the recordings: write `text` or `files`, not both",
            ":12:9: error: văn bản thay cho bản ghi âm: ghi `text` hoặc `files`, không ghi cả hai",
            "files",
        ),
        (
            "text = \"  \"",
            ":11:8: error: the text has nothing to read",
            ":11:8: error: văn bản không có gì để đọc",
            "empty",
        ),
        (
            &format!("text = \"{big}\""),
            ":11:8: error: the text is 60000 bytes long: at most 50000",
            ":11:8: error: văn bản dài 60000 byte: tối đa 50000",
            "too long",
        ),
        (
            "text_file = \"khong-co.txt\"",
            ":11:13: error: the text file",
            ":11:13: error: không đọc được tệp văn bản",
            "missing",
        ),
        (
            "text_file = \"latin1.txt\"",
            "not UTF-8 text",
            "không phải văn bản UTF-8",
            "not UTF-8",
        ),
        (
            "text = \"Họp\"\ntext_file = \"latin1.txt\"",
            ":12:13: error: `text` and `text_file` both say what to read: keep one",
            ":12:13: error: `text` và `text_file` cùng nói đọc gì: chỉ giữ một",
            "both",
        ),
    ];
    for (entry, en, vi, what) in cases {
        let config = dir.path().join("schedule.toml");
        std::fs::write(
            &config,
            format!(
                "[station]\ntimezone = \"UTC\"\naudio_dir = \"{}\"\noutput = \"null\"\n\n\n\n\n\
                 [[announcement]]\nid = \"a\"\n{entry}\nat = \"03:00\"\n",
                common::repo().join("audio").display()
            ),
        )
        .unwrap();
        for (lang, want) in [("en", en), ("vi", vi)] {
            let out = check(dir.path(), &config, lang);
            assert_eq!(out.status.code(), Some(1), "{what} ({lang})");
            assert!(
                stderr(&out).contains(want),
                "{what} ({lang}):\n{}",
                stderr(&out)
            );
        }
    }
}

#[test]
fn an_engine_that_leaves_a_child_holding_its_output_is_not_waited_for() {
    let dir = tempfile::tempdir().unwrap();
    let pid = dir.path().join("pid");
    // The child leaves the engine's process group (setsid) with its error output open.
    let script = engine(
        dir.path(),
        "leaves.sh",
        &format!(
            "cat > /dev/null\nsetsid sleep 600 &\necho $! > {}\necho 'no voice here' >&2\nexit 1",
            pid.display()
        ),
    );
    let tts = format!("[tts]\ncommand = [\"{}\", \"{{out}}\"]", script.display());
    let config = schedule(dir.path(), &tts, NOTICE);
    let out = check(dir.path(), &config, "en");
    let left: i32 = std::fs::read_to_string(&pid)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    unsafe { libc::kill(left, libc::SIGKILL) };
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("failed (exit code 1)"), "{err}");
}

#[test]
fn a_command_is_a_list_its_relative_program_is_the_schedules_and_a_missing_one_is_named() {
    let dir = tempfile::tempdir().unwrap();
    engine(
        dir.path(),
        "doc.sh",
        "exec espeak-ng -v vi -w \"$OUT\" --stdin",
    );
    // Checked from another folder: `./doc.sh` is the schedule folder's, as text_file is.
    let config = schedule(
        dir.path(),
        "[tts]\ncommand = [\"./doc.sh\", \"{out}\"]",
        NOTICE,
    );
    let out = loa()
        .current_dir("/")
        .env("LOA_LANG", "en")
        .arg("--config")
        .arg(&config)
        .arg("--state-dir")
        .arg(dir.path().join("state"))
        .arg("check")
        .output()
        .unwrap();
    assert_success(&out);

    let config = schedule(
        dir.path(),
        "[tts]\ncommand = \"piper --output_file {out}\"",
        NOTICE,
    );
    let err = stderr(&check(dir.path(), &config, "en"));
    assert!(
        err.contains(":12:11: error: `command` must be a list"),
        "{err}"
    );

    let config = schedule(
        dir.path(),
        "[tts]\ncommand = [\"/khong/co/piper\", \"{out}\"]",
        NOTICE,
    );
    let err = stderr(&check(dir.path(), &config, "en"));
    assert!(
        err.contains("/khong/co/piper was not found: write the program's full path"),
        "{err}"
    );
    assert!(!err.contains("espeak-ng"), "{err}");
}

#[test]
fn what_root_renders_in_the_state_directory_stays_the_daemons() {
    use std::os::unix::fs::MetadataExt;
    // Only root gives files away (CI runs as root; elsewhere there is nothing to hand over).
    if unsafe { libc::geteuid() } != 0 {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    std::fs::create_dir_all(&state).unwrap();
    // The daemon's user owns its state directory; `sudo loa check` renders into it.
    let daemon_user = 65534;
    std::os::unix::fs::chown(&state, Some(daemon_user), Some(daemon_user)).unwrap();
    let config = schedule(dir.path(), "", NOTICE);
    assert_success(&check(dir.path(), &config, "en"));
    let tts = state.join("tts");
    let sounds: Vec<PathBuf> = std::fs::read_dir(&tts)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(sounds.len(), 1);
    for p in [&tts, &sounds[0]] {
        assert_eq!(
            std::fs::metadata(p).unwrap().uid(),
            daemon_user,
            "{}",
            p.display()
        );
    }
}
