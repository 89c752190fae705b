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

/// Telegram's share link: it opens the person's chat list to send `link` with `text` to whoever they pick.
pub fn share_link(link: &str, text: &str) -> String {
    url::Url::parse_with_params("https://t.me/share/url", [("url", link), ("text", text)])
        .map_or_else(|_| link.to_string(), String::from)
}

/// A link that opens the bot's private chat with `/start <payload>`.
pub fn deep_link(bot_username: &str, payload: &str) -> String {
    format!("https://t.me/{bot_username}?start={payload}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_share_link_carries_the_invitation_and_the_words() {
        let link = super::invitation_link("dereja_bot", "AbC-12_x");
        let share = super::share_link(&link, "ትዕዛዝ \"ሎጎ & ምናሌ\"");
        let parsed = url::Url::parse(&share).unwrap();
        assert_eq!(parsed.host_str(), Some("t.me"));
        let pairs: Vec<(String, String)> = parsed.query_pairs().into_owned().collect();
        assert_eq!(pairs[0], ("url".into(), link));
        assert_eq!(pairs[1], ("text".into(), "ትዕዛዝ \"ሎጎ & ምናሌ\"".into()));
    }
}
