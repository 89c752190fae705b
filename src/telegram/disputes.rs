//! Disputes in the chat: a party's reason and evidence, an admin's questions, split share and note, and the
//! resolution. Who may resolve is checked when the button is pressed and again when the decision is sent: the
//! global admins, and for an order started in a group that group's administrators as Telegram lists them now; the
//! domain refuses an admin who is a party.

use super::admins::is_admin;
use super::delivery::attachment_of;
use super::dialogue::{Dialog, DialogExt, State, end_with};
use super::handlers::{HandlerResult, Reader};
use super::keyboard::keyboard;
use super::presses::{clear_buttons, cleared, stale};
use super::refusals::{allowed, run};
use super::steps::{note_of, open_step, optional_note_of};
use crate::app::App;
use crate::i18n::Text;
use crate::messages::callback::{Callback, Verdict};
use crate::messages::{Button, dossier, views};
use crate::services::inbox::Inbox;
use dereja_domain::error::Who;
use dereja_domain::{Action, Actor, Command, Money, Note, OrderId, Resolution, Role, parse_amount};
use dptree::case;
use rust_decimal::Decimal;
use teloxide::dispatching::UpdateHandler;
use teloxide::prelude::*;
use teloxide::types::{ChatAction, InlineKeyboardMarkup};

/// One row of buttons in the reader's language.
fn one_row(reader: &Reader, buttons: &[(&str, Callback)]) -> InlineKeyboardMarkup {
    let row: Vec<Button> = buttons
        .iter()
        .map(|(label, cb)| Button::callback(label, *cb))
        .collect();
    keyboard(&[row], reader.lang())
}

/// The presser as an admin of this order, if they are one right now; a refusal is said otherwise.
async fn as_admin(
    bot: &Bot,
    app: &App,
    reader: &Reader,
    order: OrderId,
) -> anyhow::Result<Option<Actor>> {
    let loaded = app.orders.get(order).await?;
    if is_admin(bot, app, reader.user.id, &loaded).await? {
        return Ok(Some(reader.actor(true)));
    }
    reader.refuse(bot, &views::not_allowed(Who::Admin)).await?;
    Ok(None)
}

/// The buttons of a dispute: the admins' decisions and questions, the parties' answers and withdrawal.
pub fn buttons() -> UpdateHandler<anyhow::Error> {
    dptree::entry()
        .branch(case![Callback::Resolve(order, seq, verdict)].endpoint(receive_verdict))
        .branch(case![Callback::AskParty(order, seq, role)].endpoint(receive_ask_party))
        .branch(case![Callback::ShowDispute(order, seq)].endpoint(receive_show_dispute))
        .branch(case![Callback::WithdrawDispute(order, seq)].endpoint(receive_withdraw))
        .branch(case![Callback::DisputeReply(order, seq)].endpoint(receive_reply_button))
        .branch(
            case![Callback::EvidenceDone]
                .inspect_async(cleared)
                .branch(case![State::DisputeEvidence { order, seq }].endpoint(
                    |bot: Bot, r: Reader, d: Dialog| async move {
                        d.clear().await?;
                        r.say(&bot, &Text::new("done-evidence")).await?;
                        Ok(())
                    },
                ))
                .endpoint(stale),
        )
}

/// Release, refund or split: asked of an admin of the order; a split asks for the seller's share first.
async fn receive_verdict(
    bot: Bot,
    app: App,
    reader: Reader,
    dialogue: Dialog,
    (order, seq, verdict): (OrderId, u16, Verdict),
) -> HandlerResult {
    let Some(actor) = as_admin(&bot, &app, &reader, order).await? else {
        return Ok(());
    };
    let Some(loaded) = allowed(
        &bot,
        &app,
        &reader,
        (order, seq),
        actor,
        Action::ResolveDispute,
    )
    .await?
    else {
        return Ok(());
    };
    let resolution = match verdict {
        Verdict::Release => Resolution::Release,
        Verdict::Refund => Resolution::Refund,
        Verdict::Split => {
            dialogue.save(State::SplitShare { order, seq }).await?;
            let mut text = Text::new("prompt-split-share");
            if let Some(m) = loaded.milestone(seq) {
                text = text.arg("amount", m.terms.amount);
            }
            reader.say(&bot, &text).await?;
            return Ok(());
        }
    };
    ask_note(&bot, &reader, &dialogue, order, seq, resolution).await
}

async fn receive_ask_party(
    bot: Bot,
    app: App,
    reader: Reader,
    dialogue: Dialog,
    (order, seq, role): (OrderId, u16, Role),
) -> HandlerResult {
    let Some(actor) = as_admin(&bot, &app, &reader, order).await? else {
        return Ok(());
    };
    let state = State::AdminQuestion {
        order,
        seq,
        to: role,
    };
    let prompt = Text::new("prompt-admin-question").arg("party", role.as_str());
    let step = (Action::DisputeMessage, state, prompt);
    open_step(&bot, &app, &reader, &dialogue, ((order, seq), actor), step).await?;
    Ok(())
}

/// A group admin asks for the dossier in private.
async fn receive_show_dispute(
    bot: Bot,
    app: App,
    reader: Reader,
    (order, seq): (OrderId, u16),
) -> HandlerResult {
    if as_admin(&bot, &app, &reader, order).await?.is_none() {
        return Ok(());
    }
    reader.busy(&bot, ChatAction::Typing).await;
    let (loaded, text) = app.orders.dossier(order, seq).await?;
    let rows = dossier::admin_buttons(&loaded, seq);
    reader
        .say_with(&bot, &text, keyboard(&rows, reader.lang()))
        .await?;
    Ok(())
}

