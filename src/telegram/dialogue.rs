//! Where a conversation with one chat stands, stored in the database so a restart loses nothing. It describes
//! the conversation only; the milestone lifecycle lives in the domain.

use crate::services::inbox::Inbox;
use dereja_domain::{
    Attachment, Deadline, Deliverables, MilestoneTerms, Money, OrderId, Resolution, Role, Title,
    UserId, WithdrawalDecision, WithdrawalId,
};
use serde::{Deserialize, Serialize};
use std::future::Future;
use std::sync::Arc;
use teloxide::dispatching::UpdateHandler;
use teloxide::dispatching::dialogue::{Dialogue, ErasedStorage};
use teloxide::dptree;
use teloxide::types::ChatId;

/// An order being set up from a group: the group and the person it is with (the author of the message the
/// creator replied to).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GroupBinding {
    pub chat_id: i64,
    pub invitee: UserId,
}

/// A new order as collected so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderInput {
    pub role: Role,
    pub title: Title,
    pub milestones: Vec<MilestoneTerms>,
    #[serde(default)]
    pub group: Option<GroupBinding>,
    /// Set when the milestone is an add-on to this existing order.
    #[serde(default)]
    #[serde(alias = "upsell")]
    pub add_on_to: Option<OrderId>,
    /// Set when the answers revise this proposed milestone (after the other party asked for changes).
    #[serde(default)]
    pub revising: Option<(OrderId, u16)>,
    /// Set while a milestone chosen on the summary is being redone (its index).
    #[serde(default)]
    pub editing: Option<u8>,
    /// A template's phases (title, deliverables) not yet asked about: each needs only deadline, amount and
    /// revisions.
    #[serde(default)]
    pub phases: Vec<(Title, Deliverables)>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum State {
    #[default]
    Idle,
    ChoosingRole {
        group: Option<GroupBinding>,
    },
    OrderTitle {
        role: Role,
        group: Option<GroupBinding>,
    },
    /// A template, or a blank order.
    ChoosingTemplate {
        order: OrderInput,
    },
    MilestoneTitle {
        order: OrderInput,
    },
    MilestoneDeliverables {
        order: OrderInput,
        title: Title,
        /// Vague deliverables were questioned once already: the next answer is taken as it is.
        #[serde(default)]
        warned: bool,
    },
    MilestoneDeadline {
        order: OrderInput,
        title: Title,
        deliverables: Deliverables,
    },
    /// A deadline read by guessing (an Ethiopian date, a year filled in), waiting for "yes" or a new answer.
    ConfirmingDeadline {
        order: OrderInput,
        title: Title,
        deliverables: Deliverables,
        deadline: Deadline,
    },
    MilestoneAmount {
        order: OrderInput,
        title: Title,
        deliverables: Deliverables,
        deadline: Deadline,
    },
    MilestoneRevisions {
        order: OrderInput,
        title: Title,
        deliverables: Deliverables,
        deadline: Deadline,
        amount: Money,
    },
    MoreMilestones {
        order: OrderInput,
    },
    Confirming {
        order: OrderInput,
    },
    ChangesNote {
        order: OrderId,
        seq: u16,
    },
    PaymentReference {
        order: OrderId,
        seq: u16,
    },
    RevisionFeedback {
        order: OrderId,
        seq: u16,
    },
    /// The buyer gives more time after a missed deadline.
    NewDeadline {
        order: OrderId,
        seq: u16,
    },
    DisputeReason {
        order: OrderId,
        seq: u16,
    },
    /// A party sends evidence or answers an admin, message by message, until Done.
    DisputeEvidence {
        order: OrderId,
        seq: u16,
    },
    /// An admin: the seller's share of a split.
    SplitShare {
        order: OrderId,
        seq: u16,
    },
    /// An admin: the optional note that goes with a resolution.
    ResolutionNote {
        order: OrderId,
        seq: u16,
        resolution: Resolution,
    },
    /// The optional words after a rating (`seq`: a milestone's; `None`: the order's).
    ReviewText {
        order: OrderId,
        seq: Option<u16>,
    },
    /// `/payout`: the account at the chosen method.
    PayoutAccount {
        method: String,
    },
    /// `/withdraw`: how much.
    WithdrawAmount,
    /// `/withdraw`: the amount, waiting for "Confirm" after the destination was shown.
    WithdrawConfirm {
        amount: Money,
    },
    /// An admin: the transfer reference (paid) or the reason (rejected).
    WithdrawalNote {
        id: WithdrawalId,
        paid: WithdrawalDecision,
    },
    /// An admin: a question to one party.
    AdminQuestion {
        order: OrderId,
        seq: u16,
        to: Role,
    },
    /// Writing to the other party of an order, message by message, until Leave or /cancel.
    Chatting {
        order: OrderId,
    },
    /// The seller's progress note.
    ProgressNote {
        order: OrderId,
        seq: u16,
    },
    Delivering {
        order: OrderId,
        seq: u16,
        text: Vec<String>,
        attachments: Vec<Attachment>,
    },
}

