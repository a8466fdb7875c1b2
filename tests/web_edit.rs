//! The console changing the station (spec §11) through a real HTTP client against `loa run`:
//! the schedule saved with If-Match, checked as `loa check` checks it (errors on their lines,
//! nothing changed), written keeping its comments, kept as versions, loaded at once (`loa next`
//! shows the new time); under `approve = true` an operator's save waits for an admin; recordings
//! uploaded (decoded in full, one path component, NFC), listed with who uses them, refused when
//! broken or too big, deleted only when unused.

mod common;

use std::path::Path;

use common::daemon::Daemon;
use common::web::{Client, add_user};

const OPERATOR_PW: &str = "mật khẩu đài loa 1";
const ADMIN_PW: &str = "chủ tịch xã duyệt 2026";

/// A station with its own audio folder (uploads must not touch the repository's).
fn station(extra_web: &str) -> Daemon {
    let d = Daemon::prepare("", None, &[]);
    let audio = d.path("audio");
    std::fs::create_dir_all(&audio).unwrap();
    for f in ["ban-tin-sang.mp3", "canh-bao-bao.mp3"] {
        std::fs::copy(common::repo().join("audio").join(f), audio.join(f)).unwrap();
    }
    d.write_schedule(&format!(
        r#"# Lịch phát của xã — dòng chú thích này phải còn sau khi sửa
[station]
timezone = "Asia/Ho_Chi_Minh"
audio_dir = "{audio}"
output = "null"

# Bản tin buổi sáng
[[announcement]]
id = "sang"
title = "Bản tin sáng"
files = ["ban-tin-sang.mp3"]
at = "05:30" # giờ cũ

[[emergency]]
id = "bao"
title = "Cảnh báo bão"
files = ["canh-bao-bao.mp3"]

[web]
listen = "127.0.0.1:0"
max_upload = "400KB"
{extra_web}
"#,
        audio = audio.display()
    ));
    add_user(&d, "lan", "operator", OPERATOR_PW);
    add_user(&d, "chu-tich", "admin", ADMIN_PW);
    let mut d = d;
    d.run();
    d
}

fn logged_in(d: &Daemon, user: &str, pw: &str) -> Client {
    let mut c = Client::of(d);
    assert_eq!(c.login(user, pw).status, 200);
    c
}

