//! Who counts as an admin of an order right now: a configured global admin, or (for an order started in a group)
//! an administrator of that group as Telegram lists them at the moment of the press. What an admin may do is
//! decided by the domain.

use crate::app::App;
use dereja_domain::{Order, Origin, UserId};
use teloxide::prelude::*;

/// Whether a user may act as an admin on this order: a configured admin, or (for an order started in a group) an
/// administrator of that group right now.
pub async fn is_admin(bot: &Bot, app: &App, user: UserId, order: &Order) -> bool {
    match order.origin {
        Origin::Group { chat_id } => is_chat_admin(bot, app, user, chat_id).await,
        Origin::Private => app.config.admins.contains(&user),
    }
}

/// A global admin, or an administrator of `chat` as Telegram says right now (never cached: admins change).
pub async fn is_chat_admin(bot: &Bot, app: &App, user: UserId, chat: i64) -> bool {
    if app.config.admins.contains(&user) {
        return true;
    }
    match bot.get_chat_administrators(ChatId(chat)).await {
        Ok(admins) => admins.iter().any(|m| m.user.id.0 as i64 == user.0),
        Err(e) => {
            tracing::warn!(error = %e, chat, "could not check the group's administrators");
            false
        }
    }
}
