//! "May this actor do this now?": the test every milestone command runs before it changes anything, also asked
//! on its own by a button that collects text first (a revision's feedback, a dispute's reason), so nobody types
//! for a step the rules refuse.

use super::Order;
use crate::command::{Actor, Context, Role};
use crate::error::{Action, DomainError, Who};
use crate::milestone::{Milestone, Status, StatusKind};

/// Work paid for and not over: what a dispute or a cancellation request may interrupt.
const HELD: &[StatusKind] = &[
    StatusKind::Funded,
    StatusKind::InProgress,
    StatusKind::Delivered,
    StatusKind::RevisionRequested,
];
/// Not yet funded: what may still be cancelled without the other party.
pub(super) const UNFUNDED: &[StatusKind] = &[
    StatusKind::Proposed,
    StatusKind::ChangesRequested,
    StatusKind::AwaitingFunding,
];
const WORKING: &[StatusKind] = &[StatusKind::InProgress, StatusKind::RevisionRequested];

impl Order {
    /// Whether `ctx.actor` may take `action` on milestone `seq` now. Commands that carry text or files check
    /// those afterwards; everything else about who and when is decided here.
    pub fn check(&self, action: Action, seq: u16, ctx: &Context) -> Result<(), DomainError> {
        if self.frozen.is_some() && !matches!(action, Action::Unfreeze | Action::RecordBan) {
            return Err(DomainError::Frozen);
        }
        let actor = ctx.actor;
        match action {
            Action::Accept | Action::Decline | Action::RequestChanges => {
                self.require_counterparty(actor, seq, action)?;
                self.status_in(seq, action, &[StatusKind::Proposed])?;
            }
            Action::Revise => {
                let proposer = self.milestone_or_err(seq)?.proposed_by;
                self.require_role(actor, proposer, action, Who::Proposer)?;
                self.status_in(
                    seq,
                    action,
                    &[StatusKind::Proposed, StatusKind::ChangesRequested],
                )?;
            }
            Action::Fund | Action::ReportPayment => {
                self.require_role(actor, Role::Buyer, action, Who::Buyer)?;
                self.status_in(seq, action, &[StatusKind::AwaitingFunding])?;
            }
            Action::ConfirmPayment | Action::RejectPayment => {
                self.require_admin(actor, action)?;
                self.status_in(seq, action, &[StatusKind::PaymentReported])?;
            }
            Action::Deliver | Action::PostProgress => {
                self.require_role(actor, Role::Seller, action, Who::Seller)?;
                self.status_in(seq, action, WORKING)?;
            }
            Action::Approve | Action::TickItem => {
                self.require_role(actor, Role::Buyer, action, Who::Buyer)?;
                self.status_in(seq, action, &[StatusKind::Delivered])?;
            }
            Action::RequestRevision | Action::AskExtraRevision => {
                self.require_role(actor, Role::Buyer, action, Who::Buyer)?;
                let m = self.status_in(seq, action, &[StatusKind::Delivered])?;
                revisions_fit(m, action)?;
            }
            Action::AutoApprove | Action::Clear => self.check_due(action, seq, ctx)?,
            Action::OpenDispute
            | Action::RequestCancellation
            | Action::AnswerCancellation
            | Action::WithdrawDispute
            | Action::ResolveDispute
            | Action::DisputeMessage => self.check_interruption(action, seq, actor)?,
            Action::Cancel => {
                self.party_role(actor, action)?;
                self.status_in(seq, action, UNFUNDED)?;
            }
            Action::GrantRevision => {
                self.require_role(actor, Role::Seller, action, Who::Seller)?;
                self.status_in(
                    seq,
                    action,
                    &[
                        StatusKind::InProgress,
                        StatusKind::Delivered,
                        StatusKind::RevisionRequested,
                    ],
                )?;
            }
            Action::ExtendDeadline => {
                self.require_role(actor, Role::Buyer, action, Who::Buyer)?;
                let m = self.status_in(seq, action, WORKING)?;
                if m.status.due_at().is_none() {
                    return Err(DomainError::InvalidTransition {
                        seq,
                        from: m.status.kind(),
                        action,
                    });
                }
            }
            Action::Chat => {
                let by = self.party_role(actor, action)?;
                if self.party(by.other()).is_none() {
                    return Err(DomainError::NoOtherParty);
                }
            }
            Action::Join
            | Action::Propose
            | Action::CancelOrder
            | Action::Review
            | Action::ConfirmWithdrawal
            | Action::RejectWithdrawal
            | Action::SwitchCommunity
            | Action::ReadStatistics
            | Action::Moderate
            | Action::Freeze
            | Action::Unfreeze
            | Action::RecordBan => self.check_order_level(action, actor)?,
        }
        Ok(())
    }

