//! The engines that turn a reading into sound (spec §13): Debian's `espeak-ng` program with its
//! Vietnamese voice, or a command of the station's choice that reads the text on standard input
//! and writes a WAV file at `{out}` (a Piper voice, a vendor's engine). Each runs as a child in a
//! process group of its own, never on the daemon's loop; one that outlasts its timeout is killed
//! with everything it started, one that fails is an error with the last lines it wrote, and what
//! it wrote is kept only once it decodes to the end as sound.
//!
//! Decides nothing about what to say (that is [`super::read`]) or where the sound is kept (the
//! cache, [`super::cache`]).

use std::io::{BufRead, Read, Write};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::i18n::Said;
use crate::process::kill_group;
use crate::t;

/// espeak-ng's words a minute at `rate = 1`.
const ESPEAK_WPM: f64 = 175.0;
/// The last lines of an engine's error output shown when it fails.
const STDERR_LINES: usize = 3;
/// How long the last of an engine's error output is waited for once it has ended.
const LAST_WORDS: Duration = Duration::from_secs(2);
/// At most this much of an engine's error output is kept (the last of it).
const STDERR_KEEP: usize = 4096;

/// Which program reads.
#[derive(Clone, Debug, PartialEq)]
pub enum Engine {
    /// `espeak-ng`, voice `vi` unless `voice` says otherwise.
    Espeak,
    /// The program and its arguments; `{out}` is where it writes the WAV, `{voice}` and `{rate}`
    /// the table's values, `{length_scale}` 1 / `rate` (Piper's `--length_scale`).
    Command(Vec<String>),
}

/// An engine with its settings: what a reading is rendered with.
#[derive(Clone, Debug, PartialEq)]
pub struct Voice {
    pub engine: Engine,
    pub voice: Option<String>,
    /// 0.5–2.0; 1 is the engine's normal speed.
    pub rate: f64,
    /// The longest one rendering may take.
    pub timeout: Duration,
}

impl Default for Voice {
    fn default() -> Voice {
        Voice {
            engine: Engine::Espeak,
            voice: None,
            rate: 1.0,
            timeout: Duration::from_secs(120),
        }
    }
}

/// Why a reading could not be rendered, worded in each language (the daemon's log and each
/// reader of `loa status` or the console read it in theirs).
#[derive(Clone, Debug)]
pub struct RenderError(pub Said);

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0.get(crate::i18n::lang()))
    }
}

impl std::error::Error for RenderError {}

/// A [`RenderError`] worded by `write` in each language.
fn said(write: impl Fn() -> String) -> RenderError {
    RenderError(Said::new(write))
}

impl Voice {
    /// What names the sound this voice makes of `reading`: the same key, the same sound. Hex of
    /// a SHA-256 over the engine, its arguments, the voice, the rate and the reading.
    pub fn key(&self, reading: &str) -> String {
        let mut h = Sha256::new();
        let mut part = |s: &str| {
            h.update((s.len() as u64).to_le_bytes());
            h.update(s.as_bytes());
        };
        part("loa-tts-1");
        match &self.engine {
            Engine::Espeak => part("espeak-ng"),
            Engine::Command(argv) => {
                part("command");
                argv.iter().for_each(|a| part(a));
            }
        }
        part(self.voice.as_deref().unwrap_or(""));
        part(&format!("{:.3}", self.rate));
        part(reading);
        let digest = h.finalize();
        digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
    }

    /// The program and its arguments that write the sound at `out`.
    pub fn argv(&self, out: &Path) -> Vec<String> {
        let out = out.to_string_lossy();
        match &self.engine {
            Engine::Espeak => vec![
                "espeak-ng".into(),
                "-v".into(),
                self.voice.clone().unwrap_or_else(|| "vi".into()),
                "-s".into(),
                format!("{}", (ESPEAK_WPM * self.rate).round() as u32),
                "-b".into(),
                "1".into(),
                "-w".into(),
                out.into_owned(),
                "--stdin".into(),
            ],
            Engine::Command(argv) => {
                let voice = self.voice.as_deref().unwrap_or("");
                let rate = format!("{}", self.rate);
                // Piper's speed is a length: 2 × faster is half as long.
                let length = format!("{:.3}", 1.0 / self.rate);
                argv.iter()
                    .map(|a| {
                        a.replace("{out}", &out)
                            .replace("{voice}", voice)
                            .replace("{rate}", &rate)
                            .replace("{length_scale}", &length)
                    })
                    .collect()
            }
        }
    }

