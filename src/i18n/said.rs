//! [`Said`]: a sentence loa keeps to be read later — why a broadcast ended as it did — written
//! once in every language it speaks, so that the reader of `loa history` next month reads it in
//! hers, whatever language the daemon ran in when it wrote it.
//!
//! A `Said` is made by running the code that writes the sentence (catalogue lookups) once per
//! language. It owns no wording of its own.

use serde::{Deserialize, Serialize};

use super::{Lang, lang, with_lang};

/// One sentence in each language loa speaks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Said {
    pub vi: String,
    pub en: String,
}

impl Said {
    /// Runs `write` in each language: `Said::new(|| t!("reason-stopped-by", by = who))`.
    pub fn new(write: impl Fn() -> String) -> Said {
        Said {
            vi: with_lang(Lang::Vi, &write),
            en: with_lang(Lang::En, &write),
        }
    }

    /// The same text in every language (a file name, a URL, a decoder's own words).
    pub fn plain(text: impl Into<String>) -> Said {
        let text = text.into();
        Said {
            vi: text.clone(),
            en: text,
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.vi,
            Lang::En => &self.en,
        }
    }

    /// A new sentence made from this one, written in each language: `f` gets this sentence in
    /// the language it runs in.
    pub fn then(&self, f: impl Fn(&str) -> String) -> Said {
        Said {
            vi: with_lang(Lang::Vi, || f(&self.vi)),
            en: with_lang(Lang::En, || f(&self.en)),
        }
    }

    /// Sentences joined with `sep` (the separator may itself be a catalogue message: it is
    /// asked for in each language).
    pub fn join(parts: &[Said], sep: impl Fn() -> String) -> Said {
        let one = |l: Lang| {
            with_lang(l, || {
                let sep = sep();
                parts
                    .iter()
                    .map(|p| p.get(l))
                    .collect::<Vec<_>>()
                    .join(&sep)
            })
        };
        Said {
            vi: one(Lang::Vi),
            en: one(Lang::En),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.vi.is_empty() && self.en.is_empty()
    }
}

/// In the language of the thread that prints it.
impl std::fmt::Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.get(lang()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::t;

    #[test]
    fn a_sentence_is_written_in_each_language_and_read_in_the_reader_s() {
        let s = Said::new(|| t!("test-plural", n = 3));
        assert_eq!(s.get(Lang::Vi), "3 tệp");
        assert_eq!(s.get(Lang::En), "3 files");
        assert_eq!(with_lang(Lang::Vi, || s.to_string()), "3 tệp");
        let longer = s.then(|x| format!("{x}!"));
        assert_eq!(longer.vi, "3 tệp!");
        let both = Said::join(&[s.clone(), Said::plain("a.mp3")], || "; ".into());
        assert_eq!(both.en, "3 files; a.mp3");
    }
}
