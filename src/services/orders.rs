//! Opening orders and running commands on them. Each call is one transaction that saves the new state, the
//! events, the ledger postings and the notices to send, or nothing at all.

use super::inbox::finish_in;
use crate::clock::Clock;
use crate::i18n::Text;
use crate::messages::{Audience, Button, Callback, Notice, Recipient, dossier, events};
use crate::services::outbox::enqueue_notices;
use crate::services::payouts::refund_owed;
use crate::services::plan::replan;
use crate::services::profiles;
use crate::store::{Store, StoreError, Tx};
use chrono::{DateTime, Utc};
use dereja_domain::{
    Account, Action, Actor, Command, Context, DomainError, Event, EventKind, InviteToken, Note,
    Order, OrderDraft, OrderId, Origin, Outcome, PaymentRef, PayoutMethod, Policy, Reminders,
    Review, Stars, Transaction, UserId, clearing_period, payment_reference_key,
};
use std::sync::Arc;
use tokio::sync::Notify;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// A business rule refused the command: explained to the user.
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error("no order {0}")]
    NotFound(OrderId),
    /// A withdrawal needs a payout method (`/payout`).
    #[error("no payout method set")]
    NoPayoutMethod,
    #[error("no such withdrawal")]
    NoWithdrawal,
    /// A manual payment reference already reported on some order.
    #[error("this payment reference was already used")]
    ReferenceUsed,
    /// Unexpected: logged, the user sees an apology with a reference.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// How often a command is retried when another writer changed the order first. Each retry reloads the order,
/// so the domain decides again on fresh state (a second approval becomes "already approved").
const MAX_ATTEMPTS: usize = 5;

/// What the operator configured that the order rules depend on.
#[derive(Debug, Clone)]
pub struct OrderRules {
    /// Auto-approval, and the clearing period of a seller without a payout method.
    pub policy: Policy,
    pub reminders: Reminders,
    pub payout_methods: Vec<PayoutMethod>,
}

#[derive(Clone)]
pub struct Orders {
    pub(super) store: Store,
    pub(super) clock: Arc<dyn Clock>,
    policy: Policy,
    payout_methods: Arc<Vec<PayoutMethod>>,
    pub(super) audience: Arc<Audience>,
    /// Woken after a commit that queued messages.
    pub(super) outbox: Arc<Notify>,
    reminders: Reminders,
    /// Woken after a commit that changed an order's plan.
    scheduler: Arc<Notify>,
}

/// What admins get when a dispute opens: the dossier with the resolution buttons; the order's group (whose
/// admins may resolve it) gets a pointer they can open in private.
async fn dispute_notices(
    tx: &mut Tx,
    order: &Order,
    events: &[Event],
    audience: &Audience,
) -> Result<Vec<Notice>, StoreError> {
    let mut out = Vec::new();
    for event in events {
        let (EventKind::DisputeOpened { .. }, Some(seq)) = (&event.kind, event.seq) else {
            continue;
        };
        let text = dossier_in(tx, order, seq).await?;
        for recipient in audience.deciders(order) {
            out.push(
                Notice::new(recipient, text.clone()).buttons(dossier::admin_buttons(order, seq)),
            );
        }
        if let Origin::Group { chat_id } = order.origin
            && audience.group_decides
        {
            let pointer = Text::new("group-dispute")
                .arg("order", order.title.as_str())
                .arg("seq", i64::from(seq));
            let button =
                Button::callback("button-show-dispute", Callback::ShowDispute(order.id, seq));
            out.push(Notice::new(Recipient::Chat(chat_id), pointer).buttons(vec![vec![button]]));
        }
    }
    Ok(out)
}

/// The dispute's dossier as it stands in `tx`.
async fn dossier_in(tx: &mut Tx, order: &Order, seq: u16) -> Result<Text, StoreError> {
    let events = tx.order_events(order.id).await?;
    let buyer = match order.buyer {
        Some(u) => profiles::profile(tx, u).await?,
        None => None,
    };
    let seller = match order.seller {
        Some(u) => profiles::profile(tx, u).await?,
        None => None,
    };
    Ok(dossier::dossier(
        order,
        seq,
        &events,
        buyer.as_ref(),
        seller.as_ref(),
    ))
}

/// The buyer this change made money owed back to (a refund, a split's share, an agreed cancellation), if any.
fn refunded_buyer(postings: &[Transaction]) -> Option<UserId> {
    postings
        .iter()
        .flat_map(Transaction::entries)
        .find_map(|e| match e.account {
            Account::Refunds { user } if e.amount.is_sign_positive() => Some(user),
            _ => None,
        })
}

