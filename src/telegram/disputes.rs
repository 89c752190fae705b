//! How a dispute reads: the dossier admins decide on (the order's history and both parties' track records), the
//! resolution buttons, profiles, and the audit log. Pure: the services fill in what they read from the store.

use super::callback::{Callback, Verdict};
use super::notices::Button;
use super::views::role_name;
use crate::i18n::{Arg, Text};
use crate::services::profiles::Profile;
use dereja_domain::{Actor, Event, EventKind, Money, Order, Resolution, Role};

/// A person's profile as a few lines; `None` renders as "unknown".
pub fn profile_text(profile: &Profile) -> Text {
    let record = &profile.record;
    let rating = match profile.rating() {
        Some(avg) => Text::new("profile-rating")
            .arg("stars", avg)
            .arg("count", profile.ratings),
        None => Text::new("profile-no-rating"),
    };
    let on_time = match record.on_time_percent() {
        Some(percent) => Text::new("profile-on-time")
            .arg("percent", i64::from(percent))
            .arg("count", i64::from(record.delivered)),
        None => Text::new("profile-no-deliveries"),
    };
    let flag = if record.flagged() {
        Arg::Text(Box::new(Text::new("profile-flag")))
    } else {
        Arg::Str(String::new())
    };
    let mut text = Text::new("profile")
        .arg("name", profile.name.as_str())
        .arg("rating", rating)
        .arg("completed", i64::from(record.completed))
        .arg("ontime", on_time)
        .arg("opened", i64::from(record.disputes_opened))
        .arg("lost", i64::from(record.disputes_lost))
        .arg("cancelled", i64::from(record.cancellations))
        .arg("flag", flag);
    text = match profile.since {
        Some(since) => text.arg("since", since),
        None => text.arg("since", "?"),
    };
    text
}

/// Who did it, as the order's parties know each other.
fn actor_text(order: &Order, actor: Actor) -> Text {
    match actor {
        Actor::User { id, .. } => match order.role_of(id) {
            Some(role) => role_name(role),
            None => Text::new("history-admin"),
        },
        Actor::System => Text::new("history-system"),
    }
}

/// What a message-like event said, shortened: the parties' conversation is part of the record admins read.
fn said(kind: &EventKind) -> Option<String> {
    /// Enough to follow a conversation; `/history` and the dossier stay readable.
    const QUOTE_CHARS: usize = 300;
    let (note, files) = match kind {
        EventKind::ChatMessage {
            note, attachments, ..
        } => (note.as_ref(), attachments.len()),
        EventKind::ProgressPosted { note } => (Some(note), 0),
        EventKind::RevisionRequested { feedback, .. } => (Some(feedback), 0),
        _ => return None,
    };
    let mut text: String = note
        .map_or("", |n| n.as_str())
        .chars()
        .take(QUOTE_CHARS)
        .collect();
    if note.is_some_and(|n| n.as_str().chars().count() > QUOTE_CHARS) {
        text.push('…');
    }
    if files > 0 {
        text = format!("{text} 📎{files}").trim().to_string();
    }
    Some(text)
}

/// The audit log: one line per event, with its time, who did it, and what they wrote.
pub fn history_lines(order: &Order, events: &[Event]) -> Vec<Text> {
    events
        .iter()
        .map(|e| {
            let line = match said(&e.kind) {
                Some(text) => Text::new("history-line-said").arg("text", text),
                None => Text::new("history-line"),
            };
            line.arg("at", e.at)
                .arg("who", actor_text(order, e.actor))
                .arg(
                    "what",
                    Text::new("event-name")
                        .arg("kind", e.kind.name())
                        .arg("seq", i64::from(e.seq.unwrap_or_default())),
                )
        })
        .collect()
}

/// Everything an admin needs to decide a dispute in one message.
pub fn dossier(
    order: &Order,
    seq: u16,
    events: &[Event],
    buyer: Option<&Profile>,
    seller: Option<&Profile>,
) -> Text {
    let milestone = order.milestone(seq);
    let (opened_by, reason) = events
        .iter()
        .rev()
        .find_map(|e| match &e.kind {
            EventKind::DisputeOpened { by, reason } if e.seq == Some(seq) => {
                Some((*by, reason.as_str().to_string()))
            }
            _ => None,
        })
        .unwrap_or((Role::Buyer, String::new()));
    let party = |role: Role, profile: Option<&Profile>| {
        Text::new("dossier-party").arg("role", role_name(role)).arg(
            "profile",
            profile.map_or_else(|| Text::new("profile-unknown"), profile_text),
        )
    };
    let mut text = Text::new("dispute-dossier")
        .arg("id", order.id.0)
        .arg("order", order.title.as_str())
        .arg("seq", i64::from(seq))
        .arg(
            "title",
            milestone.map_or(String::new(), |m| m.terms.title.as_str().to_string()),
        )
        .arg("role", role_name(opened_by))
        .arg("reason", reason)
        .arg("history", Arg::Lines(history_lines(order, events)))
        .arg("buyer", party(Role::Buyer, buyer))
        .arg("seller", party(Role::Seller, seller));
    if let Some(m) = milestone {
        text = text.arg("amount", m.terms.amount);
    }
    text
}

/// Release / Refund / Split, and questions to either party.
pub fn admin_buttons(order: &Order, seq: u16) -> Vec<Vec<Button>> {
    let id = order.id;
    vec![
        vec![
            Button::callback(
                "button-release",
                Callback::Resolve(id, seq, Verdict::Release),
            ),
            Button::callback("button-refund", Callback::Resolve(id, seq, Verdict::Refund)),
        ],
        vec![Button::callback(
            "button-split",
            Callback::Resolve(id, seq, Verdict::Split),
        )],
        vec![
            Button::callback("button-ask-buyer", Callback::AskParty(id, seq, Role::Buyer)),
            Button::callback(
                "button-ask-seller",
                Callback::AskParty(id, seq, Role::Seller),
            ),
        ],
    ]
}

/// What a resolution did with the money.
pub fn resolution_text(resolution: &Resolution, amount: Money) -> Text {
    match resolution {
        Resolution::Release => Text::new("resolution-release").arg("amount", amount),
        Resolution::Refund => Text::new("resolution-refund").arg("amount", amount),
        Resolution::Split { seller_share } => {
            let rest = amount.checked_sub(seller_share).unwrap_or(amount);
            Text::new("resolution-split")
                .arg("seller", *seller_share)
                .arg("buyer", rest)
        }
    }
}
