//! Button presses, routed by the handler tree: the data is parsed once into a [`Callback`], the presser is
//! known once (see [`acting`]), and each area's buttons branch on their variant (and, for the conversations, on
//! the dialogue's state) like teloxide's `purchase.rs` routes dialogue states. The domain decides whether the
//! presser may do what the button says, whatever its data claims.

use super::acting::acting;
use super::admins::is_admin;
use super::alert::Press;
use super::dialogue::{Dialog, DialogExt, State};
use super::handlers::{HandlerResult, Reader, fallback_language, paced, set_language};
use super::keyboard::keyboard;
use super::refusals::{allowed, or_explain, run};
use super::steps::open_step;
use super::{chat, delivery, disputes, neworder, orders, payments, progress, records, withdrawals};
use crate::app::App;
use crate::i18n::Text;
use crate::messages::buttons::{proposal_buttons, review_buttons};
use crate::messages::events::bullets;
use crate::messages::{Button, Callback, views};
use crate::pacing::Pacer;
use crate::services::inbox::Inbox;
use dereja_domain::error::Who;
use dereja_domain::{
    Action, Command, Delivery, DomainError, InviteToken, Note, OrderId, Stars, StatusKind,
};
use dptree::case;
use teloxide::dispatching::UpdateHandler;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardMarkup, ParseMode};
use teloxide::utils::render::RenderMessageTextHelper;

/// Every button press.
pub fn schema() -> UpdateHandler<anyhow::Error> {
    let known = dptree::filter_map(|q: CallbackQuery| callback_of(&q))
        .branch(case![Callback::SetLanguage(language)].endpoint(
            |bot: Bot, app: App, q: CallbackQuery, language| async move {
                set_language(&bot, &app, &q, language).await
            },
        ))
        .branch(
            acting()
                .chain(presser_dialogue())
                .branch(neworder::buttons())
                .branch(order_buttons())
                .branch(review_buttons_tree())
                .branch(disputes::buttons())
                .branch(withdrawals::buttons()),
        );
    Update::filter_callback_query()
        .branch(dptree::filter(|q: CallbackQuery| callback_of(&q).is_none()).endpoint(unknown))
        .branch(known)
}

/// The presser's own conversation, kept under their private chat wherever the button was pressed: a decision
/// pressed in the admin chat or a group continues in private, where its text step is read (in a private chat the
/// two are the same chat).
fn presser_dialogue() -> UpdateHandler<anyhow::Error> {
    super::dialogue::enter(|query: &CallbackQuery| ChatId(query.from.id.0 as i64))
}

fn callback_of(query: &CallbackQuery) -> Option<Callback> {
    query.data.as_deref().and_then(|d| d.parse().ok())
}

/// Old or forged data: a polite word on the button itself.
async fn unknown(query: CallbackQuery) -> HandlerResult {
    let lang = fallback_language(Some(&query.from));
    if let Some(press) = Press::current() {
        press.alert(&Text::new("button-stale").render(lang)).await;
    }
    Ok(())
}

/// A button whose moment has passed (the conversation moved on).
pub async fn stale(bot: Bot, reader: Reader) -> HandlerResult {
    reader.refuse(&bot, &Text::new("button-stale")).await?;
    Ok(())
}

/// Removes the buttons of the message that was pressed, so it cannot be pressed twice.
pub async fn clear_buttons(bot: &Bot, pacer: &Pacer, query: &CallbackQuery) {
    let Some(message) = &query.message else {
        return;
    };
    let chat = message.chat().id;
    let request = bot
        .edit_message_reply_markup(chat, message.id())
        .reply_markup(InlineKeyboardMarkup::default());
    if let Err(e) = paced(pacer, chat, request).await {
        tracing::debug!(error = %e, "could not remove the buttons of a pressed message");
    }
}

/// [`clear_buttons`] as a step of the tree, before the handler of a one-time button.
pub async fn cleared(bot: Bot, query: CallbackQuery, app: App) {
    clear_buttons(&bot, &app.pacer, &query).await;
}

