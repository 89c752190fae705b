//! Communities: groups a global admin registered, whose own administrators then decide on money for the orders
//! started there (see `dereja_domain::authority`). Groups listed in `DEREJA_COMMUNITIES` are registered by
//! configuration; the others by `/community on` in the group.

use super::ServiceError;
use super::inbox::finish_in;
use crate::clock::Clock;
use crate::store::Store;
use dereja_domain::{UserId, may_switch_community};
use std::sync::Arc;

#[derive(Clone)]
pub struct Communities {
    store: Store,
    clock: Arc<dyn Clock>,
    /// Registered by configuration, whatever the table says.
    configured: Arc<Vec<i64>>,
}

impl Communities {
    pub fn new(store: Store, clock: Arc<dyn Clock>, configured: Vec<i64>) -> Self {
        Communities {
            store,
            clock,
            configured: Arc::new(configured),
        }
    }

    pub async fn is_registered(&self, chat: i64) -> Result<bool, ServiceError> {
        if self.configured.contains(&chat) {
            return Ok(true);
        }
        let mut tx = self.store.begin_read().await?;
        let found = tx.is_community(chat).await?;
        tx.commit().await?;
        Ok(found)
    }

    /// Registers the group (`on`) or switches it off; only a global admin may (`global`).
    pub async fn switch(
        &self,
        chat: i64,
        on: bool,
        by: UserId,
        global: bool,
    ) -> Result<(), ServiceError> {
        may_switch_community(global)?;
        let mut tx = self.store.begin().await?;
        tx.set_community(chat, on, by, self.clock.now()).await?;
        finish_in(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The registered groups: by configuration, then by a global admin's `/community on`.
    pub async fn list(&self) -> Result<Vec<i64>, ServiceError> {
        let mut tx = self.store.begin_read().await?;
        let registered = tx.communities().await?;
        tx.commit().await?;
        let mut all: Vec<i64> = self.configured.to_vec();
        all.extend(registered.into_iter().map(|(chat, _, _)| chat));
        all.sort_unstable();
        all.dedup();
        Ok(all)
    }

    /// Whether an unregistered group should be told now (once) that the bot's admins decide for it.
    pub async fn tell_once(&self, chat: i64) -> Result<bool, ServiceError> {
        if self.is_registered(chat).await? {
            return Ok(false);
        }
        let mut tx = self.store.begin().await?;
        let first = tx.mark_told(chat, self.clock.now()).await?;
        tx.commit().await?;
        Ok(first)
    }
}
