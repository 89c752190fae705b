//! Progress notes: the seller tells the buyer how running work goes (`/progress` or the button on "you can start
//! now"). The note goes to the buyer and into the order's history; a quiet stretch gets a gentle reminder.

use super::actions::dry_run_context;
use super::callback::Callback;
use super::dialogue::{Dialog, DialogExt, State};
use super::handlers::{HandlerResult, Reader, for_sender};
use super::views;
use crate::app::App;
use crate::i18n::Text;
use dereja_domain::{Command, Note, OrderId, Role, StatusKind};
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

/// `/progress`: straight to the note when the seller has one running milestone, else a choice.
pub async fn receive_progress_command(
    bot: Bot,
    msg: Message,
    app: App,
    dialogue: Dialog,
) -> HandlerResult {
    for_sender(&bot, &msg, &app, |bot, r, _msg, app| async move {
        let running: Vec<(OrderId, u16, String)> = app
            .orders
            .of_user(r.user.id, 50)
            .await?
            .into_iter()
            .filter(|o| o.party(Role::Seller) == Some(r.user.id))
            .flat_map(|o| {
                o.milestones
                    .iter()
                    .filter(|m| {
                        matches!(
                            m.status.kind(),
                            StatusKind::InProgress | StatusKind::RevisionRequested
                        )
                    })
                    .map(|m| {
                        let label = format!("#{} {}", o.id.0, m.terms.title.as_str());
                        (o.id, m.seq, label)
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        match running.as_slice() {
            [] => {
                r.say(&bot, &Text::new("progress-none")).await?;
            }
            [(order, seq, _)] => start(&bot, &app, &r, &dialogue, *order, *seq).await?,
            several => {
                // The milestones by their own titles, as the seller named them.
                let rows = several.iter().map(|(order, seq, label)| {
                    let data = Callback::PostProgress(*order, *seq).to_string();
                    [InlineKeyboardButton::callback(label.clone(), data)]
                });
                let keyboard = InlineKeyboardMarkup::new(rows);
                r.say_with(&bot, &Text::new("progress-which"), keyboard)
                    .await?;
            }
        }
        Ok(())
    })
    .await
}

/// Asks for the note, after checking with the rules that this user may post one on this milestone now.
pub async fn start(
    bot: &Bot,
    app: &App,
    reader: &Reader,
    dialogue: &Dialog,
    order: OrderId,
    seq: u16,
) -> HandlerResult {
    let loaded = app.orders.get(order).await?;
    let probe = Command::PostProgress {
        seq,
        note: Note::new("probe").map_err(anyhow::Error::from)?,
    };
    if let Err(e) = loaded.handle(probe, &dry_run_context(app, reader)) {
        reader.say(bot, &views::explain_domain(&e)).await?;
        return Ok(());
    }
    dialogue.save(State::ProgressNote { order, seq }).await?;
    reader
        .say(
            bot,
            &Text::new("prompt-progress").arg("seq", i64::from(seq)),
        )
        .await?;
    Ok(())
}