/// The buttons on orders and milestones that run one command each, or open a short step.
fn order_buttons() -> UpdateHandler<anyhow::Error> {
    dptree::entry()
        .branch(dptree::filter_map(one_command).endpoint(receive_command))
        .branch(case![Callback::Join(token)].endpoint(receive_join))
        .branch(case![Callback::JoinAcceptAll(token)].endpoint(receive_join_accept_all))
        .branch(case![Callback::ShowOrder(order)].endpoint(
            |bot: Bot, app: App, r: Reader, order: OrderId| async move {
                orders::show_order(&bot, &app, &r, order).await
            },
        ))
        .branch(case![Callback::ShowProfile(order)].endpoint(receive_show_profile))
        .branch(case![Callback::OrdersPage(page)].endpoint(records::turn_orders_page))
        .branch(case![Callback::ReviseMilestone(order, seq)].endpoint(
            |bot: Bot, app: App, r: Reader, d: Dialog, milestone: (OrderId, u16)| async move {
                neworder::revise(&bot, &app, &r, &d, milestone).await
            },
        ))
        .branch(case![Callback::AddOn(order)].endpoint(
            |bot: Bot, app: App, r: Reader, d: Dialog, order: OrderId| async move {
                neworder::add_on(&bot, &app, &r, &d, order).await
            },
        ))
        .branch(case![Callback::RequestChanges(order, seq)].endpoint(
            |bot: Bot, r: Reader, d: Dialog, (order, seq): (OrderId, u16)| async move {
                prompt(
                    &bot,
                    &r,
                    &d,
                    State::ChangesNote { order, seq },
                    "prompt-changes-note",
                )
                .await
            },
        ))
        .branch(case![Callback::PayByTransfer(order, seq)].endpoint(
            |bot: Bot, r: Reader, d: Dialog, (order, seq): (OrderId, u16)| async move {
                let state = State::PaymentReference { order, seq };
                prompt(&bot, &r, &d, state, "prompt-payment-reference").await
            },
        ))
        .branch(case![Callback::PayByTelegram(order, seq)].endpoint(
            |bot: Bot, app: App, r: Reader, (order, seq): (OrderId, u16)| async move {
                payments::send_invoice(&bot, &app, &r, order, seq).await
            },
        ))
        .branch(case![Callback::ConfirmPayment(order, seq)].endpoint(receive_payment_decision))
        .branch(case![Callback::RejectPayment(order, seq)].endpoint(receive_payment_decision))
        .branch(case![Callback::StartDelivery(order, seq)].endpoint(
            |bot: Bot, app: App, r: Reader, d: Dialog, (order, seq): (OrderId, u16)| async move {
                delivery::start(&bot, &app, &r, &d, order, seq).await
            },
        ))
        .branch(
            case![Callback::SubmitDelivery(order, seq)]
                .branch(
                    case![State::Delivering {
                        order,
                        seq,
                        text,
                        attachments
                    }]
                    .endpoint(receive_submit_delivery),
                )
                .endpoint(stale),
        )
        .branch(case![Callback::PostProgress(order, seq)].endpoint(
            |bot: Bot, app: App, r: Reader, d: Dialog, (order, seq): (OrderId, u16)| async move {
                progress::start(&bot, &app, &r, &d, order, seq).await
            },
        ))
        .branch(case![Callback::Chat(order)].endpoint(
            |bot: Bot, app: App, r: Reader, d: Dialog, order: OrderId| async move {
                chat::start(&bot, &app, &r, &d, order).await
            },
        ))
        .branch(case![Callback::LeaveChat].inspect_async(cleared).endpoint(
            |bot: Bot, r: Reader, d: Dialog| async move { chat::leave(&bot, &r, &d).await },
        ))
        .branch(case![Callback::ExtendDeadline(order, seq)].endpoint(receive_step_button))
        .branch(case![Callback::OpenDispute(order, seq)].endpoint(receive_step_button))
        .branch(case![Callback::KeepWaiting(order, seq)].endpoint(receive_keep_waiting))
}

