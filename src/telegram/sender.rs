//! The sender, the edge's end of the outbox: delivers queued notices in order per chat, in each reader's language,
//! retrying after 429 and network errors, giving up (recorded) where Telegram says the person cannot be reached,
//! and then posting the notice in the order's group instead when there is one.

use super::keyboard::keyboard;
use crate::clock::Clock;
use crate::i18n::Text;
use crate::messages::{Fallback, Notice, Outgoing, Recipient, deep_link, invitation_link};
use crate::store::{Pending, Store, StoreError, Tx};
use chrono::{DateTime, Duration as ChronoDuration, Utc};
use dereja_domain::{Attachment, AttachmentKind, Language, TimeZone, UserId};
use std::sync::Arc;
use std::time::Duration;
use teloxide::payloads::{SendDocumentSetters, SendMessageSetters};
use teloxide::prelude::*;
use teloxide::types::{FileId, InputFile};
use teloxide::{ApiError, RequestError};
use tokio::sync::Notify;

/// Network errors are retried with growing pauses this many times.
const MAX_ATTEMPTS: i64 = 10;
const BATCH: i64 = 50;
/// How long a claimed message is reserved for the sender that claimed it: if that process dies before it
/// records the send, another sender (or the restarted one) takes the message after this long.
const LEASE: ChronoDuration = ChronoDuration::seconds(60);

#[derive(Clone)]
pub struct Sender {
    pub store: Store,
    pub bot: Bot,
    pub clock: Arc<dyn Clock>,
    pub wake: Arc<Notify>,
    /// For invitation links in "could not reach" notices.
    pub bot_username: String,
    /// Language and time zone of groups and the admin chat.
    pub community_language: Language,
    pub community_time_zone: TimeZone,
}

enum Sent {
    Ok,
    /// 429: wait as told; never given up.
    RateLimited(DateTime<Utc>),
    /// A network error or a 5xx: retried with growing pauses, up to [`MAX_ATTEMPTS`].
    RetryAt(DateTime<Utc>, String),
    Unreachable(String),
    Failed(String),
}

