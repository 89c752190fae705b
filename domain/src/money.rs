//! Money: an exact decimal amount in a currency whose scale it respects. Never a float.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Currencies the bot handles and their number of decimal places (Telegram's `exp`).
const CURRENCIES: &[(&str, u32)] = &[
    ("ETB", 2),
    ("USD", 2),
    ("EUR", 2),
    ("GBP", 2),
    ("KES", 2),
    ("XTR", 0),
];

/// The largest amount one milestone may carry, in whole currency units: larger is almost surely a typo.
pub const MAX_UNITS: i64 = 1_000_000_000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("no amount given")]
    Empty,
    #[error("not a number")]
    NotANumber,
    #[error("a decimal comma is ambiguous: use a dot for decimals")]
    DecimalComma,
    #[error("the amount must not be negative")]
    Negative,
    #[error("the amount must be more than zero")]
    Zero,
    #[error("at most {max} decimal places")]
    TooManyDecimals { max: u32 },
    #[error("at most {max} units")]
    TooLarge { max: i64 },
    #[error("unknown currency {0}")]
    UnknownCurrency(String),
    #[error("Ethiopic numerals are not positional: use the digits 0-9")]
    EthiopicNumerals,
    #[error("expected {expected}, got {got}")]
    CurrencyMismatch { expected: Currency, got: Currency },
}

/// An ISO 4217 code (or Telegram Stars, `XTR`) from the supported list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency(&'static str);

impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        code.parse().map_err(serde::de::Error::custom)
    }
}

impl Currency {
    pub const ETB: Currency = Currency("ETB");
    pub const USD: Currency = Currency("USD");
    pub const XTR: Currency = Currency("XTR");

    pub fn code(&self) -> &'static str {
        self.0
    }

    /// Decimal places of the currency's minor unit (ETB 2, XTR 0).
    pub fn scale(&self) -> u32 {
        CURRENCIES
            .iter()
            .find(|(c, _)| *c == self.0)
            .map_or(2, |(_, s)| *s)
    }
}

impl FromStr for Currency {
    type Err = MoneyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let upper = s.trim().to_ascii_uppercase();
        CURRENCIES
            .iter()
            .find(|(c, _)| *c == upper)
            .map(|(c, _)| Currency(c))
            .ok_or(MoneyError::UnknownCurrency(s.trim().to_string()))
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// A non-negative amount with at most the currency's decimal places, kept at exactly that scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "MoneyRepr", into = "MoneyRepr")]
pub struct Money {
    amount: Decimal,
    currency: Currency,
}

#[derive(Serialize, Deserialize)]
struct MoneyRepr {
    amount: Decimal,
    currency: Currency,
}

impl TryFrom<MoneyRepr> for Money {
    type Error = MoneyError;
    fn try_from(r: MoneyRepr) -> Result<Self, Self::Error> {
        Money::new(r.amount, r.currency)
    }
}

impl From<Money> for MoneyRepr {
    fn from(m: Money) -> Self {
        MoneyRepr {
            amount: m.amount,
            currency: m.currency,
        }
    }
}

impl Money {
    /// Zero or more, at most the currency's decimal places, at most [`MAX_UNITS`].
    pub fn new(amount: Decimal, currency: Currency) -> Result<Money, MoneyError> {
        if amount.is_sign_negative() && !amount.is_zero() {
            return Err(MoneyError::Negative);
        }
        let scale = currency.scale();
        let normalized = amount.normalize();
        if normalized.scale() > scale {
            return Err(MoneyError::TooManyDecimals { max: scale });
        }
        if normalized > Decimal::from(MAX_UNITS) {
            return Err(MoneyError::TooLarge { max: MAX_UNITS });
        }
        let mut amount = normalized;
        amount.rescale(scale);
        Ok(Money { amount, currency })
    }

    /// Like [`Money::new`] but refuses zero: what a price must be.
    pub fn positive(amount: Decimal, currency: Currency) -> Result<Money, MoneyError> {
        let money = Money::new(amount, currency)?;
        if money.is_zero() {
            return Err(MoneyError::Zero);
        }
        Ok(money)
    }

    pub fn zero(currency: Currency) -> Money {
        Money {
            amount: Decimal::new(0, currency.scale()),
            currency,
        }
    }

    /// From integer minor units (cents, santim), as the store and Telegram keep them.
    pub fn from_minor(minor: i64, currency: Currency) -> Result<Money, MoneyError> {
        Money::new(Decimal::new(minor, currency.scale()), currency)
    }

