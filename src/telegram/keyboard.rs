//! A message's buttons as Telegram's inline keyboard, labels in the reader's language.

use crate::messages::Button;
use dereja_domain::Language;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

/// Inline buttons rendered in the reader's language.
pub fn keyboard(rows: &[Vec<Button>], lang: Language) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(rows.iter().map(|row| {
        row.iter()
            .map(|b| InlineKeyboardButton::callback(b.label.render(lang), b.callback.to_string()))
            .collect::<Vec<_>>()
    }))
}

/// One button that opens `link`; no buttons when `link` is not a valid URL (a bot without a username).
pub fn link_button(label: String, link: &str) -> InlineKeyboardMarkup {
    match link.parse() {
        Ok(url) => InlineKeyboardMarkup::new([[InlineKeyboardButton::url(label, url)]]),
        Err(_) => InlineKeyboardMarkup::default(),
    }
}
