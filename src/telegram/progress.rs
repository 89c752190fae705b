//! Progress notes: the seller tells the buyer how running work goes (`/progress` or the button on "you can start
//! now"). The note goes to the buyer and into the order's history; a quiet stretch gets a gentle reminder.

use super::dialogue::{Dialog, State};
use super::handlers::{HandlerResult, Reader};
use super::keyboard::keyboard;
use super::steps::open_step;
use crate::app::App;
use crate::i18n::Text;
use crate::messages::Button;
use crate::messages::callback::Callback;
use dereja_domain::{Action, OrderId, Role, StatusKind};
use teloxide::prelude::*;

/// `/progress`: straight to the note when the seller has one running milestone, else a choice.
pub async fn receive_progress_command(
    bot: Bot,
    app: App,
    r: Reader,
    dialogue: Dialog,
) -> HandlerResult {
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
            let rows: Vec<Vec<Button>> = several
                .iter()
                .map(|(order, seq, label)| {
                    vec![Button::labelled(
                        label,
                        Callback::PostProgress(*order, *seq),
                    )]
                })
                .collect();
            let keyboard = keyboard(&rows, r.lang());
            r.say_with(&bot, &Text::new("progress-which"), keyboard)
                .await?;
        }
    }
    Ok(())
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
    let prompt = Text::new("prompt-progress").arg("seq", i64::from(seq));
    let step = (
        Action::PostProgress,
        State::ProgressNote { order, seq },
        prompt,
    );
    open_step(
        bot,
        app,
        reader,
        dialogue,
        ((order, seq), reader.actor(false)),
        step,
    )
    .await?;
    Ok(())
}
