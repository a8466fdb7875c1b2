//! Dates and times written with digits: `31/8/2026`, `31-8-2026`, `31.8.2026`, `31/8`, `8/2026`,
//! `5h30`, `7g30`, `17:00`. Recognises them at a digit run and says them; an impossible date
//! (`45/13`) is not a date. Whether "ngày"/"tháng" goes before is [`super::expr`]'s business.

use super::Dialect;
use super::lex::{Kind, Tok, num, sym, word};
use super::numbers::{cardinal, month};

/// A date as written; `day` is absent in `tháng 8/2026`.
pub(super) struct Date<'a> {
    pub(super) day: Option<&'a str>,
    month: &'a str,
    year: Option<&'a str>,
}

fn value(s: &str) -> u32 {
    s.parse().unwrap_or(u32::MAX)
}

fn days_in(m: u32, year: Option<&str>) -> u32 {
    match m {
        2 => match year.filter(|y| y.len() == 4).map(value) {
            Some(y) if !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) => 28,
            _ => 29,
        },
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn valid(date: &Date<'_>) -> bool {
    let m = value(date.month);
    (1..=12).contains(&m)
        && date
            .day
            .is_none_or(|d| (1..=days_in(m, date.year)).contains(&value(d)))
}

/// Nothing glued after `j` that would make the digits something else (`1/2/3`, `31/8.5`).
fn free(toks: &[Tok<'_>], j: usize) -> bool {
    !(matches!(sym(toks, j), Some('/' | '.' | ',')) && num(toks, j + 1).is_some())
}

/// The date starting at token `i` and the token after it. Day–month with `-` or `.` and no year
/// (`31-8`) only `after_ngay`: alone, `7-9` is a range.
pub(super) fn date_at<'a>(
    toks: &[Tok<'a>],
    i: usize,
    after_ngay: bool,
) -> Option<(Date<'a>, usize)> {
    let a = num(toks, i).filter(|s| s.len() <= 2)?;
    let sep = sym(toks, i + 1).filter(|c| matches!(c, '/' | '-' | '.'))?;
    let b = num(toks, i + 2)?;
    if b.len() <= 2
        && sym(toks, i + 3) == Some(sep)
        && let Some(y) = num(toks, i + 4)
        && (y.len() == 4 || (y.len() == 2 && sep == '/'))
    {
        let date = Date {
            day: Some(a),
            month: b,
            year: Some(y),
        };
        return (valid(&date) && free(toks, i + 5)).then_some((date, i + 5));
    }
    let date = if b.len() == 4 {
        Date {
            day: None,
            month: a,
            year: Some(b),
        }
    } else if b.len() <= 2 && (sep == '/' || after_ngay) {
        Date {
            day: Some(a),
            month: b,
            year: None,
        }
    } else {
        return None;
    };
    (valid(&date) && free(toks, i + 3)).then_some((date, i + 3))
}

/// The date in words, without the "ngày" (or, with no day, the "tháng") before it:
/// "ba mươi mốt tháng tám năm hai nghìn không trăm hai mươi sáu".
pub(super) fn read(date: &Date<'_>, d: Dialect) -> String {
    let mut s = String::new();
    if let Some(day) = date.day {
        s.push_str(&cardinal(day, d));
        s.push_str(" tháng ");
    }
    s.push_str(&month(date.month, d));
    if let Some(y) = date.year {
        s.push_str(" năm ");
        s.push_str(&cardinal(y, d));
    }
    s
}

/// The time starting at token `i` (`5h30`, `5h30'`, `7g30`, `17h`, `17:00`, `7:05:30`) in words,
/// and the token after it. `h` takes any hour (`48h` is a duration); `g` needs its minutes (`20g`
/// is grams, but `lúc 13g` is an hour: `at_hour`); `:` needs two-digit minutes and a real time.
pub(super) fn time_at(
    toks: &[Tok<'_>],
    i: usize,
    at_hour: bool,
    d: Dialect,
) -> Option<(String, usize)> {
    let h = num(toks, i).filter(|s| s.len() <= 2)?;
    let two_digits = |j: usize| num(toks, j).filter(|s| s.len() == 2 && value(s) <= 59);
    let (m, s, end) = match toks.get(i + 1) {
        Some(t) if t.kind == Kind::Word && matches!(t.text, "h" | "H" | "g") => {
            let m = num(toks, i + 2).filter(|m| m.len() <= 2 && value(m) <= 59);
            let mut j = i + 2;
            if m.is_some() {
                j += 1;
                if sym(toks, j) == Some('\'') || matches!(word(toks, j), Some("p" | "ph")) {
                    j += 1;
                }
            } else if t.text == "g" && !(at_hour && value(h) <= 24) {
                return None;
            }
            (m, None, j)
        }
        Some(t) if t.sym() == Some(':') => {
            let m = two_digits(i + 2)?;
            if value(h) > 24 {
                return None;
            }
            match two_digits(i + 4).filter(|_| sym(toks, i + 3) == Some(':')) {
                Some(s) => (Some(m), Some(s), i + 5),
                None => (Some(m), None, i + 3),
            }
        }
        _ => return None,
    };
    if !free(toks, end) {
        return None;
    }
    let phut_written =
        toks.get(end).is_some_and(|t| t.kind == Kind::Space) && word(toks, end + 1) == Some("phút");
    let mut r = cardinal(h, d);
    r.push_str(" giờ");
    if let Some(m) = m.filter(|m| value(m) != 0) {
        r.push(' ');
        r.push_str(&cardinal(m, d));
        if !(phut_written && s.is_none()) {
            r.push_str(" phút");
        }
    }
    if let Some(s) = s.filter(|s| value(s) != 0) {
        r.push(' ');
        r.push_str(&cardinal(s, d));
        r.push_str(" giây");
    }
    Some((r, end))
}
