//! The `days` key: which weekdays an `at` announcement plays on.
//!
//! Words accepted, case-insensitive: `daily`, `weekdays` (Mon–Fri), `weekends` (Sat, Sun); English
//! `mon`..`sun` (full names too); Vietnamese `t2`..`t7` (thứ hai .. thứ bảy) and `cn` (chủ nhật);
//! ranges `mon-fri`, `t2-t6`, which may wrap round the week (`sat-mon`); several separated by
//! commas or given as a list. And as a commune office writes them, with or without diacritics:
//! `thứ 2`, `thứ hai`, `Thứ Hai`, `chủ nhật`, `hàng ngày`, `ngày thường`, `cuối tuần`,
//! `thứ 2 - thứ 6`, `thứ 2 đến thứ 6`.

use chrono::Weekday;

/// A set of weekdays, bit 0 = Monday .. bit 6 = Sunday.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DaySet(u8);

use crate::suggest::fold;
use crate::t;

impl DaySet {
    pub const ALL: DaySet = DaySet(0x7F);
    pub const WEEKDAYS: DaySet = DaySet(0x1F);
    pub const WEEKENDS: DaySet = DaySet(0x60);

    pub fn empty() -> Self {
        DaySet(0)
    }

    pub fn contains(self, day: Weekday) -> bool {
        self.0 & (1 << day.num_days_from_monday()) != 0
    }

    pub fn insert(&mut self, day: Weekday) {
        self.0 |= 1 << day.num_days_from_monday();
    }

