//! Which message each domain event produces, for whom, with which buttons. Pure: the services store the notices
//! in the outbox in the same transaction as the change, and the outbox sender renders each one in its reader's
//! language when it sends it.

use super::callback::Callback;
use crate::i18n::{Arg, Text};
use dereja_domain::{
    Attachment, Event, EventKind, Order, OrderId, Origin, Role, StatusKind, UserId,
};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Recipient {
    /// A person, in their private chat with the bot and their language.
    User(UserId),
    /// A group or the admin chat, in the language its admins chose (else the community's default).
    Chat(i64),
}

/// An inline button: a label from the locales and the callback data it sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Button {
    pub label: Text,
    pub callback: String,
}

impl Button {
    pub fn callback(label: &str, callback: Callback) -> Button {
        Button {
            label: Text::new(label),
            callback: callback.to_string(),
        }
    }
}

/// What to do when Telegram says a person cannot be reached (never started the bot, or blocked it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fallback {
    #[default]
    Nothing,
    /// Post the notice in the order's group instead.
    Group { chat_id: i64 },
    /// Tell the other party of the order, once, with the invitation link to pass on.
    OtherParty { order: OrderId, user: UserId },
}

/// One message to send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub to: Recipient,
    pub text: Text,
    pub buttons: Vec<Vec<Button>>,
    /// Files re-sent by `file_id` after the text (a delivery).
    pub attachments: Vec<Attachment>,
    pub fallback: Fallback,
}

impl Notice {
    pub fn new(to: Recipient, text: Text) -> Notice {
        Notice {
            to,
            text,
            buttons: Vec::new(),
            attachments: Vec::new(),
            fallback: Fallback::Nothing,
        }
    }

    pub fn buttons(mut self, rows: Vec<Vec<Button>>) -> Notice {
        self.buttons = rows;
        self
    }
}

/// A personal notice before its recipient is known.
struct Draft {
    text: Text,
    buttons: Vec<Vec<Button>>,
    attachments: Vec<Attachment>,
}

impl Draft {
    fn new(text: Text) -> Draft {
        Draft {
            text,
            buttons: Vec::new(),
            attachments: Vec::new(),
        }
    }

    fn buttons(mut self, rows: Vec<Vec<Button>>) -> Draft {
        self.buttons = rows;
        self
    }
}

/// Who else hears about payments that need confirming.
#[derive(Debug, Clone, Default)]
pub struct Audience {
    pub admins: Vec<UserId>,
    pub admin_chat: Option<i64>,
    /// Whether Telegram Payments is configured (the "pay with Telegram" button).
    pub telegram_payments: bool,
}

pub fn milestone_text(id: &str, order: &Order, seq: u16) -> Text {
    let title = order
        .milestone(seq)
        .map(|m| m.terms.title.as_str().to_string())
        .unwrap_or_default();
    Text::new(id)
        .arg("order", order.title.as_str())
        .arg("id", order.id.0)
        .arg("seq", i64::from(seq))
        .arg("title", title)
}

/// A button that opens the order's view with its next steps.
pub fn show_order(order: &Order) -> Vec<Vec<Button>> {
    vec![vec![Button::callback(
        "button-show-order",
        Callback::ShowOrder(order.id),
    )]]
}

/// One to five stars, for rating the other party.
fn star_buttons(order: &Order) -> Vec<Vec<Button>> {
    vec![
        (1..=5u8)
            .map(|n| Button {
                label: Text::new("button-stars").arg("stars", i64::from(n)),
                callback: Callback::Rate(order.id, n).to_string(),
            })
            .collect(),
    ]
}

/// One to five stars for a milestone the buyer approved.
fn milestone_star_buttons(order: &Order, seq: u16) -> Vec<Vec<Button>> {
    vec![
        (1..=5u8)
            .map(|n| Button {
                label: Text::new("button-stars").arg("stars", i64::from(n)),
                callback: Callback::RateMilestone(order.id, seq, n).to_string(),
            })
            .collect(),
    ]
}

/// The funding buttons for a milestone.
pub fn funding_buttons(order: &Order, seq: u16, audience: &Audience) -> Vec<Vec<Button>> {
    let mut row = Vec::new();
    if audience.telegram_payments {
        row.push(Button::callback(
            "button-pay-telegram",
            Callback::PayByTelegram(order.id, seq),
        ));
    }
    row.push(Button::callback(
        "button-pay-transfer",
        Callback::PayByTransfer(order.id, seq),
    ));
    vec![row]
}

