//! Schedules pushed by the province (spec §9) on `loa/v1/schedule/NODE`: signed, checked on the
//! node as `loa check` does, refused with their errors (ack and status) while the running one
//! stays, or installed in place of the station's file and run.

mod common;

use std::time::Duration;

use common::daemon::Daemon;
use common::fleet::{NODE, keygen, messages, push, wait_online};
use common::servers::Mosquitto;

fn schedule(m: &Mosquitto, public: &str, station: &str, extra: &str) -> String {
    format!(
        "[station]\nname = \"{station}\"\ntimezone = \"UTC\"\naudio_dir = \"{}\"\noutput = \"null\"\n\n\
         [[emergency]]\nid = \"bao\"\nfiles = [\"siren.ogg\"]\n{extra}\n{}",
        common::repo().join("audio").display(),
        m.fleet_toml(NODE, public, "")
    )
}

#[test]
fn a_pushed_schedule_with_an_error_is_refused_and_reported_and_a_good_one_runs() {
    let m = Mosquitto::start(&[NODE]);
    let keys = tempfile::tempdir().unwrap();
    let (secret, public) = keygen(keys.path(), "tinh");
    let mut d = Daemon::start(&schedule(&m, &public, "Trạm A", ""));
    wait_online(&m);
    let before = std::fs::read_to_string(d.path("schedule.toml")).unwrap();

    let bad = d.path("bad.toml");
    std::fs::write(
        &bad,
        schedule(
            &m,
            &public,
            "Trạm B",
            "\n[[announcement]]\nid = \"x\"\nfiles = [\"siren.ogg\"]\nat = \"06:00\"\nrepet = 2\n",
        ),
    )
    .unwrap();
    let acks = m.subscribe(&format!("loa/v1/ack/{NODE}"), 1, 60);
    common::assert_success(&push(&m, &secret, NODE, &bad));
    let got = messages(acks);
    let ack = &got[0].1;
    assert_eq!(ack["kind"], "schedule");
    assert_eq!(ack["state"], "refused", "{ack}");
    let first = ack["errors"][0].as_str().unwrap();
    assert!(
        first.contains("schedule.toml:") && first.contains(": error: ") && first.contains("repet"),
        "{first}"
    );
    // The running schedule stays, and says why the pushed one did not.
    assert_eq!(
        std::fs::read_to_string(d.path("schedule.toml")).unwrap(),
        before
    );
    let st = d.status();
    assert_eq!(st["schedule"]["station"], "Trạm A");
    assert_eq!(st["feed"]["pushed"]["state"], "refused", "{st}");

    let good = d.path("good.toml");
    let text = schedule(&m, &public, "Trạm B", "");
    std::fs::write(&good, &text).unwrap();
    let acks = m.subscribe(&format!("loa/v1/ack/{NODE}"), 1, 60);
    common::assert_success(&push(&m, &secret, NODE, &good));
    assert_eq!(messages(acks)[0].1["state"], "installed");
    d.wait("the pushed schedule to run", Duration::from_secs(20), |d| {
        d.status()["schedule"]["station"] == "Trạm B"
    });
    assert_eq!(
        std::fs::read_to_string(d.path("schedule.toml")).unwrap(),
        text
    );
    // Restarted, the node gets the retained message again and leaves what runs alone.
    assert!(d.terminate().0.success());
    d.run();
    wait_online(&m);
    assert_eq!(d.status()["schedule"]["station"], "Trạm B");
    assert!(d.terminate().0.success());
}

#[test]
fn a_pushed_schedule_that_would_leave_the_feed_or_is_forged_is_refused() {
    let m = Mosquitto::start(&[NODE]);
    let keys = tempfile::tempdir().unwrap();
    let (secret, public) = keygen(keys.path(), "tinh");
    let (forger, _) = keygen(keys.path(), "forger");
    let mut d = Daemon::start(&schedule(&m, &public, "Trạm A", ""));
    wait_online(&m);
    let lonely = d.path("lonely.toml");
    std::fs::write(
        &lonely,
        format!(
            "[station]\naudio_dir = \"{}\"\n\n[[emergency]]\nid = \"bao\"\nfiles = [\"siren.ogg\"]\n",
            common::repo().join("audio").display()
        ),
    )
    .unwrap();
    let acks = m.subscribe(&format!("loa/v1/ack/{NODE}"), 2, 60);
    common::assert_success(&push(&m, &secret, NODE, &lonely));
    let good = d.path("good.toml");
    std::fs::write(&good, schedule(&m, &public, "Trạm giả", "")).unwrap();
    common::assert_success(&push(&m, &forger, NODE, &good));
    let got = messages(acks);
    assert_eq!(got[0].1["state"], "refused");
    assert!(
        got[0].1["errors"][0].as_str().unwrap().contains("[fleet]"),
        "{got:?}"
    );
    assert_eq!(got[1].1["state"], "refused");
    assert!(
        got[1].1["errors"][0]
            .as_str()
            .unwrap()
            .contains("trusted_keys"),
        "{got:?}"
    );
    assert_eq!(d.status()["schedule"]["station"], "Trạm A");
    assert!(d.terminate().0.success());
}

