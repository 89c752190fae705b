//! Everything the bot says comes from the Fluent files in `locales/`, embedded in the binary.
//!
//! Code names a message by id with its arguments ([`Text`]); tests assert on ids and arguments, and a catalogue
//! test checks that both languages carry the same ids and variables. A `Text` is plain data (it can wait in the
//! outbox): amounts and times are formatted only when rendered, in the reader's language and time zone.

use chrono::{DateTime, Utc};
use dereja_domain::{Currency, EthiopianDate, EthiopianTime, Language, Money, TimeZone};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};
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
    lang.code().parse().unwrap_or(langid!("en"))
}

/// The languages with a catalogue in `locales/`: English (the fallback) first, then by code.
pub fn languages() -> Vec<Language> {
    let mut found: Vec<Language> = LOCALES
        .locales()
        .filter_map(|id| id.language.as_str().parse().ok())
        .collect();
    found.sort_by_key(|l| (*l != Language::EN, *l));
    found.dedup();
    found
}

pub fn is_available(lang: Language) -> bool {
    languages().contains(&lang)
}

/// The language to greet someone in before they choose: their Telegram app's language when the bot has it,
/// English otherwise.
pub fn language_for(telegram_code: Option<&str>) -> Language {
    telegram_code
        .and_then(Language::primary_of)
        .filter(|l| is_available(*l))
        .unwrap_or(Language::EN)
}

/// A plain lookup, for the formatting conventions each catalogue declares.
fn lookup(
    lang: Language,
    id: &str,
    args: &[(&'static str, FluentValue<'static>)],
) -> Option<String> {
    let args: HashMap<Cow<'static, str>, FluentValue<'static>> = args
        .iter()
        .map(|(k, v)| (Cow::Borrowed(*k), v.clone()))
        .collect();
    LOCALES
        .lookup_single_language(&language_id(lang), id, Some(&args))
        .ok()
}

/// The calendar a language's readers count days in (`meta-calendar` in its catalogue).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Calendar {
    Gregorian,
    Ethiopian,
}

