//! The Telegram edge: one handler tree ([`schema`]) that turns updates into service calls and renders the
//! answers from the locales. No business rule lives here.

mod acting;
mod admins;
mod chat;
mod communities;
mod delivery;
pub mod dialogue;
pub mod dialogue_storage;
mod disputes;
mod handlers;
mod inbox;
mod keyboard;
mod neworder;
mod orders;
mod payments;
mod presses;
mod progress;
pub(crate) mod records;
mod refusals;
pub mod sender;
mod steps;
mod withdrawals;

pub use handlers::schema;
pub use inbox::{Attempt, dispatch};

use crate::app::App;
use crate::i18n::Text;
use dereja_domain::Language;
use sender::Sender;
use teloxide::prelude::*;
use teloxide::types::BotCommand;

/// The commands shown in Telegram's menu, per language.
fn command_menu(lang: Language) -> Vec<BotCommand> {
    [
        ("neworder", "command-neworder"),
        ("orders", "command-orders"),
        ("board", "command-board"),
        ("chat", "command-chat"),
        ("progress", "command-progress"),
        ("order", "command-order"),
        ("profile", "command-profile"),
        ("history", "command-history"),
        ("dispute", "command-dispute"),
        ("export", "command-export"),
        ("balance", "command-balance"),
        ("withdraw", "command-withdraw"),
        ("payout", "command-payout"),
        ("cancel", "command-cancel"),
        ("language", "command-language"),
        ("help", "command-help"),
        ("start", "command-start"),
    ]
    .into_iter()
    .map(|(command, id)| BotCommand::new(command, Text::new(id).render(lang)))
    .collect()
}

/// Registers the command menu in both languages; English is also the default for everyone else.
async fn register_commands(bot: &Bot) -> Result<(), teloxide::RequestError> {
    bot.set_my_commands(command_menu(Language::EN)).await?;
    for lang in crate::i18n::languages() {
        bot.set_my_commands(command_menu(lang))
            .language_code(lang.code())
            .await?;
    }
    Ok(())
}

/// Connects to the Bot API: learns the bot's @username (for deep links) and registers the command menu.
pub async fn connect(bot: &Bot, app: &mut App) -> anyhow::Result<()> {
    let me = bot.get_me().await?;
    app.bot_username = me.username().to_string();
    tracing::info!(username = %app.bot_username, "connected to the Bot API");
    if let Err(e) = register_commands(bot).await {
        tracing::warn!(error = %e, "could not register the command menu; continuing");
    }
    Ok(())
}

/// The sender that delivers the outbox through `bot`.
pub fn sender(bot: &Bot, app: &App) -> Sender {
    Sender {
        store: app.store.clone(),
        bot: bot.clone(),
        clock: app.clock.clone(),
        wake: app.outbox.clone(),
        pacer: app.pacer.clone(),
        in_flight: std::sync::Arc::new(tokio::sync::Semaphore::new(sender::IN_FLIGHT)),
        bot_username: app.bot_username.clone(),
        community_language: app.config.community_language,
        community_time_zone: app.config.timezone,
    }
}
