//! Button presses and the short text steps that follow some of them (a note, a payment reference, feedback, the
//! pieces of a delivery). Each turns into one domain command through the order service; the domain decides
//! whether the presser may do it, whatever the button's data says.

use super::callback::Callback;
use super::dialogue::{Dialog, DialogExt, State};
use super::handlers::{
    HandlerResult, Reader, apologize_on_error, fallback_language, known_user, retrying,
};
use super::notices::{funding_buttons, proposal_buttons};
use super::{neworder, payments, views};
use crate::app::App;
use crate::i18n::Text;
use crate::jobs::outbox::keyboard;
use crate::services::ServiceError;
use dereja_domain::{
    Actor, Command, Delivery, DomainError, Note, Order, OrderId, Origin, Role, Stars, StatusKind,
};
use teloxide::prelude::*;
use teloxide::types::InlineKeyboardMarkup;

/// Whether a user may act as an admin on this order: a configured admin, or (for an order started in a group) an
/// administrator of that group right now.
pub async fn is_admin(bot: &Bot, app: &App, user: dereja_domain::UserId, order: &Order) -> bool {
    match order.origin {
        Origin::Group { chat_id } => is_chat_admin(bot, app, user, chat_id).await,
        Origin::Private => app.config.admins.contains(&user),
    }
}

/// A global admin, or an administrator of `chat` as Telegram says right now (never cached: admins change).
pub async fn is_chat_admin(bot: &Bot, app: &App, user: dereja_domain::UserId, chat: i64) -> bool {
    if app.config.admins.contains(&user) {
        return true;
    }
    match bot.get_chat_administrators(ChatId(chat)).await {
        Ok(admins) => admins.iter().any(|m| m.user.id.0 as i64 == user.0),
        Err(e) => {
            tracing::warn!(error = %e, chat, "could not check the group's administrators");
            false
        }
    }
}

/// Runs a command; a refusal is explained to the user and `None` returned.
pub async fn run(
    bot: &Bot,
    app: &App,
    reader: &Reader,
    order: OrderId,
    actor: Actor,
    command: Command,
) -> anyhow::Result<Option<dereja_domain::Outcome>> {
    match app.orders.execute(order, actor, command).await {
        Ok(outcome) => Ok(Some(outcome)),
        Err(e) => match views::explain(&e) {
            Some(text) => {
                reader.say(bot, &text).await?;
                Ok(None)
            }
            None => Err(e.into()),
        },
    }
}

/// Shows an invitation to someone who opened its link.
pub async fn show_invitation(bot: &Bot, app: &App, reader: &Reader, token: &str) -> HandlerResult {
    let Some(order) = app.orders.by_invitation(token).await? else {
        reader
            .say(bot, &Text::new("error-invitation-unknown"))
            .await?;
        return Ok(());
    };
    let summary = views::order_summary(&order, reader.lang(), reader.tz());
    if order.role_of(reader.user.id).is_some() {
        reader.send(bot, summary, None).await?;
        return Ok(());
    }
    let free_role = if order.buyer.is_none() {
        Role::Buyer
    } else {
        Role::Seller
    };
    if order.buyer.is_some() && order.seller.is_some() {
        reader.say(bot, &Text::new("error-order-full")).await?;
        return Ok(());
    }
    let invitation =
        reader.render(&Text::new("invitation").arg("role", views::role_name(free_role)));
    // Who is asking: their record, before anyone agrees to anything.
    let creator = match order.party(order.created_by) {
        Some(user) => app.orders.profile(user).await?,
        None => None,
    };
    let creator = creator.map_or(String::new(), |p| {
        let text = Text::new("dossier-party")
            .arg("role", views::role_name(order.created_by))
            .arg("profile", super::disputes::profile_text(&p));
        format!("{}\n\n", reader.render(&text))
    });
    let join = super::notices::Button::callback("button-join", Callback::Join(order.id));
    let buttons = keyboard(&[vec![join]], reader.lang());
    reader
        .send(
            bot,
            format!("{invitation}\n\n{creator}{summary}"),
            Some(buttons),
        )
        .await?;
    Ok(())
}

