//! [`Said`]: a sentence loa keeps to be read later — why a broadcast ended as it did — written
//! once in every language it speaks, so that the reader of `loa history` next month reads it in
//! hers, whatever language the daemon ran in when it wrote it.
//!
//! A `Said` is made by running the code that writes the sentence (catalogue lookups) once per
//! language. It owns no wording of its own.

use serde::{Deserialize, Serialize};

use super::{Lang, lang, with_lang};

/// One sentence in each language loa speaks (boxed: it travels in the player's and the
/// dispatcher's events, which stay small).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Said(Box<Texts>);

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Texts {
    vi: String,
    en: String,
}

impl Said {
    /// Runs `write` in each language: `Said::new(|| t!("reason-stopped-by", by = who))`.
    pub fn new(write: impl Fn() -> String) -> Said {
        Said::both(with_lang(Lang::Vi, &write), with_lang(Lang::En, &write))
    }

    /// The two texts, as kept.
    pub fn both(vi: String, en: String) -> Said {
        Said(Box::new(Texts { vi, en }))
    }

    /// The same text in every language (a file name, a URL, a decoder's own words).
    pub fn plain(text: impl Into<String>) -> Said {
        let text = text.into();
        Said::both(text.clone(), text)
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.0.vi,
            Lang::En => &self.0.en,
        }
    }

    /// The English text: what the journal and scripts read.
    pub fn en(&self) -> &str {
        &self.0.en
    }

    pub fn vi(&self) -> &str {
        &self.0.vi
    }

    /// A new sentence made from this one, written in each language: `f` gets this sentence in
    /// the language it runs in.
    pub fn then(&self, f: impl Fn(&str) -> String) -> Said {
        Said::both(
            with_lang(Lang::Vi, || f(&self.0.vi)),
            with_lang(Lang::En, || f(&self.0.en)),
        )
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
        Said::both(one(Lang::Vi), one(Lang::En))
    }

    pub fn is_empty(&self) -> bool {
        self.0.vi.is_empty() && self.0.en.is_empty()
    }
}

/// Text that reads the same in every language (`Said::plain`).
impl From<&str> for Said {
    fn from(text: &str) -> Said {
        Said::plain(text)
    }
}

impl From<String> for Said {
    fn from(text: String) -> Said {
        Said::plain(text)
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
        assert_eq!(longer.vi(), "3 tệp!");
        let both = Said::join(&[s.clone(), Said::plain("a.mp3")], || "; ".into());
        assert_eq!(both.en(), "3 files; a.mp3");
    }
}