/// A fresh invitation token from 128 random bits: an unguessable deep-link payload.
fn new_invite_token() -> Result<InviteToken, StoreError> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes)
        .map_err(|e| StoreError::Corrupt(format!("no randomness: {e}")))?;
    Ok(InviteToken::from_bits(u128::from_le_bytes(bytes)))
}

impl Orders {
    pub fn new(
        store: Store,
        clock: Arc<dyn Clock>,
        rules: OrderRules,
        audience: Audience,
        outbox: Arc<Notify>,
        scheduler: Arc<Notify>,
    ) -> Self {
        Orders {
            store,
            clock,
            policy: rules.policy,
            payout_methods: Arc::new(rules.payout_methods),
            audience: Arc::new(audience),
            outbox,
            reminders: rules.reminders,
            scheduler,
        }
    }

    pub fn audience(&self) -> &Audience {
        &self.audience
    }

    /// Who hears about this order's decisions: the order's group too when it is a registered community.
    async fn audience_for(&self, tx: &mut Tx, order: &Order) -> Result<Audience, StoreError> {
        let group_decides = match order.origin {
            Origin::Group { chat_id } => {
                self.audience.communities.contains(&chat_id) || tx.is_community(chat_id).await?
            }
            Origin::Private => false,
        };
        Ok(Audience {
            group_decides,
            ..(*self.audience).clone()
        })
    }

    /// Stores a new order with its proposed milestones and the events that opened it; returns it with the token
    /// of its invitation link, which joining takes.
    pub async fn open(&self, draft: OrderDraft) -> Result<(Order, InviteToken), ServiceError> {
        let now = self.clock.now();
        let token = new_invite_token()?;
        let draft = draft.with_invitation(token);
        let mut tx = self.store.begin().await?;
        may_start_work_in(&mut tx, draft.creator()).await?;
        let id = tx.insert_order(&draft, now).await?;
        let outcome = Order::open(id, draft, now);
        tx.save_order(&outcome.order, 0, now).await?;
        tx.set_invite_token(id, token.as_str()).await?;
        tx.append_events(&outcome.events).await?;
        replan(&mut tx, &outcome.order, &self.reminders, now).await?;
        finish_in(&mut tx).await?;
        tx.commit().await?;
        self.scheduler.notify_one();
        Ok((outcome.order, token))
    }

    /// Runs `command` by `actor` on an order in one transaction.
    pub async fn execute(
        &self,
        id: OrderId,
        actor: Actor,
        command: Command,
    ) -> Result<Outcome, ServiceError> {
        self.execute_all(id, actor, &[command]).await
    }

