//! Messages waiting to be sent. They are written in the same transaction as the change they announce, so a
//! failed send never undoes a state change and a crash never loses a notice; the sender delivers them in order
//! per chat.

use super::{ROWS_PER_STATEMENT, Result, Tx, on_conn};
use chrono::{DateTime, Utc};
use serde::{Serialize, de::DeserializeOwned};
use sqlx::types::Json;

/// A message due for sending.
pub struct Pending<T> {
    pub id: i64,
    pub chat_id: i64,
    pub attempts: i64,
    pub payload: T,
}

#[derive(sqlx::FromRow)]
struct PendingRow {
    id: i64,
    chat_id: i64,
    attempts: i64,
    payload: Json<serde_json::Value>,
}

impl PendingRow {
    /// The message, or its id if its payload no longer parses.
    fn parse<T: DeserializeOwned>(self) -> std::result::Result<Pending<T>, i64> {
        match serde_json::from_value(self.payload.0) {
            Ok(payload) => Ok(Pending {
                id: self.id,
                chat_id: self.chat_id,
                attempts: self.attempts,
                payload,
            }),
            Err(_) => Err(self.id),
        }
    }
}

impl Tx {
    /// Queues a message for `chat_id`.
    pub async fn enqueue<T: Serialize>(
        &mut self,
        chat_id: i64,
        payload: &T,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.enqueue_all(&[(chat_id, payload)], now).await
    }

    /// Queues `messages` (chat, payload), in their order, in one statement: a command's notices cost one round trip
    /// in the writer's turn, whatever their number.
    pub async fn enqueue_all<T: Serialize>(
        &mut self,
        messages: &[(i64, T)],
        now: DateTime<Utc>,
    ) -> Result<()> {
        for chunk in messages.chunks(ROWS_PER_STATEMENT) {
            on_conn!(self, |c| {
                sqlx::QueryBuilder::new(
                    "INSERT INTO outbox (chat_id, payload, created_at, not_before) ",
                )
                .push_values(chunk, |mut row, (chat_id, payload)| {
                    row.push_bind(*chat_id)
                        .push_bind(Json(payload))
                        .push_bind(now)
                        .push_bind(now);
                })
                .build()
                .execute(c)
                .await?;
            });
        }
        Ok(())
    }

    /// Claims the oldest unsent message of each chat, if it is due and nobody holds it, until `lease_until`: a
    /// chat's messages go out in the order written, and two senders (replicas) never take the same message. A
    /// sender that dies holding a message loses it for the lease only. A payload that no longer parses is
    /// returned as `Err` with its id, so the sender can set it aside.
    pub async fn claim_due_messages<T: DeserializeOwned>(
        &mut self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<std::result::Result<Pending<T>, i64>>> {
        // The oldest unsent message of each chat that is due and free; Postgres skips rows another sender is
        // claiming right now instead of waiting for them. `LIMIT 1 OFFSET 0`: as in the inbox's claim, each
        // candidate's look for an older message is a look-up of its own, never an anti-join over the whole index.
        const CLAIM: &str = "UPDATE outbox SET leased_until = $2 WHERE id IN ( \
            SELECT o.id FROM outbox o WHERE o.sent_at IS NULL AND o.failed_at IS NULL \
            AND o.not_before <= $1 AND (o.leased_until IS NULL OR o.leased_until <= $1) \
            AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.chat_id = o.chat_id AND e.id < o.id \
            AND e.sent_at IS NULL AND e.failed_at IS NULL LIMIT 1 OFFSET 0) \
            ORDER BY o.id LIMIT $3 {lock}) \
            AND (leased_until IS NULL OR leased_until <= $1) \
            RETURNING id, chat_id, attempts, payload";
        let sql = self.claim_sql(CLAIM);
        let mut rows: Vec<PendingRow> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(now)
            .bind(lease_until)
            .bind(limit)
            .fetch_all(c)
            .await?);
        rows.sort_by_key(|r| r.id);
        Ok(rows.into_iter().map(PendingRow::parse).collect())
    }

