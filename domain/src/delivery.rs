//! What a seller hands over: text (which may hold links) and files, kept by Telegram `file_id` so they can be
//! re-sent whatever their size.

use crate::terms::TermsError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentKind {
    Document,
    Photo,
    Video,
    Audio,
    Voice,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub kind: AttachmentKind,
    pub file_id: String,
    pub name: Option<String>,
}

/// A non-empty delivery: some text, some files, or both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    text: Option<String>,
    attachments: Vec<Attachment>,
}

impl Delivery {
    pub const MAX_TEXT: usize = 3000;
    pub const MAX_ATTACHMENTS: usize = 20;

    pub fn new(text: Option<&str>, attachments: Vec<Attachment>) -> Result<Self, TermsError> {
        let text = text.map(str::trim).filter(|t| !t.is_empty());
        if text.is_none() && attachments.is_empty() {
            return Err(TermsError::Empty);
        }
        if let Some(t) = text
            && t.chars().count() > Self::MAX_TEXT
        {
            return Err(TermsError::TooLong {
                max: Self::MAX_TEXT,
            });
        }
        if attachments.len() > Self::MAX_ATTACHMENTS {
            return Err(TermsError::TooLong {
                max: Self::MAX_ATTACHMENTS,
            });
        }
        Ok(Delivery {
            text: text.map(str::to_string),
            attachments,
        })
    }

    pub fn text(&self) -> Option<&str> {
        self.text.as_deref()
    }

    pub fn attachments(&self) -> &[Attachment] {
        &self.attachments
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_delivery_is_never_empty() {
        assert_eq!(Delivery::new(Some("  "), vec![]), Err(TermsError::Empty));
        assert!(Delivery::new(Some("https://example.com/build.zip"), vec![]).is_ok());
        let file = Attachment {
            kind: AttachmentKind::Document,
            file_id: "BQAC".into(),
            name: Some("logo.svg".into()),
        };
        let d = Delivery::new(None, vec![file]).unwrap();
        assert_eq!(d.text(), None);
        assert_eq!(d.attachments().len(), 1);
        assert!(Delivery::new(Some(&"x".repeat(3001)), vec![]).is_err());
    }
}
