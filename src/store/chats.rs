//! Group chats' settings: the language the bot writes in there.

use super::{Result, StoreError, Tx, on_conn};
use chrono::{DateTime, Utc};
use dereja_domain::{Language, UserId};
use sqlx::types::Json;

impl Tx {
    pub async fn chat_language(&mut self, chat: i64) -> Result<Option<Language>> {
        let sql = "SELECT language FROM chats WHERE id = $1";
        let found: Option<String> = on_conn!(self, |c| sqlx::query_scalar(sql)
            .bind(chat)
            .fetch_optional(c)
            .await?);
        found
            .map(|l| l.parse().map_err(StoreError::Corrupt))
            .transpose()
    }

    /// The languages chosen in those of `chats` that chose one, in one statement.
    pub async fn chat_languages(&mut self, chats: &[i64]) -> Result<Vec<(i64, Language)>> {
        const SQL: &str = "SELECT id, language FROM chats WHERE id {in}";
        if chats.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<(i64, String)> = match self {
            Tx::Sqlite(c) => {
                sqlx::query_as(&SQL.replace("{in}", "IN (SELECT value FROM json_each($1))"))
                    .bind(Json(chats))
                    .fetch_all(&mut **c)
                    .await?
            }
            Tx::Postgres(c) => {
                sqlx::query_as(&SQL.replace("{in}", "= ANY($1)"))
                    .bind(chats)
                    .fetch_all(&mut **c)
                    .await?
            }
        };
        rows.into_iter()
            .map(|(chat, l)| Ok((chat, l.parse().map_err(StoreError::Corrupt)?)))
            .collect()
    }

    pub async fn set_chat_language(
        &mut self,
        chat: i64,
        language: Language,
        by: UserId,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let sql = "INSERT INTO chats (id, language, set_by, updated_at) VALUES ($1, $2, $3, $4) \
                   ON CONFLICT (id) DO UPDATE SET language = excluded.language, set_by = excluded.set_by, \
                   updated_at = excluded.updated_at";
        on_conn!(self, |c| {
            sqlx::query(sql)
                .bind(chat)
                .bind(language.code())
                .bind(by.0)
                .bind(now)
                .execute(c)
                .await?;
        });
        Ok(())
    }
}
