//! `/payout`, `/balance` and `/withdraw`, and the admins' side of a withdrawal: the notices each step sends and
//! the handlers that read the answers.

use super::actions::clear_buttons;
use super::callback::Callback;
use super::dialogue::{Dialog, DialogExt, State};
use super::handlers::{HandlerResult, Reader, for_sender};
use super::notices::{Audience, Button, Notice, Recipient};
use super::views;
use crate::app::App;
use crate::i18n::{Arg, Text};
use crate::jobs::outbox::keyboard;
use dereja_domain::{Actor, Note, Withdrawal, WithdrawalId, WithdrawalStatus, parse_amount};
use teloxide::prelude::*;

/// A payout method's name as people know it (`TeleBirr`), from the catalogue.
fn method_name(code: &str) -> Text {
    Text::new("payout-method").arg("code", code)
}

/// The admins are asked to pay a new request, with its destination.
pub fn requested(w: &Withdrawal, audience: &Audience) -> Vec<Notice> {
    let text = Text::new("admin-withdrawal-requested")
        .arg("id", w.id.0)
        .arg("user", w.user.0)
        .arg("amount", w.amount)
        .arg("destination", w.destination.as_str());
    let buttons = vec![vec![
        Button::callback("button-withdrawal-paid", Callback::PayWithdrawal(w.id)),
        Button::callback("button-withdrawal-reject", Callback::RejectWithdrawal(w.id)),
    ]];
    audience
        .admins
        .iter()
        .filter(|a| **a != w.user)
        .map(|a| Recipient::User(*a))
        .chain(audience.admin_chat.map(Recipient::Chat))
        .map(|to| Notice::new(to, text.clone()).buttons(buttons.clone()))
        .collect()
}

/// The seller hears the decision.
pub fn decided(w: &Withdrawal) -> Vec<Notice> {
    let text = match &w.status {
        WithdrawalStatus::Paid { reference, .. } => Text::new("notice-withdrawal-paid")
            .arg("amount", w.amount)
            .arg("destination", w.destination.as_str())
            .arg("reference", reference.as_str()),
        WithdrawalStatus::Rejected { reason, .. } => Text::new("notice-withdrawal-rejected")
            .arg("amount", w.amount)
            .arg("reason", reason.as_str()),
        WithdrawalStatus::Requested => return Vec::new(),
    };
    vec![Notice::new(Recipient::User(w.user), text)]
}

pub async fn receive_payout_command(bot: Bot, msg: Message, app: App) -> HandlerResult {
    for_sender(&bot, &msg, &app, |bot, r, _msg, app| async move {
        let current = match app.payouts.method_of(r.user.id).await? {
            Some((method, account)) => Text::new("payout-current")
                .arg("method", method_name(&method))
                .arg("account", account),
            None => Text::new("payout-none"),
        };
        let rows: Vec<Vec<Button>> = app
            .payouts
            .methods()
            .iter()
            .enumerate()
            .map(|(i, m)| {
                vec![Button {
                    label: Text::new("button-payout-method")
                        .arg("method", method_name(&m.code))
                        .arg("days", i64::from(m.clearing_days)),
                    callback: Callback::ChoosePayout(u8::try_from(i).unwrap_or(u8::MAX))
                        .to_string(),
                }]
            })
            .collect();
        let text = Text::new("payout-choose").arg("current", current);
        r.say_with(&bot, &text, keyboard(&rows, r.lang())).await?;
        Ok(())
    })
    .await
}

