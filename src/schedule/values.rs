//! The schedule's values one by one: ids, file lists, days, order, chime, dates, the time zone,
//! the output and quiet hours — each read from its field, or refused with why and where.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono_tz::Tz;
use unicode_normalization::UnicodeNormalization;

use super::{AudioRef, Chime, DaySet, Order, Output, QuietHours};
use crate::config::{Fields, Sp, Value, parse_time_of_day};
use crate::diagnostic::{Diagnostic, Source, Span};
use crate::suggest::{self, ZoneHint};
use crate::t;

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

/// The entry that wrote an id first, in the order of the file: a later entry with the same id
/// is the one told, with what it collides with.
pub(super) struct IdOwner {
    span: Span,
    /// "announcement", "emergency" or "relay", as the catalogue selects on it.
    kind: &'static str,
    title: Option<String>,
}

/// The first entry (in the file's order, whatever its kind) to use each id, across
/// announcements, emergency presets and relays.
pub(super) fn id_owners(root: &Fields<'_, '_>) -> HashMap<String, IdOwner> {
    let mut all = Vec::new();
    for kind in ["announcement", "emergency", "relay"] {
        let Some(toml::de::DeValue::Array(items)) = root.get(kind).map(|v| v.get_ref()) else {
            continue;
        };
        all.extend(items.iter().filter_map(|item| owner(kind, item)));
    }
    all.sort_by_key(|(_, owner)| owner.span.start);
    let mut owners = HashMap::new();
    for (id, owner) in all {
        owners.entry(id).or_insert(owner);
    }
    owners
}

/// The entry `item` of `kind` takes its id when no entry written before it in the file has it:
/// for entries read one at a time, after [`id_owners`] of the others.
pub(super) fn claim_id(
    owners: &mut HashMap<String, IdOwner>,
    kind: &'static str,
    item: &Value<'_>,
) {
    let Some((id, new)) = owner(kind, item) else {
        return;
    };
    match owners.get(&id) {
        Some(old) if old.span.start < new.span.start => {}
        _ => {
            owners.insert(id, new);
        }
    }
}

fn owner(kind: &'static str, item: &Value<'_>) -> Option<(String, IdOwner)> {
    let entry = item.get_ref();
    let id = entry.get("id")?;
    let toml::de::DeValue::String(text) = id.get_ref() else {
        return None;
    };
    let title = match entry.get("title").map(|t| t.get_ref()) {
        Some(toml::de::DeValue::String(t)) if !t.trim().is_empty() => Some(t.to_string()),
        _ => None,
    };
    Some((
        text.to_string(),
        IdOwner {
            span: id.span(),
            kind,
            title,
        },
    ))
}

/// `id`: present, `[a-z0-9-]`, not starting with `-`, unique across announcements, presets and
/// relays (`owners`, from [`id_owners`]).
pub(super) fn read_id(
    f: &Fields<'_, '_>,
    owners: &HashMap<String, IdOwner>,
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
        let d = src.error(id.span.clone(), t!("id-invalid", id = id.value.as_str()));
        let example = if suggestion.is_empty() {
            "ban-tin-sang".to_string()
        } else {
            suggestion
        };
        diags.push(d.with_help(t!("id-example-help", id = example)));
        return None;
    }
    // The later entry is the new one: it is told, with the kind, title and line of the other.
    if let Some(owner) = owners.get(&id.value)
        && owner.span != id.span
    {
        let (line, _) = src.line_col(owner.span.start);
        let message = match &owner.title {
            Some(title) => t!(
                "id-taken",
                id = id.value.as_str(),
                kind = owner.kind,
                title = title.as_str(),
                line = line
            ),
            None => t!(
                "id-taken-untitled",
                id = id.value.as_str(),
                kind = owner.kind,
                line = line
            ),
        };
        let free = (2..)
            .map(|n| format!("{}-{n}", id.value))
            .find(|s| !owners.contains_key(s))
            .unwrap_or_default();
        diags.push(
            src.error(id.span.clone(), message)
                .with_help(t!("id-taken-help", suggestion = free)),
        );
        return None;
    }
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
    read_files_key(f, "files", audio_dir, diags)
}

