//! The commands that talk to the running daemon over its socket: `status`, `stop`, `pause`,
//! `resume`, `reload`, and `play` (which plays by itself when no daemon answers).

use std::io::Write;
use std::path::Path;

use serde_json::Value;

use crate::control::client::{self, ClientError};
use crate::control::protocol::{ErrorKind, Request, Response};

use crate::t;

use super::{OK, USER_ERROR};

/// Says why the daemon could not be asked; when none answers, also the next step to take.
fn report(e: &ClientError) {
    eprintln!("loa: {e}");
    if matches!(e, ClientError::NoDaemon { .. }) {
        eprintln!("{}", no_daemon_help());
    }
}

/// What to do when no daemon answers, for the person at the station.
pub fn no_daemon_help() -> String {
    format!("  = {}: {}", t!("help-label"), t!("client-no-daemon-help"))
}

/// Asks the daemon and prints its answer; for `stop`, `pause`, `resume`, `reload`.
pub fn simple(socket: &Path, request: Request) -> i32 {
    let asked = if matches!(request, Request::Stop) {
        ask_patiently(socket, &request)
    } else {
        client::ask(socket, &request)
    };
    match asked {
        Ok(r) => print_reply(&r),
        Err(e) => {
            report(&e);
            USER_ERROR
        }
    }
}

/// `loa live`: the daemon captures from the station's microphone; this waits for the end (its
/// answer), saying when it is on air. Ctrl-C closes the connection, which ends it.
pub fn live(socket: &Path, request: Request) -> i32 {
    println!("{}", t!("live-cli-asking"));
    // Ctrl-C is how a speaker says "finished": said, and a success (the daemon ends the
    // broadcast with a fade when this connection closes, as after `loa stop`).
    let signals = [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM];
    if let Ok(mut s) = signal_hook::iterator::Signals::new(signals) {
        std::thread::spawn(move || {
            if s.forever().next().is_some() {
                println!("{}", t!("live-cli-stopped"));
                std::process::exit(OK);
            }
        });
    }
    let watch = socket.to_path_buf();
    std::thread::spawn(move || {
        for _ in 0..36_000 {
            std::thread::sleep(std::time::Duration::from_millis(200));
            if let Ok(Response::Status(s)) = client::ask(&watch, &Request::Status)
                && s["playing"]["source"] == "live"
                && !s["playing"]["started"].is_null()
            {
                println!("{}", t!("live-cli-on-air"));
                return;
            }
        }
    });
    simple(socket, request)
}

fn print_reply(r: &Response) -> i32 {
    match r {
        Response::Ok { message } => {
            println!("{message}");
            OK
        }
        Response::Error {
            message, details, ..
        } => {
            eprintln!("loa: {message}");
            for d in details {
                eprintln!("{d}");
            }
            USER_ERROR
        }
        Response::Status(_) | Response::Bulletins { .. } => OK,
    }
}

/// `loa play` when a daemon may be running: hands the request over and says what became of it
/// (playing, queued behind what, or why it could not play, with the exit code to match). `Err`
/// means nobody answered, or the daemon had no room to take it (and says why), so the caller
/// plays by itself: an emergency must get through.
pub fn play_via_daemon(socket: &Path, mut request: Request) -> Result<i32, String> {
    // A file is sent by its absolute path: the daemon's working folder is not ours.
    if let Request::Play { target, .. } = &mut request
        && Path::new(target.as_str()).exists()
        && let Ok(a) = std::path::absolute(target.as_str())
    {
        *target = a.display().to_string();
    }
    match ask_patiently(socket, &request) {
        Ok(Response::Error {
            kind: ErrorKind::Busy,
            message,
            ..
        }) => Err(t!("play-daemon-busy", why = message)),
        Ok(r) => Ok(print_reply(&r)),
        Err(e @ ClientError::NoDaemon { .. }) => Err(e.to_string()),
        Err(e) => {
            report(&e);
            Ok(USER_ERROR)
        }
    }
}

/// How long a play or a stop keeps knocking while the daemon says it is busy: every one of its
/// slots, the ones kept for emergencies too, can be taken at once by a crowd of clients, but
/// they come free within seconds (a reserved slot waits 5 s at most for its request: twice that,
/// so that a box under load still frees one in time).
const PATIENCE: std::time::Duration = std::time::Duration::from_secs(10);

/// Asks, and asks again every 50 ms while the answer is "busy", for up to `PATIENCE`; then the
/// last answer stands (`loa play` then plays by itself).
fn ask_patiently(socket: &Path, request: &Request) -> Result<Response, ClientError> {
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        let answer = client::ask(socket, request);
        match &answer {
            Ok(Response::Error {
                kind: ErrorKind::Busy,
                ..
            }) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            _ => return answer,
        }
    }
}

pub fn status(socket: &Path, json: bool) -> i32 {
    let v = match client::ask(socket, &Request::Status) {
        Ok(Response::Status(v)) => *v,
        Ok(other) => return print_reply(&other),
        Err(e) => {
            report(&e);
            return USER_ERROR;
        }
    };
    if json {
        super::print_json(&v);
    } else {
        let _ = write_status(&mut std::io::stdout().lock(), &v);
    }
    OK
}

