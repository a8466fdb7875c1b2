//! "Did you mean …?" — only when the suggestion is close *and* plausible. A wrong hint is worse
//! than none: `time` → `chime` sends an officer to a different feature, `Asia/Hanoi` →
//! `Asia/Harbin` puts the station in China's zone (the same offset today, by luck), and
//! `GMT+7` → `GMT+0` is seven hours off.
//!
//! Pure: names in, a suggestion or nothing out; the callers word it.

use unicode_normalization::UnicodeNormalization;

/// How many single edits (insert, delete, substitute, swap two neighbours) a word of `len`
/// characters may be from what was meant: one for short words, where two edits make another
/// word (`time`/`chime`, `at`/`gap`); two from seven letters on.
fn allowed_edits(len: usize) -> usize {
    if len >= 7 { 2 } else { 1 }
}

/// The known key `name` was most likely meant to be, if one is plausibly close.
pub fn key<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    let lower = name.to_lowercase();
    let (dist, best) = known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&lower, k), *k))
        .min()?;
    if dist == 0 {
        return Some(best);
    }
    let len = lower.chars().count().min(best.chars().count());
    if dist <= allowed_edits(len) && len >= 3 {
        return Some(best);
    }
    // A word cut short or run on: "vol" for "volume", "titles" for "title".
    known
        .iter()
        .find(|k| {
            (k.len() >= 4 && lower.len() * 3 >= k.len() * 2 && k.starts_with(lower.as_str()))
                || (k.len() >= 4 && lower.starts_with(*k) && lower.len() <= k.len() + 2)
        })
        .copied()
}

/// Letters only, lowercase, without diacritics: "Hà Nội" → "hanoi".
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter_map(|c| match c {
            'đ' | 'Đ' => Some('d'),
            c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// What to say about a time-zone name that is not one.
#[derive(Debug, PartialEq, Eq)]
pub enum ZoneHint {
    /// Only the letter case is wrong.
    Case(&'static str),
    /// It names Vietnam, a Vietnamese city, or UTC+7: there is one zone for all of Vietnam.
    Vietnam,
    /// A UTC offset ("GMT+9", "+09:00"): offsets are not zone names.
    Offset,
    /// Zones one or two letters away in the same region.
    Near(Vec<&'static str>),
    Nothing,
}

pub const VIETNAM_ZONE: &str = "Asia/Ho_Chi_Minh";

pub fn zone(name: &str) -> ZoneHint {
    let lower = name.trim().to_lowercase();
    if let Some(z) = chrono_tz::TZ_VARIANTS
        .iter()
        .find(|z| z.name().to_lowercase() == lower)
    {
        return ZoneHint::Case(z.name());
    }
    let folded = fold(name);
    const VIETNAMESE: [&str; 12] = [
        "vietnam",
        "hanoi",
        "saigon",
        "hochiminh",
        "hcm",
        "danang",
        "haiphong",
        "cantho",
        "hue",
        "ict",
        "indochina",
        "bangkok",
    ];
    if VIETNAMESE.iter().any(|v| folded.contains(v)) && !folded.contains("america") {
        return ZoneHint::Vietnam;
    }
    if let Some(hours) = offset_hours(&lower) {
        return if hours == 7 {
            ZoneHint::Vietnam
        } else {
            ZoneHint::Offset
        };
    }
    let (region, city) = lower.rsplit_once('/').unwrap_or(("", lower.as_str()));
    let mut near: Vec<(usize, &'static str)> = chrono_tz::TZ_VARIANTS
        .iter()
        .filter_map(|z| {
            let zl = z.name().to_lowercase();
            let (zr, zc) = zl.rsplit_once('/').unwrap_or(("", zl.as_str()));
            if zr != region {
                return None;
            }
            let d = strsim::damerau_levenshtein(city, zc);
            (d <= allowed_edits(city.chars().count().min(zc.chars().count())))
                .then_some((d, z.name()))
        })
        .collect();
    near.sort();
    if near.is_empty() {
        ZoneHint::Nothing
    } else {
        ZoneHint::Near(near.into_iter().take(3).map(|(_, n)| n).collect())
    }
}

/// "gmt+7", "utc+07:00", "+07", "utc+7h" → 7 (hours east of UTC); `None` if not an offset.
fn offset_hours(lower: &str) -> Option<i32> {
    let t = lower
        .trim_start_matches("etc/")
        .trim_start_matches("gmt")
        .trim_start_matches("utc")
        .trim();
    let (sign, rest) = match t.chars().next()? {
        '+' => (1, &t[1..]),
        '-' => (-1, &t[1..]),
        _ => return None,
    };
    let rest = rest.trim().trim_end_matches('h');
    let hours: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let after = &rest[hours.len()..];
    if hours.is_empty() || !(after.is_empty() || after.starts_with(':')) {
        return None;
    }
    hours.parse::<i32>().ok().map(|h| sign * h)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATION: [&str; 8] = [
        "name",
        "timezone",
        "audio_dir",
        "output",
        "volume",
        "chime",
        "max_delay",
        "catch_up",
    ];
    const EMERGENCY: [&str; 8] = [
        "id", "title", "files", "alert", "repeat", "every", "volume", "gap",
    ];
    const ANNOUNCEMENT: [&str; 8] = [
        "id", "title", "files", "at", "days", "repeat", "gap", "chime",
    ];

    #[test]
    fn keys_close_and_plausible() {
        assert_eq!(key("volum", &STATION), Some("volume"));
        assert_eq!(key("timezon", &STATION), Some("timezone"));
        assert_eq!(key("max_dealy", &STATION), Some("max_delay"));
        assert_eq!(key("repet", &ANNOUNCEMENT), Some("repeat"));
        assert_eq!(key("Title", &ANNOUNCEMENT), Some("title"));
        assert_eq!(key("volu", &STATION), Some("volume"));
        // Never another feature.
        assert_eq!(key("time", &ANNOUNCEMENT), None);
        assert_eq!(key("time", &STATION), None);
        assert_eq!(key("at", &EMERGENCY), None);
        assert_eq!(key("zone", &STATION), None);
        assert_eq!(key("xyz", &STATION), None);
    }

    #[test]
    fn zones() {
        assert_eq!(zone("asia/ho_chi_minh"), ZoneHint::Case("Asia/Ho_Chi_Minh"));
        assert_eq!(zone("Asia/Hanoi"), ZoneHint::Vietnam);
        assert_eq!(zone("Asia/Sai Gon"), ZoneHint::Vietnam);
        assert_eq!(zone("Hà Nội"), ZoneHint::Vietnam);
        assert_eq!(zone("Viet Nam"), ZoneHint::Vietnam);
        assert_eq!(zone("GMT+7"), ZoneHint::Vietnam);
        assert_eq!(zone("UTC+07:00"), ZoneHint::Vietnam);
        assert_eq!(zone("+7"), ZoneHint::Vietnam);
        assert_eq!(zone("GMT+9"), ZoneHint::Offset);
        assert_eq!(
            zone("Asia/Ho_Chi_Min"),
            ZoneHint::Near(vec!["Asia/Ho_Chi_Minh"])
        );
        assert_eq!(zone("Europe/Berln"), ZoneHint::Near(vec!["Europe/Berlin"]));
        assert_eq!(zone("Mars/Olympus"), ZoneHint::Nothing);
        assert_eq!(zone("Asia/Harbn"), ZoneHint::Near(vec!["Asia/Harbin"]));
    }
}
