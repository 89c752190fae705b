//! The Telegram edge: one handler tree ([`schema`]) that turns updates into service calls and renders the
//! answers from the locales. No business rule lives here.

mod callback;
mod handlers;

pub use handlers::schema;

use crate::app::App;
use crate::i18n::Text;
use dereja_domain::Language;
use std::time::Duration;
use teloxide::prelude::*;
use teloxide::types::BotCommand;
use teloxide::update_listeners;

/// The commands shown in Telegram's menu, per language.
fn command_menu(lang: Language) -> Vec<BotCommand> {
    [
        ("start", "command-start"),
        ("help", "command-help"),
        ("language", "command-language"),
    ]
    .into_iter()
    .map(|(command, id)| BotCommand::new(command, Text::new(id).render(lang)))
    .collect()
}

/// Registers the command menu in both languages; English is also the default for everyone else.
async fn register_commands(bot: &Bot) -> Result<(), teloxide::RequestError> {
    bot.set_my_commands(command_menu(Language::En)).await?;
    for lang in Language::ALL {
        bot.set_my_commands(command_menu(lang))
            .language_code(lang.code())
            .await?;
    }
    Ok(())
}

/// Runs the bot with long polling until SIGINT or SIGTERM.
pub async fn run(bot: Bot, app: App) -> anyhow::Result<()> {
    let me = bot.get_me().await?;
    tracing::info!(username = ?me.username, "connected to the Bot API");
    if let Err(e) = register_commands(&bot).await {
        tracing::warn!(error = %e, "could not register the command menu; continuing");
    }
    let mut dispatcher = Dispatcher::builder(bot.clone(), schema())
        .dependencies(dptree::deps![app])
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
    Ok(())
}
