//! The vocabulary of changes: who acts ([`Actor`], [`Role`]), what they ask for ([`Command`]), and the
//! settings and moment a command is decided in ([`Context`], [`Policy`]).

use crate::delivery::Attachment;
use crate::delivery::Delivery;
use crate::error::Action;
use crate::ids::UserId;
use crate::invitation::InviteToken;
use crate::money::Money;
use crate::terms::{MilestoneTerms, Note};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Buyer,
    Seller,
}

impl Role {
    pub fn other(self) -> Role {
        match self {
            Role::Buyer => Role::Seller,
            Role::Seller => Role::Buyer,
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Buyer => "buyer",
            Role::Seller => "seller",
        }
    }
}

/// Who is acting. Whether a user is an admin is decided at the edge (configuration, the group's administrators);
/// what an admin may do is decided here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Actor {
    User { id: UserId, admin: bool },
    System,
}

/// Where the order was started: its group gets status updates and its Telegram admins may moderate it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Origin {
    Private,
    Group { chat_id: i64 },
}

/// How a milestone was paid into escrow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum PaymentRef {
    Telegram {
        charge_id: String,
        provider_charge_id: String,
    },
    Manual {
        reference: Note,
        confirmed_by: UserId,
    },
}

/// How an admin settles a dispute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Resolution {
    Release,
    Refund,
    /// The seller gets `seller_share`, the buyer the rest.
    Split {
        seller_share: Money,
    },
}

/// Operator settings the rules depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// A delivery is approved automatically after this long without an answer.
    pub auto_approve_after: Duration,
    /// Approved money stays pending this long (the seller's payout method decides).
    pub clearing_period: Duration,
}

#[derive(Debug, Clone, Copy)]
pub struct Context {
    pub actor: Actor,
    pub now: DateTime<Utc>,
    pub policy: Policy,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// The counterparty opens the invitation and takes the free role, with the token of the link they were given.
    Join {
        invitation: Option<InviteToken>,
    },
    /// A new milestone at the end of the order (on a running order: an add-on).
    Propose {
        terms: MilestoneTerms,
    },
    Revise {
        seq: u16,
        terms: MilestoneTerms,
    },
    Accept {
        seq: u16,
    },
    Decline {
        seq: u16,
        reason: Option<Note>,
    },
    RequestChanges {
        seq: u16,
        note: Note,
    },
    /// Paid through Telegram Payments (the payment is already confirmed by Telegram).
    Fund {
        seq: u16,
        payment: PaymentRef,
    },
    /// The buyer says a manual transfer (TeleBirr, CBE, ...) was made.
    ReportPayment {
        seq: u16,
        reference: Note,
    },
    ConfirmPayment {
        seq: u16,
    },
    RejectPayment {
        seq: u16,
        reason: Note,
    },
    Deliver {
        seq: u16,
        delivery: Delivery,
    },
    RequestRevision {
        seq: u16,
        feedback: Note,
    },
    Approve {
        seq: u16,
    },
    AutoApprove {
        seq: u16,
    },
    Clear {
        seq: u16,
    },
    OpenDispute {
        seq: u16,
        reason: Note,
    },
    WithdrawDispute {
        seq: u16,
    },
    ResolveDispute {
        seq: u16,
        resolution: Resolution,
        note: Option<Note>,
    },
    /// Before funding: either party, at once.
    Cancel {
        seq: u16,
    },
    /// After funding: needs the other party's agreement; the buyer is refunded.
    RequestCancellation {
        seq: u16,
    },
    AnswerCancellation {
        seq: u16,
        agree: bool,
    },
    /// Every milestone not yet funded is cancelled; refused while money is held or awaits confirmation.
    CancelOrder,
    /// The buyer, out of included revisions, asks the seller for one more.
    AskExtraRevision {
        seq: u16,
    },
    /// The seller grants one revision beyond those included (the price does not change).
    GrantRevision {
        seq: u16,
    },
    /// A message in a dispute, recorded in the order's history: a party's evidence or answer (to the admins), or
    /// an admin's question to one party.
    DisputeMessage {
        seq: u16,
        to: Option<Role>,
        note: Option<Note>,
        attachments: Vec<Attachment>,
    },
    /// The buyer gives the seller more time on a running milestone.
    ExtendDeadline {
        seq: u16,
        due_at: DateTime<Utc>,
    },
    /// The buyer ticks (or unticks) one checklist item of a delivery under review (0-based).
    TickItem {
        seq: u16,
        item: u8,
    },
    /// A party's message to the other, relayed by the bot and kept in the order's history.
    Chat {
        note: Option<Note>,
        attachments: Vec<Attachment>,
    },
    /// The seller tells the buyer how the work is going.
    PostProgress {
        seq: u16,
        note: Note,
    },
    /// A global admin stops everything on the order while they look into it: no money moves, no timer fires.
    Freeze {
        reason: Note,
    },
    Unfreeze,
    /// A global admin suspended one of the parties (or lifted it): written into the order's history.
    RecordBan {
        user: UserId,
        reason: Option<Note>,
    },
}