    /// The system's own steps, once they are due.
    fn check_due(&self, action: Action, seq: u16, ctx: &Context) -> Result<(), DomainError> {
        match action {
            Action::AutoApprove => {
                require_system(ctx.actor, action)?;
                let m = self.status_in(seq, action, &[StatusKind::Delivered])?;
                if let Status::Delivered {
                    auto_approve_at, ..
                } = m.status
                    && ctx.now < auto_approve_at
                {
                    return Err(DomainError::NotDue {
                        at: auto_approve_at,
                    });
                }
            }
            _ => {
                require_system(ctx.actor, action)?;
                self.seller_or_missing()?;
                let m = self.status_in(seq, action, &[StatusKind::Approved])?;
                if let Status::Approved { clears_at, .. } = m.status
                    && ctx.now < clears_at
                {
                    return Err(DomainError::NotDue { at: clears_at });
                }
            }
        }
        Ok(())
    }

    /// Disputes and cancellations: what interrupts paid work, and how it ends.
    fn check_interruption(
        &self,
        action: Action,
        seq: u16,
        actor: Actor,
    ) -> Result<(), DomainError> {
        match action {
            Action::OpenDispute => {
                self.party_role(actor, action)?;
                self.status_in(seq, action, HELD)?;
            }
            Action::RequestCancellation => {
                self.party_role(actor, action)?;
                if self
                    .status_in(seq, action, HELD)?
                    .cancel_requested_by
                    .is_some()
                {
                    return Err(DomainError::CancellationPending);
                }
            }
            Action::AnswerCancellation => {
                let role = self.party_role(actor, action)?;
                let requested_by = self
                    .milestone_or_err(seq)?
                    .cancel_requested_by
                    .ok_or(DomainError::NoCancellationRequested)?;
                if requested_by == role {
                    return Err(DomainError::NotAllowed {
                        action,
                        who: Who::OtherParty,
                    });
                }
            }
            Action::WithdrawDispute => {
                let role = self.party_role(actor, action)?;
                let m = self.status_in(seq, action, &[StatusKind::Disputed])?;
                if let Status::Disputed { opened_by, .. } = m.status
                    && opened_by != role
                {
                    return Err(DomainError::NotAllowed {
                        action,
                        who: Who::DisputeOpener,
                    });
                }
            }
            Action::ResolveDispute => {
                self.require_admin(actor, action)?;
                self.status_in(seq, action, &[StatusKind::Disputed])?;
            }
            _ => {
                // A party writes to the admins; an admin who is not a party asks a party.
                if self.acting_party(actor).is_none() {
                    self.require_admin(actor, action)?;
                }
                self.status_in(seq, action, &[StatusKind::Disputed])?;
            }
        }
        Ok(())
    }

    /// Actions on the order as a whole (or outside it): who may take them; the command checks the rest.
    fn check_order_level(&self, action: Action, actor: Actor) -> Result<(), DomainError> {
        match action {
            Action::Propose | Action::CancelOrder | Action::Review => {
                self.party_role(actor, action).map(|_| ())
            }
            Action::Join => match actor {
                Actor::User { id, .. } if self.role_of(id).is_some() => Err(DomainError::SameParty),
                Actor::User { .. } => Ok(()),
                Actor::System => Err(DomainError::NotAllowed {
                    action,
                    who: Who::Newcomer,
                }),
            },
            Action::Freeze | Action::Unfreeze | Action::RecordBan => {
                self.require_admin(actor, action).map(|_| ())
            }
            _ => Err(DomainError::NotAllowed {
                action,
                who: Who::Admin,
            }),
        }
    }

    /// Milestone `seq` if its status is one of `allowed`.
    fn status_in(
        &self,
        seq: u16,
        action: Action,
        allowed: &[StatusKind],
    ) -> Result<&Milestone, DomainError> {
        let m = self.milestone_or_err(seq)?;
        let from = m.status.kind();
        if allowed.contains(&from) {
            Ok(m)
        } else {
            Err(DomainError::InvalidTransition { seq, from, action })
        }
    }

    /// The actor's role when the actor is a party.
    pub(super) fn acting_party(&self, actor: Actor) -> Option<Role> {
        match actor {
            Actor::User { id, .. } => self.role_of(id),
            Actor::System => None,
        }
    }
}

/// A revision is asked for while some are included; one more is asked for once they are used up.
fn revisions_fit(m: &Milestone, action: Action) -> Result<(), DomainError> {
    let included = m.terms.revisions.get();
    let left = m.revisions_used < included;
    match action {
        Action::RequestRevision if !left => Err(DomainError::RevisionsExhausted { included }),
        // Revisions are still included: nothing to ask for.
        Action::AskExtraRevision if left => Err(DomainError::InvalidTransition {
            seq: m.seq,
            from: StatusKind::Delivered,
            action,
        }),
        _ => Ok(()),
    }
}

pub(super) fn require_system(actor: Actor, action: Action) -> Result<(), DomainError> {
    match actor {
        Actor::System => Ok(()),
        Actor::User { .. } => Err(DomainError::NotAllowed {
            action,
            who: Who::System,
        }),
    }
}
