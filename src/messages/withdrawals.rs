//! The notices of a payout request (a seller's withdrawal, a buyer's refund): the admins are asked to pay it, the
//! person hears that it was asked for and then the decision.

use super::callback::Callback;
use super::notice::{Audience, Button, Notice, Recipient};
use crate::i18n::{Arg, Text};
use dereja_domain::{
    ClearedMilestone, Money, PaymentRef, PayoutAccount, UserId, Withdrawal, WithdrawalKind,
    WithdrawalStatus,
};

/// A payout method's name as people know it (`TeleBirr`), from the catalogue.
pub fn method_name(code: &str) -> Text {
    Text::new("payout-method").arg("code", code)
}

/// Where a payout goes, the method named in the reader's language: `TeleBirr: 0911…`, `ቴሌብር፦ 0911…`.
pub fn destination(w: &Withdrawal) -> Arg {
    match PayoutAccount::from_destination(w.destination.as_str()) {
        Some(payout) => Text::new("payout-destination")
            .arg("method", method_name(&payout.method))
            .arg("account", payout.account)
            .into(),
        None => w.destination.as_str().into(),
    }
}

/// The admins are asked to pay a new request, with its destination and, for earnings, the milestones the money
/// came from and how each was paid; a buyer hears that a refund is on its way.
pub fn requested(w: &Withdrawal, audience: &Audience, sources: &[ClearedMilestone]) -> Vec<Notice> {
    let id = match w.kind {
        WithdrawalKind::Earnings => "admin-withdrawal-requested",
        WithdrawalKind::Refund => "admin-refund-requested",
    };
    let text = Text::new(id)
        .arg("id", w.id.0)
        .arg("user", w.user.0)
        .arg("amount", w.amount)
        .arg("destination", destination(w))
        .arg(
            "sources",
            Arg::Lines(sources.iter().map(source_line).collect()),
        );
    let buttons = vec![vec![
        Button::callback("button-withdrawal-paid", Callback::PayWithdrawal(w.id)),
        Button::callback("button-withdrawal-reject", Callback::RejectWithdrawal(w.id)),
    ]];
    let mut notices: Vec<Notice> = audience
        .admins_except(|a| a == w.user)
        .into_iter()
        .map(|to| Notice::new(to, text.clone()).buttons(buttons.clone()))
        .collect();
    if w.kind == WithdrawalKind::Refund {
        let text = Text::new("notice-refund-requested")
            .arg("amount", w.amount)
            .arg("destination", destination(w));
        notices.push(Notice::new(Recipient::User(w.user), text));
    }
    notices
}

/// One milestone a withdrawal draws on: how much, and how its buyer paid (Telegram's charge, or a transfer and the
/// admin who confirmed it).
fn source_line(c: &ClearedMilestone) -> Text {
    let line = |id: &str| {
        Text::new(id)
            .arg("id", c.milestone.order.0)
            .arg("seq", i64::from(c.milestone.seq))
            .arg("amount", c.released)
    };
    match &c.funding {
        PaymentRef::Telegram { charge_id, .. } => {
            line("withdrawal-source-telegram").arg("charge", charge_id.as_str())
        }
        PaymentRef::Manual {
            reference,
            confirmed_by,
        } => line("withdrawal-source-transfer")
            .arg("reference", reference.as_str())
            .arg("admin", confirmed_by.0),
    }
}

/// Money is owed back to a buyer who has not said where to be paid.
pub fn refund_needs_destination(buyer: UserId, amount: Money) -> Notice {
    let text = Text::new("notice-refund-owed").arg("amount", amount);
    Notice::new(Recipient::User(buyer), text)
}

/// The seller (or the buyer, for a refund) hears the decision.
pub fn decided(w: &Withdrawal) -> Vec<Notice> {
    let refund = w.kind == WithdrawalKind::Refund;
    let text = match &w.status {
        WithdrawalStatus::Paid { reference, .. } if refund => Text::new("notice-refund-paid")
            .arg("amount", w.amount)
            .arg("destination", destination(w))
            .arg("reference", reference.as_str()),
        WithdrawalStatus::Rejected { reason, .. } if refund => Text::new("notice-refund-rejected")
            .arg("amount", w.amount)
            .arg("reason", reason.as_str()),
        WithdrawalStatus::Paid { reference, .. } => Text::new("notice-withdrawal-paid")
            .arg("amount", w.amount)
            .arg("destination", destination(w))
            .arg("reference", reference.as_str()),
        WithdrawalStatus::Rejected { reason, .. } => Text::new("notice-withdrawal-rejected")
            .arg("amount", w.amount)
            .arg("reason", reason.as_str()),
        WithdrawalStatus::Requested => return Vec::new(),
    };
    vec![Notice::new(Recipient::User(w.user), text)]
}
