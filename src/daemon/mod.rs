//! The daemon (`loa run`): the async shell around the dispatcher. It owns the clock, the player
//! thread, the history writer, the control socket, the schedule file watcher and the signals,
//! turns what happens into dispatcher events, and carries out the effects the dispatcher returns.
//! It decides nothing itself.
//!
//! One thread runs it (tokio's current-thread runtime), beside the player, the history writer
//! and, while the schedule is being read, a reader. Idle, it sleeps on a timerfd until the next
//! broadcast is near: no polling tick.
//!
//! Start-up order matters: the signal handlers come first (`main` holds SIGHUP, SIGTERM and
//! SIGINT back from its first instant until they are in place, so that none kills the daemon as
//! it starts), then the schedule (read off the loop, so that a SIGTERM meanwhile ends it cleanly),
//! then the history (a history that cannot be opened — a full disk — is logged, shown in
//! `loa status`, and the station plays without it), then the socket and the player.
//!
//! `shell` carries out effects, player events and requests; `load` reads the schedule.

mod amplifier;
mod clock_sync;
mod load;
mod shell;
mod systemd;

use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{SecondsFormat, TimeDelta};
use tokio::sync::mpsc;

use crate::clock::{Clock, SystemClock, Wake, WallTimer};
use crate::control::server::{self, Incoming};
use crate::dispatch::{self, Dispatcher, Event};
use crate::history::{self, History, Recorder};
use crate::schedule::{self, Schedule};

use shell::Shell;

/// Where things are, and what the command line overrides.
#[derive(Clone, Debug)]
pub struct Options {
    pub config: PathBuf,
    pub socket: PathBuf,
    pub state_dir: PathBuf,
    /// `--output` / `LOA_OUTPUT`: plays here whatever the schedule says.
    pub output: Option<schedule::Output>,
}

/// Quiet time after a change to the schedule file before it is read (editors write in steps).
const DEBOUNCE: Duration = Duration::from_millis(400);

/// The signals the daemon handles, held back from the process's first instant (see the
/// module's notes); `main` calls this before anything else when it runs the daemon.
const HANDLED: [libc::c_int; 3] = [libc::SIGHUP, libc::SIGTERM, libc::SIGINT];

fn signal_mask(how: libc::c_int) {
    // SAFETY: `set` is a valid sigset_t, initialised by sigemptyset before use.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for s in HANDLED {
            libc::sigaddset(&mut set, s);
        }
        libc::pthread_sigmask(how, &set, std::ptr::null_mut());
    }
}

/// Holds SIGHUP, SIGTERM and SIGINT back (pending, not lost) until the daemon's handlers are in
/// place.
pub fn hold_signals() {
    signal_mask(libc::SIG_BLOCK);
}

/// Lets them through again (for a command other than `run`, or once the handlers are in place).
pub fn release_signals() {
    signal_mask(libc::SIG_UNBLOCK);
}

/// Buffers of a mebibyte or more (argon2's 19 MiB at each console login, a decoded upload) go
/// back to the system when freed. Left alone, glibc raises its mmap threshold after the first
/// such buffer is freed and from then on serves them from each thread's arena, keeping up to twice
/// that size per arena: twenty logins held 117 MiB for good.
fn return_big_buffers() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a parameter of the allocator; called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

/// Runs the daemon until SIGTERM or SIGINT; returns the exit code.
pub fn run(opts: Options) -> i32 {
    return_big_buffers();
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("loa: cannot start: {e}");
            return 1;
        }
    };
    rt.block_on(main(opts))
}

type Loading = Pin<Box<dyn std::future::Future<Output = load::Result>>>;

