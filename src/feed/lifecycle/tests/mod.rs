//! The life cycle, event by event, with no broker, clock or file: what the province hears (acks),
//! what `loa bulletins` shows (records), what the dispatcher is asked, and what the commune is
//! answered.

use chrono::TimeDelta;
use serde_json::{Value, json};

use super::*;
use crate::dispatch::Target;
use crate::feed::bulletin::{self, Level, Sound};
use crate::feed::keys::SecretKey;

/// A station whose schedule holds one emergency preset, "bao", and holds normal bulletins or not.
struct Commune {
    hold: bool,
}

impl Station for Commune {
    fn hold_normal(&self) -> bool {
        self.hold
    }

    fn has_preset(&self, id: &str) -> bool {
        id == "bao"
    }
}

const HOLD: Commune = Commune { hold: true };
const AUTO: Commune = Commune { hold: false };

fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-05T08:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn mins(n: i64) -> DateTime<Utc> {
    t0() + TimeDelta::minutes(n)
}

/// A bulletin issued ten minutes ago, valid two hours, playing the preset "bao".
fn bulletin(id: &str, level: Level) -> Bulletin {
    Bulletin {
        id: id.into(),
        level,
        title: format!("Bản tin {id}"),
        issued: mins(-10),
        expires: mins(120),
        play_at: None,
        repeat: None,
        every: None,
        sound: Sound::Preset("bao".into()),
    }
}

/// The body as received: signed by `key`, as `bulletin::open` reads it.
fn sealed(b: &Bulletin, key: &SecretKey) -> String {
    let mut v = json!({
        "v": 1, "id": b.id, "level": b.level.as_str(), "title": b.title,
        "issued": b.issued.to_rfc3339(), "expires": b.expires.to_rfc3339(),
    });
    match &b.sound {
        Sound::Preset(p) => v["preset"] = json!(p),
        Sound::Text(t) => v["text"] = json!(t),
        Sound::Stream { url, duration } => {
            v["stream"] = json!({"url": url, "duration": duration.as_secs()})
        }
        Sound::Audio(files) => {
            let list: Vec<Value> = files
                .iter()
                .map(|f| json!({"url": f.url, "sha256": "00".repeat(32), "bytes": f.bytes}))
                .collect();
            v["audio"] = json!(list);
        }
    }
    if let Some(p) = b.play_at {
        v["play_at"] = json!(p.to_rfc3339());
    }
    let Value::Object(fields) = v else {
        unreachable!()
    };
    bulletin::seal(fields, key).unwrap()
}

fn arrive(l: &mut Lifecycle, b: Bulletin, now: DateTime<Utc>, here: &Commune) -> Vec<Decision> {
    let body = sealed(&b, &SecretKey::generate().unwrap());
    l.handle(Event::Arrived { bulletin: b, body }, now, here)
}

fn decide(l: &mut Lifecycle, id: &str, accept: bool, at: Option<DateTime<Utc>>) -> Vec<Decision> {
    let by = "ana".to_string();
    let e = Event::Decided {
        id: id.into(),
        accept,
        at,
        by,
    };
    l.handle(e, t0(), &HOLD)
}

/// The acks, as `(id, state, code)`.
fn acks(d: &[Decision]) -> Vec<(String, &'static str, Option<&'static str>)> {
    d.iter()
        .filter_map(|d| match d {
            Decision::Ack(a) => Some((
                a.id.clone(),
                a.state.as_str(),
                a.reason.as_ref().map(Reason::code),
            )),
            _ => None,
        })
        .collect()
}

fn ack(
    id: &str,
    state: &'static str,
    code: Option<&'static str>,
) -> Vec<(String, &'static str, Option<&'static str>)> {
    vec![(id.to_string(), state, code)]
}

/// The states kept, in order.
fn kept(d: &[Decision]) -> Vec<String> {
    d.iter()
        .filter_map(|d| match d {
            Decision::Keep(r) => Some(r.state.clone()),
            _ => None,
        })
        .collect()
}

/// What the dispatcher is asked to play: (bulletin, target, emergency).
fn plays(d: &[Decision]) -> Vec<(String, Target, bool)> {
    d.iter()
        .filter_map(|d| match d {
            Decision::Play {
                id,
                request: Request::Play {
                    target, emergency, ..
                },
            } => Some((id.clone(), target.clone(), *emergency)),
            _ => None,
        })
        .collect()
}

