//! A seller's money after approval: where it goes (payout method), how much is pending, available, being
//! withdrawn or paid out, and withdrawal requests that admins pay or reject. Each change is one transaction that
//! posts its ledger entries and queues its notices.

use crate::clock::Clock;
use crate::messages::{Audience, Notice, withdrawals};
use crate::services::ServiceError;
use crate::services::outbox::enqueue_notices;
use crate::store::Store;
use chrono::{DateTime, Utc};
use dereja_domain::{
    Account, Actor, Currency, DomainError, Money, Note, PayoutAccount, PayoutMethod, Status,
    UserId, Withdrawal, WithdrawalDecision, WithdrawalId,
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
        let mut tx = self.store.begin().await?;
        tx.set_payout(user, method, account.as_str()).await?;
        tx.commit().await?;
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
        for id in tx.orders_of(user, 1000).await? {
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
        let available = tx
            .balances_of(user)
            .await?
            .into_iter()
            .filter(|(account, currency, _)| {
                *account == Account::Available { user } && *currency == amount.currency()
            })
            .map(|(_, _, minor)| minor)
            .sum::<i64>();
        let available =
            Money::from_minor(available.max(0), amount.currency()).map_err(DomainError::from)?;
        let destination =
            Note::new(&payout.destination()).map_err(|_| ServiceError::NoPayoutMethod)?;
        let (draft, hold) =
            Withdrawal::request(WithdrawalId(0), user, amount, available, destination, now)?;
        let withdrawal = tx.insert_withdrawal(&draft).await?;
        tx.post(&[hold], now).await?;
        let notices = withdrawals::requested(&withdrawal, &self.audience);
        enqueue_notices(&mut tx, &notices, now).await?;
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
        tx.commit().await?;
        self.outbox.notify_one();
        Ok(next)
    }
}
