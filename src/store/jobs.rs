//! The scheduler's jobs. The store keeps and claims them; what they are and when they are due is decided by the
//! domain's plan.

use super::{ROWS_PER_STATEMENT, Result, StoreError, Tx, on_conn};
use chrono::{DateTime, Utc};
use dereja_domain::StatusKind;
use serde::{Serialize, de::DeserializeOwned};
use sqlx::types::Json;

/// A job due now, claimed by this transaction.
pub struct DueJob<T> {
    pub key: String,
    pub due_at: DateTime<Utc>,
    /// `Err` when the stored payload no longer parses (set aside by the caller).
    pub payload: std::result::Result<T, String>,
}

#[derive(sqlx::FromRow)]
struct JobRow {
    key: String,
    due_at: DateTime<Utc>,
    payload: Json<serde_json::Value>,
}

impl Tx {
    /// Replaces an order's pending jobs with `planned` (key, due time, payload). Jobs already done are kept and
    /// never planned again: a done key is not inserted twice.
    pub async fn replace_jobs<T: Serialize>(
        &mut self,
        order: i64,
        planned: &[(String, DateTime<Utc>, T)],
        now: DateTime<Utc>,
    ) -> Result<()> {
        let delete = "DELETE FROM jobs WHERE order_id = $1 AND done_at IS NULL";
        on_conn!(self, |c| {
            sqlx::query(delete).bind(order).execute(&mut *c).await?;
        });
        self.insert_jobs(Some(order), planned, now).await
    }

    /// Adds a job unless one with the same key exists (pending or done).
    pub async fn add_job<T: Serialize>(
        &mut self,
        key: &str,
        order: Option<i64>,
        due_at: DateTime<Utc>,
        payload: &T,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.insert_jobs(order, &[(key.to_owned(), due_at, payload)], now)
            .await
    }

    /// Adds `jobs` (key, due time, payload) in one statement, each unless one with its key exists.
    async fn insert_jobs<T: Serialize>(
        &mut self,
        order: Option<i64>,
        jobs: &[(String, DateTime<Utc>, T)],
        now: DateTime<Utc>,
    ) -> Result<()> {
        for chunk in jobs.chunks(ROWS_PER_STATEMENT) {
            on_conn!(self, |c| {
                sqlx::QueryBuilder::new(
                    "INSERT INTO jobs (key, order_id, payload, due_at, created_at) ",
                )
                .push_values(chunk, |mut row, (key, due_at, payload)| {
                    row.push_bind(key)
                        .push_bind(order)
                        .push_bind(Json(payload))
                        .push_bind(*due_at)
                        .push_bind(now);
                })
                .push(" ON CONFLICT (key) DO NOTHING")
                .build()
                .execute(c)
                .await?;
            });
        }
        Ok(())
    }

    /// Claims up to `limit` pending jobs due by `now`, oldest first. On Postgres the rows stay locked until this
    /// transaction ends and other schedulers skip them; on SQLite the transaction is the only writer.
    pub async fn claim_due_jobs<T: DeserializeOwned>(
        &mut self,
        now: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<DueJob<T>>> {
        const DUE: &str = "SELECT key, due_at, payload FROM jobs WHERE done_at IS NULL AND due_at <= $1 \
                           ORDER BY due_at LIMIT $2";
        let rows: Vec<JobRow> = match self {
            Tx::Sqlite(tx) => {
                sqlx::query_as(DUE)
                    .bind(now)
                    .bind(limit)
                    .fetch_all(&mut **tx)
                    .await?
            }
            Tx::Postgres(tx) => {
                sqlx::query_as(&format!("{DUE} FOR UPDATE SKIP LOCKED"))
                    .bind(now)
                    .bind(limit)
                    .fetch_all(&mut **tx)
                    .await?
            }
        };
        Ok(rows
            .into_iter()
            .map(|r| DueJob {
                key: r.key,
                due_at: r.due_at,
                payload: serde_json::from_value(r.payload.0).map_err(|e| e.to_string()),
            })
            .collect())
    }

    pub async fn finish_job(&mut self, key: &str, now: DateTime<Utc>) -> Result<()> {
        let sql = "UPDATE jobs SET done_at = $1 WHERE key = $2";
        on_conn!(self, |c| {
            sqlx::query(sql).bind(now).bind(key).execute(c).await?;
        });
        Ok(())
    }

    /// Moves a pending job to a later moment (quiet hours, or a lease while a command runs).
    pub async fn postpone_job(&mut self, key: &str, until: DateTime<Utc>) -> Result<()> {
        let sql = "UPDATE jobs SET due_at = $1 WHERE key = $2 AND done_at IS NULL";
        on_conn!(self, |c| {
            sqlx::query(sql).bind(until).bind(key).execute(c).await?;
        });
        Ok(())
    }

    /// When the next pending job is due, if any.
    pub async fn next_job_due(&mut self) -> Result<Option<DateTime<Utc>>> {
        let sql = "SELECT MIN(due_at) FROM jobs WHERE done_at IS NULL";
        Ok(on_conn!(self, |c| sqlx::query_scalar(sql)
            .fetch_one(c)
            .await?))
    }

    /// Milestones waiting for an admin: (order, seq, status, since), oldest first.
    pub async fn milestones_waiting_for_admins(
        &mut self,
    ) -> Result<Vec<(i64, i64, StatusKind, DateTime<Utc>)>> {
        let sql = "SELECT order_id, seq, status, updated_at FROM milestones \
                   WHERE status IN ('disputed', 'payment_reported') ORDER BY updated_at";
        let rows: Vec<(i64, i64, String, DateTime<Utc>)> =
            on_conn!(self, |c| sqlx::query_as(sql).fetch_all(c).await?);
        rows.into_iter()
            .map(|(order, seq, status, since)| {
                let kind = StatusKind::parse(&status)
                    .ok_or_else(|| StoreError::Corrupt(format!("milestone status {status:?}")))?;
                Ok((order, seq, kind, since))
            })
            .collect()
    }
}