pub type Dialog = Dialogue<State, ErasedStorage<State>>;

/// A conversation's state as read, or why it could not be.
#[derive(Clone)]
struct Loaded(Result<State, Unreadable>);

/// The conversation could not be read (the database erred): a database failure, so the update is handled again.
#[derive(Debug, Clone)]
pub struct Unreadable(String);

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "could not read the conversation: {}", self.0)
    }
}

impl std::error::Error for Unreadable {}

/// Puts the conversation of the chat `chat_of` names (its `Dialog` and `State`) before the handlers after it. A
/// database error fails the update, which the inbox handles again; teloxide's `enter_dialogue` logs it and lets the
/// update match nothing, so a payment reference sent during a database restart was marked handled and lost.
pub fn enter<Upd>(chat_of: fn(&Upd) -> ChatId) -> UpdateHandler<anyhow::Error>
where
    Upd: Clone + Send + Sync + 'static,
{
    dptree::filter_map(move |storage: Arc<ErasedStorage<State>>, update: Upd| {
        Some(Dialog::new(storage, chat_of(&update)))
    })
    .map_async(|dialogue: Dialog, preloaded: Preloaded| async move {
        if let Some(state) = preloaded.of(dialogue.chat_id()) {
            return Loaded(Ok(state));
        }
        Loaded(
            dialogue
                .state()
                .await
                .map_err(|e| Unreadable(format!("{e:#}"))),
        )
    })
    .branch(
        dptree::filter_map(|loaded: Loaded| loaded.0.err())
            .endpoint(|e: Unreadable| async move { Err(e.into()) }),
    )
    .filter_map(|loaded: Loaded| loaded.0.ok())
}

/// A chat's conversation as read with the person acting (see [`super::acting`]), so entering it costs no query of
/// its own.
#[derive(Clone)]
pub struct Preloaded {
    chat: ChatId,
    /// `None` when it was not read with them (a new or changed person).
    state: Option<Option<serde_json::Value>>,
}

impl Preloaded {
    pub fn new(chat: ChatId, state: Option<Option<serde_json::Value>>) -> Preloaded {
        Preloaded { chat, state }
    }

    /// The state of `chat`, if it is the one read.
    fn of(self, chat: ChatId) -> Option<State> {
        let state = self.state.filter(|_| self.chat == chat)?;
        Some(
            state
                .and_then(|s| super::dialogue_storage::parse(chat, s))
                .unwrap_or_default(),
        )
    }
}

/// Runs `command` (an order command, `None` when refused and told why) so that its transaction also ends the
/// conversation: a kill before it commits leaves the step to be handled again, one after it finds the step over. A
/// refusal commits nothing; the conversation ends here instead.
pub async fn end_with<T>(
    dialogue: &Dialog,
    command: impl Future<Output = anyhow::Result<Option<T>>>,
) -> anyhow::Result<Option<T>> {
    let outcome = Inbox::ending_dialogue(dialogue.chat_id().0, command).await?;
    if outcome.is_none() {
        dialogue.clear().await?;
    }
    Ok(outcome)
}

/// The dialogue calls with errors as `anyhow` (the erased storage's boxed error does not convert by itself).
pub(crate) trait DialogExt {
    async fn state(&self) -> anyhow::Result<State>;
    async fn save(&self, state: State) -> anyhow::Result<()>;
    async fn clear(&self) -> anyhow::Result<()>;
}

impl DialogExt for Dialog {
    async fn state(&self) -> anyhow::Result<State> {
        Ok(self.get().await.map_err(unerased)?.unwrap_or_default())
    }

    async fn save(&self, state: State) -> anyhow::Result<()> {
        self.update(state).await.map_err(unerased)
    }

    async fn clear(&self) -> anyhow::Result<()> {
        self.exit().await.map_err(unerased)
    }
}

/// The storage's error with its type back (teloxide's erased storage boxes it): a database failure must read as
/// one, so the update is handled again rather than apologised for with its step lost.
pub(crate) fn unerased(error: Box<dyn std::error::Error + Send + Sync>) -> anyhow::Error {
    match error.downcast::<crate::store::StoreError>() {
        Ok(store) => anyhow::Error::from(*store),
        Err(other) => anyhow::anyhow!(other),
    }
}