async fn main(opts: Options) -> i32 {
    let Some(mut signals) = Signals::new() else {
        eprintln!("loa: {}", crate::t!("daemon-no-signals"));
        return 1;
    };
    release_signals();
    // Files the daemon makes (history, the schedule's copy) are for it and its group only.
    // SAFETY: umask has no preconditions.
    unsafe { libc::umask(0o027) };
    let clock = SystemClock;
    let (tz, note) = crate::clock::system_timezone();

    // The schedule, read off the loop: a signal meanwhile is acted on at once.
    let loader = load::Loader::default();
    let mut reload_soon = false;
    let first = match loader.read(&opts.config, tz, &opts.state_dir) {
        Ok(rx) => {
            let mut reading: Loading = Box::pin(load::wait(opts.config.clone(), rx));
            loop {
                tokio::select! {
                    r = &mut reading => break r,
                    s = signals.next() => match s {
                        Sig::Hangup => reload_soon = true,
                        Sig::Terminate(name) => {
                            tracing::info!("{name} while starting: stopping");
                            return 0;
                        }
                    },
                }
            }
        }
        Err(why) => {
            eprintln!("loa: {why}");
            return 1;
        }
    };
    let (loaded, schedule_errors) = match first {
        Ok(l) => {
            for w in load::capped(l.warnings.iter().map(|w| w.headline())) {
                tracing::warn!("{w}");
            }
            load::save_last_good(&opts.state_dir, &l.schedule);
            (l.schedule, Vec::new())
        }
        Err(refused) => {
            for e in load::capped(refused.errors.iter().map(|e| e.to_string())) {
                eprintln!("{e}");
            }
            match load::last_good(&opts.state_dir, &opts.config, tz) {
                Some(l) => {
                    tracing::error!(
                        "the schedule has errors; running the last good one, saved in {}",
                        opts.state_dir.join(load::LAST_GOOD).display()
                    );
                    (l.schedule, load::capped_said(&refused.lines))
                }
                None => {
                    eprintln!("loa: {}", crate::t!("daemon-no-good-schedule"));
                    return 1;
                }
            }
        }
    };
    if let Some(n) = note
        && !loaded.station.timezone_from_file
    {
        tracing::warn!("{n}");
    }

    // The history. One that cannot be opened (a full disk) does not keep the station silent.
    let now = clock.now();
    let opened = History::open(&opts.state_dir);
    let (done, last_active) = {
        let read = match &opened {
            Ok(h) => Some((
                h.occurrences_since(now - TimeDelta::days(dispatch::REMEMBERED_DAYS)),
                h.last_active(),
            )),
            Err(_) => History::open_read_only(&opts.state_dir).ok().map(|h| {
                (
                    h.occurrences_since(now - TimeDelta::days(dispatch::REMEMBERED_DAYS)),
                    h.last_active(),
                )
            }),
        };
        match read {
            Some((done, last)) => (
                done.unwrap_or_else(|e| {
                    tracing::error!("cannot read the history: {e}");
                    Vec::new()
                }),
                last.ok().flatten(),
            ),
            None => (Vec::new(), None),
        }
    };
    // The provincial feed's bulletins (ids for the replay check, those still to be decided).
    let bulletins = match &opened {
        Ok(h) => h.bulletins(),
        Err(_) => History::open_read_only(&opts.state_dir).and_then(|h| h.bulletins()),
    }
    .unwrap_or_else(|e| {
        tracing::warn!("cannot read the bulletins kept in the history: {e}");
        Vec::new()
    });
    // From now on, what this daemon misses is caught up after a crash, even before its first row.
    let opened = opened.map(|mut h| {
        if let Err(e) = h.mark_started(now) {
            tracing::warn!("cannot note the start in the history: {e}");
        }
        // Without a feed, nobody takes the outbox's rows.
        if loaded.fleet.is_none()
            && let Err(e) = h.clear_outbox()
        {
            tracing::warn!("cannot empty the history's outbox: {e}");
        }
        h
    });
    let state_dir = opts.state_dir.clone();
    let recorder = match Recorder::spawn(opened, move || History::open(&state_dir)) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("loa: cannot start the history writer: {e}");
            return 1;
        }
    };

    let (listener, _socket_guard) = match server::bind(&opts.socket) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("loa: {e}");
            return 1;
        }
    };
    let (events_tx, mut events) = mpsc::unbounded_channel();
    let schedule = Arc::new(loaded);
    let keys = done
        .into_iter()
        .map(|(id, local)| dispatch::Key { id, local });
    // Whether the clock can be trusted, before anything is caught up by it.
    let mut clock_sync = clock_sync::ClockSync::default();
    let synced = clock_sync
        .look(schedule.station.require_clock_sync)
        .unwrap_or(true);
    let (dispatcher, fx) = Dispatcher::start_with(schedule.clone(), keys, last_active, now, synced);
    let mut shell = match Shell::new(
        opts.clone(),
        clock,
        dispatcher,
        recorder,
        loader,
        schedule_errors,
        events_tx,
    ) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("loa: cannot start the player: {e}");
            return 1;
        }
    };
    shell.clock_sync = clock_sync;
    shell.feed_load(bulletins);
    tracing::info!(
        schedule = %opts.config.display(),
        station = %schedule.station.name,
        announcements = schedule.announcements.len(),
        output = %shell.output_name(),
        socket = %opts.socket.display(),
        history = %opts.state_dir.join(history::FILE_NAME).display(),
        "loa is running"
    );
    shell.execute(fx);
    if reload_soon {
        shell.want_reload("SIGHUP while starting".into(), None);
    }

    let (feed_tx, mut feed_rx) = mpsc::unbounded_channel::<crate::feed::client::In>();
    shell.feed_follow_schedule(&feed_tx);
    let (requests_tx, mut requests) = mpsc::channel::<Incoming>(64);
    let (stop_server, server_stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(server::serve(listener, requests_tx.clone(), async {
        let _ = server_stopped.await;
    }));
    shell.web_follow_schedule(&requests_tx);
    shell.speak_through(&requests_tx);
    let (changes_tx, mut changes) = mpsc::unbounded_channel::<()>();
    let _watcher = watch(&opts.config, changes_tx);
    let _ = sd_notify::notify(&[sd_notify::NotifyState::Ready]);
    let mut watchdog = systemd::Watchdog::from_env();
    let mut status_line = systemd::StatusLine::from_env();
    let mut stall = systemd::Stall::from_env();
    let mut timer = WallTimer::new();
    let mut reload_at: Option<Instant> = None;
    let mut loading: Option<(Loading, shell::Reload)> = None;

    loop {
        if loading.is_none()
            && let Some(l) = shell.begin_reload()
        {
            loading = Some(l);
        }
        // The feed's retained status follows every change the loop made.
        shell.publish_status();
        shell.publish_web();
        let now = shell.now();
        if status_line.listening() {
            let held = shell.clock_holding();
            status_line.update(systemd::status_line(&shell.dispatcher.status(now), held));
        }
        let wake = shell
            .dispatcher
            .next_wake(now)
            .unwrap_or(now + TimeDelta::days(1));
        tokio::select! {
            w = timer.sleep_until(&shell.clock, wake) => {
                if w == Wake::ClockChanged {
                    tracing::warn!(now = %shell.clock.now().to_rfc3339_opts(SecondsFormat::Secs, true), "the system clock was set; working out again what is due");
                }
                shell.check_clock();
                let fx = shell.dispatcher.handle(Event::Tick, shell.now());
                shell.execute(fx);
            }
            () = sleep_until_opt(shell.clock_sync.poll_at) => shell.check_clock(),
            Some(e) = events.recv() => shell.player_event(e),
            Some(incoming) = requests.recv() => shell.request(incoming),
            Some(e) = feed_rx.recv() => shell.feed_event(e),
            () = sleep_until_opt(shell.feed.status_at) => shell.feed_heartbeat(),
            () = sleep_until_opt(shell.bulletin_due()) => shell.bulletins_due(),
            () = sleep_until_opt(shell.feed.history_at) => shell.publish_history(),
            Some(()) = changes.recv() => reload_at = Some(Instant::now() + DEBOUNCE),
            () = sleep_until_opt(reload_at) => {
                reload_at = None;
                shell.want_reload("the schedule file changed".into(), None);
            }
            r = wait_loading(&mut loading) => {
                if let Some((_, reload)) = loading.take() {
                    shell.finish_reload(reload, r);
                    shell.feed_follow_schedule(&feed_tx);
                    shell.web_follow_schedule(&requests_tx);
                }
            }
            () = sleep_until_opt(shell.probe_at) => shell.probe(),
            () = sleep_until_opt(shell.next_follow_deadline()) => shell.follow_deadlines(),
            () = sleep_until_opt(shell.seen_at) => shell.seen(),
            () = sleep_until_opt(watchdog.next) => watchdog.feed(),
            secs = systemd::Stall::next(&mut stall) => {
                tracing::warn!("SIGUSR2 with LOA_FAULT_STALL_SECS: the loop hangs for {secs} s (fault injection)");
                std::thread::sleep(Duration::from_secs(secs));
            }
            s = signals.next() => match s {
                Sig::Hangup => shell.want_reload("SIGHUP".into(), None),
                Sig::Terminate(name) => {
                    tracing::info!("{name}: stopping");
                    let _ = sd_notify::notify(&[sd_notify::NotifyState::Stopping]);
                    shell.shutdown(&mut events).await;
                    let _ = stop_server.send(());
                    let _ = server.await;
                    return 0;
                }
            },
        }
    }
}

