//! The console's announcement form written into the schedule's text (spec §11) with
//! `toml_edit`: only the keys the form owns change, each keeping the comment written after it;
//! every other key, comment, blank line and the order of the tables stay as they were. A new
//! announcement goes after the last one. What is written is then checked by
//! [`super::edit::Edit::save`] exactly as `loa check` checks the file: this module does not
//! judge times or names, the schedule's own reader does, with its messages.

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, Value, value};

use crate::t;

/// What the form says of one announcement (its `files` are not written into one that reads a
/// `text`: that is changed in the file itself). Times and dates as typed (checked by the reader).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AnnouncementForm {
    pub id: String,
    pub title: String,
    /// "05:30", "05:30, 17:00".
    pub times: String,
    /// Monday first; all seven: `daily`.
    pub days: [bool; 7],
    pub from: String,
    pub until: String,
    pub files: Vec<String>,
    pub enabled: bool,
}

/// A form body as the browser posts it (`application/x-www-form-urlencoded`), as pairs: repeated
/// keys kept (`day`, `file`).
pub fn pairs(body: &[u8]) -> Vec<(String, String)> {
    url::form_urlencoded::parse(body).into_owned().collect()
}

/// The first value of `k` in `p`.
pub fn field<'a>(p: &'a [(String, String)], k: &str) -> Option<&'a str> {
    p.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str())
}

impl AnnouncementForm {
    /// The console's announcement form as it posts it: `id`, `title`, `times`, `day` (0 Monday
    /// to 6, once for each day ticked), `from`, `until`, `file` (once for each), `enabled`.
    pub fn of_pairs(p: &[(String, String)]) -> AnnouncementForm {
        let mut days = [false; 7];
        for (_, v) in p.iter().filter(|(k, _)| k == "day") {
            if let Ok(i) = v.parse::<usize>()
                && i < 7
            {
                days[i] = true;
            }
        }
        AnnouncementForm {
            id: field(p, "id").unwrap_or("").trim().to_string(),
            title: field(p, "title").unwrap_or("").to_string(),
            times: field(p, "times").unwrap_or("").to_string(),
            days,
            from: field(p, "from").unwrap_or("").to_string(),
            until: field(p, "until").unwrap_or("").to_string(),
            files: p
                .iter()
                .filter(|(k, _)| k == "file")
                .map(|(_, v)| v.clone())
                .collect(),
            enabled: field(p, "enabled").is_some(),
        }
    }
}

const DAY_WORDS: [&str; 7] = ["t2", "t3", "t4", "t5", "t6", "t7", "cn"];

/// Sets `key` to `v`, keeping the comment after the old value (and the key's place).
fn set(t: &mut Table, key: &str, v: Value) {
    match t.get_mut(key).and_then(Item::as_value_mut) {
        Some(old) => {
            let decor = old.decor().clone();
            *old = v;
            *old.decor_mut() = decor;
        }
        None => {
            t.insert(key, Item::Value(v));
        }
    }
}

fn list(items: impl IntoIterator<Item = String>) -> Value {
    let mut a = Array::new();
    for i in items {
        a.push(i);
    }
    Value::Array(a)
}

fn write_into(t: &mut Table, f: &AnnouncementForm) {
    set(t, "title", f.title.trim().into());
    let times: Vec<String> = f
        .times
        .split([',', ';', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    if t.contains_key("cron") {
        // A cron rule is edited in the raw editor; the form leaves it alone.
    } else if times.len() == 1 {
        set(t, "at", times[0].as_str().into());
    } else {
        set(t, "at", list(times));
    }
    if !t.contains_key("cron") {
        if f.days.iter().all(|d| *d) {
            set(t, "days", "daily".into());
        } else {
            let chosen = DAY_WORDS
                .iter()
                .zip(f.days)
                .filter(|(_, on)| *on)
                .map(|(w, _)| w.to_string());
            set(t, "days", list(chosen));
        }
    }
    for (key, v) in [("from", &f.from), ("until", &f.until)] {
        match v.trim() {
            "" => {
                t.remove(key);
            }
            d => set(t, key, d.into()),
        }
    }
    if t.contains_key("text") || t.contains_key("text_file") {
        // A text is read instead of recordings (both is an error): the form leaves it alone.
    } else {
        set(t, "files", list(f.files.iter().cloned()));
    }
    if f.enabled {
        t.remove("enabled");
    } else {
        set(t, "enabled", false.into());
    }
}

fn announcements(doc: &mut DocumentMut) -> Option<&mut ArrayOfTables> {
    doc.get_mut("announcement")
        .and_then(Item::as_array_of_tables_mut)
}

/// `text` with the announcement `f.id` changed as the form says (added when `new`).
pub fn apply(text: &str, f: &AnnouncementForm, new: bool) -> Result<String, String> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| t!("form-cannot-read", why = e.message().to_string()))?;
    let id = f.id.trim();
    let exists = announcements(&mut doc).is_some_and(|a| {
        a.iter()
            .any(|t| t.get("id").and_then(Item::as_str) == Some(id))
    });
    match (new, exists) {
        (true, true) => return Err(t!("form-id-taken", id = id)),
        (false, false) => return Err(t!("form-no-such", id = id)),
        _ => {}
    }
    if new {
        let mut t = Table::new();
        t.insert("id", value(id));
        write_into(&mut t, f);
        match announcements(&mut doc) {
            Some(a) => a.push(t),
            None => {
                let mut a = ArrayOfTables::new();
                a.push(t);
                doc.insert("announcement", Item::ArrayOfTables(a));
            }
        }
    } else if let Some(t) = announcements(&mut doc).and_then(|a| {
        a.iter_mut()
            .find(|t| t.get("id").and_then(Item::as_str) == Some(id))
    }) {
        write_into(t, f);
    }
    Ok(doc.to_string())
}

