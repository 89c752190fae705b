//! The durable inbox: updates as Telegram sent them, stored before they are acknowledged and handled from here.
//! Telegram may deliver an update twice (a retry after a timeout, a restart before the offset was confirmed): the
//! update id is the key, so it is stored, and handled, once.

use super::{Result, Tx, on_conn};
use chrono::{DateTime, Utc};
use dereja_domain::UserId;
use sqlx::types::Json;

/// An update to store: its id, the chat whose updates are handled in order with it, its JSON, and who it is
/// from and the chat of the conversation it continues (none for an update nobody sent, such as a payment check).
#[derive(Clone)]
pub struct Incoming {
    pub update_id: i64,
    pub chat_id: i64,
    pub payload: String,
    pub reader: Option<(UserId, i64)>,
}

/// An update claimed for handling, with the attempts so far (this one included).
#[derive(sqlx::FromRow)]
pub struct Claimed {
    pub update_id: i64,
    pub chat_id: i64,
    pub attempts: i64,
    pub payload: String,
    reader_id: Option<i64>,
    reader_chat: Option<i64>,
}

impl Claimed {
    pub(super) fn new(
        update_id: i64,
        chat_id: i64,
        attempts: i64,
        payload: String,
        reader: Option<(i64, i64)>,
    ) -> Claimed {
        Claimed {
            update_id,
            chat_id,
            attempts,
            payload,
            reader_id: reader.map(|(user, _)| user),
            reader_chat: reader.map(|(_, chat)| chat),
        }
    }

    /// Who the update is from, and the chat of the conversation it continues, if it was stored with them.
    pub fn reader(&self) -> Option<(UserId, i64)> {
        Some((UserId(self.reader_id?), self.reader_chat?))
    }
}

impl Tx {
    /// Stores the updates not stored yet; returns how many were new. One statement for the whole batch, prepared once
    /// for any size (arrays on Postgres, a JSON array on SQLite): a batch costs a round trip, not one per update.
    pub async fn store_updates(&mut self, updates: &[Incoming], now: DateTime<Utc>) -> Result<u64> {
        if updates.is_empty() {
            return Ok(0);
        }
        let conn = match self {
            Tx::Sqlite(conn) => conn,
            Tx::Postgres(conn) => {
                let sql = "INSERT INTO inbox (update_id, chat_id, payload, received_at, reader_id, reader_chat) \
                           SELECT u, c, p, $4, r, rc \
                           FROM UNNEST($1::BIGINT[], $2::BIGINT[], $3::TEXT[], $5::BIGINT[], $6::BIGINT[]) \
                           AS t (u, c, p, r, rc) \
                           ON CONFLICT (update_id) DO NOTHING";
                let column = |f: fn(&Incoming) -> i64| updates.iter().map(f).collect::<Vec<_>>();
                let readers = |f: fn((UserId, i64)) -> i64| {
                    updates.iter().map(|u| u.reader.map(f)).collect::<Vec<_>>()
                };
                let payloads: Vec<&str> = updates.iter().map(|u| u.payload.as_str()).collect();
                let done = sqlx::query(sql)
                    .bind(column(|u| u.update_id))
                    .bind(column(|u| u.chat_id))
                    .bind(payloads)
                    .bind(now)
                    .bind(readers(|(user, _)| user.0))
                    .bind(readers(|(_, chat)| chat))
                    .execute(&mut **conn)
                    .await?;
                return Ok(done.rows_affected());
            }
        };
        // `WHERE true`: SQLite's grammar needs it before `ON CONFLICT` after a `SELECT`.
        let sql = "INSERT INTO inbox (update_id, chat_id, payload, received_at, reader_id, reader_chat) \
                   SELECT value ->> 0, value ->> 1, value ->> 2, $2, value ->> 3, value ->> 4 \
                   FROM json_each($1) WHERE true ON CONFLICT (update_id) DO NOTHING";
        let rows: Vec<_> = updates
            .iter()
            .map(|u| {
                let (user, chat) = u.reader.map(|(user, chat)| (user.0, chat)).unzip();
                (u.update_id, u.chat_id, &u.payload, user, chat)
            })
            .collect();
        let done = sqlx::query(sql)
            .bind(Json(rows))
            .bind(now)
            .execute(&mut **conn)
            .await?;
        Ok(done.rows_affected())
    }

    /// The highest update id stored, done or not: polling goes on after it.
    pub async fn last_update_id(&mut self) -> Result<Option<i64>> {
        let sql = "SELECT MAX(update_id) FROM inbox";
        Ok(on_conn!(self, |c| sqlx::query_scalar(sql)
            .fetch_one(c)
            .await?))
    }

