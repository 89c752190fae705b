//! What an operator watches, read for `/metrics` and `/readyz`: backlogs, money held, work waiting for admins,
//! and whether the database answers with the schema this binary expects.

use super::{POSTGRES_MIGRATIONS, Result, SQLITE_MIGRATIONS, Store, Tx, on_conn};
use chrono::{DateTime, Utc};

/// The figures at one moment.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Figures {
    /// Updates stored and not handled yet.
    pub inbox_open: i64,
    /// Messages waiting to be sent, and since when the oldest waits.
    pub outbox_backlog: i64,
    pub outbox_oldest: Option<DateTime<Utc>>,
    /// Jobs due and not done, and since when the oldest is due.
    pub jobs_due: i64,
    pub jobs_oldest_due: Option<DateTime<Utc>>,
    /// Money held for milestones, per currency, in minor units.
    pub escrow: Vec<(String, i64)>,
    pub disputes_open: i64,
    pub payments_to_confirm: i64,
    /// Withdrawal requests waiting for an admin, by kind (`earnings`, `refund`).
    pub payouts_waiting: Vec<(String, i64)>,
    /// Telegram payments received and not yet applied or owed back.
    pub payments_unsettled: i64,
    /// Milestones by status, for `/stats`.
    pub milestones: Vec<(String, i64)>,
    /// People who wrote to the bot in the last seven days.
    pub active_this_week: i64,
}

impl Tx {
    pub async fn figures(&mut self, now: DateTime<Utc>) -> Result<Figures> {
        let inbox_open = "SELECT COUNT(*) FROM inbox WHERE done_at IS NULL AND failed_at IS NULL";
        let outbox = "SELECT COUNT(*), MIN(created_at) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL";
        let jobs = "SELECT COUNT(*), MIN(due_at) FROM jobs WHERE done_at IS NULL AND due_at <= $1";
        let escrow = "SELECT currency, CAST(SUM(amount_minor) AS BIGINT) FROM ledger_entries \
                      WHERE account_kind = 'escrow' GROUP BY currency ORDER BY currency";
        let disputes = "SELECT COUNT(*) FROM milestones WHERE status = 'disputed'";
        let to_confirm = "SELECT COUNT(*) FROM milestones WHERE status = 'payment_reported'";
        let payouts = "SELECT kind, COUNT(*) FROM withdrawals WHERE status = 'requested' GROUP BY kind ORDER BY kind";
        let unsettled = "SELECT COUNT(*) FROM payments WHERE outcome IS NULL";
        let milestones = "SELECT status, COUNT(*) FROM milestones GROUP BY status ORDER BY status";
        let active = "SELECT COUNT(*) FROM users WHERE updated_at >= $1";
        let week_ago = now - chrono::Duration::days(7);
        let (outbox_backlog, outbox_oldest): (i64, Option<DateTime<Utc>>) =
            on_conn!(self, |c| sqlx::query_as(outbox).fetch_one(c).await?);
        let (jobs_due, jobs_oldest_due): (i64, Option<DateTime<Utc>>) =
            on_conn!(self, |c| sqlx::query_as(jobs)
                .bind(now)
                .fetch_one(c)
                .await?);
        Ok(Figures {
            inbox_open: on_conn!(self, |c| sqlx::query_scalar(inbox_open)
                .fetch_one(c)
                .await?),
            outbox_backlog,
            outbox_oldest,
            jobs_due,
            jobs_oldest_due,
            escrow: on_conn!(self, |c| sqlx::query_as(escrow).fetch_all(c).await?),
            disputes_open: on_conn!(self, |c| sqlx::query_scalar(disputes).fetch_one(c).await?),
            payments_to_confirm: on_conn!(self, |c| sqlx::query_scalar(to_confirm)
                .fetch_one(c)
                .await?),
            payouts_waiting: on_conn!(self, |c| sqlx::query_as(payouts).fetch_all(c).await?),
            payments_unsettled: on_conn!(self, |c| sqlx::query_scalar(unsettled)
                .fetch_one(c)
                .await?),
            milestones: on_conn!(self, |c| sqlx::query_as(milestones).fetch_all(c).await?),
            active_this_week: on_conn!(self, |c| sqlx::query_scalar(active)
                .bind(week_ago)
                .fetch_one(c)
                .await?),
        })
    }
}

impl Store {
    /// Whether every migration this binary embeds has been applied, and nothing it does not know.
    pub async fn schema_is_current(&self) -> Result<bool> {
        let sql = "SELECT COUNT(*) FROM _sqlx_migrations WHERE success";
        let (applied, embedded): (i64, usize) = match self {
            Store::Sqlite { pool, .. } => (
                sqlx::query_scalar(sql).fetch_one(pool).await?,
                SQLITE_MIGRATIONS.iter().count(),
            ),
            Store::Postgres { pool, .. } => (
                sqlx::query_scalar(sql).fetch_one(pool).await?,
                POSTGRES_MIGRATIONS.iter().count(),
            ),
        };
        Ok(usize::try_from(applied).is_ok_and(|a| a == embedded))
    }

    /// Connections of the pool in use right now.
    pub fn connections_in_use(&self) -> u32 {
        match self {
            Store::Sqlite { pool, writer } => {
                pool.size().saturating_sub(pool.num_idle() as u32) + writer.in_use()
            }
            Store::Postgres { pool, writer } => {
                pool.size().saturating_sub(pool.num_idle() as u32) + writer.in_use()
            }
        }
    }
}
