//! The Ethiopian (Ge'ez) calendar, the one most of Dereja's users live by.
//!
//! Thirteen months: twelve of 30 days and Pagume of 5 days, 6 in the year before a Gregorian leap year (every
//! fourth Ethiopian year, `year % 4 == 3`). The year starts on Meskerem 1, which is 11 September, or 12 September
//! before a Gregorian leap year; it is 7 or 8 years behind the Gregorian year. Conversion goes through a day count
//! (days since 1 January of year 1, as chrono counts them), so it holds for any date chrono can represent.

use chrono::{Datelike, NaiveDate, Weekday};
use std::fmt;

/// Day number (chrono's `num_days_from_ce`) of Meskerem 1 of year 1 E.C. (29 August 8 CE, Julian), minus one.
const EPOCH_BEFORE: i32 = 2795;

/// Month names in Amharic, Meskerem first.
pub const MONTHS_AMHARIC: [&str; 13] = [
    "መስከረም",
    "ጥቅምት",
    "ኅዳር",
    "ታኅሣሥ",
    "ጥር",
    "የካቲት",
    "መጋቢት",
    "ሚያዝያ",
    "ግንቦት",
    "ሰኔ",
    "ሐምሌ",
    "ነሐሴ",
    "ጳጉሜን",
];

/// Other spellings people type for the same months (older or simplified Ethiopic letters, short forms).
const MONTH_SPELLINGS: [(&str, u8); 16] = [
    ("ህዳር", 3),
    ("ሕዳር", 3),
    ("ታህሳስ", 4),
    ("ታህሣሥ", 4),
    ("ታኅሳስ", 4),
    ("መጋቢቲ", 7),
    ("ሚያዚያ", 8),
    ("ሀምሌ", 11),
    ("ሃምሌ", 11),
    ("ነሀሴ", 12),
    ("ነሃሴ", 12),
    ("ጳጉሜ", 13),
    ("ጷጉሜን", 13),
    ("ጷጉሜ", 13),
    ("ጳጕሜን", 13),
    ("ጳጕሜ", 13),
];

/// Weekday names in Amharic, Monday first (chrono's order).
pub const WEEKDAYS_AMHARIC: [&str; 7] = ["ሰኞ", "ማክሰኞ", "ረቡዕ", "ሐሙስ", "ዓርብ", "ቅዳሜ", "እሑድ"];

/// A day in the Ethiopian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EthiopianDate {
    year: i32,
    month: u8,
    day: u8,
}

impl EthiopianDate {
    /// A valid Ethiopian date, or `None` (month 1-13, day 1-30, Pagume 1-5 or 1-6 in a leap year).
    pub fn new(year: i32, month: u8, day: u8) -> Option<EthiopianDate> {
        let valid = (1..=13).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        let date = EthiopianDate { year, month, day };
        (valid && date.to_gregorian().is_some()).then_some(date)
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    /// 1 (Meskerem) to 13 (Pagume).
    pub fn month(&self) -> u8 {
        self.month
    }

    pub fn day(&self) -> u8 {
        self.day
    }

    /// Pagume has a sixth day in years before a Gregorian leap year.
    pub fn is_leap_year(year: i32) -> bool {
        year.rem_euclid(4) == 3
    }

    pub fn month_name(&self) -> &'static str {
        MONTHS_AMHARIC[usize::from(self.month - 1)]
    }

