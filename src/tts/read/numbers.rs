//! Numbers in words: cardinals (groups of three, "không trăm", "linh", "mốt", "tư", "lăm"),
//! digit by digit, the fraction after "phẩy", ordinals after "thứ", and Roman numerals. Takes
//! digit strings, never reads the text around them (that is [`super::expr`]).

use super::Dialect;

const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// Beyond this many digits an unbroken run is an identifier, read digit by digit.
const MAX_CARDINAL: usize = 15;

fn name(d: u8) -> &'static str {
    DIGITS.get(usize::from(d)).copied().unwrap_or("")
}

fn thousand(d: Dialect) -> &'static str {
    match d {
        Dialect::North => "nghìn",
        Dialect::South => "ngàn",
    }
}

fn linh(d: Dialect) -> &'static str {
    match d {
        Dialect::North => "linh",
        Dialect::South => "lẻ",
    }
}

/// Each digit of `s` by its name: "0912" → không chín một hai (never mốt, tư or lăm).
pub(super) fn digits(s: &str) -> String {
    let names: Vec<&str> = s
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| name(b - b'0'))
        .collect();
    names.join(" ")
}

/// The value of a digit string, as a number of words: "2026" → hai nghìn không trăm hai mươi sáu.
pub(super) fn cardinal(s: &str, d: Dialect) -> String {
    let ds: Vec<u8> = s
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    let Some(start) = ds.iter().position(|&x| x != 0) else {
        return "không".to_owned();
    };
    let mut w = Vec::new();
    read(ds.get(start..).unwrap_or_default(), false, d, &mut w);
    w.join(" ")
}

/// `ds` (no leading zero unless `lead`) into `w`; `lead`: a non-zero part was said before it, so
/// an inner group under a hundred says "không trăm".
fn read(ds: &[u8], lead: bool, d: Dialect, w: &mut Vec<&'static str>) {
    let nonzero = |p: &[u8]| p.iter().any(|&x| x != 0);
    if ds.len() > 9 {
        let (hi, lo) = ds.split_at(ds.len() - 9);
        if nonzero(hi) {
            read(hi, lead, d, w);
            w.push("tỷ");
        }
        if nonzero(lo) {
            read(lo, lead || nonzero(hi), d, w);
        }
        return;
    }
    let mut lead = lead;
    let groups = ds.len().div_ceil(3);
    for g in 0..groups {
        let from_right = groups - 1 - g;
        let end = ds.len() - from_right * 3;
        let grp = ds.get(end.saturating_sub(3)..end).unwrap_or_default();
        let at = |k: usize| {
            grp.len()
                .checked_sub(k)
                .and_then(|j| grp.get(j))
                .copied()
                .unwrap_or(0)
        };
        let (h, t, u) = (at(3), at(2), at(1));
        if h == 0 && t == 0 && u == 0 {
            continue;
        }
        group(h, t, u, lead, d, w);
        match from_right {
            2 => w.push("triệu"),
            1 => w.push(thousand(d)),
            _ => {}
        }
        lead = true;
    }
}

/// One group of three; `full`: said inside a larger number, so 5 is "không trăm linh năm".
fn group(h: u8, t: u8, u: u8, full: bool, d: Dialect, w: &mut Vec<&'static str>) {
    let hundreds = full || h > 0;
    if hundreds {
        w.push(name(h));
        w.push("trăm");
    }
    match (t, u) {
        (0, 0) => {}
        (0, u) => {
            if hundreds {
                w.push(linh(d));
            }
            w.push(name(u));
        }
        (1, u) => {
            w.push("mười");
            match u {
                0 => {}
                5 => w.push("lăm"),
                u => w.push(name(u)),
            }
        }
        (t, u) => {
            w.push(name(t));
            w.push("mươi");
            match u {
                0 => {}
                1 => w.push("mốt"),
                4 => w.push("tư"),
                5 => w.push("lăm"),
                u => w.push(name(u)),
            }
        }
    }
}

/// A whole number as written alone: its value, but an identifier (a leading zero and four digits
/// or more, or more than fifteen digits) digit by digit.
pub(super) fn integer(s: &str, d: Dialect) -> String {
    if s.len() > MAX_CARDINAL || (s.starts_with('0') && s.len() >= 4) {
        digits(s)
    } else {
        cardinal(s, d)
    }
}

/// A number inside a code (`H5N1`, `A01`, `QL1A`): with a leading zero digit by digit.
pub(super) fn code(s: &str, d: Dialect) -> String {
    if s.len() > 1 && s.starts_with('0') {
        digits(s)
    } else {
        integer(s, d)
    }
}

/// The digits after "phẩy": leading zeros each "không", the rest as a number if it has three
/// digits or fewer, else digit by digit. "05" → không năm, "75" → bảy mươi lăm.
pub(super) fn fraction(s: &str, d: Dialect) -> String {
    let rest = s.trim_start_matches('0');
    let zeros = s.len() - rest.len();
    let mut w: Vec<String> = vec!["không".to_owned(); zeros];
    if !rest.is_empty() {
        w.push(if rest.len() <= 3 {
            cardinal(rest, d)
        } else {
            digits(rest)
        });
    }
    w.join(" ")
}

/// After "thứ": 1 is "nhất" and 4 "tư" (thứ nhất, thứ tư); the rest are cardinals.
pub(super) fn ordinal(v: u64, d: Dialect) -> String {
    match v {
        1 => "nhất".to_owned(),
        4 => "tư".to_owned(),
        v => cardinal(&v.to_string(), d),
    }
}

/// A month: 4 is "tư" (tháng tư).
pub(super) fn month(s: &str, d: Dialect) -> String {
    if s.trim_start_matches('0') == "4" {
        "tư".to_owned()
    } else {
        cardinal(s, d)
    }
}

/// The value of a Roman numeral of `I`, `V` and `X` written the standard way, 1 to 39.
pub(super) fn roman(s: &str) -> Option<u64> {
    const TENS: [&str; 4] = ["", "X", "XX", "XXX"];
    const UNITS: [&str; 10] = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];
    let tens = TENS
        .iter()
        .rposition(|t| s.starts_with(t))
        .unwrap_or_default();
    let rest = s.get(tens..)?;
    let units = UNITS.iter().position(|u| *u == rest)?;
    let v = u64::try_from(tens * 10 + units).ok()?;
    (v > 0).then_some(v)
}
