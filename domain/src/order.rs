//! The order aggregate: two parties, a sequence of milestones, and every rule about who may change what.
//!
//! [`Order::handle`] is pure: it takes a [`Command`] and a [`Context`] (actor, `now`, policy) and returns the new
//! order with the events and ledger transactions the change produces, or a [`DomainError`]; `self` never changes.

use crate::error::{Action, DomainError, Who};
use crate::event::{Event, EventKind};
use crate::ids::{MilestoneRef, OrderId, UserId};
use crate::invitation::InviteToken;
use crate::ledger::{Account, Entry, PostingKind, Transaction};
use crate::milestone::{Milestone, Status, StatusKind};
use crate::money::{Currency, Money};
use crate::terms::{MilestoneTerms, Note, Title};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::ops::Deref;

mod check;
mod commands;

pub use crate::command::{Actor, Command, Context, Origin, PaymentRef, Policy, Resolution, Role};

/// A validated new order, before the store gives it an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderDraft {
    title: Title,
    currency: Currency,
    origin: Origin,
    creator: UserId,
    creator_role: Role,
    milestones: Vec<MilestoneTerms>,
    invitee: Option<UserId>,
    invitation: Option<InviteToken>,
}

impl OrderDraft {
    pub fn new(
        title: Title,
        currency: Currency,
        origin: Origin,
        creator: UserId,
        creator_role: Role,
        milestones: Vec<MilestoneTerms>,
    ) -> Result<Self, DomainError> {
        if milestones.is_empty() {
            return Err(DomainError::NoMilestones);
        }
        if milestones.len() > Order::MAX_MILESTONES {
            return Err(DomainError::TooManyMilestones {
                max: Order::MAX_MILESTONES,
            });
        }
        for m in &milestones {
            check_currency(currency, m.amount.currency())?;
        }
        Ok(OrderDraft {
            title,
            currency,
            origin,
            creator,
            creator_role,
            milestones,
            invitee: None,
            invitation: None,
        })
    }

    /// Joining takes the token of the invitation link.
    pub fn with_invitation(mut self, token: InviteToken) -> Self {
        self.invitation = Some(token);
        self
    }

    /// Only `invitee` may join (an order started in a group by replying to that person).
    pub fn with_invitee(mut self, invitee: UserId) -> Result<Self, DomainError> {
        if invitee == self.creator {
            return Err(DomainError::SameParty);
        }
        self.invitee = Some(invitee);
        Ok(self)
    }

    pub fn invitee(&self) -> Option<UserId> {
        self.invitee
    }

    pub fn title(&self) -> &Title {
        &self.title
    }

    pub fn creator(&self) -> UserId {
        self.creator
    }

    pub fn creator_role(&self) -> Role {
        self.creator_role
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }

    pub fn origin(&self) -> Origin {
        self.origin
    }
}

/// The order's data, readable by everyone through [`Order`]'s `Deref`, changeable only through [`Order::handle`].
/// The store builds it from rows and hands it to [`Order::restore`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRecord {
    pub id: OrderId,
    pub title: Title,
    pub currency: Currency,
    pub origin: Origin,
    pub created_by: Role,
    pub buyer: Option<UserId>,
    pub seller: Option<UserId>,
    /// If set, the only person who may join.
    pub invitee: Option<UserId>,
    /// The token of the invitation link, which joining takes (orders opened before there were links: none).
    #[serde(default)]
    pub invitation: Option<InviteToken>,
    pub created_at: DateTime<Utc>,
    pub milestones: Vec<Milestone>,
    /// Set while a global admin has frozen the order: every command but `Unfreeze` is refused.
    #[serde(default)]
    pub frozen: Option<Freeze>,
}

/// Who froze an order, when, and why (shown to the parties).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Freeze {
    pub by: UserId,
    pub at: DateTime<Utc>,
    pub reason: Note,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order(OrderRecord);

impl Deref for Order {
    type Target = OrderRecord;
    fn deref(&self) -> &OrderRecord {
        &self.0
    }
}

/// The result of a command: the new order, what happened, and the money that moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub order: Order,
    pub events: Vec<Event>,
    pub postings: Vec<Transaction>,
}

