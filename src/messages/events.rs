//! Which message each domain event produces, for whom, with which buttons. Pure: the services store the notices
//! in the outbox in the same transaction as the change, and the sender renders each one in its reader's language
//! when it sends it.

use super::buttons::{
    funding_buttons, milestone_star_buttons, proposal_buttons, review_buttons, show_order,
    star_buttons,
};
use super::callback::Callback;
use super::dossier::{admin_buttons, resolution_text};
use super::notice::{Audience, Button, Fallback, Notice, Recipient};
use crate::i18n::{Arg, Text};
use dereja_domain::{
    Attachment, Delivery, Event, EventKind, Money, Note, Order, Origin, Resolution, Role,
    StatusKind, UserId,
};

/// The notices the events of one command produce. `order` is the order after the command.
pub fn for_events(order: &Order, events: &[Event], audience: &Audience) -> Vec<Notice> {
    let mut out = Vec::new();
    for event in events {
        let mut batch = Batch {
            order,
            audience,
            seq: event.seq.unwrap_or_default(),
            direct: Vec::new(),
            personal: Vec::new(),
            group_status: None,
        };
        batch.add(&event.kind, events);
        out.extend(batch.finish());
    }
    out
}

/// A milestone's message: the order's title and number, the milestone's number and title.
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

/// A personal notice before its recipient is known.
struct Draft {
    text: Text,
    buttons: Vec<Vec<Button>>,
    attachments: Vec<Attachment>,
    caption: Option<Text>,
}

impl Draft {
    fn new(text: Text) -> Draft {
        Draft {
            text,
            buttons: Vec::new(),
            attachments: Vec::new(),
            caption: None,
        }
    }

    fn buttons(mut self, rows: Vec<Vec<Button>>) -> Draft {
        self.buttons = rows;
        self
    }
}

/// The notices of one event: messages to named chats first, then to the parties, then the group's status line.
struct Batch<'a> {
    order: &'a Order,
    audience: &'a Audience,
    seq: u16,
    direct: Vec<Notice>,
    personal: Vec<(Option<UserId>, Draft)>,
    group_status: Option<Text>,
}