    /// Integer minor units. Exact: the scale is the currency's and the size is bounded by [`MAX_UNITS`].
    pub fn to_minor(&self) -> i64 {
        let mut scaled = self.amount;
        scaled.set_scale(0).expect("scale 0 is always valid");
        // `set_scale(0)` reinterprets the mantissa: amount 1500.00 (mantissa 150000) becomes 150000.
        i64::try_from(scaled.mantissa()).expect("bounded by MAX_UNITS")
    }

    pub fn amount(&self) -> Decimal {
        self.amount
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }

    pub fn is_zero(&self) -> bool {
        self.amount.is_zero()
    }

    fn same_currency(&self, other: &Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch {
                expected: self.currency,
                got: other.currency,
            })
        }
    }

    pub fn checked_add(&self, other: &Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        Money::new(self.amount + other.amount, self.currency)
    }

    /// `percent` % of this amount, rounded down to the currency's minor unit (the remainder stays with the
    /// other side): how an admin's "60%" split is computed.
    pub fn percent(&self, percent: Decimal) -> Result<Money, MoneyError> {
        if percent.is_sign_negative() || percent > Decimal::ONE_HUNDRED {
            return Err(MoneyError::NotANumber);
        }
        let share = (self.amount * percent / Decimal::ONE_HUNDRED).round_dp_with_strategy(
            self.currency.scale(),
            rust_decimal::RoundingStrategy::ToZero,
        );
        Money::new(share, self.currency)
    }

    /// `self - other`; an error if the result would be negative.
    pub fn checked_sub(&self, other: &Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        Money::new(self.amount - other.amount, self.currency)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

/// A signed amount (a ledger entry) in integer minor units; `None` if it has more decimals than the currency.
pub fn decimal_to_minor(amount: Decimal, currency: Currency) -> Option<i64> {
    let mut scaled = amount.normalize();
    if scaled.scale() > currency.scale() {
        return None;
    }
    scaled.rescale(currency.scale());
    i64::try_from(scaled.mantissa()).ok()
}

/// The inverse of [`decimal_to_minor`].
pub fn minor_to_decimal(minor: i64, currency: Currency) -> Decimal {
    Decimal::new(minor, currency.scale())
}

/// Parses what a person types as a price: `1500`, `1,500.50`, `1500 ETB`, `ETB 1500`, `1500 ብር`.
///
/// Thousands separators must be in groups of three; a comma followed by one or two digits (`1,5`) is refused as an
/// ambiguous decimal comma rather than guessed. Without a currency the `default` is used.
pub fn parse_amount(input: &str, default: Currency) -> Result<Money, MoneyError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(MoneyError::Empty);
    }
    if text.chars().any(is_ethiopic_numeral) {
        return Err(MoneyError::EthiopicNumerals);
    }
    // "ብር 1.5k" ends with the multiplier, "1.5k ብር" with the currency.
    let (text, thousands_last) = split_thousands(text);
    if text.is_empty() {
        return Err(MoneyError::NotANumber);
    }
    let (number, currency) = split_currency(text, default)?;
    let (number, thousands_inside) = split_thousands(number.trim());
    if thousands_last && thousands_inside {
        return Err(MoneyError::NotANumber);
    }
    let thousands = thousands_last || thousands_inside;
    if let Some(rest) = number.strip_prefix('-') {
        if parse_number(rest.trim()).is_ok() {
            return Err(MoneyError::Negative);
        }
        return Err(MoneyError::NotANumber);
    }
    let mut value = parse_number(number)?;
    if thousands {
        value = value
            .checked_mul(Decimal::ONE_THOUSAND)
            .ok_or(MoneyError::TooLarge { max: MAX_UNITS })?;
    }
    Money::positive(value, currency)
}

/// The words for "thousand" people put after a number: `1.5k`, `2K`, `15 ሺ`, `15 ሺህ`.
const THOUSANDS: [&str; 4] = ["k", "K", "ሺህ", "ሺ"];

/// `1.5k` -> (`1.5`, true).
fn split_thousands(number: &str) -> (&str, bool) {
    THOUSANDS
        .iter()
        .find_map(|w| number.strip_suffix(w))
        .map_or((number, false), |n| (n.trim_end(), true))
}

/// Ge'ez numerals (፩ to ፼): they have no zero and are not positional, so no one can write `1,500.50` in them;
/// they are refused with a clear reason rather than guessed.
fn is_ethiopic_numeral(c: char) -> bool {
    ('\u{1369}'..='\u{137C}').contains(&c)
}

