//! The new-order dialogue: role, order title, then milestones one by one (title, deliverables, deadline, amount,
//! revisions), a summary to confirm, and the invitation link for the other party.

use super::dialogue::{Dialog, DialogExt, GroupBinding, OrderInput, State};
use super::handlers::{HandlerResult, Reader, continue_in_private, known_user, paced};
use super::keyboard::{keyboard, link_button};
use super::presses::{cleared, stale};
use super::refusals::or_explain;
use crate::app::App;
use crate::i18n::{Arg, Text};
use crate::messages::Button;
use crate::messages::callback::Callback;
use crate::messages::views;
use crate::messages::{deep_link, invitation_link, share_link};
use crate::services::inbox::Inbox;
use dereja_domain::error::Who;
use dereja_domain::{
    Deadline, DeadlineDoubt, DeadlineReading, Deliverables, MilestoneTerms, Money, Order,
    OrderDraft, Origin, QuickProblem, RevisionCount, Role, Title, parse_amount, parse_deadline,
    read_quick_order,
};
use dptree::case;
use std::sync::Arc;
use teloxide::dispatching::UpdateHandler;
use teloxide::dispatching::dialogue::ErasedStorage;
use teloxide::prelude::*;
use teloxide::types::ParseMode;

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
    r: Reader,
    dialogue: Dialog,
    storage: Arc<ErasedStorage<State>>,
) -> HandlerResult {
    // A suspended person, or anyone during maintenance, hears so (in private: a suspension's reason is nobody
    // else's business) before typing a whole order.
    let private = Reader::private(&app, r.user.clone());
    if or_explain(&bot, &private, app.orders.may_start_work(r.user.id).await)
        .await?
        .is_none()
    {
        return Ok(());
    }
    if msg.chat.is_private() {
        return begin(&bot, &r, &dialogue, None).await;
    }
    // In a group: the order is with the author of the message this command replies to.
    let invitee = msg
        .reply_to_message()
        .and_then(|m| m.from.clone())
        .filter(|u| !u.is_bot && u.id.0 as i64 != r.user.id.0);
    let Some(invitee) = invitee else {
        r.send(&bot, r.html(&Text::new("neworder-reply-hint")), None)
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
        .map_err(super::dialogue::unerased)?;
    let link = deep_link(&app.bot_username, "neworder");
    let text = Text::new("neworder-in-private").arg("name", invitee.name.clone());
    r.say_with(&bot, &text, continue_in_private(&r, &link))
        .await?;
    Ok(())
}

/// The first question of a new order: which side the creator is on.
pub async fn begin(
    bot: &Bot,
    reader: &Reader,
    dialogue: &Dialog,
    group: Option<GroupBinding>,
) -> HandlerResult {
    dialogue.save(State::ChoosingRole { group }).await?;
    let row = vec![
        Button::callback("button-i-am-buyer", Callback::ChooseRole(Role::Buyer)),
        Button::callback("button-i-am-seller", Callback::ChooseRole(Role::Seller)),
    ];
    let keyboard = keyboard(&[row], reader.lang());
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
    r: Reader,
    dialogue: Dialog,
    (role, group): (Role, Option<GroupBinding>),
) -> HandlerResult {
    let Some(text) = text_of(&bot, &r, &msg).await? else {
        return Ok(());
    };
    if text.lines().filter(|l| !l.trim().is_empty()).count() > 1 {
        return quick_order(&bot, &app, &r, &dialogue, (role, group), &text).await;
    }
    match Title::new(&text) {
        Err(e) => {
            r.say(&bot, &views::explain_terms(&e)).await?;
        }
        Ok(title) => {
            let order = OrderInput {
                role,
                title,
                milestones: Vec::new(),
                group,
                add_on_to: None,
                revising: None,
                editing: None,
                phases: Vec::new(),
            };
            ask_template(&bot, &app, &r, &dialogue, order).await?;
        }
    }
    Ok(())
}

/// The whole one-milestone order in one message (title, deliverables, deadline, amount, a line each): straight to
/// the summary, where the milestone's title and its revisions show before Confirm. A line that cannot be taken is
/// named; the person fixes it, or sends only a title to go step by step.
async fn quick_order(
    bot: &Bot,
    app: &App,
    r: &Reader,
    dialogue: &Dialog,
    (role, group): (Role, Option<GroupBinding>),
    text: &str,
) -> HandlerResult {
    let read = read_quick_order(text, app.config.currency, app.clock.now(), r.tz().tz());
    let (title, terms) = match read {
        Ok(order) => order,
        Err(problem) => {
            let line = match problem {
                QuickProblem::TooFewLines => "too-few",
                QuickProblem::Title => "title",
                QuickProblem::Deliverables => "deliverables",
                QuickProblem::VagueDeliverables => "vague",
                QuickProblem::Deadline => "deadline",
                QuickProblem::DoubtfulDeadline => "doubtful",
                QuickProblem::Amount => "amount",
            };
            let explained = Text::new("neworder-quick-problem")
                .arg("line", line)
                .arg("currency", Arg::Currency(app.config.currency));
            r.say(bot, &explained).await?;
            return Ok(());
        }
    };
    let order = OrderInput {
        role,
        title,
        milestones: vec![terms],
        group,
        add_on_to: None,
        revising: None,
        editing: None,
        phases: Vec::new(),
    };
    finish_milestones(bot, r, dialogue, order).await
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
    let mut rows: Vec<Vec<Button>> = templates
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            let i = u8::try_from(i).ok()?;
            let choice = Callback::UseTemplate(Some(i));
            Some(vec![Button::labelled(t.name(reader.lang()), choice)])
        })
        .collect();
    rows.push(vec![Button::callback(
        "button-blank-order",
        Callback::UseTemplate(None),
    )]);
    dialogue.save(State::ChoosingTemplate { order }).await?;
    let keyboard = keyboard(&rows, reader.lang());
    reader
        .say_with(bot, &Text::new("neworder-template"), keyboard)
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
            reader.refuse(bot, &Text::new("button-stale")).await?;
            return Ok(());
        };
        order.phases = template.phases(reader.lang());
    }
    ask_milestone_title(bot, reader, dialogue, order).await
}