impl Sender {
    /// Sends until stopped; an error is logged and retried after a pause, never fatal.
    pub async fn run(self) {
        loop {
            let next = match self.send_due().await {
                Ok(0) => self.next_due().await,
                Ok(_) => continue,
                Err(e) => {
                    tracing::error!(error = %e, "outbox pass failed; retrying");
                    Some(self.clock.now() + ChronoDuration::seconds(5))
                }
            };
            let wait = next.map_or(Duration::from_secs(60), |at| {
                (at - self.clock.now()).to_std().unwrap_or(Duration::ZERO)
            });
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(wait.min(Duration::from_secs(60))) => {}
            }
        }
    }

    async fn next_due(&self) -> Option<DateTime<Utc>> {
        let mut tx = self.store.begin_read().await.ok()?;
        let next = tx.next_message_due().await.ok()?;
        tx.commit().await.ok()?;
        next
    }

    /// One pass: sends the oldest due message of every chat; returns how many rows it settled.
    pub async fn send_due(&self) -> Result<usize, StoreError> {
        let now = self.clock.now();
        let mut tx = self.store.begin().await?;
        let due: Vec<Result<Pending<Outgoing>, i64>> =
            tx.claim_due_messages(now, now + LEASE, BATCH).await?;
        tx.commit().await?;
        let settled = due.len();
        for item in due {
            let pending = match item {
                Ok(p) => p,
                Err(id) => {
                    let mut tx = self.store.begin().await?;
                    tx.mark_failed(id, now, "payload does not parse").await?;
                    tx.commit().await?;
                    continue;
                }
            };
            let outcome = self.send(&pending).await;
            let now = self.clock.now();
            let mut tx = self.store.begin().await?;
            match outcome {
                Sent::Ok => tx.mark_sent(pending.id, now).await?,
                Sent::RateLimited(at) => tx.wait_for_rate_limit(pending.id, at).await?,
                Sent::RetryAt(at, why) if pending.attempts + 1 < MAX_ATTEMPTS => {
                    tx.postpone(pending.id, at, &why).await?
                }
                Sent::RetryAt(_, why) | Sent::Failed(why) => {
                    tracing::warn!(id = pending.id, chat = pending.chat_id, error = %why, "message given up");
                    tx.mark_failed(pending.id, now, &why).await?;
                }
                Sent::Unreachable(why) => {
                    tracing::info!(chat = pending.chat_id, error = %why, "recipient cannot be reached");
                    tx.mark_failed(pending.id, now, &why).await?;
                    if let Recipient::User(user) = pending.payload.recipient()
                        && tx.mark_unreachable(user, now).await?
                    {
                        self.fall_back(&mut tx, user, pending.payload.fallback(), now)
                            .await?;
                    }
                }
            }
            tx.commit().await?;
        }
        Ok(settled)
    }

    /// Once per silence, someone hears that `user` cannot be reached: the order's group gets a pointer to the
    /// private chat (never the notice: it is private), or the other party gets the invitation link to pass on.
    async fn fall_back(
        &self,
        tx: &mut Tx,
        user: UserId,
        fallback: Fallback,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let notice = match fallback {
            Fallback::Group {
                chat_id,
                order: Some(order),
            } => {
                let name = tx.user(user).await?.map(|u| u.name).unwrap_or_default();
                let link = deep_link(&self.bot_username, &format!("order_{}", order.0));
                let text = Text::new("group-open-private")
                    .arg("name", name)
                    .arg("id", order.0)
                    .arg("link", link);
                Notice::new(Recipient::Chat(chat_id), text)
            }
            Fallback::OtherParty { order, user: other } => {
                let Some(token) = tx.invite_token(order).await? else {
                    return Ok(());
                };
                let text = Text::new("notice-unreachable")
                    .arg("id", order.0)
                    .arg("link", invitation_link(&self.bot_username, &token));
                Notice::new(Recipient::User(other), text)
            }
            Fallback::Group { order: None, .. } | Fallback::Nothing => return Ok(()),
        };
        tx.enqueue(notice.to.chat_id(), &Outgoing::Message(notice), now)
            .await
    }

    /// The reader's language and time zone.
    async fn reader(&self, to: Recipient) -> Result<(ChatId, Language, TimeZone), StoreError> {
        match to {
            Recipient::Chat(chat) => {
                let mut tx = self.store.begin_read().await?;
                let chosen = tx.chat_language(chat).await?;
                tx.commit().await?;
                Ok((
                    ChatId(chat),
                    chosen.unwrap_or(self.community_language),
                    self.community_time_zone,
                ))
            }
            Recipient::User(user) => {
                let mut tx = self.store.begin_read().await?;
                let found = tx.user(user).await?;
                tx.commit().await?;
                let (lang, tz) = found
                    .map_or((self.community_language, self.community_time_zone), |u| {
                        (u.language, u.time_zone)
                    });
                Ok((ChatId(user.0), lang, tz))
            }
        }
    }

    async fn send(&self, pending: &Pending<Outgoing>) -> Sent {
        let (chat, lang, tz) = match self.reader(pending.payload.recipient()).await {
            Ok(r) => r,
            Err(e) => {
                return Sent::RetryAt(self.clock.now() + ChronoDuration::seconds(5), e.to_string());
            }
        };
        let result = match &pending.payload {
            Outgoing::Message(notice) => {
                let text = notice.text.render_for(lang, tz);
                let mut request = self.bot.send_message(chat, text);
                if !notice.buttons.is_empty() {
                    request = request.reply_markup(keyboard(&notice.buttons, lang));
                }
                request.await.map(|_| ())
            }
            Outgoing::File { attachment, .. } => send_file(&self.bot, chat, attachment).await,
        };
        match result {
            Ok(()) => Sent::Ok,
            Err(RequestError::RetryAfter(seconds)) => {
                let wait = ChronoDuration::from_std(seconds.duration())
                    .unwrap_or(ChronoDuration::seconds(1));
                Sent::RateLimited(self.clock.now() + wait)
            }
            Err(RequestError::Api(e)) if unreachable(&e) => Sent::Unreachable(e.to_string()),
            Err(RequestError::Api(e)) if server_side(&e) => {
                Sent::RetryAt(self.clock.now() + backoff(pending.attempts), e.to_string())
            }
            Err(RequestError::Api(e)) => Sent::Failed(e.to_string()),
            Err(e) => Sent::RetryAt(self.clock.now() + backoff(pending.attempts), e.to_string()),
        }
    }
}

/// 1 s, 2 s, 4 s, ... at most about 4 minutes between tries.
fn backoff(attempts: i64) -> ChronoDuration {
    ChronoDuration::seconds(2i64.pow(attempts.clamp(0, 8) as u32))
}

/// Telegram's own trouble (500, 502, 503, 504): worth trying again.
fn server_side(e: &ApiError) -> bool {
    match e {
        ApiError::Unknown(text) => [
            "Internal Server Error",
            "Bad Gateway",
            "Service Unavailable",
            "Gateway Timeout",
        ]
        .iter()
        .any(|s| text.contains(s)),
        _ => false,
    }
}

/// Telegram's "this person cannot get messages from you" errors.
fn unreachable(e: &ApiError) -> bool {
    match e {
        ApiError::BotBlocked | ApiError::CantInitiateConversation | ApiError::UserDeactivated => {
            true
        }
        ApiError::Unknown(text) => {
            text.contains("can't initiate conversation") || text.contains("Forbidden")
        }
        _ => false,
    }
}

async fn send_file(bot: &Bot, chat: ChatId, attachment: &Attachment) -> Result<(), RequestError> {
    let file = InputFile::file_id(FileId(attachment.file_id.clone()));
    match attachment.kind {
        AttachmentKind::Photo => bot.send_photo(chat, file).await.map(|_| ()),
        AttachmentKind::Video => bot.send_video(chat, file).await.map(|_| ()),
        AttachmentKind::Audio => bot.send_audio(chat, file).await.map(|_| ()),
        AttachmentKind::Voice => bot.send_voice(chat, file).await.map(|_| ()),
        AttachmentKind::Document => bot
            .send_document(chat, file)
            .disable_content_type_detection(true)
            .await
            .map(|_| ()),
    }
}
