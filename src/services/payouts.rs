//! Money paid out of the books: a seller's earnings after approval (pending, available, being withdrawn, paid out)
//! and a buyer's refunds (owed back, being paid back), each through a request an admin pays or rejects. Where the
//! money goes is the person's payout method. Each change is one transaction that posts its ledger entries and
//! queues its notices.

use super::inbox::finish_in;
use crate::clock::Clock;
use crate::messages::{Audience, Notice, withdrawals};
use crate::services::ServiceError;
use crate::services::outbox::enqueue_notices;
use crate::store::{Store, Tx};
use chrono::{DateTime, Utc};
use dereja_domain::{
    Account, Actor, ClearedMilestone, Currency, DomainError, EventKind, MilestoneRef, Money, Note,
    PayoutAccount, PayoutMethod, Status, UserId, Withdrawal, WithdrawalDecision, WithdrawalId,
    WithdrawalKind, contributing,
};
use std::sync::Arc;
use tokio::sync::Notify;

/// Balances in one currency, in minor units, with what is pending and until when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Balance {
    pub currency: Currency,
    pub pending: Vec<(Money, DateTime<Utc>)>,
    pub available: Money,
    pub withdrawing: Money,
    pub paid_out: Money,
    /// Owed back to the user as a buyer, and of that what is being paid back now.
    pub refunds_owed: Money,
    pub refunds_paying: Money,
}

#[derive(Clone)]
pub struct Payouts {
    store: Store,
    clock: Arc<dyn Clock>,
    methods: Arc<Vec<PayoutMethod>>,
    audience: Arc<Audience>,
    outbox: Arc<Notify>,
}

/// What a withdrawal change asks the caller to tell.
pub type Notices = Vec<Notice>;

impl Payouts {
    pub fn new(
        store: Store,
        clock: Arc<dyn Clock>,
        methods: Vec<PayoutMethod>,
        audience: Audience,
        outbox: Arc<Notify>,
    ) -> Payouts {
        Payouts {
            store,
            clock,
            methods: Arc::new(methods),
            audience: Arc::new(audience),
            outbox,
        }
    }

    pub fn methods(&self) -> &[PayoutMethod] {
        &self.methods
    }

    pub async fn set_method(
        &self,
        user: UserId,
        method: &str,
        account: &Note,
    ) -> Result<(), ServiceError> {
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        tx.set_payout(user, method, account.as_str()).await?;
        // Money owed back to this user now has somewhere to go.
        let notices = refund_owed(&mut tx, &self.audience, user, now).await?;
        enqueue_notices(&mut tx, &notices, now).await?;
        finish_in(&mut tx).await?;
        tx.commit().await?;
        if !notices.is_empty() {
            self.outbox.notify_one();
        }
        Ok(())
    }

    /// Where the seller is paid, if they said.
    pub async fn method_of(&self, user: UserId) -> Result<Option<PayoutAccount>, ServiceError> {
        let mut tx = self.store.begin_read().await?;
        let found = tx.payout(user).await?;
        tx.commit().await?;
        Ok(found)
    }

    /// Every currency the user has seller balances in.
    pub async fn balances(&self, user: UserId) -> Result<Vec<Balance>, ServiceError> {
        let mut tx = self.store.begin_read().await?;
        let rows = tx.balances_of(user).await?;
        let mut pending = Vec::new();
        for id in tx.orders_of(user, 0, 1000).await? {
            let Some((order, _)) = tx.load_order(id).await? else {
                continue;
            };
            if order.seller != Some(user) {
                continue;
            }
            for m in &order.milestones {
                if let Status::Approved {
                    clears_at,
                    released,
                    ..
                } = m.status
                {
                    pending.push((released, clears_at));
                }
            }
        }
        tx.commit().await?;
        let mut currencies: Vec<Currency> = rows.iter().map(|(_, c, _)| *c).collect();
        currencies.sort();
        currencies.dedup();
        let money = |account: Account, currency: Currency| {
            let minor = rows
                .iter()
                .filter(|(a, c, _)| *a == account && *c == currency)
                .map(|(_, _, m)| *m)
                .sum::<i64>();
            Money::from_minor(minor.max(0), currency).unwrap_or(Money::zero(currency))
        };
        Ok(currencies
            .into_iter()
            .map(|currency| {
                let mut pending: Vec<_> = pending
                    .iter()
                    .filter(|(m, _)| m.currency() == currency)
                    .copied()
                    .collect();
                pending.sort_by_key(|(_, at)| *at);
                Balance {
                    currency,
                    pending,
                    available: money(Account::Available { user }, currency),
                    withdrawing: money(Account::Withdrawing { user }, currency),
                    paid_out: money(Account::PaidOut { user }, currency),
                    refunds_owed: money(Account::Refunds { user }, currency),
                    refunds_paying: money(Account::RefundPaying { user }, currency),
                }
            })
            .collect())
    }

