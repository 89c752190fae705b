//! Disputes in the chat: a party's reason and evidence, an admin's questions, split share and note, and the
//! resolution. Who may resolve is checked when the button is pressed and again when the decision is sent: the
//! global admins, and for an order started in a group that group's administrators as Telegram lists them now; the
//! domain refuses an admin who is a party.

use super::actions::{clear_buttons, is_admin, run};
use super::callback::{Callback, Verdict};
use super::delivery::attachment_of;
use super::dialogue::{Dialog, DialogExt, State};
use super::disputes;
use super::handlers::{HandlerResult, Reader, for_sender};
use super::views;
use crate::app::App;
use crate::i18n::Text;
use dereja_domain::{
    Actor, Command, Context, Money, Note, OrderId, Resolution, Role, parse_amount,
};
use rust_decimal::Decimal;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

fn keyboard(reader: &Reader, buttons: &[(&str, Callback)]) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new([buttons
        .iter()
        .map(|(label, cb)| {
            InlineKeyboardButton::callback(reader.render(&Text::new(label)), cb.to_string())
        })
        .collect::<Vec<_>>()])
}

/// The presser as an admin of this order, if they are one right now; a refusal is said otherwise.
async fn as_admin(
    bot: &Bot,
    app: &App,
    reader: &Reader,
    order: OrderId,
) -> anyhow::Result<Option<Actor>> {
    let loaded = app.orders.get(order).await?;
    if is_admin(bot, app, reader.user.id, &loaded).await {
        return Ok(Some(Actor::User {
            id: reader.user.id,
            admin: true,
        }));
    }
    reader
        .say(bot, &Text::new("error-not-allowed").arg("who", "admin"))
        .await?;
    Ok(None)
}

/// Would the domain accept `command` from `actor` now? Explains the refusal if not.
async fn allowed(
    bot: &Bot,
    app: &App,
    reader: &Reader,
    order: OrderId,
    actor: Actor,
    command: Command,
) -> anyhow::Result<bool> {
    let loaded = app.orders.get(order).await?;
    let ctx = Context {
        actor,
        now: app.clock.now(),
        policy: app.config.policy(),
    };
    match loaded.handle(command, &ctx) {
        Ok(_) => Ok(true),
        Err(e) => {
            reader.say(bot, &views::explain_domain(&e)).await?;
            Ok(false)
        }
    }
}

fn probe_note() -> Note {
    Note::new("probe").expect("a valid note")
}

pub async fn on_callback(
    bot: &Bot,
    app: &App,
    reader: &Reader,
    dialogue: &Dialog,
    query: &CallbackQuery,
    callback: Callback,
    state: State,
) -> HandlerResult {
    match callback {
        Callback::Resolve(order, seq, verdict) => {
            let Some(actor) = as_admin(bot, app, reader, order).await? else {
                return Ok(());
            };
            let probe = Command::ResolveDispute {
                seq,
                resolution: Resolution::Refund,
                note: None,
            };
            if !allowed(bot, app, reader, order, actor, probe).await? {
                return Ok(());
            }
            match verdict {
                Verdict::Split => {
                    let amount = app
                        .orders
                        .get(order)
                        .await?
                        .milestone(seq)
                        .map(|m| m.terms.amount);
                    dialogue.save(State::SplitShare { order, seq }).await?;
                    let mut text = Text::new("prompt-split-share");
                    if let Some(amount) = amount {
                        text = text.arg("amount", amount);
                    }
                    reader.say(bot, &text).await?;
                }
                Verdict::Release | Verdict::Refund => {
                    let resolution = if verdict == Verdict::Release {
                        Resolution::Release
                    } else {
                        Resolution::Refund
                    };
                    ask_note(bot, reader, dialogue, order, seq, resolution).await?;
                }
            }
        }
        Callback::AskParty(order, seq, role) => {
            let Some(actor) = as_admin(bot, app, reader, order).await? else {
                return Ok(());
            };
            let probe = Command::DisputeMessage {
                seq,
                to: Some(role),
                note: Some(probe_note()),
                attachments: Vec::new(),
            };
            if allowed(bot, app, reader, order, actor, probe).await? {
                dialogue
                    .save(State::AdminQuestion {
                        order,
                        seq,
                        to: role,
                    })
                    .await?;
                let text = Text::new("prompt-admin-question").arg("role", views::role_name(role));
                reader.say(bot, &text).await?;
            }
        }
        Callback::ShowDispute(order, seq) => {
            let Some(_) = as_admin(bot, app, reader, order).await? else {
                return Ok(());
            };
            let (loaded, text) = app.orders.dossier(order, seq).await?;
            let rows = disputes::admin_buttons(&loaded, seq);
            let keyboard = crate::jobs::outbox::keyboard(&rows, reader.lang());
            reader.say_with(bot, &text, keyboard).await?;
        }
        Callback::WithdrawDispute(order, seq) => {
            let command = Command::WithdrawDispute { seq };
            if run(bot, app, reader, order, reader.actor(false), command)
                .await?
                .is_some()
            {
                clear_buttons(bot, query).await;
                dialogue.clear().await?;
                reader
                    .say(bot, &Text::new("done-dispute-withdrawn"))
                    .await?;
            }
        }
        Callback::DisputeReply(order, seq) => {
            let probe = Command::DisputeMessage {
                seq,
                to: None,
                note: Some(probe_note()),
                attachments: Vec::new(),
            };
            if allowed(bot, app, reader, order, reader.actor(false), probe).await? {
                dialogue.save(State::DisputeEvidence { order, seq }).await?;
                let buttons = [("button-done", Callback::EvidenceDone)];
                reader
                    .say_with(
                        bot,
                        &Text::new("prompt-dispute-reply"),
                        keyboard(reader, &buttons),
                    )
                    .await?;
            }
        }
        Callback::EvidenceDone => {
            clear_buttons(bot, query).await;
            if let State::DisputeEvidence { .. } = state {
                dialogue.clear().await?;
                reader.say(bot, &Text::new("done-evidence")).await?;
            } else {
                reader.say(bot, &Text::new("button-stale")).await?;
            }
        }
        _ => {}
    }
    Ok(())
}