    pub fn weekday_name(&self) -> &'static str {
        let weekday = self.to_gregorian().map_or(Weekday::Mon, |d| d.weekday());
        WEEKDAYS_AMHARIC[weekday.num_days_from_monday() as usize]
    }

    pub fn from_gregorian(date: NaiveDate) -> EthiopianDate {
        let day_number = date.num_days_from_ce();
        let since_epoch = i64::from(day_number) - i64::from(EPOCH_BEFORE) - 1;
        let year = i32::try_from((4 * since_epoch + 1463).div_euclid(1461))
            .expect("a chrono date's Ethiopian year fits in i32");
        let into_year = day_number - year_start(year);
        let month = u8::try_from(into_year / 30 + 1).expect("at most 13 months");
        let day = u8::try_from(into_year % 30 + 1).expect("at most 30 days");
        EthiopianDate { year, month, day }
    }

    /// The Gregorian day, or `None` outside chrono's range.
    pub fn to_gregorian(&self) -> Option<NaiveDate> {
        let day_number = year_start(self.year)
            .checked_add(30 * (i32::from(self.month) - 1) + i32::from(self.day) - 1)?;
        NaiveDate::from_num_days_from_ce_opt(day_number)
    }
}

/// `ታኅሣሥ 25, 2018`.
impl fmt::Display for EthiopianDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}, {}", self.month_name(), self.day, self.year)
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        13 if EthiopianDate::is_leap_year(year) => 6,
        13 => 5,
        _ => 30,
    }
}

/// Day number of Meskerem 1 of `year`.
fn year_start(year: i32) -> i32 {
    EPOCH_BEFORE + 1 + 365 * (year - 1) + year.div_euclid(4)
}

