//! Relays through the real dispatcher, with a simulated player and simulated time (spec §8):
//! the stream is opened `connect_ahead` early and closed after; the window starts on time and
//! ends at its end; a higher priority cuts in and the relay resumes live; a lower one waits for
//! the window's end; an emergency interrupts it and it resumes; one history row per occurrence
//! that says how much was on air and why the rest was not.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use loa::audio::player::{LiveReport, Outcome as PlayerOutcome, Report};
use loa::dispatch::{Broadcast, Dispatcher, Effect, Event, Request, StartAt, Target, Token};
use loa::history::{NewBroadcast, Outcome};
use loa::schedule::{self, Schedule};

const STATION: &str = "[station]\ntimezone = \"UTC\"\nmax_delay = \"10m\"\n\n[[emergency]]\nid = \"bao\"\nfiles = [\"bao.mp3\"]\n\n";
const RELAY: &str = "[[relay]]\nid = \"vov1\"\nstreams = [\"http://radio.test:8000/vov1\"]\nat = \"06:00\"\nduration = \"30m\"\nconnect_ahead = \"20s\"\npriority = 1\nchime = \"off\"\n\n";

fn schedule(extra: &str) -> Arc<Schedule> {
    let text = format!("{STATION}{RELAY}{extra}");
    Arc::new(
        schedule::parse("relay.toml", text, Path::new("/audio"), chrono_tz::UTC)
            .unwrap_or_else(|e| panic!("{e:?}"))
            .schedule,
    )
}

fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, h, m, s).unwrap()
}

/// Seconds each simulated file plays.
const FILE_SECONDS: i64 = 60;

struct Playing {
    b: Broadcast,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    started: bool,
}

#[derive(Debug, Clone)]
struct Row {
    row: NewBroadcast,
    started: Option<DateTime<Utc>>,
    outcome: Option<Outcome>,
    reason: Option<String>,
    on_air: Option<f64>,
}

struct Sim {
    d: Dispatcher,
    now: DateTime<Utc>,
    playing: Option<Playing>,
    rows: Vec<Row>,
    open: BTreeMap<Token, usize>,
    /// (when, link) of each Connect / Disconnect.
    connects: Vec<(DateTime<Utc>, String)>,
    disconnects: Vec<(DateTime<Utc>, String)>,
    /// (id, when its sound started, when it ended) of every part played.
    parts: Vec<(String, DateTime<Utc>, DateTime<Utc>)>,
    /// Whether the stream gives sound.
    stream_ok: bool,
}

impl Sim {
    fn new(s: Arc<Schedule>, now: DateTime<Utc>) -> Sim {
        let (d, fx) = Dispatcher::start(s, Vec::new(), None, now);
        let mut sim = Sim {
            d,
            now,
            playing: None,
            rows: Vec::new(),
            open: BTreeMap::new(),
            connects: Vec::new(),
            disconnects: Vec::new(),
            parts: Vec::new(),
            stream_ok: true,
        };
        sim.apply(fx);
        sim
    }

    fn finish_playing(&mut self, outcome: PlayerOutcome) -> Option<Event> {
        let p = self.playing.take()?;
        let end = self.now.min(p.end);
        let played = if p.started {
            (end - p.start).to_std().unwrap_or_default()
        } else {
            Duration::ZERO
        };
        if p.started {
            self.parts.push((p.b.id.clone(), p.start, end));
        }
        let live = p.b.live.as_ref().map(|_| LiveReport {
            on_air: if self.stream_ok {
                played
            } else {
                Duration::ZERO
            },
            silent: if self.stream_ok {
                Duration::ZERO
            } else {
                played
            },
            trouble: if self.stream_ok {
                Vec::new()
            } else {
                vec!["connection refused".into()]
            },
            ..LiveReport::default()
        });
        Some(Event::Finished {
            token: p.b.token,
            outcome,
            report: Report {
                played,
                live,
                ..Report::default()
            },
            ended: p.started.then_some(end),
        })
    }

