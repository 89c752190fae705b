//! Business errors: each is something the bot explains to the user in their language, never a crash.

use crate::milestone::StatusKind;
use crate::money::{Currency, Money, MoneyError};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What someone tried to do; names the action in error messages and the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Join,
    Propose,
    Revise,
    Accept,
    Decline,
    RequestChanges,
    Fund,
    ReportPayment,
    ConfirmPayment,
    RejectPayment,
    Deliver,
    RequestRevision,
    Approve,
    AutoApprove,
    Clear,
    OpenDispute,
    WithdrawDispute,
    ResolveDispute,
    Cancel,
    RequestCancellation,
    AnswerCancellation,
    CancelOrder,
    Review,
    AskExtraRevision,
    GrantRevision,
    ExtendDeadline,
    DisputeMessage,
    TickItem,
    Chat,
    PostProgress,
    ConfirmWithdrawal,
    RejectWithdrawal,
    SwitchCommunity,
    ReadStatistics,
    /// `/find`, `/ban`, `/unban`, `/freeze`, `/unfreeze`, `/maintenance`: a global admin's moderation.
    Moderate,
    Freeze,
    Unfreeze,
    /// A ban recorded in the history of the banned person's open orders.
    RecordBan,
}

/// Who may perform an action, for "only the buyer can approve" style messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Who {
    Buyer,
    Seller,
    /// Either party of the order.
    Party,
    /// The party who did not propose the milestone.
    Counterparty,
    /// The party who proposed the milestone.
    Proposer,
    /// The party who opened the dispute.
    DisputeOpener,
    /// The party who did not ask for the cancellation.
    OtherParty,
    /// A community admin who is not a party to the order.
    Admin,
    /// The scheduler.
    System,
    /// Someone who is not yet a party.
    Newcomer,
    /// The person the order was started with (in a group, by replying to them).
    Invitee,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("{action:?} may only be done by {who:?}")]
    NotAllowed { action: Action, who: Who },
    #[error("milestone {seq} is {from:?}: cannot {action:?}")]
    InvalidTransition {
        seq: u16,
        from: StatusKind,
        action: Action,
    },
    #[error("no milestone {seq} in this order")]
    UnknownMilestone { seq: u16 },
    #[error("this is not the order's invitation")]
    UnknownInvitation,
    #[error("one person cannot be both buyer and seller")]
    SameParty,
    #[error("the order already has a buyer and a seller")]
    OrderFull,
    #[error("the order has no milestones")]
    NoMilestones,
    #[error("an order has at most {max} milestones")]
    TooManyMilestones { max: usize },
    #[error("all {included} included revisions are used")]
    RevisionsExhausted { included: u8 },
    #[error("at most {max} revisions")]
    TooManyRevisions { max: u8 },
    #[error("the order is in {expected}, not {got}")]
    CurrencyMismatch { expected: Currency, got: Currency },
    #[error("not due before {at}")]
    NotDue { at: DateTime<Utc> },
    #[error("more than the available balance ({available})")]
    InsufficientBalance { available: Money },
    #[error("already decided")]
    AlreadyDecided,
    #[error("a message needs text or a file")]
    EmptyMessage,
    #[error("the checklist has {count} items")]
    NoSuchItem { count: usize },
    #[error("nobody has joined the order yet")]
    NoOtherParty,
    #[error("the new deadline must be later than {current} and in the future")]
    DeadlineNotLater { current: DateTime<Utc> },
    #[error("a split gives each side a part: more than zero and less than the whole")]
    InvalidSplit,
    #[error("a cancellation is already waiting for an answer")]
    CancellationPending,
    #[error("no cancellation was requested")]
    NoCancellationRequested,
    #[error("nothing left to cancel")]
    NothingToCancel,
    #[error("the order is not complete yet")]
    NotCompleted,
    #[error("already reviewed")]
    AlreadyReviewed,
    #[error("the order is frozen by an admin")]
    Frozen,
    #[error("the order is not frozen")]
    NotFrozen,
    #[error("an admin suspended this person: {reason}")]
    Banned { reason: String },
    #[error("new orders and joins are paused: {message}")]
    Maintenance { message: String },
    #[error(transparent)]
    Money(#[from] MoneyError),
}