fn check_currency(expected: Currency, got: Currency) -> Result<(), DomainError> {
    if expected == got {
        Ok(())
    } else {
        Err(DomainError::CurrencyMismatch { expected, got })
    }
}

/// Collects what one command produces.
struct Changes {
    order: OrderId,
    actor: Actor,
    now: DateTime<Utc>,
    events: Vec<Event>,
    postings: Vec<Transaction>,
}

impl Changes {
    fn event(&mut self, seq: Option<u16>, kind: EventKind) {
        self.events.push(Event {
            order: self.order,
            seq,
            at: self.now,
            actor: self.actor,
            kind,
        });
    }

    fn system_event(&mut self, seq: Option<u16>, kind: EventKind) {
        self.events.push(Event {
            order: self.order,
            seq,
            at: self.now,
            actor: Actor::System,
            kind,
        });
    }

    fn post(&mut self, tx: Transaction) {
        self.postings.push(tx);
    }
}

impl Order {
    pub const MAX_MILESTONES: usize = 20;

    /// Rebuilds an order the store loaded. The store saved it from an [`Outcome`], so it is trusted.
    pub fn restore(record: OrderRecord) -> Order {
        Order(record)
    }

    /// Opens a validated draft under the id the store assigned: every milestone is proposed by the creator.
    pub fn open(id: OrderId, draft: OrderDraft, now: DateTime<Utc>) -> Outcome {
        let (buyer, seller) = match draft.creator_role {
            Role::Buyer => (Some(draft.creator), None),
            Role::Seller => (None, Some(draft.creator)),
        };
        let actor = Actor::User {
            id: draft.creator,
            admin: false,
        };
        let mut changes = Changes {
            order: id,
            actor,
            now,
            events: Vec::new(),
            postings: Vec::new(),
        };
        changes.event(
            None,
            EventKind::OrderOpened {
                title: draft.title.clone(),
                by: draft.creator_role,
            },
        );
        let mut milestones = Vec::with_capacity(draft.milestones.len());
        for (i, terms) in draft.milestones.into_iter().enumerate() {
            let seq = u16::try_from(i + 1).expect("at most MAX_MILESTONES");
            changes.event(
                Some(seq),
                EventKind::MilestoneProposed {
                    by: draft.creator_role,
                    terms: terms.clone(),
                },
            );
            milestones.push(new_milestone(seq, terms, draft.creator_role, now));
        }
        let order = Order(OrderRecord {
            id,
            title: draft.title,
            currency: draft.currency,
            origin: draft.origin,
            created_by: draft.creator_role,
            buyer,
            seller,
            invitee: draft.invitee,
            invitation: draft.invitation,
            created_at: now,
            milestones,
            frozen: None,
        });
        Outcome {
            order,
            events: changes.events,
            postings: changes.postings,
        }
    }

    /// The party `user` is in this order, if any.
    pub fn role_of(&self, user: UserId) -> Option<Role> {
        if self.buyer == Some(user) {
            Some(Role::Buyer)
        } else if self.seller == Some(user) {
            Some(Role::Seller)
        } else {
            None
        }
    }

    pub fn party(&self, role: Role) -> Option<UserId> {
        match role {
            Role::Buyer => self.buyer,
            Role::Seller => self.seller,
        }
    }

    pub fn milestone(&self, seq: u16) -> Option<&Milestone> {
        self.milestones.iter().find(|m| m.seq == seq)
    }

    /// The milestone being worked on or reviewed, if any.
    pub fn active_milestone(&self) -> Option<&Milestone> {
        self.milestones.iter().find(|m| m.status.is_active())
    }

    /// The first milestone whose work is not over: the only one that may become active.
    pub fn current_milestone(&self) -> Option<&Milestone> {
        self.milestones
            .iter()
            .find(|m| !m.status.kind().is_settled())
    }

    /// Every milestone is settled.
    pub fn is_closed(&self) -> bool {
        !self.milestones.is_empty() && self.milestones.iter().all(|m| m.status.kind().is_settled())
    }