impl Batch<'_> {
    fn add(&mut self, kind: &EventKind, events: &[Event]) {
        match kind {
            EventKind::PartyJoined { role, .. } => self.joined(*role),
            EventKind::MilestoneProposed { by, .. } => self.proposed(*by),
            EventKind::ProposalAccepted => self.accepted(),
            EventKind::ProposalDeclined { reason } => self.tell_proposer(
                self.ms("notice-declined")
                    .arg("reason", reason.as_ref().map_or("—", |r| r.as_str())),
            ),
            EventKind::ChangesRequested { note } => self.changes_requested(note),
            EventKind::ProposalRevised { .. } => self.revised(),
            EventKind::PaymentReported { reference } => self.payment_reported(reference),
            EventKind::PaymentRejected { reason } => {
                let text = self
                    .ms("notice-payment-rejected")
                    .arg("reason", reason.as_str());
                let buttons = funding_buttons(self.order, self.seq, self.audience);
                self.tell(Role::Buyer, Draft::new(text).buttons(buttons));
            }
            EventKind::Funded { amount, .. } => self.funded(*amount),
            EventKind::Started { due_at } => self.started(*due_at),
            EventKind::Delivered {
                delivery,
                auto_approve_at,
            } => self.delivered(delivery, *auto_approve_at),
            EventKind::RevisionRequested {
                feedback,
                used,
                included,
                unticked,
            } => self.revision_requested(feedback, *used, *included, unticked),
            EventKind::ExtraRevisionAsked => {
                let grant = self.button("button-grant-revision", Callback::GrantRevision);
                let draft = Draft::new(self.ms("notice-extra-revision-asked"));
                self.tell(Role::Seller, draft.buttons(vec![vec![grant]]));
            }
            EventKind::RevisionGranted { .. } => {
                let ask = self.button("button-request-revision", Callback::RequestRevision);
                let draft = Draft::new(self.ms("notice-revision-granted"));
                self.tell(Role::Buyer, draft.buttons(vec![vec![ask]]));
            }
            EventKind::Approved {
                released,
                clears_at,
                auto,
            } => self.approved(*released, *clears_at, *auto, events),
            EventKind::Cleared { amount } => {
                let text = self.ms("notice-cleared").arg("amount", *amount);
                self.tell(Role::Seller, Draft::new(text));
            }
            EventKind::CancellationRequested { by } => self.cancellation_requested(*by),
            EventKind::CancellationRejected { by } => {
                self.tell(by.other(), Draft::new(self.ms("notice-cancel-rejected")))
            }
            EventKind::Cancelled { refunded } => {
                let text = match refunded {
                    Some(amount) => self.ms("notice-cancelled-refunded").arg("amount", *amount),
                    None => self.ms("notice-cancelled"),
                };
                self.tell_both(&text);
            }
            EventKind::OrderClosed { completed } => self.closed(*completed),
            EventKind::DeadlineExtended { due_at } => {
                let text = self.ms("notice-deadline-extended").arg("due", *due_at);
                self.tell(Role::Seller, Draft::new(text));
            }
            EventKind::ChatMessage {
                by,
                note,
                attachments,
                ..
            } => self.chat(*by, note.as_ref(), attachments),
            EventKind::ProgressPosted { note } => {
                let text = self.ms("notice-progress").arg("note", note.as_str());
                let buttons = show_order(self.order);
                self.tell(Role::Buyer, Draft::new(text).buttons(buttons));
            }
            EventKind::DisputeOpened { by, reason } => {
                // The admins' dossier needs the store: the order service adds it.
                let text = self
                    .ms("notice-dispute-opened")
                    .arg("reason", reason.as_str());
                self.tell(by.other(), Draft::new(text));
            }
            EventKind::DisputeMessage {
                by,
                to,
                note,
                attachments,
            } => self.dispute_message(*by, *to, note.as_ref(), attachments),
            EventKind::DisputeWithdrawn { by } => {
                let text = self
                    .ms("notice-dispute-withdrawn")
                    .arg("party", by.as_str());
                self.tell(by.other(), Draft::new(text.clone()));
                self.tell_admins(&text, Vec::new(), &[]);
            }
            EventKind::DisputeResolved { resolution, note } => {
                self.resolved(resolution, note.as_ref())
            }
            EventKind::Frozen { reason } => {
                let text = self
                    .ms("notice-order-frozen")
                    .arg("reason", reason.as_str());
                self.tell_both(&text);
            }
            EventKind::Unfrozen => {
                let text = self.ms("notice-order-unfrozen");
                self.tell_both(&text);
            }
            _ => {}
        }
    }

    fn ms(&self, id: &str) -> Text {
        milestone_text(id, self.order, self.seq)
    }

    fn amount(&self) -> Arg {
        self.order
            .milestone(self.seq)
            .map_or(Arg::Str(String::new()), |m| Arg::from(m.terms.amount))
    }

    /// A button about this event's milestone.
    fn button(&self, label: &str, intent: fn(dereja_domain::OrderId, u16) -> Callback) -> Button {
        Button::callback(label, intent(self.order.id, self.seq))
    }

    fn tell(&mut self, role: Role, draft: Draft) {
        self.personal.push((self.order.party(role), draft));
    }

    fn tell_both(&mut self, text: &Text) {
        for role in [Role::Buyer, Role::Seller] {
            self.tell(role, Draft::new(text.clone()));
        }
    }

    /// To whoever proposed this event's milestone.
    fn tell_proposer(&mut self, text: Text) {
        if let Some(m) = self.order.milestone(self.seq) {
            self.tell(m.proposed_by, Draft::new(text));
        }
    }

    /// To the admins who may decide on this order (see [`Audience::deciders`]).
    fn tell_admins(&mut self, text: &Text, buttons: Vec<Vec<Button>>, files: &[Attachment]) {
        for recipient in self.audience.deciders(self.order) {
            let mut notice = Notice::new(recipient, text.clone()).buttons(buttons.clone());
            notice.attachments = files.to_vec();
            self.direct.push(notice);
        }
    }

    fn joined(&mut self, role: Role) {
        let text = Text::new("notice-joined")
            .arg("order", self.order.title.as_str())
            .arg("id", self.order.id.0);
        self.tell(
            role.other(),
            Draft::new(text).buttons(show_order(self.order)),
        );
        self.group_status = Some(Text::new("group-joined").arg("order", self.order.title.as_str()));
    }

    fn proposed(&mut self, by: Role) {
        if self.order.party(by.other()).is_some() {
            let buttons = proposal_buttons(self.order, self.seq);
            self.tell(
                by.other(),
                Draft::new(self.ms("notice-proposal")).buttons(buttons),
            );
        }
    }

    /// The proposer hears what to change, with the way to revise the milestone.
    fn changes_requested(&mut self, note: &Note) {
        let Some(proposer) = self.order.milestone(self.seq).map(|m| m.proposed_by) else {
            return;
        };
        let text = self
            .ms("notice-changes-requested")
            .arg("note", note.as_str());
        let revise = self.button("button-revise-terms", Callback::ReviseMilestone);
        self.tell(proposer, Draft::new(text).buttons(vec![vec![revise]]));
    }

    /// The revised terms go to the other party to answer again.
    fn revised(&mut self) {
        let Some(m) = self.order.milestone(self.seq) else {
            return;
        };
        let text = self
            .ms("notice-proposal-revised")
            .arg("amount", m.terms.amount);
        let buttons = proposal_buttons(self.order, self.seq);
        self.tell(m.proposed_by.other(), Draft::new(text).buttons(buttons));
    }

    fn accepted(&mut self) {
        self.tell_proposer(self.ms("notice-accepted"));
        let fund = self.ms("notice-fund-please").arg("amount", self.amount());
        let buttons = funding_buttons(self.order, self.seq, self.audience);
        self.tell(Role::Buyer, Draft::new(fund).buttons(buttons));
    }

    fn payment_reported(&mut self, reference: &Note) {
        let text = self
            .ms("notice-payment-reported")
            .arg("reference", reference.as_str())
            .arg("amount", self.amount());
        let buttons = vec![vec![
            self.button("button-confirm-payment", Callback::ConfirmPayment),
            self.button("button-reject-payment", Callback::RejectPayment),
        ]];
        self.tell_admins(&text, buttons.clone(), &[]);
        // The order's group, when it is a registered community whose admins may confirm.
        if let Origin::Group { chat_id } = self.order.origin
            && self.audience.group_decides
        {
            self.direct
                .push(Notice::new(Recipient::Chat(chat_id), text).buttons(buttons));
        }
        self.tell(Role::Buyer, Draft::new(self.ms("notice-payment-waiting")));
    }

    fn funded(&mut self, amount: Money) {
        let text = self.ms("notice-funded").arg("amount", amount);
        self.tell(Role::Buyer, Draft::new(text));
        let waiting = self
            .order
            .milestone(self.seq)
            .is_some_and(|m| !m.status.is_active());
        if waiting {
            let text = self.ms("notice-funded-waiting").arg("amount", amount);
            self.tell(Role::Seller, Draft::new(text));
        }
    }

    fn started(&mut self, due_at: chrono::DateTime<chrono::Utc>) {
        let deliverables = self
            .order
            .milestone(self.seq)
            .map(|m| m.terms.deliverables.as_str().to_string())
            .unwrap_or_default();
        let text = self
            .ms("notice-start-now")
            .arg("deliverables", deliverables)
            .arg("due", due_at);
        let buttons = vec![vec![
            self.button("button-deliver", Callback::StartDelivery),
            self.button("button-post-progress", Callback::PostProgress),
        ]];
        self.tell(Role::Seller, Draft::new(text).buttons(buttons));
        let text = self.ms("notice-started").arg("due", due_at);
        self.tell(
            Role::Buyer,
            Draft::new(text).buttons(show_order(self.order)),
        );
        self.group_status = Some(self.ms("group-started"));
    }

    fn delivered(&mut self, delivery: &Delivery, auto_approve_at: chrono::DateTime<chrono::Utc>) {
        // The checklist gets the room the delivery's own text leaves in one message; the tick buttons name every
        // item anyway.
        let message = delivery.text().unwrap_or("—");
        // With files, the delivery's words go under them as their caption where they fit: the buyer reads them
        // beside what they describe.
        let captioned = !delivery.attachments().is_empty()
            && delivery
                .text()
                .is_some_and(|t| t.chars().count() <= CAPTION_ROOM);
        let room = DELIVERED_ROOM.saturating_sub(message.chars().count());
        let items = self
            .order
            .milestone(self.seq)
            .map(|m| cut(m.terms.deliverables.as_str(), room))
            .unwrap_or_default();
        let words: Arg = match captioned {
            true => Text::new("notice-delivered-words-below").into(),
            false => message.into(),
        };
        let text = self
            .ms("notice-delivered")
            .arg("message", words)
            .arg("files", delivery.attachments().len() as i64)
            .arg("items", items)
            .arg("auto", auto_approve_at);
        let mut draft = Draft::new(text).buttons(review_buttons(self.order, self.seq));
        draft.attachments = delivery.attachments().to_vec();
        draft.caption = captioned.then(|| Text::new("delivery-caption").arg("message", message));
        self.tell(Role::Buyer, draft);
        let text = self.ms("notice-submitted").arg("auto", auto_approve_at);
        self.tell(Role::Seller, Draft::new(text));
        self.group_status = Some(self.ms("group-delivered"));
    }

    fn revision_requested(&mut self, feedback: &Note, used: u8, included: u8, unticked: &[String]) {
        let id = if unticked.is_empty() {
            "notice-revision-requested"
        } else {
            "notice-revision-requested-items"
        };
        let text = self
            .ms(id)
            .arg("items", bullets(unticked))
            .arg("feedback", feedback.as_str())
            .arg("used", i64::from(used))
            .arg("included", i64::from(included));
        let deliver = self.button("button-deliver", Callback::StartDelivery);
        self.tell(Role::Seller, Draft::new(text).buttons(vec![vec![deliver]]));
    }

    fn approved(
        &mut self,
        released: Money,
        clears_at: chrono::DateTime<chrono::Utc>,
        auto: bool,
        events: &[Event],
    ) {
        let (seller_text, buyer_text) = if auto {
            ("notice-auto-approved-seller", "notice-auto-approved-buyer")
        } else {
            ("notice-approved-seller", "notice-approved-buyer")
        };
        let text = self
            .ms(seller_text)
            .arg("amount", released)
            .arg("clears", clears_at);
        self.tell(Role::Seller, Draft::new(text));
        // After a dispute the buyer did not approve: the resolution notice tells them what happened.
        let by_resolution = events
            .iter()
            .any(|e| matches!(e.kind, EventKind::DisputeResolved { .. }));
        if !by_resolution {
            let text = self.ms(buyer_text).arg("amount", released);
            let stars = milestone_star_buttons(self.order, self.seq);
            self.tell(Role::Buyer, Draft::new(text).buttons(stars));
        }
        self.group_status = Some(self.ms("group-approved"));
        // The next milestone's turn: if it is not funded yet, ask for it again now.
        if let Some(next) = self
            .order
            .current_milestone()
            .filter(|m| m.status.kind() == StatusKind::AwaitingFunding)
        {
            let text = milestone_text("notice-fund-please", self.order, next.seq)
                .arg("amount", next.terms.amount);
            let buttons = funding_buttons(self.order, next.seq, self.audience);
            self.tell(Role::Buyer, Draft::new(text).buttons(buttons));
        }
    }

    fn cancellation_requested(&mut self, by: Role) {
        let (id, seq) = (self.order.id, self.seq);
        let buttons = vec![vec![
            Button::callback(
                "button-agree-cancel",
                Callback::AnswerCancellation(id, seq, true),
            ),
            Button::callback(
                "button-keep-going",
                Callback::AnswerCancellation(id, seq, false),
            ),
        ]];
        let draft = Draft::new(self.ms("notice-cancel-requested")).buttons(buttons);
        self.tell(by.other(), draft);
    }

    fn closed(&mut self, completed: bool) {
        let id = if completed {
            "notice-order-completed"
        } else {
            "notice-order-closed"
        };
        let text = Text::new(id)
            .arg("order", self.order.title.as_str())
            .arg("id", self.order.id.0);
        if !completed {
            self.tell_both(&text);
            return;
        }
        // A completed order asks each side to rate the other; the seller may offer an add-on (maintenance, extra
        // revisions, an upgrade) right there.
        let buyer = star_buttons(self.order);
        let mut seller = star_buttons(self.order);
        if self.order.milestones.len() < Order::MAX_MILESTONES {
            seller.push(vec![Button::callback(
                "button-propose-addon",
                Callback::AddOn(self.order.id),
            )]);
        }
        self.tell(Role::Buyer, Draft::new(text.clone()).buttons(buyer));
        self.tell(Role::Seller, Draft::new(text).buttons(seller));
        self.group_status =
            Some(Text::new("group-completed").arg("order", self.order.title.as_str()));
    }

    fn chat(&mut self, by: Role, note: Option<&Note>, attachments: &[Attachment]) {
        let text = Text::new("notice-chat")
            .arg("id", self.order.id.0)
            .arg("order", self.order.title.as_str())
            .arg("party", by.as_str())
            .arg("message", note.map_or("📎", |n| n.as_str()));
        let reply = Button::callback("button-reply", Callback::Chat(self.order.id));
        let mut draft = Draft::new(text).buttons(vec![vec![reply]]);
        draft.attachments = attachments.to_vec();
        self.tell(by.other(), draft);
    }

    fn dispute_message(
        &mut self,
        by: Option<Role>,
        asked: Option<Role>,
        note: Option<&Note>,
        attachments: &[Attachment],
    ) {
        let note = note.map_or(String::new(), |n| n.as_str().to_string());
        match (by, asked) {
            // A party's evidence or answer: to the admins, files included.
            (Some(role), None) => {
                let text = self
                    .ms("notice-dispute-message")
                    .arg("party", role.as_str())
                    .arg("note", note);
                let buttons = admin_buttons(self.order, self.seq);
                self.tell_admins(&text, buttons, attachments);
            }
            // An admin's question: to the party asked, who can answer.
            (None, Some(role)) => {
                let reply = self.button("button-reply", Callback::DisputeReply);
                let text = self.ms("notice-admin-question").arg("note", note);
                self.tell(role, Draft::new(text).buttons(vec![vec![reply]]));
            }
            _ => {}
        }
    }

    fn resolved(&mut self, resolution: &Resolution, note: Option<&Note>) {
        let Some(amount) = self.order.milestone(self.seq).map(|m| m.terms.amount) else {
            return;
        };
        let note = match note {
            Some(n) => Arg::Text(Box::new(
                Text::new("resolution-note").arg("note", n.as_str()),
            )),
            None => Arg::Str(String::new()),
        };
        let text = self
            .ms("notice-dispute-resolved")
            .arg("outcome", resolution_text(resolution, amount))
            .arg("note", note);
        self.tell_both(&text);
    }

    /// The notices in order; a party who cannot be reached is told through the group, or else the other party.
    fn finish(self) -> Vec<Notice> {
        let order = self.order;
        let group = match order.origin {
            Origin::Group { chat_id } => Some(chat_id),
            Origin::Private => None,
        };
        let mut out = self.direct;
        for (user, draft) in self.personal {
            let Some(user) = user else { continue };
            let other = order
                .role_of(user)
                .and_then(|role| order.party(role.other()));
            let fallback = match (group, other) {
                (Some(chat_id), _) => Fallback::Group {
                    chat_id,
                    order: Some(order.id),
                },
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
                caption: draft.caption,
                fallback,
            });
        }
        if let (Some(chat), Some(text)) = (group, self.group_status) {
            out.push(Notice::new(Recipient::Chat(chat), text));
        }
        out
    }
}

/// What a delivery notice may spend on the delivery's text and the checklist together: Telegram's 4,096
/// characters less the longest wording, title and dates.
const DELIVERED_ROOM: usize = 3400;

/// The most of a delivery's own text that goes as its files' caption: Telegram's 1,024 characters less the
/// caption's wording.
const CAPTION_ROOM: usize = 950;

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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use chrono::{Duration, TimeZone as _, Utc};
    use dereja_domain::{
        Actor, Command, Context, Currency, Deadline, Deliverables, Delivery, Language,
        MilestoneTerms, Money, OrderDraft, OrderId, PaymentRef, Policy, RevisionCount, TimeZone,
        Title,
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
            (2, Command::Join { invitation: None }),
            (2, Command::Accept { seq: 1 }),
            (1, Command::Fund { seq: 1, payment }),
            (2, Command::Deliver { seq: 1, delivery }),
        ] {
            let outcome = order.handle(command, &ctx(by)).unwrap();
            (order, events) = (outcome.order, outcome.events);
        }
        let audience = Audience::default();
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
