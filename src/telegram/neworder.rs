//! The new-order dialogue: role, order title, then milestones one by one (title, deliverables, deadline, amount,
//! revisions), a summary to confirm, and the invitation link for the other party.

use super::callback::Callback;
use super::dialogue::{Dialog, DialogExt, GroupBinding, OrderInput, State};
use super::handlers::{
    HandlerResult, Reader, continue_in_private, for_sender, known_user, retrying,
};
use super::views;
use crate::app::App;
use crate::i18n::Text;
use dereja_domain::{
    Deadline, DeadlineDoubt, DeadlineReading, Deliverables, MilestoneTerms, Money, Order,
    OrderDraft, Origin, RevisionCount, Role, Title, parse_amount, parse_deadline,
};
use std::sync::Arc;
use teloxide::dispatching::dialogue::ErasedStorage;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

fn button(reader: &Reader, label: &str, callback: Callback) -> InlineKeyboardButton {
    InlineKeyboardButton::callback(reader.render(&Text::new(label)), callback.to_string())
}

/// The text of a message, or a polite request for one.
async fn text_of(bot: &Bot, reader: &Reader, msg: &Message) -> anyhow::Result<Option<String>> {
    match msg.text() {
        Some(t) => Ok(Some(t.to_string())),
        None => {
            reader.say(bot, &Text::new("error-text-expected")).await?;
            Ok(None)
        }
    }
}

pub async fn receive_neworder(
    bot: Bot,
    msg: Message,
    app: App,
    dialogue: Dialog,
    storage: Arc<ErasedStorage<State>>,
) -> HandlerResult {
    for_sender(&bot, &msg, &app, |bot, r, msg, app| async move {
        if msg.chat.is_private() {
            return begin(&bot, &r, &dialogue, None).await;
        }
        // In a group: the order is with the author of the message this command replies to.
        let invitee = msg
            .reply_to_message()
            .and_then(|m| m.from.clone())
            .filter(|u| !u.is_bot && u.id.0 as i64 != r.user.id.0);
        let Some(invitee) = invitee else {
            r.send(&bot, r.render(&Text::new("neworder-reply-hint")), None)
                .await?;
            return Ok(());
        };
        let (invitee, _) = known_user(&app, &invitee).await?;
        let group = GroupBinding {
            chat_id: msg.chat.id.0,
            invitee: invitee.id,
        };
        // The rest happens in the creator's private chat, whose dialogue starts here.
        storage
            .update_dialogue(
                ChatId(r.user.id.0),
                State::ChoosingRole { group: Some(group) },
            )
            .await
            .map_err(|e| anyhow::anyhow!(e))?;
        let link = format!("https://t.me/{}?start=neworder", app.bot_username);
        let text = Text::new("neworder-in-private").arg("name", invitee.name.clone());
        r.say_with(&bot, &text, continue_in_private(&r, &link))
            .await?;
        Ok(())
    })
    .await
}

/// The first question of a new order: which side the creator is on.
pub async fn begin(
    bot: &Bot,
    reader: &Reader,
    dialogue: &Dialog,
    group: Option<GroupBinding>,
) -> HandlerResult {
    dialogue.save(State::ChoosingRole { group }).await?;
    let keyboard = InlineKeyboardMarkup::new([[
        button(
            reader,
            "button-i-am-buyer",
            Callback::ChooseRole(Role::Buyer),
        ),
        button(
            reader,
            "button-i-am-seller",
            Callback::ChooseRole(Role::Seller),
        ),
    ]]);
    reader
        .say_with(bot, &Text::new("neworder-role"), keyboard)
        .await?;
    Ok(())
}

/// After the role button.
pub async fn choose_role(
    bot: &Bot,
    reader: &Reader,
    dialogue: &Dialog,
    role: Role,
    group: Option<GroupBinding>,
) -> HandlerResult {
    dialogue.save(State::OrderTitle { role, group }).await?;
    reader.say(bot, &Text::new("neworder-title")).await?;
    Ok(())
}

