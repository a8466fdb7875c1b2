//! Live broadcasts (spec §12) in the dispatcher: one at a time, waiting like a manual play or
//! cutting in as an emergency, never cut by the programme, ended by the speaker.

use super::tests::{local, station};
use super::*;

const PROGRAMME: &str = "[[announcement]]\nid = \"a\"\nfiles = [\"a.mp3\"]\nat = \"06:00\"\n\n\
[[emergency]]\nid = \"bao\"\nfiles = [\"bao.mp3\"]\n";

fn live(link: &str, by: &str, emergency: bool) -> Request {
    Request::Play {
        target: Target::Live {
            link: link.into(),
            for_: None,
        },
        emergency,
        repeat: None,
        volume: None,
        by: by.into(),
        bulletin: None,
        again: false,
    }
}

fn handed(fx: &[Effect]) -> Vec<Broadcast> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Play(b) => Some(b.clone()),
            _ => None,
        })
        .collect()
}

fn finished(
    d: &mut Dispatcher,
    token: Token,
    outcome: PlayerOutcome,
    now: DateTime<Utc>,
) -> Vec<Effect> {
    d.handle(
        Event::Finished {
            token,
            outcome,
            report: Report::default(),
            ended: Some(now),
        },
        now,
    )
}

fn start(d: &mut Dispatcher, token: Token, now: DateTime<Utc>) -> Vec<Effect> {
    let mut fx = d.handle(Event::Starting { token }, now);
    fx.extend(d.handle(Event::Started { token, at: now }, now));
    fx
}

#[test]
fn a_speaker_waits_for_what_plays_then_the_programme_waits_for_the_speaker() {
    let t0 = local("2026-12-04T05:58:00");
    let mut d = station(PROGRAMME, t0);
    let (_, fx) = d.request(
        Request::Play {
            target: Target::Id("a".into()),
            emergency: false,
            repeat: None,
            volume: None,
            by: "duty".into(),
            bulletin: None,
            again: false,
        },
        t0,
    );
    let first = handed(&fx)[0].token;
    let (answer, fx) = d.request(live("voice-1", "web:lan", false), t0);
    let token = answer.unwrap().token.unwrap();
    assert!(handed(&fx).is_empty(), "it waits its turn: {fx:?}");
    let w = d.live_waiting(token, t0).unwrap();
    assert_eq!(w.behind.as_deref(), Some("a"));
    // What plays ends: the speaker's turn, with their voice, source `live`. (Its length is not
    // known: no countdown, only what it waits for.)
    start(&mut d, first, t0);
    let w = d.live_waiting(token, t0).unwrap();
    assert_eq!((w.seconds, w.behind.as_deref()), (None, Some("a")));
    let fx = finished(&mut d, first, PlayerOutcome::Played, t0);
    let b = handed(&fx).pop().unwrap();
    assert_eq!((b.token, b.voice.as_deref()), (token, Some("voice-1")));
    assert_eq!(b.limit, Some(MANUAL_LIMIT));
    let fx = start(&mut d, token, t0);
    let row = fx
        .iter()
        .find_map(|e| match e {
            Effect::RecordStart { row, .. } => Some(row.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        (row.source, row.requested_by.as_str()),
        (Source::Live, "web:lan")
    );
    assert!(row.id.starts_with("live-20261204-0558"), "{}", row.id);
    assert_eq!(d.live_waiting(token, t0), None, "on air");
    // 06:00 comes while they speak: nothing cuts in, the programme waits.
    let six = local("2026-12-04T06:00:30");
    let fx = d.handle(Event::Tick, six);
    assert!(!fx.contains(&Effect::Stop), "{fx:?}");
    // They finish: what they sent plays out (no stop), then the player ends it: played.
    let fx = d.end_live(token, LiveEnd::Done, six);
    assert!(!fx.contains(&Effect::Stop), "{fx:?}");
    let fx = finished(&mut d, token, PlayerOutcome::Played, six);
    assert!(
        fx.iter().any(|e| matches!(
            e,
            Effect::RecordFinish { token: t, end } if *t == token && end.outcome == Outcome::Played
        )),
        "{fx:?}"
    );
    assert_eq!(handed(&fx)[0].id, "a", "then the programme, late: {fx:?}");
}

#[test]
fn one_speaker_at_a_time_and_the_second_is_told_who() {
    let t0 = local("2026-12-04T10:00:00");
    let mut d = station(PROGRAMME, t0);
    let (answer, _) = d.request(live("voice-1", "web:lan", false), t0);
    assert!(answer.is_ok());
    let (answer, fx) = d.request(live("voice-2", "web:hung", true), t0);
    let Err(Refusal::Refused(m)) = answer else {
        panic!("{answer:?}")
    };
    assert!(m.contains("web:lan"), "{m}");
    assert!(handed(&fx).is_empty());
}

#[test]
fn a_lost_speaker_is_faded_out_and_recorded_interrupted_with_why() {
    let t0 = local("2026-12-04T10:00:00");
    let mut d = station(PROGRAMME, t0);
    let (answer, _) = d.request(live("voice-1", "web:lan", false), t0);
    let token = answer.unwrap().token.unwrap();
    start(&mut d, token, t0);
    let why = Said::new(|| "the connection to the speaker was lost".into());
    let fx = d.end_live(token, LiveEnd::Lost(why), t0);
    assert!(fx.contains(&Effect::Stop));
    let fx = finished(&mut d, token, PlayerOutcome::Stopped, t0);
    let end = fx
        .iter()
        .find_map(|e| match e {
            Effect::RecordFinish { end, .. } => Some(end.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(end.outcome, Outcome::Interrupted);
    assert_eq!(
        end.reason.unwrap().en(),
        "the connection to the speaker was lost"
    );
}

#[test]
fn a_speaker_who_gives_up_while_waiting_is_recorded_and_never_aired() {
    let t0 = local("2026-12-04T10:00:00");
    let mut d = station(PROGRAMME, t0);
    let _ = d.request(
        Request::Play {
            target: Target::Id("a".into()),
            emergency: false,
            repeat: None,
            volume: None,
            by: "duty".into(),
            bulletin: None,
            again: false,
        },
        t0,
    );
    let (answer, _) = d.request(live("voice-1", "web:lan", false), t0);
    let token = answer.unwrap().token.unwrap();
    let fx = d.end_live(token, LiveEnd::Done, t0);
    assert!(
        fx.iter().any(|e| matches!(
            e,
            Effect::Record { row, outcome: Outcome::Stopped, .. } if row.source == Source::Live
        )),
        "{fx:?}"
    );
    assert_eq!(d.live_waiting(token, t0), None);
    // The next may speak now.
    assert!(d.request(live("voice-2", "web:hung", false), t0).0.is_ok());
}

#[test]
fn asked_as_an_emergency_a_speaker_cuts_in_at_once() {
    let t0 = local("2026-12-04T10:00:00");
    let mut d = station(PROGRAMME, t0);
    let (_, fx) = d.request(
        Request::Play {
            target: Target::Id("a".into()),
            emergency: false,
            repeat: None,
            volume: None,
            by: "duty".into(),
            bulletin: None,
            again: false,
        },
        t0,
    );
    let first = handed(&fx)[0].token;
    start(&mut d, first, t0);
    let (answer, fx) = d.request(live("voice-1", "web:lan", true), t0);
    assert!(answer.is_ok());
    let b = handed(&fx).pop().unwrap();
    assert_eq!(
        (b.voice.as_deref(), b.start),
        (Some("voice-1"), StartAt::Now)
    );
    assert_eq!(d.live_waiting(b.token, t0).unwrap().seconds, Some(0.0));
}
