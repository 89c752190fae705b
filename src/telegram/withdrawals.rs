//! `/payout`, `/balance` and `/withdraw`, and the admins' side of a withdrawal: the notices each step sends and
//! the handlers that read the answers.

use super::dialogue::{Dialog, DialogExt, State};
use super::handlers::{HandlerResult, Reader};
use super::keyboard::keyboard;
use super::presses::{clear_buttons, cleared, stale};
use super::refusals;
use super::steps::note_of;
use crate::app::App;
use crate::i18n::{Arg, Text};
use crate::messages::Button;
use crate::messages::callback::Callback;
use crate::messages::views;
use crate::messages::withdrawals::{destination, method_name};
use crate::services::inbox::Inbox;
use dereja_domain::error::Who;
use dereja_domain::{Actor, WithdrawalDecision, WithdrawalId, parse_amount};
use dptree::case;
use teloxide::dispatching::UpdateHandler;
use teloxide::prelude::*;

pub async fn receive_payout_command(bot: Bot, app: App, r: Reader) -> HandlerResult {
    let current = match app.payouts.method_of(r.user.id).await? {
        Some(payout) => Text::new("payout-current")
            .arg("method", method_name(&payout.method))
            .arg("account", payout.account),
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
                callback: Callback::ChoosePayout(u8::try_from(i).unwrap_or(u8::MAX)),
            }]
        })
        .collect();
    let text = Text::new("payout-choose").arg("current", current);
    r.say_with(&bot, &text, keyboard(&rows, r.lang())).await?;
    Ok(())
}

pub async fn receive_balance_command(bot: Bot, app: App, r: Reader) -> HandlerResult {
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
        if !(b.refunds_owed.is_zero() && b.refunds_paying.is_zero()) {
            let refunds = Text::new("balance-refunds")
                .arg("owed", b.refunds_owed)
                .arg("paying", b.refunds_paying);
            r.say(&bot, &refunds).await?;
        }
    }
    Ok(())
}

