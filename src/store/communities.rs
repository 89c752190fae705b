//! Groups registered as communities, and groups told once that they are not one.

use super::{Result, Tx, on_conn};
use chrono::{DateTime, Utc};
use dereja_domain::UserId;

impl Tx {
    /// Registers (`active`) or switches off a community.
    pub async fn set_community(
        &mut self,
        chat: i64,
        active: bool,
        by: UserId,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let sql = "INSERT INTO communities (chat_id, active, changed_by, changed_at) VALUES ($1, $2, $3, $4) \
                   ON CONFLICT (chat_id) DO UPDATE SET active = excluded.active, \
                   changed_by = excluded.changed_by, changed_at = excluded.changed_at";
        on_conn!(self, |c| {
            sqlx::query(sql)
                .bind(chat)
                .bind(active)
                .bind(by.0)
                .bind(now)
                .execute(c)
                .await?;
        });
        Ok(())
    }

    pub async fn is_community(&mut self, chat: i64) -> Result<bool> {
        let sql = "SELECT active FROM communities WHERE chat_id = $1";
        let found: Option<bool> = on_conn!(self, |c| sqlx::query_scalar(sql)
            .bind(chat)
            .fetch_optional(c)
            .await?);
        Ok(found.unwrap_or(false))
    }

    /// The registered communities, with who registered each and when.
    pub async fn communities(&mut self) -> Result<Vec<(i64, Option<i64>, DateTime<Utc>)>> {
        let sql = "SELECT chat_id, changed_by, changed_at FROM communities WHERE active = $1 ORDER BY chat_id";
        Ok(on_conn!(self, |c| sqlx::query_as(sql)
            .bind(true)
            .fetch_all(c)
            .await?))
    }

    /// Records that the group was told it is not a community; `false` if it was told before.
    pub async fn mark_told(&mut self, chat: i64, now: DateTime<Utc>) -> Result<bool> {
        let sql = "INSERT INTO communities (chat_id, active, changed_at, told_at) VALUES ($1, $2, $3, $3) \
                   ON CONFLICT (chat_id) DO UPDATE SET told_at = excluded.told_at \
                   WHERE communities.told_at IS NULL";
        let changed = on_conn!(self, |c| sqlx::query(sql)
            .bind(chat)
            .bind(false)
            .bind(now)
            .execute(c)
            .await?
            .rows_affected());
        Ok(changed == 1)
    }
}