/// Buttons that run exactly one command and then say `done` (or just lose their buttons).
fn one_command(callback: Callback) -> Option<(OrderId, Command, Option<Text>)> {
    let seq_text = |id: &str, seq: u16| Some(Text::new(id).arg("seq", i64::from(seq)));
    Some(match callback {
        Callback::Accept(o, seq) => (o, Command::Accept { seq }, seq_text("done-accepted", seq)),
        Callback::Decline(o, seq) => (
            o,
            Command::Decline { seq, reason: None },
            seq_text("done-declined", seq),
        ),
        Callback::ConfirmApprove(o, seq) => (o, Command::Approve { seq }, None),
        Callback::AskExtraRevision(o, seq) => (
            o,
            Command::AskExtraRevision { seq },
            Some(Text::new("done-sent")),
        ),
        Callback::GrantRevision(o, seq) => (
            o,
            Command::GrantRevision { seq },
            Some(Text::new("done-sent")),
        ),
        Callback::Cancel(o, seq) => (o, Command::Cancel { seq }, None),
        Callback::RequestCancellation(o, seq) => (
            o,
            Command::RequestCancellation { seq },
            Some(Text::new("done-cancellation-requested")),
        ),
        Callback::AnswerCancellation(o, seq, agree) => {
            (o, Command::AnswerCancellation { seq, agree }, None)
        }
        Callback::CancelOrder(o) => (o, Command::CancelOrder, None),
        _ => return None,
    })
}

async fn receive_command(
    bot: Bot,
    app: App,
    reader: Reader,
    query: CallbackQuery,
    (order, command, done): (OrderId, Command, Option<Text>),
) -> HandlerResult {
    let actor = reader.actor(false);
    finish(&bot, &app, &reader, &query, (order, actor, command), done).await
}

/// Runs the command a button stands for: on success the pressed message loses its buttons and `done`, if given,
/// confirms it; a refusal is explained to the presser.
async fn finish(
    bot: &Bot,
    app: &App,
    reader: &Reader,
    query: &CallbackQuery,
    (order, actor, command): (OrderId, dereja_domain::Actor, Command),
    done: Option<Text>,
) -> HandlerResult {
    if run(bot, app, reader, order, actor, command)
        .await?
        .is_some()
    {
        match done {
            Some(text) => confirm_in_place(bot, reader, query, &text).await?,
            None => clear_buttons(bot, &reader.pacer, query).await,
        }
    }
    Ok(())
}

/// Shows the outcome on the pressed message itself (its text, then the confirmation; the buttons go), which
/// keeps a phone's chat short. Where that is not possible (a group's message, a very long text), the buttons go
/// and the confirmation comes as a new message.
async fn confirm_in_place(
    bot: &Bot,
    reader: &Reader,
    query: &CallbackQuery,
    text: &Text,
) -> HandlerResult {
    let confirmation = reader.html(text);
    // The pressed message as it reads, its formatting kept (Telegram gives its text and entities).
    let pressed = query
        .message
        .as_ref()
        .and_then(|m| m.regular_message())
        .filter(|m| m.chat.id == reader.chat)
        .and_then(|m| {
            m.html_text()
                .map(|t| (m.id, format!("{t}\n\n{confirmation}")))
        })
        .filter(|(_, updated)| crate::i18n::to_plain(updated).chars().count() <= 4096);
    if let Some((id, updated)) = pressed
        && paced(
            &reader.pacer,
            reader.chat,
            bot.edit_message_text(reader.chat, id, updated)
                .parse_mode(ParseMode::Html),
        )
        .await
        .is_ok()
    {
        return Ok(());
    }
    clear_buttons(bot, &reader.pacer, query).await;
    reader.send(bot, confirmation, None).await?;
    Ok(())
}

/// Saves the next step of the conversation and asks for its text.
async fn prompt(
    bot: &Bot,
    reader: &Reader,
    dialogue: &Dialog,
    state: State,
    id: &str,
) -> HandlerResult {
    dialogue.save(state).await?;
    reader.say(bot, &Text::new(id)).await?;
    Ok(())
}

async fn receive_join(
    bot: Bot,
    app: App,
    reader: Reader,
    query: CallbackQuery,
    token: InviteToken,
) -> HandlerResult {
    let Some(order) = invited(&bot, &app, &reader, token).await?.map(|o| o.id) else {
        return Ok(());
    };
    let actor = reader.actor(false);
    let join = Command::Join {
        invitation: Some(token),
    };
    let Some(outcome) = run(&bot, &app, &reader, order, actor, join).await? else {
        return Ok(());
    };
    clear_buttons(&bot, &app.pacer, &query).await;
    reader
        .say(&bot, &Text::new("joined").arg("id", order.0))
        .await?;
    // The proposals now wait for this user's answer, one message each.
    let proposed = outcome
        .order
        .milestones
        .iter()
        .filter(|m| m.status.kind() == StatusKind::Proposed);
    for m in proposed {
        let text = reader.html(&views::milestone_lines(m));
        let buttons = keyboard(&proposal_buttons(&outcome.order, m.seq), reader.lang());
        reader.send(&bot, text, Some(buttons)).await?;
    }
    Ok(())
}

