//! The officer's language (spec §10): every message a person reads comes from a Project Fluent
//! catalogue, `i18n/vi/*.ftl` or `i18n/en/*.ftl` (one file per concern, joined by `build.rs`),
//! both built into the binary.
//!
//! The language is chosen once from the environment ([`Lang::from_env`]): `LOA_LANG` (`vi` or
//! `en`) first, then the locale as POSIX orders it (`LC_ALL`, `LC_MESSAGES`, `LANG`); a locale
//! starting with `vi` means Vietnamese, anything else English. A thread may speak another
//! language for a while ([`with_lang`]): the daemon answers each client in the client's language.
//!
//! This module owns looking messages up; it does not decide what they say. A message id missing
//! from one catalogue is a bug the parity test catches; at run time it falls back to English,
//! then to the id itself, never to a panic.

mod said;
pub mod words;

pub use said::Said;

use std::cell::Cell;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// The catalogues, as shipped (each language's files joined).
pub const VI_FTL: &str = include_str!(concat!(env!("OUT_DIR"), "/vi.ftl"));
pub const EN_FTL: &str = include_str!(concat!(env!("OUT_DIR"), "/en.ftl"));

/// A language loa speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    /// `vi`, `vi_VN.UTF-8`, `vi-VN` → Vietnamese; `en…` → English; anything else → `None`.
    pub fn parse(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase();
        let primary = tag.split(['_', '-', '.', '@']).next().unwrap_or_default();
        match primary {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// From environment values as a lookup gives them (a seam: tests pass a map).
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Lang {
        if let Some(lang) = get("LOA_LANG").as_deref().and_then(Lang::parse) {
            return lang;
        }
        // POSIX: the first of these that is set and not empty names the messages' locale.
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| get(k))
            .find(|v| !v.is_empty());
        match locale.as_deref().and_then(Lang::parse) {
            Some(Lang::Vi) => Lang::Vi,
            _ => Lang::En,
        }
    }

    pub fn from_env() -> Lang {
        Lang::from_vars(|k| std::env::var(k).ok())
    }

    pub fn tag(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    fn index(self) -> usize {
        match self {
            Lang::Vi => 0,
            Lang::En => 1,
        }
    }
}

static PROCESS_LANG: OnceLock<Lang> = OnceLock::new();

thread_local! {
    static THREAD_LANG: Cell<Option<Lang>> = const { Cell::new(None) };
}

/// The language messages are written in now, on this thread.
pub fn lang() -> Lang {
    THREAD_LANG
        .with(Cell::get)
        .unwrap_or_else(|| *PROCESS_LANG.get_or_init(default_lang))
}

/// The environment's language; the library's own unit tests read English whatever the machine's
/// locale, since they compare texts.
fn default_lang() -> Lang {
    if cfg!(test) {
        Lang::En
    } else {
        Lang::from_env()
    }
}

/// Runs `f` with this thread's messages in `lang` (the daemon answering a client).
pub fn with_lang<T>(lang: Lang, f: impl FnOnce() -> T) -> T {
    let before = THREAD_LANG.with(|c| c.replace(Some(lang)));
    let out = f();
    THREAD_LANG.with(|c| c.set(before));
    out
}

fn bundles() -> &'static [FluentBundle<FluentResource>; 2] {
    static BUNDLES: OnceLock<[FluentBundle<FluentResource>; 2]> = OnceLock::new();
    BUNDLES.get_or_init(|| [bundle(Lang::Vi, VI_FTL), bundle(Lang::En, EN_FTL)])
}

fn bundle(lang: Lang, text: &str) -> FluentBundle<FluentResource> {
    let id = lang.tag().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Unicode isolation marks would reach terminals and logs as invisible noise.
    bundle.set_use_isolating(false);
    // A catalogue with a syntax error still loads what parses; the parity test fails on it.
    let resource = FluentResource::try_new(text.to_owned()).unwrap_or_else(|(partial, _)| partial);
    // Duplicate ids keep the first; the parity test fails on them too.
    let _ = bundle.add_resource(resource);
    bundle
}

/// An argument of a message: text or a number (numbers choose plural forms).
pub type Arg<'a> = FluentValue<'a>;

