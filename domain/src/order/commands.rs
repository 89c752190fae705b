//! Each command's change to the order, one function each. Every milestone command first asks
//! [`Order::check`] whether its actor may take it now, then changes the milestone and records what happened.

use super::check::UNFUNDED;
use super::{Changes, Freeze, Order, check_currency, new_milestone, set_status, transfer};
use crate::command::{Actor, Command, Context, PaymentRef, Resolution, Role};
use crate::delivery::{Attachment, Delivery};
use crate::error::{Action, DomainError, Who};
use crate::event::EventKind;
use crate::invitation::InviteToken;
use crate::ledger::{Account, PostingKind};
use crate::milestone::Status;
use crate::terms::{MilestoneTerms, Note, RevisionCount};
use chrono::{DateTime, Utc};

impl Order {
    pub(super) fn apply(
        &mut self,
        command: Command,
        ctx: &Context,
        ch: &mut Changes,
    ) -> Result<(), DomainError> {
        let action = command.action();
        match command {
            Command::Join { invitation } => self.join(invitation, ctx, ch),
            Command::Propose { terms } => self.propose(terms, ctx, ch),
            Command::Revise { seq, terms } => self.revise(seq, terms, ctx, ch),
            Command::Accept { seq } => {
                self.check(action, seq, ctx)?;
                self.set(seq, Status::AwaitingFunding, ch)?;
                ch.event(Some(seq), EventKind::ProposalAccepted);
                Ok(())
            }
            Command::Decline { seq, reason } => {
                self.check(action, seq, ctx)?;
                self.set(seq, Status::Declined { at: ctx.now }, ch)?;
                ch.event(Some(seq), EventKind::ProposalDeclined { reason });
                Ok(())
            }
            Command::RequestChanges { seq, note } => {
                self.check(action, seq, ctx)?;
                self.set(seq, Status::ChangesRequested { note: note.clone() }, ch)?;
                ch.event(Some(seq), EventKind::ChangesRequested { note });
                Ok(())
            }
            Command::Fund { seq, payment } => {
                self.check(action, seq, ctx)?;
                self.fund(seq, payment, ch)
            }
            Command::ReportPayment { seq, reference } => {
                self.check(action, seq, ctx)?;
                let status = Status::PaymentReported {
                    reference: reference.clone(),
                    at: ctx.now,
                };
                self.set(seq, status, ch)?;
                ch.event(Some(seq), EventKind::PaymentReported { reference });
                Ok(())
            }
            Command::ConfirmPayment { seq } => self.confirm_payment(seq, ctx, ch),
            Command::RejectPayment { seq, reason } => {
                self.check(action, seq, ctx)?;
                self.set(seq, Status::AwaitingFunding, ch)?;
                ch.event(Some(seq), EventKind::PaymentRejected { reason });
                Ok(())
            }
            Command::Deliver { seq, delivery } => self.deliver(seq, delivery, ctx, ch),
            Command::RequestRevision { seq, feedback } => {
                self.request_revision(seq, feedback, ctx, ch)
            }
            Command::Approve { seq } => {
                self.check(action, seq, ctx)?;
                self.release(seq, None, false, ctx, ch)
            }
            Command::AutoApprove { seq } => {
                self.check(action, seq, ctx)?;
                self.release(seq, None, true, ctx, ch)
            }
            Command::Clear { seq } => self.clear(seq, ctx, ch),
            Command::OpenDispute { seq, reason } => self.open_dispute(seq, reason, ctx, ch),
            Command::WithdrawDispute { seq } => self.withdraw_dispute(seq, ctx, ch),
            Command::ResolveDispute {
                seq,
                resolution,
                note,
            } => self.resolve_dispute(seq, resolution, note, ctx, ch),
            Command::Cancel { seq } => {
                self.check(action, seq, ctx)?;
                self.set(seq, Status::Cancelled { at: ctx.now }, ch)?;
                ch.event(Some(seq), EventKind::Cancelled { refunded: None });
                Ok(())
            }
            Command::RequestCancellation { seq } => self.request_cancellation(seq, ctx, ch),
            Command::AskExtraRevision { seq } => {
                self.check(action, seq, ctx)?;
                ch.event(Some(seq), EventKind::ExtraRevisionAsked);
                Ok(())
            }
            Command::GrantRevision { seq } => self.grant_revision(seq, ctx, ch),
            Command::ExtendDeadline { seq, due_at } => self.extend_deadline(seq, due_at, ctx, ch),
            Command::DisputeMessage {
                seq,
                to,
                note,
                attachments,
            } => self.dispute_message(seq, to, note, attachments, ctx, ch),
            Command::TickItem { seq, item } => self.tick_item(seq, item, ctx, ch),
            Command::Chat { note, attachments } => self.chat(note, attachments, ctx, ch),
            Command::PostProgress { seq, note } => {
                self.check(action, seq, ctx)?;
                if let Status::InProgress { progress_at, .. } = &mut self.milestone_mut(seq)?.status
                {
                    *progress_at = Some(ctx.now);
                }
                ch.event(Some(seq), EventKind::ProgressPosted { note });
                Ok(())
            }
            Command::CancelOrder => self.cancel_order(ctx, ch),
            Command::Freeze { reason } => {
                let by = self.require_admin(ctx.actor, action)?;
                self.0.frozen = Some(Freeze {
                    by,
                    at: ctx.now,
                    reason: reason.clone(),
                });
                ch.event(None, EventKind::Frozen { reason });
                Ok(())
            }
            Command::Unfreeze => {
                self.require_admin(ctx.actor, action)?;
                self.0.frozen.take().ok_or(DomainError::NotFrozen)?;
                ch.event(None, EventKind::Unfrozen);
                Ok(())
            }
            Command::RecordBan { user, reason } => {
                self.require_admin(ctx.actor, action)?;
                if self.role_of(user).is_none() {
                    return Err(DomainError::NotAllowed {
                        action,
                        who: Who::Party,
                    });
                }
                ch.event(None, EventKind::PartyBanned { user, reason });
                Ok(())
            }
            Command::AnswerCancellation { seq, agree } => {
                self.answer_cancellation(seq, agree, ctx, ch)
            }
        }
    }