/// The order an invitation opens; `None` once an unknown one was refused.
async fn invited(
    bot: &Bot,
    app: &App,
    reader: &Reader,
    token: InviteToken,
) -> anyhow::Result<Option<dereja_domain::Order>> {
    let order = app.orders.by_invitation(token).await?;
    if order.is_none() {
        let unknown = Text::new("error-invitation-unknown");
        reader.refuse(bot, &unknown).await?;
    }
    Ok(order)
}

/// "Join and accept every milestone": the join and each acceptance in one transaction, so the presser ends as a
/// party with everything accepted, or (refused) as before.
async fn receive_join_accept_all(
    bot: Bot,
    app: App,
    reader: Reader,
    query: CallbackQuery,
    token: InviteToken,
) -> HandlerResult {
    let Some(order) = invited(&bot, &app, &reader, token).await? else {
        return Ok(());
    };
    let proposed: Vec<u16> = order
        .milestones
        .iter()
        .filter(|m| m.status.kind() == StatusKind::Proposed)
        .map(|m| m.seq)
        .collect();
    let join = Command::Join {
        invitation: Some(token),
    };
    let commands: Vec<Command> = std::iter::once(join)
        .chain(proposed.iter().map(|&seq| Command::Accept { seq }))
        .collect();
    let actor = reader.actor(false);
    let result = app.orders.execute_all(order.id, actor, &commands).await;
    if or_explain(&bot, &reader, result).await?.is_none() {
        return Ok(());
    }
    clear_buttons(&bot, &app.pacer, &query).await;
    let done = Text::new("joined-accepted-all")
        .arg("id", order.id.0)
        .arg("count", proposed.len() as i64);
    reader.say(&bot, &done).await?;
    Ok(())
}

/// An admin's decision on a manual payment: only the order's admins count as admins.
async fn receive_payment_decision(
    bot: Bot,
    app: App,
    reader: Reader,
    query: CallbackQuery,
    callback: Callback,
) -> HandlerResult {
    let (Callback::ConfirmPayment(order, seq) | Callback::RejectPayment(order, seq)) = callback
    else {
        return Ok(());
    };
    let loaded = app.orders.get(order).await?;
    let admin = is_admin(&bot, &app, reader.user.id, &loaded).await?;
    let command = match callback {
        Callback::ConfirmPayment(..) => Command::ConfirmPayment { seq },
        _ => Command::RejectPayment {
            seq,
            reason: Note::new("rejected by an admin").map_err(anyhow::Error::from)?,
        },
    };
    let done = Some(Text::new("done-payment-decided"));
    finish(
        &bot,
        &app,
        &reader,
        &query,
        (order, reader.actor(admin), command),
        done,
    )
    .await
}

async fn receive_submit_delivery(
    bot: Bot,
    app: App,
    reader: Reader,
    query: CallbackQuery,
    dialogue: Dialog,
    callback: Callback,
    (order, seq, text, attachments): (OrderId, u16, Vec<String>, Vec<dereja_domain::Attachment>),
) -> HandlerResult {
    if callback != Callback::SubmitDelivery(order, seq) {
        return stale(bot, reader).await;
    }
    let joined = text.join("\n\n");
    let delivery = match Delivery::new(Some(&joined), attachments) {
        Ok(d) => d,
        Err(e) => {
            reader.say(&bot, &views::explain_terms(&e)).await?;
            return Ok(());
        }
    };
    let command = Command::Deliver { seq, delivery };
    // The step ends in the delivery's own transaction: a kill in between would leave it collecting, and the seller's
    // next message would join a delivery already submitted. Refused, the step stays for another try.
    let delivering = run(&bot, &app, &reader, order, reader.actor(false), command);
    if Inbox::ending_dialogue(dialogue.chat_id().0, delivering)
        .await?
        .is_some()
    {
        clear_buttons(&bot, &app.pacer, &query).await;
    }
    Ok(())
}

