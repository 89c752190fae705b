//! What the two parties agree on for one milestone, as validated values. Length limits keep every rendered
//! message well under Telegram's 4096 characters.

use crate::money::Money;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TermsError {
    #[error("the text is empty")]
    Empty,
    #[error("the text is longer than {max} characters")]
    TooLong { max: usize },
    #[error("at most {max} revisions")]
    TooManyRevisions { max: u8 },
    #[error("from {min} to {max}")]
    OutOfRange { min: u8, max: u8 },
    #[error("not a date or a duration")]
    NotUnderstood,
    #[error("the deadline is in the past")]
    DeadlineInPast,
    #[error("the deadline must be between 1 hour and {max_days} days away")]
    DeadlineOutOfRange { max_days: i64 },
}

/// Trims, refuses empty or over-long text and strips control characters other than newlines.
fn clean(text: &str, max: usize, multiline: bool) -> Result<String, TermsError> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !c.is_control() || (multiline && *c == '\n'))
        .collect();
    if cleaned.is_empty() {
        return Err(TermsError::Empty);
    }
    if cleaned.chars().count() > max {
        return Err(TermsError::TooLong { max });
    }
    Ok(cleaned)
}

macro_rules! text_type {
    ($(#[$doc:meta])* $name:ident, $max:expr, $multiline:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub const MAX_CHARS: usize = $max;

            pub fn new(text: &str) -> Result<Self, TermsError> {
                clean(text, $max, $multiline).map(Self)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = TermsError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::new(&s)
            }
        }

        impl From<$name> for String {
            fn from(t: $name) -> String {
                t.0
            }
        }
    };
}

text_type!(
    /// An order's or a milestone's title: one line.
    Title, 120, false
);
text_type!(
    /// What the seller hands over: a checklist, one item a line.
    Deliverables, 2000, true
);
text_type!(
    /// Free text attached to a step: feedback, a reason, a payment reference.
    Note, 1000, true
);

impl Deliverables {
    /// The checklist items: non-empty lines, with list markers removed.
    pub fn items(&self) -> Vec<&str> {
        self.0
            .lines()
            .map(|l| l.trim().trim_start_matches(['-', '*', '•']).trim())
            .filter(|l| !l.is_empty())
            .collect()
    }

    /// Too vague to judge a delivery by: a single item of one or two words, or one that names neither a quantity nor a
    /// format ("a logo", "the website"). Exact deliverables are what a buyer can check and a dispute can be
    /// decided on; the bot asks once for more and accepts the text if the user insists.
    pub fn is_vague(&self) -> bool {
        let items = self.items();
        let [only] = items[..] else {
            return false;
        };
        let words = only.split_whitespace().count();
        let lower = only.to_lowercase();
        let has_quantity = only.chars().any(|c| c.is_ascii_digit());
        let has_format = FORMATS.iter().any(|f| {
            lower
                .split(|c: char| !c.is_alphanumeric())
                .any(|word| word == *f)
        });
        words < 3 || !(has_quantity || has_format)
    }
}

/// Formats and media a deliverable may name.
const FORMATS: &[&str] = &[
    "pdf", "png", "jpg", "jpeg", "svg", "ai", "psd", "eps", "gif", "mp4", "mov", "mp3", "wav",
    "doc", "docx", "xls", "xlsx", "csv", "ppt", "pptx", "html", "css", "zip", "figma", "apk",
    "ipa", "api", "word", "excel",
];

/// Revisions included in a milestone's price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct RevisionCount(u8);

impl RevisionCount {
    pub const MAX: u8 = 10;

    pub fn new(n: u8) -> Result<Self, TermsError> {
        if n > Self::MAX {
            return Err(TermsError::TooManyRevisions { max: Self::MAX });
        }
        Ok(Self(n))
    }

    pub fn get(&self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for RevisionCount {
    type Error = TermsError;
    fn try_from(n: u8) -> Result<Self, Self::Error> {
        Self::new(n)
    }
}

impl From<RevisionCount> for u8 {
    fn from(r: RevisionCount) -> u8 {
        r.0
    }
}

/// When the work is due: a fixed moment, or a duration counted from the moment the milestone becomes active
/// (the seller should not lose days while the buyer has not funded yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Deadline {
    At { at: DateTime<Utc> },
    AfterActivation { hours: u32 },
}

impl Deadline {
    pub const MAX_DAYS: i64 = 730;

