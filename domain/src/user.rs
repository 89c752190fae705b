//! People who use the bot, with the language and time zone every message to them is rendered in.

use crate::ids::UserId;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The languages every message exists in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    En,
    Am,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::En, Language::Am];

    /// The BCP 47 tag used for the locale folders and the database.
    pub fn code(&self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Am => "am",
        }
    }

    /// The best match for a Telegram `language_code` such as `am`, `am-ET` or `en-US`; English otherwise.
    pub fn from_telegram(code: Option<&str>) -> Language {
        code.and_then(|c| c.split(['-', '_']).next())
            .and_then(|primary| primary.parse().ok())
            .unwrap_or(Language::En)
    }
}

impl FromStr for Language {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "en" => Ok(Language::En),
            "am" => Ok(Language::Am),
            other => Err(format!("unsupported language {other:?}")),
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An IANA time zone such as `Africa/Addis_Ababa`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TimeZone(chrono_tz::Tz);

impl TimeZone {
    pub const ADDIS_ABABA: TimeZone = TimeZone(chrono_tz::Tz::Africa__Addis_Ababa);

    pub fn tz(&self) -> chrono_tz::Tz {
        self.0
    }
}

impl FromStr for TimeZone {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.trim()
            .parse::<chrono_tz::Tz>()
            .map(TimeZone)
            .map_err(|_| format!("unknown time zone {s:?}"))
    }
}

impl TryFrom<String> for TimeZone {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<TimeZone> for String {
    fn from(t: TimeZone) -> String {
        t.0.name().to_string()
    }
}

impl fmt::Display for TimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.name())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub name: String,
    pub language: Language,
    pub time_zone: TimeZone,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_follows_telegram_code() {
        assert_eq!(Language::from_telegram(Some("am")), Language::Am);
        assert_eq!(Language::from_telegram(Some("am-ET")), Language::Am);
        assert_eq!(Language::from_telegram(Some("en-US")), Language::En);
        assert_eq!(Language::from_telegram(Some("fr")), Language::En);
        assert_eq!(Language::from_telegram(None), Language::En);
    }

    #[test]
    fn time_zones_parse_by_name() {
        assert_eq!(
            "Africa/Addis_Ababa".parse::<TimeZone>(),
            Ok(TimeZone::ADDIS_ABABA)
        );
        assert!("Mars/Olympus".parse::<TimeZone>().is_err());
        assert_eq!(TimeZone::ADDIS_ABABA.to_string(), "Africa/Addis_Ababa");
    }
}
