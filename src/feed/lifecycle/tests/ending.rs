//! The life cycle's ends other than playing: the province's stop, a key no longer trusted, and
//! a restart in between.

use super::*;

fn stop(id: &str, issued: DateTime<Utc>, bulletin: Option<&str>) -> Stop {
    Stop {
        id: id.into(),
        issued,
        expires: mins(60),
        bulletin: bulletin.map(str::to_owned),
    }
}

#[test]
fn a_stop_ends_the_bulletins_issued_before_it_and_refuses_them_if_they_come_late() {
    let mut l = Lifecycle::default();
    arrive(&mut l, bulletin("old", Level::Normal), t0(), &HOLD);
    let mut newer = bulletin("new", Level::Normal);
    newer.issued = mins(2);
    arrive(&mut l, newer, mins(3), &HOLD);

    let d = l.handle(Event::Stop(stop("s1", mins(1), None)), mins(4), &HOLD);
    assert_eq!(acks(&d), ack("old", "stopped", Some("stopped")));
    let ending = d.into_iter().find_map(|d| match d {
        Decision::StopBroadcasts(e) => Some(e),
        _ => None,
    });
    let ending = ending.unwrap();
    assert_eq!(ending.ids, ["old"]);
    // The dispatcher had a broadcast of it waiting, and one on air that fades out.
    let stopped = Stopped {
        queued: vec!["old".into()],
        ..Default::default()
    };
    let d = l.handle(Event::BroadcastsStopped { ending, stopped }, mins(4), &HOLD);
    let done = d.iter().find_map(|d| match d {
        Decision::StopAck { id, answer } => Some((id.as_str(), answer)),
        _ => None,
    });
    assert_eq!(done, Some(("s1", &StopAnswer::Done(vec!["old".into()]))));
    assert_eq!(state(&l, "old"), "stopped");
    assert_eq!(
        state(&l, "new"),
        "held",
        "a bulletin issued after the stop stays"
    );

    // One the stop ends that arrives after it: refused.
    let mut late = bulletin("late", Level::Emergency);
    late.issued = mins(0);
    let d = arrive(&mut l, late, mins(5), &HOLD);
    assert_eq!(acks(&d), ack("late", "refused", Some("stopped")));
    assert!(plays(&d).is_empty());

    // The same stop again: a replay.
    let d = l.handle(Event::Stop(stop("s1", mins(1), None)), mins(6), &HOLD);
    assert!(matches!(
        d.as_slice(),
        [Decision::StopAck {
            answer: StopAnswer::Refused(Refusal::Replayed),
            ..
        }]
    ));
}

#[test]
fn a_stopped_broadcast_on_air_is_said_when_it_has_faded_out() {
    let mut l = Lifecycle::default();
    arrive(&mut l, bulletin("e1", Level::Emergency), t0(), &HOLD);
    handed(&mut l, "e1", 5);
    let d = l.handle(Event::Stop(stop("s1", mins(1), Some("e1"))), mins(2), &HOLD);
    let ending = d.into_iter().find_map(|d| match d {
        Decision::StopBroadcasts(e) => Some(e),
        _ => None,
    });
    let stopped = Stopped {
        on_air: Some("e1".into()),
        ..Default::default()
    };
    let e = Event::BroadcastsStopped {
        ending: ending.unwrap(),
        stopped,
    };
    let d = l.handle(e, mins(2), &HOLD);
    assert!(acks(&d).is_empty(), "not before its fade: {d:?}");
    let ended = Event::Ended {
        token: 5,
        outcome: Outcome::Stopped,
        reason: Some("stopped by the province (s1)".into()),
    };
    let d = l.handle(ended, mins(2), &HOLD);
    assert_eq!(acks(&d), ack("e1", "stopped", Some("outcome")));
}

#[test]
fn a_key_no_longer_trusted_ends_what_it_signed_at_once() {
    let key = SecretKey::generate().unwrap();
    let other = SecretKey::generate().unwrap();
    let mut l = Lifecycle::default();
    for (id, level) in [("n1", Level::Normal), ("e1", Level::Emergency)] {
        let b = bulletin(id, level);
        let body = sealed(&b, &key);
        l.handle(Event::Arrived { bulletin: b, body }, t0(), &HOLD);
    }
    handed(&mut l, "e1", 8);
    let recheck = |keys: Vec<_>| Event::Recheck {
        trusted: keys,
        repeating: None,
    };
    assert!(
        l.handle(recheck(vec![key.public()]), t0(), &HOLD)
            .is_empty()
    );

    let d = l.handle(recheck(vec![other.public()]), t0(), &HOLD);
    assert_eq!(acks(&d), ack("n1", "refused", Some("revoked")));
    let ending = d.into_iter().find_map(|d| match d {
        Decision::StopBroadcasts(e) => Some(e),
        _ => None,
    });
    let ending = ending.unwrap();
    assert_eq!(ending.ids, ["e1", "n1"]);
    let stopped = Stopped {
        on_air: Some("e1".into()),
        ..Default::default()
    };
    let d = l.handle(Event::BroadcastsStopped { ending, stopped }, t0(), &HOLD);
    // The one on air is said at once, not when its fade ends.
    assert_eq!(acks(&d), ack("e1", "refused", Some("revoked")));
    assert!(matches!(d.last(), Some(Decision::Revoked(ids)) if ids.len() == 2));
    let ended = Event::Ended {
        token: 8,
        outcome: Outcome::Stopped,
        reason: None,
    };
    assert!(l.handle(ended, t0(), &HOLD).is_empty());
}

#[test]
fn held_and_waiting_bulletins_are_taken_up_again_after_a_restart() {
    let key = SecretKey::generate().unwrap();
    let record = |b: &Bulletin, state: &str, accept_at| BulletinRecord {
        id: b.id.clone(),
        level: b.level.as_str().into(),
        title: b.title.clone(),
        received: mins(-5),
        expires: b.expires,
        play_at: b.play_at,
        body: sealed(b, &key),
        state: state.into(),
        reason: None,
        decided_by: None,
        decided_at: None,
        accept_at,
    };
    let held = bulletin("h1", Level::Normal);
    let waiting = bulletin("w1", Level::Normal);
    let mut gone = bulletin("x1", Level::Normal);
    gone.issued = mins(-120);
    gone.expires = mins(-1);
    let records = vec![
        record(&held, "held", None),
        record(&waiting, "waiting", Some(mins(30))),
        record(&gone, "held", None),
    ];
    let mut l = Lifecycle::default();
    let e = Event::Restored {
        records,
        trusted: Some(vec![key.public()]),
    };
    let d = l.handle(e, t0(), &HOLD);
    // What expired while the daemon was down is kept expired (nothing to tell the province).
    assert_eq!(kept(&d), ["expired"]);
    assert!(acks(&d).is_empty());
    assert_eq!(l.held(), 1);
    assert_eq!(l.due("w1"), Some(mins(30)));
    let d = decide(&mut l, "h1", true, None);
    assert_eq!(plays(&d).len(), 1);
    let d = l.handle(Event::Tick, mins(30), &HOLD);
    assert_eq!(plays(&d).len(), 1);
}
