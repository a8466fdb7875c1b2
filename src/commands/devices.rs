//! `loa devices`: the audio outputs of this machine, by the names the schedule's `output` takes.

use std::io::Write;

use crate::audio::output::list_devices;

use super::{OK, USER_ERROR, fit};

pub fn run() -> i32 {
    let devices = match list_devices() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("loa: {e}");
            return USER_ERROR;
        }
    };
    let mut out = std::io::stdout().lock();
    let (usable, other): (Vec<_>, Vec<_>) = devices.into_iter().partition(|d| d.format.is_ok());
    let _ = writeln!(
        out,
        "{:<28}  {:<7}  {:<22}  DESCRIPTION",
        "NAME (for `output`)", "DEFAULT", "FORMAT"
    );
    for d in &usable {
        let format = match &d.format {
            Ok((rate, ch, fmt)) => format!("{rate} Hz, {ch} ch, {fmt}"),
            Err(e) => e.clone(),
        };
        let _ = writeln!(
            out,
            "{}  {:<7}  {:<22}  {}",
            fit(&d.name, 28),
            if d.is_default { "*" } else { "" },
            format,
            d.description.lines().next().unwrap_or("")
        );
    }
    if usable.is_empty() {
        let _ = writeln!(out, "(no audio output can be opened on this machine now)");
    }
    for (name, format, what) in [
        (
            "null",
            "48000 Hz, 2 ch",
            "loa: plays into nothing, in real time",
        ),
        (
            "wav:PATH",
            "48000 Hz, 2 ch, i16",
            "loa: writes what a card would play into a WAV file",
        ),
    ] {
        let _ = writeln!(out, "{name:<28}  {:<7}  {format:<22}  {what}", "");
    }
    if !other.is_empty() {
        let names: Vec<&str> = other.iter().map(|d| d.name.as_str()).collect();
        let _ = writeln!(
            out,
            "{}",
            crate::t!("devices-not-available", names = names.join(", "))
        );
    }
    OK
}