/// Text instead of a template button: the question again.
pub async fn receive_template_text(
    bot: Bot,
    app: App,
    r: Reader,
    dialogue: Dialog,
    order: OrderInput,
) -> HandlerResult {
    ask_template(&bot, &app, &r, &dialogue, order).await
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
            .arg("title", title.as_str())
            .arg("deliverables", deliverables.as_str());
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
    r: Reader,
    dialogue: Dialog,
    order: OrderInput,
) -> HandlerResult {
    let Some(text) = text_of(&bot, &r, &msg).await? else {
        return Ok(());
    };
    match Title::new(&text) {
        Err(e) => {
            r.say(&bot, &views::explain_terms(&e)).await?;
        }
        Ok(title) => {
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
}

pub async fn receive_deliverables(
    bot: Bot,
    msg: Message,
    r: Reader,
    dialogue: Dialog,
    (order, title, warned): (OrderInput, Title, bool),
) -> HandlerResult {
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
        Ok(deliverables) => {
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
}

pub async fn receive_deadline(
    bot: Bot,
    msg: Message,
    app: App,
    r: Reader,
    dialogue: Dialog,
    milestone: (OrderInput, Title, Deliverables),
) -> HandlerResult {
    read_deadline(bot, msg, app, r, dialogue, milestone, None).await
}

/// A new answer while a questioned deadline waits for confirmation: read afresh, and kept without another
/// question when it is the same deadline again (the user insists).
pub async fn receive_deadline_again(
    bot: Bot,
    msg: Message,
    app: App,
    r: Reader,
    dialogue: Dialog,
    (order, title, deliverables, questioned): (OrderInput, Title, Deliverables, Deadline),
) -> HandlerResult {
    let milestone = (order, title, deliverables);
    read_deadline(bot, msg, app, r, dialogue, milestone, Some(questioned)).await
}

async fn read_deadline(
    bot: Bot,
    msg: Message,
    app: App,
    r: Reader,
    dialogue: Dialog,
    (order, title, deliverables): (OrderInput, Title, Deliverables),
    questioned: Option<Deadline>,
) -> HandlerResult {
    let now = app.clock.now();
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
        ask_amount(
            &bot,
            &app,
            &r,
            &dialogue,
            (order, title, deliverables, deadline),
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
        Deadline::AfterActivation { .. } => question.arg("at", views::deadline_text(&deadline)),
    };
    let keyboard = keyboard(
        &[vec![Button::callback(
            "button-deadline-yes",
            Callback::KeepDeadline,
        )]],
        r.lang(),
    );
    r.say_with(&bot, &question, keyboard).await?;
    Ok(())
}

/// Stores the milestone's deadline and asks for its amount.
#[allow(clippy::too_many_arguments)]
/// The deadline is settled: next, the amount.
async fn ask_amount(
    bot: &Bot,
    app: &App,
    r: &Reader,
    dialogue: &Dialog,
    (order, title, deliverables, deadline): (OrderInput, Title, Deliverables, Deadline),
) -> HandlerResult {
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
        &Text::new("neworder-amount").arg("currency", Arg::Currency(currency)),
    )
    .await?;
    Ok(())
}

pub async fn receive_amount(
    bot: Bot,
    msg: Message,
    app: App,
    r: Reader,
    dialogue: Dialog,
    (order, title, deliverables, deadline): (OrderInput, Title, Deliverables, Deadline),
) -> HandlerResult {
    let currency = app.config.currency;
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
                &Text::new("error-currency").arg("currency", Arg::Currency(currency)),
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
}

pub async fn receive_revisions(
    bot: Bot,
    msg: Message,
    app: App,
    r: Reader,
    dialogue: Dialog,
    (order, title, deliverables, deadline, amount): (
        OrderInput,
        Title,
        Deliverables,
        Deadline,
        Money,
    ),
) -> HandlerResult {
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
    let terms = MilestoneTerms {
        title,
        deliverables,
        deadline,
        amount,
        revisions,
    };
    if let Some((existing, seq)) = order.revising {
        // Revised terms of a proposed milestone: the other party answers them again. The dialogue ends after the
        // command, never before (a crash in between leaves the step to be handled again).
        let command = dereja_domain::Command::Revise { seq, terms };
        let outcome =
            super::refusals::run(&bot, &app, &r, existing, r.actor(false), command).await?;
        dialogue.clear().await?;
        if outcome.is_some() {
            r.say(&bot, &Text::new("done-revised")).await?;
        }
        return Ok(());
    }
    if let Some(existing) = order.add_on_to {
        // An add-on to a running order: proposed at once, the other party answers it.
        let command = dereja_domain::Command::Propose { terms };
        let outcome =
            super::refusals::run(&bot, &app, &r, existing, r.actor(false), command).await?;
        dialogue.clear().await?;
        if outcome.is_some() {
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
    let mut row = vec![Button::callback("button-done", Callback::FinishMilestones)];
    if !full {
        row.insert(
            0,
            Button::callback("button-add-milestone", Callback::AddMilestone),
        );
    }
    let text = Text::new("neworder-milestone-added")
        .arg("seq", seq)
        .arg("amount", amount);
    r.say_with(&bot, &text, keyboard(&[row], r.lang())).await?;
    Ok(())
}

/// "Propose another milestone" on an existing order: the milestone questions, then a proposal.
pub async fn add_on(
    bot: &Bot,
    app: &App,
    reader: &Reader,
    dialogue: &Dialog,
    id: dereja_domain::OrderId,
) -> HandlerResult {
    let order = app.orders.get(id).await?;
    let Some(role) = order.role_of(reader.user.id) else {
        let refusal = views::not_allowed(Who::Party);
        reader.refuse(bot, &refusal).await?;
        return Ok(());
    };
    let seq = order.milestones.len() as i64 + 1;
    let input = existing_order_input(&order, role, Some(id), None);
    ask_existing(bot, reader, dialogue, input, seq).await
}

/// "Revise the terms" after the other party asked for changes: the milestone questions again, then the revised
/// terms go to them to answer. Only the proposer, and only while changes are asked for (the domain's check).
pub async fn revise(
    bot: &Bot,
    app: &App,
    reader: &Reader,
    dialogue: &Dialog,
    (id, seq): (dereja_domain::OrderId, u16),
) -> HandlerResult {
    let actor = reader.actor(false);
    let action = dereja_domain::Action::Revise;
    let Some(order) = super::refusals::allowed(bot, app, reader, (id, seq), actor, action).await?
    else {
        return Ok(());
    };
    let Some(role) = order.role_of(reader.user.id) else {
        return Ok(());
    };
    let input = existing_order_input(&order, role, None, Some((id, seq)));
    ask_existing(bot, reader, dialogue, input, i64::from(seq)).await
}

/// The milestone questions about an order that already exists: an add-on or a revision.
fn existing_order_input(
    order: &Order,
    role: Role,
    add_on_to: Option<dereja_domain::OrderId>,
    revising: Option<(dereja_domain::OrderId, u16)>,
) -> OrderInput {
    OrderInput {
        role,
        title: order.title.clone(),
        milestones: Vec::new(),
        group: None,
        add_on_to,
        revising,
        editing: None,
        phases: Vec::new(),
    }
}

async fn ask_existing(
    bot: &Bot,
    reader: &Reader,
    dialogue: &Dialog,
    input: OrderInput,
    seq: i64,
) -> HandlerResult {
    dialogue
        .save(State::MilestoneTitle { order: input })
        .await?;
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
            reader.html(
                &Text::new("neworder-summary-line")
                    .arg("seq", i as i64 + 1)
                    .arg("title", m.title.as_str())
                    .arg("amount", m.amount)
                    .arg("revisions", i64::from(m.revisions.get())),
            )
        })
        .collect();
    let header = reader.html(
        &Text::new("neworder-summary")
            .arg("order", order.title.as_str())
            .arg("role", views::role_name(order.role)),
    );
    let full = order.milestones.len() >= Order::MAX_MILESTONES;
    dialogue.save(State::Confirming { order }).await?;
    let mut rows = vec![vec![
        Button::callback("button-confirm", Callback::ConfirmOrder),
        Button::callback("button-edit", Callback::EditMilestones),
        Button::callback("button-cancel", Callback::CancelDialogue),
    ]];
    if !full {
        // One more milestone from here: its fields, then "Done" brings this summary back.
        rows.push(vec![Button::callback(
            "button-add-milestone",
            Callback::AddMilestone,
        )]);
    }
    let keyboard = keyboard(&rows, reader.lang());
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
    let rows: Vec<Vec<Button>> = order
        .milestones
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let label = format!("{}. {}", i + 1, m.title.as_str());
            let i = u8::try_from(i).unwrap_or(u8::MAX);
            vec![Button::labelled(&label, Callback::EditMilestone(i))]
        })
        .collect();
    let keyboard = keyboard(&rows, reader.lang());
    reader
        .say_with(bot, &Text::new("neworder-edit-which"), keyboard)
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
        reader.refuse(bot, &Text::new("button-stale")).await?;
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
    let draft = OrderDraft::new(
        order.title,
        app.config.currency,
        origin,
        reader.user.id,
        order.role,
        order.milestones,
    )
    .and_then(|draft| match group {
        Some(g) => draft.with_invitee(g.invitee),
        None => Ok(draft),
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
    // The order and the end of the conversation commit together: after a kill, Confirm cannot open it twice.
    let open = app.orders.open(draft);
    let (created, token) = Inbox::ending_dialogue(reader.chat.0, open).await?;
    let link = invitation_link(&app.bot_username, token.as_str());
    let text = Text::new("neworder-created")
        .arg("id", created.id.0)
        .arg("order", created.title.as_str())
        .arg("other", created.created_by.other().as_str())
        .arg("link", link.clone());
    let invite = Text::new("share-invitation-text").arg("order", created.title.as_str());
    let share = share_link(&link, &reader.plain(&invite));
    let label = reader.plain(&Text::new("button-share-invitation"));
    reader
        .say_with(bot, &text, link_button(label, &share))
        .await?;
    if let Some(g) = group {
        // The group sees the order and the invitation; only the invitee can join through it.
        let lang = app.users.chat_language(g.chat_id).await?;
        let text = Text::new("group-order-created")
            .arg("id", created.id.0)
            .arg("order", created.title.as_str())
            .html_for(lang, app.config.timezone);
        let label = Text::new("button-open-invitation").render(lang);
        let request = bot
            .send_message(ChatId(g.chat_id), text)
            .parse_mode(ParseMode::Html)
            .reply_markup(link_button(label, &link));
        paced(&app.pacer, ChatId(g.chat_id), request).await?;
        // Who decides on money here, said once to a group that is not a registered community.
        if app.communities.tell_once(g.chat_id).await? {
            let note = Text::new("group-not-community").html_for(lang, app.config.timezone);
            let note = bot
                .send_message(ChatId(g.chat_id), note)
                .parse_mode(ParseMode::Html);
            paced(&app.pacer, ChatId(g.chat_id), note).await?;
        }
    }
    Ok(())
}

/// The conversation's buttons, each valid only in the step that showed it; pressed later, they are stale.
pub fn buttons() -> UpdateHandler<anyhow::Error> {
    dptree::entry()
        .branch(
            case![Callback::ChooseRole(role)]
                .branch(
                    case![State::ChoosingRole { group }]
                        .inspect_async(cleared)
                        .endpoint(
                            |bot: Bot,
                             r: Reader,
                             d: Dialog,
                             role: Role,
                             group: Option<GroupBinding>| async move {
                                choose_role(&bot, &r, &d, role, group).await
                            },
                        ),
                )
                .endpoint(stale),
        )
        .branch(
            case![Callback::AddMilestone]
                .inspect_async(cleared)
                .branch(case![State::MoreMilestones { order }].endpoint(
                    |bot: Bot, r: Reader, d: Dialog, order: OrderInput| async move {
                        add_milestone(&bot, &r, &d, order).await
                    },
                ))
                .branch(case![State::Confirming { order }].endpoint(
                    |bot: Bot, r: Reader, d: Dialog, order: OrderInput| async move {
                        add_milestone(&bot, &r, &d, order).await
                    },
                ))
                .endpoint(stale),
        )
        .branch(
            case![Callback::FinishMilestones]
                .inspect_async(cleared)
                .branch(case![State::MoreMilestones { order }].endpoint(
                    |bot: Bot, r: Reader, d: Dialog, order: OrderInput| async move {
                        finish_milestones(&bot, &r, &d, order).await
                    },
                ))
                .endpoint(stale),
        )
        .branch(
            case![Callback::ConfirmOrder]
                .inspect_async(cleared)
                .branch(case![State::Confirming { order }].endpoint(
                    |bot: Bot, app: App, r: Reader, d: Dialog, order: OrderInput| async move {
                        confirm_order(&bot, &app, &r, &d, order).await
                    },
                ))
                .endpoint(stale),
        )
        .branch(
            case![Callback::EditMilestones]
                .inspect_async(cleared)
                .branch(case![State::Confirming { order }].endpoint(
                    |bot: Bot, r: Reader, order: OrderInput| async move {
                        choose_milestone_to_edit(&bot, &r, &order).await
                    },
                ))
                .endpoint(stale),
        )
        .branch(
            case![Callback::EditMilestone(i)]
                .inspect_async(cleared)
                .branch(case![State::Confirming { order }].endpoint(
                    |bot: Bot, r: Reader, d: Dialog, order: OrderInput, i: u8| async move {
                        edit_milestone(&bot, &r, &d, order, i).await
                    },
                ))
                .endpoint(stale),
        )
        .branch(
            case![Callback::UseTemplate(choice)]
                .inspect_async(cleared)
                .branch(case![State::ChoosingTemplate { order }].endpoint(
                    |bot: Bot,
                     app: App,
                     r: Reader,
                     d: Dialog,
                     order: OrderInput,
                     choice: Option<u8>| async move {
                        use_template(&bot, &app, &r, &d, order, choice).await
                    },
                ))
                .endpoint(stale),
        )
        .branch(
            case![Callback::KeepDeadline]
                .inspect_async(cleared)
                .branch(
                    case![State::ConfirmingDeadline {
                        order,
                        title,
                        deliverables,
                        deadline
                    }]
                    .endpoint(
                        |bot: Bot,
                         app: App,
                         r: Reader,
                         d: Dialog,
                         step: (OrderInput, Title, Deliverables, Deadline)| async move {
                            ask_amount(&bot, &app, &r, &d, step).await
                        },
                    ),
                )
                .endpoint(stale),
        )
        .branch(
            case![Callback::CancelDialogue]
                .inspect_async(cleared)
                .endpoint(|bot: Bot, r: Reader, d: Dialog| async move {
                    d.clear().await?;
                    r.say(&bot, &Text::new("dialogue-cancelled")).await?;
                    Ok(())
                }),
        )
}
