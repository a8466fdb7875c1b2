//! The reading as it is written out: words one space apart, the punctuation that makes an engine
//! pause (`. , ; : ! ?`) stuck to the word before it, never two marks in a row (the stronger one
//! stays), none at the start, nothing at either end. Also remembers what it last wrote, the
//! context the next number is read in ("ngày" before a date, "thứ" before an ordinal).

/// The marks kept: what an engine pauses on.
pub(super) const PUNCT: [char; 6] = ['.', ',', ';', ':', '!', '?'];

/// Words that belong to the number before them ("6-8 triệu đồng/tháng": một tháng).
const QTY_WORDS: [&str; 6] = ["trăm", "nghìn", "ngàn", "triệu", "tỷ", "đồng"];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    Start,
    Word,
    Punct(char),
}

/// The reading being built.
pub(super) struct Out {
    s: String,
    last: Last,
    /// Where the last word starts in `s`.
    word_start: usize,
    /// 2 right after a number phrase, 1 after the word that follows it: a `/` then means "per"
    /// ("2 lần/ngày": hai lần một ngày).
    qty: u8,
    /// Words written since the last date, up to 255 ("ngày 30-4 và 1-5": the second is a date).
    since_date: u8,
}

/// How strongly a mark ends what comes before it.
fn rank(c: char) -> u8 {
    match c {
        ',' => 1,
        ';' | ':' => 2,
        _ => 3,
    }
}

impl Out {
    pub(super) fn with_capacity(n: usize) -> Out {
        Out {
            s: String::with_capacity(n),
            last: Last::Start,
            word_start: 0,
            qty: 0,
            since_date: u8::MAX,
        }
    }

    /// Each word of `text` (blank-separated), as it is.
    pub(super) fn words(&mut self, text: &str) {
        for w in text.split_whitespace() {
            self.word(w);
        }
    }

    fn word(&mut self, w: &str) {
        if self.last != Last::Start {
            self.s.push(' ');
        }
        self.word_start = self.s.len();
        self.s.push_str(w);
        self.last = Last::Word;
        self.since_date = self.since_date.saturating_add(1);
        if !QTY_WORDS.contains(&w) {
            self.qty = self.qty.saturating_sub(1);
        }
    }

    /// A reading that may carry marks at the ends of its words (`"Hà Nội, Việt Nam"`).
    pub(super) fn extend_read(&mut self, reading: &str) {
        for piece in reading.split_whitespace() {
            let core = piece.trim_end_matches(PUNCT);
            if !core.is_empty() {
                self.word(core);
            }
            for c in piece.get(core.len()..).unwrap_or("").chars() {
                self.punct(c);
            }
        }
    }

    /// A pause mark (one of [`PUNCT`]).
    pub(super) fn punct(&mut self, c: char) {
        self.qty = 0;
        if rank(c) == 3 {
            self.since_date = u8::MAX;
        }
        match self.last {
            Last::Start => {}
            Last::Word => {
                self.s.push(c);
                self.last = Last::Punct(c);
            }
            Last::Punct(q) => {
                if rank(c) > rank(q) {
                    self.s.pop();
                    self.s.push(c);
                    self.last = Last::Punct(c);
                }
            }
        }
    }

    /// A line break: the end of a sentence, unless a mark already ends it.
    pub(super) fn brk(&mut self) {
        if self.last == Last::Word {
            self.punct('.');
        }
    }

    /// A number phrase was just written.
    pub(super) fn quantity(&mut self) {
        self.qty = 2;
    }

    /// A date was just written.
    pub(super) fn dated(&mut self) {
        self.since_date = 0;
    }

    /// Whether the last word is "và"/"hoặc" right after a date: `31-8` may then be a date too.
    pub(super) fn and_after_date(&self) -> bool {
        self.since_date == 1 && matches!(self.tail().as_deref(), Some("và" | "hoặc"))
    }

    /// Whether a number phrase was written just before (at most one word ago).
    pub(super) fn after_quantity(&self) -> bool {
        self.qty > 0
    }

    /// The last word written, lower-cased, if nothing came after it.
    pub(super) fn tail(&self) -> Option<String> {
        if self.last == Last::Word {
            self.s.get(self.word_start..).map(str::to_lowercase)
        } else {
            None
        }
    }

    /// Like [`Out::tail`], but also through a colon ("SĐT: 0912…").
    pub(super) fn tail_colon(&self) -> Option<String> {
        match self.last {
            Last::Word => self.tail(),
            Last::Punct(':') => {
                let end = self.s.len().checked_sub(1)?;
                self.s.get(self.word_start..end).map(str::to_lowercase)
            }
            _ => None,
        }
    }

    /// The reading; a comma left at the very end (`… (ĐT: 0912…)`) goes.
    pub(super) fn finish(mut self) -> String {
        if self.last == Last::Punct(',') {
            self.s.pop();
        }
        self.s
    }
}