/// `text` without the announcement `id`.
pub fn remove(text: &str, id: &str) -> Result<String, String> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| t!("form-cannot-read", why = e.message().to_string()))?;
    let Some(a) = announcements(&mut doc) else {
        return Err(t!("form-no-such", id = id));
    };
    let Some(i) = a
        .iter()
        .position(|t| t.get("id").and_then(Item::as_str) == Some(id))
    else {
        return Err(t!("form-no-such", id = id));
    };
    a.remove(i);
    Ok(doc.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"# Lịch của xã: dòng này phải còn
[station]
audio_dir = "audio"

# Bản tin buổi sáng, đọc lúc 5 giờ rưỡi
[[announcement]]
id = "sang"
title = "Bản tin sáng"
files = ["ban-tin-sang.mp3"]
at = "05:30" # giờ cũ
days = "daily"

# Cải cách hành chính
[[announcement]]
id = "cchc"
title = "CCHC"
files = ["cchc-01.ogg"]
cron = "0 15 6 * * Mon"
"#;

    fn form(id: &str) -> AnnouncementForm {
        AnnouncementForm {
            id: id.into(),
            title: "Bản tin sáng".into(),
            times: "05:45".into(),
            days: [true; 7],
            from: String::new(),
            until: String::new(),
            files: vec!["ban-tin-sang.mp3".into()],
            enabled: true,
        }
    }

    #[test]
    fn a_time_changed_keeps_every_comment_and_the_order() {
        let out = apply(TEXT, &form("sang"), false).unwrap();
        assert_eq!(
            out,
            TEXT.replace("at = \"05:30\" # giờ cũ", "at = \"05:45\" # giờ cũ")
        );
    }

    #[test]
    fn days_dates_and_disabling_are_written_as_the_reader_reads_them() {
        let mut f = form("sang");
        f.times = "05:30, 17:00".into();
        f.days = [true, true, true, true, true, false, false];
        f.from = "2026-12-01".into();
        f.enabled = false;
        let out = apply(TEXT, &f, false).unwrap();
        assert!(out.contains(r#"at = ["05:30", "17:00"] # giờ cũ"#), "{out}");
        assert!(
            out.contains(r#"days = ["t2", "t3", "t4", "t5", "t6"]"#),
            "{out}"
        );
        assert!(
            out.contains("from = \"2026-12-01\"") && out.contains("enabled = false"),
            "{out}"
        );
        let s = crate::schedule::parse("s.toml", out, std::path::Path::new("."), chrono_tz::UTC);
        let errors = s.err().unwrap_or_default();
        assert!(
            errors
                .iter()
                .all(|e| !e.message.contains("days") && !e.message.contains("at")),
            "{errors:?}"
        );
    }

    /// Found by the `edit` fuzz target: a text announcement changed by the form (its time, say)
    /// got `files` beside its `text`, which the reader refuses ("write `text` or `files`, not
    /// both"), so no text announcement could be saved from the form.
    #[test]
    fn a_text_announcement_keeps_its_text_and_gets_no_files() {
        let text = format!(
            "{TEXT}\n# Thông báo gõ thành chữ\n[[announcement]]\nid = \"tiem-phong\"\ntitle = \"Tiêm phòng\"\ntext = \"UBND xã thông báo\"\nat = \"18:00\"\ndays = [\"t6\"] # thứ sáu\n"
        );
        let mut f = form("tiem-phong");
        f.times = "18:30".into();
        f.files = vec!["chime.ogg".into()];
        let out = apply(&text, &f, false).unwrap();
        let entry = out.split("id = \"tiem-phong\"").nth(1).unwrap();
        assert!(
            entry.contains("text = \"UBND xã thông báo\"") && !entry.contains("files"),
            "{out}"
        );
        assert!(
            entry.contains("at = \"18:30\"") && out.contains("# thứ sáu"),
            "{out}"
        );
        f.files.clear();
        let out = apply(&text, &f, false).unwrap();
        assert!(
            !out.split("id = \"tiem-phong\"")
                .nth(1)
                .unwrap()
                .contains("files")
        );
    }

    #[test]
    fn a_cron_rule_is_left_alone_a_new_one_goes_last_and_removal_keeps_the_rest() {
        let mut f = form("cchc");
        f.title = "Cải cách hành chính".into();
        f.files = vec!["cchc-02.ogg".into()];
        let out = apply(TEXT, &f, false).unwrap();
        assert!(
            out.contains("cron = \"0 15 6 * * Mon\"")
                && !out.contains("id = \"cchc\"\ntitle = \"CCHC\"")
        );
        assert!(
            !out.split("id = \"cchc\"").nth(1).unwrap().contains("at ="),
            "{out}"
        );
        let added = apply(TEXT, &form("chieu"), true).unwrap();
        assert!(
            added.trim_end().ends_with("files = [\"ban-tin-sang.mp3\"]"),
            "{added}"
        );
        assert!(added.find("id = \"chieu\"").unwrap() > added.find("id = \"cchc\"").unwrap());
        assert!(apply(TEXT, &form("sang"), true).is_err(), "the id is taken");
        assert!(apply(TEXT, &form("khong-co"), false).is_err());
        let removed = remove(TEXT, "sang").unwrap();
        assert!(!removed.contains("id = \"sang\"") && removed.contains("dòng này phải còn"));
        assert!(removed.contains("id = \"cchc\""));
    }
}
