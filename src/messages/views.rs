//! How orders and refusals read: every word from the locales, every business refusal explained.

use crate::i18n::{Arg, Text};
use dereja_domain::error::Who;
use dereja_domain::{
    Deadline, DomainError, Language, Milestone, MoneyError, Order, Role, StatusKind, TermsError,
    TimeZone,
};

/// A milestone status (or `closed`) as words.
pub fn status_name(status: &str) -> Text {
    Text::new("status-name").arg("status", status)
}

/// "buyer" or "seller" as words.
pub fn role_name(role: Role) -> Text {
    Text::new("role-name").arg("role", role.as_str())
}

/// "Only the buyer can do this", and so on for each `who`.
pub fn not_allowed(who: Who) -> Text {
    let who = match who {
        Who::Buyer => "buyer",
        Who::Seller => "seller",
        Who::Party => "party",
        Who::Counterparty => "counterparty",
        Who::Proposer => "proposer",
        Who::DisputeOpener => "dispute-opener",
        Who::OtherParty => "other-party",
        Who::Admin => "admin",
        Who::System => "system",
        Who::Newcomer => "newcomer",
        Who::Invitee => "invitee",
    };
    Text::new("error-not-allowed").arg("who", who)
}

pub fn explain_domain(error: &DomainError) -> Text {
    match error {
        DomainError::NotAllowed { who, .. } => not_allowed(*who),
        // Work before the milestone is funded and active is the guide's first mistake: say so plainly.
        DomainError::InvalidTransition {
            seq,
            from:
                StatusKind::Proposed
                | StatusKind::ChangesRequested
                | StatusKind::AwaitingFunding
                | StatusKind::PaymentReported
                | StatusKind::Funded,
            action: dereja_domain::Action::Deliver | dereja_domain::Action::PostProgress,
        } => Text::new("error-not-started").arg("seq", i64::from(*seq)),
        DomainError::InvalidTransition { seq, from, .. } => Text::new("error-stale")
            .arg("seq", i64::from(*seq))
            .arg("status", status_name(from.as_str())),
        DomainError::UnknownMilestone { .. } => Text::new("error-not-found"),
        DomainError::UnknownInvitation => Text::new("error-invitation-unknown"),
        DomainError::SameParty => Text::new("error-same-party"),
        DomainError::OrderFull => Text::new("error-order-full"),
        DomainError::NoMilestones => Text::new("error-no-milestones"),
        DomainError::TooManyMilestones { max } => {
            Text::new("error-too-many-milestones").arg("max", *max as i64)
        }
        DomainError::RevisionsExhausted { included } => {
            Text::new("error-revisions-exhausted").arg("included", i64::from(*included))
        }
        DomainError::TooManyRevisions { max } => {
            Text::new("error-revisions").arg("max", i64::from(*max))
        }
        DomainError::CurrencyMismatch { expected, .. } => {
            Text::new("error-currency").arg("currency", Arg::Currency(*expected))
        }
        DomainError::NotDue { at } => Text::new("error-not-due").arg("at", *at),
        DomainError::EmptyMessage => Text::new("error-text-expected"),
        DomainError::NoSuchItem { .. } => Text::new("button-stale"),
        DomainError::NoOtherParty => Text::new("error-no-other-party"),
        DomainError::InsufficientBalance { available } => {
            Text::new("error-insufficient-balance").arg("amount", *available)
        }
        DomainError::AlreadyDecided => Text::new("error-already-decided"),
        DomainError::DeadlineNotLater { current } => {
            Text::new("error-deadline-not-later").arg("at", *current)
        }
        DomainError::InvalidSplit => Text::new("error-invalid-split"),
        DomainError::CancellationPending => Text::new("error-cancel-pending"),
        DomainError::NoCancellationRequested => Text::new("error-no-cancel-request"),
        DomainError::NothingToCancel => Text::new("error-nothing-to-cancel"),
        DomainError::NotCompleted => Text::new("error-not-completed"),
        DomainError::AlreadyReviewed => Text::new("error-already-reviewed"),
        DomainError::Frozen => Text::new("error-frozen"),
        DomainError::NotFrozen => Text::new("error-not-frozen"),
        DomainError::Banned { reason } => Text::new("error-banned").arg("reason", reason.as_str()),
        DomainError::Maintenance { message } => {
            Text::new("error-maintenance").arg("message", message.as_str())
        }
        DomainError::Money(e) => explain_amount(e),
    }
}

