//! Reading a deadline as people type it: a duration counted from activation, a Gregorian date, or an Ethiopian
//! date (`መስከረም 15`, `15/1/2019 ዓ.ም.`), with a 24-hour time or an Ethiopian time of day (`ከሰዓት 8`). A reading
//! that involved a guess (the calendar, the year, the day or the Ethiopian hour) is returned for confirmation, so
//! nothing guessed is stored unseen.

use crate::calendar::{EthiopianDate, month_from_name};
use crate::terms::{Deadline, TermsError};
use crate::time_of_day::{DayPeriod, EthiopianTime};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

/// How a typed deadline was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlineReading {
    /// Read the only way it can be read: store it.
    Certain(Deadline),
    /// Read as an Ethiopian date, or with the year filled in: show it to the user and store it once they agree.
    Confirm(Deadline),
}

impl DeadlineReading {
    pub fn deadline(&self) -> Deadline {
        match *self {
            DeadlineReading::Certain(d) | DeadlineReading::Confirm(d) => d,
        }
    }
}

/// Why a deadline is worth a second look before it is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlineDoubt {
    /// Less than a day of work.
    Short,
    /// Due before a milestone that comes earlier in the order.
    BeforePrevious,
}

/// A deadline to question once ("Are you sure?"): under 24 hours of work, or a fixed date earlier than an
/// earlier milestone's fixed date. Realistic deadlines are half of a milestone's success.
pub fn doubt(
    deadline: &Deadline,
    earlier: &[Deadline],
    now: DateTime<Utc>,
) -> Option<DeadlineDoubt> {
    let day = Duration::hours(24);
    match *deadline {
        Deadline::AfterActivation { hours } if i64::from(hours) < day.num_hours() => {
            Some(DeadlineDoubt::Short)
        }
        Deadline::At { at } if at - now < day => Some(DeadlineDoubt::Short),
        Deadline::At { at }
            if earlier
                .iter()
                .any(|e| matches!(e, Deadline::At { at: before } if *before > at)) =>
        {
            Some(DeadlineDoubt::BeforePrevious)
        }
        _ => None,
    }
}

/// Words that mark a date as Ethiopian: ዓ.ም. (ዓመተ ምሕረት) or E.C.
const ETHIOPIAN_MARKERS: [&str; 6] = ["ዓ.ም.", "ዓ.ም", "ዓም", "e.c.", "e.c", "ec"];

/// Reads a deadline in the user's time zone `tz`; a date without a time means the end of that day (23:59).
///
/// - `7d`, `3 days`, `2w`, `36h`, `10 ቀን`, `2 ሳምንት`: counted from activation;
/// - `2026-12-20`, `20/12/2026`, `20.12.2026 15:00`: Gregorian;
/// - `15/1/2019 ዓ.ም.` or `15/1/2019 E.C.`: Ethiopian (day/month/year), to confirm;
/// - `መስከረም 15`, `15 መስከረም 2019`: Ethiopian by month name; without a year, the next such day; to confirm;
/// - `30/2/2019` or `5/13/2018` (no such Gregorian day) or a day/month/year that is only in range as an Ethiopian
///   date: read as Ethiopian, to confirm. Both readings can never be in range at once: the calendars are 7-8
///   years apart and a deadline is at most two years away;
/// - any date followed by an Ethiopian time of day (`ከሰዓት 8`, `ጠዋት 3 ሰዓት ተኩል`), or that time alone for its
///   next occurrence (today, or tomorrow if it has passed): to confirm.
pub fn parse_deadline(
    input: &str,
    now: DateTime<Utc>,
    tz: chrono_tz::Tz,
) -> Result<DeadlineReading, TermsError> {
    let text = input.trim().to_lowercase();
    if text.is_empty() {
        return Err(TermsError::Empty);
    }
    if let Some(duration) = parse_duration(&text) {
        return Deadline::after_activation(duration).map(DeadlineReading::Certain);
    }
    let mut tokens: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .collect();
    let marked = tokens.iter().any(|t| ETHIOPIAN_MARKERS.contains(t));
    tokens.retain(|t| !ETHIOPIAN_MARKERS.contains(t));
    let ethiopian_time = take_ethiopian_time(&mut tokens)?;
    let time = match ethiopian_time {
        Some(t) => Some(t),
        None => take_clock_time(&mut tokens)?,
    };
    let reading = parse_date(&tokens, marked, time, now, tz)?;
    Ok(match (reading, ethiopian_time) {
        (DeadlineReading::Certain(d), Some(_)) => DeadlineReading::Confirm(d),
        (reading, _) => reading,
    })
}

