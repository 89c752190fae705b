//! The notices of a withdrawal: the admins are asked to pay it, the seller hears the decision.

use super::callback::Callback;
use super::notice::{Audience, Button, Notice, Recipient};
use crate::i18n::Text;
use dereja_domain::{Withdrawal, WithdrawalStatus};

/// A payout method's name as people know it (`TeleBirr`), from the catalogue.
pub fn method_name(code: &str) -> Text {
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
        .admins_except(|a| a == w.user)
        .into_iter()
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