pub fn explain_amount(error: &MoneyError) -> Text {
    let (reason, max) = match error {
        MoneyError::Empty => ("empty", 0),
        MoneyError::NotANumber => ("not-a-number", 0),
        MoneyError::DecimalComma => ("decimal-comma", 0),
        MoneyError::Negative => ("negative", 0),
        MoneyError::Zero => ("zero", 0),
        MoneyError::TooManyDecimals { max } => ("too-many-decimals", i64::from(*max)),
        MoneyError::TooLarge { max } => ("too-large", *max),
        MoneyError::UnknownCurrency(_) => ("unknown-currency", 0),
        MoneyError::CurrencyMismatch { .. } => ("currency-mismatch", 0),
        MoneyError::EthiopicNumerals => ("ethiopic-numerals", 0),
    };
    Text::new("error-amount")
        .arg("reason", reason)
        .arg("max", max)
}

pub fn explain_terms(error: &TermsError) -> Text {
    match error {
        TermsError::Empty => Text::new("error-text-empty"),
        TermsError::TooLong { max } => Text::new("error-text-too-long").arg("max", *max as i64),
        TermsError::TooManyRevisions { max } => {
            Text::new("error-revisions").arg("max", i64::from(*max))
        }
        TermsError::OutOfRange { min, max } => Text::new("error-out-of-range")
            .arg("min", i64::from(*min))
            .arg("max", i64::from(*max)),
        TermsError::NotUnderstood => Text::new("error-deadline").arg("reason", "not-understood"),
        TermsError::DeadlineInPast => Text::new("error-deadline").arg("reason", "past"),
        TermsError::DeadlineOutOfRange { max_days } => Text::new("error-deadline")
            .arg("reason", "range")
            .arg("max", *max_days),
    }
}

/// A milestone's deadline as agreed: a date, or a number of days or hours after work starts.
pub fn deadline_text(deadline: &Deadline) -> Text {
    match *deadline {
        Deadline::At { at } => Text::new("deadline-at").arg("at", at),
        Deadline::AfterActivation { hours } if hours % 24 == 0 => {
            Text::new("deadline-days").arg("days", i64::from(hours / 24))
        }
        Deadline::AfterActivation { hours } => {
            Text::new("deadline-hours").arg("hours", i64::from(hours))
        }
    }
}

/// One milestone as a few lines: number, title, status, amount, deadline, revisions, deliverables.
pub fn milestone_lines(m: &Milestone) -> Text {
    let deadline = match m.status {
        dereja_domain::Status::InProgress { due_at, .. }
        | dereja_domain::Status::Delivered { due_at, .. }
        | dereja_domain::Status::RevisionRequested { due_at, .. } => {
            Text::new("deadline-at").arg("at", due_at)
        }
        _ => deadline_text(&m.terms.deadline),
    };
    Text::new("milestone-summary")
        .arg("seq", i64::from(m.seq))
        .arg("title", m.terms.title.as_str())
        .arg("status", status_name(m.status.kind().as_str()))
        .arg("amount", m.terms.amount)
        .arg("deadline", deadline)
        .arg("used", i64::from(m.revisions_used))
        .arg("included", i64::from(m.terms.revisions.get()))
        .arg("deliverables", m.terms.deliverables.as_str())
}

/// The whole order, header and every milestone, as Telegram HTML for the reader.
pub fn order_summary(order: &Order, lang: Language, tz: TimeZone) -> String {
    let header = Text::new("order-summary")
        .arg("id", order.id.0)
        .arg("order", order.title.as_str())
        .arg("creator", order.created_by.as_str())
        .html_for(lang, tz);
    let milestones: Vec<String> = order
        .milestones
        .iter()
        .map(|m| milestone_lines(m).html_for(lang, tz))
        .collect();
    format!("{header}\n\n{}", milestones.join("\n\n"))
}

/// `▰▰▱▱ 2/4`: settled milestones out of all (declined and cancelled ones do not count).
pub fn progress_bar(order: &Order) -> (String, i64, i64) {
    let counted: Vec<&Milestone> = order
        .milestones
        .iter()
        .filter(|m| {
            !matches!(
                m.status.kind(),
                StatusKind::Declined | StatusKind::Cancelled
            )
        })
        .collect();
    let done = counted
        .iter()
        .filter(|m| m.status.kind().is_settled())
        .count();
    let bar: String = (0..counted.len())
        .map(|i| if i < done { '▰' } else { '▱' })
        .collect();
    (bar, done as i64, counted.len() as i64)
}

/// One line per order for `/orders`.
pub fn order_line(order: &Order) -> Text {
    let (bar, done, total) = progress_bar(order);
    let waiting = order
        .current_milestone()
        .map_or("closed", |m| m.status.kind().as_str());
    Text::new("orders-line")
        .arg("id", order.id.0)
        .arg("order", order.title.as_str())
        .arg("bar", bar)
        .arg("done", done)
        .arg("total", total)
        .arg("status", status_name(waiting))
}