async fn ask_note(
    bot: &Bot,
    reader: &Reader,
    dialogue: &Dialog,
    order: OrderId,
    seq: u16,
    resolution: Resolution,
) -> HandlerResult {
    dialogue
        .save(State::ResolutionNote {
            order,
            seq,
            resolution,
        })
        .await?;
    let buttons = [("button-skip", Callback::SkipNote)];
    reader
        .say_with(
            bot,
            &Text::new("prompt-resolution-note"),
            keyboard(reader, &buttons),
        )
        .await?;
    Ok(())
}

/// Sends the decision, after checking once more that the presser is still an admin of this order.
#[allow(clippy::too_many_arguments)]
pub async fn resolve(
    bot: &Bot,
    app: &App,
    reader: &Reader,
    dialogue: &Dialog,
    order: OrderId,
    seq: u16,
    resolution: Resolution,
    note: Option<Note>,
) -> HandlerResult {
    dialogue.clear().await?;
    let Some(actor) = as_admin(bot, app, reader, order).await? else {
        return Ok(());
    };
    let command = Command::ResolveDispute {
        seq,
        resolution,
        note,
    };
    if run(bot, app, reader, order, actor, command)
        .await?
        .is_some()
    {
        reader.say(bot, &Text::new("done-dispute-resolved")).await?;
    }
    Ok(())
}

/// The reason of a new dispute: opens it, then invites evidence.
pub async fn receive_reason(
    bot: Bot,
    msg: Message,
    app: App,
    dialogue: Dialog,
    (order, seq): (OrderId, u16),
) -> HandlerResult {
    for_sender(&bot, &msg, &app, |bot, r, msg, app| async move {
        let Some(text) = msg.text() else {
            r.say(&bot, &Text::new("error-text-expected")).await?;
            return Ok(());
        };
        let reason = match Note::new(text) {
            Ok(n) => n,
            Err(e) => {
                r.say(&bot, &views::explain_terms(&e)).await?;
                return Ok(());
            }
        };
        let command = Command::OpenDispute { seq, reason };
        if run(&bot, &app, &r, order, r.actor(false), command)
            .await?
            .is_some()
        {
            dialogue.save(State::DisputeEvidence { order, seq }).await?;
            let buttons = [
                ("button-done", Callback::EvidenceDone),
                (
                    "button-withdraw-dispute",
                    Callback::WithdrawDispute(order, seq),
                ),
            ];
            r.say_with(
                &bot,
                &Text::new("prompt-dispute-evidence"),
                keyboard(&r, &buttons),
            )
            .await?;
        } else {
            dialogue.clear().await?;
        }
        Ok(())
    })
    .await
}

/// A piece of evidence or an answer (text or a file) from a party: recorded and passed to the admins.
pub async fn receive_evidence(
    bot: Bot,
    msg: Message,
    app: App,
    _dialogue: Dialog,
    (order, seq): (OrderId, u16),
) -> HandlerResult {
    for_sender(&bot, &msg, &app, |bot, r, msg, app| async move {
        let attachments: Vec<_> = attachment_of(&msg).into_iter().collect();
        let text = msg.text().or(msg.caption());
        let note = match text.map(Note::new).transpose() {
            Ok(n) => n,
            Err(e) => {
                r.say(&bot, &views::explain_terms(&e)).await?;
                return Ok(());
            }
        };
        let command = Command::DisputeMessage {
            seq,
            to: None,
            note,
            attachments,
        };
        if run(&bot, &app, &r, order, r.actor(false), command)
            .await?
            .is_some()
        {
            let buttons = [("button-done", Callback::EvidenceDone)];
            r.say_with(
                &bot,
                &Text::new("done-evidence-sent"),
                keyboard(&r, &buttons),
            )
            .await?;
        }
        Ok(())
    })
    .await
}