    /// Moves milestone `seq` to `status` now.
    fn set(&mut self, seq: u16, status: Status, ch: &Changes) -> Result<(), DomainError> {
        set_status(self.milestone_mut(seq)?, status, ch.now);
        Ok(())
    }

    fn join(
        &mut self,
        invitation: Option<InviteToken>,
        ctx: &Context,
        ch: &mut Changes,
    ) -> Result<(), DomainError> {
        self.check(Action::Join, 0, ctx)?;
        let Actor::User { id, .. } = ctx.actor else {
            unreachable!("checked: a person joins")
        };
        // Only with the link's token: order numbers are sequential, a forged press names any of them.
        if self.invitation.is_some() && invitation != self.invitation {
            return Err(DomainError::UnknownInvitation);
        }
        if self.invitee.is_some_and(|invitee| invitee != id) {
            return Err(DomainError::NotAllowed {
                action: Action::Join,
                who: Who::Invitee,
            });
        }
        let role = match (self.buyer, self.seller) {
            (None, Some(_)) => Role::Buyer,
            (Some(_), None) => Role::Seller,
            _ => return Err(DomainError::OrderFull),
        };
        match role {
            Role::Buyer => self.0.buyer = Some(id),
            Role::Seller => self.0.seller = Some(id),
        }
        // The proposals are put before the newcomer now: their wait for an answer starts here.
        for m in &mut self.0.milestones {
            if m.status == Status::Proposed {
                m.updated_at = ch.now;
            }
        }
        ch.event(None, EventKind::PartyJoined { role, user: id });
        Ok(())
    }

    fn propose(
        &mut self,
        terms: MilestoneTerms,
        ctx: &Context,
        ch: &mut Changes,
    ) -> Result<(), DomainError> {
        let role = self.party_role(ctx.actor, Action::Propose)?;
        check_currency(self.currency, terms.amount.currency())?;
        if self.milestones.len() >= Self::MAX_MILESTONES {
            return Err(DomainError::TooManyMilestones {
                max: Self::MAX_MILESTONES,
            });
        }
        let seq = u16::try_from(self.milestones.len() + 1).expect("at most MAX_MILESTONES");
        ch.event(
            Some(seq),
            EventKind::MilestoneProposed {
                by: role,
                terms: terms.clone(),
            },
        );
        self.0
            .milestones
            .push(new_milestone(seq, terms, role, ctx.now));
        Ok(())
    }