    /// Applies a command; on error nothing changed. A frozen order takes only `Unfreeze` and the record of a ban.
    pub fn handle(&self, command: Command, ctx: &Context) -> Result<Outcome, DomainError> {
        if self.frozen.is_some()
            && !matches!(command, Command::Unfreeze | Command::RecordBan { .. })
        {
            return Err(DomainError::Frozen);
        }
        let mut next = self.clone();
        let mut changes = Changes {
            order: self.id,
            actor: ctx.actor,
            now: ctx.now,
            events: Vec::new(),
            postings: Vec::new(),
        };
        let was_closed = self.is_closed();
        next.apply(command, ctx, &mut changes)?;
        next.activate_next(&mut changes);
        if !was_closed && next.is_closed() {
            let completed = next
                .milestones
                .iter()
                .any(|m| matches!(m.status.kind(), StatusKind::Approved | StatusKind::Cleared));
            changes.system_event(None, EventKind::OrderClosed { completed });
        }
        Ok(Outcome {
            order: next,
            events: changes.events,
            postings: changes.postings,
        })
    }

    /// Moves the milestone's price from the buyer into escrow.
    fn fund(&mut self, seq: u16, payment: PaymentRef, ch: &mut Changes) -> Result<(), DomainError> {
        let buyer = self.buyer.ok_or(DomainError::NotAllowed {
            action: Action::Fund,
            who: Who::Buyer,
        })?;
        let mref = self.mref(seq);
        let now = ch.now;
        let m = self.milestone_mut(seq)?;
        let amount = m.terms.amount;
        set_status(
            m,
            Status::Funded {
                at: now,
                payment: payment.clone(),
            },
            now,
        );
        ch.post(transfer(
            PostingKind::Funding,
            mref,
            Account::Buyer { user: buyer },
            Account::Escrow { milestone: mref },
            amount,
        ));
        ch.event(Some(seq), EventKind::Funded { amount, payment });
        Ok(())
    }

    /// Releases escrow to the seller's pending balance: all of it, or `share` with the rest refunded (a split).
    fn release(
        &mut self,
        seq: u16,
        share: Option<Money>,
        auto: bool,
        ctx: &Context,
        ch: &mut Changes,
    ) -> Result<(), DomainError> {
        let seller = self.seller_or_missing()?;
        let buyer = self.buyer.ok_or(DomainError::NotAllowed {
            action: Action::Approve,
            who: Who::Buyer,
        })?;
        let mref = self.mref(seq);
        let now = ctx.now;
        let clears_at = now + ctx.policy.clearing_period;
        let m = self.milestone_mut(seq)?;
        let amount = m.terms.amount;
        let escrow = Account::Escrow { milestone: mref };
        let pending = Account::Pending { user: seller };
        let released = match share {
            None => {
                ch.post(transfer(
                    PostingKind::Release,
                    mref,
                    escrow,
                    pending,
                    amount,
                ));
                amount
            }
            Some(share) => {
                let rest = amount.checked_sub(&share)?;
                let tx = Transaction::new(
                    PostingKind::Split,
                    amount.currency(),
                    Some(mref),
                    vec![
                        Entry {
                            account: escrow,
                            amount: -amount.amount(),
                        },
                        Entry {
                            account: pending,
                            amount: share.amount(),
                        },
                        Entry {
                            account: Account::Refunds { user: buyer },
                            amount: rest.amount(),
                        },
                    ],
                )
                .expect("a split of a positive amount into two positive parts balances");
                ch.post(tx);
                share
            }
        };
        m.cancel_requested_by = None;
        let status = Status::Approved {
            approved_at: now,
            clears_at,
            released,
        };
        set_status(m, status, now);
        ch.event(
            Some(seq),
            EventKind::Approved {
                released,
                clears_at,
                auto,
            },
        );
        Ok(())
    }