    pub fn union(self, other: DaySet) -> DaySet {
        DaySet(self.0 | other.0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Parses one item of `days` (which may hold several, comma-separated). The error says which
    /// word was not understood and what would be.
    pub fn parse(text: &str) -> Result<DaySet, String> {
        let mut set = DaySet::empty();
        let mut any = false;
        for part in text.split(',').map(str::trim) {
            if part.is_empty() {
                continue;
            }
            any = true;
            set = set.union(parse_part(part)?);
        }
        if !any {
            return Err(t!("days-none", words = t!("days-words")));
        }
        Ok(set)
    }

    /// Short English names joined, for summaries: "Mon-Fri", "daily".
    pub fn describe(self) -> String {
        match self {
            DaySet::ALL => return "daily".into(),
            DaySet::WEEKDAYS => return "Mon-Fri".into(),
            DaySet::WEEKENDS => return "Sat-Sun".into(),
            _ => {}
        }
        let names: Vec<String> = (0..7)
            .map(weekday)
            .filter(|d| self.contains(*d))
            .map(|d| d.to_string())
            .collect();
        names.join(",")
    }
}

fn weekday(index_from_monday: u8) -> Weekday {
    match index_from_monday % 7 {
        0 => Weekday::Mon,
        1 => Weekday::Tue,
        2 => Weekday::Wed,
        3 => Weekday::Thu,
        4 => Weekday::Fri,
        5 => Weekday::Sat,
        _ => Weekday::Sun,
    }
}

fn parse_part(part: &str) -> Result<DaySet, String> {
    let lower = part.to_lowercase();
    match fold(&lower).as_str() {
        "daily" | "everyday" | "all" | "hangngay" | "moingay" | "catuan" | "tatca" => {
            return Ok(DaySet::ALL);
        }
        "weekdays" | "ngaythuong" | "ngaylamviec" => return Ok(DaySet::WEEKDAYS),
        "weekends" | "cuoituan" => return Ok(DaySet::WEEKENDS),
        _ => {}
    }
    let range = lower
        .split_once('-')
        .or_else(|| lower.split_once('–'))
        .or_else(|| lower.split_once(" đến "))
        .or_else(|| lower.split_once(" den "));
    let (a, b) = match range {
        Some((a, b)) => (a.trim(), Some(b.trim())),
        None => (lower.as_str(), None),
    };
    let start = day_word(a)?;
    let Some(b) = b else {
        let mut s = DaySet::empty();
        s.insert(start);
        return Ok(s);
    };
    let end = day_word(b)?;
    let mut s = DaySet::empty();
    let mut d = start;
    loop {
        s.insert(d);
        if d == end {
            break;
        }
        d = d.succ();
    }
    Ok(s)
}

fn day_word(w: &str) -> Result<Weekday, String> {
    // "Thứ Hai", "thu hai", "thứ 2" → "thuhai"/"thu2"; "chủ nhật" → "chunhat".
    let folded = fold(w);
    let folded = folded.strip_prefix("thu").filter(|rest| !rest.is_empty());
    let vietnamese = folded.map(|rest| match rest {
        "2" | "hai" => "t2",
        "3" | "ba" => "t3",
        "4" | "tu" => "t4",
        "5" | "nam" => "t5",
        "6" | "sau" => "t6",
        "7" | "bay" => "t7",
        "1" | "nhat" => "t1",
        "8" | "tam" => "t8",
        _ => "",
    });
    let key = match vietnamese {
        Some(t) if !t.is_empty() => t.to_string(),
        _ if fold(w) == "chunhat" => "cn".to_string(),
        _ => w.to_string(),
    };
    Ok(match key.as_str() {
        "mon" | "monday" | "t2" => Weekday::Mon,
        "tue" | "tuesday" | "t3" => Weekday::Tue,
        "wed" | "wednesday" | "t4" => Weekday::Wed,
        "thu" | "thursday" | "t5" => Weekday::Thu,
        "fri" | "friday" | "t6" => Weekday::Fri,
        "sat" | "saturday" | "t7" => Weekday::Sat,
        "sun" | "sunday" | "cn" => Weekday::Sun,
        "t1" | "t8" => return Err(t!("days-no-such-vietnamese-day", day = w)),
        "" => return Err(t!("days-range-needs-both", words = t!("days-words"))),
        _ => return Err(t!("days-unknown", day = w, words = t!("days-words"))),
    })
}

/// Vietnamese short name of a weekday, as printed in agendas: T2..T7, CN.
pub fn vietnamese(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "T2",
        Weekday::Tue => "T3",
        Weekday::Wed => "T4",
        Weekday::Thu => "T5",
        Weekday::Fri => "T6",
        Weekday::Sat => "T7",
        Weekday::Sun => "CN",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(days: &[Weekday]) -> DaySet {
        let mut s = DaySet::empty();
        for d in days {
            s.insert(*d);
        }
        s
    }

    #[test]
    fn words_and_ranges() {
        use Weekday::*;
        assert_eq!(DaySet::parse("daily"), Ok(DaySet::ALL));
        assert_eq!(DaySet::parse("Weekdays"), Ok(DaySet::WEEKDAYS));
        assert_eq!(DaySet::parse("weekends"), Ok(DaySet::WEEKENDS));
        assert_eq!(DaySet::parse("mon"), Ok(set(&[Mon])));
        assert_eq!(DaySet::parse("wed-fri"), Ok(set(&[Wed, Thu, Fri])));
        assert_eq!(DaySet::parse("t2-t6"), Ok(DaySet::WEEKDAYS));
        assert_eq!(DaySet::parse("t7, cn"), Ok(DaySet::WEEKENDS));
        assert_eq!(DaySet::parse("sat-mon"), Ok(set(&[Sat, Sun, Mon])));
        assert_eq!(DaySet::parse("t2-cn"), Ok(DaySet::ALL));
        assert_eq!(DaySet::parse("fri-fri"), Ok(set(&[Fri])));
    }

    #[test]
    fn as_a_commune_office_writes_them() {
        use Weekday::*;
        assert_eq!(DaySet::parse("thứ 2"), Ok(set(&[Mon])));
        assert_eq!(DaySet::parse("thứ hai"), Ok(set(&[Mon])));
        assert_eq!(DaySet::parse("Thứ Hai"), Ok(set(&[Mon])));
        assert_eq!(DaySet::parse("thu hai"), Ok(set(&[Mon])));
        assert_eq!(DaySet::parse("Thứ Tư, thứ sáu"), Ok(set(&[Wed, Fri])));
        assert_eq!(DaySet::parse("thứ bảy"), Ok(set(&[Sat])));
        assert_eq!(DaySet::parse("chủ nhật"), Ok(set(&[Sun])));
        assert_eq!(DaySet::parse("Chủ Nhật"), Ok(set(&[Sun])));
        assert_eq!(DaySet::parse("hàng ngày"), Ok(DaySet::ALL));
        assert_eq!(DaySet::parse("Hằng ngày"), Ok(DaySet::ALL));
        assert_eq!(DaySet::parse("ngày thường"), Ok(DaySet::WEEKDAYS));
        assert_eq!(DaySet::parse("cuối tuần"), Ok(DaySet::WEEKENDS));
        assert_eq!(DaySet::parse("thứ 2 - thứ 6"), Ok(DaySet::WEEKDAYS));
        assert_eq!(DaySet::parse("Thứ 2 đến Thứ 6"), Ok(DaySet::WEEKDAYS));
        assert_eq!(DaySet::parse("thứ 7 - chủ nhật"), Ok(DaySet::WEEKENDS));
        // English "thu" is still Thursday.
        assert_eq!(DaySet::parse("thu"), Ok(set(&[Thu])));
        assert!(DaySet::parse("thứ 8").is_err());
        assert!(DaySet::parse("thứ").is_err());
    }

    #[test]
    fn typos_name_the_word_and_the_alternatives() {
        let e = DaySet::parse("mon-fro").unwrap_err();
        assert!(e.contains("unknown day \"fro\""), "{e}");
        assert!(e.contains("mon..sun, t2..t7, cn"), "{e}");
        assert!(DaySet::parse("t1").unwrap_err().contains("(Monday)"));
        assert!(DaySet::parse("").is_err());
        assert!(DaySet::parse("mon-").is_err());
    }

    #[test]
    fn describe_is_readable() {
        assert_eq!(DaySet::ALL.describe(), "daily");
        assert_eq!(DaySet::parse("mon,wed").unwrap().describe(), "Mon,Wed");
    }
}