/// `/order <id>` and the "show order" button: the order with the buttons that fit the viewer's next step.
pub async fn show_order(bot: &Bot, app: &App, reader: &Reader, id: OrderId) -> HandlerResult {
    let order = match app.orders.get(id).await {
        Ok(o) => o,
        Err(ServiceError::NotFound(_)) => {
            reader.say(bot, &Text::new("error-not-found")).await?;
            return Ok(());
        }
        Err(e) => return Err(e.into()),
    };
    let role = order.role_of(reader.user.id);
    if role.is_none() && !is_admin(bot, app, reader.user.id, &order).await {
        reader.say(bot, &Text::new("error-not-found")).await?;
        return Ok(());
    }
    let summary = views::order_summary(&order, reader.lang(), reader.tz());
    let mut rows = Vec::new();
    if let (Some(role), Some(m)) = (role, order.current_milestone()) {
        let seq = m.seq;
        let b = |label: &str, cb: Callback| super::notices::Button::callback(label, cb);
        match (role, m.status.kind()) {
            (Role::Buyer, StatusKind::AwaitingFunding) => {
                rows.extend(funding_buttons(&order, seq, app.orders.audience()))
            }
            (Role::Seller, StatusKind::InProgress | StatusKind::RevisionRequested) => {
                rows.push(vec![b(
                    "button-deliver",
                    Callback::StartDelivery(order.id, seq),
                )]);
            }
            (Role::Buyer, StatusKind::Delivered) => rows.push(vec![
                b("button-approve", Callback::Approve(order.id, seq)),
                b(
                    "button-request-revision",
                    Callback::RequestRevision(order.id, seq),
                ),
            ]),
            (r, StatusKind::Proposed) if r != m.proposed_by => {
                rows.extend(proposal_buttons(&order, seq))
            }
            _ => {}
        }
        match m.status.kind() {
            StatusKind::Proposed | StatusKind::ChangesRequested | StatusKind::AwaitingFunding => {
                rows.push(vec![
                    b("button-cancel-milestone", Callback::Cancel(order.id, seq)),
                    b("button-cancel-order", Callback::CancelOrder(order.id)),
                ]);
            }
            StatusKind::Funded
            | StatusKind::InProgress
            | StatusKind::Delivered
            | StatusKind::RevisionRequested => {
                rows.push(vec![
                    b(
                        "button-request-cancellation",
                        Callback::RequestCancellation(order.id, seq),
                    ),
                    b("button-open-dispute", Callback::OpenDispute(order.id, seq)),
                ]);
            }
            StatusKind::Disputed => {
                if let dereja_domain::Status::Disputed { opened_by, .. } = m.status
                    && opened_by == role
                {
                    rows.push(vec![b(
                        "button-withdraw-dispute",
                        Callback::WithdrawDispute(order.id, seq),
                    )]);
                }
            }
            _ => {}
        }
    }
    // An admin looking at a disputed order gets the decision buttons.
    if role.is_none()
        && let Some(m) = order
            .current_milestone()
            .filter(|m| m.status.kind() == StatusKind::Disputed)
    {
        rows.extend(super::disputes::admin_buttons(&order, m.seq));
    }
    if let Some(role) = role
        && order.party(role.other()).is_some()
    {
        rows.push(vec![super::notices::Button::callback(
            "button-show-profile",
            Callback::ShowProfile(order.id),
        )]);
    }
    if let Some(role) = role
        && order.party(role.other()).is_some()
    {
        rows.push(vec![super::notices::Button::callback(
            "button-chat",
            Callback::Chat(order.id),
        )]);
    }
    if role.is_some() && order.milestones.len() < Order::MAX_MILESTONES {
        rows.push(vec![super::notices::Button::callback(
            "button-propose",
            Callback::Propose(order.id),
        )]);
    }
    let buttons = (!rows.is_empty()).then(|| keyboard(&rows, reader.lang()));
    reader.send(bot, summary, buttons).await?;
    Ok(())
}

/// A button press being answered.
struct Press<'a> {
    bot: &'a Bot,
    app: &'a App,
    reader: &'a Reader,
    query: &'a CallbackQuery,
}