    fn revise(
        &mut self,
        seq: u16,
        terms: MilestoneTerms,
        ctx: &Context,
        ch: &mut Changes,
    ) -> Result<(), DomainError> {
        check_currency(self.currency, terms.amount.currency())?;
        self.check(Action::Revise, seq, ctx)?;
        let m = self.milestone_mut(seq)?;
        m.terms = terms.clone();
        set_status(m, Status::Proposed, ctx.now);
        ch.event(Some(seq), EventKind::ProposalRevised { terms });
        Ok(())
    }

    fn confirm_payment(
        &mut self,
        seq: u16,
        ctx: &Context,
        ch: &mut Changes,
    ) -> Result<(), DomainError> {
        self.check(Action::ConfirmPayment, seq, ctx)?;
        let (Actor::User { id: admin, .. }, Status::PaymentReported { reference, .. }) =
            (ctx.actor, self.milestone_or_err(seq)?.status.clone())
        else {
            unreachable!("checked: an admin confirms a reported payment")
        };
        let payment = PaymentRef::Manual {
            reference,
            confirmed_by: admin,
        };
        self.fund(seq, payment, ch)
    }

    fn deliver(
        &mut self,
        seq: u16,
        delivery: Delivery,
        ctx: &Context,
        ch: &mut Changes,
    ) -> Result<(), DomainError> {
        self.check(Action::Deliver, seq, ctx)?;
        let m = self.milestone_mut(seq)?;
        let Some(due_at) = m.status.due_at() else {
            unreachable!("checked: running work has a deadline")
        };
        let auto_approve_at = ctx.now + ctx.policy.auto_approve_after;
        let status = Status::Delivered {
            delivered_at: ctx.now,
            due_at,
            auto_approve_at,
            ticked: Vec::new(),
        };
        set_status(m, status, ctx.now);
        ch.event(
            Some(seq),
            EventKind::Delivered {
                delivery,
                auto_approve_at,
            },
        );
        Ok(())
    }

    fn request_revision(
        &mut self,
        seq: u16,
        feedback: Note,
        ctx: &Context,
        ch: &mut Changes,
    ) -> Result<(), DomainError> {
        self.check(Action::RequestRevision, seq, ctx)?;
        let m = self.milestone_mut(seq)?;
        let unticked = m.unticked_items();
        let Status::Delivered { due_at, .. } = m.status else {
            unreachable!("checked: a delivery is under review")
        };
        m.revisions_used += 1;
        let (used, included) = (m.revisions_used, m.terms.revisions.get());
        let status = Status::RevisionRequested {
            requested_at: ctx.now,
            due_at,
            feedback: feedback.clone(),
        };
        set_status(m, status, ctx.now);
        ch.event(
            Some(seq),
            EventKind::RevisionRequested {
                feedback,
                used,
                included,
                unticked,
            },
        );
        Ok(())
    }

    fn clear(&mut self, seq: u16, ctx: &Context, ch: &mut Changes) -> Result<(), DomainError> {
        self.check(Action::Clear, seq, ctx)?;
        let seller = self.seller_or_missing()?;
        let m = self.milestone_mut(seq)?;
        let Status::Approved { released, .. } = m.status else {
            unreachable!("checked: the milestone is approved")
        };
        let status = Status::Cleared {
            cleared_at: ctx.now,
            released,
        };
        set_status(m, status, ctx.now);
        let mref = self.mref(seq);
        ch.post(transfer(
            PostingKind::Clearing,
            mref,
            Account::Pending { user: seller },
            Account::Available { user: seller },
            released,
        ));
        ch.event(Some(seq), EventKind::Cleared { amount: released });
        Ok(())
    }

