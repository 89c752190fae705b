//! Payout settings, balances, withdrawals and used payment references.

use super::ledger::account_from_columns;
use super::{Result, StoreError, Tx, on_conn};
use chrono::{DateTime, Utc};
use dereja_domain::{
    Account, Currency, Money, Note, PayoutAccount, UserId, Withdrawal, WithdrawalId,
    WithdrawalKind, WithdrawalStatus,
};

#[derive(sqlx::FromRow)]
struct WithdrawalRow {
    id: i64,
    kind: String,
    user_id: i64,
    amount_minor: i64,
    currency: String,
    destination: String,
    status: String,
    note: Option<String>,
    decided_by: Option<i64>,
    requested_at: DateTime<Utc>,
    decided_at: Option<DateTime<Utc>>,
}

impl WithdrawalRow {
    fn into_domain(self) -> Result<Withdrawal> {
        let bad = |what: &str| StoreError::Corrupt(format!("withdrawal {} {what}", self.id));
        let currency: Currency = self.currency.parse().map_err(|_| bad("currency"))?;
        let amount = Money::from_minor(self.amount_minor, currency).map_err(|_| bad("amount"))?;
        let note = || {
            self.note
                .as_deref()
                .and_then(|n| Note::new(n).ok())
                .ok_or_else(|| bad("note"))
        };
        let decided = || -> Result<(UserId, DateTime<Utc>)> {
            Ok((
                UserId(self.decided_by.ok_or_else(|| bad("decided_by"))?),
                self.decided_at.ok_or_else(|| bad("decided_at"))?,
            ))
        };
        let status = match self.status.as_str() {
            "requested" => WithdrawalStatus::Requested,
            "paid" => {
                let (by, at) = decided()?;
                WithdrawalStatus::Paid {
                    reference: note()?,
                    by,
                    at,
                }
            }
            "rejected" => {
                let (by, at) = decided()?;
                WithdrawalStatus::Rejected {
                    reason: note()?,
                    by,
                    at,
                }
            }
            _ => return Err(bad("status")),
        };
        Ok(Withdrawal {
            id: WithdrawalId(self.id),
            kind: WithdrawalKind::parse(&self.kind).ok_or_else(|| bad("kind"))?,
            user: UserId(self.user_id),
            amount,
            destination: Note::new(&self.destination).map_err(|_| bad("destination"))?,
            requested_at: self.requested_at,
            status,
        })
    }
}

const WITHDRAWAL: &str = "SELECT id, kind, user_id, amount_minor, currency, destination, status, note, decided_by, \
                          requested_at, decided_at FROM withdrawals";

impl Tx {
    pub async fn set_payout(&mut self, user: UserId, method: &str, account: &str) -> Result<()> {
        let sql = "UPDATE users SET payout_method = $1, payout_account = $2 WHERE id = $3";
        on_conn!(self, |c| {
            sqlx::query(sql)
                .bind(method)
                .bind(account)
                .bind(user.0)
                .execute(c)
                .await?;
        });
        Ok(())
    }