fn answer(d: &[Decision]) -> Option<&Answer> {
    d.iter().find_map(|d| match d {
        Decision::Answer(a) => Some(a),
        _ => None,
    })
}

fn state(l: &Lifecycle, id: &str) -> String {
    l.records()
        .find(|r| r.id == id)
        .map(|r| r.state.clone())
        .unwrap_or_default()
}

fn handed(l: &mut Lifecycle, id: &str, token: Token) -> Vec<Decision> {
    let e = Event::Handed {
        id: id.into(),
        answer: Ok(Some(token)),
    };
    l.handle(e, t0(), &HOLD)
}

#[test]
fn a_normal_bulletin_under_hold_waits_for_the_commune_then_plays_when_accepted() {
    let mut l = Lifecycle::default();
    let d = arrive(&mut l, bulletin("b1", Level::Normal), t0(), &HOLD);
    assert_eq!(acks(&d), ack("b1", "received", None));
    assert_eq!(kept(&d), ["received", "held"]);
    assert!(
        plays(&d).is_empty(),
        "nothing plays before the commune says so"
    );
    assert_eq!(l.held(), 1);

    let d = decide(&mut l, "b1", true, None);
    assert_eq!(plays(&d), [("b1".into(), Target::Id("bao".into()), false)]);
    assert_eq!(answer(&d), Some(&Answer::Accepted { at: None }));
    let rec = l.records().next().unwrap();
    assert_eq!(rec.decided_by.as_deref(), Some("ana"));
    assert_eq!(rec.decided_at, Some(t0()));

    let d = handed(&mut l, "b1", 7);
    assert_eq!(acks(&d), ack("b1", "queued", None));
    assert_eq!(state(&l, "b1"), "queued");
    assert_eq!(l.held(), 0);
}

#[test]
fn accepted_for_a_time_it_waits_and_plays_on_the_first_tick_at_that_time() {
    let mut l = Lifecycle::default();
    arrive(&mut l, bulletin("b1", Level::Normal), t0(), &HOLD);
    let d = decide(&mut l, "b1", true, Some(mins(30)));
    assert_eq!(answer(&d), Some(&Answer::Accepted { at: Some(mins(30)) }));
    assert_eq!(acks(&d), ack("b1", "queued", None));
    assert_eq!(state(&l, "b1"), "waiting");
    assert_eq!(l.due("b1"), Some(mins(30)));
    assert_eq!(l.next_due(), Some(mins(30)));

    assert!(l.handle(Event::Tick, mins(29), &HOLD).is_empty());
    let d = l.handle(Event::Tick, mins(30), &HOLD);
    assert_eq!(plays(&d).len(), 1);
    // Acked `queued` when it began to wait: not a second time when it is handed over.
    let d = handed(&mut l, "b1", 7);
    assert!(acks(&d).is_empty());
    assert_eq!(state(&l, "b1"), "queued");
    assert_eq!(l.next_due(), None);
}

#[test]
fn accepted_for_a_time_already_past_it_plays_now() {
    let mut l = Lifecycle::default();
    arrive(&mut l, bulletin("b1", Level::Normal), t0(), &HOLD);
    let d = decide(&mut l, "b1", true, Some(mins(-5)));
    assert_eq!(answer(&d), Some(&Answer::Accepted { at: None }));
    assert_eq!(plays(&d).len(), 1);
}

#[test]
fn a_rejected_bulletin_is_refused_to_the_province_and_never_plays() {
    let mut l = Lifecycle::default();
    arrive(&mut l, bulletin("b1", Level::Normal), t0(), &HOLD);
    let d = decide(&mut l, "b1", false, None);
    assert_eq!(answer(&d), Some(&Answer::Rejected));
    assert_eq!(acks(&d), ack("b1", "refused", Some("rejected")));
    assert_eq!(kept(&d), ["rejected"]);
    assert!(plays(&d).is_empty());
    let rec = l.records().next().unwrap();
    assert!(
        rec.reason.as_deref().unwrap_or("").contains("ana"),
        "{rec:?}"
    );
    assert!(l.handle(Event::Tick, mins(119), &HOLD).is_empty());
}

