//! The on-record conversation: `/chat <order>` (or the order's button), then every text or file goes to the other
//! party through the bot, named with the order, and into the order's history, where admins see it in a dispute.
//! A phone number, an email or an outside messenger in a message earns the sender one reminder per order that
//! deals outside the order are not protected; nothing is blocked.

use super::delivery::attachment_of;
use super::dialogue::{Dialog, DialogExt, State};
use super::handlers::{HandlerResult, Reader};
use super::keyboard::keyboard;
use super::refusals;
use super::refusals::run;
use super::steps::optional_note_of;
use crate::app::App;
use crate::i18n::Text;
use crate::messages::Button;
use crate::messages::callback::Callback;
use crate::messages::views;
use dereja_domain::error::Who;
use dereja_domain::{Command, DomainError, EventKind, OrderId};
use teloxide::prelude::*;

/// `/chat 12`, or `/chat` alone when the user has one order with someone to talk to.
pub async fn receive_chat_command(
    bot: Bot,
    app: App,
    r: Reader,
    dialogue: Dialog,
    arg: String,
) -> HandlerResult {
    let id = match arg.trim() {
        "" => {
            let mut open = app
                .orders
                .of_user(r.user.id, 20)
                .await?
                .into_iter()
                .filter(|o| !o.is_closed() && o.buyer.is_some() && o.seller.is_some());
            match (open.next(), open.next()) {
                (Some(only), None) => only.id,
                _ => {
                    r.say(&bot, &Text::new("chat-usage")).await?;
                    return Ok(());
                }
            }
        }
        typed => match super::handlers::order_number(typed) {
            Some(order) => order,
            None => {
                r.say(&bot, &Text::new("chat-usage")).await?;
                return Ok(());
            }
        },
    };
    start(&bot, &app, &r, &dialogue, id).await
}

/// Opens the conversation on an order for one of its parties.
pub async fn start(
    bot: &Bot,
    app: &App,
    reader: &Reader,
    dialogue: &Dialog,
    id: OrderId,
) -> HandlerResult {
    let order = match app.orders.get(id).await {
        Ok(order) => order,
        Err(e) => {
            if let Some(text) = refusals::explain(&e) {
                reader.refuse(bot, &text).await?;
                return Ok(());
            }
            return Err(e.into());
        }
    };
    let Some(role) = order.role_of(reader.user.id) else {
        let refusal = views::not_allowed(Who::Party);
        reader.refuse(bot, &refusal).await?;
        return Ok(());
    };
    if order.party(role.other()).is_none() {
        reader
            .say(bot, &views::explain_domain(&DomainError::NoOtherParty))
            .await?;
        return Ok(());
    }
    dialogue.save(State::Chatting { order: id }).await?;
    let text = Text::new("chat-started")
        .arg("id", id.0)
        .arg("order", order.title.as_str())
        .arg("other", role.other().as_str());
    let leave = [vec![Button::callback(
        "button-leave-chat",
        Callback::LeaveChat,
    )]];
    reader
        .say_with(bot, &text, keyboard(&leave, reader.lang()))
        .await?;
    Ok(())
}

/// A message while chatting: relayed and recorded.
pub async fn receive_message(
    bot: Bot,
    msg: Message,
    app: App,
    r: Reader,
    _dialogue: Dialog,
    order: OrderId,
) -> HandlerResult {
    let attachments: Vec<_> = attachment_of(&msg).into_iter().collect();
    let Some(note) = optional_note_of(&bot, &r, &msg).await? else {
        return Ok(());
    };
    if note.is_none() && attachments.is_empty() {
        r.say(&bot, &Text::new("error-chat-unsupported")).await?;
        return Ok(());
    }
    let command = Command::Chat { note, attachments };
    let Some(outcome) = run(&bot, &app, &r, order, r.actor(false), command).await? else {
        return Ok(());
    };
    let contact = outcome.events.iter().find_map(|e| match e.kind {
        EventKind::ChatMessage { by, contact, .. } => Some((by, contact)),
        _ => None,
    });
    if let Some((by, true)) = contact {
        // Once per order and sender: the first message of theirs with contact details is this one.
        let (_, events) = app.orders.history(order).await?;
        let flagged = events
            .iter()
            .filter(|e| {
                matches!(e.kind, EventKind::ChatMessage { by: b, contact: true, .. } if b == by)
            })
            .count();
        if flagged == 1 {
            r.say(&bot, &Text::new("chat-contact-warning")).await?;
        }
    }
    Ok(())
}

/// "Leave the chat".
pub async fn leave(bot: &Bot, reader: &Reader, dialogue: &Dialog) -> HandlerResult {
    if matches!(dialogue.state().await?, State::Chatting { .. }) {
        dialogue.clear().await?;
    }
    reader.say(bot, &Text::new("chat-left")).await?;
    Ok(())
}
