//! People who use the bot, with the language and time zone every message to them is rendered in.

use crate::ids::UserId;
use crate::terms::Note;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A language people read the bot in: a lowercase ISO 639 code (`en`, `am`, `om`, `ti`).
///
/// The domain does not know which languages have translations: the bot offers those with a folder in `locales/`,
/// so a translator adds a language without touching code.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Language([u8; 3]);

impl Language {
    pub const EN: Language = Language(*b"en\0");
    pub const AM: Language = Language(*b"am\0");

    /// The code used for the locale folders, Telegram and the database.
    pub fn code(&self) -> &str {
        let len = self.0.iter().position(|b| *b == 0).unwrap_or(3);
        std::str::from_utf8(&self.0[..len]).expect("ASCII by construction")
    }

    /// The primary language of a Telegram `language_code` such as `am`, `am-ET` or `en-US`.
    pub fn primary_of(code: &str) -> Option<Language> {
        code.split(['-', '_']).next()?.parse().ok()
    }
}

impl FromStr for Language {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let code = s.trim().to_ascii_lowercase();
        if !(2..=3).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_lowercase()) {
            return Err(format!("not a language code: {s:?}"));
        }
        let mut tag = [0u8; 3];
        tag[..code.len()].copy_from_slice(code.as_bytes());
        Ok(Language(tag))
    }
}

impl TryFrom<String> for Language {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Language> for String {
    fn from(l: Language) -> String {
        l.code().to_string()
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Debug for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Language({})", self.code())
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

/// A global admin suspended this person from opening and joining orders (their running orders go on).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ban {
    pub by: UserId,
    pub at: DateTime<Utc>,
    pub reason: Note,
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
    fn languages_are_short_codes() {
        assert_eq!(Language::primary_of("am"), Some(Language::AM));
        assert_eq!(Language::primary_of("am-ET"), Some(Language::AM));
        assert_eq!(Language::primary_of("en_US"), Some(Language::EN));
        assert_eq!(Language::primary_of("om").unwrap().code(), "om");
        assert_eq!(Language::primary_of("english"), None);
        assert_eq!(Language::primary_of(""), None);
        assert_eq!("AM".parse::<Language>(), Ok(Language::AM));
        assert!("a1".parse::<Language>().is_err());
        assert_eq!(serde_json::to_string(&Language::AM).unwrap(), "\"am\"");
        assert_eq!(
            serde_json::from_str::<Language>("\"en\"").unwrap(),
            Language::EN
        );
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