/// A list of audio files under `key` (`files`, a relay's `fallback`): at least one.
pub(super) fn read_files_key(
    f: &Fields<'_, '_>,
    key: &str,
    audio_dir: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<AudioRef>> {
    let src = f.source();
    let Some(list) = f.strings(key, diags) else {
        if f.get(key).is_none() {
            f.missing(key, &format!("{key} = [\"ban-tin-sang.mp3\"]"), diags);
        }
        return None;
    };
    if list.value.is_empty() {
        diags.push(
            src.error(list.span, t!("files-empty", key = key))
                .with_help(t!("files-empty-help", key = key)),
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
        diags.push(src.error(s.span, t!("file-name-empty")));
        return None;
    }
    // A path copied from Windows: "D:\\Thu am\\ban-tin.mp3". TOML has already read "\\" as one
    // backslash; on this box it is part of a name, never a separator.
    if s.value.contains('\\') {
        let base = s.value.rsplit('\\').next().unwrap_or_default().to_string();
        diags.push(
            src.error(s.span, t!("file-backslash", file = s.value.as_str()))
                .with_help(t!("file-backslash-help", name = base)),
        );
        return None;
    }
    Some(AudioRef {
        // The disk may spell the name in another Unicode normalisation (a Mac, a phone).
        path: crate::audio::names::resolve(&audio_dir.join(&s.value)),
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
        diags.push(f.source().error(list.span, t!("days-empty")));
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
                    .error(o.span, t!("order-invalid", value = other))
                    .with_help(t!("order-help")),
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
            .map_or(Chime::Station, |f| Chime::File(Box::new(f))),
        other => {
            diags.push(f.source().error(
                v.span(),
                t!("chime-invalid", found = crate::config::describe(other)),
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

/// An IANA zone, or a help text: the exact name when only the case is wrong, Vietnam's zone for
/// anything that names Vietnam or UTC+7, zones a letter or two away in the same region.
pub(super) fn timezone(name: &str) -> Result<Tz, String> {
    if let Ok(tz) = name.trim().parse::<Tz>() {
        return Ok(tz);
    }
    Err(match suggest::zone(name) {
        ZoneHint::Case(z) => t!("zone-case", zone = z),
        ZoneHint::Vietnam => t!("zone-vietnam", zone = suggest::VIETNAM_ZONE),
        ZoneHint::Offset => t!("zone-offset"),
        ZoneHint::Near(near) => t!("zone-near", zones = near.join("\", \"")),
        ZoneHint::Nothing => t!("zone-iana", zone = suggest::VIETNAM_ZONE),
    })
}

/// An `output` value: "default", "null", "wav:PATH" (relative to `base_dir`) or a device name.
pub fn output(text: &str, base_dir: &Path) -> Result<Output, String> {
    let t = text.trim();
    Ok(match t {
        "" => return Err(t!("output-empty")),
        "default" => Output::Default,
        "null" => Output::Null,
        _ => match t.strip_prefix("wav:") {
            Some("") => {
                return Err(t!("output-wav-needs-path"));
            }
            Some(p) => Output::Wav(base_dir.join(PathBuf::from(p))),
            None => Output::Device(t.to_string()),
        },
    })
}

pub(super) fn quiet_hours(text: &str) -> Result<QuietHours, String> {
    let Some((a, b)) = text.split_once('-') else {
        return Err(t!("quiet-not-range", value = text));
    };
    let start = parse_time_of_day(a).map_err(|e| t!("quiet-start", why = e.to_string()))?;
    let end = parse_time_of_day(b).map_err(|e| t!("quiet-end", why = e.to_string()))?;
    if start == end {
        return Err(t!("quiet-same", value = text));
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
        assert!(
            timezone("Asia/Hanoi")
                .unwrap_err()
                .contains("Asia/Ho_Chi_Minh")
        );
        assert!(!timezone("Asia/Hanoi").unwrap_err().contains("Harbin"));
        assert!(timezone("GMT+7").unwrap_err().contains("Asia/Ho_Chi_Minh"));
        assert!(!timezone("GMT+7").unwrap_err().contains("GMT+0"));
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
