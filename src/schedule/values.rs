//! The schedule's values one by one: ids, file lists, days, order, chime, dates, the time zone,
//! the output and quiet hours — each read from its field, or refused with why and where.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono_tz::Tz;
use unicode_normalization::UnicodeNormalization;

use super::{AudioRef, Chime, DaySet, Order, Output, QuietHours};
use crate::config::{Fields, Sp, Value, parse_time_of_day};
use crate::diagnostic::{Diagnostic, Source, Span};

pub(super) fn abbreviate(items: &[String]) -> String {
    if items.len() <= 6 {
        items.join(", ")
    } else {
        format!("{}, … {}", items[..5].join(", "), items[items.len() - 1])
    }
}

/// How to name an entry in messages: by its id when it has one, else by its place in the list.
pub(super) fn entry_name(v: &Value<'_>, kind: &str, n: usize) -> String {
    match v.get_ref().get("id").map(|id| id.get_ref()) {
        Some(toml::de::DeValue::String(id)) if !id.is_empty() => format!("[[{kind}]] \"{id}\""),
        _ => format!("[[{kind}]] #{n}"),
    }
}

/// `id`: present, `[a-z0-9-]`, not starting with `-`, unique across announcements and presets.
pub(super) fn read_id(
    f: &Fields<'_, '_>,
    kind: &'static str,
    ids: &mut HashMap<String, (Span, &'static str)>,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    let src = f.source();
    let Some(id) = f.string("id", diags) else {
        if f.get("id").is_none() {
            f.missing("id", "id = \"ban-tin-sang\"", diags);
        }
        return None;
    };
    let valid = !id.value.is_empty()
        && id.value.len() <= 64
        && !id.value.starts_with('-')
        && id
            .value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !valid {
        let suggestion = slug(&id.value);
        let d = src.error(
            id.span.clone(),
            format!("id \"{}\" may use only lowercase letters a-z, digits and \"-\" (at most 64, not starting with \"-\")", id.value),
        );
        diags.push(if suggestion.is_empty() {
            d.with_help("for example id = \"ban-tin-sang\"")
        } else {
            d.with_help(format!("for example id = \"{suggestion}\""))
        });
        return None;
    }
    if let Some((span, other)) = ids.get(&id.value) {
        let (line, _) = src.line_col(span.start);
        diags.push(src.error(
            id.span.clone(),
            format!(
                "id \"{}\" is already used by the {other} on line {line}; ids must be unique across announcements and emergency presets",
                id.value
            ),
        ));
        return None;
    }
    ids.insert(id.value.clone(), (id.span, kind));
    Some(id.value)
}

/// "Bản tin sáng" → "ban-tin-sang": a suggestion for an id written in words.
pub(super) fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.nfd() {
        let c = match c {
            'đ' | 'Đ' => 'd',
            c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
            c if c.is_whitespace() || c == '-' || c == '_' || c == '.' => '-',
            _ => continue,
        };
        if c == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(c);
    }
    out.trim_end_matches('-').chars().take(64).collect()
}

