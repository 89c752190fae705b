//! The handler tree and the endpoints shared by every conversation, named by what they receive.

use super::acting::acting;
use super::alert::{Press, answer_pending};
use super::dialogue::State;
use super::keyboard::{keyboard, link_button};
use super::{
    chat, communities, delivery, disputes, neworder, operators, orders, payments, presses,
    progress, records, steps, withdrawals,
};
use crate::app::App;
use crate::i18n::Text;
use crate::messages::Button;
use crate::messages::callback::Callback;
use crate::pacing::Pacer;
use crate::services::Seen;
use crate::services::users::{Known, Prefetched};
use dereja_domain::{Language, OrderId, TimeZone, User, UserId};
use std::sync::Arc;
use teloxide::dispatching::UpdateHandler;
use teloxide::prelude::*;
use teloxide::requests::{Output, Request};
use teloxide::types::{ChatAction, InlineKeyboardMarkup, ParseMode, User as TgUser};
use teloxide::utils::command::BotCommands;

use super::dialogue::{Dialog, DialogExt};

#[derive(BotCommands, Clone, Debug)]
#[command(rename_rule = "lowercase")]
pub enum Command {
    /// The payload of a deep link (`t.me/<bot>?start=<payload>`) arrives as the argument.
    Start(String),
    Help,
    Language,
    NewOrder,
    Orders,
    Order(String),
    Cancel,
    Payout,
    Balance,
    Withdraw,
    History(String),
    Export,
    Profile,
    Dispute(String),
    Board,
    Chat(String),
    Progress,
    Community(String),
    Communities,
    Stats,
    Find(String),
    Ban(String),
    Unban(String),
    Freeze(String),
    Unfreeze(String),
    Maintenance(String),
}

impl Command {
    /// Commands that show money, records or a private conversation: in a group they point to the private chat
    /// instead of answering where everyone reads.
    fn is_private_only(&self) -> bool {
        matches!(
            self,
            Command::Payout
                | Command::Balance
                | Command::Withdraw
                | Command::History(_)
                | Command::Export
                | Command::Board
                | Command::Chat(_)
                | Command::Progress
                | Command::Communities
                | Command::Stats
                | Command::Find(_)
                | Command::Ban(_)
                | Command::Unban(_)
                | Command::Freeze(_)
                | Command::Unfreeze(_)
                | Command::Maintenance(_)
        )
    }
}

/// An order's number as typed after a command: `12` or `#12`.
pub fn order_number(arg: &str) -> Option<OrderId> {
    arg.trim()
        .trim_start_matches('#')
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .map(OrderId)
}

pub type HandlerResult = anyhow::Result<()>;