    /// A fixed deadline; it must lie in the future and within [`Deadline::MAX_DAYS`].
    pub fn at(at: DateTime<Utc>, now: DateTime<Utc>) -> Result<Self, TermsError> {
        if at <= now {
            return Err(TermsError::DeadlineInPast);
        }
        if at - now > Duration::days(Self::MAX_DAYS) {
            return Err(TermsError::DeadlineOutOfRange {
                max_days: Self::MAX_DAYS,
            });
        }
        Ok(Deadline::At { at })
    }

    /// A deadline counted from activation, from 1 hour to [`Deadline::MAX_DAYS`].
    pub fn after_activation(duration: Duration) -> Result<Self, TermsError> {
        let hours = duration.num_hours();
        if !(1..=Self::MAX_DAYS * 24).contains(&hours) {
            return Err(TermsError::DeadlineOutOfRange {
                max_days: Self::MAX_DAYS,
            });
        }
        Ok(Deadline::AfterActivation {
            hours: u32::try_from(hours).expect("bounded above"),
        })
    }

    /// The due moment for a milestone that becomes active at `started`.
    pub fn due_from(&self, started: DateTime<Utc>) -> DateTime<Utc> {
        match *self {
            Deadline::At { at } => at,
            Deadline::AfterActivation { hours } => started + Duration::hours(i64::from(hours)),
        }
    }
}

/// Everything the parties agree on for one milestone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneTerms {
    pub title: Title,
    pub deliverables: Deliverables,
    pub deadline: Deadline,
    pub amount: Money,
    pub revisions: RevisionCount,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(Title::new("  Logo  ").unwrap().as_str(), "Logo");
        assert_eq!(Title::new("   "), Err(TermsError::Empty));
        assert_eq!(Title::new("a\nb").unwrap().as_str(), "ab");
        assert_eq!(
            Title::new(&"x".repeat(121)),
            Err(TermsError::TooLong { max: 120 })
        );
        assert!(Title::new(&"ደ".repeat(120)).is_ok());
        let five_mb = "a".repeat(5 * 1024 * 1024);
        assert_eq!(Note::new(&five_mb), Err(TermsError::TooLong { max: 1000 }));
    }

    #[test]
    fn deliverables_are_a_checklist() {
        let d = Deliverables::new("- 3 logo concepts (PNG, SVG)\n\n* source file\n• brand sheet")
            .unwrap();
        assert_eq!(
            d.items(),
            vec!["3 logo concepts (PNG, SVG)", "source file", "brand sheet"]
        );
    }

    #[test]
    fn vague_deliverables_are_recognised() {
        let vague = |t: &str| Deliverables::new(t).unwrap().is_vague();
        assert!(vague("logo"));
        assert!(vague("a nice website for my shop"));
        assert!(vague("ድረ ገጽ"));
        assert!(!vague("3 logo concepts as PNG and SVG"));
        assert!(!vague("- logo as SVG\n- brand sheet"));
        assert!(!vague("menu design as a printable PDF"));
        assert!(!vague("5 ገጾች ያሉት ድረ ገጽ"));
    }

    #[test]
    fn revisions_are_bounded() {
        assert_eq!(RevisionCount::new(2).unwrap().get(), 2);
        assert_eq!(
            RevisionCount::new(11),
            Err(TermsError::TooManyRevisions { max: 10 })
        );
    }

    #[test]
    fn deadlines_are_in_the_future_and_in_range() {
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap();
        assert_eq!(Deadline::at(now, now), Err(TermsError::DeadlineInPast));
        assert_eq!(
            Deadline::at(now - Duration::days(1), now),
            Err(TermsError::DeadlineInPast)
        );
        assert!(Deadline::at(now + Duration::days(800), now).is_err());
        let fixed = Deadline::at(now + Duration::days(3), now).unwrap();
        assert_eq!(
            fixed.due_from(now + Duration::days(1)),
            now + Duration::days(3)
        );
        let relative = Deadline::after_activation(Duration::days(7)).unwrap();
        assert_eq!(relative.due_from(now), now + Duration::days(7));
        assert!(Deadline::after_activation(Duration::minutes(30)).is_err());
        assert!(Deadline::after_activation(Duration::days(731)).is_err());
    }
}