impl Press<'_> {
    /// Runs the command the button stands for: on success the pressed message loses its buttons and `done`, if
    /// given, confirms it; a refusal is explained to the presser.
    async fn run(
        &self,
        order: OrderId,
        actor: Actor,
        command: Command,
        done: Option<Text>,
    ) -> HandlerResult {
        if run(self.bot, self.app, self.reader, order, actor, command)
            .await?
            .is_some()
        {
            match done {
                Some(text) => self.confirm_in_place(&text).await?,
                None => clear_buttons(self.bot, self.query).await,
            }
        }
        Ok(())
    }

    /// Shows the outcome on the pressed message itself (its text, then the confirmation; the buttons go), which
    /// keeps a phone's chat short. Where that is not possible (a group's message, a very long text), the buttons
    /// go and the confirmation comes as a new message.
    async fn confirm_in_place(&self, text: &Text) -> HandlerResult {
        let confirmation = self.reader.render(text);
        let pressed = self
            .query
            .message
            .as_ref()
            .and_then(|m| m.regular_message())
            .filter(|m| m.chat.id == self.reader.chat)
            .and_then(|m| m.text().map(|t| (m.id, format!("{t}\n\n{confirmation}"))))
            .filter(|(_, updated)| updated.chars().count() <= 4096);
        if let Some((id, updated)) = pressed
            && retrying(self.bot.edit_message_text(self.reader.chat, id, updated))
                .await
                .is_ok()
        {
            return Ok(());
        }
        clear_buttons(self.bot, self.query).await;
        self.reader.send(self.bot, confirmation, None).await?;
        Ok(())
    }
}

/// Removes the buttons of the message that was pressed, so it cannot be pressed twice.
pub async fn clear_buttons(bot: &Bot, query: &CallbackQuery) {
    if let Some(message) = &query.message
        && let Err(e) = bot
            .edit_message_reply_markup(message.chat().id, message.id())
            .reply_markup(InlineKeyboardMarkup::default())
            .await
    {
        tracing::debug!(error = %e, "could not remove the buttons of a pressed message");
    }
}

pub async fn receive_callback(
    bot: Bot,
    query: CallbackQuery,
    app: App,
    dialogue: Dialog,
) -> HandlerResult {
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
    let chat = query
        .message
        .as_ref()
        .map_or(ChatId(query.from.id.0 as i64), |m| m.chat().id);
    let result = async {
        if let Callback::SetLanguage(language) = callback {
            return super::handlers::set_language(&bot, &app, &query, language).await;
        }
        let (user, _) = known_user(&app, &query.from).await?;
        // Answers go to the presser's private chat: group buttons must not start conversations in the group.
        let reader = Reader::private(user);
        bot.answer_callback_query(query.id.clone()).await?;
        on_callback(&bot, &app, &reader, &dialogue, &query, callback).await
    }
    .await;
    apologize_on_error(&bot, chat, lang, result).await
}

