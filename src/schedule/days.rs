//! The `days` key: which weekdays an `at` announcement plays on.
//!
//! Words accepted, case-insensitive: `daily`, `weekdays` (Mon–Fri), `weekends` (Sat, Sun); English
//! `mon`..`sun` (full names too); Vietnamese `t2`..`t7` (thứ hai .. thứ bảy) and `cn` (chủ nhật);
//! ranges `mon-fri`, `t2-t6`, which may wrap round the week (`sat-mon`); several separated by
//! commas or given as a list.

use chrono::Weekday;

/// A set of weekdays, bit 0 = Monday .. bit 6 = Sunday.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DaySet(u8);

const WORDS: &str = "mon..sun, t2..t7, cn, daily, weekdays or weekends";

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
            return Err(format!("no day given; expected {WORDS}"));
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
    match lower.as_str() {
        "daily" | "every day" | "all" => return Ok(DaySet::ALL),
        "weekdays" => return Ok(DaySet::WEEKDAYS),
        "weekends" => return Ok(DaySet::WEEKENDS),
        _ => {}
    }
    let (a, b) = match lower.split_once('-') {
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
    Ok(match w {
        "mon" | "monday" | "t2" => Weekday::Mon,
        "tue" | "tuesday" | "t3" => Weekday::Tue,
        "wed" | "wednesday" | "t4" => Weekday::Wed,
        "thu" | "thursday" | "t5" => Weekday::Thu,
        "fri" | "friday" | "t6" => Weekday::Fri,
        "sat" | "saturday" | "t7" => Weekday::Sat,
        "sun" | "sunday" | "cn" => Weekday::Sun,
        "t1" | "t8" => {
            return Err(format!(
                "unknown day \"{w}\"; Vietnamese day words are t2 (Monday) .. t7 (Saturday) and cn (Sunday)"
            ));
        }
        "" => {
            return Err(format!(
                "a range needs a day on each side of \"-\"; expected {WORDS}"
            ));
        }
        _ => return Err(format!("unknown day \"{w}\"; expected {WORDS}")),
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
    fn typos_name_the_word_and_the_alternatives() {
        let e = DaySet::parse("mon-fro").unwrap_err();
        assert!(e.contains("unknown day \"fro\""), "{e}");
        assert!(e.contains("mon..sun, t2..t7, cn"), "{e}");
        assert!(DaySet::parse("t1").unwrap_err().contains("t2 (Monday)"));
        assert!(DaySet::parse("").is_err());
        assert!(DaySet::parse("mon-").is_err());
    }

    #[test]
    fn describe_is_readable() {
        assert_eq!(DaySet::ALL.describe(), "daily");
        assert_eq!(DaySet::parse("mon,wed").unwrap().describe(), "Mon,Wed");
    }
}