/// The month (1-13) a typed Amharic month name stands for, in any of its common spellings.
pub fn month_from_name(name: &str) -> Option<u8> {
    let name = name.trim();
    MONTHS_AMHARIC
        .iter()
        .position(|m| *m == name)
        .map(|i| u8::try_from(i + 1).expect("13 months"))
        .or_else(|| {
            MONTH_SPELLINGS
                .iter()
                .find(|(spelling, _)| *spelling == name)
                .map(|(_, month)| *month)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn greg(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn eth(y: i32, m: u8, d: u8) -> EthiopianDate {
        EthiopianDate::new(y, m, d).unwrap()
    }

    /// Known pairs: New Year (11 September, 12 September before a Gregorian leap year) across 1990-2040, the
    /// Ethiopian Millennium, Genna, Timkat, Adwa, Patriots' and Ginbot 20 days, the leap Pagume 6.
    /// (Ethiopian year, month, day), (Gregorian year, month, day).
    type Pair = ((i32, u8, u8), (i32, u32, u32));

    const KNOWN: &[Pair] = &[
        ((1983, 1, 1), (1990, 9, 11)),
        ((1984, 1, 1), (1991, 9, 12)),
        ((1988, 1, 1), (1995, 9, 12)),
        ((1992, 1, 1), (1999, 9, 12)),
        ((1993, 1, 1), (2000, 9, 11)),
        ((2000, 1, 1), (2007, 9, 12)),
        ((1999, 13, 6), (2007, 9, 11)),
        ((2000, 13, 5), (2008, 9, 10)),
        ((2004, 1, 1), (2011, 9, 12)),
        ((2012, 1, 1), (2019, 9, 12)),
        ((2013, 1, 1), (2020, 9, 11)),
        ((2015, 13, 6), (2023, 9, 11)),
        ((2016, 1, 1), (2023, 9, 12)),
        ((2016, 4, 28), (2024, 1, 7)),
        ((2016, 4, 29), (2024, 1, 8)),
        ((2017, 1, 1), (2024, 9, 11)),
        ((2017, 4, 29), (2025, 1, 7)),
        ((2017, 5, 11), (2025, 1, 19)),
        ((2017, 6, 23), (2025, 3, 2)),
        ((2017, 8, 27), (2025, 5, 5)),
        ((2017, 9, 20), (2025, 5, 28)),
        ((2017, 13, 5), (2025, 9, 10)),
        ((2018, 4, 25), (2026, 1, 3)),
        ((2018, 4, 29), (2026, 1, 7)),
        ((2020, 1, 1), (2027, 9, 12)),
        ((2024, 1, 1), (2031, 9, 12)),
        ((2032, 1, 1), (2039, 9, 12)),
        ((2033, 1, 1), (2040, 9, 11)),
        ((2033, 4, 29), (2041, 1, 7)),
    ];

    #[test]
    fn known_dates_convert_both_ways() {
        for &((ey, em, ed), (gy, gm, gd)) in KNOWN {
            let e = eth(ey, em, ed);
            assert_eq!(e.to_gregorian(), Some(greg(gy, gm, gd)), "{e:?}");
            assert_eq!(EthiopianDate::from_gregorian(greg(gy, gm, gd)), e);
        }
    }

    #[test]
    fn new_year_follows_the_gregorian_leap_rule() {
        for gy in 1901..2099 {
            let next_is_leap = NaiveDate::from_ymd_opt(gy + 1, 2, 29).is_some();
            let expected = greg(gy, 9, if next_is_leap { 12 } else { 11 });
            let e = EthiopianDate::from_gregorian(expected);
            assert_eq!((e.month(), e.day(), e.year()), (1, 1, gy - 7), "{gy}");
        }
    }

    #[test]
    fn every_day_of_a_century_round_trips_in_order() {
        let mut day = greg(1950, 1, 1);
        let mut previous = EthiopianDate::from_gregorian(day.pred_opt().unwrap());
        while day < greg(2060, 1, 1) {
            let e = EthiopianDate::from_gregorian(day);
            assert_eq!(e.to_gregorian(), Some(day));
            assert_eq!(EthiopianDate::new(e.year(), e.month(), e.day()), Some(e));
            assert!(e > previous, "{e:?} after {previous:?}");
            previous = e;
            day = day.succ_opt().unwrap();
        }
    }

    proptest::proptest! {
        /// Any day from about 100 BCE to 3000 CE converts to an Ethiopian date and back.
        #[test]
        fn any_day_round_trips(day_number in -36_500i32..1_095_000) {
            let day = NaiveDate::from_num_days_from_ce_opt(day_number).unwrap();
            let e = EthiopianDate::from_gregorian(day);
            proptest::prop_assert_eq!(e.to_gregorian(), Some(day));
            proptest::prop_assert_eq!(EthiopianDate::new(e.year(), e.month(), e.day()), Some(e));
        }
    }

    #[test]
    fn the_edges_of_every_month() {
        for year in [2015, 2016, 2017, 2018] {
            for month in 1..=13u8 {
                let last = days_in_month(year, month);
                let first = eth(year, month, 1);
                let end = eth(year, month, last);
                assert_eq!(
                    end.to_gregorian().unwrap() - first.to_gregorian().unwrap(),
                    chrono::Duration::days(i64::from(last) - 1)
                );
                // The day after the last is the first of the next month (or the next year).
                let next =
                    EthiopianDate::from_gregorian(end.to_gregorian().unwrap().succ_opt().unwrap());
                let expected = if month == 13 {
                    eth(year + 1, 1, 1)
                } else {
                    eth(year, month + 1, 1)
                };
                assert_eq!(next, expected);
                assert_eq!(EthiopianDate::new(year, month, last + 1), None);
            }
        }
        assert_eq!(days_in_month(2015, 13), 6);
        assert_eq!(days_in_month(2016, 13), 5);
        assert_eq!(EthiopianDate::new(2016, 14, 1), None);
        assert_eq!(EthiopianDate::new(2016, 1, 0), None);
        assert_eq!(EthiopianDate::new(2016, 1, 31), None);
    }

    #[test]
    fn names_and_display() {
        let e = eth(2018, 4, 25);
        assert_eq!(e.to_string(), "ታኅሣሥ 25, 2018");
        // 3 January 2026 is a Saturday.
        assert_eq!(e.weekday_name(), "ቅዳሜ");
        assert_eq!(month_from_name("መስከረም"), Some(1));
        assert_eq!(month_from_name("ታህሳስ"), Some(4));
        assert_eq!(month_from_name("ጳጉሜ"), Some(13));
        assert_eq!(month_from_name("January"), None);
    }
}