/// `loa bulletins [--json]`: the provincial feed's bulletins, as the daemon keeps them.
pub fn bulletins(socket: &Path, json: bool) -> i32 {
    let list = match client::ask(socket, &Request::Bulletins) {
        Ok(Response::Bulletins { bulletins }) => bulletins,
        Ok(other) => return print_reply(&other),
        Err(e) => {
            report(&e);
            return USER_ERROR;
        }
    };
    if json {
        super::print_json(&list);
        return OK;
    }
    let mut out = std::io::stdout().lock();
    if list.is_empty() {
        let _ = writeln!(out, "{}", crate::t!("bulletins-none"));
        return OK;
    }
    for b in &list {
        let state = crate::i18n::message("bulletins-state", &[("state", s(b, "state").into())]);
        let _ = writeln!(
            out,
            "{}  {}  {}  {}  {}",
            when(s(b, "received")),
            super::fit(s(b, "level"), 9),
            super::fit(&state, 12),
            crate::text::printable(s(b, "id")),
            crate::text::printable(s(b, "title"))
        );
        if s(b, "state") == "held" {
            let _ = writeln!(
                out,
                "    {}",
                crate::t!("bulletins-held-help", id = s(b, "id"))
            );
        } else if !s(b, "reason").is_empty() {
            // Why it was refused or how it ended ("the key that signed it is no longer in
            // `trusted_keys`").
            let _ = writeln!(out, "    {}", crate::text::printable(s(b, "reason")));
        }
    }
    OK
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

/// "2026-12-01T05:30:00+07:00" → "2026-12-01 05:30:00".
fn when(t: &str) -> String {
    t.get(..19)
        .map_or_else(|| t.to_string(), |x| x.replace('T', " "))
}

/// "18:00 ngày mai (thứ Bảy)": an RFC 3339 time in the station's zone, as a person says it,
/// counted from `now` (also RFC 3339 in the station's zone).
fn day_and_time(t: &str, now: &str) -> String {
    let parse = |x: &str| chrono::DateTime::parse_from_rfc3339(x).ok();
    match (parse(t), parse(now)) {
        (Some(t), Some(now)) => crate::i18n::words::time_and_day(&t, &now),
        _ => when(t),
    }
}

/// "station:   " — a label padded to the status's column, in the reader's language.
fn label(id: &str) -> String {
    let l = format!("{}:", crate::i18n::message(id, &[]));
    if super::width(&l) >= 11 {
        format!("{l} ")
    } else {
        super::fit(&l, 11)
    }
}

fn write_status(out: &mut impl Write, v: &Value) -> std::io::Result<()> {
    let sched = &v["schedule"];
    writeln!(out, "{}{}", label("status-station"), s(sched, "station"))?;
    writeln!(
        out,
        "{}{}",
        label("status-schedule"),
        t!(
            "status-schedule-value",
            file = s(sched, "file"),
            at = when(s(sched, "loaded_at"))
        )
    )?;
    if let Some(errs) = sched["errors"].as_array().filter(|e| !e.is_empty()) {
        writeln!(out, "{}{}", " ".repeat(11), t!("status-refused-changes"))?;
        for e in errs {
            writeln!(out, "             {}", e.as_str().unwrap_or(""))?;
        }
    }
    writeln!(
        out,
        "{}{} ({})",
        label("status-now"),
        when(s(v, "now")),
        s(v, "time_zone")
    )?;
    let o = &v["output"];
    let output = match o["error"].as_str() {
        Some(e) => t!("status-output-failed", name = s(o, "name"), why = e),
        None => t!(
            "status-output",
            name = s(o, "name"),
            state = t!("status-output-state", state = s(o, "state"))
        ),
    };
    writeln!(out, "{}{output}", label("status-output-label"))?;
    let a = &v["amplifier"];
    if a.is_object() {
        let last = &a["last"];
        let state = t!("status-amp-state", state = s(a, "state"));
        let text = match last["result"].as_str() {
            Some(r) => t!(
                "status-amp-last",
                state = state,
                switch = s(last, "switch"),
                at = when(s(last, "at")),
                result = r
            ),
            None => state,
        };
        writeln!(out, "{}{text}", label("status-amplifier"))?;
    }
    let c = &v["clock"];
    let clock = match (c["synced"].as_bool(), c["holding"].as_bool() == Some(true)) {
        (Some(false), true) => t!("status-clock-holding"),
        (Some(false), false) => t!("status-clock-unsynced"),
        (Some(true), _) => t!("status-clock-synced"),
        (None, _) => t!("status-clock-unknown"),
    };
    writeln!(out, "{}{clock}", label("status-clock"))?;
    let h = &v["history"];
    if let Some(e) = h["error"].as_str() {
        writeln!(
            out,
            "{}{}",
            label("status-history"),
            t!(
                "status-history-failing",
                file = s(h, "file"),
                why = e,
                n = h["waiting_rows"].as_u64().unwrap_or(0)
            )
        )?;
    }
    if let Some(f) = v["feed"].as_object() {
        let text = |k: &str| f.get(k).and_then(Value::as_str).unwrap_or("");
        let state = match text("state") {
            "connected" => t!(
                "status-feed-connected",
                node = text("node"),
                broker = text("broker")
            ),
            _ => t!(
                "status-feed-connecting",
                broker = text("broker"),
                why = f.get("error").and_then(Value::as_str).unwrap_or("…")
            ),
        };
        writeln!(out, "{}{state}", label("status-feed"))?;
        let held = f.get("held").and_then(Value::as_u64).unwrap_or(0);
        if held > 0 {
            writeln!(
                out,
                "{}{}",
                label("status-feed"),
                t!("status-feed-held", n = held)
            )?;
        }
    }
    if let Some(w) = v["web"].as_object() {
        let text = |k: &str| w.get(k).and_then(Value::as_str);
        let line = match (text("url"), text("fingerprint"), text("error")) {
            (Some(url), Some(fp), _) => t!("status-web-tls", url = url, fingerprint = fp),
            (Some(url), None, _) => t!("status-web-plain", url = url),
            (None, _, why) => t!("status-web-failed", why = why.unwrap_or("…")),
        };
        writeln!(out, "{}{line}", label("status-web"))?;
    }
    match v["playing"].as_object() {
        Some(p) => {
            let progress = p
                .get("progress_seconds")
                .and_then(Value::as_f64)
                .map(crate::audio::probe::mmss)
                .unwrap_or_default();
            writeln!(
                out,
                "{}{} \"{}\" ({}) {}",
                label("status-playing"),
                p.get("id").and_then(Value::as_str).unwrap_or(""),
                p.get("title").and_then(Value::as_str).unwrap_or(""),
                t!(
                    "history-source",
                    value = p.get("source").and_then(Value::as_str).unwrap_or("")
                ),
                progress
            )?;
            // A relay: its stream, as `loa status` promises (spec §8).
            if let Some(r) = p.get("relay").and_then(Value::as_object) {
                let text = |k: &str| r.get(k).and_then(Value::as_str).unwrap_or("");
                let state = if r.get("connected").and_then(Value::as_bool) == Some(true) {
                    t!(
                        "status-relay-connected",
                        format = text("format"),
                        buffer = crate::i18n::words::decimal(
                            r.get("buffer_seconds")
                                .and_then(Value::as_f64)
                                .unwrap_or(0.0),
                            1
                        )
                    )
                } else {
                    t!("status-relay-connecting", why = text("trouble"))
                };
                writeln!(
                    out,
                    "{}{}: {state}; {}",
                    label("status-relay"),
                    text("url"),
                    {
                        let failed = r.get("failed_tries").and_then(Value::as_u64).unwrap_or(0);
                        // "no sound for 25 minutes", once it has been silent a while.
                        let silent = r
                            .get("silent_seconds")
                            .and_then(Value::as_u64)
                            .filter(|s| *s >= 10 && r.get("connected") != Some(&Value::Bool(true)))
                            .map_or_else(
                                || "none".to_string(),
                                |s| crate::i18n::words::seconds(s as f64),
                            );
                        t!(
                            "status-relay-reconnects",
                            n = r.get("reconnects").and_then(Value::as_u64).unwrap_or(0),
                            failed = failed,
                            failed_count = crate::i18n::words::count(failed),
                            silent = silent
                        )
                    }
                )?;
            }
        }
        None => writeln!(out, "{}{}", label("status-playing"), t!("status-nothing"))?,
    }
    if v["paused"].as_bool() == Some(true) {
        let text = match v["paused_until"].as_str() {
            Some(u) => t!("status-paused-until", until = day_and_time(u, s(v, "now"))),
            None => t!("status-paused"),
        };
        writeln!(out, "{}{text}", label("status-paused-label"))?;
    }
    if let Some(e) = v["emergency"].as_object() {
        writeln!(
            out,
            "{}{}",
            label("status-emergency"),
            t!(
                "status-emergency-repeats",
                id = e.get("id").and_then(Value::as_str).unwrap_or(""),
                next = when(e.get("next").and_then(Value::as_str).unwrap_or(""))
            )
        )?;
    }
    for (id, key) in [("status-queue", "queue"), ("status-next", "next")] {
        let items = v[key].as_array().cloned().unwrap_or_default();
        if items.is_empty() {
            if key == "next" {
                writeln!(out, "{}{}", label(id), t!("status-next-none"))?;
            }
            continue;
        }
        for (i, it) in items.iter().enumerate() {
            writeln!(
                out,
                "{}{}  {}  {}",
                if i == 0 { label(id) } else { " ".repeat(11) },
                when(s(it, "at")),
                super::fit(s(it, "id"), 24),
                s(it, "title")
            )?;
        }
    }
    if let Some(e) = v["last_error"].as_str() {
        writeln!(out, "{}{e}", label("status-last-error"))?;
    }
    Ok(())
}
