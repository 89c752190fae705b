//! The Telegram edge: one handler tree ([`schema`]) that turns updates into service calls and renders the
//! answers from the locales. No business rule lives here.

mod actions;
pub mod callback;
mod chat;
mod delivery;
pub mod dialogue;
mod dispute_flow;
pub mod disputes;
mod handlers;
mod neworder;
pub mod notices;
mod payments;
mod progress;
pub(crate) mod records;
pub mod reminders;
mod steps;
mod views;
pub mod withdrawals;

pub use handlers::schema;

use crate::app::App;
use crate::i18n::Text;
use crate::jobs::outbox::OutboxSender;
use crate::jobs::scheduler::Scheduler;
use crate::store::DialogueStorage;
use dereja_domain::Language;
use dialogue::State;
use std::time::Duration;
use teloxide::dispatching::dialogue::{ErasedStorage, Storage};
use teloxide::prelude::*;
use teloxide::types::BotCommand;
use teloxide::update_listeners;

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

/// Forgets what can never matter again (update ids older than Telegram keeps updates, outbox rows settled long
/// ago), so the tables do not grow with the bot's age. A failure is logged; the bot starts anyway.
async fn prune_history(app: &App) {
    let before = app.clock.now() - chrono::Duration::days(7);
    let result = async {
        let mut tx = app.store.begin().await?;
        let removed = tx.prune(before).await?;
        tx.commit().await?;
        Ok::<u64, crate::store::StoreError>(removed)
    }
    .await;
    match result {
        Ok(removed) => tracing::info!(removed, "pruned old update ids and settled messages"),
        Err(e) => tracing::warn!(error = %e, "could not prune old rows"),
    }
}

/// Runs the bot with long polling, and the scheduler and the outbox sender beside it, until SIGINT or SIGTERM.
pub async fn run(bot: Bot, mut app: App) -> anyhow::Result<()> {
    prune_history(&app).await;
    let me = bot.get_me().await?;
    app.bot_username = me.username().to_string();
    tracing::info!(username = %app.bot_username, "connected to the Bot API");
    if let Err(e) = register_commands(&bot).await {
        tracing::warn!(error = %e, "could not register the command menu; continuing");
    }
    let sender = OutboxSender {
        store: app.store.clone(),
        bot: bot.clone(),
        clock: app.clock.clone(),
        wake: app.outbox.clone(),
        bot_username: app.bot_username.clone(),
        community_language: app.config.community_language,
        community_time_zone: app.config.timezone,
    };
    let outbox = tokio::spawn(sender.run());
    let scheduler = tokio::spawn(Scheduler { app: app.clone() }.run());
    if !app.config.receive_updates {
        tracing::info!(
            "not receiving updates (DEREJA_RECEIVE_UPDATES=false): scheduler and outbox only"
        );
        crate::shutdown_signal().await;
        outbox.abort();
        scheduler.abort();
        return Ok(());
    }
    let storage: std::sync::Arc<ErasedStorage<State>> =
        DialogueStorage::new(app.store.clone()).erase();
    let mut dispatcher = Dispatcher::builder(bot.clone(), schema())
        .dependencies(dptree::deps![app, storage])
        .default_handler(|_| async {})
        .error_handler(LoggingErrorHandler::with_custom_text(
            "an update handler failed",
        ))
        .build();
    let token = dispatcher.shutdown_token();
    tokio::spawn(async move {
        crate::shutdown_signal().await;
        tracing::info!("shutting down: finishing the updates in progress");
        // The dispatcher may not be running yet right after start-up: retry until it is.
        while token.shutdown().is_err() {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });
    let listener = update_listeners::polling_default(bot).await;
    dispatcher
        .dispatch_with_listener(
            listener,
            LoggingErrorHandler::with_custom_text("receiving updates failed"),
        )
        .await;
    // Unsent messages stay in the outbox, due jobs in the jobs table, for the next start.
    outbox.abort();
    scheduler.abort();
    Ok(())
}
