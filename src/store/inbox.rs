//! Telegram may deliver an update twice (a retry after a timeout, a restart before the offset was confirmed):
//! each update id is handled once.

use super::{Result, Tx, on_conn};
use chrono::{DateTime, Utc};

impl Tx {
    /// Records `update_id`; `false` if it was already recorded, so the caller skips it.
    pub async fn claim_update(&mut self, update_id: i64, now: DateTime<Utc>) -> Result<bool> {
        let sql = "INSERT INTO processed_updates (update_id, processed_at) VALUES ($1, $2) \
                   ON CONFLICT (update_id) DO NOTHING";
        let inserted = on_conn!(self, |c| sqlx::query(sql)
            .bind(update_id)
            .bind(now)
            .execute(c)
            .await?
            .rows_affected());
        Ok(inserted == 1)
    }
}

impl Tx {
    /// Forgets update ids older than `before` (Telegram keeps an update for at most 24 hours, so an older id can
    /// never come back) and sent or given-up outbox rows older than `before`. Returns how many rows went.
    pub async fn prune(&mut self, before: DateTime<Utc>) -> Result<u64> {
        let updates = "DELETE FROM processed_updates WHERE processed_at < $1";
        let outbox = "DELETE FROM outbox WHERE (sent_at IS NOT NULL AND sent_at < $1) \
                      OR (failed_at IS NOT NULL AND failed_at < $1)";
        let mut removed = 0;
        for sql in [updates, outbox] {
            removed += on_conn!(self, |c| sqlx::query(sql)
                .bind(before)
                .execute(c)
                .await?
                .rows_affected());
        }
        Ok(removed)
    }
}
