//! How a dispute reads: the dossier admins decide on (the order's history and both parties' track records), the
//! resolution buttons, profiles, and the audit log. Pure: the services fill in what they read from the store.

use super::callback::{Callback, Verdict};
use super::notice::Button;
use super::views::role_name;
use crate::i18n::{Arg, Text};
use dereja_domain::{Actor, Event, EventKind, Money, Order, Profile, Resolution, Role};

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

/// `/history` quotes this much of what each message said: enough to follow a conversation.
pub const HISTORY_QUOTE_CHARS: usize = 300;
/// The dossier is one Telegram message (at most 4,096 characters, with a reason of up to 1,000): it shows the
/// latest events, shorter, and points to `/history` for the rest.
const DOSSIER_EVENTS: usize = 10;
const DOSSIER_QUOTE_CHARS: usize = 120;

/// What a message-like event said, cut at `limit` characters: the parties' conversation is part of the record.
fn said(kind: &EventKind, limit: usize) -> Option<String> {
    let (note, files) = match kind {
        EventKind::ChatMessage {
            note, attachments, ..
        } => (note.as_ref(), attachments.len()),
        EventKind::ProgressPosted { note } => (Some(note), 0),
        EventKind::RevisionRequested { feedback, .. } => (Some(feedback), 0),
        EventKind::Frozen { reason } => (Some(reason), 0),
        EventKind::PartyBanned { reason, .. } => (reason.as_ref(), 0),
        _ => return None,
    };
    let mut text: String = note
        .map_or("", |n| n.as_str())
        .chars()
        .take(limit)
        .collect();
    if note.is_some_and(|n| n.as_str().chars().count() > limit) {
        text.push('…');
    }
    if files > 0 {
        text = format!("{text} 📎{files}").trim().to_string();
    }
    Some(text)
}

/// The audit log: one line per event, with its time, who did it, and what they wrote (cut at `quote` characters).
pub fn history_lines(order: &Order, events: &[Event], quote: usize) -> Vec<Text> {
    events
        .iter()
        .map(|e| {
            let line = match said(&e.kind, quote) {
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
        .arg("history", Arg::Lines(dossier_history(order, events)))
        .arg("buyer", party(Role::Buyer, buyer))
        .arg("seller", party(Role::Seller, seller));
    if let Some(m) = milestone {
        text = text.arg("amount", m.terms.amount);
    }
    text
}

/// The latest events for the dossier, after a pointer to `/history` when earlier ones are left out.
fn dossier_history(order: &Order, events: &[Event]) -> Vec<Text> {
    let earlier = events.len().saturating_sub(DOSSIER_EVENTS);
    let mut lines = Vec::new();
    if earlier > 0 {
        let more = Text::new("history-earlier")
            .arg("count", earlier as i64)
            .arg("id", order.id.0);
        lines.push(more);
    }
    lines.extend(history_lines(
        order,
        &events[earlier..],
        DOSSIER_QUOTE_CHARS,
    ));
    lines
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::events::tests::longest_order;
    use chrono::{TimeZone as _, Utc};
    use dereja_domain::{Language, Note, TimeZone, TrackRecord, UserId};

    /// The longest dossier the rules allow (a 1,000-character reason, a long conversation of 1,000-character
    /// messages, a flagged party) still fits in one Telegram message, in every language.
    #[test]
    fn the_longest_dossier_fits_in_one_message() {
        let now = Utc.with_ymd_and_hms(2026, 3, 2, 6, 0, 0).unwrap();
        let long = |c: char| Note::new(&c.to_string().repeat(Note::MAX_CHARS)).unwrap();
        let order = longest_order("- 3 logo concepts as PNG", now);
        let event = |kind| Event {
            order: order.id,
            seq: Some(1),
            at: now,
            actor: Actor::User {
                id: UserId(1),
                admin: false,
            },
            kind,
        };
        let mut events: Vec<Event> = (0..60)
            .map(|_| {
                event(EventKind::ChatMessage {
                    by: Role::Buyer,
                    note: Some(long('መ')),
                    attachments: Vec::new(),
                    contact: true,
                })
            })
            .collect();
        events.push(event(EventKind::DisputeOpened {
            by: Role::Buyer,
            reason: long('ሰ'),
        }));
        let profile = Profile {
            user: UserId(1),
            name: "ሀ".repeat(64),
            since: Some(now),
            record: TrackRecord {
                completed: 999,
                delivered: 999,
                on_time: 500,
                disputes_opened: 99,
                disputes_lost: 99,
                cancellations: 99,
            },
            stars: 4000,
            ratings: 999,
        };
        let text = dossier(&order, 1, &events, Some(&profile), Some(&profile));
        for lang in [Language::EN, Language::AM] {
            let rendered = text.render_for(lang, TimeZone::ADDIS_ABABA);
            let length = rendered.encode_utf16().count();
            assert!(length <= 4096, "{lang:?}: {length} characters");
            assert!(rendered.contains("/history 12"), "{rendered}");
        }
    }
}