pub async fn receive_order_title(
    bot: Bot,
    msg: Message,
    app: App,
    dialogue: Dialog,
    (role, group): (Role, Option<GroupBinding>),
) -> HandlerResult {
    for_sender(&bot, &msg, &app, |bot, r, msg, app| async move {
        let Some(text) = text_of(&bot, &r, &msg).await? else {
            return Ok(());
        };
        match Title::new(&text) {
            Err(e) => {
                r.say(&bot, &views::explain_terms(&e)).await?;
            }
            Ok(title) => {
                let order = OrderInput {
                    role,
                    title: title.as_str().to_string(),
                    milestones: Vec::new(),
                    group,
                    upsell: None,
                    editing: None,
                    phases: Vec::new(),
                };
                ask_template(&bot, &app, &r, &dialogue, order).await?;
            }
        }
        Ok(())
    })
    .await
}

/// Phase templates (app development, logo, ...) or a blank order: a template fills in each milestone's title and
/// checklist, so only its deadline, amount and revisions are asked.
async fn ask_template(
    bot: &Bot,
    app: &App,
    reader: &Reader,
    dialogue: &Dialog,
    order: OrderInput,
) -> HandlerResult {
    let templates = app.config.templates.all();
    if templates.is_empty() {
        return ask_milestone_title(bot, reader, dialogue, order).await;
    }
    let mut rows: Vec<Vec<InlineKeyboardButton>> = templates
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            let i = u8::try_from(i).ok()?;
            let data = Callback::UseTemplate(Some(i)).to_string();
            Some(vec![InlineKeyboardButton::callback(
                t.name(reader.lang()),
                data,
            )])
        })
        .collect();
    rows.push(vec![button(
        reader,
        "button-blank-order",
        Callback::UseTemplate(None),
    )]);
    dialogue.save(State::ChoosingTemplate { order }).await?;
    reader
        .say_with(
            bot,
            &Text::new("neworder-template"),
            InlineKeyboardMarkup::new(rows),
        )
        .await?;
    Ok(())
}

/// A template button (or "Start blank").
pub async fn use_template(
    bot: &Bot,
    app: &App,
    reader: &Reader,
    dialogue: &Dialog,
    mut order: OrderInput,
    choice: Option<u8>,
) -> HandlerResult {
    if let Some(i) = choice {
        let Some(template) = app.config.templates.all().get(usize::from(i)) else {
            reader.say(bot, &Text::new("button-stale")).await?;
            return Ok(());
        };
        order.phases = template.phases(reader.lang());
    }
    ask_milestone_title(bot, reader, dialogue, order).await
}

/// Text instead of a template button: the question again.
pub async fn receive_template_text(
    bot: Bot,
    msg: Message,
    app: App,
    dialogue: Dialog,
    order: OrderInput,
) -> HandlerResult {
    for_sender(&bot, &msg, &app, |bot, r, _msg, app| async move {
        ask_template(&bot, &app, &r, &dialogue, order).await
    })
    .await
}

async fn ask_milestone_title(
    bot: &Bot,
    reader: &Reader,
    dialogue: &Dialog,
    order: OrderInput,
) -> HandlerResult {
    let seq = order.editing.map_or(order.milestones.len(), usize::from) as i64 + 1;
    if order.editing.is_none() && !order.phases.is_empty() {
        // The template's next phase: its title and checklist are given, the deadline is asked.
        let mut order = order;
        let (title, deliverables) = order.phases.remove(0);
        let text = Text::new("neworder-template-phase")
            .arg("seq", seq)
            .arg("title", title.clone())
            .arg("deliverables", deliverables.clone());
        dialogue
            .save(State::MilestoneDeadline {
                order,
                title,
                deliverables,
            })
            .await?;
        reader.say(bot, &text).await?;
        reader.say(bot, &Text::new("neworder-deadline")).await?;
        return Ok(());
    }
    dialogue.save(State::MilestoneTitle { order }).await?;
    reader
        .say(bot, &Text::new("neworder-milestone-title").arg("seq", seq))
        .await?;
    Ok(())
}