fn next_at(d: &Daemon) -> String {
    let out = d.loa(&["next", "--json", "--days", "2"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v[0]["local"].as_str().unwrap_or("").to_string()
}

#[test]
fn a_save_is_checked_written_with_its_comments_kept_and_loaded() {
    let d = station("");
    let c = logged_in(&d, "lan", OPERATOR_PW);
    let got = c.get("/api/v1/schedule");
    assert_eq!(got.status, 200);
    let tag = got.header("etag").unwrap().to_string();
    assert!(got.body.contains("giờ cũ"));

    // Without If-Match, and with a stale one: nothing changes.
    let moved = got.body.replace("at = \"05:30\"", "at = \"05:45\"");
    assert_eq!(c.put("/api/v1/schedule", &moved, &[]).status, 428);
    assert_eq!(
        c.put("/api/v1/schedule", &moved, &[("If-Match", "\"stale\"")])
            .status,
        412
    );

    // An error is shown on its line and changes nothing.
    let broken = got.body.replace("at = \"05:30\"", "at = \"25:30\"");
    let a = c.put("/api/v1/schedule", &broken, &[("If-Match", &tag)]);
    assert_eq!(a.status, 422, "{}", a.body);
    let line = got
        .body
        .lines()
        .position(|l| l.starts_with("at = "))
        .unwrap()
        + 1;
    assert_eq!(a.json()["errors"][0]["line"], line, "{}", a.body);
    assert!(
        a.json()["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("25:30")
    );
    assert_eq!(
        std::fs::read_to_string(d.path("schedule.toml")).unwrap(),
        got.body
    );

    // What the box runs is an admin's: an operator's save that sets a command is refused with
    // the part named, and changes nothing.
    let command = format!(
        "{}\n[tts]\ncommand = [\"/bin/sh\", \"-c\", \"touch /tmp/loa-owned; cp /dev/null {{out}}\"]\n",
        got.body
    );
    let a = c.put("/api/v1/schedule", &command, &[("If-Match", &tag)]);
    assert_eq!(a.status, 403, "{}", a.body);
    assert!(a.body.contains("[tts]"), "{}", a.body);
    assert_eq!(
        std::fs::read_to_string(d.path("schedule.toml")).unwrap(),
        got.body
    );

    // The good one: written, kept, loaded.
    let a = c.put("/api/v1/schedule", &moved, &[("If-Match", &tag)]);
    assert_eq!(a.status, 200, "{}", a.body);
    let text = std::fs::read_to_string(d.path("schedule.toml")).unwrap();
    assert!(text.contains("05:45") && text.contains("dòng chú thích này phải còn"));
    assert!(next_at(&d).ends_with("05:45:00"), "{}", next_at(&d));
    let status = c.get("/api/v1/status").json();
    assert!(
        status["next"][0]["at"].as_str().unwrap().contains("05:45"),
        "the daemon runs it: {status}"
    );
    let versions = c.get("/api/v1/schedule/versions").json();
    assert_eq!(versions.as_array().unwrap().len(), 2, "{versions}");
    assert_eq!(versions[1]["by"], "web:lan");
    let first = c.get("/api/v1/schedule/versions/1");
    assert_eq!(
        first.body, got.body,
        "the file before the first change is restorable"
    );
    assert_eq!(c.get("/api/v1/schedule/versions/99").status, 404);
}

#[test]
fn under_approval_an_operator_proposes_and_an_admin_decides() {
    let d = station("approve = true");
    let op = logged_in(&d, "lan", OPERATOR_PW);
    let got = op.get("/api/v1/schedule");
    let tag = got.header("etag").unwrap().to_string();
    let moved = got.body.replace("at = \"05:30\"", "at = \"05:45\"");
    let a = op.put("/api/v1/schedule", &moved, &[("If-Match", &tag)]);
    assert_eq!(a.status, 202, "{}", a.body);
    let n = a.json()["proposal"].as_u64().unwrap();
    assert_eq!(
        std::fs::read_to_string(d.path("schedule.toml")).unwrap(),
        got.body
    );
    // The emergency is never held: an operator still plays it at once.
    assert_eq!(
        op.post("/api/v1/play", r#"{"target":"bao","emergency":true}"#)
            .status,
        200
    );
    assert_eq!(
        op.post(&format!("/api/v1/schedule/proposals/{n}/approve"), "")
            .status,
        403
    );
    let admin = logged_in(&d, "chu-tich", ADMIN_PW);
    let a = admin.post(&format!("/api/v1/schedule/proposals/{n}/approve"), "");
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(next_at(&d).ends_with("05:45:00"));
    let versions = admin.get("/api/v1/schedule/versions").json();
    let last = versions.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["approved_by"], "web:chu-tich", "{versions}");
    assert_eq!(
        admin
            .post(&format!("/api/v1/schedule/proposals/{n}/reject"), "")
            .status,
        409
    );
}

fn opus(name: &str) -> Vec<u8> {
    let p = common::tone_fixture(
        name,
        "0.4*sin(2*PI*440*t)",
        "mono",
        48000,
        2.0,
        &["-c:a", "libopus", "-b:a", "24k"],
    );
    std::fs::read(p).unwrap()
}

#[test]
fn recordings_are_uploaded_whole_listed_and_deleted_only_when_unused() {
    let d = station("");
    let c = logged_in(&d, "lan", OPERATOR_PW);
    let voice = opus("zalo-voice.opus");
    // A Zalo voice message, its name in decomposed Unicode as a phone may send it.
    let a = c.upload("/api/v1/audio", "tin nha\u{306}\u{301}n zalo.opus", &voice);
    assert_eq!(a.status, 201, "{}", a.body);
    assert_eq!(a.json()["name"], "tin nhắn zalo.opus");
    let secs = a.json()["duration_seconds"].as_f64().unwrap();
    assert!((secs - 2.0).abs() < 0.1, "{secs}");
    assert!(d.path("audio/tin nhắn zalo.opus").is_file());

    let list = c.get("/api/v1/audio").json();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["ban-tin-sang.mp3", "canh-bao-bao.mp3", "tin nhắn zalo.opus"]
    );
    assert_eq!(list[0]["used_by"], serde_json::json!(["sang"]));
    assert!(list[2]["loudness_lufs"].as_f64().is_some(), "{list}");

    // The same name again: 409, unless replacing.
    assert_eq!(
        c.upload("/api/v1/audio", "tin nhắn zalo.opus", &voice)
            .status,
        409
    );
    assert_eq!(
        c.upload("/api/v1/audio?replace=1", "tin nhắn zalo.opus", &voice)
            .status,
        201
    );
    // A name that climbs out of the folder keeps only its last part.
    let a = c.upload("/api/v1/audio", "../../thoat-ra.opus", &voice);
    assert_eq!(
        (a.status, a.json()["name"].as_str()),
        (201, Some("thoat-ra.opus"))
    );
    assert!(d.path("audio/thoat-ra.opus").is_file() && !d.path("thoat-ra.opus").exists());
    // Garbage with an audio name: 422, nothing kept, no temporary file left.
    let a = c.upload("/api/v1/audio", "hong.mp3", &[0x55; 5000]);
    assert_eq!(a.status, 422, "{}", a.body);
    // Too big for max_upload (400 KB): the sender, still sending, is told why (the rest is read
    // and discarded up to the limit again) rather than having its connection reset.
    for _ in 0..3 {
        let a = c.upload("/api/v1/audio", "lon.wav", &vec![0; 700_000]);
        assert_eq!(a.status, 413, "{}", a.body);
    }
    let left: Vec<String> = std::fs::read_dir(d.path("audio"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with('.') || n == "hong.mp3" || n == "lon.wav")
        .collect();
    assert!(left.is_empty(), "{left:?}");

    // Deleting: refused while used, done when not.
    let a = c.delete("/api/v1/audio/ban-tin-sang.mp3");
    assert_eq!(a.status, 409, "{}", a.body);
    assert!(a.json()["message"].as_str().unwrap().contains("sang"));
    assert_eq!(c.delete("/api/v1/audio/thoat-ra.opus").status, 200);
    assert!(!d.path("audio/thoat-ra.opus").exists());
    assert_eq!(c.delete("/api/v1/audio/khong-co.mp3").status, 404);
    assert_eq!(
        c.delete("/api/v1/audio/..%2F..%2Fschedule.toml").status,
        422
    );
    assert!(Path::new(&d.path("schedule.toml")).is_file());
    // A viewer may list but not change.
    add_user(&d, "xem", "viewer", "chỉ xem thôi 2026");
    let v = logged_in(&d, "xem", "chỉ xem thôi 2026");
    assert_eq!(v.get("/api/v1/audio").status, 200);
    assert_eq!(v.upload("/api/v1/audio", "x.opus", &voice).status, 403);
    assert_eq!(
        v.delete("/api/v1/audio/tin%20nh%E1%BA%AFn%20zalo.opus")
            .status,
        403
    );
}