    /// The user's payout method and account there, if set.
    pub async fn payout(&mut self, user: UserId) -> Result<Option<PayoutAccount>> {
        let sql = "SELECT payout_method, payout_account FROM users WHERE id = $1";
        let row: Option<(Option<String>, Option<String>)> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(user.0)
            .fetch_optional(c)
            .await?);
        Ok(row
            .and_then(|(m, a)| m.zip(a))
            .map(|(method, account)| PayoutAccount { method, account }))
    }

    /// Serialises money decisions about one user (a withdrawal against their balance): on Postgres the user's
    /// row is locked until the transaction ends; SQLite's single writer does the same already.
    pub async fn lock_user(&mut self, user: UserId) -> Result<()> {
        if let Tx::Postgres(tx) = self {
            sqlx::query("SELECT id FROM users WHERE id = $1 FOR UPDATE")
                .bind(user.0)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    /// A user's balances by account kind (`pending`, `available`, `withdrawing`, `paid_out`) and currency, in
    /// minor units.
    /// The sums of the user's seller accounts, in minor units per currency.
    pub async fn balances_of(&mut self, user: UserId) -> Result<Vec<(Account, Currency, i64)>> {
        let sql = "SELECT account_kind, currency, CAST(SUM(amount_minor) AS BIGINT) FROM ledger_entries \
                   WHERE user_id = $1 AND account_kind IN ('pending', 'available', 'withdrawing', 'paid_out', 'refunds', 'refund_paying') \
                   GROUP BY account_kind, currency ORDER BY currency, account_kind";
        let rows: Vec<(String, String, i64)> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(user.0)
            .fetch_all(c)
            .await?);
        rows.into_iter()
            .map(|(kind, currency, minor)| {
                let account = account_from_columns(&kind, Some(user.0), None, None)?;
                let currency: Currency = currency
                    .parse()
                    .map_err(|e| StoreError::Corrupt(format!("currency {currency:?}: {e}")))?;
                Ok((account, currency, minor))
            })
            .collect()
    }

    /// Stores a new request and returns it with its id.
    pub async fn insert_withdrawal(&mut self, w: &Withdrawal) -> Result<Withdrawal> {
        let sql = "INSERT INTO withdrawals (user_id, amount_minor, currency, destination, status, requested_at, kind) \
                   VALUES ($1, $2, $3, $4, 'requested', $5, $6) RETURNING id";
        let id: i64 = on_conn!(self, |c| sqlx::query_scalar(sql)
            .bind(w.user.0)
            .bind(w.amount.to_minor())
            .bind(w.amount.currency().code())
            .bind(w.destination.as_str())
            .bind(w.requested_at)
            .bind(w.kind.as_str())
            .fetch_one(c)
            .await?);
        Ok(Withdrawal {
            id: WithdrawalId(id),
            ..w.clone()
        })
    }

    /// A withdrawal, locked until the transaction ends (Postgres) so two admins cannot decide it at once.
    pub async fn withdrawal_for_update(&mut self, id: WithdrawalId) -> Result<Option<Withdrawal>> {
        let row: Option<WithdrawalRow> = match self {
            Tx::Sqlite(tx) => {
                sqlx::query_as(&format!("{WITHDRAWAL} WHERE id = $1"))
                    .bind(id.0)
                    .fetch_optional(&mut **tx)
                    .await?
            }
            Tx::Postgres(tx) => {
                sqlx::query_as(&format!("{WITHDRAWAL} WHERE id = $1 FOR UPDATE"))
                    .bind(id.0)
                    .fetch_optional(&mut **tx)
                    .await?
            }
        };
        row.map(WithdrawalRow::into_domain).transpose()
    }

    pub async fn update_withdrawal(&mut self, w: &Withdrawal) -> Result<()> {
        let (status, note, by, at) = match &w.status {
            WithdrawalStatus::Requested => ("requested", None, None, None),
            WithdrawalStatus::Paid { reference, by, at } => {
                ("paid", Some(reference.as_str()), Some(by.0), Some(*at))
            }
            WithdrawalStatus::Rejected { reason, by, at } => {
                ("rejected", Some(reason.as_str()), Some(by.0), Some(*at))
            }
        };
        let sql = "UPDATE withdrawals SET status = $1, note = $2, decided_by = $3, decided_at = $4 WHERE id = $5";
        on_conn!(self, |c| {
            sqlx::query(sql)
                .bind(status)
                .bind(note)
                .bind(by)
                .bind(at)
                .bind(w.id.0)
                .execute(c)
                .await?;
        });
        Ok(())
    }

    /// Requests waiting for an admin: (id, since), oldest first.
    pub async fn open_withdrawals(&mut self) -> Result<Vec<(i64, DateTime<Utc>)>> {
        let sql = "SELECT id, requested_at FROM withdrawals WHERE status = 'requested' ORDER BY requested_at";
        Ok(on_conn!(self, |c| sqlx::query_as(sql).fetch_all(c).await?))
    }

    /// Records a manual payment reference; `false` if it was used before.
    pub async fn claim_payment_reference(
        &mut self,
        reference: &str,
        order: i64,
        seq: u16,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let sql = "INSERT INTO payment_references (reference, order_id, seq, created_at) VALUES ($1, $2, $3, $4) \
                   ON CONFLICT (reference) DO NOTHING";
        let inserted = on_conn!(self, |c| sqlx::query(sql)
            .bind(reference)
            .bind(order)
            .bind(i64::from(seq))
            .bind(now)
            .execute(c)
            .await?
            .rows_affected());
        Ok(inserted == 1)
    }

    /// Frees the reference claimed for milestone `seq` (its payment was rejected: the buyer may report that
    /// transfer again, correctly this time).
    pub async fn release_payment_reference(&mut self, order: i64, seq: u16) -> Result<()> {
        let sql = "DELETE FROM payment_references WHERE order_id = $1 AND seq = $2";
        on_conn!(self, |c| {
            sqlx::query(sql)
                .bind(order)
                .bind(i64::from(seq))
                .execute(c)
                .await?;
        });
        Ok(())
    }
}
