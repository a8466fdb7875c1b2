//! The dispatcher's rules, each on a small schedule with the time given.

use super::*;

/// A station that runs for years forgets what it played more than `REMEMBERED_DAYS` ago, as a
/// restart would (it reads that much history), and remembers the rest.
#[test]
fn occurrences_older_than_what_start_up_reads_are_forgotten_once_a_day() {
    let text = "[station]\ntimezone = \"Asia/Ho_Chi_Minh\"\n\n[[announcement]]\nid = \"a\"\nfiles = [\"a.mp3\"]\nat = \"06:00\"\n";
    let loaded = crate::schedule::parse(
        "x.toml",
        text.to_string(),
        std::path::Path::new("."),
        chrono_tz::UTC,
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    let now = DateTime::parse_from_rfc3339("2026-12-01T00:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let local = |days: i64| {
        (now - TimeDelta::days(days))
            .with_timezone(&chrono_tz::Asia::Ho_Chi_Minh)
            .naive_local()
    };
    let key = |days| Key {
        id: "a".into(),
        local: local(days),
    };
    let (mut d, _) = Dispatcher::start(
        Arc::new(loaded.schedule),
        [key(40), key(30), key(1)],
        None,
        now,
    );
    d.handle(Event::Tick, now + TimeDelta::hours(1));
    assert!(d.done.contains(&key(40)), "not before a day has passed");
    d.handle(Event::Tick, now + TimeDelta::days(1));
    assert!(!d.done.contains(&key(40)));
    assert!(d.done.contains(&key(30)) && d.done.contains(&key(1)));
}

/// A dispatcher on `text` (a schedule in Asia/Ho_Chi_Minh), started at `now`.
pub(super) fn station(text: &str, now: DateTime<Utc>) -> Dispatcher {
    let text = format!("[station]\ntimezone = \"Asia/Ho_Chi_Minh\"\n\n{text}");
    let loaded = crate::schedule::parse("x.toml", text, std::path::Path::new("."), chrono_tz::UTC)
        .unwrap_or_else(|e| panic!("{e:?}"));
    Dispatcher::start(Arc::new(loaded.schedule), [], None, now).0
}

/// A local time in Asia/Ho_Chi_Minh, as UTC.
pub(super) fn local(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("{s}+07:00"))
        .unwrap()
        .with_timezone(&Utc)
}

fn play(id: &str, emergency: bool, again: bool) -> Request {
    Request::Play {
        target: Target::Id(id.into()),
        emergency,
        repeat: None,
        volume: None,
        by: "duty".into(),
        bulletin: None,
        again,
    }
}

fn played(fx: &[Effect]) -> Vec<&str> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Play(b) => Some(b.id.as_str()),
            _ => None,
        })
        .collect()
}

const TWO: &str = "[[announcement]]\nid = \"a\"\nfiles = [\"a.mp3\"]\nat = \"06:00\"\n\n\
[[announcement]]\nid = \"b\"\nfiles = [\"b.mp3\"]\nat = \"07:00\"\n\n\
[[emergency]]\nid = \"bao\"\nfiles = [\"bao.mp3\"]\n";

/// `loa stop` means silence: what waited behind what it stopped does not start then; each
/// cancelled play is recorded stopped, and the answer says how many.
#[test]
fn stop_also_cancels_the_manual_plays_waiting_behind_what_plays() {
    let now = local("2026-12-04T10:00:00");
    let mut d = station(TWO, now);
    let (_, fx) = d.request(play("a", false, false), now);
    assert_eq!(played(&fx), ["a"]);
    let token = d.current.as_ref().unwrap().b.token;
    let (answer, _) = d.request(play("b", false, false), now);
    assert!(answer.unwrap().message.contains("queued"));
    let (answer, fx) = d.request(Request::Stop { by: "duty".into() }, now);
    let message = answer.unwrap().message;
    assert!(
        message.contains("1 play waiting in the queue is cancelled"),
        "{message}"
    );
    let cancelled: Vec<_> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::Record {
                row,
                outcome,
                reason,
            } => Some((row.id.as_str(), *outcome, reason)),
            _ => None,
        })
        .collect();
    assert_eq!(cancelled.len(), 1);
    assert_eq!((cancelled[0].0, cancelled[0].1), ("b", Outcome::Stopped));
    assert_eq!(
        cancelled[0].2.en(),
        "taken off the queue by duty (`loa stop`)"
    );
    assert!(cancelled[0].2.vi().contains("hàng chờ"));
    let fx = d.handle(
        Event::Finished {
            token,
            outcome: PlayerOutcome::Stopped,
            report: Report::default(),
            ended: Some(now),
        },
        now,
    );
    assert!(played(&fx).is_empty(), "{fx:?}");
}