pub async fn receive_milestone_title(
    bot: Bot,
    msg: Message,
    app: App,
    dialogue: Dialog,
    order: OrderInput,
) -> HandlerResult {
    for_sender(&bot, &msg, &app, |bot, r, msg, _app| async move {
        let Some(text) = text_of(&bot, &r, &msg).await? else {
            return Ok(());
        };
        match Title::new(&text) {
            Err(e) => {
                r.say(&bot, &views::explain_terms(&e)).await?;
            }
            Ok(title) => {
                let title = title.as_str().to_string();
                dialogue
                    .save(State::MilestoneDeliverables {
                        order,
                        title,
                        warned: false,
                    })
                    .await?;
                r.say(&bot, &Text::new("neworder-deliverables")).await?;
            }
        }
        Ok(())
    })
    .await
}

pub async fn receive_deliverables(
    bot: Bot,
    msg: Message,
    app: App,
    dialogue: Dialog,
    (order, title, warned): (OrderInput, String, bool),
) -> HandlerResult {
    for_sender(&bot, &msg, &app, |bot, r, msg, _app| async move {
        let Some(text) = text_of(&bot, &r, &msg).await? else {
            return Ok(());
        };
        match Deliverables::new(&text) {
            Err(e) => {
                r.say(&bot, &views::explain_terms(&e)).await?;
            }
            // Asked once with examples; an insisting user is taken at their word.
            Ok(d) if d.is_vague() && !warned => {
                dialogue
                    .save(State::MilestoneDeliverables {
                        order,
                        title,
                        warned: true,
                    })
                    .await?;
                r.say(&bot, &Text::new("neworder-deliverables-vague"))
                    .await?;
            }
            Ok(d) => {
                let deliverables = d.as_str().to_string();
                dialogue
                    .save(State::MilestoneDeadline {
                        order,
                        title,
                        deliverables,
                    })
                    .await?;
                r.say(&bot, &Text::new("neworder-deadline")).await?;
            }
        }
        Ok(())
    })
    .await
}

pub async fn receive_deadline(
    bot: Bot,
    msg: Message,
    app: App,
    dialogue: Dialog,
    (order, title, deliverables): (OrderInput, String, String),
) -> HandlerResult {
    read_deadline(bot, msg, app, dialogue, order, title, deliverables, None).await
}

