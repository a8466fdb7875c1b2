//! `[tts]` and the `text` / `text_file` keys of an announcement or an emergency preset (spec §13).
//! A text is read for speaking here ([`crate::tts::read`]), so its sound's name in the cache is
//! known when the schedule is built: the entry's one file is `tts/KEY.wav`, a path under the
//! state directory that `tts::prepare` renders (or finds already rendered) before the schedule
//! is used. Every key is checked with its span; the lexicon is a TOML file of its own, whose
//! errors point into it.
//!
//! Defaults (docs/tts.md): espeak-ng with its voice `vi`, rate 1, the Northern reading, a
//! rendering may take 2 minutes.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::AudioRef;
use crate::config::{Fields, Value};
use crate::diagnostic::{Diagnostic, Source, Span};
use crate::t;
use crate::tts::engine::{Engine, Voice};
use crate::tts::read::{Dialect, Lexicon};

pub(super) const TTS_KEYS: &[&str] = &[
    "engine", "command", "voice", "rate", "lexicon", "dialect", "timeout",
];
const RATE: std::ops::RangeInclusive<f64> = 0.5..=2.0;
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);
const TIMEOUT: std::ops::RangeInclusive<Duration> =
    Duration::from_secs(5)..=Duration::from_secs(30 * 60);
/// The longest text one entry may read, in bytes (a notice of 2,000 words is about 12 KB).
pub const MAX_TEXT: usize = 50_000;
/// The biggest lexicon file.
const MAX_LEXICON: usize = 1_000_000;

/// `[tts]`: how texts are read.
#[derive(Clone, Debug, Default)]
pub struct Tts {
    pub voice: Voice,
    pub dialect: Dialect,
    pub lexicon: Lexicon,
}

/// What an entry reads instead of files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Speech {
    /// As written (`text`, or `text_file`'s content).
    pub text: String,
    /// As it is spoken ([`crate::tts::read::read_aloud`]).
    pub reading: String,
    /// The `text` or `text_file` value.
    pub span: Span,
}

impl Tts {
    /// The cache's name for the sound of `reading`, relative to the state directory.
    pub fn sound_name(&self, reading: &str) -> String {
        format!("{}/{}.wav", crate::tts::cache::DIR, self.voice.key(reading))
    }

    /// `text` as this station reads it.
    pub fn reading(&self, text: &str) -> String {
        crate::tts::read::read_aloud(text, self.dialect, &self.lexicon)
    }
}

