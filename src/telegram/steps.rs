//! The short text steps that follow some buttons: a note for requested changes, a payment reference, revision
//! feedback, a progress note, a new deadline, the words of a review. Each ends in one domain command or store update.

use super::dialogue::{Dialog, DialogExt, State, end_with};
use super::handlers::{HandlerResult, Reader};
use super::refusals::{allowed, run};
use crate::app::App;
use crate::i18n::Text;
use crate::messages::views;
use crate::services::inbox::Inbox;
use dereja_domain::{Action, Actor, Command, Deadline, Note, OrderId, parse_deadline};
use teloxide::prelude::*;

/// The text of `msg` as a note; `None` once the reader was told why it is not one (no text, too long).
pub async fn note_of(bot: &Bot, reader: &Reader, msg: &Message) -> anyhow::Result<Option<Note>> {
    let Some(text) = msg.text() else {
        reader.say(bot, &Text::new("error-text-expected")).await?;
        return Ok(None);
    };
    match Note::new(text) {
        Ok(note) => Ok(Some(note)),
        Err(e) => {
            reader.say(bot, &views::explain_terms(&e)).await?;
            Ok(None)
        }
    }
}

/// The text or caption of `msg` as a note, if it has one (files may come alone); `None` once the reader was told
/// why the text is not a note.
pub async fn optional_note_of(
    bot: &Bot,
    reader: &Reader,
    msg: &Message,
) -> anyhow::Result<Option<Option<Note>>> {
    match msg.text().or(msg.caption()).map(Note::new).transpose() {
        Ok(note) => Ok(Some(note)),
        Err(e) => {
            reader.say(bot, &views::explain_terms(&e)).await?;
            Ok(None)
        }
    }
}

/// Opens a text step (saves the conversation's state, then asks with `prompt`) when the rules let `actor` (the
/// reader, as a party or as an admin) take `action` on the milestone now; `false` once the refusal was explained instead.
pub async fn open_step(
    bot: &Bot,
    app: &App,
    reader: &Reader,
    dialogue: &Dialog,
    ((order, seq), actor): ((OrderId, u16), Actor),
    (action, state, prompt): (Action, State, Text),
) -> anyhow::Result<bool> {
    if allowed(bot, app, reader, (order, seq), actor, action)
        .await?
        .is_none()
    {
        return Ok(false);
    }
    dialogue.save(state).await?;
    reader.say(bot, &prompt).await?;
    Ok(true)
}

/// The steps that end in a note: which command the note completes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteFor {
    Changes,
    PaymentReference,
    RevisionFeedback,
    Progress,
}

impl NoteFor {
    fn command(self, seq: u16, note: Note) -> Command {
        match self {
            NoteFor::Changes => Command::RequestChanges { seq, note },
            NoteFor::PaymentReference => Command::ReportPayment {
                seq,
                reference: note,
            },
            NoteFor::RevisionFeedback => Command::RequestRevision {
                seq,
                feedback: note,
            },
            NoteFor::Progress => Command::PostProgress { seq, note },
        }
    }

    /// What the writer hears once the command went through.
    fn done(self) -> &'static str {
        match self {
            NoteFor::Progress => "done-progress",
            _ => "done-sent",
        }
    }
}

/// The conversation waits for a note: for which milestone, and for what.
pub fn note_step(state: State) -> Option<(OrderId, u16, NoteFor)> {
    match state {
        State::ChangesNote { order, seq } => Some((order, seq, NoteFor::Changes)),
        State::PaymentReference { order, seq } => Some((order, seq, NoteFor::PaymentReference)),
        State::RevisionFeedback { order, seq } => Some((order, seq, NoteFor::RevisionFeedback)),
        State::ProgressNote { order, seq } => Some((order, seq, NoteFor::Progress)),
        _ => None,
    }
}

/// A note after a button asked for one (a change request, a payment reference, revision feedback, a progress
/// note): ends the step and confirms when the command succeeds.
pub async fn receive_note(
    bot: Bot,
    msg: Message,
    app: App,
    r: Reader,
    dialogue: Dialog,
    (order, seq, purpose): (OrderId, u16, NoteFor),
) -> HandlerResult {
    let Some(note) = note_of(&bot, &r, &msg).await? else {
        return Ok(());
    };
    // The step ends in its command's transaction: a crash before it leaves the note to be read again.
    let command = purpose.command(seq, note);
    let ending = run(&bot, &app, &r, order, r.actor(false), command);
    if end_with(&dialogue, ending).await?.is_some() {
        r.say(&bot, &Text::new(purpose.done())).await?;
    }
    Ok(())
}

/// A new deadline: a duration counts from now, a date is read as in the new-order dialogue and shown back in
/// the confirmation.
pub async fn receive_new_deadline(
    bot: Bot,
    msg: Message,
    app: App,
    r: Reader,
    dialogue: Dialog,
    (order, seq): (OrderId, u16),
) -> HandlerResult {
    let Some(text) = msg.text() else {
        r.say(&bot, &Text::new("error-text-expected")).await?;
        return Ok(());
    };
    let now = app.clock.now();
    let due_at = match parse_deadline(text, now, r.tz().tz()) {
        Ok(reading) => match reading.deadline() {
            Deadline::At { at } => at,
            Deadline::AfterActivation { hours } => now + chrono::Duration::hours(i64::from(hours)),
        },
        Err(e) => {
            r.say(&bot, &views::explain_terms(&e)).await?;
            return Ok(());
        }
    };
    let command = Command::ExtendDeadline { seq, due_at };
    // Refused, the step stays for another date.
    let ending = run(&bot, &app, &r, order, r.actor(false), command);
    if Inbox::ending_dialogue(dialogue.chat_id().0, ending)
        .await?
        .is_some()
    {
        r.say(
            &bot,
            &Text::new("done-deadline-extended").arg("due", due_at),
        )
        .await?;
    }
    Ok(())
}

/// The words after a rating.
pub async fn receive_review_text(
    bot: Bot,
    msg: Message,
    app: App,
    r: Reader,
    dialogue: Dialog,
    (order, seq): (OrderId, Option<u16>),
) -> HandlerResult {
    let Some(note) = note_of(&bot, &r, &msg).await? else {
        return Ok(());
    };
    // The step ends in the words' own transaction, so a kill in between cannot leave it taking the next message.
    let saving = app.orders.review_text(order, seq, r.user.id, &note);
    Inbox::ending_dialogue(dialogue.chat_id().0, saving).await?;
    r.say(&bot, &Text::new("done-review-saved")).await?;
    Ok(())
}