/// A new answer while a questioned deadline waits for confirmation: read afresh, and kept without another
/// question when it is the same deadline again (the user insists).
pub async fn receive_deadline_again(
    bot: Bot,
    msg: Message,
    app: App,
    dialogue: Dialog,
    (order, title, deliverables, questioned): (OrderInput, String, String, Deadline),
) -> HandlerResult {
    let questioned = Some(questioned);
    read_deadline(
        bot,
        msg,
        app,
        dialogue,
        order,
        title,
        deliverables,
        questioned,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn read_deadline(
    bot: Bot,
    msg: Message,
    app: App,
    dialogue: Dialog,
    order: OrderInput,
    title: String,
    deliverables: String,
    questioned: Option<Deadline>,
) -> HandlerResult {
    let now = app.clock.now();
    for_sender(&bot, &msg, &app, |bot, r, msg, app| async move {
        let Some(text) = text_of(&bot, &r, &msg).await? else {
            return Ok(());
        };
        let reading = match parse_deadline(&text, now, r.tz().tz()) {
            Ok(reading) => reading,
            Err(e) => {
                r.say(&bot, &views::explain_terms(&e)).await?;
                return Ok(());
            }
        };
        let deadline = reading.deadline();
        // The milestones before this one (all of them, unless one is being redone).
        let earlier: Vec<_> = order
            .milestones
            .iter()
            .take(order.editing.map_or(order.milestones.len(), usize::from))
            .map(|m| m.deadline)
            .collect();
        let doubt = dereja_domain::doubt(&deadline, &earlier, now);
        let question = match (reading, doubt) {
            _ if questioned == Some(deadline) => None,
            (DeadlineReading::Certain(_), None) => None,
            (_, Some(doubt)) => {
                let reason = match doubt {
                    DeadlineDoubt::Short => "short",
                    DeadlineDoubt::BeforePrevious => "before-previous",
                };
                Some(Text::new("neworder-deadline-doubt").arg("reason", reason))
            }
            (DeadlineReading::Confirm(_), None) => Some(Text::new("neworder-deadline-confirm")),
        };
        let Some(question) = question else {
            keep_deadline(
                &bot,
                &app,
                &r,
                &dialogue,
                order,
                title,
                deliverables,
                deadline,
            )
            .await?;
            return Ok(());
        };
        dialogue
            .save(State::ConfirmingDeadline {
                order,
                title,
                deliverables,
                deadline,
            })
            .await?;
        let question = match deadline {
            Deadline::At { at } => question.arg("at", at),
            Deadline::AfterActivation { .. } => {
                question.arg("at", views::deadline_text(&deadline, r.lang(), r.tz()))
            }
        };
        let keyboard = InlineKeyboardMarkup::new([[button(
            &r,
            "button-deadline-yes",
            Callback::KeepDeadline,
        )]]);
        r.say_with(&bot, &question, keyboard).await?;
        Ok(())
    })
    .await
}

/// Stores the milestone's deadline and asks for its amount.
#[allow(clippy::too_many_arguments)]
pub async fn keep_deadline(
    bot: &Bot,
    app: &App,
    r: &Reader,
    dialogue: &Dialog,
    order: OrderInput,
    title: String,
    deliverables: String,
    deadline: Deadline,
) -> anyhow::Result<()> {
    dialogue
        .save(State::MilestoneAmount {
            order,
            title,
            deliverables,
            deadline,
        })
        .await?;
    let currency = app.config.currency;
    r.say(
        bot,
        &Text::new("neworder-amount").arg("currency", currency.code()),
    )
    .await?;
    Ok(())
}

pub async fn receive_amount(
    bot: Bot,
    msg: Message,
    app: App,
    dialogue: Dialog,
    (order, title, deliverables, deadline): (OrderInput, String, String, Deadline),
) -> HandlerResult {
    let currency = app.config.currency;
    for_sender(&bot, &msg, &app, |bot, r, msg, _app| async move {
        let Some(text) = text_of(&bot, &r, &msg).await? else {
            return Ok(());
        };
        match parse_amount(&text, currency) {
            Err(e) => {
                r.say(&bot, &views::explain_amount(&e)).await?;
            }
            Ok(amount) if amount.currency() != currency => {
                r.say(
                    &bot,
                    &Text::new("error-currency").arg("currency", currency.code()),
                )
                .await?;
            }
            Ok(amount) => {
                dialogue
                    .save(State::MilestoneRevisions {
                        order,
                        title,
                        deliverables,
                        deadline,
                        amount,
                    })
                    .await?;
                r.say(
                    &bot,
                    &Text::new("neworder-revisions").arg("max", i64::from(RevisionCount::MAX)),
                )
                .await?;
            }
        }
        Ok(())
    })
    .await
}

pub async fn receive_revisions(
    bot: Bot,
    msg: Message,
    app: App,
    dialogue: Dialog,
    (order, title, deliverables, deadline, amount): (OrderInput, String, String, Deadline, Money),
) -> HandlerResult {
    for_sender(&bot, &msg, &app, |bot, r, msg, app| async move {
        let Some(text) = text_of(&bot, &r, &msg).await? else {
            return Ok(());
        };
        let count = text
            .trim()
            .parse::<u8>()
            .ok()
            .and_then(|n| RevisionCount::new(n).ok());
        let Some(revisions) = count else {
            r.say(
                &bot,
                &Text::new("error-revisions").arg("max", i64::from(RevisionCount::MAX)),
            )
            .await?;
            return Ok(());
        };
        let (Ok(title), Ok(deliverables)) = (Title::new(&title), Deliverables::new(&deliverables))
        else {
            // Validated at their own steps; a stored dialogue from an older version may differ.
            dialogue.clear().await?;
            r.say(&bot, &Text::new("dialogue-cancelled")).await?;
            return Ok(());
        };
        let terms = MilestoneTerms {
            title,
            deliverables,
            deadline,
            amount,
            revisions,
        };
        if let Some(existing) = order.upsell {
            // An add-on to a running order: proposed at once, the other party answers it.
            dialogue.clear().await?;
            let command = dereja_domain::Command::Propose { terms };
            if super::actions::run(&bot, &app, &r, existing, r.actor(false), command)
                .await?
                .is_some()
            {
                r.say(&bot, &Text::new("done-proposed")).await?;
            }
            return Ok(());
        }
        let mut order = order;
        if let Some(i) = order.editing.take() {
            // A milestone redone from the summary: it takes its old place, and the summary comes back.
            match order.milestones.get_mut(usize::from(i)) {
                Some(slot) => *slot = terms,
                None => order.milestones.push(terms),
            }
            return finish_milestones(&bot, &r, &dialogue, order).await;
        }
        order.milestones.push(terms);
        let seq = order.milestones.len() as i64;
        if !order.phases.is_empty() {
            // More phases of the template come first.
            let text = Text::new("neworder-phase-added")
                .arg("seq", seq)
                .arg("amount", amount);
            r.say(&bot, &text).await?;
            return ask_milestone_title(&bot, &r, &dialogue, order).await;
        }
        let full = order.milestones.len() >= Order::MAX_MILESTONES;
        dialogue.save(State::MoreMilestones { order }).await?;
        let mut row = vec![button(&r, "button-done", Callback::FinishMilestones)];
        if !full {
            row.insert(
                0,
                button(&r, "button-add-milestone", Callback::AddMilestone),
            );
        }
        let text = Text::new("neworder-milestone-added")
            .arg("seq", seq)
            .arg("amount", amount);
        r.say_with(&bot, &text, InlineKeyboardMarkup::new([row]))
            .await?;
        Ok(())
    })
    .await
}

/// "Propose another milestone" on an existing order: the milestone questions, then a proposal.
pub async fn propose(
    bot: &Bot,
    app: &App,
    reader: &Reader,
    dialogue: &Dialog,
    id: dereja_domain::OrderId,
) -> HandlerResult {
    let order = app.orders.get(id).await?;
    let Some(role) = order.role_of(reader.user.id) else {
        let refusal = Text::new("error-not-allowed").arg("who", "party");
        reader.say(bot, &refusal).await?;
        return Ok(());
    };
    let input = OrderInput {
        role,
        title: order.title.as_str().to_string(),
        milestones: Vec::new(),
        group: None,
        upsell: Some(id),
        editing: None,
        phases: Vec::new(),
    };
    dialogue
        .save(State::MilestoneTitle { order: input })
        .await?;
    let seq = order.milestones.len() as i64 + 1;
    reader
        .say(bot, &Text::new("neworder-milestone-title").arg("seq", seq))
        .await?;
    Ok(())
}

/// "Add another milestone".
pub async fn add_milestone(
    bot: &Bot,
    reader: &Reader,
    dialogue: &Dialog,
    order: OrderInput,
) -> HandlerResult {
    ask_milestone_title(bot, reader, dialogue, order).await
}

/// "Done": the summary to confirm.
pub async fn finish_milestones(
    bot: &Bot,
    reader: &Reader,
    dialogue: &Dialog,
    order: OrderInput,
) -> HandlerResult {
    let lines: Vec<String> = order
        .milestones
        .iter()
        .enumerate()
        .map(|(i, m)| {
            reader.render(
                &Text::new("neworder-summary-line")
                    .arg("seq", i as i64 + 1)
                    .arg("title", m.title.as_str())
                    .arg("amount", m.amount)
                    .arg("revisions", i64::from(m.revisions.get())),
            )
        })
        .collect();
    let header = reader.render(
        &Text::new("neworder-summary")
            .arg("order", order.title.clone())
            .arg("role", views::role_name(order.role)),
    );
    dialogue.save(State::Confirming { order }).await?;
    let keyboard = InlineKeyboardMarkup::new([[
        button(reader, "button-confirm", Callback::ConfirmOrder),
        button(reader, "button-edit", Callback::EditMilestones),
        button(reader, "button-cancel", Callback::CancelDialogue),
    ]]);
    reader
        .send(
            bot,
            format!("{header}\n\n{}", lines.join("\n")),
            Some(keyboard),
        )
        .await?;
    Ok(())
}

/// "Edit" on the summary: which milestone to redo.
pub async fn choose_milestone_to_edit(
    bot: &Bot,
    reader: &Reader,
    order: &OrderInput,
) -> HandlerResult {
    let rows: Vec<Vec<InlineKeyboardButton>> = order
        .milestones
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let label = format!("{}. {}", i + 1, m.title.as_str());
            let i = u8::try_from(i).unwrap_or(u8::MAX);
            vec![InlineKeyboardButton::callback(
                label,
                Callback::EditMilestone(i).to_string(),
            )]
        })
        .collect();
    reader
        .say_with(
            bot,
            &Text::new("neworder-edit-which"),
            InlineKeyboardMarkup::new(rows),
        )
        .await?;
    Ok(())
}