pub(super) fn read_tts(
    src: Source<'_>,
    v: &Value<'_>,
    base_dir: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Tts {
    let mut tts = Tts::default();
    let Some(f) = Fields::new(src, v, "[tts]", diags) else {
        return tts;
    };
    f.deny_unknown(TTS_KEYS, diags);
    let engine = f.string("engine", diags);
    let command = f.strings("command", diags);
    match (engine, command) {
        (Some(_), Some(c)) => diags.push(
            src.error(c.span, t!("tts-engine-and-command"))
                .with_help(t!("tts-engine-and-command-help")),
        ),
        (Some(e), None) if e.value.trim() != "espeak-ng" => diags.push(
            src.error(e.span, t!("tts-engine-unknown", value = e.value.as_str()))
                .with_help(t!("tts-engine-help")),
        ),
        (_, Some(c)) => {
            let mut argv: Vec<String> = c.value.iter().map(|a| a.value.clone()).collect();
            // A program named by a relative path is the schedule folder's, as every other file.
            if let Some(p) = argv.first_mut()
                && p.contains('/')
                && Path::new(p.as_str()).is_relative()
            {
                *p = base_dir.join(p.as_str()).display().to_string();
            }
            let one_string = f
                .get("command")
                .is_some_and(|v| v.get_ref().as_str().is_some());
            if one_string
                && argv
                    .first()
                    .is_some_and(|p| p.trim().contains(char::is_whitespace))
            {
                diags.push(
                    src.error(c.span, t!("tts-command-one-string"))
                        .with_help(t!("tts-command-help")),
                );
            } else if argv.first().is_none_or(|p| p.trim().is_empty()) {
                diags.push(
                    src.error(c.span, t!("tts-command-empty"))
                        .with_help(t!("tts-command-help")),
                );
            } else if !argv.iter().any(|a| a.contains("{out}")) {
                diags.push(
                    src.error(c.span, t!("tts-command-no-out"))
                        .with_help(t!("tts-command-help")),
                );
            } else {
                tts.voice.engine = Engine::Command(argv);
            }
        }
        _ => {}
    }
    if let Some(voice) = f.string("voice", diags) {
        let v = voice.value.trim();
        if v.is_empty() || v.len() > 200 || v.chars().any(char::is_control) {
            diags.push(src.error(voice.span, t!("tts-voice-invalid")));
        } else {
            tts.voice.voice = Some(v.to_string());
        }
    }
    if let Some(r) = f.number("rate", RATE, diags) {
        tts.voice.rate = r.value;
    }
    tts.voice.timeout = DEFAULT_TIMEOUT;
    if let Some(t) = f.duration("timeout", diags) {
        if TIMEOUT.contains(&t.value) {
            tts.voice.timeout = t.value;
        } else {
            diags.push(src.error(t.span, t!("tts-timeout-range")));
        }
    }
    if let Some(d) = f.string("dialect", diags) {
        match d.value.trim() {
            "north" | "bac" | "bắc" => tts.dialect = Dialect::North,
            "south" | "nam" => tts.dialect = Dialect::South,
            other => diags.push(
                src.error(d.span, t!("tts-dialect-unknown", value = other))
                    .with_help(t!("tts-dialect-help")),
            ),
        }
    }
    if let Some(l) = f.string("lexicon", diags) {
        let path = base_dir.join(l.value.trim());
        if let Some(lexicon) = read_lexicon(src, l.span, &path, diags) {
            tts.lexicon = lexicon;
        }
    }
    tts
}

/// The station's lexicon: a TOML file of `"WRITTEN" = "SPOKEN"` lines.
fn read_lexicon(
    src: Source<'_>,
    at: Span,
    path: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<Lexicon> {
    let file = path.display().to_string();
    let text = match super::read_file(path) {
        Ok(b) if b.len() > MAX_LEXICON => Err(t!("tts-lexicon-too-big", max = MAX_LEXICON)),
        Ok(b) => String::from_utf8(b).map_err(|_| t!("tts-not-utf8")),
        Err(why) => Err(why),
    };
    let text = match text {
        Ok(t) => t,
        Err(why) => {
            diags.push(
                src.error(
                    at,
                    t!("tts-lexicon-unreadable", file = file.as_str(), why = why),
                )
                .with_help(t!("tts-lexicon-help")),
            );
            return None;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let lsrc = Source::new(&file, text);
    let doc = crate::config::parse_document(&lsrc, diags)?;
    let mut entries = Vec::new();
    let mut ok = true;
    for (k, v) in doc.get_ref().iter() {
        match v.get_ref() {
            toml::de::DeValue::String(s) if !s.trim().is_empty() => {
                entries.push((k.get_ref().to_string(), s.to_string()));
            }
            _ => {
                ok = false;
                diags.push(
                    lsrc.error(
                        v.span(),
                        t!("tts-lexicon-entry", word = k.get_ref().as_ref()),
                    )
                    .with_help(t!("tts-lexicon-help")),
                );
            }
        }
    }
    ok.then(|| Lexicon::new(entries))
}

/// An entry's `text` or `text_file`, and the file its sound will be: `Some(None)` when it has
/// neither, `None` after an error (`files` beside a text is one).
pub(super) fn read_speech(
    f: &Fields<'_, '_>,
    base_dir: &Path,
    tts: &Tts,
    diags: &mut Vec<Diagnostic>,
) -> Option<Option<(Speech, AudioRef)>> {
    let src = f.source();
    let text = f.string("text", diags);
    let text_file = f.string("text_file", diags);
    let (text, span) = match (text, text_file) {
        (None, None) => {
            return (f.get("text").is_none() && f.get("text_file").is_none()).then_some(None);
        }
        (Some(_), Some(tf)) => {
            diags.push(
                src.error(tf.span, t!("tts-text-and-text-file"))
                    .with_help(t!("tts-text-and-text-file-help")),
            );
            return None;
        }
        (Some(t), None) => (t.value, t.span),
        (None, Some(tf)) => {
            let path: PathBuf = base_dir.join(tf.value.trim());
            let read = super::read_file(&path).and_then(|b| {
                if b.len() > MAX_TEXT {
                    Err(t!("tts-text-too-long", bytes = b.len(), max = MAX_TEXT))
                } else {
                    String::from_utf8(b).map_err(|_| t!("tts-not-utf8"))
                }
            });
            match read {
                Ok(t) => (t.trim_start_matches('\u{feff}').to_string(), tf.span),
                Err(why) => {
                    diags.push(src.error(
                        tf.span,
                        t!(
                            "tts-text-file-unreadable",
                            file = path.display().to_string(),
                            why = why
                        ),
                    ));
                    return None;
                }
            }
        }
    };
    if let Some(files) = f.get("files") {
        diags.push(
            src.error(files.span(), t!("tts-text-and-files"))
                .with_help(t!("tts-text-and-files-help")),
        );
        return None;
    }
    if text.len() > MAX_TEXT {
        diags.push(src.error(
            span,
            t!("tts-text-too-long", bytes = text.len(), max = MAX_TEXT),
        ));
        return None;
    }
    let reading = tts.reading(&text);
    if reading.chars().all(|c| !c.is_alphanumeric()) {
        diags.push(
            src.error(span, t!("tts-text-empty"))
                .with_help(t!("tts-text-empty-help")),
        );
        return None;
    }
    let name = tts.sound_name(&reading);
    let audio = AudioRef {
        written: name.clone(),
        path: PathBuf::from(name),
        span: span.clone(),
    };
    Some(Some((
        Speech {
            text,
            reading,
            span,
        },
        audio,
    )))
}

/// What reading an entry's `text` needs: the folder a `text_file` is relative to, and `[tts]`.
pub(super) struct Texts<'a> {
    pub base_dir: &'a Path,
    pub tts: &'a Tts,
}

/// An entry's files, or the sound its text will be, and the text.
pub(super) fn read_sound(
    f: &Fields<'_, '_>,
    audio_dir: &Path,
    texts: &Texts<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Vec<AudioRef>, Option<Box<Speech>>)> {
    match read_speech(f, texts.base_dir, texts.tts, diags)? {
        Some((speech, sound)) => Some((vec![sound], Some(Box::new(speech)))),
        None => super::values::read_files(f, audio_dir, diags).map(|mut files| {
            // Kept for the schedule's life: no room to grow (100,000 announcements).
            files.shrink_to_fit();
            (files, None)
        }),
    }
}