pub async fn receive_balance_command(bot: Bot, msg: Message, app: App) -> HandlerResult {
    for_sender(&bot, &msg, &app, |bot, r, _msg, app| async move {
        let balances = app.payouts.balances(r.user.id).await?;
        if balances.is_empty() {
            r.say(&bot, &Text::new("balance-none")).await?;
            return Ok(());
        }
        for b in balances {
            let pending: Vec<Text> = b
                .pending
                .iter()
                .map(|(amount, at)| {
                    Text::new("balance-pending-line")
                        .arg("amount", *amount)
                        .arg("at", *at)
                })
                .collect();
            let pending = if pending.is_empty() {
                Arg::Text(Box::new(Text::new("balance-nothing-pending")))
            } else {
                Arg::Lines(pending)
            };
            let text = Text::new("balance")
                .arg("pending", pending)
                .arg("available", b.available)
                .arg("withdrawing", b.withdrawing)
                .arg("paid", b.paid_out);
            r.say(&bot, &text).await?;
        }
        Ok(())
    })
    .await
}

pub async fn receive_withdraw_command(
    bot: Bot,
    msg: Message,
    app: App,
    dialogue: Dialog,
) -> HandlerResult {
    for_sender(&bot, &msg, &app, |bot, r, _msg, app| async move {
        let Some((method, account)) = app.payouts.method_of(r.user.id).await? else {
            r.say(&bot, &Text::new("error-no-payout-method")).await?;
            return Ok(());
        };
        let currency = app.config.currency;
        let available = app
            .payouts
            .balances(r.user.id)
            .await?
            .into_iter()
            .find(|b| b.currency == currency)
            .map_or(dereja_domain::Money::zero(currency), |b| b.available);
        dialogue.save(State::WithdrawAmount).await?;
        let text = Text::new("prompt-withdraw-amount")
            .arg("available", available)
            .arg("method", method_name(&method))
            .arg("account", account);
        r.say(&bot, &text).await?;
        Ok(())
    })
    .await
}

/// The amount to withdraw: checked against the balance now, then shown back with the destination to confirm.
pub async fn receive_withdraw_amount(
    bot: Bot,
    msg: Message,
    app: App,
    dialogue: Dialog,
) -> HandlerResult {
    for_sender(&bot, &msg, &app, |bot, r, msg, app| async move {
        let text = msg.text().unwrap_or_default();
        let amount = match parse_amount(text, app.config.currency) {
            Ok(a) => a,
            Err(e) => {
                r.say(&bot, &views::explain_amount(&e)).await?;
                return Ok(());
            }
        };
        let available = app
            .payouts
            .balances(r.user.id)
            .await?
            .into_iter()
            .find(|b| b.currency == amount.currency())
            .map_or(dereja_domain::Money::zero(amount.currency()), |b| {
                b.available
            });
        if amount.amount() > available.amount() {
            let text = Text::new("error-insufficient-balance").arg("amount", available);
            r.say(&bot, &text).await?;
            return Ok(());
        }
        let Some((method, account)) = app.payouts.method_of(r.user.id).await? else {
            r.say(&bot, &Text::new("error-no-payout-method")).await?;
            return Ok(());
        };
        dialogue.save(State::WithdrawConfirm { amount }).await?;
        let text = Text::new("confirm-withdrawal")
            .arg("amount", amount)
            .arg("method", method_name(&method))
            .arg("account", account);
        let rows = vec![vec![
            Button::callback("button-confirm", Callback::ConfirmWithdraw),
            Button::callback("button-cancel", Callback::CancelDialogue),
        ]];
        r.say_with(&bot, &text, keyboard(&rows, r.lang())).await?;
        Ok(())
    })
    .await
}

/// The request itself, after the seller confirmed; the balance is checked again inside its transaction.
async fn request(
    bot: &Bot,
    app: &App,
    reader: &Reader,
    amount: dereja_domain::Money,
) -> HandlerResult {
    match app.payouts.request(reader.user.id, amount).await {
        Ok(w) => {
            let text = Text::new("done-withdrawal-requested")
                .arg("amount", w.amount)
                .arg("destination", w.destination.as_str());
            reader.say(bot, &text).await?;
        }
        Err(e) => match views::explain(&e) {
            Some(text) => {
                reader.say(bot, &text).await?;
            }
            None => return Err(e.into()),
        },
    }
    Ok(())
}

