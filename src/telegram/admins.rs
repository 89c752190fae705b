//! Who counts as an admin of an order right now. The edge gathers the facts (a configured global admin? the
//! order's group registered as a community? the person an administrator of it, as Telegram lists them at the
//! moment of the press?); the domain's `is_order_admin` decides, and `Order::check` refuses a party anyway.

use crate::app::App;
use dereja_domain::{AdminFacts, Order, Origin, UserId, is_order_admin};
use teloxide::prelude::*;

/// Whether `user` may act as an admin on this order: a global admin, or an administrator of the registered
/// community the order was started in. A group that is not a community gives its administrators no power.
pub async fn is_admin(bot: &Bot, app: &App, user: UserId, order: &Order) -> anyhow::Result<bool> {
    let global = app.config.admins.contains(&user);
    let mut facts = AdminFacts {
        global,
        community: false,
        group_admin: false,
    };
    if let Origin::Group { chat_id } = order.origin
        && !global
    {
        facts.community = app.communities.is_registered(chat_id).await?;
        facts.group_admin = facts.community && is_telegram_admin(bot, user, chat_id).await;
    }
    Ok(is_order_admin(order.origin, facts))
}

/// A global admin, or an administrator of `chat`: who may choose the language a group reads (not money).
pub async fn is_chat_admin(bot: &Bot, app: &App, user: UserId, chat: i64) -> bool {
    app.config.admins.contains(&user) || is_telegram_admin(bot, user, chat).await
}

/// An administrator of `chat` as Telegram says right now (never cached: admins change).
async fn is_telegram_admin(bot: &Bot, user: UserId, chat: i64) -> bool {
    match bot.get_chat_administrators(ChatId(chat)).await {
        Ok(admins) => admins.iter().any(|m| m.user.id.0 as i64 == user.0),
        Err(e) => {
            tracing::warn!(error = %e, chat, "could not check the group's administrators");
            false
        }
    }
}
