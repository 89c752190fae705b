//! The short text steps that follow some buttons: a note for requested changes, a payment reference, revision
//! feedback, a progress note, a new deadline, the words of a review. Each ends in one domain command or store update.

use super::actions::run;
use super::dialogue::{Dialog, DialogExt};
use super::handlers::{HandlerResult, for_sender};
use super::views;
use crate::app::App;
use crate::i18n::Text;
use dereja_domain::{Command, Deadline, Note, OrderId, parse_deadline};
use teloxide::prelude::*;

/// Reads a note after a button asked for one, ends the step, and confirms with `done` when the command succeeds.
async fn note_step(
    bot: Bot,
    msg: Message,
    app: App,
    dialogue: Dialog,
    order: OrderId,
    done: &'static str,
    make: impl FnOnce(Note) -> Command,
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
        if run(&bot, &app, &r, order, r.actor(false), make(note))
            .await?
            .is_some()
        {
            r.say(&bot, &Text::new(done)).await?;
        }
        Ok(())
    })
    .await
}

pub async fn receive_changes_note(
    bot: Bot,
    msg: Message,
    app: App,
    dialogue: Dialog,
    (order, seq): (OrderId, u16),
) -> HandlerResult {
    note_step(bot, msg, app, dialogue, order, "done-sent", |note| {
        Command::RequestChanges { seq, note }
    })
    .await
}

pub async fn receive_payment_reference(
    bot: Bot,
    msg: Message,
    app: App,
    dialogue: Dialog,
    (order, seq): (OrderId, u16),
) -> HandlerResult {
    note_step(bot, msg, app, dialogue, order, "done-sent", |reference| {
        Command::ReportPayment { seq, reference }
    })
    .await
}

pub async fn receive_revision_feedback(
    bot: Bot,
    msg: Message,
    app: App,
    dialogue: Dialog,
    (order, seq): (OrderId, u16),
) -> HandlerResult {
    note_step(bot, msg, app, dialogue, order, "done-sent", |feedback| {
        Command::RequestRevision { seq, feedback }
    })
    .await
}

/// The seller's progress note (`/progress`), for the buyer and the order's history.
pub async fn receive_progress_note(
    bot: Bot,
    msg: Message,
    app: App,
    dialogue: Dialog,
    (order, seq): (OrderId, u16),
) -> HandlerResult {
    note_step(bot, msg, app, dialogue, order, "done-progress", |note| {
        Command::PostProgress { seq, note }
    })
    .await
}

/// A new deadline: a duration counts from now, a date is read as in the new-order dialogue and shown back in
/// the confirmation.
pub async fn receive_new_deadline(
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
        let now = app.clock.now();
        let due_at = match parse_deadline(text, now, r.tz().tz()) {
            Ok(reading) => match reading.deadline() {
                Deadline::At { at } => at,
                Deadline::AfterActivation { hours } => {
                    now + chrono::Duration::hours(i64::from(hours))
                }
            },
            Err(e) => {
                r.say(&bot, &views::explain_terms(&e)).await?;
                return Ok(());
            }
        };
        let command = Command::ExtendDeadline { seq, due_at };
        if run(&bot, &app, &r, order, r.actor(false), command)
            .await?
            .is_some()
        {
            dialogue.clear().await?;
            r.say(
                &bot,
                &Text::new("done-deadline-extended").arg("due", due_at),
            )
            .await?;
        }
        Ok(())
    })
    .await
}

/// The words after a rating.
pub async fn receive_review_text(
    bot: Bot,
    msg: Message,
    app: App,
    dialogue: Dialog,
    (order, seq): (OrderId, Option<u16>),
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
        app.orders.review_text(order, seq, r.user.id, &note).await?;
        dialogue.clear().await?;
        r.say(&bot, &Text::new("done-review-saved")).await?;
        Ok(())
    })
    .await
}