    /// A request to withdraw `amount` to the seller's payout account: at most what is available, never two
    /// requests for more than that (the user is locked while this runs).
    pub async fn request(&self, user: UserId, amount: Money) -> Result<Withdrawal, ServiceError> {
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        tx.lock_user(user).await?;
        let payout = tx.payout(user).await?.ok_or(ServiceError::NoPayoutMethod)?;
        let balances = tx.balances_of(user).await?;
        let available = balances
            .iter()
            .filter(|(account, currency, _)| {
                *account == Account::Available { user } && *currency == amount.currency()
            })
            .map(|(_, _, minor)| minor)
            .sum::<i64>();
        let available =
            Money::from_minor(available.max(0), amount.currency()).map_err(DomainError::from)?;
        let destination =
            Note::new(&payout.destination()).map_err(|_| ServiceError::NoPayoutMethod)?;
        let asked = (WithdrawalKind::Earnings, user);
        let (draft, hold) =
            Withdrawal::request(WithdrawalId(0), asked, amount, available, destination, now)?;
        let withdrawal = tx.insert_withdrawal(&draft).await?;
        // What the admin pays: the cleared milestones this money came from, and how each was paid.
        let earlier = taken_before(&balances, amount.currency());
        let sources = contributing(&cleared_milestones(&mut tx, user).await?, earlier, amount);
        tx.post(&[hold], now).await?;
        let notices = withdrawals::requested(&withdrawal, &self.audience, &sources);
        enqueue_notices(&mut tx, &notices, now).await?;
        finish_in(&mut tx).await?;
        tx.commit().await?;
        self.outbox.notify_one();
        Ok(withdrawal)
    }

    /// An admin's decision: paid (with the transfer's reference) or rejected (with a reason).
    pub async fn decide(
        &self,
        id: WithdrawalId,
        actor: Actor,
        decision: WithdrawalDecision,
        note: Note,
    ) -> Result<Withdrawal, ServiceError> {
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        let current = tx
            .withdrawal_for_update(id)
            .await?
            .ok_or(ServiceError::NoWithdrawal)?;
        let (next, posting) = match decision {
            WithdrawalDecision::Paid => current.confirm(actor, note, now)?,
            WithdrawalDecision::Rejected => current.reject(actor, note, now)?,
        };
        tx.update_withdrawal(&next).await?;
        tx.post(&[posting], now).await?;
        let notices = withdrawals::decided(&next);
        enqueue_notices(&mut tx, &notices, now).await?;
        finish_in(&mut tx).await?;
        tx.commit().await?;
        self.outbox.notify_one();
        Ok(next)
    }
}

/// What is owed back to `buyer` becomes a refund request per currency, which admins are asked to pay, once the
/// buyer has said where to be paid; until then the buyer is asked to (`/payout`). Runs in the transaction of the
/// change that made the money owed, with the buyer locked so two changes cannot request the same money.
pub async fn refund_owed(
    tx: &mut Tx,
    audience: &Audience,
    buyer: UserId,
    now: DateTime<Utc>,
) -> Result<Vec<Notice>, ServiceError> {
    tx.lock_user(buyer).await?;
    let owed: Vec<Money> = tx
        .balances_of(buyer)
        .await?
        .into_iter()
        .filter(|(account, _, minor)| *account == Account::Refunds { user: buyer } && *minor > 0)
        .map(|(_, currency, minor)| Money::from_minor(minor, currency))
        .collect::<Result<_, _>>()
        .map_err(DomainError::from)?;
    let Some(payout) = tx.payout(buyer).await? else {
        return Ok(owed
            .into_iter()
            .map(|amount| withdrawals::refund_needs_destination(buyer, amount))
            .collect());
    };
    let destination = Note::new(&payout.destination()).map_err(|_| ServiceError::NoPayoutMethod)?;
    let mut notices = Vec::new();
    for amount in owed {
        let asked = (WithdrawalKind::Refund, buyer);
        let (draft, hold) = Withdrawal::request(
            WithdrawalId(0),
            asked,
            amount,
            amount,
            destination.clone(),
            now,
        )?;
        let refund = tx.insert_withdrawal(&draft).await?;
        tx.post(&[hold], now).await?;
        notices.extend(withdrawals::requested(&refund, audience, &[]));
    }
    Ok(notices)
}

/// What earlier withdrawals took from the seller's cleared money in `currency`: paid out or still open.
fn taken_before(balances: &[(Account, Currency, i64)], currency: Currency) -> Money {
    let minor: i64 = balances
        .iter()
        .filter(|(account, c, _)| {
            *c == currency
                && matches!(
                    account,
                    Account::PaidOut { .. } | Account::Withdrawing { .. }
                )
        })
        .map(|(_, _, minor)| minor)
        .sum();
    Money::from_minor(minor.max(0), currency).unwrap_or(Money::zero(currency))
}

/// The seller's cleared milestones, oldest first, each with how its buyer paid it.
async fn cleared_milestones(
    tx: &mut Tx,
    seller: UserId,
) -> Result<Vec<ClearedMilestone>, ServiceError> {
    let mut found: Vec<(DateTime<Utc>, ClearedMilestone)> = Vec::new();
    for id in tx.orders_of(seller, 0, 1000).await? {
        let Some((order, _)) = tx.load_order(id).await? else {
            continue;
        };
        if order.seller != Some(seller) {
            continue;
        }
        let events = tx.order_events(id).await?;
        for m in &order.milestones {
            let Status::Cleared {
                cleared_at,
                released,
            } = m.status
            else {
                continue;
            };
            let funding = events.iter().rev().find_map(|e| match &e.kind {
                EventKind::Funded { payment, .. } if e.seq == Some(m.seq) => Some(payment.clone()),
                _ => None,
            });
            if let Some(funding) = funding {
                let milestone = MilestoneRef {
                    order: id,
                    seq: m.seq,
                };
                found.push((
                    cleared_at,
                    ClearedMilestone {
                        milestone,
                        released,
                        funding,
                    },
                ));
            }
        }
    }
    // Oldest first; milestones cleared at the same moment in order of their orders.
    found.sort_by_key(|(at, c)| (*at, c.milestone.order.0, c.milestone.seq));
    Ok(found.into_iter().map(|(_, c)| c).collect())
}