/// A delivery under review: one button per checklist item (✅ once the buyer ticked it), then Approve and
/// Request a revision.
pub fn review_buttons(order: &Order, seq: u16) -> Vec<Vec<Button>> {
    /// Telegram shows about this many characters of a button; the message itself has the whole checklist.
    const LABEL_CHARS: usize = 40;
    /// A keyboard of more rows becomes unwieldy on a phone; longer checklists are judged in words.
    const MAX_ITEMS: usize = 20;
    let mut rows: Vec<Vec<Button>> = Vec::new();
    if let Some(m) = order.milestone(seq)
        && let dereja_domain::Status::Delivered { ticked, .. } = &m.status
    {
        for (i, item) in m.terms.deliverables.items().into_iter().enumerate() {
            let Ok(i) = u8::try_from(i) else { break };
            if usize::from(i) >= MAX_ITEMS {
                break;
            }
            let mut label: String = item.chars().take(LABEL_CHARS).collect();
            if item.chars().count() > LABEL_CHARS {
                label.push('…');
            }
            let mark = if ticked.contains(&i) { "yes" } else { "no" };
            rows.push(vec![Button {
                label: Text::new("button-check-item")
                    .arg("ticked", mark)
                    .arg("item", label),
                callback: Callback::TickItem(order.id, seq, i).to_string(),
            }]);
        }
    }
    rows.push(vec![
        Button::callback("button-approve", Callback::Approve(order.id, seq)),
        Button::callback(
            "button-request-revision",
            Callback::RequestRevision(order.id, seq),
        ),
    ]);
    rows
}

/// The answer buttons for a proposed milestone.
pub fn proposal_buttons(order: &Order, seq: u16) -> Vec<Vec<Button>> {
    vec![
        vec![
            Button::callback("button-accept", Callback::Accept(order.id, seq)),
            Button::callback("button-decline", Callback::Decline(order.id, seq)),
        ],
        vec![Button::callback(
            "button-request-changes",
            Callback::RequestChanges(order.id, seq),
        )],
    ]
}