async fn receive_withdraw(
    bot: Bot,
    app: App,
    reader: Reader,
    query: CallbackQuery,
    dialogue: Dialog,
    (order, seq): (OrderId, u16),
) -> HandlerResult {
    let command = Command::WithdrawDispute { seq };
    let ending = run(&bot, &app, &reader, order, reader.actor(false), command);
    if Inbox::ending_dialogue(dialogue.chat_id().0, ending)
        .await?
        .is_some()
    {
        clear_buttons(&bot, &app.pacer, &query).await;
        reader
            .say(&bot, &Text::new("done-dispute-withdrawn"))
            .await?;
    }
    Ok(())
}

/// A party answers an admin's question, or adds evidence, until "Done".
async fn receive_reply_button(
    bot: Bot,
    app: App,
    reader: Reader,
    dialogue: Dialog,
    (order, seq): (OrderId, u16),
) -> HandlerResult {
    let actor = reader.actor(false);
    if allowed(
        &bot,
        &app,
        &reader,
        (order, seq),
        actor,
        Action::DisputeMessage,
    )
    .await?
    .is_some()
    {
        dialogue.save(State::DisputeEvidence { order, seq }).await?;
        let buttons = [("button-done", Callback::EvidenceDone)];
        let text = Text::new("prompt-dispute-reply");
        reader
            .say_with(&bot, &text, one_row(&reader, &buttons))
            .await?;
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
            one_row(reader, &buttons),
        )
        .await?;
    Ok(())
}

/// Sends the decision, after checking once more that the presser is still an admin of this order.
pub async fn resolve(
    bot: &Bot,
    app: &App,
    reader: &Reader,
    dialogue: &Dialog,
    (order, seq, resolution): (OrderId, u16, Resolution),
    note: Option<Note>,
) -> HandlerResult {
    let Some(actor) = as_admin(bot, app, reader, order).await? else {
        dialogue.clear().await?;
        return Ok(());
    };
    let command = Command::ResolveDispute {
        seq,
        resolution,
        note,
    };
    // The step ends in the decision's transaction: a crash before it leaves it to be handled again.
    let outcome = end_with(dialogue, run(bot, app, reader, order, actor, command)).await?;
    if outcome.is_some() {
        reader.say(bot, &Text::new("done-dispute-resolved")).await?;
    }
    Ok(())
}

/// The reason of a new dispute: opens it, then invites evidence.
pub async fn receive_reason(
    bot: Bot,
    msg: Message,
    app: App,
    r: Reader,
    dialogue: Dialog,
    (order, seq): (OrderId, u16),
) -> HandlerResult {
    let Some(reason) = note_of(&bot, &r, &msg).await? else {
        return Ok(());
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
            one_row(&r, &buttons),
        )
        .await?;
    } else {
        dialogue.clear().await?;
    }
    Ok(())
}

/// A piece of evidence or an answer (text or a file) from a party: recorded and passed to the admins.
pub async fn receive_evidence(
    bot: Bot,
    msg: Message,
    app: App,
    r: Reader,
    _dialogue: Dialog,
    (order, seq): (OrderId, u16),
) -> HandlerResult {
    let attachments: Vec<_> = attachment_of(&msg).into_iter().collect();
    let Some(note) = optional_note_of(&bot, &r, &msg).await? else {
        return Ok(());
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
            one_row(&r, &buttons),
        )
        .await?;
    }
    Ok(())
}

/// The seller's share of a split: an amount, or a percentage of the milestone.
pub async fn receive_split_share(
    bot: Bot,
    msg: Message,
    app: App,
    r: Reader,
    dialogue: Dialog,
    (order, seq): (OrderId, u16),
) -> HandlerResult {
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
}

/// The admin's note to both parties, then the decision.
pub async fn receive_resolution_note(
    bot: Bot,
    msg: Message,
    app: App,
    r: Reader,
    dialogue: Dialog,
    (order, seq, resolution): (OrderId, u16, Resolution),
) -> HandlerResult {
    let Some(note) = note_of(&bot, &r, &msg).await? else {
        return Ok(());
    };
    let decision = (order, seq, resolution);
    resolve(&bot, &app, &r, &dialogue, decision, Some(note)).await
}

/// An admin's question to one party.
pub async fn receive_admin_question(
    bot: Bot,
    msg: Message,
    app: App,
    r: Reader,
    dialogue: Dialog,
    (order, seq, to): (OrderId, u16, Role),
) -> HandlerResult {
    let Some(note) = note_of(&bot, &r, &msg).await? else {
        return Ok(());
    };
    let Some(actor) = as_admin(&bot, &app, &r, order).await? else {
        dialogue.clear().await?;
        return Ok(());
    };
    let command = Command::DisputeMessage {
        seq,
        to: Some(to),
        note: Some(note),
        attachments: Vec::new(),
    };
    let outcome = end_with(&dialogue, run(&bot, &app, &r, order, actor, command)).await?;
    if outcome.is_some() {
        r.say(&bot, &Text::new("done-sent")).await?;
    }
    Ok(())
}

/// `/dispute <order>`: a dispute on the order's current milestone, as its button does.
pub async fn receive_dispute_command(
    bot: Bot,
    app: App,
    r: Reader,
    dialogue: Dialog,
    arg: String,
) -> HandlerResult {
    let Some(order) = super::handlers::order_number(&arg) else {
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
    let actor = r.actor(false);
    if allowed(&bot, &app, &r, (order, seq), actor, Action::OpenDispute)
        .await?
        .is_some()
    {
        dialogue.save(State::DisputeReason { order, seq }).await?;
        r.say(&bot, &Text::new("prompt-dispute-reason")).await?;
    }
    Ok(())
}