/// `15:00` taken out of the tokens.
fn take_clock_time(tokens: &mut Vec<&str>) -> Result<Option<NaiveTime>, TermsError> {
    match tokens.iter().position(|t| t.contains(':')) {
        Some(i) => NaiveTime::parse_from_str(tokens.remove(i), "%H:%M")
            .map(Some)
            .map_err(|_| TermsError::NotUnderstood),
        None => Ok(None),
    }
}

/// An Ethiopian time of day (`ከሰዓት በኋላ 8 ሰዓት ተኩል`) taken out of the tokens, as a clock time. `ቀን` ("day")
/// also follows the day's number in a written date (`ታኅሣሥ 25 ቀን 2018`): there, with no hour after it, it is dropped.
fn take_ethiopian_time(tokens: &mut Vec<&str>) -> Result<Option<NaiveTime>, TermsError> {
    let Some(start) = tokens.iter().position(|t| DayPeriod::named(t).is_some()) else {
        return Ok(None);
    };
    let mut end = start + 1;
    let mut hour_seen = false;
    while let Some(token) = tokens.get(end) {
        match *token {
            "በኋላ" | "ሰዓት" | "ሰአት" | "ተኩል" => {}
            hour if !hour_seen && is_hour(hour) => hour_seen = true,
            _ => break,
        }
        end += 1;
    }
    let phrase = tokens[start..end].join(" ");
    match EthiopianTime::parse(&phrase).and_then(EthiopianTime::to_clock) {
        Some(clock) => {
            tokens.drain(start..end);
            Ok(Some(clock))
        }
        None if tokens[start] == "ቀን" => {
            tokens.remove(start);
            take_ethiopian_time(tokens)
        }
        None => Err(TermsError::NotUnderstood),
    }
}

/// `8` or `8:30`, as the hour of an Ethiopian time of day is written.
fn is_hour(token: &str) -> bool {
    token
        .split(':')
        .all(|part| (1..=2).contains(&part.len()) && part.chars().all(|c| c.is_ascii_digit()))
}

/// The date left once the markers and the time are taken out, at `time` (the end of the day when none).
fn parse_date(
    tokens: &[&str],
    marked: bool,
    time: Option<NaiveTime>,
    now: DateTime<Utc>,
    tz: chrono_tz::Tz,
) -> Result<DeadlineReading, TermsError> {
    let at = |date: NaiveDate| -> Result<Deadline, TermsError> {
        let local = date.and_time(time.unwrap_or(END_OF_DAY));
        let at = local
            .and_local_timezone(tz)
            .earliest()
            .ok_or(TermsError::NotUnderstood)?
            .with_timezone(&Utc);
        Deadline::at(at, now)
    };

    // By month name: Ethiopian.
    if let Some(month) = tokens.iter().find_map(|t| month_from_name(t)) {
        let numbers: Vec<i32> = tokens
            .iter()
            .filter(|t| month_from_name(t).is_none())
            .map(|t| t.parse::<i32>().map_err(|_| TermsError::NotUnderstood))
            .collect::<Result<_, _>>()?;
        let today = EthiopianDate::from_gregorian(now.with_timezone(&tz).date_naive());
        return match numbers[..] {
            [day, year] => {
                let date = ethiopian(year, month, day)?;
                at(date).map(DeadlineReading::Confirm)
            }
            [day] => {
                // The next such day: this Ethiopian year, or the next one if it has passed.
                let this_year = ethiopian(today.year(), month, day).and_then(at);
                match this_year {
                    Err(TermsError::DeadlineInPast) => {
                        at(ethiopian(today.year() + 1, month, day)?).map(DeadlineReading::Confirm)
                    }
                    other => other.map(DeadlineReading::Confirm),
                }
            }
            _ => Err(TermsError::NotUnderstood),
        };
    }

    let date = match (tokens, time) {
        ([date], _) => *date,
        // A time alone: its next occurrence.
        ([], Some(time)) => return next_occurrence(time, now, tz).map(DeadlineReading::Confirm),
        _ => return Err(TermsError::NotUnderstood),
    };
    if let Ok(iso) = NaiveDate::parse_from_str(date, "%Y-%m-%d")
        && !marked
    {
        return at(iso).map(DeadlineReading::Certain);
    }
    let [first, second, third] = numeric_parts(date).ok_or(TermsError::NotUnderstood)?;
    // Year first (ISO order) or last (day/month/year).
    let (year, month, day) = if first > 31 {
        (first, second, third)
    } else {
        (third, second, first)
    };
    let as_ethiopian = || {
        let month = u8::try_from(month).map_err(|_| TermsError::NotUnderstood)?;
        at(ethiopian(year, month, day)?).map(DeadlineReading::Confirm)
    };
    if marked {
        return as_ethiopian();
    }
    let gregorian = u32::try_from(month)
        .ok()
        .zip(u32::try_from(day).ok())
        .and_then(|(m, d)| NaiveDate::from_ymd_opt(year, m, d))
        .ok_or(TermsError::NotUnderstood)
        .and_then(at);
    match gregorian {
        Ok(deadline) => Ok(DeadlineReading::Certain(deadline)),
        // Not a valid Gregorian deadline: an Ethiopian date if it is one, else the Gregorian reason.
        Err(e) => as_ethiopian().or(Err(e)),
    }
}

