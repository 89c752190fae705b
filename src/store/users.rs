//! Users as the bot knows them: name, language and time zone.

use super::{Result, StoreError, Tx, on_conn};
use chrono::{DateTime, Utc};
use dereja_domain::{User, UserId};

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    name: String,
    language: String,
    time_zone: String,
}

impl UserRow {
    fn into_domain(self) -> Result<User> {
        Ok(User {
            id: UserId(self.id),
            name: self.name,
            language: self.language.parse().map_err(StoreError::Corrupt)?,
            time_zone: self.time_zone.parse().map_err(StoreError::Corrupt)?,
        })
    }
}

impl Tx {
    /// Saves a user's choices (language, time zone).
    pub async fn save_user(&mut self, user: &User, now: DateTime<Utc>) -> Result<()> {
        let sql = "INSERT INTO users (id, name, language, time_zone, created_at, updated_at) \
                   VALUES ($1, $2, $3, $4, $5, $5) \
                   ON CONFLICT (id) DO UPDATE SET name = excluded.name, language = excluded.language, \
                   time_zone = excluded.time_zone, updated_at = excluded.updated_at";
        on_conn!(self, |c| {
            sqlx::query(sql)
                .bind(user.id.0)
                .bind(&user.name)
                .bind(user.language.code())
                .bind(user.time_zone.to_string())
                .bind(now)
                .execute(c)
                .await?;
        });
        Ok(())
    }

    /// When the bot first met the user.
    pub async fn user_since(&mut self, id: UserId) -> Result<Option<DateTime<Utc>>> {
        let sql = "SELECT created_at FROM users WHERE id = $1";
        Ok(on_conn!(self, |c| sqlx::query_scalar(sql)
            .bind(id.0)
            .fetch_optional(c)
            .await?))
    }

    pub async fn user(&mut self, id: UserId) -> Result<Option<User>> {
        let sql = "SELECT id, name, language, time_zone FROM users WHERE id = $1";
        let row: Option<UserRow> = on_conn!(self, |c| sqlx::query_as(sql)
            .bind(id.0)
            .fetch_optional(c)
            .await?);
        row.map(UserRow::into_domain).transpose()
    }
}

impl Tx {
    /// Records that Telegram refuses messages to `user`; `true` if they were reachable until now.
    pub async fn mark_unreachable(&mut self, user: UserId, now: DateTime<Utc>) -> Result<bool> {
        let sql =
            "UPDATE users SET unreachable_since = $1 WHERE id = $2 AND unreachable_since IS NULL";
        let changed = on_conn!(self, |c| sqlx::query(sql)
            .bind(now)
            .bind(user.0)
            .execute(c)
            .await?
            .rows_affected());
        Ok(changed == 1)
    }

    /// The user wrote to the bot: messages reach them again.
    pub async fn mark_reachable(&mut self, user: UserId) -> Result<()> {
        let sql = "UPDATE users SET unreachable_since = NULL WHERE id = $1 AND unreachable_since IS NOT NULL";
        on_conn!(self, |c| {
            sqlx::query(sql).bind(user.0).execute(c).await?;
        });
        Ok(())
    }
}
