//! The handler tree and its endpoints, named by what they receive.

use super::callback::Callback;
use crate::app::App;
use crate::i18n::Text;
use crate::services::Seen;
use dereja_domain::{Language, User, UserId};
use teloxide::dispatching::UpdateHandler;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup, User as TgUser};
use teloxide::utils::command::BotCommands;

#[derive(BotCommands, Clone, Debug)]
#[command(rename_rule = "lowercase")]
pub enum Command {
    /// The payload of a deep link (`t.me/<bot>?start=<payload>`) arrives as the argument.
    Start(String),
    Help,
    Language,
}

type HandlerResult = anyhow::Result<()>;

/// The whole bot: every update goes through here once.
pub fn schema() -> UpdateHandler<anyhow::Error> {
    let commands = teloxide::filter_command::<Command, _>()
        .branch(dptree::case![Command::Start(payload)].endpoint(receive_start))
        .branch(dptree::case![Command::Help].endpoint(receive_help))
        .branch(dptree::case![Command::Language].endpoint(receive_language_command));
    let messages = Update::filter_message()
        .branch(commands)
        .branch(dptree::endpoint(receive_other_message));
    let callbacks = Update::filter_callback_query().endpoint(receive_callback);
    dptree::entry()
        .filter_async(first_delivery)
        .branch(messages)
        .branch(callbacks)
}

/// Drops an update Telegram delivered before (a retry or a restart): nothing is done twice.
async fn first_delivery(update: Update, app: App) -> bool {
    match app.users.first_delivery(i64::from(update.id.0)).await {
        Ok(first) => {
            if !first {
                tracing::info!(update = update.id.0, "skipping a duplicated update");
            }
            first
        }
        Err(e) => {
            // Without the database nothing else works either; let the handler report it to the user.
            tracing::error!(error = %e, "could not record the update id");
            true
        }
    }
}

/// The stored user behind a Telegram user, created on first contact.
async fn known_user(app: &App, from: &TgUser) -> anyhow::Result<(User, bool)> {
    let seen = Seen {
        id: UserId(from.id.0 as i64),
        name: &from.first_name,
        language_code: from.language_code.as_deref(),
    };
    Ok(app.users.seen(seen).await?)
}

/// Logs an unexpected error under a short reference and tells the user, in their language, with that reference.
async fn apologize_on_error(
    bot: &Bot,
    chat: ChatId,
    lang: Language,
    result: HandlerResult,
) -> HandlerResult {
    if let Err(error) = result {
        let reference = format!(
            "{:x}",
            chrono::Utc::now().timestamp_micros() & 0xff_ffff_ffff
        );
        tracing::error!(%reference, error = ?error, "handler failed");
        let text = Text::new("error-internal")
            .arg("reference", reference)
            .render(lang);
        bot.send_message(chat, text).await?;
    }
    Ok(())
}

fn language_keyboard() -> InlineKeyboardMarkup {
    let buttons = Language::ALL
        .into_iter()
        .map(|lang| {
            let label = Text::new("language-name").render(lang);
            InlineKeyboardButton::callback(label, Callback::SetLanguage(lang).to_string())
        })
        .collect::<Vec<_>>();
    InlineKeyboardMarkup::new([buttons])
}

fn fallback_language(from: Option<&TgUser>) -> Language {
    Language::from_telegram(from.and_then(|u| u.language_code.as_deref()))
}

async fn receive_start(bot: Bot, msg: Message, app: App) -> HandlerResult {
    let Some(from) = msg.from.clone() else {
        return Ok(());
    };
    let result = async {
        let (user, is_new) = known_user(&app, &from).await?;
        let welcome = Text::new("welcome")
            .arg("name", user.name.clone())
            .render(user.language);
        let mut request = bot.send_message(msg.chat.id, welcome);
        if is_new {
            // First contact: offer the other language at once.
            request = request.reply_markup(language_keyboard());
        }
        request.await?;
        Ok(())
    }
    .await;
    apologize_on_error(&bot, msg.chat.id, fallback_language(Some(&from)), result).await
}

async fn receive_help(bot: Bot, msg: Message, app: App) -> HandlerResult {
    reply_with(bot, msg, app, "help", false).await
}

async fn receive_language_command(bot: Bot, msg: Message, app: App) -> HandlerResult {
    reply_with(bot, msg, app, "language-choose", true).await
}

async fn receive_other_message(bot: Bot, msg: Message, app: App) -> HandlerResult {
    // In groups the bot only answers what is addressed to it (commands); small talk there is not for the bot.
    if !msg.chat.is_private() {
        return Ok(());
    }
    reply_with(bot, msg, app, "not-understood", false).await
}

/// Answers a message with one text in the sender's language.
async fn reply_with(
    bot: Bot,
    msg: Message,
    app: App,
    id: &'static str,
    languages: bool,
) -> HandlerResult {
    let Some(from) = msg.from.clone() else {
        return Ok(());
    };
    let result = async {
        let (user, _) = known_user(&app, &from).await?;
        let mut request = bot.send_message(msg.chat.id, Text::new(id).render(user.language));
        if languages {
            request = request.reply_markup(language_keyboard());
        }
        request.await?;
        Ok(())
    }
    .await;
    apologize_on_error(&bot, msg.chat.id, fallback_language(Some(&from)), result).await
}

async fn receive_callback(bot: Bot, query: CallbackQuery, app: App) -> HandlerResult {
    let lang = fallback_language(Some(&query.from));
    let Some(callback) = query
        .data
        .as_deref()
        .and_then(|d| d.parse::<Callback>().ok())
    else {
        bot.answer_callback_query(query.id.clone())
            .text(Text::new("button-stale").render(lang))
            .await?;
        return Ok(());
    };
    let chat = query.message.as_ref().map(|m| m.chat().id);
    let result = async {
        match callback {
            Callback::SetLanguage(language) => {
                let (user, _) = known_user(&app, &query.from).await?;
                let user = app
                    .users
                    .set_language(user.id, language)
                    .await?
                    .unwrap_or(user);
                bot.answer_callback_query(query.id.clone()).await?;
                let text = Text::new("language-set").render(user.language);
                match &query.message {
                    Some(message) => {
                        bot.edit_message_text(message.chat().id, message.id(), text)
                            .await?;
                    }
                    None => {
                        bot.send_message(query.from.id, text).await?;
                    }
                }
            }
        }
        Ok(())
    }
    .await;
    apologize_on_error(
        &bot,
        chat.unwrap_or(ChatId(query.from.id.0 as i64)),
        lang,
        result,
    )
    .await
}