/// Today at `time` in `tz`, or tomorrow if that has passed.
fn next_occurrence(
    time: NaiveTime,
    now: DateTime<Utc>,
    tz: chrono_tz::Tz,
) -> Result<Deadline, TermsError> {
    let today = now.with_timezone(&tz).date_naive();
    [today, today + Duration::days(1)]
        .into_iter()
        .filter_map(|day| day.and_time(time).and_local_timezone(tz).earliest())
        .map(|at| at.with_timezone(&Utc))
        .find(|at| *at > now)
        .ok_or(TermsError::NotUnderstood)
        .and_then(|at| Deadline::at(at, now))
}

const END_OF_DAY: NaiveTime = NaiveTime::from_hms_opt(23, 59, 0).expect("a valid time");

fn ethiopian(year: i32, month: u8, day: i32) -> Result<NaiveDate, TermsError> {
    u8::try_from(day)
        .ok()
        .and_then(|day| EthiopianDate::new(year, month, day))
        .and_then(|d| d.to_gregorian())
        .ok_or(TermsError::NotUnderstood)
}

/// `20/12/2026`, `20.12.2026`, `2026-12-20` -> three numbers as written.
fn numeric_parts(date: &str) -> Option<[i32; 3]> {
    let parts: Vec<i32> = date
        .split(['/', '.', '-'])
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    parts.try_into().ok()
}

