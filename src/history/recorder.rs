//! The daemon's history writer: a thread of its own, so that a slow disk never holds up the
//! scheduler or the audio. Writes are identified by a token the caller chooses, so none needs a
//! reply; the one that must be on disk before a broadcast sounds (its row, "starting") carries a
//! callback told whether it is.
//!
//! A history that cannot be written never silences the station: a write the disk refuses (full,
//! read-only, the file cannot be opened) is kept in memory, in order, and tried again every
//! [`RETRY`] and with every new write; the callback is told at once that the row is not on disk,
//! and the broadcast goes ahead. [`Recorder::health`] says why rows are waiting and how many, for
//! `loa status`. The failure is logged once, and the recovery once.

use std::collections::{HashMap, VecDeque};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::{BulletinRecord, Finish, History, HistoryError, NewBroadcast, Outcome};
use crate::i18n::Said;

/// How often writes that failed are tried again.
pub const RETRY: Duration = Duration::from_secs(15);
/// The most writes kept in memory (weeks of broadcasts); past it the oldest are dropped.
const MAX_BACKLOG: usize = 20_000;

/// Told, on the writer's thread, whether a started row is on disk.
pub type Then = Box<dyn FnOnce(bool) + Send>;

/// The writer's state, for `loa status`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Health {
    /// Why writes are waiting (the disk is full…), while they are.
    pub error: Option<Said>,
    /// Rows kept in memory until they can be written.
    pub waiting: usize,
}

enum Op {
    Start {
        token: u64,
        b: NewBroadcast,
    },
    Started {
        token: u64,
        at: DateTime<Utc>,
    },
    Seen {
        token: u64,
        at: DateTime<Utc>,
    },
    Finish {
        token: u64,
        end: Finish,
    },
    Record {
        b: NewBroadcast,
        outcome: Outcome,
        reason: Said,
    },
    Bulletin(Box<BulletinRecord>),
    /// The broker took these rows: out of the outbox.
    Sent(Vec<i64>),
}

impl Op {
    /// Whether this write makes a row (what "rows waiting" counts).
    fn makes_row(&self) -> bool {
        matches!(self, Op::Start { .. } | Op::Record { .. })
    }
}

enum Msg {
    Op(Op, Option<Then>),
    Sync(mpsc::Sender<usize>),
}

/// Handle to the writer thread; dropping it writes what it can and joins the thread.
pub struct Recorder {
    tx: mpsc::Sender<Msg>,
    thread: Option<JoinHandle<()>>,
    health: Arc<Mutex<Health>>,
}

type Reopen = Box<dyn FnMut() -> Result<History, HistoryError> + Send>;

struct Writer {
    h: Option<History>,
    /// Opens the history when it could not be opened before.
    reopen: Reopen,
    rows: HashMap<u64, i64>,
    backlog: VecDeque<Op>,
    failing: Option<Said>,
    health: Arc<Mutex<Health>>,
}

impl Recorder {
    /// Starts the writer on `first` (the history as the daemon opened it, or why it could not);
    /// `reopen` is tried again while there is none.
    pub fn spawn(
        first: Result<History, HistoryError>,
        reopen: impl FnMut() -> Result<History, HistoryError> + Send + 'static,
    ) -> std::io::Result<Recorder> {
        let (tx, rx) = mpsc::channel::<Msg>();
        let health = Arc::new(Mutex::new(Health::default()));
        let mut w = Writer {
            h: None,
            reopen: Box::new(reopen),
            rows: HashMap::new(),
            backlog: VecDeque::new(),
            failing: None,
            health: health.clone(),
        };
        match first {
            Ok(h) => w.h = Some(h),
            Err(e) => w.fail(&e),
        }
        let thread = std::thread::Builder::new()
            .name("loa-history".into())
            .spawn(move || w.run(rx))?;
        Ok(Recorder {
            tx,
            thread: Some(thread),
            health,
        })
    }

    /// Opens the row of a broadcast about to sound; `then` is told whether it is on disk.
    pub fn start(&self, token: u64, b: NewBroadcast, then: Option<Then>) {
        self.send(Op::Start { token, b }, then);
    }

    /// Its first sample sounded at `at`.
    pub fn started(&self, token: u64, at: DateTime<Utc>) {
        self.send(Op::Started { token, at }, None);
    }

    /// It was still playing at `at` (a crash then leaves a row that ends there).
    pub fn seen(&self, token: u64, at: DateTime<Utc>) {
        self.send(Op::Seen { token, at }, None);
    }

    pub fn finish(&self, token: u64, end: Finish) {
        self.send(Op::Finish { token, end }, None);
    }