async fn wait_loading(loading: &mut Option<(Loading, shell::Reload)>) -> load::Result {
    match loading {
        Some((f, _)) => f.await,
        None => std::future::pending().await,
    }
}

async fn sleep_until_opt(at: Option<Instant>) {
    match at {
        Some(t) => tokio::time::sleep_until(t.into()).await,
        None => std::future::pending().await,
    }
}

/// Watches the schedule file's folder (editors replace the file by renaming a temporary one).
fn watch(
    config: &std::path::Path,
    tx: mpsc::UnboundedSender<()>,
) -> Option<notify::RecommendedWatcher> {
    use notify::{RecursiveMode, Watcher};
    let dir = config
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let name = config.file_name()?.to_os_string();
    let mut w = notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
        if let Ok(ev) = ev
            && !ev.kind.is_access()
            && ev
                .paths
                .iter()
                .any(|p| p.file_name() == Some(name.as_os_str()))
        {
            let _ = tx.send(());
        }
    })
    .map_err(|e| {
        tracing::warn!("cannot watch the schedule file: {e}; reload with SIGHUP or `loa reload`")
    })
    .ok()?;
    w.watch(dir, RecursiveMode::NonRecursive)
        .map_err(|e| {
            tracing::warn!(
                "cannot watch {}: {e}; reload with SIGHUP or `loa reload`",
                dir.display()
            )
        })
        .ok()?;
    Some(w)
}

enum Sig {
    Hangup,
    Terminate(&'static str),
}

struct Signals {
    hup: tokio::signal::unix::Signal,
    term: tokio::signal::unix::Signal,
    int: tokio::signal::unix::Signal,
}

impl Signals {
    fn new() -> Option<Signals> {
        use tokio::signal::unix::{SignalKind, signal};
        Some(Signals {
            hup: signal(SignalKind::hangup()).ok()?,
            term: signal(SignalKind::terminate()).ok()?,
            int: signal(SignalKind::interrupt()).ok()?,
        })
    }

    async fn next(&mut self) -> Sig {
        tokio::select! {
            _ = self.hup.recv() => Sig::Hangup,
            _ = self.term.recv() => Sig::Terminate("SIGTERM"),
            _ = self.int.recv() => Sig::Terminate("SIGINT"),
        }
    }
}

/// The schedule's own, or the command line's.
fn effective_output(opts: &Options, s: &Schedule) -> schedule::Output {
    opts.output
        .clone()
        .unwrap_or_else(|| s.station.output.clone())
}