pub(super) fn read_files(
    f: &Fields<'_, '_>,
    audio_dir: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<AudioRef>> {
    let src = f.source();
    let Some(list) = f.strings("files", diags) else {
        if f.get("files").is_none() {
            f.missing("files", "files = [\"ban-tin-sang.mp3\"]", diags);
        }
        return None;
    };
    if list.value.is_empty() {
        diags.push(
            src.error(
                list.span,
                "`files` is an empty list: give at least one audio file",
            )
            .with_help("for example files = [\"ban-tin-sang.mp3\"]"),
        );
        return None;
    }
    let before = diags.len();
    let refs: Vec<AudioRef> = list
        .value
        .into_iter()
        .filter_map(|s| audio_ref(src, s, audio_dir, diags))
        .collect();
    (diags.len() == before).then_some(refs)
}

pub(super) fn audio_ref(
    src: Source<'_>,
    s: Sp<String>,
    audio_dir: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<AudioRef> {
    if s.value.trim().is_empty() {
        diags.push(src.error(s.span, "an audio file name is empty"));
        return None;
    }
    Some(AudioRef {
        path: audio_dir.join(&s.value),
        written: s.value,
        span: s.span,
    })
}

pub(super) fn read_days(f: &Fields<'_, '_>, diags: &mut Vec<Diagnostic>) -> Option<DaySet> {
    let list = f.strings("days", diags)?;
    let mut set = DaySet::empty();
    let mut ok = true;
    for item in &list.value {
        match DaySet::parse(&item.value) {
            Ok(s) => set = set.union(s),
            Err(msg) => {
                ok = false;
                diags.push(f.source().error(item.span.clone(), msg));
            }
        }
    }
    if ok && set.is_empty() {
        diags.push(f.source().error(
            list.span,
            "`days` is empty: give at least one day, or \"daily\"",
        ));
        return None;
    }
    ok.then_some(set)
}

pub(super) fn read_order(f: &Fields<'_, '_>, diags: &mut Vec<Diagnostic>) -> Order {
    let Some(o) = f.string("order", diags) else {
        return Order::All;
    };
    match o.value.as_str() {
        "all" => Order::All,
        "rotate" => Order::Rotate,
        other => {
            diags.push(
                f.source()
                    .error(o.span, format!("`order` must be \"all\" or \"rotate\", not \"{other}\""))
                    .with_help("\"all\" plays every file in turn; \"rotate\" plays one file per occurrence"),
            );
            Order::All
        }
    }
}

pub(super) fn read_chime(
    f: &Fields<'_, '_>,
    audio_dir: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Chime {
    let Some(v) = f.get("chime") else {
        return Chime::Station;
    };
    match v.get_ref() {
        toml::de::DeValue::Boolean(false) => Chime::Off,
        toml::de::DeValue::Boolean(true) => Chime::Station,
        toml::de::DeValue::String(_) => f
            .string("chime", diags)
            .and_then(|s| audio_ref(f.source(), s, audio_dir, diags))
            .map_or(Chime::Station, Chime::File),
        other => {
            diags.push(f.source().error(
                v.span(),
                format!(
                    "`chime` must be false or an audio file name; found {}",
                    crate::config::describe(other)
                ),
            ));
            Chime::Station
        }
    }
}

pub(super) fn sorted_dates(dates: Vec<Sp<chrono::NaiveDate>>) -> Vec<chrono::NaiveDate> {
    let mut d: Vec<_> = dates.into_iter().map(|d| d.value).collect();
    d.sort();
    d.dedup();
    d
}

/// An IANA zone, or a help text naming the nearest ones.
pub(super) fn timezone(name: &str) -> Result<Tz, String> {
    if let Ok(tz) = name.parse::<Tz>() {
        return Ok(tz);
    }
    let lower = name.to_lowercase();
    if let Some(tz) = chrono_tz::TZ_VARIANTS
        .iter()
        .find(|z| z.name().to_lowercase() == lower)
    {
        return Err(format!("names are case-sensitive: write \"{}\"", tz.name()));
    }
    let mut near: Vec<(usize, &str)> = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|z| {
            (
                strsim::levenshtein(&lower, &z.name().to_lowercase()),
                z.name(),
            )
        })
        .collect();
    near.sort();
    let close: Vec<&str> = near
        .iter()
        .take_while(|(d, _)| *d <= 4)
        .take(3)
        .map(|(_, n)| *n)
        .collect();
    if close.is_empty() {
        Err("use an IANA zone name such as \"Asia/Ho_Chi_Minh\"".to_string())
    } else {
        Err(format!("did you mean \"{}\"?", close.join("\", \"")))
    }
}

/// An `output` value: "default", "null", "wav:PATH" (relative to `base_dir`) or a device name.
pub fn output(text: &str, base_dir: &Path) -> Result<Output, String> {
    let t = text.trim();
    Ok(match t {
        "" => return Err("`output` is empty".to_string()),
        "default" => Output::Default,
        "null" => Output::Null,
        _ => match t.strip_prefix("wav:") {
            Some("") => {
                return Err(
                    "\"wav:\" needs a file path after it, for example \"wav:/tmp/loa.wav\""
                        .to_string(),
                );
            }
            Some(p) => Output::Wav(base_dir.join(PathBuf::from(p))),
            None => Output::Device(t.to_string()),
        },
    })
}

pub(super) fn quiet_hours(text: &str) -> Result<QuietHours, String> {
    let Some((a, b)) = text.split_once('-') else {
        return Err(format!(
            "quiet_hours \"{text}\" is not a range: write START-END"
        ));
    };
    let start = parse_time_of_day(a).map_err(|e| format!("quiet_hours start: {e}"))?;
    let end = parse_time_of_day(b).map_err(|e| format!("quiet_hours end: {e}"))?;
    if start == end {
        return Err(format!(
            "quiet_hours \"{text}\" starts and ends at the same time"
        ));
    }
    Ok(QuietHours { start, end })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_for_vietnamese_titles() {
        assert_eq!(slug("Bản tin sáng"), "ban-tin-sang");
        assert_eq!(slug("Đường  phố_2"), "duong-pho-2");
        assert_eq!(slug("!!!"), "");
    }

    #[test]
    fn time_zones_suggest_the_near_ones() {
        assert!(timezone("Asia/Ho_Chi_Minh").is_ok());
        assert!(
            timezone("asia/ho_chi_minh")
                .unwrap_err()
                .contains("case-sensitive")
        );
        assert!(
            timezone("Asia/Ho_Chi_Min")
                .unwrap_err()
                .contains("Asia/Ho_Chi_Minh")
        );
        assert!(timezone("Mars/Olympus").unwrap_err().contains("IANA"));
    }

    #[test]
    fn outputs() {
        let base = Path::new("/etc/loa");
        assert_eq!(output("default", base), Ok(Output::Default));
        assert_eq!(output("null", base), Ok(Output::Null));
        assert_eq!(
            output("wav:out.wav", base),
            Ok(Output::Wav("/etc/loa/out.wav".into()))
        );
        assert_eq!(
            output("wav:/tmp/a.wav", base),
            Ok(Output::Wav("/tmp/a.wav".into()))
        );
        assert!(output("wav:", base).is_err());
        assert_eq!(output("hw:1,0", base), Ok(Output::Device("hw:1,0".into())));
    }

    #[test]
    fn quiet_hours_ranges() {
        assert!(quiet_hours("22:00-05:00").is_ok());
        assert!(quiet_hours("22:00").is_err());
        assert!(quiet_hours("22:00-22:00").is_err());
        assert!(quiet_hours("22:00-25:00").unwrap_err().contains("end"));
    }
}