    /// Runs `commands` by `actor` on an order, one after the other, in one transaction: all of them apply, or none
    /// (the first refusal is returned). "Join and accept all" is one.
    pub async fn execute_all(
        &self,
        id: OrderId,
        actor: Actor,
        commands: &[Command],
    ) -> Result<Outcome, ServiceError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let now = self.clock.now();
            let mut tx = self.store.begin().await?;
            let (order, version) = tx.load_order(id).await?.ok_or(ServiceError::NotFound(id))?;
            let mut outcome = Outcome {
                order,
                events: Vec::new(),
                postings: Vec::new(),
            };
            for command in commands {
                let ctx = Context {
                    actor,
                    now,
                    policy: self.policy_for(&mut tx, &outcome.order).await?,
                };
                let step = outcome.order.handle(command.clone(), &ctx)?;
                self.record_side(&mut tx, id, actor, command, now).await?;
                outcome.order = step.order;
                outcome.events.extend(step.events);
                outcome.postings.extend(step.postings);
            }
            match tx.save_order(&outcome.order, version, now).await {
                Ok(_) => {}
                Err(StoreError::Conflict) if attempt < MAX_ATTEMPTS => {
                    tracing::debug!(order = %id, attempt, "concurrent change, retrying");
                    continue;
                }
                Err(e) => return Err(e.into()),
            }
            let queued = self.apply(&mut tx, &outcome, now).await?;
            finish_in(&mut tx).await?;
            tx.commit().await?;
            self.scheduler.notify_one();
            if queued {
                self.outbox.notify_one();
            }
            return Ok(outcome);
        }
    }

    /// Approved money clears by the seller's payout method as it is at the moment of approval.
    async fn policy_for(&self, tx: &mut Tx, order: &Order) -> Result<Policy, StoreError> {
        let seller_method = match order.seller {
            Some(seller) => tx.payout(seller).await?.map(|p| p.method),
            None => None,
        };
        Ok(Policy {
            clearing_period: clearing_period(
                &self.payout_methods,
                seller_method.as_deref(),
                self.policy.clearing_period,
            ),
            ..self.policy
        })
    }

    /// What a command needs beside the order itself, in its transaction: a payment reference used once, a joiner
    /// allowed to start work, an admin's action logged, a Telegram charge settled with the funding.
    async fn record_side(
        &self,
        tx: &mut Tx,
        id: OrderId,
        actor: Actor,
        command: &Command,
        now: DateTime<Utc>,
    ) -> Result<(), ServiceError> {
        match command {
            // A manual payment's reference can be used once, across all orders; a rejected one is free again.
            Command::ReportPayment { seq, reference } => {
                let key = payment_reference_key(reference);
                if !tx.claim_payment_reference(&key, id.0, *seq, now).await? {
                    return Err(ServiceError::ReferenceUsed);
                }
            }
            Command::RejectPayment { seq, .. } => tx.release_payment_reference(id.0, *seq).await?,
            Command::Join { .. } => {
                if let Actor::User { id: user, .. } = actor {
                    may_start_work_in(tx, user).await?;
                }
            }
            // Every admin action is in the admin log too, with the admin's id.
            Command::Freeze { .. } | Command::Unfreeze => {
                if let Actor::User { id: admin, .. } = actor {
                    let (what, reason) = match command {
                        Command::Freeze { reason } => ("freeze", Some(reason.as_str())),
                        _ => ("unfreeze", None),
                    };
                    let subject = format!("order {}", id.0);
                    tx.log_admin_action(now, admin, what, &subject, reason)
                        .await?;
                }
            }
            // The charge that funds the milestone is settled with it: applied once, or not at all.
            Command::Fund {
                payment: PaymentRef::Telegram { charge_id, .. },
                ..
            } => tx.settle_payment(charge_id, "applied", now).await?,
            _ => {}
        }
        Ok(())
    }

    /// Writes an outcome's history, postings, notices and timers; `true` when notices were queued.
    async fn apply(
        &self,
        tx: &mut Tx,
        outcome: &Outcome,
        now: DateTime<Utc>,
    ) -> Result<bool, ServiceError> {
        tx.append_events(&outcome.events).await?;
        tx.post(&outcome.postings, now).await?;
        let audience = self.audience_for(tx, &outcome.order).await?;
        let mut notices = events::for_events(&outcome.order, &outcome.events, &audience);
        notices.extend(dispute_notices(tx, &outcome.order, &outcome.events, &audience).await?);
        if let Some(buyer) = refunded_buyer(&outcome.postings) {
            notices.extend(refund_owed(tx, &audience, buyer, now).await?);
        }
        enqueue_notices(tx, &notices, now).await?;
        replan(tx, &outcome.order, &self.reminders, now).await?;
        Ok(!notices.is_empty())
    }

    /// Whether `user` may start new work (open or join an order): asked before the new-order dialogue, so nobody
    /// types a whole order that will be refused.
    pub async fn may_start_work(&self, user: UserId) -> Result<(), ServiceError> {
        let mut tx = self.store.begin_read().await?;
        may_start_work_in(&mut tx, user).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Writes a suspension (`reason`) or its end (`None`) into the history of each of `user`'s open orders, in
    /// `tx`; returns those orders. An order where the admin is a party is left out (they cannot moderate it).
    pub async fn record_ban_in(
        &self,
        tx: &mut Tx,
        admin: UserId,
        user: UserId,
        reason: Option<&Note>,
    ) -> Result<Vec<OrderId>, ServiceError> {
        let now = self.clock.now();
        let ctx = Context {
            actor: Actor::User {
                id: admin,
                admin: true,
            },
            now,
            policy: self.policy,
        };
        let mut recorded = Vec::new();
        for id in tx.open_orders_of(user).await? {
            let Some((order, version)) = tx.load_order(id).await? else {
                continue;
            };
            let command = Command::RecordBan {
                user,
                reason: reason.cloned(),
            };
            let Ok(outcome) = order.handle(command, &ctx) else {
                continue;
            };
            tx.save_order(&outcome.order, version, now).await?;
            tx.append_events(&outcome.events).await?;
            recorded.push(id);
        }
        Ok(recorded)
    }

    /// Whether `actor` may take `action` on milestone `seq` now, asked before a step collects text for it (the
    /// domain's [`Order::check`]); the order as it stands when allowed.
    pub async fn check(
        &self,
        id: OrderId,
        actor: Actor,
        action: Action,
        seq: u16,
    ) -> Result<Order, ServiceError> {
        let order = self.get(id).await?;
        let ctx = Context {
            actor,
            now: self.clock.now(),
            policy: self.policy,
        };
        order.check(action, seq, &ctx)?;
        Ok(order)
    }

    /// Records a rating once: of the other party when the order is complete (`seq` is `None`), or the buyer's
    /// rating of one approved milestone.
    pub async fn review(
        &self,
        id: OrderId,
        seq: Option<u16>,
        by: UserId,
        stars: Stars,
    ) -> Result<Review, ServiceError> {
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        let (order, _) = tx.load_order(id).await?.ok_or(ServiceError::NotFound(id))?;
        let review = match seq {
            None => {
                let existing = tx.review_by(id, by).await?;
                order.review(by, stars, None, existing.as_ref(), now)?
            }
            Some(seq) => {
                let already = tx.milestone_reviewed(id, seq, by).await?;
                order.review_milestone(by, seq, stars, already, now)?
            }
        };
        tx.insert_review(&review).await?;
        let event = Event {
            order: id,
            seq,
            at: now,
            actor: Actor::User {
                id: by,
                admin: false,
            },
            kind: EventKind::Reviewed {
                role: review.role,
                stars: stars.get(),
            },
        };
        tx.append_events(&[event]).await?;
        finish_in(&mut tx).await?;
        tx.commit().await?;
        Ok(review)
    }

    /// Adds the words to a rating already given; `false` if there is none. Inside a handler, its update is marked
    /// done (and its conversation ended, when asked) in the same transaction.
    pub async fn review_text(
        &self,
        id: OrderId,
        seq: Option<u16>,
        by: UserId,
        text: &dereja_domain::Note,
    ) -> Result<bool, ServiceError> {
        let mut tx = self.store.begin().await?;
        let changed = tx.set_review_text(id, seq, by, text).await?;
        finish_in(&mut tx).await?;
        tx.commit().await?;
        Ok(changed)
    }

    /// What the bot knows of a person's conduct.
    pub async fn profile(
        &self,
        user: UserId,
    ) -> Result<Option<dereja_domain::Profile>, ServiceError> {
        let mut tx = self.store.begin_read().await?;
        let found = profiles::profile(&mut tx, user).await?;
        tx.commit().await?;
        Ok(found)
    }

    /// An order with its audit log.
    pub async fn history(&self, id: OrderId) -> Result<(Order, Vec<Event>), ServiceError> {
        let mut tx = self.store.begin_read().await?;
        let (order, _) = tx.load_order(id).await?.ok_or(ServiceError::NotFound(id))?;
        let events = tx.order_events(id).await?;
        tx.commit().await?;
        Ok((order, events))
    }

    /// A dispute's dossier, for an admin who asks for it.
    pub async fn dossier(&self, id: OrderId, seq: u16) -> Result<(Order, Text), ServiceError> {
        let mut tx = self.store.begin_read().await?;
        let (order, _) = tx.load_order(id).await?.ok_or(ServiceError::NotFound(id))?;
        let text = dossier_in(&mut tx, &order, seq).await?;
        tx.commit().await?;
        Ok((order, text))
    }

    /// The order as stored now.
    pub async fn get(&self, id: OrderId) -> Result<Order, ServiceError> {
        let mut tx = self.store.begin_read().await?;
        let found = tx.load_order(id).await?;
        tx.commit().await?;
        found
            .map(|(order, _)| order)
            .ok_or(ServiceError::NotFound(id))
    }

    /// The order an invitation token opens, if any.
    pub async fn by_invitation(&self, token: InviteToken) -> Result<Option<Order>, ServiceError> {
        let mut tx = self.store.begin_read().await?;
        let found = match tx.order_by_invite(token.as_str()).await? {
            Some(id) => tx.load_order(id).await?.map(|(o, _)| o),
            None => None,
        };
        tx.commit().await?;
        Ok(found)
    }

    /// The user's most recent orders, newest first.
    pub async fn of_user(&self, user: UserId, limit: i64) -> Result<Vec<Order>, ServiceError> {
        self.page_of_user(user, 0, limit).await
    }

    /// Up to `limit` of a user's orders, most recent first, after skipping the `from` most recent.
    pub async fn page_of_user(
        &self,
        user: UserId,
        from: i64,
        limit: i64,
    ) -> Result<Vec<Order>, ServiceError> {
        // Which orders is one statement on its own; many people have none, and then that is all it costs.
        let mut tx = self.store.read().await?;
        let ids = tx.orders_of(user, from, limit).await?;
        tx.commit().await?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut tx = self.store.begin_read().await?;
        let orders = tx.load_orders(&ids).await?;
        tx.commit().await?;
        Ok(orders)
    }
}

/// The name of the setting that holds the maintenance message while new work is paused.
pub const MAINTENANCE: &str = "maintenance";

/// Refuses new work to a suspended person, and to everyone during maintenance.
async fn may_start_work_in(tx: &mut Tx, user: UserId) -> Result<(), ServiceError> {
    let ban = tx.ban_of(user).await?;
    let maintenance = tx.setting(MAINTENANCE).await?;
    dereja_domain::may_start_work(
        ban.as_ref().map(|b| b.reason.as_str()),
        maintenance.as_deref(),
    )?;
    Ok(())
}
