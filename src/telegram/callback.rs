//! What an inline button carries. One typed enum, versioned, at most 64 bytes (Telegram's limit); anything that
//! does not parse (an old or forged button) is answered politely and ignored.

use dereja_domain::Language;
use std::fmt;
use std::str::FromStr;

/// Bumped when the meaning of existing button data changes, so old buttons are recognised as stale.
const VERSION: &str = "1";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Callback {
    SetLanguage(Language),
}

impl fmt::Display for Callback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Callback::SetLanguage(lang) => write!(f, "{VERSION}:lang:{}", lang.code()),
        }
    }
}

impl FromStr for Callback {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut parts = s.split(':');
        if parts.next() != Some(VERSION) {
            return Err(());
        }
        let parsed = match (parts.next(), parts.next()) {
            (Some("lang"), Some(code)) => Callback::SetLanguage(code.parse().map_err(|_| ())?),
            _ => return Err(()),
        };
        if parts.next().is_some() {
            return Err(());
        }
        Ok(parsed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_within_telegrams_limit() {
        for lang in Language::ALL {
            let cb = Callback::SetLanguage(lang);
            let data = cb.to_string();
            assert!(data.len() <= 64, "{data}");
            assert_eq!(data.parse(), Ok(cb));
        }
    }

    #[test]
    fn refuses_stale_and_forged_data() {
        for bad in [
            "",
            "0:lang:am",
            "1:lang:fr",
            "1:lang",
            "1:lang:am:x",
            "1:pay:1",
            "x".repeat(200).as_str(),
        ] {
            assert_eq!(bad.parse::<Callback>(), Err(()), "{bad}");
        }
    }
}