    fn apply(&mut self, fx: Vec<Effect>) {
        let mut events = Vec::new();
        for e in fx {
            match e {
                Effect::Play(b) => {
                    if let Some(ev) = self.finish_playing(PlayerOutcome::Interrupted) {
                        events.push(ev);
                    }
                    let start = match b.start {
                        StartAt::Now => self.now,
                        StartAt::At(t) => t.max(self.now),
                    };
                    let length = match (&b.live, b.limit) {
                        (Some(_), Some(l)) => TimeDelta::from_std(l).unwrap(),
                        (Some(_), None) => TimeDelta::days(1),
                        (None, _) => {
                            TimeDelta::seconds(FILE_SECONDS * b.playlist.items().count() as i64)
                        }
                    };
                    self.playing = Some(Playing {
                        b,
                        start,
                        end: start + length,
                        started: false,
                    });
                }
                Effect::Stop => {
                    if let Some(ev) = self.finish_playing(PlayerOutcome::Stopped) {
                        events.push(ev);
                    }
                }
                Effect::RecordStart { token, row } => {
                    self.rows.push(Row {
                        row,
                        started: None,
                        outcome: None,
                        reason: None,
                        on_air: None,
                    });
                    self.open.insert(token, self.rows.len() - 1);
                }
                Effect::RecordStarted { token, at } => {
                    self.rows[self.open[&token]].started = Some(at);
                }
                Effect::RecordFinish { token, end } => {
                    let i = self.open.remove(&token).expect("an open row");
                    let r = &mut self.rows[i];
                    r.outcome = Some(end.outcome);
                    r.reason = end.reason.map(|r| r.en().to_string());
                    r.on_air = end.on_air_seconds;
                }
                Effect::Record {
                    row,
                    outcome,
                    reason,
                } => self.rows.push(Row {
                    row,
                    started: None,
                    outcome: Some(outcome),
                    reason: Some(reason.en().to_string()),
                    on_air: None,
                }),
                Effect::Connect { link, .. } => self.connects.push((self.now, link)),
                Effect::Disconnect { link } => self.disconnects.push((self.now, link)),
                Effect::Amplifier(_) => {}
            }
        }
        for ev in events {
            let fx = self.d.handle(ev, self.now);
            self.apply(fx);
        }
    }

    /// Runs the world until `until`.
    fn run(&mut self, until: DateTime<Utc>) {
        for _ in 0..10_000 {
            let mut next = self.d.next_wake(self.now).unwrap_or(until).min(until);
            if let Some(p) = &self.playing {
                next = next.min(if p.started { p.end } else { p.start });
            }
            self.now = next.max(self.now);
            let ev = match &mut self.playing {
                Some(p) if !p.started && self.now >= p.start => {
                    // As the shell does: the row opens, then the first sample sounds.
                    p.started = true;
                    let token = p.b.token;
                    let fx = self.d.handle(Event::Starting { token }, self.now);
                    self.apply(fx);
                    Event::Started {
                        token,
                        at: self.now,
                    }
                }
                Some(p) if p.started && self.now >= p.end => self
                    .finish_playing(PlayerOutcome::Played)
                    .unwrap_or(Event::Tick),
                _ => Event::Tick,
            };
            let fx = self.d.handle(ev, self.now);
            self.apply(fx);
            if self.now >= until {
                return;
            }
        }
        panic!("the dispatcher kept waking at {}", self.now);
    }

    fn request(&mut self, r: Request) {
        let (answer, fx) = self.d.request(r, self.now);
        answer.unwrap_or_else(|e| panic!("{e}"));
        self.apply(fx);
    }

    fn rows_of(&self, id: &str) -> Vec<Row> {
        self.rows
            .iter()
            .filter(|r| r.row.id == id)
            .cloned()
            .collect()
    }

    fn parts_of(&self, id: &str) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        self.parts
            .iter()
            .filter(|p| p.0 == id)
            .map(|p| (p.1, p.2))
            .collect()
    }
}

const LINK: &str = "vov1@2026-12-01T06:00:00";

#[test]
fn a_relay_opens_its_stream_ahead_plays_its_window_on_time_and_closes_it() {
    let mut sim = Sim::new(schedule(""), at(5, 50, 0));
    sim.run(at(6, 40, 0));
    assert_eq!(sim.connects, vec![(at(5, 59, 40), LINK.to_string())]);
    assert_eq!(sim.disconnects, vec![(at(6, 30, 0), LINK.to_string())]);
    assert_eq!(sim.parts_of("vov1"), vec![(at(6, 0, 0), at(6, 30, 0))]);
    let rows = sim.rows_of("vov1");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].outcome, Some(Outcome::Played));
    assert_eq!(rows[0].reason, None);
    assert_eq!(rows[0].on_air, Some(1800.0));
    assert_eq!(rows[0].row.files, vec!["http://radio.test:8000/vov1"]);
}

#[test]
fn a_higher_priority_announcement_cuts_in_and_the_relay_resumes_live_on_the_same_row() {
    let extra =
        "[[announcement]]\nid = \"tin\"\nfiles = [\"tin.mp3\"]\nat = \"06:10\"\npriority = 5\n";
    let mut sim = Sim::new(schedule(extra), at(5, 50, 0));
    sim.run(at(6, 40, 0));
    // The relay makes room a moment before, the announcement plays on time, the relay comes
    // back as soon as it ends, and ends at its window's end.
    assert_eq!(sim.parts_of("tin"), vec![(at(6, 10, 0), at(6, 11, 0))]);
    assert_eq!(
        sim.parts_of("vov1"),
        vec![(at(6, 0, 0), at(6, 9, 59)), (at(6, 11, 0), at(6, 30, 0))]
    );
    // The stream stayed open throughout.
    assert_eq!(sim.connects.len(), 1);
    assert_eq!(sim.disconnects, vec![(at(6, 30, 0), LINK.to_string())]);
    let rows = sim.rows_of("vov1");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].outcome, Some(Outcome::Played));
    assert_eq!(rows[0].on_air, Some(1739.0));
    assert_eq!(
        rows[0].reason.as_deref(),
        Some("lost 1 minute 1 second: 1 minute 1 second for \"tin\"")
    );
}

