//! The Telegram edge: one handler tree ([`schema`]) that turns updates into service calls and renders the
//! answers from the locales. No business rule lives here.

mod acting;
mod admins;
mod alert;
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
mod operators;
mod orders;
mod payments;
mod presses;
mod progress;
pub(crate) mod records;
mod refusals;
pub mod sender;
mod steps;
pub mod webhook;
mod withdrawals;

pub use handlers::schema;
pub use inbox::{Attempt, dispatch};

use crate::app::App;
use crate::i18n::Text;
use dereja_domain::Language;
use sender::Sender;
use teloxide::prelude::*;
use teloxide::types::{BotCommand, BotCommandScope, Recipient};

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

/// A global admin's menu: everyone's commands and the operator's.
fn admin_menu(lang: Language) -> Vec<BotCommand> {
    let mut menu = command_menu(lang);
    for (command, id) in [
        ("stats", "command-stats"),
        ("communities", "command-communities"),
        ("find", "command-find"),
        ("freeze", "command-freeze"),
        ("unfreeze", "command-unfreeze"),
        ("ban", "command-ban"),
        ("unban", "command-unban"),
        ("maintenance", "command-maintenance"),
    ] {
        menu.push(BotCommand::new(command, Text::new(id).render(lang)));
    }
    menu
}

/// Each global admin's private chat shows the admin menu (Telegram refuses a chat that never started the bot:
/// that admin sees the usual menu until the next start).
async fn register_admin_commands(bot: &Bot, admins: &[dereja_domain::UserId]) {
    for admin in admins {
        let scope = BotCommandScope::Chat {
            chat_id: Recipient::Id(ChatId(admin.0)),
        };
        if let Err(e) = bot
            .set_my_commands(admin_menu(Language::EN))
            .scope(scope)
            .await
        {
            tracing::info!(admin = admin.0, error = %e, "no admin menu for this admin yet");
        }
    }
}

/// What a group's menu offers: starting and following orders, the group's language, help. Money, records and
/// private conversations are for private chats.
const GROUP_COMMANDS: [&str; 4] = ["neworder", "orders", "language", "help"];

/// A command menu in one language.
type Menu = fn(Language) -> Vec<BotCommand>;

fn group_menu(lang: Language) -> Vec<BotCommand> {
    command_menu(lang)
        .into_iter()
        .filter(|c| GROUP_COMMANDS.contains(&c.command.as_str()))
        .collect()
}

/// Registers the command menus (private chats: everything; groups: the group's few) in every language, English
/// also without a language for everyone else, and the bot's description and short description (what an empty
/// chat with the bot shows).
async fn register_commands(bot: &Bot) -> Result<(), teloxide::RequestError> {
    let scopes: [(BotCommandScope, Menu); 3] = [
        (BotCommandScope::Default, command_menu),
        (BotCommandScope::AllPrivateChats, command_menu),
        (BotCommandScope::AllGroupChats, group_menu),
    ];
    for (scope, menu) in scopes {
        bot.set_my_commands(menu(Language::EN))
            .scope(scope.clone())
            .await?;
        for lang in crate::i18n::languages() {
            bot.set_my_commands(menu(lang))
                .scope(scope.clone())
                .language_code(lang.code())
                .await?;
        }
    }
    let describe = |lang: Language| {
        (
            Text::new("bot-description").render(lang),
            Text::new("bot-short-description").render(lang),
        )
    };
    let (long, short) = describe(Language::EN);
    bot.set_my_description().description(long).await?;
    bot.set_my_short_description()
        .short_description(short)
        .await?;
    for lang in crate::i18n::languages() {
        let (long, short) = describe(lang);
        bot.set_my_description()
            .description(long)
            .language_code(lang.code())
            .await?;
        bot.set_my_short_description()
            .short_description(short)
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
    register_admin_commands(bot, &app.config.admins).await;
    Ok(())
}

/// What Telegram says of the bot's token, for `dereja check-config`.
pub enum TokenCheck {
    /// Accepted: the bot's @username.
    Accepted(String),
    /// Refused (401): revoked or mistyped.
    Refused,
    /// Telegram could not be asked (no network, a timeout): the token is unchecked.
    Unreachable(String),
}

pub async fn check_token(bot: &Bot) -> TokenCheck {
    let asked = tokio::time::timeout(std::time::Duration::from_secs(10), bot.get_me().send()).await;
    match asked {
        Ok(Ok(me)) => TokenCheck::Accepted(me.username().to_string()),
        Ok(Err(teloxide::RequestError::Api(teloxide::ApiError::InvalidToken))) => {
            TokenCheck::Refused
        }
        Ok(Err(e)) => TokenCheck::Unreachable(e.to_string()),
        Err(_) => TokenCheck::Unreachable("no answer within 10 s".into()),
    }
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
        records: Default::default(),
        bot_username: app.bot_username.clone(),
        community_language: app.config.community_language,
        community_time_zone: app.config.timezone,
    }
}