/// Before "Request a revision" asks for feedback: are revisions left? If not, the buyer may ask for one more.
async fn receive_request_revision(
    bot: Bot,
    app: App,
    reader: Reader,
    dialogue: Dialog,
    (order, seq): (OrderId, u16),
) -> HandlerResult {
    let checked = app
        .orders
        .check(order, reader.actor(false), Action::RequestRevision, seq)
        .await;
    if let Err(crate::services::ServiceError::Domain(DomainError::RevisionsExhausted {
        included,
    })) = checked
    {
        let text = Text::new("error-revisions-exhausted").arg("included", i64::from(included));
        let ask = Button::callback(
            "button-ask-extra-revision",
            Callback::AskExtraRevision(order, seq),
        );
        reader
            .say_with(&bot, &text, keyboard(&[vec![ask]], reader.lang()))
            .await?;
        return Ok(());
    }
    let Some(loaded) = or_explain(&bot, &reader, checked).await? else {
        return Ok(());
    };
    dialogue
        .save(State::RevisionFeedback { order, seq })
        .await?;
    // The items the buyer left unticked are named in the request: say so before they write.
    let unticked = loaded
        .milestone(seq)
        .map(|m| m.unticked_items())
        .unwrap_or_default();
    let prompt = if unticked.is_empty() {
        Text::new("prompt-revision-feedback")
    } else {
        Text::new("prompt-revision-feedback-items").arg("items", bullets(&unticked))
    };
    reader.say(&bot, &prompt).await?;
    Ok(())
}

/// "More time" and "Open a dispute": steps that ask for text, opened only when the rules allow them (only the
/// buyer extends, only a party disputes, and only running work), so nothing is typed in vain.
async fn receive_step_button(
    bot: Bot,
    app: App,
    reader: Reader,
    query: CallbackQuery,
    dialogue: Dialog,
    callback: Callback,
) -> HandlerResult {
    let (milestone, step) = match callback {
        Callback::ExtendDeadline(order, seq) => (
            (order, seq),
            (
                Action::ExtendDeadline,
                State::NewDeadline { order, seq },
                Text::new("prompt-new-deadline"),
            ),
        ),
        Callback::OpenDispute(order, seq) => (
            (order, seq),
            (
                Action::OpenDispute,
                State::DisputeReason { order, seq },
                Text::new("prompt-dispute-reason"),
            ),
        ),
        _ => return Ok(()),
    };
    if open_step(
        &bot,
        &app,
        &reader,
        &dialogue,
        (milestone, reader.actor(false)),
        step,
    )
    .await?
    {
        clear_buttons(&bot, &app.pacer, &query).await;
    }
    Ok(())
}

/// "Keep waiting": only a party of the order gets an answer; nothing changes either way.
async fn receive_keep_waiting(
    bot: Bot,
    app: App,
    reader: Reader,
    query: CallbackQuery,
    (order, seq): (OrderId, u16),
) -> HandlerResult {
    let loaded = app.orders.get(order).await?;
    if loaded.role_of(reader.user.id).is_some() && loaded.milestone(seq).is_some() {
        clear_buttons(&bot, &app.pacer, &query).await;
        reader.say(&bot, &Text::new("done-keep-waiting")).await?;
    } else {
        let refusal = views::not_allowed(Who::Party);
        reader.refuse(&bot, &refusal).await?;
    }
    Ok(())
}

async fn receive_show_profile(bot: Bot, app: App, reader: Reader, order: OrderId) -> HandlerResult {
    let loaded = app.orders.get(order).await?;
    let other = loaded
        .role_of(reader.user.id)
        .and_then(|role| loaded.party(role.other()));
    match other {
        Some(other) => super::records::show_profile(&bot, &app, &reader, other).await?,
        None => {
            reader.say(&bot, &Text::new("profile-unknown")).await?;
        }
    }
    Ok(())
}