/// The whole bot: every update goes through here once.
pub fn schema() -> UpdateHandler<anyhow::Error> {
    use dptree::case;
    let commands = teloxide::filter_command::<Command, _>()
        .branch(
            dptree::filter(|msg: Message, command: Command| {
                !msg.chat.is_private() && command.is_private_only()
            })
            .endpoint(receive_private_only),
        )
        .branch(case![Command::Start(payload)].endpoint(receive_start))
        .branch(case![Command::Help].endpoint(receive_help))
        .branch(case![Command::Language].endpoint(receive_language_command))
        .branch(case![Command::NewOrder].endpoint(neworder::receive_neworder))
        .branch(case![Command::Orders].endpoint(records::receive_orders))
        .branch(case![Command::Order(id)].endpoint(receive_order))
        .branch(case![Command::Cancel].endpoint(receive_cancel))
        .branch(case![Command::Payout].endpoint(withdrawals::receive_payout_command))
        .branch(case![Command::Balance].endpoint(withdrawals::receive_balance_command))
        .branch(case![Command::Withdraw].endpoint(withdrawals::receive_withdraw_command))
        .branch(case![Command::History(arg)].endpoint(records::receive_history))
        .branch(case![Command::Export].endpoint(records::receive_export))
        .branch(case![Command::Profile].endpoint(records::receive_profile))
        .branch(case![Command::Board].endpoint(records::receive_board))
        .branch(case![Command::Chat(arg)].endpoint(chat::receive_chat_command))
        .branch(case![Command::Progress].endpoint(progress::receive_progress_command))
        .branch(case![Command::Dispute(arg)].endpoint(disputes::receive_dispute_command))
        .branch(case![Command::Community(arg)].endpoint(communities::receive_community_command))
        .branch(case![Command::Communities].endpoint(communities::receive_communities_command))
        .branch(case![Command::Stats].endpoint(operators::receive_stats))
        .branch(case![Command::Find(arg)].endpoint(operators::receive_find))
        .branch(case![Command::Ban(arg)].endpoint(operators::receive_ban))
        .branch(case![Command::Unban(arg)].endpoint(operators::receive_unban))
        .branch(case![Command::Freeze(arg)].endpoint(operators::receive_freeze))
        .branch(case![Command::Unfreeze(arg)].endpoint(operators::receive_unfreeze))
        .branch(case![Command::Maintenance(arg)].endpoint(operators::receive_maintenance));
    let steps = dptree::entry()
        .branch(case![State::OrderTitle { role, group }].endpoint(neworder::receive_order_title))
        .branch(case![State::Chatting { order }].endpoint(chat::receive_message))
        .branch(dptree::filter_map(steps::note_step).endpoint(steps::receive_note))
        .branch(case![State::ChoosingTemplate { order }].endpoint(neworder::receive_template_text))
        .branch(case![State::MilestoneTitle { order }].endpoint(neworder::receive_milestone_title))
        .branch(
            case![State::MilestoneDeliverables {
                order,
                title,
                warned
            }]
            .endpoint(neworder::receive_deliverables),
        )
        .branch(
            case![State::MilestoneDeadline {
                order,
                title,
                deliverables
            }]
            .endpoint(neworder::receive_deadline),
        )
        .branch(
            case![State::ConfirmingDeadline {
                order,
                title,
                deliverables,
                deadline
            }]
            .endpoint(neworder::receive_deadline_again),
        )
        .branch(
            case![State::MilestoneAmount {
                order,
                title,
                deliverables,
                deadline
            }]
            .endpoint(neworder::receive_amount),
        )
        .branch(
            case![State::MilestoneRevisions {
                order,
                title,
                deliverables,
                deadline,
                amount
            }]
            .endpoint(neworder::receive_revisions),
        )
        .branch(case![State::NewDeadline { order, seq }].endpoint(steps::receive_new_deadline))
        .branch(case![State::DisputeReason { order, seq }].endpoint(disputes::receive_reason))
        .branch(case![State::DisputeEvidence { order, seq }].endpoint(disputes::receive_evidence))
        .branch(case![State::SplitShare { order, seq }].endpoint(disputes::receive_split_share))
        .branch(
            case![State::ResolutionNote {
                order,
                seq,
                resolution
            }]
            .endpoint(disputes::receive_resolution_note),
        )
        .branch(
            case![State::AdminQuestion { order, seq, to }]
                .endpoint(disputes::receive_admin_question),
        )
        .branch(
            case![State::PayoutAccount { method }].endpoint(withdrawals::receive_payout_account),
        )
        .branch(case![State::WithdrawAmount].endpoint(withdrawals::receive_withdraw_amount))
        .branch(case![State::ReviewText { order, seq }].endpoint(steps::receive_review_text))
        .branch(
            case![State::WithdrawalNote { id, paid }]
                .endpoint(withdrawals::receive_withdrawal_note),
        )
        .branch(
            case![State::Delivering {
                order,
                seq,
                text,
                attachments
            }]
            .endpoint(delivery::receive_item),
        );
    let messages = Update::filter_message()
        .branch(Message::filter_successful_payment().endpoint(payments::receive_successful_payment))
        .chain(acting())
        .chain(super::dialogue::enter(|msg: &Message| msg.chat.id))
        .branch(commands)
        .branch(dptree::filter(|msg: Message| msg.chat.is_private()).chain(steps))
        .branch(dptree::endpoint(receive_other_message));
    let checkouts = Update::filter_pre_checkout_query().endpoint(payments::receive_pre_checkout);
    dptree::entry()
        .branch(checkouts)
        .branch(messages)
        .branch(presses::schema())
}