/// A seller's payout account after choosing the method.
pub async fn receive_payout_account(
    bot: Bot,
    msg: Message,
    app: App,
    dialogue: Dialog,
    method: String,
) -> HandlerResult {
    for_sender(&bot, &msg, &app, |bot, r, msg, app| async move {
        let account = match msg.text().map(Note::new) {
            Some(Ok(n)) => n,
            Some(Err(e)) => {
                r.say(&bot, &views::explain_terms(&e)).await?;
                return Ok(());
            }
            None => {
                r.say(&bot, &Text::new("error-text-expected")).await?;
                return Ok(());
            }
        };
        app.payouts.set_method(r.user.id, &method, &account).await?;
        dialogue.clear().await?;
        let text = Text::new("done-payout-set")
            .arg("method", method_name(&method))
            .arg("account", account.as_str());
        r.say(&bot, &text).await?;
        Ok(())
    })
    .await
}

/// An admin's transfer reference or rejection reason.
pub async fn receive_withdrawal_note(
    bot: Bot,
    msg: Message,
    app: App,
    dialogue: Dialog,
    (id, paid): (WithdrawalId, bool),
) -> HandlerResult {
    for_sender(&bot, &msg, &app, |bot, r, msg, app| async move {
        let note = match msg.text().map(Note::new) {
            Some(Ok(n)) => n,
            Some(Err(e)) => {
                r.say(&bot, &views::explain_terms(&e)).await?;
                return Ok(());
            }
            None => {
                r.say(&bot, &Text::new("error-text-expected")).await?;
                return Ok(());
            }
        };
        dialogue.clear().await?;
        let actor = Actor::User {
            id: r.user.id,
            admin: app.config.admins.contains(&r.user.id),
        };
        match app.payouts.decide(id, actor, paid, note).await {
            Ok(_) => {
                r.say(&bot, &Text::new("done-payment-decided")).await?;
            }
            Err(e) => match views::explain(&e) {
                Some(text) => {
                    r.say(&bot, &text).await?;
                }
                None => return Err(e.into()),
            },
        }
        Ok(())
    })
    .await
}

/// The buttons of this part: a payout method chosen, or an admin's Paid / Reject.
pub async fn on_callback(
    bot: &Bot,
    app: &App,
    reader: &Reader,
    dialogue: &Dialog,
    query: &CallbackQuery,
    callback: Callback,
) -> HandlerResult {
    match callback {
        Callback::ChoosePayout(i) => {
            let Some(method) = app.payouts.methods().get(usize::from(i)) else {
                reader.say(bot, &Text::new("button-stale")).await?;
                return Ok(());
            };
            clear_buttons(bot, query).await;
            dialogue
                .save(State::PayoutAccount {
                    method: method.code.clone(),
                })
                .await?;
            let text = Text::new("prompt-payout-account").arg("method", method_name(&method.code));
            reader.say(bot, &text).await?;
        }
        Callback::ConfirmWithdraw => {
            clear_buttons(bot, query).await;
            match dialogue.state().await? {
                State::WithdrawConfirm { amount } => {
                    dialogue.clear().await?;
                    request(bot, app, reader, amount).await?;
                }
                _ => {
                    reader.say(bot, &Text::new("button-stale")).await?;
                }
            }
        }
        Callback::PayWithdrawal(id) | Callback::RejectWithdrawal(id) => {
            // Only the global admins pay out; the domain checks it again when the decision is made.
            if !app.config.admins.contains(&reader.user.id) {
                let refusal = Text::new("error-not-allowed").arg("who", "admin");
                reader.say(bot, &refusal).await?;
                return Ok(());
            }
            let paid = matches!(callback, Callback::PayWithdrawal(_));
            dialogue.save(State::WithdrawalNote { id, paid }).await?;
            let prompt = if paid {
                "prompt-withdrawal-reference"
            } else {
                "prompt-withdrawal-reason"
            };
            reader.say(bot, &Text::new(prompt)).await?;
        }
        _ => {}
    }
    Ok(())
}
