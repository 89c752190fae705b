//! Who is talking to the bot, in which language, and whether an update was already handled.

use crate::clock::Clock;
use crate::store::{SeenUser, Store, StoreError};
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
#[derive(Clone, Copy)]
pub struct Seen<'a> {
    pub id: UserId,
    pub name: &'a str,
    /// Their @username, for an admin's `/find`.
    pub username: Option<&'a str>,
    pub language_code: Option<&'a str>,
}

/// The person behind an update as the inbox's claim read them, in its transaction, with the conversation of
/// `reader`'s chat: the handler needs no read of its own.
#[derive(Clone)]
pub struct Prefetched {
    /// The person and the chat whose conversation was read.
    pub reader: (UserId, i64),
    /// `None`: the bot does not know them yet.
    pub seen: Option<SeenUser>,
}

/// A person as the bot knows them when an update of theirs arrives.
pub struct Known {
    pub user: User,
    /// They wrote to the bot for the first time.
    pub first_contact: bool,
    /// Their conversation in the update's chat, read with them; `None` when it was not (a new or changed person,
    /// whose record was written instead).
    pub dialogue: Option<Option<serde_json::Value>>,
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
        let known = self.seen_in(seen, seen.id.0, None).await?;
        Ok((known.user, known.first_contact))
    }

    /// [`Users::seen`], with the conversation the bot holds in `chat` read in the same query, or taken from what
    /// the claim of the update read (`prefetched`) when that is this person in this chat.
    pub async fn seen_in(
        &self,
        seen: Seen<'_>,
        chat: i64,
        prefetched: Option<Prefetched>,
    ) -> Result<Known, StoreError> {
        let known = match prefetched {
            Some(p) if p.reader == (seen.id, chat) => p.seen,
            _ => {
                let mut tx = self.store.read().await?;
                let known = tx.seen_user(seen.id, chat).await?;
                tx.commit().await?;
                known
            }
        };
        let username = seen.username.map(str::to_lowercase);
        match known {
            Some(k) if k.user.name == seen.name && !k.unreachable && k.username == username => {
                Ok(Known {
                    user: k.user,
                    first_contact: false,
                    dialogue: Some(k.dialogue),
                })
            }
            _ => {
                let (user, first_contact) = self.record(seen).await?;
                Ok(Known {
                    user,
                    first_contact,
                    dialogue: None,
                })
            }
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