    fn open_dispute(
        &mut self,
        seq: u16,
        reason: Note,
        ctx: &Context,
        ch: &mut Changes,
    ) -> Result<(), DomainError> {
        self.check(Action::OpenDispute, seq, ctx)?;
        let role = self.party_role(ctx.actor, Action::OpenDispute)?;
        let m = self.milestone_mut(seq)?;
        let paused = Box::new(m.status.clone());
        m.cancel_requested_by = None;
        let status = Status::Disputed {
            opened_by: role,
            opened_at: ctx.now,
            reason: reason.clone(),
            paused,
        };
        set_status(m, status, ctx.now);
        ch.event(Some(seq), EventKind::DisputeOpened { by: role, reason });
        Ok(())
    }

    fn withdraw_dispute(
        &mut self,
        seq: u16,
        ctx: &Context,
        ch: &mut Changes,
    ) -> Result<(), DomainError> {
        self.check(Action::WithdrawDispute, seq, ctx)?;
        let role = self.party_role(ctx.actor, Action::WithdrawDispute)?;
        let m = self.milestone_mut(seq)?;
        let Status::Disputed {
            opened_at, paused, ..
        } = m.status.clone()
        else {
            unreachable!("checked: the milestone is disputed")
        };
        set_status(m, paused.shifted(ctx.now - opened_at), ctx.now);
        ch.event(Some(seq), EventKind::DisputeWithdrawn { by: role });
        Ok(())
    }

    fn resolve_dispute(
        &mut self,
        seq: u16,
        resolution: Resolution,
        note: Option<Note>,
        ctx: &Context,
        ch: &mut Changes,
    ) -> Result<(), DomainError> {
        self.check(Action::ResolveDispute, seq, ctx)?;
        let amount = self.milestone_or_err(seq)?.terms.amount;
        match &resolution {
            Resolution::Release => self.release(seq, None, false, ctx, ch)?,
            Resolution::Refund => self.refund(seq, ch)?,
            Resolution::Split { seller_share } => {
                check_currency(amount.currency(), seller_share.currency())?;
                if seller_share.is_zero() || seller_share.amount() >= amount.amount() {
                    return Err(DomainError::InvalidSplit);
                }
                self.release(seq, Some(*seller_share), false, ctx, ch)?;
            }
        }
        ch.event(Some(seq), EventKind::DisputeResolved { resolution, note });
        Ok(())
    }

    fn request_cancellation(
        &mut self,
        seq: u16,
        ctx: &Context,
        ch: &mut Changes,
    ) -> Result<(), DomainError> {
        self.check(Action::RequestCancellation, seq, ctx)?;
        let role = self.party_role(ctx.actor, Action::RequestCancellation)?;
        let m = self.milestone_mut(seq)?;
        m.cancel_requested_by = Some(role);
        m.updated_at = ctx.now;
        ch.event(Some(seq), EventKind::CancellationRequested { by: role });
        Ok(())
    }

    fn answer_cancellation(
        &mut self,
        seq: u16,
        agree: bool,
        ctx: &Context,
        ch: &mut Changes,
    ) -> Result<(), DomainError> {
        self.check(Action::AnswerCancellation, seq, ctx)?;
        let role = self.party_role(ctx.actor, Action::AnswerCancellation)?;
        if agree {
            let refunded = self.milestone_or_err(seq)?.terms.amount;
            self.refund(seq, ch)?;
            ch.event(
                Some(seq),
                EventKind::Cancelled {
                    refunded: Some(refunded),
                },
            );
        } else {
            let m = self.milestone_mut(seq)?;
            m.cancel_requested_by = None;
            m.updated_at = ctx.now;
            ch.event(Some(seq), EventKind::CancellationRejected { by: role });
        }
        Ok(())
    }

    fn grant_revision(
        &mut self,
        seq: u16,
        ctx: &Context,
        ch: &mut Changes,
    ) -> Result<(), DomainError> {
        self.check(Action::GrantRevision, seq, ctx)?;
        let m = self.milestone_mut(seq)?;
        let included = m.terms.revisions.get() + 1;
        m.terms.revisions =
            RevisionCount::new(included).map_err(|_| DomainError::TooManyRevisions {
                max: RevisionCount::MAX,
            })?;
        m.updated_at = ctx.now;
        ch.event(Some(seq), EventKind::RevisionGranted { included });
        Ok(())
    }