    /// Claims the oldest open update of each chat, if nobody holds it and it is not waiting to retry, until
    /// `lease_until`, counting the attempt. A chat's next update waits until this one is done or given up, so one
    /// chat's updates are handled in the order Telegram sent them, by any number of workers.
    pub async fn claim_updates(
        &mut self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<Claimed>> {
        // Walks the open updates oldest first (an index of those only) and keeps each that has no older open one
        // in its chat: the cost grows with what waits, not with the handled updates kept. `LIMIT 1 OFFSET 0` keeps
        // Postgres from turning the look for an older one into an anti-join, which on a table analyzed while it was
        // empty it planned as a scan of the whole index of open updates for each candidate (handled rows' entries
        // included until a vacuum); as it stands, each candidate is one look-up with its chat and id.
        const CLAIM: &str = "UPDATE inbox SET not_before = $2, attempts = attempts + 1 WHERE update_id IN ( \
            SELECT i.update_id FROM inbox i WHERE i.done_at IS NULL AND i.failed_at IS NULL \
            AND (i.not_before IS NULL OR i.not_before <= $1) \
            AND NOT EXISTS (SELECT 1 FROM inbox e WHERE e.chat_id = i.chat_id AND e.update_id < i.update_id \
            AND e.done_at IS NULL AND e.failed_at IS NULL LIMIT 1 OFFSET 0) \
            ORDER BY i.update_id LIMIT $3 {lock}) \
            AND (not_before IS NULL OR not_before <= $1) \
            RETURNING update_id, chat_id, attempts, payload, reader_id, reader_chat";
        let sql = self.claim_sql(CLAIM);
        let mut rows: Vec<Claimed> = on_conn!(self, |c| sqlx::query_as(&sql)
            .bind(now)
            .bind(lease_until)
            .bind(limit)
            .fetch_all(c)
            .await?);
        rows.sort_by_key(|r| r.update_id);
        Ok(rows)
    }

    /// Which of `chats` hold more than one open update: there, the end of the one being handled frees the next.
    pub async fn chats_with_more(&mut self, chats: &[i64]) -> Result<Vec<i64>> {
        if chats.is_empty() {
            return Ok(Vec::new());
        }
        // Counts in the index of open updates, which holds only what waits or is being handled.
        const SQL: &str = "SELECT chat_id FROM inbox WHERE done_at IS NULL AND failed_at IS NULL \
                           AND chat_id {in} GROUP BY chat_id HAVING COUNT(*) > 1";
        Ok(match self {
            Tx::Sqlite(c) => {
                sqlx::query_scalar(&SQL.replace("{in}", "IN (SELECT value FROM json_each($1))"))
                    .bind(Json(chats))
                    .fetch_all(&mut **c)
                    .await?
            }
            Tx::Postgres(c) => {
                sqlx::query_scalar(&SQL.replace("{in}", "= ANY($1)"))
                    .bind(chats)
                    .fetch_all(&mut **c)
                    .await?
            }
        })
    }

    /// Marks updates handled, in one statement. Idempotent: the handler's own transaction may have marked one
    /// already.
    pub async fn finish_updates(&mut self, update_ids: &[i64], now: DateTime<Utc>) -> Result<()> {
        let sql = "UPDATE inbox SET done_at = $1 WHERE done_at IS NULL AND update_id {in}";
        self.update_listed(sql, now, update_ids).await
    }

    /// Records a failed attempt: retried from `retry_at`, or, with `None`, given up and kept.
    pub async fn fail_update(
        &mut self,
        update_id: i64,
        now: DateTime<Utc>,
        retry_at: Option<DateTime<Utc>>,
        error: &str,
    ) -> Result<()> {
        let sql = "UPDATE inbox SET not_before = $2, last_error = $3, \
                   failed_at = CASE WHEN $2 IS NULL THEN $4 ELSE NULL END \
                   WHERE update_id = $1 AND done_at IS NULL";
        on_conn!(self, |c| sqlx::query(sql)
            .bind(update_id)
            .bind(retry_at)
            .bind(error)
            .bind(now)
            .execute(c)
            .await?
            .rows_affected());
        Ok(())
    }

    /// The updates given up on since `since`, oldest first.
    pub async fn failed_updates(&mut self, since: DateTime<Utc>) -> Result<Vec<i64>> {
        let sql = "SELECT update_id FROM inbox WHERE failed_at >= $1 ORDER BY update_id";
        Ok(on_conn!(self, |c| sqlx::query_scalar(sql)
            .bind(since)
            .fetch_all(c)
            .await?))
    }
}

impl Tx {
    /// Forgets handled updates and sent or given-up outbox rows older than `before`; updates given up on stay for
    /// the admins. Returns how many rows went.
    pub async fn prune(&mut self, before: DateTime<Utc>) -> Result<u64> {
        let inbox = "DELETE FROM inbox WHERE done_at IS NOT NULL AND done_at < $1";
        let outbox = "DELETE FROM outbox WHERE (sent_at IS NOT NULL AND sent_at < $1) \
                      OR (failed_at IS NOT NULL AND failed_at < $1)";
        let mut removed = 0;
        for sql in [inbox, outbox] {
            removed += on_conn!(self, |c| sqlx::query(sql)
                .bind(before)
                .execute(c)
                .await?
                .rows_affected());
        }
        Ok(removed)
    }
}
