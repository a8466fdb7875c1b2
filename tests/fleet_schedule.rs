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