    fn extend_deadline(
        &mut self,
        seq: u16,
        due_at: DateTime<Utc>,
        ctx: &Context,
        ch: &mut Changes,
    ) -> Result<(), DomainError> {
        self.check(Action::ExtendDeadline, seq, ctx)?;
        let m = self.milestone_mut(seq)?;
        let Some(current) = m.status.due_at() else {
            unreachable!("checked: running work has a deadline")
        };
        // More time only: a later moment than both now and the current deadline.
        if due_at <= ctx.now || due_at <= current {
            return Err(DomainError::DeadlineNotLater { current });
        }
        m.status = m.status.clone().shifted(due_at - current);
        m.updated_at = ctx.now;
        ch.event(Some(seq), EventKind::DeadlineExtended { due_at });
        Ok(())
    }

    fn dispute_message(
        &mut self,
        seq: u16,
        to: Option<Role>,
        note: Option<Note>,
        attachments: Vec<Attachment>,
        ctx: &Context,
        ch: &mut Changes,
    ) -> Result<(), DomainError> {
        let action = Action::DisputeMessage;
        // A party writes to the admins; an admin who is not a party asks one party.
        self.check(action, seq, ctx)?;
        let by = self.acting_party(ctx.actor);
        match (by, to) {
            (Some(_), Some(_)) => {
                return Err(DomainError::NotAllowed {
                    action,
                    who: Who::Admin,
                });
            }
            (None, None) => {
                return Err(DomainError::NotAllowed {
                    action,
                    who: Who::Party,
                });
            }
            _ => {}
        }
        if note.is_none() && attachments.is_empty() {
            return Err(DomainError::EmptyMessage);
        }
        let kind = EventKind::DisputeMessage {
            by,
            to,
            note,
            attachments,
        };
        ch.event(Some(seq), kind);
        Ok(())
    }

    fn tick_item(
        &mut self,
        seq: u16,
        item: u8,
        ctx: &Context,
        ch: &mut Changes,
    ) -> Result<(), DomainError> {
        self.check(Action::TickItem, seq, ctx)?;
        let m = self.milestone_mut(seq)?;
        let count = m.terms.deliverables.items().len();
        if usize::from(item) >= count {
            return Err(DomainError::NoSuchItem { count });
        }
        let Status::Delivered { ticked, .. } = &mut m.status else {
            unreachable!("checked: a delivery is under review")
        };
        let now_ticked = match ticked.binary_search(&item) {
            Ok(i) => {
                ticked.remove(i);
                false
            }
            Err(i) => {
                ticked.insert(i, item);
                true
            }
        };
        let kind = EventKind::ItemTicked {
            item,
            ticked: now_ticked,
        };
        ch.event(Some(seq), kind);
        Ok(())
    }

    fn chat(
        &mut self,
        note: Option<Note>,
        attachments: Vec<Attachment>,
        ctx: &Context,
        ch: &mut Changes,
    ) -> Result<(), DomainError> {
        self.check(Action::Chat, 0, ctx)?;
        let by = self.party_role(ctx.actor, Action::Chat)?;
        if note.is_none() && attachments.is_empty() {
            return Err(DomainError::EmptyMessage);
        }
        let contact = note
            .as_ref()
            .is_some_and(|n| crate::contact::mentions_contact(n.as_str()));
        let kind = EventKind::ChatMessage {
            by,
            note,
            attachments,
            contact,
        };
        ch.event(None, kind);
        Ok(())
    }

    fn cancel_order(&mut self, ctx: &Context, ch: &mut Changes) -> Result<(), DomainError> {
        let action = Action::CancelOrder;
        self.check(action, 0, ctx)?;
        if let Some(m) = self
            .milestones
            .iter()
            .find(|m| !m.status.kind().is_settled() && !UNFUNDED.contains(&m.status.kind()))
        {
            return Err(DomainError::InvalidTransition {
                seq: m.seq,
                from: m.status.kind(),
                action,
            });
        }
        let open: Vec<u16> = self
            .milestones
            .iter()
            .filter(|m| UNFUNDED.contains(&m.status.kind()))
            .map(|m| m.seq)
            .collect();
        if open.is_empty() {
            return Err(DomainError::NothingToCancel);
        }
        for seq in open {
            self.set(seq, Status::Cancelled { at: ctx.now }, ch)?;
            ch.event(Some(seq), EventKind::Cancelled { refunded: None });
        }
        Ok(())
    }
}