async fn on_callback(
    bot: &Bot,
    app: &App,
    reader: &Reader,
    dialogue: &Dialog,
    query: &CallbackQuery,
    callback: Callback,
) -> HandlerResult {
    use Callback::*;
    let state = dialogue.state().await?;
    let user = reader.actor(false);
    let press = Press {
        bot,
        app,
        reader,
        query,
    };
    match callback {
        SetLanguage(_) => {}
        ChooseRole(role) => {
            if let State::ChoosingRole { group } = state {
                clear_buttons(bot, query).await;
                neworder::choose_role(bot, reader, dialogue, role, group).await?;
            } else {
                reader.say(bot, &Text::new("button-stale")).await?;
            }
        }
        AddMilestone | FinishMilestones | ConfirmOrder | EditMilestones | EditMilestone(_) => {
            clear_buttons(bot, query).await;
            match (callback, state) {
                (AddMilestone, State::MoreMilestones { order }) => {
                    neworder::add_milestone(bot, reader, dialogue, order).await?
                }
                (FinishMilestones, State::MoreMilestones { order }) => {
                    neworder::finish_milestones(bot, reader, dialogue, order).await?
                }
                (ConfirmOrder, State::Confirming { order }) => {
                    neworder::confirm_order(bot, app, reader, dialogue, order).await?
                }
                (EditMilestones, State::Confirming { order }) => {
                    neworder::choose_milestone_to_edit(bot, reader, &order).await?
                }
                (EditMilestone(i), State::Confirming { order }) => {
                    neworder::edit_milestone(bot, reader, dialogue, order, i).await?
                }
                _ => {
                    reader.say(bot, &Text::new("button-stale")).await?;
                }
            }
        }
        UseTemplate(choice) => {
            clear_buttons(bot, query).await;
            if let State::ChoosingTemplate { order } = state {
                neworder::use_template(bot, app, reader, dialogue, order, choice).await?;
            } else {
                reader.say(bot, &Text::new("button-stale")).await?;
            }
        }
        TickItem(order, seq, item) => {
            let command = Command::TickItem { seq, item };
            if let Some(outcome) = run(bot, app, reader, order, user, command).await?
                && let Some(message) = &query.message
            {
                let buttons = super::notices::review_buttons(&outcome.order, seq);
                let request = bot
                    .edit_message_reply_markup(message.chat().id, message.id())
                    .reply_markup(keyboard(&buttons, reader.lang()));
                if let Err(e) = request.await {
                    tracing::debug!(error = %e, "could not show a ticked item");
                }
            }
        }
        Chat(order) => super::chat::start(bot, app, reader, dialogue, order).await?,
        LeaveChat => {
            clear_buttons(bot, query).await;
            super::chat::leave(bot, reader, dialogue).await?;
        }
        PostProgress(order, seq) => {
            super::progress::start(bot, app, reader, dialogue, order, seq).await?
        }
        KeepDeadline => {
            clear_buttons(bot, query).await;
            if let State::ConfirmingDeadline {
                order,
                title,
                deliverables,
                deadline,
            } = state
            {
                neworder::keep_deadline(
                    bot,
                    app,
                    reader,
                    dialogue,
                    order,
                    title,
                    deliverables,
                    deadline,
                )
                .await?;
            } else {
                reader.say(bot, &Text::new("button-stale")).await?;
            }
        }
        CancelDialogue => {
            clear_buttons(bot, query).await;
            dialogue.clear().await?;
            reader.say(bot, &Text::new("dialogue-cancelled")).await?;
        }
        Join(order) => {
            if let Some(outcome) = run(bot, app, reader, order, user, Command::Join).await? {
                clear_buttons(bot, query).await;
                reader
                    .say(bot, &Text::new("joined").arg("id", order.0))
                    .await?;
                // The proposals now wait for this user's answer, one message each.
                for m in outcome
                    .order
                    .milestones
                    .iter()
                    .filter(|m| m.status.kind() == StatusKind::Proposed)
                {
                    let text = views::milestone_lines(m, reader.lang(), reader.tz());
                    let buttons = keyboard(&proposal_buttons(&outcome.order, m.seq), reader.lang());
                    reader.send(bot, text, Some(buttons)).await?;
                }
            }
        }
        Accept(order, seq) => {
            press
                .run(
                    order,
                    user,
                    Command::Accept { seq },
                    Some(Text::new("done-accepted").arg("seq", i64::from(seq))),
                )
                .await?;
        }
        Decline(order, seq) => {
            press
                .run(
                    order,
                    user,
                    Command::Decline { seq, reason: None },
                    Some(Text::new("done-declined").arg("seq", i64::from(seq))),
                )
                .await?;
        }
        RequestChanges(order, seq) => {
            dialogue.save(State::ChangesNote { order, seq }).await?;
            reader.say(bot, &Text::new("prompt-changes-note")).await?;
        }
        PayByTelegram(order, seq) => payments::send_invoice(bot, app, reader, order, seq).await?,
        PayByTransfer(order, seq) => {
            dialogue
                .save(State::PaymentReference { order, seq })
                .await?;
            reader
                .say(bot, &Text::new("prompt-payment-reference"))
                .await?;
        }
        ConfirmPayment(order, seq) | RejectPayment(order, seq) => {
            let loaded = app.orders.get(order).await?;
            let admin = is_admin(bot, app, reader.user.id, &loaded).await;
            let command = match callback {
                ConfirmPayment(..) => Command::ConfirmPayment { seq },
                _ => Command::RejectPayment {
                    seq,
                    reason: Note::new("rejected by an admin").map_err(anyhow::Error::from)?,
                },
            };
            press
                .run(
                    order,
                    reader.actor(admin),
                    command,
                    Some(Text::new("done-payment-decided")),
                )
                .await?;
        }
        StartDelivery(order, seq) => {
            super::delivery::start(bot, app, reader, dialogue, order, seq).await?
        }
        SubmitDelivery(order, seq) => {
            let State::Delivering {
                order: o,
                seq: s,
                text,
                attachments,
            } = state
            else {
                reader.say(bot, &Text::new("button-stale")).await?;
                return Ok(());
            };
            if (o, s) != (order, seq) {
                reader.say(bot, &Text::new("button-stale")).await?;
                return Ok(());
            }
            let joined = text.join("\n\n");
            let delivery = match Delivery::new(Some(&joined), attachments) {
                Ok(d) => d,
                Err(e) => {
                    reader.say(bot, &views::explain_terms(&e)).await?;
                    return Ok(());
                }
            };
            if run(
                bot,
                app,
                reader,
                order,
                user,
                Command::Deliver { seq, delivery },
            )
            .await?
            .is_some()
            {
                dialogue.clear().await?;
                clear_buttons(bot, query).await;
            }
        }
        Approve(order, seq) => {
            // Approval releases money for good: the buyer sees exactly what and to whom, and confirms.
            let loaded = app.orders.get(order).await?;
            if let Err(e) = loaded.handle(Command::Approve { seq }, &dry_run_context(app, reader)) {
                reader.say(bot, &views::explain_domain(&e)).await?;
                return Ok(());
            }
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
                super::notices::Button::callback(
                    "button-release-confirm",
                    ConfirmApprove(order, seq),
                ),
                super::notices::Button::callback(
                    "button-keep-reviewing",
                    KeepReviewing(order, seq),
                ),
            ]];
            reader
                .say_with(bot, &text, keyboard(&rows, reader.lang()))
                .await?;
        }
        ConfirmApprove(order, seq) => {
            press
                .run(order, user, Command::Approve { seq }, None)
                .await?;
        }
        KeepReviewing(..) => {
            clear_buttons(bot, query).await;
            reader.say(bot, &Text::new("done-keep-reviewing")).await?;
        }
        RequestRevision(order, seq) => {
            // Ask the rules first, so feedback is not typed for a revision that cannot be had.
            let loaded = app.orders.get(order).await?;
            let probe = Command::RequestRevision {
                seq,
                feedback: Note::new("probe").map_err(anyhow::Error::from)?,
            };
            match loaded.handle(probe, &dry_run_context(app, reader)) {
                Err(DomainError::RevisionsExhausted { included }) => {
                    let text =
                        Text::new("error-revisions-exhausted").arg("included", i64::from(included));
                    let ask = super::notices::Button::callback(
                        "button-ask-extra-revision",
                        AskExtraRevision(order, seq),
                    );
                    reader
                        .say_with(bot, &text, keyboard(&[vec![ask]], reader.lang()))
                        .await?;
                }
                Err(e) => {
                    reader.say(bot, &views::explain_domain(&e)).await?;
                }
                Ok(_) => {
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
                        let items = super::notices::bullets(&unticked);
                        Text::new("prompt-revision-feedback-items").arg("items", items)
                    };
                    reader.say(bot, &prompt).await?;
                }
            }
        }
        ExtendDeadline(order, seq) | OpenDispute(order, seq) => {
            // Ask the rules first (only the buyer extends, only a party disputes, and only running work), so
            // nothing is typed for a step that cannot be taken.
            let loaded = app.orders.get(order).await?;
            let probe = match callback {
                ExtendDeadline(..) => Command::ExtendDeadline {
                    seq,
                    due_at: app.clock.now() + chrono::Duration::days(365),
                },
                _ => Command::OpenDispute {
                    seq,
                    reason: Note::new("probe").map_err(anyhow::Error::from)?,
                },
            };
            match loaded.handle(probe, &dry_run_context(app, reader)) {
                Err(e) => {
                    reader.say(bot, &views::explain_domain(&e)).await?;
                }
                Ok(_) => {
                    clear_buttons(bot, query).await;
                    let (state, prompt) = match callback {
                        ExtendDeadline(..) => {
                            (State::NewDeadline { order, seq }, "prompt-new-deadline")
                        }
                        _ => (State::DisputeReason { order, seq }, "prompt-dispute-reason"),
                    };
                    dialogue.save(state).await?;
                    reader.say(bot, &Text::new(prompt)).await?;
                }
            }
        }
        SkipNote => {
            clear_buttons(bot, query).await;
            match state {
                State::ResolutionNote {
                    order,
                    seq,
                    resolution,
                } => {
                    super::dispute_flow::resolve(
                        bot, app, reader, dialogue, order, seq, resolution, None,
                    )
                    .await?
                }
                State::ReviewText { .. } => {
                    dialogue.clear().await?;
                    reader.say(bot, &Text::new("done-review-saved")).await?;
                }
                _ => {
                    reader.say(bot, &Text::new("button-stale")).await?;
                }
            }
        }
        RateMilestone(order, seq, n) => {
            let stars = Stars::new(n).map_err(anyhow::Error::from)?;
            match app
                .orders
                .review_milestone(order, seq, reader.user.id, stars)
                .await
            {
                Ok(_) => {
                    clear_buttons(bot, query).await;
                    ask_review_text(bot, reader, dialogue, order, Some(seq), n).await?;
                }
                Err(e) => match views::explain(&e) {
                    Some(text) => {
                        reader.say(bot, &text).await?;
                    }
                    None => return Err(e.into()),
                },
            }
        }
        Resolve(..) | AskParty(..) | ShowDispute(..) | WithdrawDispute(..) | DisputeReply(..)
        | EvidenceDone => {
            super::dispute_flow::on_callback(bot, app, reader, dialogue, query, callback, state)
                .await?;
        }
        ShowProfile(order) => {
            let loaded = app.orders.get(order).await?;
            match loaded
                .role_of(reader.user.id)
                .and_then(|role| loaded.party(role.other()))
            {
                Some(other) => super::records::show_profile(bot, app, reader, other).await?,
                None => {
                    reader.say(bot, &Text::new("profile-unknown")).await?;
                }
            }
        }
        ChoosePayout(_) | PayWithdrawal(_) | RejectWithdrawal(_) | ConfirmWithdraw => {
            super::withdrawals::on_callback(bot, app, reader, dialogue, query, callback).await?;
        }
        KeepWaiting(order, seq) => {
            // Only a party of the order gets an answer; nothing changes either way.
            let loaded = app.orders.get(order).await?;
            if loaded.role_of(reader.user.id).is_some() && loaded.milestone(seq).is_some() {
                clear_buttons(bot, query).await;
                reader.say(bot, &Text::new("done-keep-waiting")).await?;
            } else {
                reader
                    .say(bot, &Text::new("error-not-allowed").arg("who", "party"))
                    .await?;
            }
        }
        AskExtraRevision(order, seq) => {
            press
                .run(
                    order,
                    user,
                    Command::AskExtraRevision { seq },
                    Some(Text::new("done-sent")),
                )
                .await?;
        }
        GrantRevision(order, seq) => {
            press
                .run(
                    order,
                    user,
                    Command::GrantRevision { seq },
                    Some(Text::new("done-sent")),
                )
                .await?;
        }
        Cancel(order, seq) => {
            press
                .run(order, user, Command::Cancel { seq }, None)
                .await?;
        }
        RequestCancellation(order, seq) => {
            press
                .run(
                    order,
                    user,
                    Command::RequestCancellation { seq },
                    Some(Text::new("done-cancellation-requested")),
                )
                .await?;
        }
        AnswerCancellation(order, seq, agree) => {
            press
                .run(
                    order,
                    user,
                    Command::AnswerCancellation { seq, agree },
                    None,
                )
                .await?;
        }
        ShowOrder(order) => show_order(bot, app, reader, order).await?,
        Propose(order) => neworder::propose(bot, app, reader, dialogue, order).await?,
        Rate(order, n) => {
            let stars = Stars::new(n).map_err(anyhow::Error::from)?;
            match app.orders.review(order, reader.user.id, stars).await {
                Ok(_) => {
                    clear_buttons(bot, query).await;
                    ask_review_text(bot, reader, dialogue, order, None, n).await?;
                }
                Err(e) => match views::explain(&e) {
                    Some(text) => {
                        reader.say(bot, &text).await?;
                    }
                    None => return Err(e.into()),
                },
            }
        }
        CancelOrder(order) => {
            press.run(order, user, Command::CancelOrder, None).await?;
        }
    }
    Ok(())
}

/// Thanks for the stars, and the invitation to add a few words.
async fn ask_review_text(
    bot: &Bot,
    reader: &Reader,
    dialogue: &Dialog,
    order: OrderId,
    seq: Option<u16>,
    stars: u8,
) -> HandlerResult {
    dialogue.save(State::ReviewText { order, seq }).await?;
    let skip = super::notices::Button::callback("button-skip", Callback::SkipNote);
    let text = Text::new("done-reviewed").arg("stars", i64::from(stars));
    reader
        .say_with(bot, &text, keyboard(&[vec![skip]], reader.lang()))
        .await?;
    Ok(())
}

/// The context for asking the rules about a step without doing it.
pub fn dry_run_context(app: &App, reader: &Reader) -> dereja_domain::Context {
    dereja_domain::Context {
        actor: reader.actor(false),
        now: app.clock.now(),
        policy: app.config.policy(),
    }
}