/// Pressed four times, a play is not queued four times; `--again` says it is meant.
#[test]
fn a_second_press_of_the_same_play_changes_nothing_unless_again() {
    let now = local("2026-12-04T10:00:00");
    let mut d = station(TWO, now);
    let (_, fx) = d.request(play("a", false, false), now);
    assert_eq!(played(&fx), ["a"]);
    for _ in 0..3 {
        let (answer, fx) = d.request(play("a", false, false), now);
        let message = answer.unwrap().message;
        assert!(message.contains("already playing"), "{message}");
        assert!(fx.is_empty(), "{fx:?}");
    }
    assert!(d.manual.is_empty());
    let (answer, _) = d.request(play("a", false, true), now);
    assert!(answer.unwrap().message.contains("queued"));
    let (_, _) = d.request(play("b", false, false), now);
    let (answer, _) = d.request(play("b", false, false), now);
    assert!(answer.unwrap().message.contains("already waiting"));
    assert_eq!(d.manual.len(), 2);
    // The storm warning pressed twice in a hurry does not cut itself off and start over.
    let (_, fx) = d.request(play("bao", false, false), now);
    assert_eq!(played(&fx), ["bao"]);
    let (answer, fx) = d.request(play("bao", false, false), now);
    assert!(answer.unwrap().message.contains("already playing"));
    assert!(
        !fx.iter()
            .any(|e| matches!(e, Effect::Stop | Effect::Play(_)))
    );
}

/// A pause given at 21:50 until "18:00" runs to tomorrow evening: the answer says so in words,
/// and what it will cost.
#[test]
fn a_pause_says_until_when_in_words_and_what_it_will_cost() {
    let now = local("2026-12-04T21:50:00"); // a Friday
    let relay = "[[relay]]\nid = \"vov1\"\nstreams = [\"http://radio.example.vn/vov1\"]\nat = \"05:30\"\nduration = \"30m\"\n";
    let mut d = station(&format!("{TWO}\n{relay}"), now);
    let (answer, _) = d.request(
        Request::Pause {
            until: Some(local("2026-12-05T18:00:00")),
            by: "duty".into(),
        },
        now,
    );
    let message = answer.unwrap().message;
    assert_eq!(
        message,
        "scheduled broadcasts paused until 18:00 tomorrow (Saturday); 3 broadcasts will be skipped (05:30 vov1, 06:00 a, 07:00 b)"
    );
    let vi = crate::i18n::with_lang(crate::i18n::Lang::Vi, || {
        d.pause_words(Some(local("2026-12-05T18:00:00")), now)
    });
    assert_eq!(
        vi,
        "tạm dừng lịch phát đến 18:00 ngày mai (thứ Bảy); 3 buổi phát sẽ bị bỏ (05:30 vov1, 06:00 a, 07:00 b)"
    );
    // Until 06:05: "a" (06:00) is late, not lost, if max_delay lets it start at 06:05.
    let late = d.pause_words(Some(local("2026-12-05T06:05:00")), now);
    assert!(
        late.ends_with("; 1 will play late, when it resumes"),
        "{late}"
    );
    let open = d.pause_words(None, now);
    assert!(
        open.contains("\"vov1\" at 05:30 tomorrow (Saturday)"),
        "{open}"
    );
}