#[test]
fn a_lower_priority_announcement_waits_for_the_window_end_under_max_delay() {
    let extra = "[[announcement]]\nid = \"som\"\nfiles = [\"som.mp3\"]\nat = \"06:25\"\n\n[[announcement]]\nid = \"muon\"\nfiles = [\"muon.mp3\"]\nat = \"06:10\"\n";
    let mut sim = Sim::new(schedule(extra), at(5, 50, 0));
    sim.run(at(6, 40, 0));
    assert_eq!(sim.parts_of("vov1"), vec![(at(6, 0, 0), at(6, 30, 0))]);
    // 06:25 waits for 06:30 (within max_delay of 10 min); 06:10 cannot wait that long.
    assert_eq!(sim.parts_of("som"), vec![(at(6, 30, 0), at(6, 31, 0))]);
    let muon = sim.rows_of("muon");
    assert_eq!(muon.len(), 1);
    assert_eq!(muon[0].outcome, Some(Outcome::Skipped));
    // The reason names the relay that held the output, as `loa check` warned.
    assert!(
        muon[0]
            .reason
            .as_deref()
            .unwrap()
            .contains("the relay \"vov1\" was on air"),
        "{muon:?}"
    );
}

#[test]
fn an_emergency_interrupts_a_relay_which_resumes_after_it() {
    let mut sim = Sim::new(schedule(""), at(5, 50, 0));
    sim.run(at(6, 5, 0));
    sim.request(Request::Play {
        target: Target::Id("bao".into()),
        emergency: true,
        repeat: None,
        volume: None,
        by: "duty".into(),
        bulletin: None,
        again: false,
    });
    sim.run(at(6, 40, 0));
    assert_eq!(sim.parts_of("bao"), vec![(at(6, 5, 0), at(6, 6, 0))]);
    assert_eq!(
        sim.parts_of("vov1"),
        vec![(at(6, 0, 0), at(6, 5, 0)), (at(6, 6, 0), at(6, 30, 0))]
    );
    let rows = sim.rows_of("vov1");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].outcome, Some(Outcome::Played));
    assert_eq!(
        rows[0].reason.as_deref(),
        Some("lost 1 minute: 1 minute for emergency \"bao\"")
    );
    assert_eq!(sim.connects.len(), 1);
}

#[test]
fn a_relay_whose_stream_never_sounds_and_has_no_fallback_failed() {
    let mut sim = Sim::new(schedule(""), at(5, 50, 0));
    sim.stream_ok = false;
    sim.run(at(6, 40, 0));
    let rows = sim.rows_of("vov1");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].outcome, Some(Outcome::Failed));
    assert_eq!(rows[0].on_air, Some(0.0));
    assert_eq!(
        rows[0].reason.as_deref(),
        Some("no stream gave sound (connection refused)")
    );
}

#[test]
fn loa_stop_ends_a_relay_and_closes_its_stream() {
    let mut sim = Sim::new(schedule(""), at(5, 50, 0));
    sim.run(at(6, 10, 0));
    sim.request(Request::Stop { by: "duty".into() });
    sim.run(at(6, 40, 0));
    let rows = sim.rows_of("vov1");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].outcome, Some(Outcome::Stopped));
    assert_eq!(rows[0].on_air, Some(600.0));
    assert_eq!(sim.disconnects, vec![(at(6, 10, 0), LINK.to_string())]);
    assert_eq!(sim.parts_of("vov1"), vec![(at(6, 0, 0), at(6, 10, 0))]);
}

#[test]
fn a_relay_late_behind_a_long_announcement_plays_the_rest_of_its_window() {
    let extra = "[[announcement]]\nid = \"dai\"\nfiles = [\"a.mp3\", \"b.mp3\", \"c.mp3\"]\nat = \"05:58\"\npriority = 9\n";
    let mut sim = Sim::new(schedule(extra), at(5, 50, 0));
    sim.run(at(6, 40, 0));
    assert_eq!(sim.parts_of("vov1"), vec![(at(6, 1, 0), at(6, 30, 0))]);
    let rows = sim.rows_of("vov1");
    assert_eq!(rows[0].outcome, Some(Outcome::Played));
    assert_eq!(
        rows[0].reason.as_deref(),
        Some("lost 1 minute: 1 minute late: the output was busy")
    );
}

#[test]
fn a_daemon_started_in_the_middle_of_a_window_joins_the_relay_live() {
    let mut sim = Sim::new(schedule(""), at(6, 12, 0));
    sim.run(at(6, 40, 0));
    let parts = sim.parts_of("vov1");
    assert_eq!(parts.len(), 1, "{parts:?}");
    assert_eq!(parts[0], (at(6, 12, 0), at(6, 30, 0)));
    let rows = sim.rows_of("vov1");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].on_air, Some(1080.0));
    assert_eq!(
        rows[0].reason.as_deref(),
        Some("lost 12 minutes: 12 minutes late: the daemon was not running")
    );
}