pub async fn receive_withdraw_command(
    bot: Bot,
    app: App,
    r: Reader,
    dialogue: Dialog,
) -> HandlerResult {
    let Some(payout) = app.payouts.method_of(r.user.id).await? else {
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
        .arg("method", method_name(&payout.method))
        .arg("account", payout.account);
    r.say(&bot, &text).await?;
    Ok(())
}

/// The amount to withdraw: checked against the balance now, then shown back with the destination to confirm.
pub async fn receive_withdraw_amount(
    bot: Bot,
    msg: Message,
    app: App,
    r: Reader,
    dialogue: Dialog,
) -> HandlerResult {
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
    let Some(payout) = app.payouts.method_of(r.user.id).await? else {
        r.say(&bot, &Text::new("error-no-payout-method")).await?;
        return Ok(());
    };
    dialogue.save(State::WithdrawConfirm { amount }).await?;
    let text = Text::new("confirm-withdrawal")
        .arg("amount", amount)
        .arg("method", method_name(&payout.method))
        .arg("account", payout.account);
    let rows = vec![vec![
        Button::callback("button-confirm", Callback::ConfirmWithdraw),
        Button::callback("button-cancel", Callback::CancelDialogue),
    ]];
    r.say_with(&bot, &text, keyboard(&rows, r.lang())).await?;
    Ok(())
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
                .arg("destination", destination(&w));
            reader.say(bot, &text).await?;
        }
        Err(e) => match refusals::explain(&e) {
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
    r: Reader,
    dialogue: Dialog,
    method: String,
) -> HandlerResult {
    let Some(account) = note_of(&bot, &r, &msg).await? else {
        return Ok(());
    };
    // The step ends in the account's own transaction: a kill in between would leave it live, and the next message
    // would become the payout account.
    let chat = dialogue.chat_id().0;
    Inbox::ending_dialogue(chat, app.payouts.set_method(r.user.id, &method, &account)).await?;
    let text = Text::new("done-payout-set")
        .arg("method", method_name(&method))
        .arg("account", account.as_str());
    r.say(&bot, &text).await?;
    Ok(())
}

/// An admin's transfer reference or rejection reason.
pub async fn receive_withdrawal_note(
    bot: Bot,
    msg: Message,
    app: App,
    r: Reader,
    dialogue: Dialog,
    (id, decision): (WithdrawalId, WithdrawalDecision),
) -> HandlerResult {
    let Some(note) = note_of(&bot, &r, &msg).await? else {
        return Ok(());
    };
    let actor = Actor::User {
        id: r.user.id,
        admin: app.config.admins.contains(&r.user.id),
    };
    // The step ends in the decision's own transaction: a kill in between would leave it live, and the admin's next
    // message would become the note of a decision already made. A refusal ends it here; a failure keeps it.
    let decided = Inbox::ending_dialogue(
        dialogue.chat_id().0,
        app.payouts.decide(id, actor, decision, note),
    )
    .await;
    if matches!(&decided, Err(e) if refusals::explain(e).is_some()) {
        dialogue.clear().await?;
    }
    match decided {
        Ok(_) => {
            r.say(&bot, &Text::new("done-payment-decided")).await?;
        }
        Err(e) => match refusals::explain(&e) {
            Some(text) => {
                r.say(&bot, &text).await?;
            }
            None => return Err(e.into()),
        },
    }
    Ok(())
}

/// The buttons of this part: a payout method chosen, or an admin's Paid / Reject.
/// `/payout`'s method choice, `/withdraw`'s confirmation, and the admins' Paid / Reject.
pub fn buttons() -> UpdateHandler<anyhow::Error> {
    dptree::entry()
        .branch(case![Callback::ChoosePayout(i)].endpoint(receive_payout_choice))
        .branch(
            case![Callback::ConfirmWithdraw]
                .inspect_async(cleared)
                .branch(case![State::WithdrawConfirm { amount }].endpoint(
                    |bot: Bot, app: App, r: Reader, d: Dialog, amount: dereja_domain::Money| async move {
                        // The request and the end of the conversation commit together (a refused one ends it here).
                        let chat = r.chat.0;
                        Inbox::ending_dialogue(chat, request(&bot, &app, &r, amount)).await?;
                        d.clear().await?;
                        Ok(())
                    },
                ))
                .endpoint(stale),
        )
        .branch(case![Callback::PayWithdrawal(id)].endpoint(
            |bot: Bot, app: App, r: Reader, d: Dialog, id: WithdrawalId| async move {
                ask_decision(&bot, &app, &r, &d, (id, WithdrawalDecision::Paid)).await
            },
        ))
        .branch(case![Callback::RejectWithdrawal(id)].endpoint(
            |bot: Bot, app: App, r: Reader, d: Dialog, id: WithdrawalId| async move {
                ask_decision(&bot, &app, &r, &d, (id, WithdrawalDecision::Rejected)).await
            },
        ))
}

async fn receive_payout_choice(
    bot: Bot,
    app: App,
    reader: Reader,
    query: CallbackQuery,
    dialogue: Dialog,
    i: u8,
) -> HandlerResult {
    let Some(method) = app.payouts.methods().get(usize::from(i)) else {
        return stale(bot, reader).await;
    };
    clear_buttons(&bot, &app.pacer, &query).await;
    dialogue
        .save(State::PayoutAccount {
            method: method.code.clone(),
        })
        .await?;
    let text = Text::new("prompt-payout-account").arg("method", method_name(&method.code));
    reader.say(&bot, &text).await?;
    Ok(())
}

/// An admin's Paid or Reject: asks for the payment's reference, or the reason. Only the global admins pay out;
/// the domain checks it again when the decision is made.
async fn ask_decision(
    bot: &Bot,
    app: &App,
    reader: &Reader,
    dialogue: &Dialog,
    (id, decision): (WithdrawalId, WithdrawalDecision),
) -> HandlerResult {
    if !app.config.admins.contains(&reader.user.id) {
        let refusal = views::not_allowed(Who::Admin);
        reader.refuse(bot, &refusal).await?;
        return Ok(());
    }
    dialogue
        .save(State::WithdrawalNote { id, paid: decision })
        .await?;
    let prompt = match decision {
        WithdrawalDecision::Paid => "prompt-withdrawal-reference",
        WithdrawalDecision::Rejected => "prompt-withdrawal-reason",
    };
    reader.say(bot, &Text::new(prompt)).await?;
    Ok(())
}
