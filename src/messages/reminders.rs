//! The message each reminder job sends: to whom, with which buttons. Pure, like the event notices: the scheduler
//! queues them in the transaction that marks the job done.

use super::buttons::{funding_buttons, review_buttons, show_order};
use super::callback::Callback;
use super::events::milestone_text;
use super::notice::{Audience, Button, Notice, Recipient};
use crate::i18n::Text;
use chrono::{DateTime, Utc};
use dereja_domain::{Job, JobKind, Order, OrderId, Status};

/// The notice for a due reminder, or `None` when it has nobody to go to. `invitation` is the order's
/// invitation link.
pub fn notice(
    job: &Job,
    order: &Order,
    invitation: Option<&str>,
    audience: &Audience,
) -> Option<Notice> {
    let to = Recipient::User(job.to?);
    let seq = job.seq;
    let ms = |id: &str| milestone_text(id, order, seq);
    let due = order
        .milestone(seq)
        .and_then(|m| m.status.due_at())
        .unwrap_or(job.since);
    let (text, buttons) = match job.kind {
        JobKind::DeadlineSoon => (
            ms("reminder-deadline-soon").arg("due", due),
            deliver(order.id, seq),
        ),
        JobKind::DeadlinePassed { .. } => (
            ms("reminder-deadline-passed").arg("due", due),
            deliver(order.id, seq),
        ),
        JobKind::DeadlineMissed => (
            ms("reminder-deadline-missed").arg("due", due),
            ways_on(order.id, seq),
        ),
        JobKind::ProgressQuiet => (
            ms("reminder-progress-quiet").arg("due", due),
            vec![vec![Button::callback(
                "button-post-progress",
                Callback::PostProgress(order.id, seq),
            )]],
        ),
        JobKind::RevisionWaiting { .. } => (
            ms("reminder-revision-waiting").arg("asked", job.since),
            deliver(order.id, seq),
        ),
        JobKind::RevisionLate => (
            ms("reminder-revision-late").arg("asked", job.since),
            ways_on(order.id, seq),
        ),
        JobKind::ProposalWaiting { .. } => (ms("reminder-proposal-waiting"), show_order(order)),
        JobKind::InvitationWaiting { .. } => {
            let link = invitation?.to_string();
            let id = if Some(job.to?) == order.invitee {
                "reminder-invited"
            } else {
                "reminder-invitation-waiting"
            };
            let text = Text::new(id)
                .arg("id", order.id.0)
                .arg("order", order.title.as_str())
                .arg("link", link);
            (text, Vec::new())
        }
        JobKind::FundingWaiting => {
            let amount = order.milestone(seq)?.terms.amount;
            (
                ms("reminder-funding-waiting").arg("amount", amount),
                funding_buttons(order, seq, audience),
            )
        }
        JobKind::ReviewWaiting => {
            let auto = auto_approve_at(order, seq)?;
            (
                ms("reminder-review-waiting").arg("auto", auto),
                review_buttons(order, seq),
            )
        }
        JobKind::AutoApprove | JobKind::Clear => return None,
    };
    Some(Notice::new(to, text).buttons(buttons))
}

/// The buyer's choices when the seller is late: more time, keep waiting, or a dispute.
fn ways_on(order: OrderId, seq: u16) -> Vec<Vec<Button>> {
    vec![
        vec![Button::callback(
            "button-extend-deadline",
            Callback::ExtendDeadline(order, seq),
        )],
        vec![
            Button::callback("button-keep-waiting", Callback::KeepWaiting(order, seq)),
            Button::callback("button-open-dispute", Callback::OpenDispute(order, seq)),
        ],
    ]
}

fn deliver(order: OrderId, seq: u16) -> Vec<Vec<Button>> {
    vec![vec![Button::callback(
        "button-deliver",
        Callback::StartDelivery(order, seq),
    )]]
}

fn auto_approve_at(order: &Order, seq: u16) -> Option<DateTime<Utc>> {
    match order.milestone(seq)?.status {
        Status::Delivered {
            auto_approve_at, ..
        } => Some(auto_approve_at),
        _ => None,
    }
}