fn parse_duration(text: &str) -> Option<Duration> {
    let split = text.find(|c: char| !c.is_ascii_digit())?;
    let (number, unit) = text.split_at(split);
    let n: i64 = number.parse().ok()?;
    if n > 100_000 {
        return None;
    }
    match unit.trim() {
        "h" | "hr" | "hrs" | "hour" | "hours" | "ሰዓት" => Some(Duration::hours(n)),
        "d" | "day" | "days" | "ቀን" => Some(Duration::days(n)),
        "w" | "wk" | "week" | "weeks" | "ሳምንት" => Some(Duration::weeks(n)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DeadlineReading::{Certain, Confirm};
    use chrono::TimeZone;

    const TZ: chrono_tz::Tz = chrono_tz::Africa::Addis_Ababa;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap()
    }

    /// 23:59 in Addis Ababa (UTC+3) on a Gregorian day.
    fn end_of(y: i32, m: u32, d: u32) -> Deadline {
        Deadline::At {
            at: Utc.with_ymd_and_hms(y, m, d, 20, 59, 0).unwrap(),
        }
    }

    #[test]
    fn durations_and_gregorian_dates_are_certain() {
        let hours = |h| Certain(Deadline::AfterActivation { hours: h });
        assert_eq!(parse_deadline("7d", now(), TZ), Ok(hours(168)));
        assert_eq!(parse_deadline("3 days", now(), TZ), Ok(hours(72)));
        assert_eq!(parse_deadline("2W", now(), TZ), Ok(hours(336)));
        assert_eq!(parse_deadline("36h", now(), TZ), Ok(hours(36)));
        assert_eq!(parse_deadline("10 ቀን", now(), TZ), Ok(hours(240)));
        assert_eq!(parse_deadline("2 ሳምንት", now(), TZ), Ok(hours(336)));
        assert_eq!(
            parse_deadline("2026-01-20", now(), TZ),
            Ok(Certain(end_of(2026, 1, 20)))
        );
        assert_eq!(
            parse_deadline("20/01/2026", now(), TZ),
            Ok(Certain(end_of(2026, 1, 20)))
        );
        let afternoon = Utc.with_ymd_and_hms(2026, 1, 20, 12, 0, 0).unwrap();
        assert_eq!(
            parse_deadline("20.01.2026 15:00", now(), TZ),
            Ok(Certain(Deadline::At { at: afternoon }))
        );
    }

    #[test]
    fn bad_deadlines_have_a_reason() {
        assert_eq!(
            parse_deadline("2025-12-31", now(), TZ),
            Err(TermsError::DeadlineInPast)
        );
        assert_eq!(
            parse_deadline("20/12/2025", now(), TZ),
            Err(TermsError::DeadlineInPast)
        );
        assert_eq!(
            parse_deadline("soon", now(), TZ),
            Err(TermsError::NotUnderstood)
        );
        assert_eq!(
            parse_deadline("0d", now(), TZ),
            Err(TermsError::DeadlineOutOfRange { max_days: 730 })
        );
        assert_eq!(parse_deadline("", now(), TZ), Err(TermsError::Empty));
        assert_eq!(
            parse_deadline("31/02/2026", now(), TZ),
            Err(TermsError::NotUnderstood)
        );
        assert_eq!(
            parse_deadline("2026-01-20 25:00", now(), TZ),
            Err(TermsError::NotUnderstood)
        );
        // Pagume 6 exists only in leap years (2018 E.C. is not one).
        assert_eq!(
            parse_deadline("ጳጉሜን 6 2018", now(), TZ),
            Err(TermsError::NotUnderstood)
        );
        assert_eq!(
            parse_deadline("መስከረም 15 2010", now(), TZ),
            Err(TermsError::DeadlineInPast)
        );
    }

    #[test]
    fn ethiopian_dates_are_read_and_confirmed() {
        // Tahsas 25, 2018 = 3 January 2026.
        assert_eq!(
            parse_deadline("25/4/2018 ዓ.ም.", now(), TZ),
            Ok(Confirm(end_of(2026, 1, 3)))
        );
        assert_eq!(
            parse_deadline("25/4/2018 E.C.", now(), TZ),
            Ok(Confirm(end_of(2026, 1, 3)))
        );
        assert_eq!(
            parse_deadline("ታኅሣሥ 25, 2018", now(), TZ),
            Ok(Confirm(end_of(2026, 1, 3)))
        );
        assert_eq!(
            parse_deadline("25 ታህሳስ 2018", now(), TZ),
            Ok(Confirm(end_of(2026, 1, 3)))
        );
        // Without a year: the next Meskerem 15 (25 September 2026, in 2019 E.C.).
        assert_eq!(
            parse_deadline("መስከረም 15", now(), TZ),
            Ok(Confirm(end_of(2026, 9, 25)))
        );
        // Tahsas 20 has passed in 2018 E.C. (29 December 2025): the next one is in 2019 E.C.
        assert_eq!(
            parse_deadline("ታኅሣሥ 20", now(), TZ),
            Ok(Confirm(end_of(2026, 12, 29)))
        );
        // With a time of day.
        let afternoon = Utc.with_ymd_and_hms(2026, 1, 3, 12, 0, 0).unwrap();
        assert_eq!(
            parse_deadline("ታኅሣሥ 25 2018 15:00", now(), TZ),
            Ok(Confirm(Deadline::At { at: afternoon }))
        );
        // No 13th Gregorian month and no 30 February: only the Ethiopian reading is left.
        assert_eq!(
            parse_deadline("5/13/2018", now(), TZ),
            Ok(Confirm(end_of(2026, 9, 10)))
        );
        assert_eq!(
            parse_deadline("30/6/2018", now(), TZ),
            Ok(Confirm(end_of(2026, 3, 9)))
        );
        // 15/1/2019 is long past as a Gregorian day; as Ethiopian it is Meskerem 15, 2019 (25 September 2026).
        assert_eq!(
            parse_deadline("15/1/2019", now(), TZ),
            Ok(Confirm(end_of(2026, 9, 25)))
        );
    }

    #[test]
    fn short_or_out_of_order_deadlines_are_questioned() {
        let hours = |h| Deadline::AfterActivation { hours: h };
        assert_eq!(doubt(&hours(12), &[], now()), Some(DeadlineDoubt::Short));
        assert_eq!(doubt(&hours(24), &[], now()), None);
        let at = |d: i64| Deadline::At {
            at: now() + Duration::days(d),
        };
        assert_eq!(
            doubt(
                &Deadline::At {
                    at: now() + Duration::hours(5)
                },
                &[],
                now()
            ),
            Some(DeadlineDoubt::Short)
        );
        assert_eq!(doubt(&at(10), &[at(5)], now()), None);
        assert_eq!(
            doubt(&at(3), &[at(5), hours(48)], now()),
            Some(DeadlineDoubt::BeforePrevious)
        );
    }

    #[test]
    fn ethiopian_times_of_day_are_read_and_confirmed() {
        // 14:00 in Addis Ababa is 11:00 UTC.
        let at = |d, h, m| Deadline::At {
            at: Utc.with_ymd_and_hms(2026, 1, d, h, m, 0).unwrap(),
        };
        let cases = [
            ("20/01/2026 ከሰዓት 8", at(20, 11, 0)),
            ("ታኅሣሥ 25 ቀን 2018 ዓ.ም. ከሰዓት በኋላ 8 ሰዓት", at(3, 11, 0)),
            ("ታኅሣሥ 25 2018 ጠዋት 3 ሰዓት ተኩል", at(3, 6, 30)),
            ("2026-01-20 ምሽት 2:15", at(20, 17, 15)),
            // Alone: the next such time. Now is 15:00 in Addis Ababa, so the evening is today, the morning tomorrow.
            ("ምሽት 2 ሰዓት", at(1, 17, 0)),
            ("ጠዋት 3", at(2, 6, 0)),
        ];
        for (typed, expected) in cases {
            assert_eq!(
                parse_deadline(typed, now(), TZ),
                Ok(Confirm(expected)),
                "{typed}"
            );
        }
        // A written date's ቀን is not a time of day.
        assert_eq!(
            parse_deadline("ታኅሣሥ 25 ቀን 2018", now(), TZ),
            Ok(Confirm(end_of(2026, 1, 3)))
        );
        for bad in ["20/01/2026 ጠዋት 8", "ከሰዓት", "ጠዋት 3 ሰኞ", "ከሰዓት 8 15:00"]
        {
            assert_eq!(
                parse_deadline(bad, now(), TZ),
                Err(TermsError::NotUnderstood),
                "{bad}"
            );
        }
    }

    proptest::proptest! {
        /// Any clock time typed the Ethiopian way after an Ethiopian date reads back as that minute.
        #[test]
        fn typed_ethiopian_times_read_back(days_ahead in 2i64..700, minute in 0u32..24 * 60) {
            let day = now().with_timezone(&TZ).date_naive() + Duration::days(days_ahead);
            let clock = NaiveTime::from_hms_opt(minute / 60, minute % 60, 0).unwrap();
            let e = EthiopianDate::from_gregorian(day);
            let t = EthiopianTime::from_clock(clock);
            let period = match t.period {
                DayPeriod::Night => "ሌሊት",
                DayPeriod::Morning => "ጠዋት",
                DayPeriod::Noon => "ቀን",
                DayPeriod::Afternoon => "ከሰዓት በኋላ",
                DayPeriod::Evening => "ምሽት",
            };
            let typed = format!("{} {} {} {period} {}:{:02}", e.month_name(), e.day(), e.year(), t.hour, t.minute);
            let expected = Confirm(Deadline::At {
                at: day.and_time(clock).and_local_timezone(TZ).unwrap().with_timezone(&Utc),
            });
            proptest::prop_assert_eq!(parse_deadline(&typed, now(), TZ), Ok(expected));
        }

        /// Any day in the next two years, typed as an Ethiopian date either way, reads back as that day.
        #[test]
        fn typed_ethiopian_days_read_back(days_ahead in 1i64..700) {
            let day = now().with_timezone(&TZ).date_naive() + Duration::days(days_ahead);
            let e = EthiopianDate::from_gregorian(day);
            let expected = Confirm(Deadline::At {
                at: day.and_time(END_OF_DAY).and_local_timezone(TZ).unwrap().with_timezone(&Utc),
            });
            let numeric = format!("{}/{}/{} ዓ.ም.", e.day(), e.month(), e.year());
            proptest::prop_assert_eq!(parse_deadline(&numeric, now(), TZ), Ok(expected));
            let named = format!("{} {}, {}", e.month_name(), e.day(), e.year());
            proptest::prop_assert_eq!(parse_deadline(&named, now(), TZ), Ok(expected));
        }
    }
}