/// A milestone chosen on the summary: its questions again, from the title.
pub async fn edit_milestone(
    bot: &Bot,
    reader: &Reader,
    dialogue: &Dialog,
    mut order: OrderInput,
    i: u8,
) -> HandlerResult {
    if usize::from(i) >= order.milestones.len() {
        reader.say(bot, &Text::new("button-stale")).await?;
        return Ok(());
    }
    order.editing = Some(i);
    ask_milestone_title(bot, reader, dialogue, order).await
}

/// "Confirm": the order is stored and the invitation link given.
pub async fn confirm_order(
    bot: &Bot,
    app: &App,
    reader: &Reader,
    dialogue: &Dialog,
    order: OrderInput,
) -> HandlerResult {
    let group = order.group;
    let origin = group.map_or(Origin::Private, |g| Origin::Group { chat_id: g.chat_id });
    let draft = Title::new(&order.title)
        .map_err(anyhow::Error::from)
        .and_then(|title| {
            let draft = OrderDraft::new(
                title,
                app.config.currency,
                origin,
                reader.user.id,
                order.role,
                order.milestones,
            )?;
            Ok(match group {
                Some(g) => draft.with_invitee(g.invitee)?,
                None => draft,
            })
        });
    let draft = match draft {
        Ok(d) => d,
        Err(e) => {
            tracing::warn!(error = %e, "a confirmed order draft is invalid");
            dialogue.clear().await?;
            reader.say(bot, &Text::new("dialogue-cancelled")).await?;
            return Ok(());
        }
    };
    let (created, token) = app.orders.open(draft).await?;
    dialogue.clear().await?;
    let link = format!("https://t.me/{}?start=inv_{token}", app.bot_username);
    let text = Text::new("neworder-created")
        .arg("id", created.id.0)
        .arg("order", created.title.as_str())
        .arg("other", created.created_by.other().as_str())
        .arg("link", link.clone());
    reader.say(bot, &text).await?;
    if let Some(g) = group {
        // The group sees the order and the invitation; only the invitee can join through it.
        let lang = app.users.chat_language(g.chat_id).await?;
        let text = Text::new("group-order-created")
            .arg("id", created.id.0)
            .arg("order", created.title.as_str())
            .render_for(lang, app.config.timezone);
        let mut request = bot.send_message(ChatId(g.chat_id), text);
        if let Ok(url) = link.parse() {
            let label = Text::new("button-open-invitation").render(lang);
            request =
                request.reply_markup(InlineKeyboardMarkup::new([[InlineKeyboardButton::url(
                    label, url,
                )]]));
        }
        retrying(request).await?;
    }
    Ok(())
}