/// The stored user behind a Telegram user, created on first contact; `true` if new.
pub async fn known_user(app: &App, from: &TgUser) -> anyhow::Result<(User, bool)> {
    let known = known_in(app, from, ChatId(from.id.0 as i64), None).await?;
    Ok((known.user, known.first_contact))
}

/// [`known_user`], with their conversation in `chat` read in the same query, or as the update's claim read them.
pub async fn known_in(
    app: &App,
    from: &TgUser,
    chat: ChatId,
    prefetched: Option<Prefetched>,
) -> anyhow::Result<Known> {
    let seen = Seen {
        id: UserId(from.id.0 as i64),
        name: &from.first_name,
        username: from.username.as_deref(),
        language_code: from.language_code.as_deref(),
    };
    Ok(app.users.seen_in(seen, chat.0, prefetched).await?)
}

/// Someone the bot is answering: where and in which language (in a group, the group's).
#[derive(Clone)]
pub struct Reader {
    pub user: User,
    /// The bot's one pacer: every answer keeps Telegram's limits.
    pub pacer: Arc<Pacer>,
    pub chat: ChatId,
    language: Language,
    /// The person wrote to the bot for the first time with this update.
    pub first_contact: bool,
}

impl Reader {
    /// Shows "typing…" or "sending a file…" in the reader's chat while a slow answer is prepared (an export, a
    /// history, a dossier), so a person on a slow network knows the bot heard them. Best effort: a refusal is only
    /// logged.
    pub async fn busy(&self, bot: &Bot, action: ChatAction) {
        if let Err(e) = bot.send_chat_action(self.chat, action).await {
            tracing::debug!(error = %e, "no chat action");
        }
    }

    /// Answers in the user's private chat, in their language.
    pub fn private(app: &App, user: User) -> Reader {
        Reader {
            pacer: app.pacer.clone(),
            chat: ChatId(user.id.0),
            language: user.language,
            user,
            first_contact: false,
        }
    }

    /// Answers where a message came from: in a group, in the language its admins chose for it.
    pub async fn in_chat(
        app: &App,
        user: User,
        chat: &teloxide::types::Chat,
    ) -> anyhow::Result<Reader> {
        let language = if chat.is_private() {
            user.language
        } else {
            app.users.chat_language(chat.id.0).await?
        };
        Ok(Reader {
            pacer: app.pacer.clone(),
            user,
            chat: chat.id,
            language,
            first_contact: false,
        })
    }

    pub fn lang(&self) -> Language {
        self.language
    }

    pub fn tz(&self) -> TimeZone {
        self.user.time_zone
    }

    /// A message's text as Telegram HTML, for [`Reader::send`] and the edits of a message.
    pub fn html(&self, text: &Text) -> String {
        text.html_for(self.language, self.user.time_zone)
    }

    /// Plain text, for what Telegram shows unformatted (button labels, alerts, invoices).
    pub fn plain(&self, text: &Text) -> String {
        text.render_for(self.language, self.user.time_zone)
    }

    /// Tells the person why not: as an alert on the button they pressed (which reaches them wherever they pressed
    /// it), or as a message when they wrote, or when the reason is too long for an alert.
    pub async fn refuse(&self, bot: &Bot, text: &Text) -> anyhow::Result<()> {
        if let Some(press) = Press::current()
            && press.alert(&self.plain(text)).await
        {
            return Ok(());
        }
        self.send(bot, self.html(text), None).await?;
        Ok(())
    }