    pub fn record(&self, b: NewBroadcast, outcome: Outcome, reason: Said) {
        self.send(Op::Record { b, outcome, reason }, None);
    }

    fn send(&self, op: Op, then: Option<Then>) {
        if let Err(mpsc::SendError(Msg::Op(_, Some(then)))) = self.tx.send(Msg::Op(op, then)) {
            then(false);
        }
    }

    /// Waits until everything sent so far has been tried (blocking: not for async code);
    /// returns how many rows are still waiting in memory.
    /// The broker took these history rows.
    pub fn sent(&self, rows: Vec<i64>) {
        let _ = self.tx.send(Msg::Op(Op::Sent(rows), None));
    }

    /// Keeps a bulletin or its new state.
    pub fn bulletin(&self, r: BulletinRecord) {
        let _ = self.tx.send(Msg::Op(Op::Bulletin(Box::new(r)), None));
    }

    pub fn sync(&self) -> Result<usize, HistoryError> {
        let (tx, rx) = mpsc::channel();
        self.tx
            .send(Msg::Sync(tx))
            .map_err(|_| HistoryError::WriterGone)?;
        rx.recv().map_err(|_| HistoryError::WriterGone)
    }

    pub fn health(&self) -> Health {
        self.health
            .lock()
            .map(|h| h.clone())
            .unwrap_or_else(|e| e.into_inner().clone())
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        let (tx, _) = mpsc::channel();
        drop(std::mem::replace(&mut self.tx, tx));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Writer {
    fn run(mut self, rx: mpsc::Receiver<Msg>) {
        loop {
            let msg = if self.backlog.is_empty() {
                match rx.recv() {
                    Ok(m) => m,
                    Err(_) => break,
                }
            } else {
                match rx.recv_timeout(RETRY) {
                    Ok(m) => m,
                    Err(RecvTimeoutError::Timeout) => {
                        self.flush();
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => break,
                }
            };
            match msg {
                Msg::Op(op, then) => {
                    let token = match &op {
                        Op::Start { token, .. } => Some(*token),
                        _ => None,
                    };
                    self.push(op);
                    self.flush();
                    if let Some(then) = then {
                        then(token.is_some_and(|t| self.rows.contains_key(&t)));
                    }
                }
                Msg::Sync(done) => {
                    self.flush();
                    let _ = done.send(self.waiting());
                }
            }
        }
        self.flush();
        if self.waiting() > 0 {
            tracing::error!(
                "{} history row(s) could not be written and are lost: {}",
                self.waiting(),
                self.failing
                    .as_ref()
                    .map_or("the history cannot be written", |f| f.en())
            );
        }
    }

    fn waiting(&self) -> usize {
        self.backlog.iter().filter(|o| o.makes_row()).count()
    }

    fn push(&mut self, op: Op) {
        // Only the last sign of life of a broadcast matters.
        if let Op::Seen { token, at } = &op
            && let Some(Op::Seen { at: last, .. }) = self
                .backlog
                .iter_mut()
                .rev()
                .find(|o| matches!(o, Op::Seen { token: t, .. } if t == token))
        {
            *last = *at;
            return;
        }
        if self.backlog.len() >= MAX_BACKLOG {
            let drop = self
                .backlog
                .iter()
                .position(|o| matches!(o, Op::Seen { .. }))
                .unwrap_or(0);
            if let Some(lost) = self.backlog.remove(drop)
                && lost.makes_row()
            {
                tracing::error!("a history row kept in memory was dropped: too many are waiting");
            }
        }
        self.backlog.push_back(op);
    }

    /// Writes what waits, in order, until one write fails.
    fn flush(&mut self) {
        while let Some(op) = self.backlog.front() {
            let h = match &mut self.h {
                Some(h) => h,
                None => match (self.reopen)() {
                    Ok(h) => self.h.insert(h),
                    Err(e) => {
                        self.fail(&e);
                        return;
                    }
                },
            };
            match apply(h, &mut self.rows, op) {
                Ok(()) => {}
                Err(e) if e.is_transient() => {
                    self.fail(&e);
                    return;
                }
                Err(e) => tracing::error!("the history refused a row: {e}"),
            }
            self.backlog.pop_front();
        }
        if self.failing.take().is_some() {
            tracing::info!("the history is written again; the rows that waited are in");
        }
        self.update_health();
    }

    fn fail(&mut self, e: &HistoryError) {
        let msg = Said::new(|| e.to_string());
        if self.failing.is_none() {
            tracing::error!(
                "cannot write the history: {}; the station plays on, and the rows are kept in memory until they can be written",
                msg.en()
            );
        }
        self.failing = Some(msg);
        self.update_health();
    }

    fn update_health(&self) {
        let h = Health {
            error: self.failing.clone(),
            waiting: self.waiting(),
        };
        match self.health.lock() {
            Ok(mut g) => *g = h,
            Err(e) => *e.into_inner() = h,
        }
    }
}

fn apply(h: &mut History, rows: &mut HashMap<u64, i64>, op: &Op) -> Result<(), HistoryError> {
    match op {
        Op::Start { token, b } => {
            let row = h.start(b)?;
            rows.insert(*token, row);
            Ok(())
        }
        Op::Started { token, at } => match rows.get(token) {
            Some(row) => h.started(*row, *at),
            None => Ok(()),
        },
        Op::Seen { token, at } => match rows.get(token) {
            Some(row) => h.seen(*row, *at),
            None => Ok(()),
        },
        Op::Finish { token, end } => match rows.get(token) {
            Some(row) => {
                h.finish(*row, end)?;
                rows.remove(token);
                Ok(())
            }
            None => Ok(()),
        },
        Op::Record { b, outcome, reason } => h.record(b, *outcome, reason).map(|_| ()),
        Op::Bulletin(r) => h.put_bulletin(r),
        Op::Sent(rows) => h.sent(rows),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn b(id: &str) -> NewBroadcast {
        let t = Utc.with_ymd_and_hms(2026, 12, 1, 22, 30, 0).unwrap();
        NewBroadcast {
            id: id.into(),
            title: id.into(),
            source: super::super::Source::Manual,
            requested_by: "test".into(),
            requested: t,
            scheduled: None,
            occurrence: None,
            files: vec![],
            bulletin: None,
            text: None,
        }
    }

    /// A genuine "database or disk is full" from SQLite: a database capped at its size.
    fn full() -> HistoryError {
        let mut h = History::open_in_memory().unwrap();
        h.set_max_pages(h.page_count().unwrap()).unwrap();
        loop {
            if let Err(e) = h.record(&b("x"), Outcome::Skipped, &"x".into()) {
                return e;
            }
        }
    }

    #[test]
    fn rows_wait_in_memory_while_the_disk_is_full_and_are_written_in_order_after() {
        let dir = tempfile::tempdir().unwrap();
        let room = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (path, has_room) = (dir.path().to_path_buf(), room.clone());
        let r = Recorder::spawn(Err(full()), move || {
            if has_room.load(std::sync::atomic::Ordering::SeqCst) {
                History::open(&path)
            } else {
                Err(full())
            }
        })
        .unwrap();
        let (tx, rx) = mpsc::channel();
        let durable = |token: u64, id: &str| {
            let tx = tx.clone();
            r.start(token, b(id), Some(Box::new(move |ok| tx.send(ok).unwrap())));
            rx.recv_timeout(Duration::from_secs(5)).unwrap()
        };
        let t = Utc.with_ymd_and_hms(2026, 12, 1, 22, 30, 0).unwrap();
        // The broadcast is told at once that its row is not on disk (it plays anyway).
        assert!(!durable(1, "a"));
        r.started(1, t);
        r.seen(1, t + chrono::TimeDelta::seconds(5));
        r.seen(1, t + chrono::TimeDelta::seconds(10));
        r.finish(
            1,
            Finish {
                ended: Some(t + chrono::TimeDelta::seconds(12)),
                outcome: Outcome::Played,
                reason: None,
                played_seconds: Some(12.0),
                on_air_seconds: None,
            },
        );
        r.record(b("skipped"), Outcome::Skipped, Said::plain("held"));
        assert_eq!(r.sync().unwrap(), 2);
        let health = r.health();
        assert_eq!(health.waiting, 2);
        assert!(
            health
                .error
                .as_ref()
                .unwrap()
                .en()
                .contains("the disk is full"),
            "{health:?}"
        );
        // Room again: the next write brings the waiting ones in first, in order.
        room.store(true, std::sync::atomic::Ordering::SeqCst);
        assert!(durable(2, "b"));
        assert_eq!(r.sync().unwrap(), 0);
        assert_eq!(r.health(), Health::default());
        drop(r);
        let h = History::open_read_only(dir.path()).unwrap();
        let rows = h.query(&super::super::Filter::default()).unwrap();
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["a", "skipped", "b"]);
        assert_eq!(rows[0].outcome, Some(Outcome::Played));
        assert_eq!(rows[0].started, Some(t));
        assert_eq!(rows[0].played_seconds, Some(12.0));
        assert_eq!(rows[1].outcome, Some(Outcome::Skipped));
        assert_eq!(rows[2].outcome, None, "b is still starting");
    }
}
