//! The console's announcement form written into the schedule (`schedule::form`, what
//! `/schedule/edit` and `/schedule/delete` post): from the example schedule as shipped, with its
//! comments, any add, change or removal of an announcement with valid values — an id, times,
//! days, dates and the example's own recordings — posted as the browser posts it, read as the
//! handler reads it, written, then checked as `loa check` checks it. It must check clean (the
//! form asked for nothing wrong), and every comment of the original that does not belong to a
//! removed announcement must still be there.
#![no_main]

use chrono::TimeZone;
use libfuzzer_sys::fuzz_target;
use loa::schedule::form::{self, AnnouncementForm};

const EXAMPLE: &str = include_str!("../../config/schedule.toml");
const CONFIG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../config/schedule.toml");
const RECORDINGS: [&str; 9] = [
    "ban-tin-chieu.mp3",
    "ban-tin-sang.mp3",
    "canh-bao-bao.mp3",
    "cchc-01.ogg",
    "cchc-02.ogg",
    "cchc-03.ogg",
    "chime.ogg",
    "siren.ogg",
    "ve-sinh-moi-truong.ogg",
];
const NEW_IDS: [&str; 6] = ["ban-tin-toi", "a", "thong-bao-2", "0", "x-1-2", "tin-moi"];
const TITLES: [&str; 8] = [
    "Bản tin tối",
    "Thông báo \"khẩn\" \\ 100%",
    "# không phải chú thích",
    "[[announcement]]",
    "a = 'b'",
    "Lịch tiêm phòng — đợt 2",
    "   cách   ",
    "x",
];

/// The input read a byte at a time (zeros once it runs out).
struct Input<'a>(&'a [u8]);

impl Input<'_> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((&b, rest)) => {
                self.0 = rest;
                b
            }
            None => 0,
        }
    }

    fn pick<'b, T>(&mut self, from: &'b [T]) -> &'b T {
        &from[usize::from(self.byte()) % from.len()]
    }
}

/// The announcements' ids in the example, in order.
fn ids(text: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut in_announcement = false;
    for line in text.lines() {
        let l = line.trim();
        if l.starts_with('[') {
            in_announcement = l == "[[announcement]]";
        } else if in_announcement && let Some(v) = l.strip_prefix("id = \"") {
            ids.extend(v.split('"').next().map(str::to_string));
        }
    }
    ids
}

/// Every comment of `text` (from its `#` to the end of its line) and the announcement it
/// belongs to, as `toml_edit` keeps them: a comment on a key's line, or on a line of its own
/// before the table's next key, is its table's; one before a header is that header's table's.
fn comments(text: &str) -> Vec<(Option<String>, String)> {
    let mut all = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut owner: Option<String> = None;
    let mut in_string = false;
    for line in text.lines() {
        let l = line.trim();
        if in_string {
            in_string = !l.contains("\"\"\"");
            continue;
        }
        if l.starts_with('#') {
            pending.push(l.to_string());
        } else if l.starts_with('[') {
            all.extend(current.drain(..).map(|c| (owner.clone(), c)));
            owner = None;
            current.append(&mut pending);
        } else if !l.is_empty() {
            current.append(&mut pending);
            if let Some(v) = l.strip_prefix("id = \"") {
                owner = v.split('"').next().map(str::to_string);
            }
            if l.matches("\"\"\"").count() == 1 {
                in_string = true;
            }
            // (No `#` inside a string in the example.)
            if let Some(i) = l.find('#') {
                current.push(l[i..].to_string());
            }
        }
    }
    all.extend(current.drain(..).map(|c| (owner.clone(), c)));
    all.extend(pending.drain(..).map(|c| (None, c)));
    all
}

fn date(i: &mut Input<'_>) -> chrono::NaiveDate {
    let day = u64::from(i.byte()) * 4 + u64::from(i.byte() % 4);
    chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
        .and_then(|d| d.checked_add_days(chrono::Days::new(day)))
        .unwrap_or_default()
}

fuzz_target!(|data: &[u8]| {
    let mut i = Input(data);
    let existing = ids(EXAMPLE);
    let op = i.byte() % 3;
    let id = match op {
        0 => i.pick(&NEW_IDS).to_string(),
        _ => i.pick(&existing).clone(),
    };
    let mut pairs: Vec<(&str, String)> = vec![
        ("csrf", "token".into()),
        ("tag", "tag".into()),
        ("id", id.clone()),
    ];
    if op != 2 {
        pairs.push(("new", if op == 0 { "1" } else { "" }.into()));
        pairs.push(("title", i.pick(&TITLES).to_string()));
        let mut times: Vec<String> = (0..=i.byte() % 3)
            .map(|_| format!("{:02}:{:02}", i.byte() % 24, i.byte() % 60))
            .collect();
        times.sort();
        times.dedup();
        let sep = *i.pick(&[", ", " ", ";", ",", " ; "]);
        pairs.push(("times", times.join(sep)));
        let days = i.byte() & 0x7f;
        for d in 0..7 {
            if days & (1 << d) != 0 || days == 0 && d == 0 {
                pairs.push(("day", d.to_string()));
            }
        }
        let dates = i.byte();
        let (mut from, mut until) = (date(&mut i), date(&mut i));
        if from > until {
            std::mem::swap(&mut from, &mut until);
        }
        pairs.push((
            "from",
            if dates & 1 == 1 {
                from.to_string()
            } else {
                String::new()
            },
        ));
        pairs.push((
            "until",
            if dates & 2 == 2 {
                until.to_string()
            } else {
                String::new()
            },
        ));
        for _ in 0..=i.byte() % 3 {
            pairs.push(("file", i.pick(&RECORDINGS).to_string()));
        }
        if i.byte() & 1 == 0 {
            pairs.push(("enabled", "1".into()));
        }
    }
    // Posted as the browser posts it, read as the handler reads it.
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())))
        .finish();
    let p = form::pairs(body.as_bytes());
    let out = if op == 2 {
        form::remove(EXAMPLE, form::field(&p, "id").unwrap_or(""))
    } else {
        let f = AnnouncementForm::of_pairs(&p);
        form::apply(EXAMPLE, &f, form::field(&p, "new") == Some("1"))
    };
    let out = match out {
        Ok(out) => out,
        Err(why) => panic!("the form's edit was refused: {why}\n{body}"),
    };
    let now = chrono::Utc.with_ymd_and_hms(2026, 12, 1, 5, 0, 0).unwrap();
    let base = std::path::Path::new(CONFIG)
        .parent()
        .unwrap_or(std::path::Path::new("."));
    // The recordings are the example's, the same for every input: their headers are read, not
    // every packet decoded again (a run did 3 inputs a second that way).
    let errors = loa::commands::check::errors_probing(
        CONFIG,
        out.clone(),
        base,
        chrono_tz::Asia::Ho_Chi_Minh,
        now,
        loa::audio::Depth::Header,
    );
    assert!(
        errors.is_empty(),
        "the form's edit left errors it did not ask for:\n{}\nform: {body}\n---\n{out}",
        errors
            .iter()
            .map(|e| format!("{:?}:{:?}: {}", e.line, e.column, e.message))
            .collect::<Vec<_>>()
            .join("\n")
    );
    for (owner, c) in comments(EXAMPLE) {
        if op == 2 && owner.as_deref() == Some(id.as_str()) {
            continue;
        }
        assert!(
            out.contains(&c),
            "the comment {c:?} is lost\nform: {body}\n---\n{out}"
        );
    }
});