fn calendar(lang: Language) -> Calendar {
    match lookup(lang, "meta-calendar", &[]).as_deref() {
        Some("ethiopian") => Calendar::Ethiopian,
        _ => Calendar::Gregorian,
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
    /// A currency by its name in the reader's language (`ብር` in Amharic, `ETB` in English).
    Currency(Currency),
    /// Another message, rendered in the same language (a status name, a role).
    Text(Box<Text>),
    /// Several messages, one per line (the items of a digest).
    Lines(Vec<Text>),
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

/// `1,234,567.89` with the currency's own number of decimals.
fn group_thousands(money: Money) -> String {
    let text = money.amount().abs().to_string();
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if frac.is_empty() {
        grouped
    } else {
        format!("{grouped}.{frac}")
    }
}

/// `ETB 1,500.00` in English, `1,500.00 ብር` in Amharic: the order and the currency's name come from the
/// catalogue (`format-money`, `currency-<code>`; the ISO code where a language has no name for it).
pub fn format_money(money: Money, lang: Language) -> String {
    let number = group_thousands(money);
    let unit = currency_name(money.currency(), lang);
    lookup(
        lang,
        "format-money",
        &[
            ("number", number.clone().into()),
            ("unit", unit.clone().into()),
        ],
    )
    .unwrap_or_else(|| format!("{unit} {number}"))
}

/// A currency's name in `lang` (`currency-<code>` in the catalogue), or its ISO code where the language has none.
pub fn currency_name(currency: Currency, lang: Language) -> String {
    let code = currency.code();
    lookup(lang, &format!("currency-{}", code.to_lowercase()), &[])
        .unwrap_or_else(|| code.to_string())
}

/// A moment in the reader's time zone and calendar: `3 Jan 2026, 14:00` for Gregorian readers; for
/// Ethiopian-calendar readers the Ethiopian date and the time of day as they tell it, with the 24-hour time and the
/// Gregorian date beside them (`ታኅሣሥ 25 ቀን 2018 ዓ.ም.፣ ከሰዓት በኋላ 8:00 (14:00፤ 3/1/2026 እ.ኤ.አ.)`).
pub fn format_time(at: DateTime<Utc>, lang: Language, tz: TimeZone) -> String {
    let local = at.with_timezone(&tz.tz());
    let gregorian = local.format("%-d %b %Y").to_string();
    let time = local.format("%H:%M").to_string();
    let rendered = match calendar(lang) {
        Calendar::Gregorian => lookup(
            lang,
            "format-time-gregorian",
            &[
                ("date", gregorian.clone().into()),
                ("time", time.clone().into()),
            ],
        ),
        Calendar::Ethiopian => {
            let e = EthiopianDate::from_gregorian(local.date_naive());
            let told = EthiopianTime::from_clock(local.time());
            let period = lookup(
                lang,
                "time-period",
                &[("period", told.period.as_str().into())],
            )
            .unwrap_or_default();
            lookup(
                lang,
                "format-time-ethiopian",
                &[
                    ("month", e.month_name().into()),
                    ("day", i64::from(e.day()).into()),
                    ("year", e.year().to_string().into()),
                    ("period", period.into()),
                    ("hour", format!("{}:{:02}", told.hour, told.minute).into()),
                    ("time", time.clone().into()),
                    ("gregorian", local.format("%-d/%-m/%Y").to_string().into()),
                ],
            )
        }
    };
    rendered.unwrap_or_else(|| format!("{gregorian}, {time}"))
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

    /// Renders for a reader as Telegram HTML (sent with `parse_mode` HTML): the catalogue's own tags stand, every
    /// argument is escaped, so a title like `<b>x</b> & y` shows as written. A missing message or argument is an
    /// error.
    pub fn try_html_for(&self, lang: Language, tz: TimeZone) -> Result<String, String> {
        let args: HashMap<Cow<'static, str>, FluentValue<'static>> = self
            .args
            .iter()
            .map(|(k, v)| {
                let value: FluentValue<'static> = match v {
                    Arg::Num(n) => (*n).into(),
                    Arg::Text(text) => text.html_for(lang, tz).into(),
                    Arg::Lines(texts) => texts
                        .iter()
                        .map(|t| t.html_for(lang, tz))
                        .collect::<Vec<_>>()
                        .join("\n")
                        .into(),
                    plain => escape(&plain_arg(plain, lang, tz)).into(),
                };
                (Cow::Owned(k.clone()), value)
            })
            .collect();
        LOCALES
            .lookup_single_language(&language_id(lang), &self.id, Some(&args))
            .map_err(|e| format!("{} in {lang}: {e:?}", self.id))
    }

    /// Renders for a reader as the plain text people see: for what Telegram shows without formatting (buttons,
    /// alerts, invoices, the bot's description, files) and for tests comparing with what a chat shows.
    pub fn try_render_for(&self, lang: Language, tz: TimeZone) -> Result<String, String> {
        self.try_html_for(lang, tz).map(|html| to_plain(&html))
    }

    pub fn try_render(&self, lang: Language) -> Result<String, String> {
        self.try_render_for(lang, TimeZone::ADDIS_ABABA)
    }

    /// Telegram HTML for a reader. A broken translation (CI checks there is none) falls back to English rather
    /// than leaving the user without an answer.
    pub fn html_for(&self, lang: Language, tz: TimeZone) -> String {
        match self.try_html_for(lang, tz) {
            Ok(text) => text,
            Err(e) => {
                tracing::error!(error = %e, "translation failed");
                self.try_html_for(Language::EN, tz)
                    .unwrap_or_else(|_| escape(&self.id))
            }
        }
    }

    pub fn html(&self, lang: Language) -> String {
        self.html_for(lang, TimeZone::ADDIS_ABABA)
    }

    /// Plain text for a reader (see [`Text::try_render_for`]), falling back to English like [`Text::html_for`].
    pub fn render_for(&self, lang: Language, tz: TimeZone) -> String {
        to_plain(&self.html_for(lang, tz))
    }

    pub fn render(&self, lang: Language) -> String {
        self.render_for(lang, TimeZone::ADDIS_ABABA)
    }
}

/// An argument that is text, not markup, as the reader reads it.
fn plain_arg(arg: &Arg, lang: Language, tz: TimeZone) -> String {
    match arg {
        Arg::Str(s) => s.clone(),
        Arg::Num(n) => n.to_string(),
        Arg::Time(t) => format_time(*t, lang, tz),
        Arg::Currency(c) => currency_name(*c, lang),
        Arg::Text(text) => text.render_for(lang, tz),
        Arg::Lines(texts) => texts
            .iter()
            .map(|t| t.render_for(lang, tz))
            .collect::<Vec<_>>()
            .join("\n"),
        Arg::Money { minor, currency } => currency
            .parse::<Currency>()
            .ok()
            .and_then(|c| Money::from_minor(*minor, c).ok())
            .map_or_else(|| format!("{minor} {currency}"), |m| format_money(m, lang)),
    }
}

/// Escapes text for Telegram HTML: `&`, `<` and `>` (the characters Telegram asks to replace).
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The text Telegram shows for HTML the bot wrote: tags dropped, entities decoded. Sound because every `<` and `&`
/// that is not markup was escaped on the way in.
pub fn to_plain(html: &str) -> String {
    let mut plain = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        let used = match c {
            '<' => rest.find('>').map_or(rest.len(), |end| end + 1),
            '&' => match rest
                .find(';')
                .and_then(|end| decode_entity(&rest[1..end]).map(|d| (d, end)))
            {
                Some((decoded, end)) => {
                    plain.push(decoded);
                    end + 1
                }
                None => {
                    plain.push('&');
                    1
                }
            },
            _ => {
                plain.push(c);
                c.len_utf8()
            }
        };
        rest = &rest[used..];
    }
    plain
}

