//! teloxide's dialogue `Storage` over the application's own pool, so a conversation survives a restart and lives
//! in the same database as everything else (teloxide's own storages open a private pool).

use super::{Store, StoreError, on_conn};
use chrono::Utc;
use futures_util::future::BoxFuture;
use serde::{Serialize, de::DeserializeOwned};
use sqlx::types::Json;
use std::sync::Arc;
use teloxide::dispatching::dialogue::Storage;
use teloxide::types::ChatId;

pub struct DialogueStorage {
    store: Store,
}

impl DialogueStorage {
    pub fn new(store: Store) -> Arc<Self> {
        Arc::new(DialogueStorage { store })
    }
}

impl<D> Storage<D> for DialogueStorage
where
    D: Serialize + DeserializeOwned + Send + 'static,
{
    type Error = StoreError;

    fn remove_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
    ) -> BoxFuture<'static, Result<(), StoreError>> {
        Box::pin(async move {
            let mut tx = self.store.begin().await?;
            let sql = "DELETE FROM dialogues WHERE chat_id = $1";
            on_conn!(&mut tx, |c| {
                sqlx::query(sql).bind(chat_id.0).execute(c).await?;
            });
            tx.commit().await
        })
    }

    fn update_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
        dialogue: D,
    ) -> BoxFuture<'static, Result<(), StoreError>> {
        Box::pin(async move {
            let mut tx = self.store.begin().await?;
            let sql = "INSERT INTO dialogues (chat_id, state, updated_at) VALUES ($1, $2, $3) \
                       ON CONFLICT (chat_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at";
            on_conn!(&mut tx, |c| {
                sqlx::query(sql)
                    .bind(chat_id.0)
                    .bind(Json(&dialogue))
                    .bind(Utc::now())
                    .execute(c)
                    .await?;
            });
            tx.commit().await
        })
    }

    fn get_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
    ) -> BoxFuture<'static, Result<Option<D>, StoreError>> {
        Box::pin(async move {
            let mut tx = self.store.begin_read().await?;
            let sql = "SELECT state FROM dialogues WHERE chat_id = $1";
            let state: Option<Json<serde_json::Value>> =
                on_conn!(&mut tx, |c| sqlx::query_scalar(sql)
                    .bind(chat_id.0)
                    .fetch_optional(c)
                    .await?);
            tx.commit().await?;
            // A state written by an older version that no longer parses restarts the conversation.
            Ok(state.and_then(|s| match serde_json::from_value(s.0) {
                Ok(d) => Some(d),
                Err(e) => {
                    tracing::warn!(chat = chat_id.0, error = %e, "dropping a dialogue state that no longer parses");
                    None
                }
            }))
        })
    }
}