/// The notices the events of one command produce. `order` is the order after the command.
pub fn for_events(order: &Order, events: &[Event], audience: &Audience) -> Vec<Notice> {
    let mut out = Vec::new();
    let group = match order.origin {
        Origin::Group { chat_id } => Some(chat_id),
        Origin::Private => None,
    };
    let to = |role: Role| order.party(role);
    for event in events {
        let seq = event.seq.unwrap_or_default();
        let ms = |id: &str| milestone_text(id, order, seq);
        let mut notices: Vec<(Option<UserId>, Draft)> = Vec::new();
        let mut group_status: Option<Text> = None;
        match &event.kind {
            EventKind::PartyJoined { role, .. } => {
                let text = Text::new("notice-joined")
                    .arg("order", order.title.as_str())
                    .arg("id", order.id.0);
                notices.push((
                    to(role.other()),
                    Draft::new(text).buttons(show_order(order)),
                ));
                group_status = Some(Text::new("group-joined").arg("order", order.title.as_str()));
            }
            EventKind::MilestoneProposed { by, .. } if order.party(by.other()).is_some() => {
                let n = Draft::new(ms("notice-proposal")).buttons(proposal_buttons(order, seq));
                notices.push((to(by.other()), n));
            }
            EventKind::ProposalAccepted => {
                if let Some(m) = order.milestone(seq) {
                    notices.push((to(m.proposed_by), Draft::new(ms("notice-accepted"))));
                }
                let amount = order.milestone(seq).map(|m| m.terms.amount);
                let fund = ms("notice-fund-please")
                    .arg("amount", amount.map_or(Arg::Str(String::new()), Arg::from));
                let n = Draft::new(fund).buttons(funding_buttons(order, seq, audience));
                notices.push((to(Role::Buyer), n));
            }
            EventKind::ProposalDeclined { reason } => {
                if let Some(m) = order.milestone(seq) {
                    let reason = reason.as_ref().map_or("—", |r| r.as_str());
                    let text = ms("notice-declined").arg("reason", reason);
                    notices.push((to(m.proposed_by), Draft::new(text)));
                }
            }
            EventKind::ChangesRequested { note } => {
                if let Some(m) = order.milestone(seq) {
                    let text = ms("notice-changes-requested").arg("note", note.as_str());
                    notices.push((to(m.proposed_by), Draft::new(text)));
                }
            }
            EventKind::PaymentReported { reference } => {
                let amount = order.milestone(seq).map(|m| m.terms.amount);
                let text = ms("notice-payment-reported")
                    .arg("reference", reference.as_str())
                    .arg("amount", amount.map_or(Arg::Str(String::new()), Arg::from));
                let buttons = vec![vec![
                    Button::callback(
                        "button-confirm-payment",
                        Callback::ConfirmPayment(order.id, seq),
                    ),
                    Button::callback(
                        "button-reject-payment",
                        Callback::RejectPayment(order.id, seq),
                    ),
                ]];
                let admin_notice =
                    |to: Recipient| Notice::new(to, text.clone()).buttons(buttons.clone());
                for admin in audience
                    .admins
                    .iter()
                    .filter(|a| order.role_of(**a).is_none())
                {
                    out.push(admin_notice(Recipient::User(*admin)));
                }
                // The order's group, whose Telegram admins may confirm, and the configured admin chat.
                for chat in group.into_iter().chain(audience.admin_chat) {
                    out.push(admin_notice(Recipient::Chat(chat)));
                }
                notices.push((to(Role::Buyer), Draft::new(ms("notice-payment-waiting"))));
            }
            EventKind::PaymentRejected { reason } => {
                let text = ms("notice-payment-rejected").arg("reason", reason.as_str());
                let n = Draft::new(text).buttons(funding_buttons(order, seq, audience));
                notices.push((to(Role::Buyer), n));
            }
            EventKind::Funded { amount, .. } => {
                let text = ms("notice-funded").arg("amount", *amount);
                notices.push((to(Role::Buyer), Draft::new(text.clone())));
                let waiting = order.milestone(seq).is_some_and(|m| !m.status.is_active());
                if waiting {
                    let text = ms("notice-funded-waiting").arg("amount", *amount);
                    notices.push((to(Role::Seller), Draft::new(text)));
                }
            }
            EventKind::Started { due_at } => {
                let deliverables = order
                    .milestone(seq)
                    .map(|m| m.terms.deliverables.as_str().to_string())
                    .unwrap_or_default();
                let text = ms("notice-start-now")
                    .arg("deliverables", deliverables)
                    .arg("due", *due_at);
                let buttons = vec![vec![
                    Button::callback("button-deliver", Callback::StartDelivery(order.id, seq)),
                    Button::callback(
                        "button-post-progress",
                        Callback::PostProgress(order.id, seq),
                    ),
                ]];
                notices.push((to(Role::Seller), Draft::new(text).buttons(buttons)));
                let text = ms("notice-started").arg("due", *due_at);
                notices.push((to(Role::Buyer), Draft::new(text).buttons(show_order(order))));
                group_status = Some(ms("group-started"));
            }
            EventKind::Delivered {
                delivery,
                auto_approve_at,
            } => {
                // The checklist gets the room the delivery's own text leaves in one message; the tick buttons
                // name every item anyway.
                let message = delivery.text().unwrap_or("—");
                let room = DELIVERED_ROOM.saturating_sub(message.chars().count());
                let items = order
                    .milestone(seq)
                    .map(|m| cut(m.terms.deliverables.as_str(), room))
                    .unwrap_or_default();
                let text = ms("notice-delivered")
                    .arg("message", message)
                    .arg("files", delivery.attachments().len() as i64)
                    .arg("items", items)
                    .arg("auto", *auto_approve_at);
                let mut n = Draft::new(text).buttons(review_buttons(order, seq));
                n.attachments = delivery.attachments().to_vec();
                notices.push((to(Role::Buyer), n));
                let text = ms("notice-submitted").arg("auto", *auto_approve_at);
                notices.push((to(Role::Seller), Draft::new(text)));
                group_status = Some(ms("group-delivered"));
            }
            EventKind::RevisionRequested {
                feedback,
                used,
                included,
                unticked,
            } => {
                let id = if unticked.is_empty() {
                    "notice-revision-requested"
                } else {
                    "notice-revision-requested-items"
                };
                let text = ms(id)
                    .arg("items", bullets(unticked))
                    .arg("feedback", feedback.as_str())
                    .arg("used", i64::from(*used))
                    .arg("included", i64::from(*included));
                let buttons = vec![vec![Button::callback(
                    "button-deliver",
                    Callback::StartDelivery(order.id, seq),
                )]];
                notices.push((to(Role::Seller), Draft::new(text).buttons(buttons)));
            }
            EventKind::ExtraRevisionAsked => {
                let grant = Button::callback(
                    "button-grant-revision",
                    Callback::GrantRevision(order.id, seq),
                );
                let n = Draft::new(ms("notice-extra-revision-asked")).buttons(vec![vec![grant]]);
                notices.push((to(Role::Seller), n));
            }
            EventKind::RevisionGranted { .. } => {
                let ask = Button::callback(
                    "button-request-revision",
                    Callback::RequestRevision(order.id, seq),
                );
                let n = Draft::new(ms("notice-revision-granted")).buttons(vec![vec![ask]]);
                notices.push((to(Role::Buyer), n));
            }
            EventKind::Approved {
                released,
                clears_at,
                auto,
            } => {
                let (seller_text, buyer_text) = if *auto {
                    ("notice-auto-approved-seller", "notice-auto-approved-buyer")
                } else {
                    ("notice-approved-seller", "notice-approved-buyer")
                };
                let text = ms(seller_text)
                    .arg("amount", *released)
                    .arg("clears", *clears_at);
                notices.push((to(Role::Seller), Draft::new(text)));
                // After a dispute the buyer did not approve: the resolution notice tells them what happened.
                let by_resolution = events
                    .iter()
                    .any(|e| matches!(e.kind, EventKind::DisputeResolved { .. }));
                if !by_resolution {
                    let text = ms(buyer_text).arg("amount", *released);
                    let draft = Draft::new(text).buttons(milestone_star_buttons(order, seq));
                    notices.push((to(Role::Buyer), draft));
                }
                group_status = Some(ms("group-approved"));
                // The next milestone's turn: if it is not funded yet, ask for it again now.
                if let Some(next) = order
                    .current_milestone()
                    .filter(|m| m.status.kind() == StatusKind::AwaitingFunding)
                {
                    let text = milestone_text("notice-fund-please", order, next.seq)
                        .arg("amount", next.terms.amount);
                    let n = Draft::new(text).buttons(funding_buttons(order, next.seq, audience));
                    notices.push((to(Role::Buyer), n));
                }
            }
            EventKind::Cleared { amount } => {
                let text = ms("notice-cleared").arg("amount", *amount);
                notices.push((to(Role::Seller), Draft::new(text)));
            }
            EventKind::CancellationRequested { by } => {
                let buttons = vec![vec![
                    Button::callback(
                        "button-agree-cancel",
                        Callback::AnswerCancellation(order.id, seq, true),
                    ),
                    Button::callback(
                        "button-keep-going",
                        Callback::AnswerCancellation(order.id, seq, false),
                    ),
                ]];
                let n = Draft::new(ms("notice-cancel-requested")).buttons(buttons);
                notices.push((to(by.other()), n));
            }
            EventKind::CancellationRejected { by } => {
                notices.push((to(by.other()), Draft::new(ms("notice-cancel-rejected"))));
            }
            EventKind::Cancelled { refunded } => {
                let text = match refunded {
                    Some(amount) => ms("notice-cancelled-refunded").arg("amount", *amount),
                    None => ms("notice-cancelled"),
                };
                for role in [Role::Buyer, Role::Seller] {
                    notices.push((to(role), Draft::new(text.clone())));
                }
            }
            EventKind::OrderClosed { completed } => {
                let id = if *completed {
                    "notice-order-completed"
                } else {
                    "notice-order-closed"
                };
                let text = Text::new(id)
                    .arg("order", order.title.as_str())
                    .arg("id", order.id.0);
                for role in [Role::Buyer, Role::Seller] {
                    let draft = Draft::new(text.clone());
                    // A completed order asks each side to rate the other; the seller may offer an add-on
                    // (maintenance, extra revisions, an upgrade) right there.
                    let draft = match (*completed, role) {
                        (false, _) => draft,
                        (true, Role::Buyer) => draft.buttons(star_buttons(order)),
                        (true, Role::Seller) => {
                            let mut rows = star_buttons(order);
                            if order.milestones.len() < Order::MAX_MILESTONES {
                                rows.push(vec![Button::callback(
                                    "button-propose-addon",
                                    Callback::Propose(order.id),
                                )]);
                            }
                            draft.buttons(rows)
                        }
                    };
                    notices.push((to(role), draft));
                }
                if *completed {
                    group_status =
                        Some(Text::new("group-completed").arg("order", order.title.as_str()));
                }
            }
            EventKind::DeadlineExtended { due_at } => {
                let text = ms("notice-deadline-extended").arg("due", *due_at);
                notices.push((to(Role::Seller), Draft::new(text)));
            }
            EventKind::ChatMessage {
                by,
                note,
                attachments,
                ..
            } => {
                let text = Text::new("notice-chat")
                    .arg("id", order.id.0)
                    .arg("order", order.title.as_str())
                    .arg("role", super::views::role_name(*by))
                    .arg("message", note.as_ref().map_or("📎", |n| n.as_str()));
                let reply = Button::callback("button-reply", Callback::Chat(order.id));
                let mut n = Draft::new(text).buttons(vec![vec![reply]]);
                n.attachments = attachments.clone();
                notices.push((to(by.other()), n));
            }
            EventKind::ProgressPosted { note } => {
                let text = ms("notice-progress").arg("note", note.as_str());
                notices.push((to(Role::Buyer), Draft::new(text).buttons(show_order(order))));
            }
            EventKind::DisputeOpened { by, reason } => {
                let text = ms("notice-dispute-opened").arg("reason", reason.as_str());
                notices.push((to(by.other()), Draft::new(text)));
                // The admins' dossier needs the store: the order service adds it.
            }
            EventKind::DisputeMessage {
                by,
                to: asked,
                note,
                attachments,
            } => {
                let note = note
                    .as_ref()
                    .map_or(String::new(), |n| n.as_str().to_string());
                match (by, asked) {
                    // A party's evidence or answer: to the admins, files included.
                    (Some(role), None) => {
                        let text = ms("notice-dispute-message")
                            .arg("role", super::views::role_name(*role))
                            .arg("note", note);
                        for recipient in admins(order, audience) {
                            let mut n = Notice::new(recipient, text.clone())
                                .buttons(super::disputes::admin_buttons(order, seq));
                            n.attachments = attachments.clone();
                            out.push(n);
                        }
                    }
                    // An admin's question: to the party asked, who can answer.
                    (None, Some(role)) => {
                        let reply =
                            Button::callback("button-reply", Callback::DisputeReply(order.id, seq));
                        let n = Draft::new(ms("notice-admin-question").arg("note", note))
                            .buttons(vec![vec![reply]]);
                        notices.push((to(*role), n));
                    }
                    _ => {}
                }
            }
            EventKind::DisputeWithdrawn { by } => {
                let text = ms("notice-dispute-withdrawn").arg("role", super::views::role_name(*by));
                notices.push((to(by.other()), Draft::new(text.clone())));
                for recipient in admins(order, audience) {
                    out.push(Notice::new(recipient, text.clone()));
                }
            }
            EventKind::DisputeResolved { resolution, note } => {
                if let Some(amount) = order.milestone(seq).map(|m| m.terms.amount) {
                    let note = match note {
                        Some(n) => Arg::Text(Box::new(
                            Text::new("resolution-note").arg("note", n.as_str()),
                        )),
                        None => Arg::Str(String::new()),
                    };
                    let text = ms("notice-dispute-resolved")
                        .arg(
                            "outcome",
                            super::disputes::resolution_text(resolution, amount),
                        )
                        .arg("note", note);
                    for role in [Role::Buyer, Role::Seller] {
                        notices.push((to(role), Draft::new(text.clone())));
                    }
                }
            }
            _ => {}
        }
        for (user, draft) in notices {
            let Some(user) = user else { continue };
            let other = order
                .role_of(user)
                .and_then(|role| order.party(role.other()));
            let fallback = match (group, other) {
                (Some(chat_id), _) => Fallback::Group { chat_id },
                (None, Some(other)) => Fallback::OtherParty {
                    order: order.id,
                    user: other,
                },
                (None, None) => Fallback::Nothing,
            };
            out.push(Notice {
                to: Recipient::User(user),
                text: draft.text,
                buttons: draft.buttons,
                attachments: draft.attachments,
                fallback,
            });
        }
        if let (Some(chat), Some(text)) = (group, group_status) {
            out.push(Notice::new(Recipient::Chat(chat), text));
        }
    }
    out
}