/// Splits a leading or trailing currency word off the number.
fn split_currency(text: &str, default: Currency) -> Result<(&str, Currency), MoneyError> {
    let is_word_char = |c: char| c.is_alphabetic();
    let tail_start = text
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word_char(*c))
        .last()
        .map(|(i, _)| i);
    if tail_start == Some(0) {
        return Err(MoneyError::NotANumber);
    }
    if let Some(i) = tail_start {
        let word = &text[i..];

        return Ok((&text[..i], currency_word(word)?));
    }
    let head_end = text
        .char_indices()
        .take_while(|(_, c)| is_word_char(*c))
        .last()
        .map(|(i, c)| i + c.len_utf8());
    if let Some(i) = head_end {
        return Ok((&text[i..], currency_word(&text[..i])?));
    }
    Ok((text, default))
}

fn currency_word(word: &str) -> Result<Currency, MoneyError> {
    match word.to_lowercase().as_str() {
        "ብር" | "birr" | "br" => Ok(Currency::ETB),
        "stars" | "star" => Ok(Currency::XTR),
        _ if word.len() == 3 && word.bytes().all(|b| b.is_ascii_alphabetic()) => word.parse(),
        // "2m", "5kk": other shorthand is not guessed.
        _ => Err(MoneyError::NotANumber),
    }
}

