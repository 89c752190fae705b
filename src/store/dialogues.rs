//! The dialogue table: one conversation state (JSON) per chat, in the same database as everything else. The
//! Telegram edge wraps it in teloxide's dialogue `Storage`.

use super::{StoreError, Tx, on_conn};
use chrono::{DateTime, Utc};
use sqlx::types::Json;

impl Tx {
    pub async fn dialogue(
        &mut self,
        chat_id: i64,
    ) -> Result<Option<serde_json::Value>, StoreError> {
        let sql = "SELECT state FROM dialogues WHERE chat_id = $1";
        let state: Option<Json<serde_json::Value>> = on_conn!(self, |c| sqlx::query_scalar(sql)
            .bind(chat_id)
            .fetch_optional(c)
            .await?);
        Ok(state.map(|s| s.0))
    }

    pub async fn set_dialogue(
        &mut self,
        chat_id: i64,
        state: &serde_json::Value,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let sql = "INSERT INTO dialogues (chat_id, state, updated_at) VALUES ($1, $2, $3) \
                   ON CONFLICT (chat_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at";
        on_conn!(self, |c| {
            sqlx::query(sql)
                .bind(chat_id)
                .bind(Json(state))
                .bind(now)
                .execute(c)
                .await?;
        });
        Ok(())
    }

    pub async fn remove_dialogue(&mut self, chat_id: i64) -> Result<(), StoreError> {
        let sql = "DELETE FROM dialogues WHERE chat_id = $1";
        on_conn!(self, |c| {
            sqlx::query(sql).bind(chat_id).execute(c).await?;
        });
        Ok(())
    }
}