/// What a delivery notice may spend on the delivery's text and the checklist together: Telegram's 4,096
/// characters less the longest wording, title and dates.
const DELIVERED_ROOM: usize = 3400;

/// `text` cut to at most `max` characters, marked with "…" when cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut short: String = text.chars().take(max.saturating_sub(1)).collect();
    short.push('…');
    short
}

/// Items as a bulleted list, one a line.
pub fn bullets(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("• {i}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The admins who may decide on this order's disputes and hear of them: the global ones who are not a party,
/// and the admin chat.
pub fn admins(order: &Order, audience: &Audience) -> Vec<Recipient> {
    audience
        .admins
        .iter()
        .filter(|a| order.role_of(**a).is_none())
        .map(|a| Recipient::User(*a))
        .chain(audience.admin_chat.map(Recipient::Chat))
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use chrono::{Duration, TimeZone as _, Utc};
    use dereja_domain::{
        Actor, Command, Context, Currency, Deadline, Deliverables, Delivery, Language,
        MilestoneTerms, Money, OrderDraft, PaymentRef, Policy, RevisionCount, TimeZone, Title,
    };

    /// Order #12 opened by user 1 (the buyer), with the longest titles and one milestone of `deliverables`: the
    /// worst case for a message's length.
    pub(crate) fn longest_order(deliverables: &str, now: chrono::DateTime<Utc>) -> Order {
        let terms = MilestoneTerms {
            title: Title::new(&"ሀ".repeat(Title::MAX_CHARS)).unwrap(),
            deliverables: Deliverables::new(deliverables).unwrap(),
            deadline: Deadline::after_activation(Duration::days(7)).unwrap(),
            amount: Money::from_minor(150_000, Currency::ETB).unwrap(),
            revisions: RevisionCount::new(1).unwrap(),
        };
        let draft = OrderDraft::new(
            Title::new(&"ለ".repeat(Title::MAX_CHARS)).unwrap(),
            Currency::ETB,
            Origin::Private,
            UserId(1),
            Role::Buyer,
            vec![terms],
        )
        .unwrap();
        Order::open(OrderId(12), draft, now).order
    }

    /// The longest delivery text beside the longest checklist still makes one Telegram message, in every
    /// language.
    #[test]
    fn the_longest_delivery_notice_fits_in_one_message() {
        let now = Utc.with_ymd_and_hms(2026, 3, 2, 6, 0, 0).unwrap();
        let checklist = "- ሀለሐመሠ ረሰሸቀበ\n".repeat(Deliverables::MAX_CHARS / 16);
        let mut order = longest_order(&checklist, now);
        let ctx = |id| Context {
            actor: Actor::User {
                id: UserId(id),
                admin: false,
            },
            now,
            policy: Policy {
                auto_approve_after: Duration::days(3),
                clearing_period: Duration::days(14),
            },
        };
        let payment = PaymentRef::Telegram {
            charge_id: "c".into(),
            provider_charge_id: "p".into(),
        };
        let delivery = Delivery::new(Some(&"መ".repeat(Delivery::MAX_TEXT)), Vec::new()).unwrap();
        let mut events = Vec::new();
        for (by, command) in [
            (2, Command::Join),
            (2, Command::Accept { seq: 1 }),
            (1, Command::Fund { seq: 1, payment }),
            (2, Command::Deliver { seq: 1, delivery }),
        ] {
            let outcome = order.handle(command, &ctx(by)).unwrap();
            (order, events) = (outcome.order, outcome.events);
        }
        let audience = Audience {
            admins: Vec::new(),
            admin_chat: None,
            telegram_payments: false,
        };
        let notices = for_events(&order, &events, &audience);
        let to_buyer = notices
            .iter()
            .find(|n| n.to == Recipient::User(UserId(1)))
            .expect("the buyer is told");
        for lang in [Language::EN, Language::AM] {
            let text = to_buyer.text.render_for(lang, TimeZone::ADDIS_ABABA);
            let length = text.encode_utf16().count();
            assert!(length <= 4096, "{lang:?}: {length} characters");
            assert!(text.contains("ሀለሐመሠ ረሰሸቀበ") && text.contains('…'));
        }
    }
}
