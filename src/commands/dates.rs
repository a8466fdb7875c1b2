//! A day as a person asks for it on the command line (spec §10): `2026-12-01`, or a word —
//! `hôm nay`, `hôm qua`, `ngày mai`, `tuần này`, `tuần trước`, `tháng này`, `tháng trước`, with or
//! without diacritics, spaces or hyphens (`hôm-qua`, `hom qua`), or their English
//! (`yesterday`, `last-week`…). A word names a span of days: `--since` takes its first day,
//! `--until` its last (`--since tháng-trước --until tháng-trước` is last month). Weeks start on
//! Monday, as a commune office's do. Pure: the caller gives today.

use chrono::{Datelike, Months, NaiveDate, TimeDelta};

/// A day or a span of days, as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Day {
    On(NaiveDate),
    Today,
    Yesterday,
    Tomorrow,
    ThisWeek,
    LastWeek,
    ThisMonth,
    LastMonth,
}

/// The words understood, folded (lowercase, no diacritics, no spaces or hyphens).
const WORDS: [(&str, Day); 16] = [
    ("homnay", Day::Today),
    ("today", Day::Today),
    ("homqua", Day::Yesterday),
    ("yesterday", Day::Yesterday),
    ("ngaymai", Day::Tomorrow),
    ("tomorrow", Day::Tomorrow),
    ("tuannay", Day::ThisWeek),
    ("thisweek", Day::ThisWeek),
    ("tuantruoc", Day::LastWeek),
    ("tuanqua", Day::LastWeek),
    ("lastweek", Day::LastWeek),
    ("thangnay", Day::ThisMonth),
    ("thismonth", Day::ThisMonth),
    ("thangtruoc", Day::LastMonth),
    ("thangqua", Day::LastMonth),
    ("lastmonth", Day::LastMonth),
];

impl Day {
    /// `2026-12-01` or a word; a day-first date is answered with the ISO date it means.
    pub fn parse(s: &str) -> Result<Day, String> {
        let folded = crate::suggest::fold(s);
        if let Some((_, day)) = WORDS.iter().find(|(w, _)| *w == folded) {
            return Ok(*day);
        }
        let d = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
            match crate::config::find_day_first_date(s.trim()) {
                Some((written, iso)) => crate::t!("date-day-first", written = written, iso = iso),
                None => crate::t!("cli-not-a-date", value = s),
            }
        })?;
        if !(1900..=9999).contains(&d.year()) {
            return Err(crate::t!("cli-year-range", value = s));
        }
        Ok(Day::On(d))
    }

    /// The first and last day it names, counted from `today`.
    pub fn span(self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        let day = |n: i64| today + TimeDelta::days(n);
        let monday = day(-i64::from(today.weekday().num_days_from_monday()));
        let first_of_month = today.with_day(1).unwrap_or(today);
        let month_after = |d: NaiveDate| d.checked_add_months(Months::new(1)).unwrap_or(d);
        match self {
            Day::On(d) => (d, d),
            Day::Today => (today, today),
            Day::Yesterday => (day(-1), day(-1)),
            Day::Tomorrow => (day(1), day(1)),
            Day::ThisWeek => (monday, monday + TimeDelta::days(6)),
            Day::LastWeek => (monday - TimeDelta::days(7), monday - TimeDelta::days(1)),
            Day::ThisMonth => (
                first_of_month,
                month_after(first_of_month) - TimeDelta::days(1),
            ),
            Day::LastMonth => {
                let first = first_of_month
                    .checked_sub_months(Months::new(1))
                    .unwrap_or(first_of_month);
                (first, first_of_month - TimeDelta::days(1))
            }
        }
    }

    pub fn first(self, today: NaiveDate) -> NaiveDate {
        self.span(today).0
    }

    pub fn last(self, today: NaiveDate) -> NaiveDate {
        self.span(today).1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn words_a_commune_office_writes() {
        let today = d("2026-12-04"); // a Friday
        for (written, first, last) in [
            ("hôm qua", "2026-12-03", "2026-12-03"),
            ("hôm-qua", "2026-12-03", "2026-12-03"),
            ("Hom qua", "2026-12-03", "2026-12-03"),
            ("hôm nay", "2026-12-04", "2026-12-04"),
            ("ngày mai", "2026-12-05", "2026-12-05"),
            ("tuần này", "2026-11-30", "2026-12-06"),
            ("tuần trước", "2026-11-23", "2026-11-29"),
            ("tuần-trước", "2026-11-23", "2026-11-29"),
            ("tháng trước", "2026-11-01", "2026-11-30"),
            ("tháng này", "2026-12-01", "2026-12-31"),
            ("yesterday", "2026-12-03", "2026-12-03"),
            ("last-week", "2026-11-23", "2026-11-29"),
            ("2026-11-15", "2026-11-15", "2026-11-15"),
        ] {
            let day = Day::parse(written).unwrap_or_else(|e| panic!("{written}: {e}"));
            assert_eq!(day.span(today), (d(first), d(last)), "{written}");
        }
        // January: last month is December of the year before.
        assert_eq!(
            Day::LastMonth.span(d("2027-01-10")),
            (d("2026-12-01"), d("2026-12-31"))
        );
    }

    #[test]
    fn what_is_not_a_day_is_answered() {
        assert!(Day::parse("hôm kia nữa").is_err());
        let e = Day::parse("01/12/2026").unwrap_err();
        assert!(e.contains("2026-12-01"), "{e}");
    }
}
