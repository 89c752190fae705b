//! Everything the bot says comes from the Fluent files in `locales/`, embedded in the binary.
//!
//! Code names a message by id with its arguments ([`Text`]); tests assert on ids and arguments, and a catalogue
//! test checks that both languages carry the same ids and variables. A `Text` is plain data (it can wait in the
//! outbox): amounts and times are formatted only when rendered, in the reader's language and time zone.

use chrono::{DateTime, Utc};
use dereja_domain::{Currency, Language, Money, TimeZone};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, langid};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Telegram shows the text as is: no Unicode isolation marks around arguments.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

fn language_id(lang: Language) -> LanguageIdentifier {
    match lang {
        Language::En => langid!("en"),
        Language::Am => langid!("am"),
    }
}

/// A message argument, formatted for the reader when rendered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", content = "v", rename_all = "snake_case")]
pub enum Arg {
    Str(String),
    Num(i64),
    Time(DateTime<Utc>),
    Money {
        minor: i64,
        currency: String,
    },
    /// Another message, rendered in the same language (a status name, a role).
    Text(Box<Text>),
}

impl From<Text> for Arg {
    fn from(t: Text) -> Arg {
        Arg::Text(Box::new(t))
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Str(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Str(s)
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Arg {
        Arg::Num(n)
    }
}

impl From<DateTime<Utc>> for Arg {
    fn from(t: DateTime<Utc>) -> Arg {
        Arg::Time(t)
    }
}

impl From<Money> for Arg {
    fn from(m: Money) -> Arg {
        Arg::Money {
            minor: m.to_minor(),
            currency: m.currency().code().to_string(),
        }
    }
}

/// `1,500.00 ETB` in English, `1,500.00 ብር` in Amharic; the currency's own number of decimals.
pub fn format_money(money: Money, lang: Language) -> String {
    let amount = money.amount();
    let text = amount.abs().to_string();
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let number = if frac.is_empty() {
        grouped
    } else {
        format!("{grouped}.{frac}")
    };
    let unit = match (lang, money.currency()) {
        (Language::Am, c) if c == Currency::ETB => "ብር",
        (_, c) => c.code(),
    };
    format!("{number} {unit}")
}

/// A moment in the reader's time zone: `3 Jan 2026, 14:00` in English, `2026-01-03 14:00` otherwise (the
/// Ethiopian calendar for Amharic readers is planned).
pub fn format_time(at: DateTime<Utc>, lang: Language, tz: TimeZone) -> String {
    let local = at.with_timezone(&tz.tz());
    match lang {
        Language::En => local.format("%-d %b %Y, %H:%M").to_string(),
        Language::Am => local.format("%Y-%m-%d %H:%M").to_string(),
    }
}

/// A message to render: a Fluent id and its arguments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Text {
    id: String,
    args: Vec<(String, Arg)>,
}

impl Text {
    pub fn new(id: &str) -> Text {
        Text {
            id: id.to_string(),
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &str, value: impl Into<Arg>) -> Text {
        self.args.push((name.to_string(), value.into()));
        self
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn args(&self) -> &[(String, Arg)] {
        &self.args
    }

    /// Renders for a reader, reporting a missing message or argument as an error.
    pub fn try_render_for(&self, lang: Language, tz: TimeZone) -> Result<String, String> {
        let args: HashMap<Cow<'static, str>, FluentValue<'static>> = self
            .args
            .iter()
            .map(|(k, v)| {
                let value: FluentValue<'static> = match v {
                    Arg::Str(s) => s.clone().into(),
                    Arg::Num(n) => (*n).into(),
                    Arg::Time(t) => format_time(*t, lang, tz).into(),
                    Arg::Text(text) => text.render_for(lang, tz).into(),
                    Arg::Money { minor, currency } => match currency
                        .parse::<Currency>()
                        .ok()
                        .and_then(|c| Money::from_minor(*minor, c).ok())
                    {
                        Some(m) => format_money(m, lang).into(),
                        None => format!("{minor} {currency}").into(),
                    },
                };
                (Cow::Owned(k.clone()), value)
            })
            .collect();
        LOCALES
            .lookup_single_language(&language_id(lang), &self.id, Some(&args))
            .map_err(|e| format!("{} in {lang}: {e:?}", self.id))
    }

    pub fn try_render(&self, lang: Language) -> Result<String, String> {
        self.try_render_for(lang, TimeZone::ADDIS_ABABA)
    }

    /// Renders for a reader. A broken translation (CI checks there is none) falls back to English rather than
    /// leaving the user without an answer.
    pub fn render_for(&self, lang: Language, tz: TimeZone) -> String {
        match self.try_render_for(lang, tz) {
            Ok(text) => text,
            Err(e) => {
                tracing::error!(error = %e, "translation failed");
                self.try_render_for(Language::En, tz)
                    .unwrap_or_else(|_| self.id.clone())
            }
        }
    }

    pub fn render(&self, lang: Language) -> String {
        self.render_for(lang, TimeZone::ADDIS_ABABA)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone as _;

    #[test]
    fn money_is_grouped_with_the_currency_scale() {
        let etb = |minor| Money::from_minor(minor, Currency::ETB).unwrap();
        assert_eq!(format_money(etb(150_000), Language::En), "1,500.00 ETB");
        assert_eq!(format_money(etb(150_000), Language::Am), "1,500.00 ብር");
        assert_eq!(
            format_money(etb(123_456_789), Language::En),
            "1,234,567.89 ETB"
        );
        assert_eq!(format_money(etb(5), Language::En), "0.05 ETB");
        let stars = Money::from_minor(2500, Currency::XTR).unwrap();
        assert_eq!(format_money(stars, Language::En), "2,500 XTR");
    }

    #[test]
    fn times_are_shown_in_the_readers_zone() {
        let t = Utc.with_ymd_and_hms(2026, 1, 3, 11, 0, 0).unwrap();
        assert_eq!(
            format_time(t, Language::En, TimeZone::ADDIS_ABABA),
            "3 Jan 2026, 14:00"
        );
        assert_eq!(
            format_time(t, Language::Am, TimeZone::ADDIS_ABABA),
            "2026-01-03 14:00"
        );
    }

    #[test]
    fn texts_survive_the_outbox() {
        let text = Text::new("welcome").arg("name", "Abebe");
        let json = serde_json::to_string(&text).unwrap();
        assert_eq!(serde_json::from_str::<Text>(&json).unwrap(), text);
    }
}
