//! The commands that talk to the running daemon over its socket: `status`, `stop`, `pause`,
//! `resume`, `reload`, and `play` (which plays by itself when no daemon answers).

use std::io::Write;
use std::path::Path;

use serde_json::Value;

use crate::control::client::{self, ClientError};
use crate::control::protocol::{ErrorKind, Request, Response};

use super::{OK, USER_ERROR};

/// Asks the daemon and prints its answer; for `stop`, `pause`, `resume`, `reload`.
pub fn simple(socket: &Path, request: Request) -> i32 {
    match client::ask(socket, &request) {
        Ok(r) => print_reply(&r),
        Err(e) => {
            eprintln!("loa: {e}");
            USER_ERROR
        }
    }
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
        Response::Status(_) => OK,
    }
}

/// `loa play` when a daemon may be running: hands the request over and says what became of it
/// (playing, queued behind what, or why it could not play, with the exit code to match). `Err`
/// means nobody answered, or the daemon had no room to take it (and says why), so the caller
/// plays by itself: an emergency must get through.
pub fn play_via_daemon(
    socket: &Path,
    target: &str,
    emergency: bool,
    repeat: Option<u32>,
    volume: Option<u8>,
) -> Result<i32, String> {
    // A file is sent by its absolute path: the daemon's working folder is not ours.
    let target = match Path::new(target) {
        p if p.exists() => {
            std::path::absolute(p).map_or_else(|_| target.to_string(), |a| a.display().to_string())
        }
        _ => target.to_string(),
    };
    match client::ask(
        socket,
        &Request::Play {
            target,
            emergency,
            repeat,
            volume,
        },
    ) {
        Ok(Response::Error {
            kind: ErrorKind::Busy,
            message,
            ..
        }) => Err(format!("the daemon is too busy to take it ({message})")),
        Ok(r) => Ok(print_reply(&r)),
        Err(e @ ClientError::NoDaemon { .. }) => Err(e.to_string()),
        Err(e) => {
            eprintln!("loa: {e}");
            Ok(USER_ERROR)
        }
    }
}

pub fn status(socket: &Path, json: bool) -> i32 {
    let v = match client::ask(socket, &Request::Status) {
        Ok(Response::Status(v)) => *v,
        Ok(other) => return print_reply(&other),
        Err(e) => {
            eprintln!("loa: {e}");
            return USER_ERROR;
        }
    };
    let mut out = std::io::stdout().lock();
    let _ = if json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&v).unwrap_or_default()
        )
    } else {
        write_status(&mut out, &v)
    };
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

fn write_status(out: &mut impl Write, v: &Value) -> std::io::Result<()> {
    let sched = &v["schedule"];
    writeln!(out, "station:   {}", s(sched, "station"))?;
    writeln!(
        out,
        "schedule:  {} (loaded {})",
        s(sched, "file"),
        when(s(sched, "loaded_at"))
    )?;
    if let Some(errs) = sched["errors"].as_array().filter(|e| !e.is_empty()) {
        writeln!(
            out,
            "           refused changes, the last good schedule runs:"
        )?;
        for e in errs {
            writeln!(out, "             {}", e.as_str().unwrap_or(""))?;
        }
    }
    writeln!(
        out,
        "now:       {} ({})",
        when(s(v, "now")),
        s(v, "time_zone")
    )?;
    let o = &v["output"];
    match o["error"].as_str() {
        Some(e) => writeln!(out, "output:    {}: failed: {e}", s(o, "name"))?,
        None => writeln!(out, "output:    {}: {}", s(o, "name"), s(o, "state"))?,
    }
    let a = &v["amplifier"];
    if a.is_object() {
        let last = &a["last"];
        match last["result"].as_str() {
            Some(r) => writeln!(
                out,
                "amplifier: {} (last: {} at {}: {r})",
                s(a, "state"),
                s(last, "switch"),
                when(s(last, "at"))
            )?,
            None => writeln!(out, "amplifier: {}", s(a, "state"))?,
        }
    }
    let c = &v["clock"];
    match (c["synced"].as_bool(), c["holding"].as_bool() == Some(true)) {
        (Some(false), true) => writeln!(
            out,
            "clock:     NOT synchronised: scheduled broadcasts are held (require_clock_sync)"
        )?,
        (Some(false), false) => writeln!(out, "clock:     not synchronised")?,
        (Some(true), _) => writeln!(out, "clock:     synchronised")?,
        (None, _) => writeln!(out, "clock:     cannot tell whether it is synchronised")?,
    }
    let h = &v["history"];
    if let Some(e) = h["error"].as_str() {
        writeln!(
            out,
            "history:   {}: cannot be written: {e} ({} row(s) kept in memory)",
            s(h, "file"),
            h["waiting_rows"].as_u64().unwrap_or(0)
        )?;
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
                "playing:   {} \"{}\" ({}) {}",
                p.get("id").and_then(Value::as_str).unwrap_or(""),
                p.get("title").and_then(Value::as_str).unwrap_or(""),
                p.get("source").and_then(Value::as_str).unwrap_or(""),
                progress
            )?;
        }
        None => writeln!(out, "playing:   nothing")?,
    }
    if v["paused"].as_bool() == Some(true) {
        match v["paused_until"].as_str() {
            Some(u) => writeln!(out, "paused:    scheduled broadcasts, until {}", when(u))?,
            None => writeln!(out, "paused:    scheduled broadcasts, until `loa resume`")?,
        }
    }
    if let Some(e) = v["emergency"].as_object() {
        writeln!(
            out,
            "emergency: {} repeats; next at {} (`loa stop` ends it)",
            e.get("id").and_then(Value::as_str).unwrap_or(""),
            when(e.get("next").and_then(Value::as_str).unwrap_or(""))
        )?;
    }
    for (label, key) in [("queue:", "queue"), ("next:", "next")] {
        let items = v[key].as_array().cloned().unwrap_or_default();
        if items.is_empty() {
            if key == "next" {
                writeln!(out, "{label:<10} nothing in the next two days")?;
            }
            continue;
        }
        for (i, it) in items.iter().enumerate() {
            writeln!(
                out,
                "{:<10} {}  {}  {}",
                if i == 0 { label } else { "" },
                when(s(it, "at")),
                super::fit(s(it, "id"), 24),
                s(it, "title")
            )?;
        }
    }
    if let Some(e) = v["last_error"].as_str() {
        writeln!(out, "last error: {e}")?;
    }
    Ok(())
}