    /// Returns the whole escrow to the buyer.
    fn refund(&mut self, seq: u16, ch: &mut Changes) -> Result<(), DomainError> {
        let buyer = self.buyer.ok_or(DomainError::NotAllowed {
            action: Action::Fund,
            who: Who::Buyer,
        })?;
        let mref = self.mref(seq);
        let now = ch.now;
        let m = self.milestone_mut(seq)?;
        let amount = m.terms.amount;
        m.cancel_requested_by = None;
        set_status(m, Status::Refunded { at: now }, now);
        ch.post(transfer(
            PostingKind::Refund,
            mref,
            Account::Escrow { milestone: mref },
            Account::Refunds { user: buyer },
            amount,
        ));
        Ok(())
    }

    /// Starts the current milestone if it is funded: approving one milestone activates the next.
    fn activate_next(&mut self, ch: &mut Changes) {
        let now = ch.now;
        let Some(m) = self
            .0
            .milestones
            .iter_mut()
            .find(|m| !m.status.kind().is_settled())
        else {
            return;
        };
        if m.status.kind() != StatusKind::Funded {
            return;
        }
        let due_at = m.terms.deadline.due_from(now);
        let seq = m.seq;
        set_status(
            m,
            Status::InProgress {
                started_at: now,
                due_at,
                progress_at: None,
            },
            now,
        );
        ch.system_event(Some(seq), EventKind::Started { due_at });
    }

    fn mref(&self, seq: u16) -> MilestoneRef {
        MilestoneRef {
            order: self.id,
            seq,
        }
    }

    fn seller_or_missing(&self) -> Result<UserId, DomainError> {
        self.seller.ok_or(DomainError::NotAllowed {
            action: Action::Approve,
            who: Who::Seller,
        })
    }

    fn milestone_or_err(&self, seq: u16) -> Result<&Milestone, DomainError> {
        self.milestone(seq)
            .ok_or(DomainError::UnknownMilestone { seq })
    }

    fn milestone_mut(&mut self, seq: u16) -> Result<&mut Milestone, DomainError> {
        self.0
            .milestones
            .iter_mut()
            .find(|m| m.seq == seq)
            .ok_or(DomainError::UnknownMilestone { seq })
    }

    /// The milestone, if its status is one of `allowed`.
    /// The actor's role, if the actor is a party.
    fn party_role(&self, actor: Actor, action: Action) -> Result<Role, DomainError> {
        match actor {
            Actor::User { id, .. } => self.role_of(id),
            Actor::System => None,
        }
        .ok_or(DomainError::NotAllowed {
            action,
            who: Who::Party,
        })
    }

    fn require_role(
        &self,
        actor: Actor,
        role: Role,
        action: Action,
        who: Who,
    ) -> Result<(), DomainError> {
        match self.party_role(actor, action) {
            Ok(r) if r == role => Ok(()),
            _ => Err(DomainError::NotAllowed { action, who }),
        }
    }

    /// The actor must be the party who did not propose milestone `seq`.
    fn require_counterparty(
        &self,
        actor: Actor,
        seq: u16,
        action: Action,
    ) -> Result<(), DomainError> {
        let proposer = self.milestone_or_err(seq)?.proposed_by;
        self.require_role(actor, proposer.other(), action, Who::Counterparty)
    }

    /// The actor must be an admin who is not a party to this order.
    fn require_admin(&self, actor: Actor, action: Action) -> Result<UserId, DomainError> {
        match actor {
            Actor::User { id, admin: true } if self.role_of(id).is_none() => Ok(id),
            _ => Err(DomainError::NotAllowed {
                action,
                who: Who::Admin,
            }),
        }
    }
}

fn new_milestone(seq: u16, terms: MilestoneTerms, by: Role, now: DateTime<Utc>) -> Milestone {
    Milestone {
        seq,
        terms,
        proposed_by: by,
        status: Status::Proposed,
        revisions_used: 0,
        cancel_requested_by: None,
        created_at: now,
        updated_at: now,
    }
}

fn set_status(m: &mut Milestone, status: Status, now: DateTime<Utc>) {
    m.status = status;
    m.updated_at = now;
}

fn transfer(
    kind: PostingKind,
    mref: MilestoneRef,
    from: Account,
    to: Account,
    amount: Money,
) -> Transaction {
    Transaction::transfer(kind, Some(mref), from, to, amount)
        .expect("a milestone's amount is positive, so a transfer of it balances")
}
