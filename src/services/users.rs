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
    /// What groups read until one of their admins chooses (`DEREJA_LANGUAGE`).
    community_language: Language,
}

/// A user as an update shows them.
pub struct Seen<'a> {
    pub id: UserId,
    pub name: &'a str,
    /// Their @username, for an admin's `/find`.
    pub username: Option<&'a str>,
    pub language_code: Option<&'a str>,
}

impl Users {
    pub fn new(
        store: Store,
        clock: Arc<dyn Clock>,
        default_time_zone: TimeZone,
        community_language: Language,
    ) -> Self {
        Users {
            store,
            clock,
            default_time_zone,
            community_language,
        }
    }

    /// The stored user, created on first contact with the language Telegram reports; `true` if new. Most updates
    /// come from people the bot knows, unchanged: those cost a read, not a commit.
    pub async fn seen(&self, seen: Seen<'_>) -> Result<(User, bool), StoreError> {
        let mut tx = self.store.read().await?;
        let known = tx.seen_user(seen.id).await?;
        tx.commit().await?;
        let username = seen.username.map(str::to_lowercase);
        match known {
            Some(k) if k.user.name == seen.name && !k.unreachable && k.username == username => {
                Ok((k.user, false))
            }
            _ => self.record(seen).await,
        }
    }

    /// Writes what `seen` found new or changed.
    async fn record(&self, seen: Seen<'_>) -> Result<(User, bool), StoreError> {
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        let result = match tx.user(seen.id).await? {
            Some(mut user) => {
                tx.mark_reachable(user.id).await?;
                tx.remember_username(user.id, seen.username).await?;
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
                tx.remember_username(user.id, seen.username).await?;
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

    /// A user's name as the bot knows it.
    pub async fn name_of(&self, id: UserId) -> Result<Option<String>, StoreError> {
        let mut tx = self.store.read().await?;
        let found = tx.user(id).await?;
        tx.commit().await?;
        Ok(found.map(|u| u.name))
    }

    /// The language a group chat reads: its admins' choice, else the community's.
    pub async fn chat_language(&self, chat: i64) -> Result<Language, StoreError> {
        let mut tx = self.store.read().await?;
        let chosen = tx.chat_language(chat).await?;
        tx.commit().await?;
        Ok(chosen.unwrap_or(self.community_language))
    }

    /// Records a group admin's choice of the group's language (checking that they are an admin is the caller's
    /// part: it asks Telegram).
    pub async fn set_chat_language(
        &self,
        chat: i64,
        language: Language,
        by: UserId,
    ) -> Result<(), StoreError> {
        let mut tx = self.store.begin().await?;
        tx.set_chat_language(chat, language, by, self.clock.now())
            .await?;
        tx.commit().await
    }
}
