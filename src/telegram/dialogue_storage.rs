//! teloxide's dialogue `Storage` over the application's own store, so a conversation survives a restart and lives
//! in the same database as everything else (teloxide's own storages open a private pool). Saving a step marks the
//! update being handled done in the same transaction.

use crate::services::inbox::mark_handled_in;
use crate::store::{Store, StoreError};
use chrono::Utc;
use futures_util::future::BoxFuture;
use serde::{Serialize, de::DeserializeOwned};
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
            tx.remove_dialogue(chat_id.0).await?;
            mark_handled_in(&mut tx).await?;
            tx.commit().await
        })
    }

    fn update_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
        dialogue: D,
    ) -> BoxFuture<'static, Result<(), StoreError>> {
        Box::pin(async move {
            let state = serde_json::to_value(&dialogue)
                .map_err(|e| StoreError::Corrupt(format!("dialogue state: {e}")))?;
            let mut tx = self.store.begin().await?;
            tx.set_dialogue(chat_id.0, &state, Utc::now()).await?;
            mark_handled_in(&mut tx).await?;
            tx.commit().await
        })
    }

    fn get_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
    ) -> BoxFuture<'static, Result<Option<D>, StoreError>> {
        Box::pin(async move {
            let mut tx = self.store.read().await?;
            let state = tx.dialogue(chat_id.0).await?;
            tx.commit().await?;
            Ok(state.and_then(|s| parse(chat_id, s)))
        })
    }
}

/// A stored state as `D`. One written by an older version that no longer parses restarts the conversation.
pub fn parse<D: DeserializeOwned>(chat_id: ChatId, state: serde_json::Value) -> Option<D> {
    match serde_json::from_value(state) {
        Ok(d) => Some(d),
        Err(e) => {
            tracing::warn!(chat = chat_id.0, error = %e, "dropping a dialogue state that no longer parses");
            None
        }
    }
}