    pub async fn say(&self, bot: &Bot, text: &Text) -> anyhow::Result<Message> {
        self.send(bot, self.html(text), None).await
    }

    pub async fn say_with(
        &self,
        bot: &Bot,
        text: &Text,
        keyboard: InlineKeyboardMarkup,
    ) -> anyhow::Result<Message> {
        self.send(bot, self.html(text), Some(keyboard)).await
    }

    /// Sends a direct answer in Telegram HTML (waiting out Telegram's flood limit if need be).
    pub async fn send(
        &self,
        bot: &Bot,
        html: String,
        keyboard: Option<InlineKeyboardMarkup>,
    ) -> anyhow::Result<Message> {
        let mut request = bot
            .send_message(self.chat, html)
            .parse_mode(ParseMode::Html);
        if let Some(k) = keyboard {
            request = request.reply_markup(k);
        }
        Ok(paced(&self.pacer, self.chat, request).await?)
    }

    pub fn actor(&self, admin: bool) -> dereja_domain::Actor {
        dereja_domain::Actor::User {
            id: self.user.id,
            admin,
        }
    }
}

/// Sends a request to `chat` when the pacer allows; if Telegram still answers 429, that chat waits as told and the
/// request is tried again, a few times. Direct answers and edits use this; notices go through the outbox.
pub async fn paced<R>(
    pacer: &Pacer,
    chat: ChatId,
    request: R,
) -> Result<Output<R>, teloxide::RequestError>
where
    R: Request<Err = teloxide::RequestError>,
{
    answer_pending().await;
    let mut attempts = 0;
    loop {
        pacer.ready(chat.0).await;
        let result = request.send_ref().await;
        super::sender::count(&result, "direct");
        match result {
            Err(teloxide::RequestError::RetryAfter(wait)) if attempts < 3 => {
                attempts += 1;
                pacer.pause(chat.0, wait.duration());
            }
            result => return result,
        }
    }
}

pub fn fallback_language(from: Option<&TgUser>) -> Language {
    crate::i18n::language_for(from.and_then(|u| u.language_code.as_deref()))
}

/// One button per language, each labelled in its own language.
fn language_keyboard() -> InlineKeyboardMarkup {
    let row: Vec<Button> = crate::i18n::languages()
        .into_iter()
        .map(|lang| {
            let label = Text::new("language-name").render(lang);
            Button::labelled(&label, Callback::SetLanguage(lang))
        })
        .collect();
    keyboard(&[row], Language::EN)
}

async fn receive_start(
    bot: Bot,
    msg: Message,
    app: App,
    reader: Reader,
    dialogue: Dialog,
    payload: String,
) -> HandlerResult {
    let payload = payload.trim();
    if let Some(token) = payload.strip_prefix("inv_") {
        return orders::show_invitation(&bot, &app, &reader, token).await;
    }
    // A pointer from a group ("open a private chat to see an update"): the order as it stands now.
    if let Some(order) = payload.strip_prefix("order_").and_then(order_number) {
        return orders::show_order(&bot, &app, &reader, order).await;
    }
    if payload == "neworder" && msg.chat.is_private() {
        // Coming from a group: keep the group and the person it was started with.
        let group = match dialogue.state().await? {
            State::ChoosingRole { group } => group,
            _ => None,
        };
        return neworder::begin(&bot, &reader, &dialogue, group).await;
    }
    let welcome = Text::new("welcome").arg("name", reader.user.name.clone());
    if reader.first_contact {
        // First contact: offer the other language at once.
        reader.say_with(&bot, &welcome, language_keyboard()).await?;
    } else {
        reader.say(&bot, &welcome).await?;
    }
    Ok(())
}

/// A "Continue in private chat" button opening `link` (none if the bot's username makes no valid URL).
pub fn continue_in_private(reader: &Reader, link: &str) -> InlineKeyboardMarkup {
    link_button(reader.plain(&Text::new("button-continue-private")), link)
}

