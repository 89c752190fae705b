//! Who is talking to the bot, in which language, and whether an update was already handled.

use crate::clock::Clock;
use crate::store::{Store, StoreError};
use dereja_domain::{Language, TimeZone, User, UserId};
use std::sync::Arc;

#[derive(Clone)]
pub struct Users {
    store: Store,
    clock: Arc<dyn Clock>,
    default_time_zone: TimeZone,
}

/// A user as an update shows them.
pub struct Seen<'a> {
    pub id: UserId,
    pub name: &'a str,
    pub language_code: Option<&'a str>,
}

impl Users {
    pub fn new(store: Store, clock: Arc<dyn Clock>, default_time_zone: TimeZone) -> Self {
        Users {
            store,
            clock,
            default_time_zone,
        }
    }

    /// The stored user, created on first contact with the language Telegram reports; `true` if new.
    pub async fn seen(&self, seen: Seen<'_>) -> Result<(User, bool), StoreError> {
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        let result = match tx.user(seen.id).await? {
            Some(mut user) => {
                tx.mark_reachable(user.id).await?;
                if user.name != seen.name {
                    user.name = seen.name.to_string();
                    tx.save_user(&user, now).await?;
                }
                (user, false)
            }
            None => {
                let user = User {
                    id: seen.id,
                    name: seen.name.to_string(),
                    language: crate::i18n::language_for(seen.language_code),
                    time_zone: self.default_time_zone,
                };
                tx.save_user(&user, now).await?;
                (user, true)
            }
        };
        tx.commit().await?;
        Ok(result)
    }

    pub async fn set_language(
        &self,
        id: UserId,
        language: Language,
    ) -> Result<Option<User>, StoreError> {
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        let Some(mut user) = tx.user(id).await? else {
            return Ok(None);
        };
        user.language = language;
        tx.save_user(&user, now).await?;
        tx.commit().await?;
        Ok(Some(user))
    }

    /// `true` the first time an update id is seen: Telegram can deliver an update twice.
    pub async fn first_delivery(&self, update_id: i64) -> Result<bool, StoreError> {
        let mut tx = self.store.begin().await?;
        let first = tx.claim_update(update_id, self.clock.now()).await?;
        tx.commit().await?;
        Ok(first)
    }
}
