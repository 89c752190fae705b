//! The Ethiopian time of day: the day's hours are counted from 6 in the morning, in periods (ጠዋት, ቀን, ከሰዓት
//! በኋላ, ምሽት, ሌሊት). 07:00 is ጠዋት 1 ሰዓት, 14:00 is ከሰዓት በኋላ 8 ሰዓት, 00:00 is ሌሊት 6 ሰዓት. A deadline at
//! "8 o'clock" means 14:00 to a reader who counts this way, so Amharic readers see both.

use chrono::{NaiveTime, Timelike};

/// The part of the day an Ethiopian hour is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DayPeriod {
    /// 00:00-05:59: ሌሊት 6-11.
    Night,
    /// 06:00-11:59: ጠዋት 12, 1-5.
    Morning,
    /// 12:00-12:59: ቀን 6.
    Noon,
    /// 13:00-17:59: ከሰዓት በኋላ 7-11.
    Afternoon,
    /// 18:00-23:59: ምሽት 12, 1-5.
    Evening,
}

impl DayPeriod {
    pub fn as_str(self) -> &'static str {
        match self {
            DayPeriod::Night => "night",
            DayPeriod::Morning => "morning",
            DayPeriod::Noon => "noon",
            DayPeriod::Afternoon => "afternoon",
            DayPeriod::Evening => "evening",
        }
    }

    /// The period a person names, in Amharic (`ጠዋት`, `ከሰዓት`, `ከሰዓት በኋላ`, `ቀን`, `ምሽት`, `ማታ`, `ሌሊት`).
    pub(crate) fn named(word: &str) -> Option<DayPeriod> {
        Some(match word {
            "ሌሊት" => DayPeriod::Night,
            "ጠዋት" | "ንጋት" => DayPeriod::Morning,
            "ቀን" => DayPeriod::Noon,
            "ከሰዓት" | "ከሰአት" => DayPeriod::Afternoon,
            "ምሽት" | "ማታ" => DayPeriod::Evening,
            _ => return None,
        })
    }

    /// Whether 24-hour `hour` falls in this period.
    fn holds(self, hour: u32) -> bool {
        match self {
            DayPeriod::Night => hour < 6,
            DayPeriod::Morning => (6..12).contains(&hour),
            DayPeriod::Noon => hour == 12,
            DayPeriod::Afternoon => (13..18).contains(&hour),
            DayPeriod::Evening => hour >= 18,
        }
    }
}

/// A time of day as an Ethiopian reader tells it: the period, the hour (1-12) and the minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EthiopianTime {
    pub period: DayPeriod,
    pub hour: u32,
    pub minute: u32,
}

impl EthiopianTime {
    pub fn from_clock(time: NaiveTime) -> EthiopianTime {
        let hour = time.hour();
        let period = [
            DayPeriod::Night,
            DayPeriod::Morning,
            DayPeriod::Noon,
            DayPeriod::Afternoon,
            DayPeriod::Evening,
        ]
        .into_iter()
        .find(|p| p.holds(hour))
        .expect("every hour is in a period");
        let counted = (hour + 6) % 12;
        EthiopianTime {
            period,
            hour: if counted == 0 { 12 } else { counted },
            minute: time.minute(),
        }
    }

    /// The clock time, if the hour belongs to the period (ጠዋት 8 does not exist: 14:00 is ከሰዓት በኋላ 8).
    pub fn to_clock(self) -> Option<NaiveTime> {
        if !(1..=12).contains(&self.hour) || self.minute > 59 {
            return None;
        }
        let base = (self.hour % 12 + 6) % 12;
        let hour = match self.period {
            DayPeriod::Night | DayPeriod::Morning => base,
            DayPeriod::Noon | DayPeriod::Afternoon | DayPeriod::Evening => base + 12,
        };
        self.period
            .holds(hour)
            .then(|| NaiveTime::from_hms_opt(hour, self.minute, 0))
            .flatten()
    }

    /// Reads `ጠዋት 3`, `ከሰዓት 8 ሰዓት`, `ከሰዓት በኋላ 8:30`, `ምሽት 2 ሰዓት ተኩል` (half past); `None` for anything else.
    pub fn parse(text: &str) -> Option<EthiopianTime> {
        let text = text.replace("ከሰዓት በኋላ", "ከሰዓት").replace("ከሰአት በኋላ", "ከሰዓት");
        let mut words = text.split_whitespace();
        let period = DayPeriod::named(words.next()?)?;
        let first = words.next()?;
        let (hour, mut minute) = match first.split_once(':') {
            Some((h, m)) => (h.parse().ok()?, m.parse().ok()?),
            None => (first.parse().ok()?, 0),
        };
        for word in words {
            match word {
                "ሰዓት" | "ሰአት" => {}
                "ተኩል" if minute == 0 => minute = 30,
                _ => return None,
            }
        }
        let time = EthiopianTime {
            period,
            hour,
            minute,
        };
        time.to_clock().map(|_| time)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn known_hours_read_as_an_ethiopian_tells_them() {
        let cases = [
            (at(6, 0), DayPeriod::Morning, 12),
            (at(7, 0), DayPeriod::Morning, 1),
            (at(12, 0), DayPeriod::Noon, 6),
            (at(14, 0), DayPeriod::Afternoon, 8),
            (at(18, 0), DayPeriod::Evening, 12),
            (at(0, 0), DayPeriod::Night, 6),
            (at(5, 59), DayPeriod::Night, 11),
        ];
        for (clock, period, hour) in cases {
            let e = EthiopianTime::from_clock(clock);
            assert_eq!((e.period, e.hour), (period, hour), "{clock}");
        }
    }

    /// Every minute of a day maps to one Ethiopian time and back.
    #[test]
    fn every_minute_of_a_day_maps_and_back() {
        for minute in 0..24 * 60 {
            let clock = at(minute / 60, minute % 60);
            let e = EthiopianTime::from_clock(clock);
            assert!((1..=12).contains(&e.hour), "{clock}: {e:?}");
            assert_eq!(e.to_clock(), Some(clock), "{clock}: {e:?}");
        }
    }

    #[test]
    fn typed_times_are_read_and_impossible_ones_refused() {
        let read = |s: &str| EthiopianTime::parse(s).and_then(EthiopianTime::to_clock);
        assert_eq!(read("ከሰዓት 8"), Some(at(14, 0)));
        assert_eq!(read("ከሰዓት በኋላ 8:30"), Some(at(14, 30)));
        assert_eq!(read("ጠዋት 3 ሰዓት"), Some(at(9, 0)));
        assert_eq!(read("ምሽት 2 ሰዓት ተኩል"), Some(at(20, 30)));
        assert_eq!(read("ሌሊት 6"), Some(at(0, 0)));
        assert_eq!(read("ቀን 6 ሰዓት"), Some(at(12, 0)));
        for bad in [
            "ጠዋት 8",
            "ከሰዓት 3",
            "ጠዋት",
            "8",
            "ነገ 3",
            "ጠዋት 3 ሰዓት ሰኞ",
            "ጠዋት 13",
        ] {
            assert_eq!(read(bad), None, "{bad}");
        }
    }
}