impl Command {
    /// The milestone the command is about; `None` for commands on the whole order.
    pub fn seq(&self) -> Option<u16> {
        match self {
            Command::Join { .. }
            | Command::Propose { .. }
            | Command::Chat { .. }
            | Command::CancelOrder
            | Command::Freeze { .. }
            | Command::Unfreeze
            | Command::RecordBan { .. } => None,
            Command::Revise { seq, .. }
            | Command::Accept { seq }
            | Command::Decline { seq, .. }
            | Command::RequestChanges { seq, .. }
            | Command::Fund { seq, .. }
            | Command::ReportPayment { seq, .. }
            | Command::ConfirmPayment { seq }
            | Command::RejectPayment { seq, .. }
            | Command::Deliver { seq, .. }
            | Command::RequestRevision { seq, .. }
            | Command::Approve { seq }
            | Command::AutoApprove { seq }
            | Command::Clear { seq }
            | Command::OpenDispute { seq, .. }
            | Command::WithdrawDispute { seq }
            | Command::ResolveDispute { seq, .. }
            | Command::Cancel { seq }
            | Command::RequestCancellation { seq }
            | Command::AnswerCancellation { seq, .. }
            | Command::AskExtraRevision { seq }
            | Command::GrantRevision { seq }
            | Command::ExtendDeadline { seq, .. }
            | Command::DisputeMessage { seq, .. }
            | Command::TickItem { seq, .. }
            | Command::PostProgress { seq, .. } => Some(*seq),
        }
    }

    pub fn action(&self) -> Action {
        match self {
            Command::Join { .. } => Action::Join,
            Command::Propose { .. } => Action::Propose,
            Command::Revise { .. } => Action::Revise,
            Command::Accept { .. } => Action::Accept,
            Command::Decline { .. } => Action::Decline,
            Command::RequestChanges { .. } => Action::RequestChanges,
            Command::Fund { .. } => Action::Fund,
            Command::ReportPayment { .. } => Action::ReportPayment,
            Command::ConfirmPayment { .. } => Action::ConfirmPayment,
            Command::RejectPayment { .. } => Action::RejectPayment,
            Command::Deliver { .. } => Action::Deliver,
            Command::RequestRevision { .. } => Action::RequestRevision,
            Command::Approve { .. } => Action::Approve,
            Command::AutoApprove { .. } => Action::AutoApprove,
            Command::Clear { .. } => Action::Clear,
            Command::OpenDispute { .. } => Action::OpenDispute,
            Command::WithdrawDispute { .. } => Action::WithdrawDispute,
            Command::ResolveDispute { .. } => Action::ResolveDispute,
            Command::Cancel { .. } => Action::Cancel,
            Command::RequestCancellation { .. } => Action::RequestCancellation,
            Command::AnswerCancellation { .. } => Action::AnswerCancellation,
            Command::CancelOrder => Action::CancelOrder,
            Command::AskExtraRevision { .. } => Action::AskExtraRevision,
            Command::GrantRevision { .. } => Action::GrantRevision,
            Command::ExtendDeadline { .. } => Action::ExtendDeadline,
            Command::DisputeMessage { .. } => Action::DisputeMessage,
            Command::TickItem { .. } => Action::TickItem,
            Command::Chat { .. } => Action::Chat,
            Command::PostProgress { .. } => Action::PostProgress,
            Command::Freeze { .. } => Action::Freeze,
            Command::Unfreeze => Action::Unfreeze,
            Command::RecordBan { .. } => Action::RecordBan,
        }
    }
}

/// The identity of a manual payment reference (`FT 2612-345` and `ft2612345` are the same transfer).
pub fn payment_reference_key(reference: &Note) -> String {
    reference
        .as_str()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}