/// A private command sent in a group: a pointer to the private chat, where it works.
async fn receive_private_only(bot: Bot, app: App, r: Reader) -> HandlerResult {
    let link = format!("https://t.me/{}", app.bot_username);
    r.say_with(
        &bot,
        &Text::new("private-only"),
        continue_in_private(&r, &link),
    )
    .await?;
    Ok(())
}

async fn receive_help(bot: Bot, r: Reader) -> HandlerResult {
    r.say(&bot, &Text::new("help")).await?;
    Ok(())
}

async fn receive_language_command(bot: Bot, msg: Message, r: Reader) -> HandlerResult {
    if msg.chat.is_private() {
        r.say_with(&bot, &Text::new("language-choose"), language_keyboard())
            .await?;
    } else {
        // In a group: the group's language, which its admins choose with these buttons.
        r.send(
            &bot,
            r.html(&Text::new("language-choose-group")),
            Some(language_keyboard()),
        )
        .await?;
    }
    Ok(())
}

async fn receive_cancel(bot: Bot, r: Reader, dialogue: Dialog) -> HandlerResult {
    dialogue.clear().await?;
    r.say(&bot, &Text::new("dialogue-cancelled")).await?;
    Ok(())
}

async fn receive_order(bot: Bot, app: App, r: Reader, id: String) -> HandlerResult {
    match super::handlers::order_number(&id) {
        Some(order) => orders::show_order(&bot, &app, &r, order).await,
        None => {
            r.say(&bot, &Text::new("order-usage")).await?;
            Ok(())
        }
    }
}

async fn receive_other_message(bot: Bot, msg: Message, r: Reader) -> HandlerResult {
    // In groups the bot only answers what is addressed to it (commands); small talk there is not for the bot.
    if !msg.chat.is_private() {
        return Ok(());
    }
    r.say(&bot, &Text::new("not-understood")).await?;
    Ok(())
}

/// Saves a language choice and confirms it in the new language.
pub async fn set_language(
    bot: &Bot,
    app: &App,
    query: &CallbackQuery,
    language: Language,
) -> HandlerResult {
    let (user, _) = known_user(app, &query.from).await?;
    if let Some(message) = query.message.as_ref().filter(|m| !m.chat().is_private()) {
        let chat = message.chat().id;
        return set_group_language(bot, app, query, &user, chat, language).await;
    }
    let user = app
        .users
        .set_language(user.id, language)
        .await?
        .unwrap_or(user);
    let text = Text::new("language-set").html(user.language);
    match &query.message {
        Some(message) => {
            let chat = message.chat().id;
            paced(
                &app.pacer,
                chat,
                bot.edit_message_text(chat, message.id(), text)
                    .parse_mode(ParseMode::Html),
            )
            .await?;
        }
        None => {
            let chat = ChatId(query.from.id.0 as i64);
            let request = bot.send_message(chat, text).parse_mode(ParseMode::Html);
            paced(&app.pacer, chat, request).await?;
        }
    }
    Ok(())
}

/// A language button in a group: only the group's admins may change what the group reads.
async fn set_group_language(
    bot: &Bot,
    app: &App,
    query: &CallbackQuery,
    presser: &User,
    chat: ChatId,
    language: Language,
) -> HandlerResult {
    if !super::admins::is_chat_admin(bot, app, presser.id, chat.0).await {
        let refusal =
            Text::new("language-group-admins-only").render_for(presser.language, presser.time_zone);
        if let Some(press) = Press::current() {
            press.alert(&refusal).await;
        }
        return Ok(());
    }
    app.users
        .set_chat_language(chat.0, language, presser.id)
        .await?;
    let text = Text::new("language-set-group").html_for(language, app.config.timezone);
    if let Some(message) = &query.message {
        paced(
            &app.pacer,
            chat,
            bot.edit_message_text(chat, message.id(), text)
                .parse_mode(ParseMode::Html),
        )
        .await?;
    }
    Ok(())
}