/// The message `id` in the current language, with its arguments.
pub fn message(id: &str, args: &[(&str, Arg<'_>)]) -> String {
    message_in(lang(), id, args)
}

/// The message `id` in `lang`; English when `lang` lacks it, the id when both do.
pub fn message_in(lang: Lang, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    let all = bundles();
    let fluent_args = (!args.is_empty()).then(|| {
        let mut a = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            a.set(*name, value.clone());
        }
        a
    });
    for (i, b) in [&all[lang.index()], &all[Lang::En.index()]]
        .into_iter()
        .enumerate()
    {
        if let Some(pattern) = b.get_message(id).and_then(|m| m.value()) {
            // A message the reader's catalogue lacks, said in English: marked under
            // LOA_I18N_STRICT (the test that runs every command in Vietnamese looks for it).
            if i == 1 && lang != Lang::En && strict() {
                return format!("⟦EN-ONLY:{id}⟧");
            }
            let mut errors = Vec::new();
            let text = b.format_pattern(pattern, fluent_args.as_ref(), &mut errors);
            return text.into_owned();
        }
    }
    id.to_owned()
}

/// `LOA_I18N_STRICT` set: a message missing from the reader's catalogue shows as a marker
/// instead of its English.
fn strict() -> bool {
    static STRICT: OnceLock<bool> = OnceLock::new();
    *STRICT.get_or_init(|| std::env::var_os("LOA_I18N_STRICT").is_some())
}

/// Why an operation on a file failed, in words (the OS's own text is English and technical).
pub fn io_why(e: &std::io::Error) -> String {
    match e.raw_os_error() {
        Some(libc::ENOENT) => message("io-not-found", &[]),
        Some(libc::EACCES) | Some(libc::EPERM) => message("io-permission", &[]),
        Some(libc::ENOSPC) => message("io-disk-full", &[]),
        Some(libc::EROFS) => message("io-read-only", &[]),
        Some(libc::ELOOP) => message("io-loop", &[]),
        Some(libc::EISDIR) => message("io-is-dir", &[]),
        Some(libc::ENOTDIR) => message("io-not-dir", &[]),
        _ => message("io-other", &[("why", e.to_string().into())]),
    }
}

/// `t!("message-id", name = value, …)`: a message in the current language.
#[macro_export]
macro_rules! t {
    ($id:literal) => {
        $crate::i18n::message($id, &[])
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::message(
            $id,
            &[$((stringify!($name), $crate::i18n::Arg::from($value))),+],
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> Lang {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Lang::from_vars(|k| map.get(k).cloned())
    }

    #[test]
    fn the_language_comes_from_loa_lang_then_the_locale() {
        assert_eq!(env(&[]), Lang::En);
        assert_eq!(env(&[("LANG", "vi_VN.UTF-8")]), Lang::Vi);
        assert_eq!(env(&[("LANG", "C.UTF-8")]), Lang::En);
        assert_eq!(
            env(&[("LANG", "en_US.UTF-8"), ("LC_MESSAGES", "vi_VN")]),
            Lang::Vi
        );
        assert_eq!(env(&[("LANG", "vi_VN"), ("LC_ALL", "C")]), Lang::En);
        assert_eq!(env(&[("LANG", "vi_VN"), ("LOA_LANG", "en")]), Lang::En);
        assert_eq!(env(&[("LANG", "C"), ("LOA_LANG", "vi")]), Lang::Vi);
        // An empty LC_ALL does not count (POSIX).
        assert_eq!(env(&[("LANG", "vi_VN"), ("LC_ALL", "")]), Lang::Vi);
    }

    #[test]
    fn plurals_and_fallbacks() {
        let one = message_in(Lang::En, "test-plural", &[("n", 1.into())]);
        let many = message_in(Lang::En, "test-plural", &[("n", 3.into())]);
        assert_eq!(one, "1 file");
        assert_eq!(many, "3 files");
        assert_eq!(
            message_in(Lang::Vi, "test-plural", &[("n", 3.into())]),
            "3 tệp"
        );
        assert_eq!(
            message_in(Lang::Vi, "no-such-message", &[]),
            "no-such-message"
        );
    }

    #[test]
    fn a_thread_can_speak_another_language_for_a_while() {
        let outer = lang();
        let inner = with_lang(Lang::Vi, || {
            assert_eq!(lang(), Lang::Vi);
            with_lang(Lang::En, lang)
        });
        assert_eq!(inner, Lang::En);
        assert_eq!(lang(), outer);
    }
}
