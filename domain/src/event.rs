//! What happened, recorded for the audit log and turned into notifications.

use crate::delivery::{Attachment, Delivery};
use crate::ids::{OrderId, UserId};
use crate::money::Money;
use crate::order::{Actor, PaymentRef, Resolution, Role};
use crate::terms::{MilestoneTerms, Note, Title};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub order: OrderId,
    /// The milestone it concerns, if any.
    pub seq: Option<u16>,
    pub at: DateTime<Utc>,
    pub actor: Actor,
    pub kind: EventKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    OrderOpened {
        title: Title,
        by: Role,
    },
    PartyJoined {
        role: Role,
        user: UserId,
    },
    MilestoneProposed {
        by: Role,
        terms: MilestoneTerms,
    },
    ProposalRevised {
        terms: MilestoneTerms,
    },
    ProposalAccepted,
    ProposalDeclined {
        reason: Option<Note>,
    },
    ChangesRequested {
        note: Note,
    },
    PaymentReported {
        reference: Note,
    },
    PaymentRejected {
        reason: Note,
    },
    Funded {
        amount: Money,
        payment: PaymentRef,
    },
    Started {
        due_at: DateTime<Utc>,
    },
    Delivered {
        delivery: Delivery,
        auto_approve_at: DateTime<Utc>,
    },
    RevisionRequested {
        feedback: Note,
        used: u8,
        included: u8,
        /// The checklist items the buyer did not tick (empty when no item was ticked).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        unticked: Vec<String>,
    },
    ItemTicked {
        item: u8,
        ticked: bool,
    },
    ChatMessage {
        by: Role,
        note: Option<Note>,
        attachments: Vec<Attachment>,
        /// The text gives a phone number, an email address or an outside messenger.
        contact: bool,
    },
    ProgressPosted {
        note: Note,
    },
    Approved {
        released: Money,
        clears_at: DateTime<Utc>,
        auto: bool,
    },
    Cleared {
        amount: Money,
    },
    DisputeOpened {
        by: Role,
        reason: Note,
    },
    DisputeWithdrawn {
        by: Role,
    },
    DisputeResolved {
        resolution: Resolution,
        note: Option<Note>,
    },
    CancellationRequested {
        by: Role,
    },
    CancellationRejected {
        by: Role,
    },
    /// Cancelled before funding (no money moved) or by agreement after funding (`refunded`).
    Cancelled {
        refunded: Option<Money>,
    },
    /// Every milestone is settled; `completed` if at least one was paid to the seller.
    OrderClosed {
        completed: bool,
    },
    /// A global admin froze the order (nothing moves until it is unfrozen), or unfroze it.
    Frozen {
        reason: Note,
    },
    Unfrozen,
    /// A party was suspended by a global admin (`reason`), or the suspension was lifted (`None`).
    PartyBanned {
        user: UserId,
        reason: Option<Note>,
    },
    /// The buyer, out of included revisions, asked the seller for one more.
    ExtraRevisionAsked,
    RevisionGranted {
        included: u8,
    },
    /// A party rated the other once the order was complete.
    Reviewed {
        role: Role,
        stars: u8,
    },
    DeadlineExtended {
        due_at: DateTime<Utc>,
    },
    /// `by`: the party who wrote (`None`: an admin); `to`: the party asked (`None`: the admins).
    DisputeMessage {
        by: Option<Role>,
        to: Option<Role>,
        note: Option<Note>,
        #[serde(default)]
        attachments: Vec<Attachment>,
    },
}

impl EventKind {
    /// A stable name for the database and logs.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::OrderOpened { .. } => "order_opened",
            EventKind::PartyJoined { .. } => "party_joined",
            EventKind::MilestoneProposed { .. } => "milestone_proposed",
            EventKind::ProposalRevised { .. } => "proposal_revised",
            EventKind::ProposalAccepted => "proposal_accepted",
            EventKind::ProposalDeclined { .. } => "proposal_declined",
            EventKind::ChangesRequested { .. } => "changes_requested",
            EventKind::PaymentReported { .. } => "payment_reported",
            EventKind::PaymentRejected { .. } => "payment_rejected",
            EventKind::Funded { .. } => "funded",
            EventKind::Started { .. } => "started",
            EventKind::Delivered { .. } => "delivered",
            EventKind::RevisionRequested { .. } => "revision_requested",
            EventKind::ItemTicked { .. } => "item_ticked",
            EventKind::ChatMessage { .. } => "chat_message",
            EventKind::ProgressPosted { .. } => "progress_posted",
            EventKind::Approved { .. } => "approved",
            EventKind::Cleared { .. } => "cleared",
            EventKind::DisputeOpened { .. } => "dispute_opened",
            EventKind::DisputeWithdrawn { .. } => "dispute_withdrawn",
            EventKind::DisputeResolved { .. } => "dispute_resolved",
            EventKind::CancellationRequested { .. } => "cancellation_requested",
            EventKind::CancellationRejected { .. } => "cancellation_rejected",
            EventKind::Cancelled { .. } => "cancelled",
            EventKind::OrderClosed { .. } => "order_closed",
            EventKind::Frozen { .. } => "frozen",
            EventKind::Unfrozen => "unfrozen",
            EventKind::PartyBanned { .. } => "party_banned",
            EventKind::Reviewed { .. } => "reviewed",
            EventKind::ExtraRevisionAsked => "extra_revision_asked",
            EventKind::RevisionGranted { .. } => "revision_granted",
            EventKind::DeadlineExtended { .. } => "deadline_extended",
            EventKind::DisputeMessage { .. } => "dispute_message",
        }
    }
}