    /// Renders `reading` into the WAV file `out` (replaced if there). The sound is written beside
    /// it under a temporary name and renamed once it decodes to the end: a crash or a kill never
    /// leaves half a file under the real name.
    pub fn render(&self, reading: &str, out: &Path) -> Result<(), RenderError> {
        let part = out.with_extension("part.wav");
        let _ = std::fs::remove_file(&part);
        let argv = self.argv(&part);
        let result = run(&argv, reading, self.timeout).and_then(|()| {
            // A header that claims a day of sound is refused before a day is decoded (an engine
            // that wrote one held `loa check` a minute and the loudspeakers would have been
            // next): no reading lasts over a minute plus a second a character.
            let most = Duration::from_secs(60 + reading.chars().count() as u64);
            if let Ok(p) = crate::audio::probe::probe(&part, crate::audio::probe::Depth::Header)
                && p.duration > most
            {
                return Err(said(|| {
                    t!(
                        "tts-no-sound",
                        program = program(&argv),
                        why = t!(
                            "tts-too-long",
                            length = crate::i18n::words::duration(p.duration),
                            most = crate::i18n::words::duration(most)
                        )
                    )
                }));
            }
            crate::audio::probe::probe(&part, crate::audio::probe::Depth::Full)
                .map_err(|e| {
                    said(|| t!("tts-no-sound", program = program(&argv), why = e.reason()))
                })
                .and_then(|p| {
                    if p.duration.is_zero() {
                        Err(said(|| {
                            t!(
                                "tts-no-sound",
                                program = program(&argv),
                                why = t!("tts-empty-sound")
                            )
                        }))
                    } else {
                        Ok(())
                    }
                })
        });
        match result.and_then(|()| {
            std::fs::rename(&part, out).map_err(|e| {
                said(|| {
                    t!(
                        "tts-cannot-keep",
                        file = out.display().to_string(),
                        why = crate::i18n::io_why(&e)
                    )
                })
            })
        }) {
            Ok(()) => Ok(()),
            Err(e) => {
                let _ = std::fs::remove_file(&part);
                Err(e)
            }
        }
    }
}

fn program(argv: &[String]) -> String {
    argv.first().cloned().unwrap_or_default()
}

/// Runs `argv` with `text` on its standard input until it ends or `timeout` passes (then its
/// process group is killed).
fn run(argv: &[String], text: &str, timeout: Duration) -> Result<(), RenderError> {
    let Some((prog, args)) = argv.split_first() else {
        return Err(said(|| t!("tts-command-empty")));
    };
    let mut child = Command::new(prog)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound && prog == "espeak-ng" {
                said(|| t!("tts-not-installed", program = prog.as_str()))
            } else if e.kind() == std::io::ErrorKind::NotFound {
                said(|| t!("tts-program-missing", program = prog.as_str()))
            } else {
                said(|| {
                    t!(
                        "tts-cannot-run",
                        program = prog.as_str(),
                        why = crate::i18n::io_why(&e)
                    )
                })
            }
        })?;
    let pgid = i32::try_from(child.id()).unwrap_or(0);
    // The text is written and the error output read on threads of their own: an engine that
    // writes much before it reads, or reads nothing, blocks neither.
    let stdin = child.stdin.take();
    let text = text.to_owned();
    let writer = std::thread::Builder::new()
        .name("loa-tts-in".into())
        .spawn(move || {
            if let Some(mut i) = stdin {
                // An engine may end without reading all of it: its exit status says what happened.
                let _ = i.write_all(text.as_bytes());
            }
        });
    let stderr = child.stderr.take();
    let (told_tx, told_rx) = mpsc::channel();
    let reader = std::thread::Builder::new()
        .name("loa-tts-err".into())
        .spawn(move || {
            let _ = told_tx.send(tail(stderr));
        });
    let (done_tx, done_rx) = mpsc::channel();
    let waiter = std::thread::Builder::new()
        .name("loa-tts-wait".into())
        .spawn(move || {
            let _ = done_tx.send(child.wait());
        });
    if waiter.is_err() {
        kill_group(pgid);
        return Err(said(|| t!("tts-no-thread", program = prog.as_str())));
    }
    let status = match done_rx.recv_timeout(timeout) {
        Ok(s) => s,
        Err(_) => {
            kill_group(pgid);
            let _ = done_rx.recv();
            return Err(said(|| {
                t!(
                    "tts-timed-out",
                    program = prog.as_str(),
                    seconds = timeout.as_secs()
                )
            }));
        }
    };
    // Whatever it left running in its group goes too (it would hold the error pipe open). One
    // that left its group may hold the pipes for ever: its words are waited for a moment, and
    // the writer is never waited for (it ends when the pipe does).
    kill_group(pgid);
    drop(writer);
    let told = match reader {
        Ok(_) => told_rx.recv_timeout(LAST_WORDS).unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    // "none" picks the catalogue's wording without a colon.
    let told = if told.is_empty() {
        "none".to_string()
    } else {
        told.join(" · ")
    };
    match status {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(match s.code() {
            Some(code) => said(|| {
                t!(
                    "tts-failed",
                    program = prog.as_str(),
                    code = code,
                    said = told.as_str()
                )
            }),
            None => {
                let signal = std::os::unix::process::ExitStatusExt::signal(&s).unwrap_or(0);
                said(|| {
                    t!(
                        "tts-killed",
                        program = prog.as_str(),
                        signal = signal,
                        said = told.as_str()
                    )
                })
            }
        }),
        Err(e) => Err(said(|| {
            t!(
                "tts-cannot-run",
                program = prog.as_str(),
                why = crate::i18n::io_why(&e)
            )
        })),
    }
}

/// The last lines of what an engine wrote on its error output.
fn tail(stderr: Option<std::process::ChildStderr>) -> Vec<String> {
    let Some(mut e) = stderr else {
        return Vec::new();
    };
    let mut kept: Vec<u8> = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        match e.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                kept.extend_from_slice(&buf[..n]);
                if kept.len() > 2 * STDERR_KEEP {
                    kept.drain(..kept.len() - STDERR_KEEP);
                }
            }
        }
    }
    let lines: Vec<String> = kept
        .lines()
        .map_while(Result::ok)
        .map(|l| crate::text::printable(l.trim()).into_owned())
        .filter(|l| !l.is_empty())
        .collect();
    lines[lines.len().saturating_sub(STDERR_LINES)..].to_vec()
}