#[test]
fn deciding_on_an_unknown_or_already_decided_bulletin_is_refused_and_changes_nothing() {
    let mut l = Lifecycle::default();
    let d = decide(&mut l, "nope", true, None);
    assert_eq!(answer(&d), Some(&Answer::NotFound));
    assert_eq!(d.len(), 1);

    arrive(&mut l, bulletin("b1", Level::Normal), t0(), &HOLD);
    decide(&mut l, "b1", false, None);
    let d = decide(&mut l, "b1", true, None);
    assert_eq!(answer(&d), Some(&Answer::NotOpen("rejected".into())));
    assert_eq!(d.len(), 1, "no ack, no record, no play: {d:?}");
    assert_eq!(state(&l, "b1"), "rejected");

    // Handed to the dispatcher: past deciding too.
    arrive(&mut l, bulletin("b2", Level::Priority), t0(), &HOLD);
    handed(&mut l, "b2", 9);
    let d = decide(&mut l, "b2", false, None);
    assert_eq!(answer(&d), Some(&Answer::NotOpen("queued".into())));
}

#[test]
fn a_held_bulletin_whose_time_passes_expires_on_the_tick() {
    let mut l = Lifecycle::default();
    arrive(&mut l, bulletin("b1", Level::Normal), t0(), &HOLD);
    assert_eq!(l.next_due(), Some(mins(120)));
    assert!(l.handle(Event::Tick, mins(119), &HOLD).is_empty());
    let d = l.handle(Event::Tick, mins(120), &HOLD);
    assert_eq!(acks(&d), ack("b1", "expired", None));
    assert_eq!(kept(&d), ["expired"]);
    assert!(plays(&d).is_empty());
    assert_eq!(l.next_due(), None);
    let d = decide(&mut l, "b1", true, None);
    assert_eq!(answer(&d), Some(&Answer::NotOpen("expired".into())));
}

#[test]
fn a_replayed_id_is_refused_with_its_code_and_not_kept_again() {
    let mut l = Lifecycle::default();
    arrive(&mut l, bulletin("b1", Level::Emergency), t0(), &AUTO);
    let d = arrive(&mut l, bulletin("b1", Level::Emergency), mins(1), &AUTO);
    assert_eq!(acks(&d), ack("b1", "refused", Some("replayed")));
    assert!(kept(&d).is_empty() && plays(&d).is_empty());
    assert_eq!(l.records().count(), 1);
}

#[test]
fn a_replay_is_refused_after_a_restart_too() {
    let key = SecretKey::generate().unwrap();
    let b = bulletin("b1", Level::Normal);
    let rec = BulletinRecord {
        id: "b1".into(),
        level: "normal".into(),
        title: b.title.clone(),
        received: mins(-5),
        expires: b.expires,
        play_at: None,
        body: sealed(&b, &key),
        state: "played".into(),
        reason: None,
        decided_by: None,
        decided_at: None,
        accept_at: None,
    };
    let mut l = Lifecycle::default();
    let restored = Event::Restored {
        records: vec![rec],
        trusted: Some(vec![key.public()]),
    };
    l.handle(restored, t0(), &HOLD);
    let d = arrive(&mut l, b, t0(), &HOLD);
    assert_eq!(acks(&d), ack("b1", "refused", Some("replayed")));
}

#[test]
fn what_did_not_open_is_acked_under_the_id_it_claimed_expired_or_refused() {
    let mut l = Lifecycle::default();
    let e = Event::Unopened {
        claimed: "old".into(),
        why: Refusal::Expired { expires: mins(-1) },
    };
    assert_eq!(
        acks(&l.handle(e, t0(), &HOLD)),
        ack("old", "expired", Some("expired"))
    );
    let e = Event::Unopened {
        claimed: "forged".into(),
        why: Refusal::Altered,
    };
    let d = l.handle(e, t0(), &HOLD);
    assert_eq!(acks(&d), ack("forged", "refused", Some("altered")));
    assert_eq!(l.records().count(), 0);
}