fn parse_number(s: &str) -> Result<Decimal, MoneyError> {
    if s.is_empty() {
        return Err(MoneyError::Empty);
    }
    let (int_part, frac_part) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let groups: Vec<&str> = int_part.split(',').collect();
    if groups.len() > 1 {
        let last = groups[groups.len() - 1];
        if frac_part.is_none() && groups.len() == 2 && (1..=2).contains(&last.len()) {
            return Err(MoneyError::DecimalComma);
        }
        let first_ok = (1..=3).contains(&groups[0].len());
        let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
        if !first_ok || !rest_ok {
            return Err(MoneyError::NotANumber);
        }
    }
    let digits: String = groups.concat();
    let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(&digits) || frac_part.is_some_and(|f| !all_digits(f)) {
        return Err(MoneyError::NotANumber);
    }
    if digits.len() > 13 {
        return Err(MoneyError::TooLarge { max: MAX_UNITS });
    }
    let canonical = match frac_part {
        Some(f) if f.len() > 12 => return Err(MoneyError::TooManyDecimals { max: 12 }),
        Some(f) => format!("{digits}.{f}"),
        None => digits,
    };
    Decimal::from_str(&canonical).map_err(|_| MoneyError::NotANumber)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn etb(s: &str) -> Money {
        Money::new(Decimal::from_str(s).unwrap(), Currency::ETB).unwrap()
    }

    #[test]
    fn parses_what_people_type() {
        assert_eq!(parse_amount("1500", Currency::ETB), Ok(etb("1500")));
        assert_eq!(parse_amount("1,500.50", Currency::ETB), Ok(etb("1500.5")));
        assert_eq!(parse_amount("1500 ETB", Currency::USD), Ok(etb("1500")));
        assert_eq!(parse_amount("ETB 1500", Currency::USD), Ok(etb("1500")));
        assert_eq!(parse_amount("1500 ብር", Currency::USD), Ok(etb("1500")));
        assert_eq!(
            parse_amount(" 1,234,567 ", Currency::ETB),
            Ok(etb("1234567"))
        );
        assert_eq!(
            parse_amount("1500usd", Currency::ETB).unwrap().currency(),
            Currency::USD
        );
        assert_eq!(
            parse_amount("250 XTR", Currency::ETB).unwrap().to_minor(),
            250
        );
        assert_eq!(parse_amount("1.5k", Currency::ETB), Ok(etb("1500")));
        assert_eq!(parse_amount("2K", Currency::ETB), Ok(etb("2000")));
        assert_eq!(parse_amount("1.5k ብር", Currency::USD), Ok(etb("1500")));
        assert_eq!(parse_amount("ብር 1.5k", Currency::USD), Ok(etb("1500")));
        assert_eq!(parse_amount("15 ሺ ብር", Currency::USD), Ok(etb("15000")));
        assert_eq!(parse_amount("15ሺህ", Currency::ETB), Ok(etb("15000")));
        assert_eq!(parse_amount("1.23456k", Currency::ETB), Ok(etb("1234.56")));
    }

    #[test]
    fn refuses_bad_amounts_with_a_reason() {
        assert_eq!(parse_amount("", Currency::ETB), Err(MoneyError::Empty));
        assert_eq!(
            parse_amount("1,5k", Currency::ETB),
            Err(MoneyError::DecimalComma)
        );
        assert_eq!(
            parse_amount("1.234567k", Currency::ETB),
            Err(MoneyError::TooManyDecimals { max: 2 })
        );
        assert_eq!(
            parse_amount("k", Currency::ETB),
            Err(MoneyError::NotANumber)
        );
        assert_eq!(
            parse_amount("1.5kk", Currency::ETB),
            Err(MoneyError::NotANumber)
        );
        assert_eq!(
            parse_amount("1.5m", Currency::ETB),
            Err(MoneyError::NotANumber)
        );
        assert_eq!(
            parse_amount("፩፼", Currency::ETB),
            Err(MoneyError::EthiopicNumerals)
        );
        assert_eq!(
            parse_amount("1000001k", Currency::ETB),
            Err(MoneyError::TooLarge { max: MAX_UNITS })
        );
        assert_eq!(
            parse_amount("1,5", Currency::ETB),
            Err(MoneyError::DecimalComma)
        );
        assert_eq!(
            parse_amount("-10", Currency::ETB),
            Err(MoneyError::Negative)
        );
        assert_eq!(parse_amount("0", Currency::ETB), Err(MoneyError::Zero));
        assert_eq!(parse_amount("0.00", Currency::ETB), Err(MoneyError::Zero));
        assert_eq!(
            parse_amount("10.005", Currency::ETB),
            Err(MoneyError::TooManyDecimals { max: 2 })
        );
        assert_eq!(
            parse_amount("1.5 XTR", Currency::ETB),
            Err(MoneyError::TooManyDecimals { max: 0 })
        );
        assert_eq!(
            parse_amount("1000000001", Currency::ETB),
            Err(MoneyError::TooLarge { max: MAX_UNITS })
        );
        assert_eq!(
            parse_amount("99999999999999999999999", Currency::ETB),
            Err(MoneyError::TooLarge { max: MAX_UNITS })
        );
        assert_eq!(
            parse_amount("12,34,567", Currency::ETB),
            Err(MoneyError::NotANumber)
        );
        assert_eq!(
            parse_amount("1e5", Currency::ETB),
            Err(MoneyError::NotANumber)
        );
        assert_eq!(
            parse_amount("1500 BTC", Currency::ETB),
            Err(MoneyError::UnknownCurrency("BTC".into()))
        );
        assert_eq!(
            parse_amount("NaN", Currency::ETB),
            Err(MoneyError::NotANumber)
        );
    }

    #[test]
    fn minor_units_round_trip_exactly() {
        let m = etb("1500.5");
        assert_eq!(m.to_minor(), 150_050);
        assert_eq!(Money::from_minor(150_050, Currency::ETB), Ok(m));
        assert_eq!(Money::from_minor(7, Currency::XTR).unwrap().to_minor(), 7);
        assert_eq!(m.to_string(), "1500.50 ETB");
    }

    #[test]
    fn signed_minor_units_round_trip() {
        for minor in [-150_050i64, -1, 1, 7, 150_050] {
            let d = minor_to_decimal(minor, Currency::ETB);
            assert_eq!(decimal_to_minor(d, Currency::ETB), Some(minor));
        }
        assert_eq!(
            decimal_to_minor(Decimal::new(-15, 1), Currency::ETB),
            Some(-150)
        );
        assert_eq!(decimal_to_minor(Decimal::new(15, 1), Currency::XTR), None);
    }

    #[test]
    fn percentages_round_down_to_the_minor_unit() {
        assert_eq!(etb("1500").percent(Decimal::from(60)), Ok(etb("900")));
        assert_eq!(etb("100.01").percent(Decimal::from(50)), Ok(etb("50")));
        assert_eq!(etb("0.03").percent(Decimal::from(50)), Ok(etb("0.01")));
        let stars = Money::from_minor(7, Currency::XTR).unwrap();
        assert_eq!(stars.percent(Decimal::from(50)).unwrap().to_minor(), 3);
        assert!(etb("10").percent(Decimal::from(101)).is_err());
        assert!(etb("10").percent(Decimal::from(-1)).is_err());
    }

    #[test]
    fn arithmetic_checks_currency_and_sign() {
        let a = etb("10");
        let b = etb("2.5");
        assert_eq!(a.checked_sub(&b), Ok(etb("7.5")));
        assert_eq!(b.checked_sub(&a), Err(MoneyError::Negative));
        assert_eq!(a.checked_add(&b), Ok(etb("12.5")));
        let usd = Money::new(Decimal::ONE, Currency::USD).unwrap();
        assert!(matches!(
            a.checked_add(&usd),
            Err(MoneyError::CurrencyMismatch { .. })
        ));
    }

    #[test]
    fn serde_validates_on_the_way_in() {
        let json = serde_json::to_string(&etb("12.5")).unwrap();
        assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), etb("12.5"));
        let bad = r#"{"amount":"1.234","currency":"ETB"}"#;
        assert!(serde_json::from_str::<Money>(bad).is_err());
    }
}
