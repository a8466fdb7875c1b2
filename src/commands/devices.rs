//! `loa devices`: the audio outputs of this machine, by the names the schedule's `output`
//! takes, and its microphones, by the names `loa live --device` takes.

use std::io::Write;

use crate::audio::output::list_devices;

use super::{OK, USER_ERROR, fit};
use crate::t;

/// "48000 Hz, 2 kênh, f32".
fn format_words(rate: u32, channels: u16, sample: Option<&str>) -> String {
    let base = t!("devices-format", rate = rate, channels = channels);
    match sample {
        Some(s) => format!("{base}, {s}"),
        None => base,
    }
}

/// A device's description: ALSA's own plugins (whose descriptions are English sentences) in
/// the reader's words; a sound card's, which is its name, as the system gives it.
fn description(name: &str, system: &str, input: bool) -> String {
    let plugin = name.strip_prefix("alsa:").unwrap_or(name);
    if input && ["default", "sysdefault", "dsnoop"].contains(&plugin) {
        return t!("devices-alsa-input", plugin = plugin);
    }
    let known = [
        "null",
        "pulse",
        "default",
        "sysdefault",
        "pipewire",
        "jack",
        "oss",
        "dmix",
        "dsnoop",
    ];
    if known.contains(&plugin) {
        t!("devices-alsa-plugin", plugin = plugin)
    } else {
        system.lines().next().unwrap_or("").to_string()
    }
}

/// One device's line: name, default, format, what it is (a microphone when `input`).
fn row(out: &mut impl Write, d: &crate::audio::output::DeviceInfo, input: bool) {
    let format = match &d.format {
        Ok((rate, ch, fmt)) => format_words(*rate, *ch, Some(fmt)),
        Err(e) => e.clone(),
    };
    let _ = writeln!(
        out,
        "{}  {}  {}  {}",
        fit(&d.name, 28),
        fit(if d.is_default { "*" } else { "" }, 9),
        fit(&format, 24),
        description(&d.name, &d.description, input)
    );
}

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
        "{}  {}  {}  {}",
        fit(&t!("devices-col-name"), 28),
        fit(&t!("devices-col-default"), 9),
        fit(&t!("devices-col-format"), 24),
        t!("devices-col-description")
    );
    for d in &usable {
        row(&mut out, d, false);
    }
    if usable.is_empty() {
        let _ = writeln!(out, "{}", t!("devices-none-usable"));
    }
    for (name, format, what) in [
        (
            "null".to_string(),
            format_words(48_000, 2, None),
            t!("devices-null"),
        ),
        (
            t!("devices-wav-name"),
            format_words(48_000, 2, Some("i16")),
            t!("devices-wav"),
        ),
    ] {
        let _ = writeln!(
            out,
            "{}  {}  {}  {what}",
            fit(&name, 28),
            fit("", 9),
            fit(&format, 24)
        );
    }
    if !other.is_empty() {
        let names: Vec<&str> = other.iter().map(|d| d.name.as_str()).collect();
        let _ = writeln!(
            out,
            "{}",
            crate::t!("devices-not-available", names = names.join(", "))
        );
    }
    // The microphones, for `loa live --device` (spec §12); not ALSA's null device, which
    // hears nothing.
    let inputs: Vec<_> = crate::audio::output::list_inputs()
        .unwrap_or_default()
        .into_iter()
        .filter(|d| d.name.strip_prefix("alsa:").unwrap_or(&d.name) != "null")
        .collect();
    let _ = writeln!(out, "\n{}", t!("devices-inputs"));
    if inputs.is_empty() {
        let _ = writeln!(out, "{}", t!("devices-no-inputs"));
    }
    for d in &inputs {
        row(&mut out, d, true);
    }
    OK
}
