//! Everything that starts at a digit run: phone numbers (digit by digit), emergency numbers after
//! "gọi"/"số", dates, times, quantities with their unit, currency or percent, ranges (`7-9`,
//! `1-5/9`, `15-20%`) and products (`3x4m`). Reads the words already written for its context
//! ("ngày", "tháng", "thứ", "số", "hotline") and writes the whole phrase.

use super::lex::{Kind, Tok, kind, kind_before, num, sym, word};
use super::{Cx, Dialect, dates, numbers, units};

/// After these (as written out: "SĐT" is already "số điện thoại"), digits are a phone number.
const PHONE_WORDS: &[&str] = &[
    "hotline", "nóng", "đài", "thoại", "sđt", "đt", "fax", "zalo", "tel",
];
/// Read digit by digit after "gọi", "gọi ngay" or "số".
const EMERGENCY: &[&str] = &["111", "112", "113", "114", "115", "116"];

/// What the word before the number says about it.
#[derive(Clone, Copy, Default)]
struct Ctx {
    ngay: bool,
    /// A day–month without a year may be written `31-8`: after "ngày", or "và" after a date.
    day_month: bool,
    thang: bool,
    thu: bool,
    /// "lúc": `13g` is an hour.
    luc: bool,
    /// "số" (a document number, `số 12/2026`) or a `/` just before (`29/2/2027` is no date, so
    /// `2/2027` is not one either): no date here.
    no_date: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum What {
    /// A date with its day: "ngày" goes before.
    Day,
    /// A month and year: "tháng" goes before.
    Month,
    Time,
    Qty,
}

struct Item {
    what: What,
    /// The reading, without "ngày"/"tháng" or the unit.
    text: String,
    unit: Option<&'static str>,
    /// A whole number written without separators or unit.
    value: Option<u64>,
}

impl Item {
    fn bare(&self, range: std::ops::RangeInclusive<u64>) -> bool {
        self.what == What::Qty
            && self.unit.is_none()
            && self.value.is_some_and(|v| range.contains(&v))
    }
}

enum Conn {
    To,
    Times,
}

/// Reads from the digit run at `i`; returns the token after what it read.
pub(super) fn number(cx: &mut Cx<'_, '_>, i: usize) -> usize {
    let toks = cx.toks;
    let d = cx.dialect;
    let Some(n) = num(toks, i) else {
        return i + 1;
    };
    if kind_before(toks, i) == Some(Kind::Word) {
        cx.out.words(&numbers::code(n, d));
        return i + 1;
    }
    let tail = cx.out.tail();
    let tail = tail.as_deref();
    let by_word = cx
        .out
        .tail_colon()
        .is_some_and(|w| PHONE_WORDS.contains(&w.as_str()));
    if let Some((digits, end)) = phone(toks, i, by_word) {
        cx.out.words(&numbers::digits(&digits));
        return end;
    }
    if matches!(tail, Some("gọi" | "ngay" | "số"))
        && EMERGENCY.contains(&n)
        && !matches!(kind(toks, i + 1), Some(Kind::Word))
        && free(toks, i + 1)
    {
        cx.out.words(&numbers::digits(n));
        return i + 1;
    }
    let ctx = Ctx {
        ngay: tail == Some("ngày"),
        day_month: tail == Some("ngày") || cx.out.and_after_date(),
        thang: tail == Some("tháng"),
        thu: tail == Some("thứ"),
        luc: tail == Some("lúc"),
        no_date: tail == Some("số")
            || (i >= 2 && sym(toks, i - 1) == Some('/') && num(toks, i - 2).is_some()),
    };
    let (mut left, mut end) = item(toks, i, ctx, d);
    let mut first = true;
    while let Some((conn, j)) = connector(toks, end) {
        let right_ctx = Ctx {
            ngay: false,
            day_month: false,
            ..ctx
        };
        let (right, e) = item(toks, j, right_ctx, d);
        match conn {
            Conn::To => {
                range(cx, &left, &right, ctx, first);
                cx.out.quantity();
                if right.what == What::Day {
                    cx.out.dated();
                }
                return e;
            }
            Conn::Times => {
                emit(cx, &left, ctx, first);
                cx.out.words("nhân");
                left = right;
                end = e;
                first = false;
            }
        }
    }
    emit(cx, &left, ctx, first);
    cx.out.quantity();
    if left.what == What::Day {
        cx.out.dated();
    }
    end
}

/// Nothing glued after `j` that continues the number (`113.5`, `115/2`).
fn free(toks: &[Tok<'_>], j: usize) -> bool {
    !(matches!(sym(toks, j), Some('/' | '.' | ',')) && num(toks, j + 1).is_some())
}

/// The phone number starting at `i`, its digits and the token after it: `0912345678`,
/// `0912 345 678`, `0912.345.678`, `1900 1234`; after a phone word any run of three digits or more.
fn phone(toks: &[Tok<'_>], i: usize, by_word: bool) -> Option<(String, usize)> {
    let first = num(toks, i)?;
    let groups = groups(toks, i, if by_word { 1 } else { 2 }, 13);
    groups.iter().rev().find_map(|(digits, count, end)| {
        let total = digits.len();
        let ok = (by_word && total >= 3)
            || (first.starts_with('0') && (9..=11).contains(&total) && (*count > 1 || total >= 10))
            || ((first.starts_with("1900") || first.starts_with("1800"))
                && (8..=10).contains(&total)
                && (*count > 1 || first.len() >= 8));
        ok.then(|| (digits.clone(), *end))
    })
}

/// The digit groups from `i` on, separated by one space, `.` or `-`: each prefix as (digits,
/// number of groups, token after it).
pub(super) fn groups(
    toks: &[Tok<'_>],
    i: usize,
    min_group: usize,
    max_total: usize,
) -> Vec<(String, usize, usize)> {
    let Some(first) = num(toks, i) else {
        return Vec::new();
    };
    let mut digits = first.to_owned();
    let mut out = vec![(digits.clone(), 1, i + 1)];
    let mut j = i + 1;
    while let Some(t) = toks.get(j) {
        let sep = t.kind == Kind::Space || matches!(t.sym(), Some('.' | '-'));
        let Some(g) = num(toks, j + 1) else { break };
        if !sep || g.len() < min_group || g.len() > 8 || digits.len() + g.len() > max_total {
            break;
        }
        digits.push_str(g);
        j += 2;
        out.push((digits.clone(), out.len() + 1, j));
    }
    out
}

/// A `-`/`–` (range) or `x`/`×` (product) after `end`, spaces allowed, and the digits after it.
fn connector(toks: &[Tok<'_>], end: usize) -> Option<(Conn, usize)> {
    let skip = |j: usize| {
        if kind(toks, j) == Some(Kind::Space) {
            j + 1
        } else {
            j
        }
    };
    let j = skip(end);
    let t = toks.get(j)?;
    let conn = match t.sym() {
        Some('-' | '–') => Conn::To,
        Some('×') => Conn::Times,
        _ if t.kind == Kind::Word && matches!(t.text, "x" | "X") => Conn::Times,
        _ => return None,
    };
    let j = skip(j + 1);
    num(toks, j).map(|_| (conn, j))
}

/// A date, a time or a quantity at `i` (there is always one: a bare number at least).
fn item(toks: &[Tok<'_>], i: usize, ctx: Ctx, d: Dialect) -> (Item, usize) {
    if !ctx.no_date
        && let Some((date, end)) = dates::date_at(toks, i, ctx.day_month)
    {
        let what = if date.day.is_some() {
            What::Day
        } else {
            What::Month
        };
        let item = Item {
            what,
            text: dates::read(&date, d),
            unit: None,
            value: None,
        };
        return (item, end);
    }
    if let Some((text, end)) = dates::time_at(toks, i, ctx.luc, d) {
        let item = Item {
            what: What::Time,
            text,
            unit: None,
            value: None,
        };
        return (item, end);
    }
    quantity(toks, i, ctx, d)
}

/// A number and the unit after it.
fn quantity(toks: &[Tok<'_>], i: usize, ctx: Ctx, d: Dialect) -> (Item, usize) {
    let n = parse(toks, i);
    let (end, unit) = match units::after(toks, n.end, d) {
        Some((end, u)) => (end, Some(u)),
        None => (n.end, None),
    };
    let value = n.value();
    let text = match value {
        Some(v) if unit.is_none() && ctx.thu => numbers::ordinal(v, d),
        Some(4) if unit.is_none() && ctx.thang => "tư".to_owned(),
        _ => {
            let magnitude = kind(toks, end) == Some(Kind::Space)
                && matches!(word(toks, end + 1), Some("nghìn" | "ngàn" | "triệu" | "tỷ"));
            n.read(d, unit.is_some() || magnitude)
        }
    };
    let item = Item {
        what: What::Qty,
        text,
        unit,
        value,
    };
    (item, end)
}

/// A number as written: its whole part and what follows a `,` or `.`.
struct Number<'a> {
    int: String,
    parts: Vec<(char, &'a str)>,
    end: usize,
}

impl Number<'_> {
    fn value(&self) -> Option<u64> {
        if self.parts.is_empty() && self.int.len() <= 18 {
            self.int.parse().ok()
        } else {
            None
        }
    }

    /// `1.5` with a unit or "triệu" after it is a decimal (một phẩy năm mét); alone, "chấm"
    /// (mục 1.5).
    fn read(&self, d: Dialect, with_unit: bool) -> String {
        let mut s = numbers::integer(&self.int, d);
        let dot = if with_unit && self.parts.len() == 1 {
            "phẩy"
        } else {
            "chấm"
        };
        for (c, p) in &self.parts {
            s.push(' ');
            s.push_str(if *c == ',' { "phẩy" } else { dot });
            s.push(' ');
            s.push_str(&numbers::fraction(p, d));
        }
        s
    }
}

/// The number at `i`: `1.250.000` (dots between groups of exactly three), `2,5` (comma: decimal),
/// `12.34.56` (other dots: read "chấm"), `1, 2, 3` and `1,2,3` (a list, not decimals).
fn parse<'a>(toks: &[Tok<'a>], i: usize) -> Number<'a> {
    let first = num(toks, i).unwrap_or_default();
    let mut int = first.to_owned();
    let mut end = i + 1;
    if first.len() <= 3 && !first.starts_with('0') {
        let mut j = end;
        let mut grouped = String::new();
        while sym(toks, j) == Some('.')
            && let Some(g) = num(toks, j + 1).filter(|g| g.len() == 3)
        {
            grouped.push_str(g);
            j += 2;
        }
        let more_dots = sym(toks, j) == Some('.') && num(toks, j + 1).is_some();
        if !grouped.is_empty() && !more_dots {
            int.push_str(&grouped);
            end = j;
        }
    }
    let in_list = i >= 2 && sym(toks, i - 1) == Some(',') && num(toks, i - 2).is_some();
    let mut parts = Vec::new();
    while let Some(c @ ('.' | ',')) = sym(toks, end)
        && let Some(p) = num(toks, end + 1)
    {
        let list = sym(toks, end + 2) == Some(',') && num(toks, end + 3).is_some();
        if c == ',' && parts.is_empty() && (in_list || list) {
            break;
        }
        parts.push((c, p));
        end += 2;
    }
    Number { int, parts, end }
}

fn emit(cx: &mut Cx<'_, '_>, item: &Item, ctx: Ctx, first: bool) {
    match item.what {
        What::Day if !(first && ctx.ngay) => cx.out.words("ngày"),
        What::Month if !(first && ctx.thang) => cx.out.words("tháng"),
        _ => {}
    }
    cx.out.words(&item.text);
    if let Some(u) = item.unit {
        cx.out.words(u);
    }
}

/// `left` to `right`: the unit, the month or the "thứ" said where an announcer says them.
fn range(cx: &mut Cx<'_, '_>, left: &Item, right: &Item, ctx: Ctx, first: bool) {
    let d = cx.dialect;
    let own_word = |yes: bool| first && yes;
    if left.bare(1..=31) && right.what == What::Day {
        if !own_word(ctx.ngay) {
            cx.out.words("ngày");
        }
        cx.out.words(&left.text);
        cx.out.words("đến ngày");
        cx.out.words(&right.text);
    } else if left.bare(1..=12) && right.what == What::Month {
        if !own_word(ctx.thang) {
            cx.out.words("tháng");
        }
        let m = left.value.unwrap_or_default().to_string();
        cx.out.words(&numbers::month(&m, d));
        cx.out.words("đến tháng");
        cx.out.words(&right.text);
    } else if left.what == What::Qty
        && left.unit.is_none()
        && matches!(right.what, What::Qty | What::Time)
    {
        cx.out.words(&left.text);
        cx.out.words("đến");
        if right.what == What::Qty {
            let repeat = [(ctx.ngay, "ngày"), (ctx.thang, "tháng"), (ctx.thu, "thứ")];
            if let Some((_, w)) = repeat.iter().find(|(yes, _)| own_word(*yes)) {
                cx.out.words(w);
            }
        }
        cx.out.words(&right.text);
        if let Some(u) = right.unit {
            cx.out.words(u);
        }
    } else {
        emit(cx, left, ctx, first);
        cx.out.words("đến");
        emit(cx, right, ctx, false);
    }
}