#[test]
fn an_emergency_plays_at_once_and_the_province_hears_how_it_ended() {
    let mut l = Lifecycle::default();
    let mut b = bulletin("e1", Level::Emergency);
    // An emergency does not wait for its `play_at`.
    b.play_at = Some(mins(30));
    let d = arrive(&mut l, b, t0(), &HOLD);
    assert_eq!(plays(&d), [("e1".into(), Target::Id("bao".into()), true)]);
    handed(&mut l, "e1", 3);

    let d = l.handle(Event::Started(3), t0(), &HOLD);
    assert!(acks(&d).is_empty());
    assert_eq!(state(&l, "e1"), "playing");

    let ended = Event::Ended {
        token: 3,
        outcome: Outcome::Played,
        reason: None,
    };
    let d = l.handle(ended, mins(2), &HOLD);
    assert_eq!(acks(&d), ack("e1", "played", None));
    assert_eq!(state(&l, "e1"), "played");
    // Once only; a broadcast that is not a bulletin's is none of its business.
    let again = Event::Ended {
        token: 3,
        outcome: Outcome::Played,
        reason: None,
    };
    assert!(l.handle(again, mins(3), &HOLD).is_empty());
}

#[test]
fn a_bulletin_recorded_without_playing_is_said_with_its_outcome() {
    let mut l = Lifecycle::default();
    arrive(&mut l, bulletin("p1", Level::Priority), t0(), &AUTO);
    handed(&mut l, "p1", 4);
    let e = Event::Recorded {
        id: "p1".into(),
        outcome: Outcome::Stopped,
        reason: "the daemon stopped".into(),
    };
    let d = l.handle(e, t0(), &AUTO);
    assert_eq!(acks(&d), ack("p1", "stopped", Some("outcome")));
    assert_eq!(state(&l, "p1"), "stopped");
}

#[test]
fn a_priority_bulletin_with_a_time_waits_for_it_and_a_normal_one_under_auto_too() {
    let mut l = Lifecycle::default();
    let mut p = bulletin("p1", Level::Priority);
    p.play_at = Some(mins(10));
    let d = arrive(&mut l, p, t0(), &HOLD);
    assert_eq!(kept(&d), ["received", "waiting"]);
    assert_eq!(
        acks(&d),
        [
            ("p1".into(), "received", None),
            ("p1".into(), "queued", None)
        ]
    );
    let mut n = bulletin("n1", Level::Normal);
    n.play_at = Some(mins(20));
    arrive(&mut l, n, t0(), &AUTO);
    assert_eq!(state(&l, "n1"), "waiting");
    let d = l.handle(Event::Tick, mins(20), &AUTO);
    let ids: Vec<String> = plays(&d).into_iter().map(|p| p.0).collect();
    assert_eq!(ids, ["n1", "p1"]);
}

#[test]
fn a_preset_this_station_does_not_hold_is_refused_as_it_arrives() {
    let mut l = Lifecycle::default();
    let mut b = bulletin("e1", Level::Emergency);
    b.sound = Sound::Preset("lu".into());
    let d = arrive(&mut l, b, t0(), &HOLD);
    assert_eq!(
        acks(&d),
        [
            ("e1".into(), "received", None),
            ("e1".into(), "refused", Some("unknown-preset"))
        ]
    );
    assert!(plays(&d).is_empty());
}

#[test]
fn what_the_dispatcher_refuses_is_refused_to_the_province() {
    let mut l = Lifecycle::default();
    arrive(&mut l, bulletin("e1", Level::Emergency), t0(), &HOLD);
    let e = Event::Handed {
        id: "e1".into(),
        answer: Err("paused".into()),
    };
    let d = l.handle(e, t0(), &HOLD);
    assert_eq!(acks(&d), ack("e1", "refused", Some("refused")));
    assert_eq!(state(&l, "e1"), "refused");
}

fn audio(id: &str, level: Level) -> Bulletin {
    let mut b = bulletin(id, level);
    b.sound = Sound::Audio(vec![bulletin::AudioFile {
        url: "https://tinh.example.vn/a.mp3".into(),
        sha256: [0; 32],
        bytes: 1000,
    }]);
    b
}

#[test]
fn recordings_are_fetched_before_anything_is_decided_and_by_the_time_to_play() {
    let mut l = Lifecycle::default();
    let mut b = audio("a1", Level::Priority);
    b.play_at = Some(mins(15));
    let d = arrive(&mut l, b, t0(), &HOLD);
    assert_eq!(kept(&d), ["received", "fetching"]);
    let within = d.iter().find_map(|d| match d {
        Decision::Fetch { id, within, .. } if id == "a1" => Some(*within),
        _ => None,
    });
    assert_eq!(within, Some(Duration::from_secs(15 * 60)));

    let files = vec![PathBuf::from("/state/bulletins/a1/0.mp3")];
    let e = Event::Fetched {
        id: "a1".into(),
        result: Ok(files.clone()),
    };
    l.handle(e, mins(1), &HOLD);
    assert_eq!(state(&l, "a1"), "waiting");
    let d = l.handle(Event::Tick, mins(15), &HOLD);
    let target = Target::Recordings {
        id: "a1".into(),
        title: "Bản tin a1".into(),
        files,
    };
    assert_eq!(plays(&d), [("a1".into(), target, false)]);
}