/// Reviewing a delivery and rating: ticks, approval asked twice, revisions, stars and their words.
fn review_buttons_tree() -> UpdateHandler<anyhow::Error> {
    dptree::entry()
        .branch(
            case![Callback::SkipNote]
                .inspect_async(cleared)
                .branch(case![State::ResolutionNote { order, seq, resolution }].endpoint(
                    |bot: Bot, app: App, r: Reader, d: Dialog, decision: (OrderId, u16, dereja_domain::Resolution)| async move {
                        disputes::resolve(&bot, &app, &r, &d, decision, None).await
                    },
                ))
                .branch(case![State::ReviewText { order, seq }].endpoint(
                    |bot: Bot, r: Reader, d: Dialog| async move {
                        d.clear().await?;
                        r.say(&bot, &Text::new("done-review-saved")).await?;
                        Ok(())
                    },
                ))
                .endpoint(stale),
        )
        .branch(case![Callback::TickItem(order, seq, item)].endpoint(receive_tick))
        .branch(case![Callback::Approve(order, seq)].endpoint(receive_approve))
        .branch(case![Callback::KeepReviewing(order, seq)].inspect_async(cleared).endpoint(
            |bot: Bot, r: Reader| async move {
                r.say(&bot, &Text::new("done-keep-reviewing")).await?;
                Ok(())
            },
        ))
        .branch(case![Callback::RequestRevision(order, seq)].endpoint(receive_request_revision))
        .branch(case![Callback::RateMilestone(order, seq, stars)].endpoint(receive_stars))
        .branch(case![Callback::Rate(order, stars)].endpoint(receive_stars))
}

async fn receive_tick(
    bot: Bot,
    app: App,
    reader: Reader,
    query: CallbackQuery,
    (order, seq, item): (OrderId, u16, u8),
) -> HandlerResult {
    let command = Command::TickItem { seq, item };
    let actor = reader.actor(false);
    if let Some(outcome) = run(&bot, &app, &reader, order, actor, command).await?
        && let Some(message) = &query.message
    {
        let buttons = review_buttons(&outcome.order, seq);
        let chat = message.chat().id;
        let request = bot
            .edit_message_reply_markup(chat, message.id())
            .reply_markup(keyboard(&buttons, reader.lang()));
        if let Err(e) = paced(&reader.pacer, chat, request).await {
            tracing::debug!(error = %e, "could not show a ticked item");
        }
    }
    Ok(())
}

/// Approval releases money for good: the buyer sees exactly what and to whom, and confirms.
async fn receive_approve(
    bot: Bot,
    app: App,
    reader: Reader,
    (order, seq): (OrderId, u16),
) -> HandlerResult {
    let actor = reader.actor(false);
    let Some(loaded) = allowed(&bot, &app, &reader, (order, seq), actor, Action::Approve).await?
    else {
        return Ok(());
    };
    let Some(m) = loaded.milestone(seq) else {
        return Ok(());
    };
    let seller = match loaded.seller {
        Some(s) => app.users.name_of(s).await?,
        None => None,
    };
    let text = Text::new("confirm-approval")
        .arg("amount", m.terms.amount)
        .arg("seller", seller.unwrap_or_default())
        .arg("seq", i64::from(seq))
        .arg("title", m.terms.title.as_str())
        .arg("items", m.terms.deliverables.as_str());
    let rows = [vec![
        Button::callback(
            "button-release-confirm",
            Callback::ConfirmApprove(order, seq),
        ),
        Button::callback("button-keep-reviewing", Callback::KeepReviewing(order, seq)),
    ]];
    reader
        .say_with(&bot, &text, keyboard(&rows, reader.lang()))
        .await?;
    Ok(())
}

/// Stars for the other party or for a milestone: thanks, and the invitation to add a few words; a refusal
/// (already rated) is explained.
async fn receive_stars(
    bot: Bot,
    app: App,
    reader: Reader,
    query: CallbackQuery,
    dialogue: Dialog,
    callback: Callback,
) -> HandlerResult {
    let (order, seq, n) = match callback {
        Callback::Rate(order, n) => (order, None, n),
        Callback::RateMilestone(order, seq, n) => (order, Some(seq), n),
        _ => return Ok(()),
    };
    let stars = Stars::new(n).map_err(anyhow::Error::from)?;
    let review = app.orders.review(order, seq, reader.user.id, stars).await;
    if or_explain(&bot, &reader, review).await?.is_none() {
        return Ok(());
    }
    clear_buttons(&bot, &app.pacer, &query).await;
    dialogue.save(State::ReviewText { order, seq }).await?;
    let skip = Button::callback("button-skip", Callback::SkipNote);
    let text = Text::new("done-reviewed").arg("stars", i64::from(n));
    reader
        .say_with(&bot, &text, keyboard(&[vec![skip]], reader.lang()))
        .await?;
    Ok(())
}
