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