#[test]
fn recordings_that_cannot_be_fetched_refuse_the_bulletin() {
    let mut l = Lifecycle::default();
    arrive(&mut l, audio("a1", Level::Emergency), t0(), &HOLD);
    let e = Event::Fetched {
        id: "a1".into(),
        result: Err("404".into()),
    };
    let d = l.handle(e, t0(), &HOLD);
    assert_eq!(acks(&d), ack("a1", "refused", Some("download")));
    assert!(plays(&d).is_empty());
    // A fetch that ends after its bulletin did: nothing but the sweep.
    let e = Event::Fetched {
        id: "a1".into(),
        result: Ok(vec![]),
    };
    let d = l.handle(e, t0(), &HOLD);
    assert!(matches!(d.as_slice(), [Decision::Sweep]), "{d:?}");
}

mod ending;

#[test]
fn a_text_is_rendered_before_anything_is_decided_and_plays_under_the_bulletins_title() {
    let mut l = Lifecycle::default();
    let mut b = bulletin("t1", Level::Emergency);
    b.sound = Sound::Text("Bão số 3 vào đất liền lúc 17h.".into());
    let d = arrive(&mut l, b.clone(), t0(), &HOLD);
    assert_eq!(kept(&d), ["received", "fetching"]);
    assert!(plays(&d).is_empty());
    let render = d.iter().find_map(|d| match d {
        Decision::Render { id, text } if id == "t1" => Some(text.clone()),
        _ => None,
    });
    assert_eq!(render.as_deref(), Some("Bão số 3 vào đất liền lúc 17h."));
    let sound = PathBuf::from("/state/tts/0123abcd.wav");
    let e = Event::Fetched {
        id: "t1".into(),
        result: Ok(vec![sound.clone()]),
    };
    let d = l.handle(e, t0(), &HOLD);
    let target = Target::Text {
        text: "Bão số 3 vào đất liền lúc 17h.".into(),
        sound,
        title: Some(b.title.clone()),
    };
    assert_eq!(plays(&d), [("t1".into(), target, true)]);

    // One the engine cannot read is refused, as recordings that cannot be fetched are.
    let mut b = bulletin("t2", Level::Priority);
    b.sound = Sound::Text("Họp dân".into());
    arrive(&mut l, b, t0(), &HOLD);
    let e = Event::Fetched {
        id: "t2".into(),
        result: Err("espeak-ng failed".into()),
    };
    let d = l.handle(e, t0(), &HOLD);
    assert_eq!(acks(&d), ack("t2", "refused", Some("download")));
    assert!(plays(&d).is_empty());
}

#[test]
fn a_held_text_rendered_again_after_a_restart_stays_held() {
    let key = SecretKey::generate().unwrap();
    let mut b = bulletin("t3", Level::Normal);
    b.sound = Sound::Text("Họp dân lúc 19h.".into());
    let rec = BulletinRecord {
        id: "t3".into(),
        level: "normal".into(),
        title: b.title.clone(),
        received: mins(-5),
        expires: b.expires,
        play_at: None,
        body: sealed(&b, &key),
        state: "held".into(),
        reason: None,
        decided_by: None,
        decided_at: None,
        accept_at: None,
    };
    let mut l = Lifecycle::default();
    let restored = Event::Restored {
        records: vec![rec],
        trusted: Some(vec![key.public()]),
    };
    let d = l.handle(restored, t0(), &HOLD);
    assert!(
        d.iter()
            .any(|d| matches!(d, Decision::Render { id, .. } if id == "t3")),
        "{d:?}"
    );
    let e = Event::Fetched {
        id: "t3".into(),
        result: Ok(vec![PathBuf::from("/state/tts/t3.wav")]),
    };
    let d = l.handle(e, mins(1), &HOLD);
    assert!(plays(&d).is_empty(), "{d:?}");
    assert_eq!(state(&l, "t3"), "held");
    let d = decide(&mut l, "t3", true, None);
    assert_eq!(plays(&d).len(), 1, "{d:?}");
}