/// The seller's share of a split: an amount, or a percentage of the milestone.
pub async fn receive_split_share(
    bot: Bot,
    msg: Message,
    app: App,
    dialogue: Dialog,
    (order, seq): (OrderId, u16),
) -> HandlerResult {
    for_sender(&bot, &msg, &app, |bot, r, msg, app| async move {
        let Some(amount) = app
            .orders
            .get(order)
            .await?
            .milestone(seq)
            .map(|m| m.terms.amount)
        else {
            dialogue.clear().await?;
            return Ok(());
        };
        let text = msg.text().unwrap_or_default().trim();
        let share: Option<Money> = match text.strip_suffix('%') {
            Some(percent) => percent
                .trim()
                .parse::<Decimal>()
                .ok()
                .and_then(|p| amount.percent(p).ok()),
            None => parse_amount(text, amount.currency()).ok(),
        };
        let valid = share.filter(|s| {
            s.currency() == amount.currency() && !s.is_zero() && s.amount() < amount.amount()
        });
        match valid {
            Some(seller_share) => {
                let resolution = Resolution::Split { seller_share };
                ask_note(&bot, &r, &dialogue, order, seq, resolution).await?;
            }
            None => {
                r.say(&bot, &Text::new("error-split-share").arg("amount", amount))
                    .await?;
            }
        }
        Ok(())
    })
    .await
}

/// The admin's note to both parties, then the decision.
pub async fn receive_resolution_note(
    bot: Bot,
    msg: Message,
    app: App,
    dialogue: Dialog,
    (order, seq, resolution): (OrderId, u16, Resolution),
) -> HandlerResult {
    for_sender(&bot, &msg, &app, |bot, r, msg, app| async move {
        let Some(text) = msg.text() else {
            r.say(&bot, &Text::new("error-text-expected")).await?;
            return Ok(());
        };
        match Note::new(text) {
            Ok(note) => {
                resolve(
                    &bot,
                    &app,
                    &r,
                    &dialogue,
                    order,
                    seq,
                    resolution,
                    Some(note),
                )
                .await
            }
            Err(e) => {
                r.say(&bot, &views::explain_terms(&e)).await?;
                Ok(())
            }
        }
    })
    .await
}

/// An admin's question to one party.
pub async fn receive_admin_question(
    bot: Bot,
    msg: Message,
    app: App,
    dialogue: Dialog,
    (order, seq, to): (OrderId, u16, Role),
) -> HandlerResult {
    for_sender(&bot, &msg, &app, |bot, r, msg, app| async move {
        let Some(text) = msg.text() else {
            r.say(&bot, &Text::new("error-text-expected")).await?;
            return Ok(());
        };
        let note = match Note::new(text) {
            Ok(n) => n,
            Err(e) => {
                r.say(&bot, &views::explain_terms(&e)).await?;
                return Ok(());
            }
        };
        dialogue.clear().await?;
        let Some(actor) = as_admin(&bot, &app, &r, order).await? else {
            return Ok(());
        };
        let command = Command::DisputeMessage {
            seq,
            to: Some(to),
            note: Some(note),
            attachments: Vec::new(),
        };
        if run(&bot, &app, &r, order, actor, command).await?.is_some() {
            r.say(&bot, &Text::new("done-sent")).await?;
        }
        Ok(())
    })
    .await
}

/// `/dispute <order>`: a dispute on the order's current milestone, as its button does.
pub async fn receive_dispute_command(
    bot: Bot,
    msg: Message,
    app: App,
    dialogue: Dialog,
    arg: String,
) -> HandlerResult {
    for_sender(&bot, &msg, &app, |bot, r, _msg, app| async move {
        let Some(order) = views::order_number(&arg) else {
            r.say(&bot, &Text::new("dispute-usage")).await?;
            return Ok(());
        };
        let loaded = match app.orders.get(order).await {
            Ok(o) => o,
            Err(crate::services::ServiceError::NotFound(_)) => {
                r.say(&bot, &Text::new("error-not-found")).await?;
                return Ok(());
            }
            Err(e) => return Err(e.into()),
        };
        if loaded.role_of(r.user.id).is_none() {
            r.say(&bot, &Text::new("error-not-found")).await?;
            return Ok(());
        }
        let Some(seq) = loaded.current_milestone().map(|m| m.seq) else {
            r.say(&bot, &Text::new("error-nothing-to-dispute")).await?;
            return Ok(());
        };
        let probe = Command::OpenDispute {
            seq,
            reason: probe_note(),
        };
        if allowed(&bot, &app, &r, order, r.actor(false), probe).await? {
            dialogue.save(State::DisputeReason { order, seq }).await?;
            r.say(&bot, &Text::new("prompt-dispute-reason")).await?;
        }
        Ok(())
    })
    .await
}
