//! What to tell whom, before Telegram: notices for events and reminders, the dispute dossier, withdrawal notices,
//! orders and refusals as text, and the buttons as typed intents ([`callback::Callback`]). Pure: it reads the
//! domain and the catalogue, never the store or Telegram. Services queue these in the outbox; the Telegram edge
//! renders and sends them.

pub mod buttons;
pub mod callback;
pub mod dossier;
pub mod events;
pub mod export;
pub mod notice;
pub mod reminders;
pub mod views;
pub mod withdrawals;

pub use callback::{Callback, Verdict};
pub use notice::{Audience, Button, Fallback, Notice, Outgoing, Recipient};

/// The deep link that opens an order's invitation: `https://t.me/<bot>?start=inv_<token>`.
pub fn invitation_link(bot_username: &str, token: &str) -> String {
    deep_link(bot_username, &format!("inv_{token}"))
}

/// A link that opens the bot's private chat with `/start <payload>`.
pub fn deep_link(bot_username: &str, payload: &str) -> String {
    format!("https://t.me/{bot_username}?start={payload}")
}