fn decode_entity(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        _ => {
            let n = name.strip_prefix('#')?;
            let code = match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => n.parse().ok(),
            }?;
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone as _;

    #[test]
    fn money_is_grouped_with_the_currency_scale() {
        let etb = |minor| Money::from_minor(minor, Currency::ETB).unwrap();
        assert_eq!(format_money(etb(150_000), Language::EN), "ETB 1,500.00");
        assert_eq!(format_money(etb(150_000), Language::AM), "1,500.00 ብር");
        assert_eq!(
            format_money(etb(123_456_789), Language::EN),
            "ETB 1,234,567.89"
        );
        assert_eq!(format_money(etb(5), Language::EN), "ETB 0.05");
        let stars = Money::from_minor(2500, Currency::XTR).unwrap();
        assert_eq!(format_money(stars, Language::EN), "XTR 2,500");
        let dollars = Money::from_minor(1999, Currency::USD).unwrap();
        assert_eq!(format_money(dollars, Language::AM), "19.99 USD");
    }

    #[test]
    fn times_are_shown_in_the_readers_zone_and_calendar() {
        let t = Utc.with_ymd_and_hms(2026, 1, 3, 11, 0, 0).unwrap();
        assert_eq!(
            format_time(t, Language::EN, TimeZone::ADDIS_ABABA),
            "3 Jan 2026, 14:00"
        );
        assert_eq!(
            format_time(t, Language::AM, TimeZone::ADDIS_ABABA),
            "ታኅሣሥ 25 ቀን 2018 ዓ.ም.፣ ከሰዓት በኋላ 8:00 (14:00፤ 3/1/2026 እ.ኤ.አ.)"
        );
        // 22:30 UTC is already the next day in Addis Ababa.
        let late = Utc.with_ymd_and_hms(2026, 1, 2, 22, 30, 0).unwrap();
        assert_eq!(
            format_time(late, Language::AM, TimeZone::ADDIS_ABABA),
            "ታኅሣሥ 25 ቀን 2018 ዓ.ም.፣ ሌሊት 7:30 (01:30፤ 3/1/2026 እ.ኤ.አ.)"
        );
    }

    #[test]
    fn the_languages_are_the_locale_folders() {
        assert_eq!(languages(), vec![Language::EN, Language::AM]);
        assert_eq!(language_for(Some("am-ET")), Language::AM);
        assert_eq!(language_for(Some("fr")), Language::EN);
        assert_eq!(language_for(None), Language::EN);
    }

    #[test]
    fn arguments_are_escaped_and_read_back_as_written() {
        let title = "<b>x</b> & <a href=\"https://evil.example\">y</a>";
        assert_eq!(
            escape(title),
            "&lt;b&gt;x&lt;/b&gt; &amp; &lt;a href=\"https://evil.example\"&gt;y&lt;/a&gt;"
        );
        assert_eq!(
            to_plain(&format!("<b>{}</b> &#8226;", escape(title))),
            format!("{title} \u{2022}")
        );
        let line = Text::new("orders-line")
            .arg("id", 7)
            .arg("order", title)
            .arg("bar", "▰▱")
            .arg("done", 1)
            .arg("total", 2)
            .arg("status", Text::new("status-name").arg("status", "closed"));
        let html = line.html(Language::EN);
        assert!(
            html.starts_with("<b>#7</b> &lt;b&gt;x&lt;/b&gt; &amp; &lt;a"),
            "{html}"
        );
        assert_eq!(line.render(Language::EN), to_plain(&html));
        assert!(line.render(Language::EN).contains(title));
    }

    #[test]
    fn texts_survive_the_outbox() {
        let text = Text::new("welcome").arg("name", "Abebe");
        let json = serde_json::to_string(&text).unwrap();
        assert_eq!(serde_json::from_str::<Text>(&json).unwrap(), text);
    }
}
