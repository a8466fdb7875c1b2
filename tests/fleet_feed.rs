//! The provincial feed (spec §9) against a real mosquitto with TLS, a password file and the
//! docs' ACL, started by the tests: the node's retained status, an emergency preset bulletin
//! over a scheduled broadcast, and bulletins that must not play (forged, altered, replayed,
//! expired), each acknowledged with why.

mod common;

use std::time::Duration;

use common::daemon::ahead;
use common::fleet::{
    NODE, fleet_status, keygen, messages, node_daemon, publish_raw, send, wait_online,
};
use common::servers::Mosquitto;

#[test]
fn an_emergency_preset_bulletin_cuts_into_a_scheduled_broadcast_and_is_acknowledged() {
    let m = Mosquitto::start(&[NODE]);
    let keys = tempfile::tempdir().unwrap();
    let (secret, public) = keygen(keys.path(), "tinh");
    let (_, at) = ahead(4);
    let mut d = node_daemon(
        &m,
        &public,
        &format!(
            "[[announcement]]\nid = \"cchc\"\nfiles = [\"ban-tin-sang.mp3\"]\nat = \"{at}\"\n"
        ),
    );
    let status = wait_online(&m);
    assert_eq!(status["node"], NODE);
    assert!(status.get("version").is_some(), "{status}");
    d.wait(
        "the scheduled broadcast to play",
        Duration::from_secs(15),
        |d| d.status()["playing"]["id"] == "cchc",
    );
    let acks = m.subscribe(&format!("loa/v1/ack/{NODE}"), 3, 30);
    let out = send(
        &m,
        &secret,
        &[
            "--to",
            "quang-nam",
            "--level",
            "emergency",
            "--preset",
            "bao",
        ],
    );
    common::assert_success(&out);
    d.wait(
        "the bulletin's broadcast to end",
        Duration::from_secs(30),
        |d| d.row("bao").is_some_and(|r| !r["outcome"].is_null()),
    );
    let bao = d.row("bao").unwrap();
    assert_eq!(bao["source"], "bulletin", "{bao}");
    assert!(
        bao["bulletin"].as_str().unwrap().starts_with("emergency-"),
        "{bao}"
    );
    assert_eq!(bao["outcome"], "played", "{bao}");
    let cchc = d.row("cchc").unwrap();
    assert_eq!(cchc["outcome"], "interrupted", "{cchc}");
    let states: Vec<String> = messages(acks)
        .iter()
        .map(|(_, a)| a["state"].as_str().unwrap_or("?").to_string())
        .collect();
    assert_eq!(states, ["received", "queued", "played"], "acks: {states:?}");
    assert!(d.terminate().0.success());
}

#[test]
fn forged_altered_replayed_and_expired_bulletins_play_nothing_and_say_why() {
    let m = Mosquitto::start(&[NODE]);
    let keys = tempfile::tempdir().unwrap();
    let (secret, public) = keygen(keys.path(), "tinh");
    let (forger, _) = keygen(keys.path(), "forger");
    let mut d = node_daemon(&m, &public, "");
    wait_online(&m);
    let acks = m.subscribe(&format!("loa/v1/ack/{NODE}"), 8, 40);
    // Signed by a key the node does not trust.
    common::assert_success(&send(
        &m,
        &forger,
        &["--to", NODE, "--level", "emergency", "--preset", "bao"],
    ));
    // A preset this node does not hold.
    common::assert_success(&send(
        &m,
        &secret,
        &["--to", NODE, "--level", "emergency", "--preset", "lu"],
    ));
    // A good one as the province's library seals it; then the same bytes again (a replay), an
    // altered copy, and one signed properly but expired.
    let key =
        loa::feed::keys::SecretKey::parse(&std::fs::read_to_string(&secret).unwrap()).unwrap();
    let fields = |id: &str, issued: &str, expires: &str| {
        serde_json::json!({
            "v": 1, "id": id, "level": "priority", "title": "Bão", "preset": "bao",
            "issued": issued, "expires": expires,
        })
        .as_object()
        .unwrap()
        .clone()
    };
    // Valid for an hour (a bulletin valid more than 7 days ahead is refused).
    let t = common::daemon::now();
    let good = loa::feed::bulletin::seal(
        fields(
            "tot",
            &(t - chrono::TimeDelta::minutes(1)).to_rfc3339(),
            &(t + chrono::TimeDelta::hours(1)).to_rfc3339(),
        ),
        &key,
    )
    .unwrap();
    publish_raw(&m, &good);
    publish_raw(&m, &good);
    publish_raw(&m, &good.replace("\"bao\"", "\"lu\""));
    let expired = fields("cu", "2026-01-01T00:00:00Z", "2026-01-01T01:00:00Z");
    publish_raw(&m, &loa::feed::bulletin::seal(expired, &key).unwrap());
    let got = messages(acks);
    let codes: Vec<(String, String)> = got
        .iter()
        .map(|(_, a)| {
            (
                a["state"].as_str().unwrap_or("?").to_string(),
                a["code"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let pair = |s: &str, c: &str| (s.to_string(), c.to_string());
    assert_eq!(
        codes,
        [
            pair("refused", "unknown-key"),
            pair("received", ""),
            pair("refused", "unknown-preset"),
            pair("received", ""),
            pair("queued", ""),
            pair("refused", "replayed"),
            pair("refused", "altered"),
            pair("expired", "expired"),
        ],
        "{got:?}"
    );
    let words = got[0].1["reason"].as_str().unwrap();
    assert!(words.contains("trusted_keys"), "{words}");
    d.wait(
        "the good bulletin's broadcast",
        Duration::from_secs(30),
        |d| d.row("bao").is_some_and(|r| !r["outcome"].is_null()),
    );
    assert_eq!(d.rows("bao").len(), 1, "only the trusted bulletin played");
    assert!(d.terminate().0.success());
}

#[test]
fn the_province_sees_a_node_online_and_its_last_will_when_it_dies() {
    let m = Mosquitto::start(&[NODE]);
    let keys = tempfile::tempdir().unwrap();
    let (_, public) = keygen(keys.path(), "tinh");
    let mut d = node_daemon(&m, &public, "");
    wait_online(&m);
    let list = fleet_status(&m);
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["node"], NODE);
    assert_eq!(list[0]["online"], true);
    assert!(list[0]["clock_synced"].is_boolean() || list[0]["clock_synced"].is_null());
    assert!(
        list[0]
            .get("schedule")
            .is_some_and(|s| s["hash"].is_string())
    );
    // A box that loses power says nothing: the broker says it for it.
    d.kill9();
    let end = std::time::Instant::now() + Duration::from_secs(120);
    loop {
        let list = fleet_status(&m);
        if list[0]["online"] == false {
            break;
        }
        assert!(std::time::Instant::now() < end, "no last will: {list:?}");
    }
}