/// Publishes a push sealed with `secret`, issued at `issued`, as the province's account
/// (retained, as `loa fleet push` does).
fn publish_push(m: &Mosquitto, secret: &std::path::Path, id: &str, issued: &str, text: &str) {
    let body = common::fleet::sealed(
        secret,
        serde_json::json!({ "v": 1, "id": id, "issued": issued, "schedule": text }),
    );
    let out = std::process::Command::new("mosquitto_pub")
        .args(["-h", "127.0.0.1", "-p", &m.port.to_string(), "--cafile"])
        .arg(m.ca())
        .args([
            "-u",
            common::servers::PROVINCE.0,
            "-P",
            common::servers::PROVINCE.1,
        ])
        .args([
            "-q",
            "1",
            "-r",
            "-t",
            &format!("loa/v1/schedule/{NODE}"),
            "-m",
            &body,
        ])
        .output()
        .unwrap();
    common::assert_success(&out);
}

#[test]
fn a_push_never_goes_back_nor_returns_over_the_commune_s_edit_after_a_restart() {
    let m = Mosquitto::start(&[NODE]);
    let keys = tempfile::tempdir().unwrap();
    let (secret, public) = keygen(keys.path(), "tinh");
    let mut d = Daemon::start(&schedule(&m, &public, "Trạm A", ""));
    wait_online(&m);
    let own = std::fs::read_to_string(d.path("schedule.toml")).unwrap();

    // The province's push replaces it; the commune's file is kept, and where is said.
    let pushed = d.path("pushed.toml");
    std::fs::write(&pushed, schedule(&m, &public, "Trạm B", "")).unwrap();
    let acks = m.subscribe(&format!("loa/v1/ack/{NODE}"), 1, 60);
    common::assert_success(&push(&m, &secret, NODE, &pushed));
    assert_eq!(messages(acks)[0].1["state"], "installed");
    d.wait("the pushed schedule to run", Duration::from_secs(20), |d| {
        d.status()["schedule"]["station"] == "Trạm B"
    });
    let backup = d.status()["feed"]["pushed"]["backup"]
        .as_str()
        .expect("where the replaced schedule was kept")
        .to_string();
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), own);

    // The commune edits its file by hand afterwards.
    let edited = schedule(&m, &public, "Trạm C", "");
    d.write_schedule(&edited);
    d.wait("the hand edit to run", Duration::from_secs(20), |d| {
        d.status()["schedule"]["station"] == "Trạm C"
    });

    // A power cut: the retained push comes again on the new connection and must change
    // nothing. Then an old push, replayed by someone holding the province's account, is
    // refused as older; its ack also shows that the retained one before it was passed over.
    assert!(d.terminate().0.success());
    d.run();
    wait_online(&m);
    let acks = m.subscribe(&format!("loa/v1/ack/{NODE}"), 1, 60);
    let old = (common::daemon::now() - chrono::TimeDelta::hours(2)).to_rfc3339();
    publish_push(
        &m,
        &secret,
        "schedule-old",
        &old,
        &schedule(&m, &public, "Trạm cũ", ""),
    );
    let got = messages(acks);
    let ack = &got[0].1;
    assert_eq!(
        (ack["id"].as_str(), ack["state"].as_str()),
        (Some("schedule-old"), Some("refused")),
        "{got:?}"
    );
    assert_eq!(ack["code"], "older", "{ack}");
    assert_eq!(d.status()["schedule"]["station"], "Trạm C");
    assert_eq!(
        std::fs::read_to_string(d.path("schedule.toml")).unwrap(),
        edited
    );
    assert!(d.terminate().0.success());
}