    /// Claims the oldest unsent message of each of `chats` until `lease_until`, if it is due and nobody holds it, in
    /// one statement: the next of chats whose message before it was just sent, by the sender that sent those (in the
    /// transaction that records them), so a chat's queue goes out without waiting for the next pass. No `SKIP
    /// LOCKED` here: skipping a row another sender is claiming would take the one behind it, out of order; the
    /// update waits for that claim and then finds the row leased, and takes nothing.
    pub async fn claim_next_in_chats<T: DeserializeOwned>(
        &mut self,
        chats: &[i64],
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<Vec<std::result::Result<Pending<T>, i64>>> {
        const SQL: &str = "UPDATE outbox SET leased_until = $3 WHERE id IN ( \
            SELECT (SELECT o.id FROM outbox o WHERE o.chat_id = c.chat AND o.sent_at IS NULL \
            AND o.failed_at IS NULL ORDER BY o.id LIMIT 1) FROM {chats}) \
            AND not_before <= $2 AND (leased_until IS NULL OR leased_until <= $2) \
            RETURNING id, chat_id, attempts, payload";
        if chats.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<PendingRow> = match self {
            Tx::Sqlite(c) => {
                let from = "(SELECT value AS chat FROM json_each($1)) AS c";
                sqlx::query_as(&SQL.replace("{chats}", from))
                    .bind(Json(chats))
                    .bind(now)
                    .bind(lease_until)
                    .fetch_all(&mut **c)
                    .await?
            }
            Tx::Postgres(c) => {
                sqlx::query_as(&SQL.replace("{chats}", "UNNEST($1::BIGINT[]) AS c (chat)"))
                    .bind(chats)
                    .bind(now)
                    .bind(lease_until)
                    .fetch_all(&mut **c)
                    .await?
            }
        };
        Ok(rows.into_iter().map(PendingRow::parse).collect())
    }

    /// When the next unsent message becomes due, if any: the earliest of each chat's first, as the others wait for
    /// it (counting theirs made the sender loop without pause while a chat had a queue). The look for an older
    /// unsent message is fenced as in the claim (see `claim_messages`): one look-up per unsent message.
    pub async fn next_message_due(&mut self) -> Result<Option<DateTime<Utc>>> {
        let sql = "SELECT MIN(CASE WHEN o.leased_until > o.not_before THEN o.leased_until ELSE o.not_before END) \
                   FROM outbox o WHERE o.sent_at IS NULL AND o.failed_at IS NULL \
                   AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.chat_id = o.chat_id AND e.id < o.id \
                   AND e.sent_at IS NULL AND e.failed_at IS NULL LIMIT 1 OFFSET 0)";
        Ok(on_conn!(self, |c| sqlx::query_scalar(sql)
            .fetch_one(c)
            .await?))
    }

    /// Marks messages sent, in one statement.
    pub async fn mark_sent(&mut self, ids: &[i64], now: DateTime<Utc>) -> Result<()> {
        let sql = "UPDATE outbox SET sent_at = $1, attempts = attempts + 1 WHERE id {in}";
        self.update_listed(sql, now, ids).await
    }

    /// Tries again at `until` (after a 429 or a network error).
    pub async fn postpone(&mut self, id: i64, until: DateTime<Utc>, error: &str) -> Result<()> {
        let sql = "UPDATE outbox SET not_before = $1, attempts = attempts + 1, last_error = $2, leased_until = NULL \
                   WHERE id = $3";
        on_conn!(self, |c| {
            sqlx::query(sql)
                .bind(until)
                .bind(error)
                .bind(id)
                .execute(c)
                .await?;
        });
        Ok(())
    }

    /// Telegram asked to slow down: tries again at `until`, without counting it as a failed attempt.
    pub async fn wait_for_rate_limit(&mut self, id: i64, until: DateTime<Utc>) -> Result<()> {
        let sql = "UPDATE outbox SET not_before = $1, leased_until = NULL WHERE id = $2";
        on_conn!(self, |c| {
            sqlx::query(sql).bind(until).bind(id).execute(c).await?;
        });
        Ok(())
    }

    /// Gives up on a message (the user blocked the bot or never started it); recorded, not retried.
    pub async fn mark_failed(&mut self, id: i64, now: DateTime<Utc>, error: &str) -> Result<()> {
        let sql = "UPDATE outbox SET failed_at = $1, attempts = attempts + 1, last_error = $2 WHERE id = $3";
        on_conn!(self, |c| {
            sqlx::query(sql)
                .bind(now)
                .bind(error)
                .bind(id)
                .execute(c)
                .await?;
        });
        Ok(())
    }
}
